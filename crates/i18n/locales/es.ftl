# La interfaz de Colloquy en español. Los mismos mensajes que en.ftl.

## The chat page: header and messages

menu = Menú
copy-all = Copiar todo
    .title = Copiar toda la conversación
conversation = Conversación
not-found-conversation = No se encontró esta conversación.
not-found-folder = No se encontró esta carpeta.
not-found-why = Quizá se eliminó, o pertenece a otra persona.
start-new-chat = Empezar un chat nuevo
model = Modelo
jump-to-latest = ↓ Ir a lo más reciente
theme-light = Cambiar al tema claro
theme-dark = Cambiar al tema oscuro
show-earlier = Mostrar mensajes anteriores ({ $count ->
        [one] { $count } mensaje antes de estos
       *[other] { $count } mensajes antes de estos
    })
copied = Copiado
copy-failed = No se pudo copiar
copy = Copiar
    .message = Copiar este mensaje
reply-loading = Cargando el modelo…
reply-queued = Posición { $position } en la cola…
reply-stopped = Detenido.
reply-interrupted = Interrumpido: { $why }
edit = Editar
    .title = Editar este mensaje y obtener una respuesta nueva
thought-briefly = Pensó menos de un segundo
thought-for = Pensó { $seconds } s
thinking-now = Pensando…
thinking = Razonamiento
retry = Regenerar
    .title = Generar de nuevo esta respuesta
feedback-thanks = Gracias por tu opinión.
feedback-comment = Comentario sobre la respuesta
    .placeholder = ¿Qué estuvo bien o mal en esta respuesta? (opcional)
feedback-send = Enviar opinión
edit-message = Editar mensaje
edit-save = Guardar y regenerar
cancel = Cancelar
like = Me gusta
dislike = No me gusta

## The composer

message = Mensaje
    .placeholder = Escribe un mensaje… (Intro para enviar, Mayús+Intro para una línea nueva)
send = Enviar
stop = Detener
undo = Deshacer
    .title = Quitar el último turno y devolver tu mensaje al cuadro
attach = Adjuntar archivos
    .title = Adjuntar archivos (o arrastrarlos o pegarlos)

## The sidebar

conversations = Conversaciones
    .show = Mostrar conversaciones
new-chat = + Chat nuevo
all-bots = Todos los bots
playground = Zona de pruebas
search = Buscar en las conversaciones
search-in = Buscar en { $folder }
search-results = Resultados de búsqueda
search-nothing = No se encontró nada para «{ $query }».
search-matches = { $count ->
        [one] { $count } resultado
       *[other] { $count } resultados
    }
import = Importar una conversación
    .file = Conversación exportada (JSON)
    .button = Importar
api-keys = Claves de API
pinned = Fijada:
conversation-options = Opciones de { $title }
rename = Renombrar
    .field = Título nuevo
delete = Eliminar
    .open = Eliminar…
    .question = ¿Eliminar esta conversación para siempre?

## Folders and pins

folders = Carpetas
    .all = Todas las conversaciones
folder-new = Carpeta nueva
    .name = Nombre de la carpeta nueva
    .add = Añadir
folder-options = Opciones de la carpeta { $folder }
folder-rename = Renombrar
    .field = Nombre nuevo de la carpeta
folder-delete = Eliminar carpeta
    .open = Eliminar carpeta…
    .question = ¿Eliminar esta carpeta? Sus conversaciones se conservan y vuelven a la lista.
pin = Fijar arriba
unpin = Dejar de fijar
folder = Carpeta
    .none = Sin carpeta
    .move = Mover

## Sharing and export

share = Compartir / exportar
export-markdown = Exportar como Markdown
export-json = Exportar como JSON
share-link = Cualquiera con este enlace puede leer esta conversación:
    .once = Cópialo ahora: no se volverá a mostrar.
share-shared = Cualquiera con el enlace de solo lectura de esta conversación puede leerla.
share-renew = Crear un enlace nuevo (el anterior dejará de funcionar)
share-stop = Dejar de compartir
share-create = Crear un enlace de solo lectura

## Attachments

file-too-many = Un mensaje puede llevar como máximo { $max } archivos.
file-kind = { $name } no es un tipo de archivo que acepte este chat ({ $kinds }).
file-too-big = { $name } ocupa { $size }; el límite es { $limit }.
kind-image = imagen
kind-text = texto
kind-audio = audio
upload-failed = La subida falló; revisa tu conexión y vuelve a intentarlo.
    .status = La subida falló (HTTP { $status }).
attached-files = Archivos adjuntos
uploading = Subiendo…
file-remove = Quitar { $name }

## Read aloud, dictation and the recorder

read-aloud = Leer en voz alta
    .title = Leer esta respuesta en voz alta; pulsa de nuevo para detener
    .code = Bloque de código, no se lee.
    .formula = fórmula
dictate = Dictar
    .title = Dictar: habla y se escribe; pulsa de nuevo para detener
dictate-stopped = El dictado se detuvo: { $why }.
dictate-failed = No se pudo iniciar el reconocimiento de voz.
dictate-missing = Este navegador no tiene reconocimiento de voz.
record = Grabar audio
    .title = Grabar un mensaje de voz
record-stop = Detener la grabación
    .title = Detener la grabación y adjuntarla
record-no-microphone = No se pudo usar el micrófono; permítelo en el navegador, o adjunta un archivo de audio.
record-unreadable = No se pudo leer la grabación; vuelve a intentarlo, o adjunta un archivo de audio.

## Settings, versions and Compare

settings = Ajustes
versions = Versiones
    .previous = Versión anterior
    .next = Versión siguiente
version-failed = No se pudo mostrar esa versión: { $why }
compare = Comparar
    .title = Enviar este mensaje a dos modelos y comparar sus respuestas
    .group = Comparar dos respuestas
compare-second = Segunda respuesta de
compare-send = Enviar a ambos
compare-answer = Respuesta { $number }: { $model }
compare-choose = Usar esta respuesta
compare-choose-failed = No se pudo elegir esa respuesta: { $why }

## What the conversation says

reply-cut-off = La respuesta se cortó antes de terminar.
reply-failed = La respuesta falló.
earlier-failed = No se pudieron leer los mensajes anteriores: { $why }
message-too-long = Este mensaje ocupa { $length } bytes; el límite es { $limit } bytes. Acórtalo o divídelo en partes.
model-cannot-read = { $model } no puede leer archivos de { $kind } como { $name }; elige un modelo que pueda, o quita el archivo.
files-wait = Espera a que terminen de subirse los archivos.
files-failed = Quita los archivos que no se pudieron subir.
new-chat-title = Chat nuevo
undo-failed = No se pudo quitar el turno de la conversación guardada
connection-failed = La conexión falló: { $why }
connection-ended = La conexión terminó antes de que la respuesta estuviera completa.

## The language picker

language = Idioma
    .apply = Aplicar

## Shared conversations, the bots' list, a missing page

shared-not-found = No se encontró esta conversación compartida: quizá se revocó el enlace.
shared-start = Empezar un chat
shared-description = Una conversación compartida (solo lectura)
shared-own = Empezar tu propio chat
shared-note = ({ $status ->
        [streaming] en curso
        [interrupted] interrumpida
        [stopped] detenida
       *[failed] fallida
    })
shared-note-why = ({ $status ->
        [streaming] en curso
        [interrupted] interrumpida
        [stopped] detenida
       *[failed] fallida
    }: { $why })
bots = Bots
    .description = Cada bot tiene su propia página, su prompt y sus ejemplos; tus conversaciones con todos están en cada barra lateral.
    .new = Crear un bot nuevo en la zona de pruebas
page-not-found = Página no encontrada.
copy-code = Copiar
    .name = Copiar el código

## Accounts, administration and API keys

sign-in = Iniciar sesión
    .ask = ¿Ya tienes una cuenta?
sign-up = Crear una cuenta
    .button = Crear cuenta
    .ask = ¿Aún no tienes cuenta?
    .link = Crea una
sign-out = Cerrar sesión
signed-in = Sesión iniciada
account-name = Nombre
account-password = Contraseña
admin = Administración
    .back = ← Volver al chat
admin-feedback = Opiniones
    .about = Cada «me gusta» y «no me gusta» con su comentario, el mensaje y la respuesta, un objeto JSON por línea:
    .download = Descargar feedback.jsonl
admin-users = Usuarios
    .anonymous = { $count ->
        [one] Además, { $count } usuario anónimo (modo abierto).
       *[other] Además, { $count } usuarios anónimos (modo abierto).
    }
    .admin = Admin
    .yes = sí
keys-new = Tu clave nueva. Cópiala ahora: no se volverá a mostrar.
keys-none = Aún no hay claves.
keys-key = Clave
keys-made = Creada
keys-used = Último uso
    .never = nunca
keys-revoke = Revocar
    .name = Revocar { $name }
keys-about = Los programas llegan a este bot por su API compatible con OpenAI ({ $endpoints }) con una clave tuya, enviada como { $header }. Sirve cualquier biblioteca cliente de OpenAI: pon su URL base en { $base } de este sitio y su modelo en { $model }.
keys-name = Nombre
    .placeholder = script del portátil
keys-create = Crear clave

## The playground

pg-about = Describe el bot que quieres; el modelo lo redacta. Edítalo, pruébalo junto al formulario y guárdalo como una página de esta aplicación.
pg-chat = Chat
pg-bot = El bot
pg-preview = Vista previa
    .conversation = Conversación de vista previa
pg-describe = Describe tu bot
    .label = Describe el bot que quieres, con palabras sencillas
    .placeholder = Un bot amable que sugiere recetas con lo que hay en mi nevera.
pg-drafting = Redactando…
pg-draft = Redactarlo
pg-form = Formulario
pg-title = Título
pg-description = Descripción
pg-system-prompt = Prompt del sistema
pg-examples = Ejemplos (uno por línea)
pg-settings = Ajustes (desplegables; cada uno es {"{"}name{"}"} en el prompt)
pg-add-setting = + Añadir un ajuste
pg-setting-name = Nombre del ajuste
pg-setting-label = Etiqueta del ajuste
pg-setting-choices = Opciones, separadas por comas
pg-setting-remove = Quitar este ajuste
pg-toml = Archivo del bot (TOML)
    .check = Comprobarlo y actualizar el formulario
pg-save = Guardar
    .name = Nombre (su dirección: /bots/NAME)
    .replace = Sustituir un bot con este nombre
    .taken = Ya existe un bot con este nombre: marca «Sustituir» para cambiarlo, o elige otro nombre.
    .button = Guardar bot
pg-saved = Guardado. Está publicado en
pg-open = Cambiar un bot guardado
pg-preview-message = Mensaje para la vista previa
    .placeholder = Prueba tu bot…
pg-clear = Borrar
pg-side-model = Modelo { $side }
pg-side-prompt = Prompt del sistema { $side }
pg-compare = Un mensaje, dos respuestas: elige dos modelos, o cambia el prompt del sistema de un lado.
    .message = Mensaje para comparar
    .placeholder = Un mensaje para ambos lados…

## The settings panel's built-in inputs (unless the configuration labels them)

input-system-prompt = Prompt del sistema
input-temperature = Temperatura
input-top-p = Top-p
input-max-tokens = Máximo de tokens

## The server's words: errors and refusals (colloquy_i18n::Said), worded
## by the page in its language

error-not-found = { $what ->
        [conversation] No se encontró esta conversación; puede que se haya borrado.
        [folder] No se encontró esta carpeta; puede que se haya borrado.
        [reply] No se encontró esta respuesta; puede que se haya borrado.
        [attachment] No se encontró este adjunto; puede que se haya borrado.
        [bot] No se encontró este bot; puede que se haya borrado.
        [account] No se encontró esta cuenta; puede que se haya borrado.
        [api-key] No se encontró esta clave de API; puede que se haya borrado.
       *[page] No se encontró esta página; puede que se haya borrado.
    }
error-sign-in-first = Inicie sesión primero.
error-unreachable = No se pudo contactar con el servidor. Compruebe su conexión y vuelva a intentarlo.
error-malformed = No se pudo leer la solicitud: { $detail }
error-server = El servidor falló: { $detail }
error-server-setup = Este servidor no está configurado para eso; su operador puede arreglarlo.
error-session = Su sesión no se puede leer ahora; no se cambió nada. Vuelva a intentarlo en breve.
error-user-twice = Esta solicitud nombra a su usuario más de una vez; se rechazó.
error-store-unavailable = Sus conversaciones no están disponibles ahora; no se cambió nada. Vuelva a intentarlo en breve.
error-changed-elsewhere = Esta conversación se cambió en otro lugar (otra pestaña o dispositivo); recargue para verla.
error-title-empty = Un título no puede estar vacío.
error-title-too-long = Un título puede tener como máximo { $max } caracteres.
error-bad-name = Un nombre tiene de 1 a { $max } letras, dígitos y . _ @ + - (sin espacios).
error-name-taken = El nombre { $name } ya está ocupado.
error-folder-name-empty = Una carpeta necesita un nombre.
error-folder-name-too-long = El nombre de una carpeta puede tener como máximo { $max } caracteres.
error-too-many-folders = Puede tener como máximo { $max } carpetas.
error-bad-key-name = El nombre de una clave debe tener de 1 a { $max } caracteres, sin caracteres de control.
error-too-many-keys = Ya tiene { $max } claves; revoque primero una que ya no use.
error-bad-rating = Una valoración es «me gusta» o «no me gusta».
error-too-fast-messages = Está enviando mensajes más rápido de lo que permite este servidor. Puede volver a intentarlo en { $secs ->
        [one] { $secs } segundo
       *[other] { $secs } segundos
    }.
error-too-fast-requests = Está enviando solicitudes más rápido de lo que permite este servidor. Puede volver a intentarlo en { $secs ->
        [one] { $secs } segundo
       *[other] { $secs } segundos
    }.
error-too-fast-address = Esta dirección envía solicitudes más rápido de lo que permite este servidor. Puede volver a intentarlo en { $secs ->
        [one] { $secs } segundo
       *[other] { $secs } segundos
    }.
error-too-fast-searching = Está buscando más rápido de lo que permite este servidor. Puede volver a intentarlo en { $secs ->
        [one] { $secs } segundo
       *[other] { $secs } segundos
    }.
error-too-fast-playground = Está usando el área de pruebas más rápido de lo que permite este servidor. Puede volver a intentarlo en { $secs ->
        [one] { $secs } segundo
       *[other] { $secs } segundos
    }.
error-too-fast-files = Está enviando archivos más rápido de lo que permite este servidor. Puede volver a intentarlo en { $secs ->
        [one] { $secs } segundo
       *[other] { $secs } segundos
    }.
error-too-fast-imports = Está importando conversaciones más rápido de lo que permite este servidor. Puede volver a intentarlo en { $secs ->
        [one] { $secs } segundo
       *[other] { $secs } segundos
    }.
error-too-fast-sign-in = Demasiados intentos de inicio de sesión. Puede volver a intentarlo en { $secs ->
        [one] { $secs } segundo
       *[other] { $secs } segundos
    }.
error-too-fast-sign-up = Demasiados intentos. Puede volver a intentarlo en { $secs ->
        [one] { $secs } segundo
       *[other] { $secs } segundos
    }.
error-model-unavailable = No se pudo cargar el modelo: { $detail }
error-context-overflow = La conversación es demasiado larga para el modelo ({ $prompt } tokens, contexto de { $context } tokens); bórrela y empiece de nuevo.
error-generation = El modelo falló al generar: { $detail }
error-provider-unreachable = No se pudo contactar con { $provider } ({ $detail }); compruebe que está en marcha y que su base_url es correcta.
error-key-rejected = { $provider } rechazó la clave de API (HTTP { $status }); compruebe la clave configurada para él en el servidor.
error-provider-rate-limited = { $provider } está limitando las solicitudes y seguía haciéndolo tras { $attempts } intentos; vuelva a intentarlo en { $secs } s.
error-provider-rate-limited-minute = { $provider } está limitando las solicitudes y seguía haciéndolo tras { $attempts } intentos; vuelva a intentarlo en un minuto.
error-provider-status = { $provider } respondió HTTP { $status }{ $attempts ->
        [1] {""}
       *[other] {" "}tras { $attempts } intentos
    }
error-provider-status-detail = { $provider } respondió HTTP { $status }{ $attempts ->
        [1] {""}
       *[other] {" "}tras { $attempts } intentos
    }: { $detail }
error-provider-refused = { $provider } rechazó la solicitud (HTTP { $status })
error-provider-refused-detail = { $provider } rechazó la solicitud (HTTP { $status }): { $detail }
error-provider-interrupted = La respuesta de { $provider } se interrumpió: { $detail }
error-provider-malformed = { $provider } envió datos que Colloquy no puede leer: { $detail }
error-provider-stalled = { $provider } no envió nada durante { $secs } s, así que se abandonó la solicitud.
error-provider-no-first-token = { $provider } no empezó a responder en { $secs } s, así que se abandonó la solicitud.
error-busy = { $model } está ocupado ahora ({ $waiting } ya esperando); vuelva a intentarlo en un momento.
error-too-many-places = Ya tiene { $held } respuestas esperando o en curso con { $model }; espere a que termine una.
error-model-not-offered = Ese modelo no se ofrece aquí; elija uno de la lista.
error-no-user-message = No hay ningún mensaje suyo al que responder.
error-not-users-message = Un mensaje nuevo debe ser del usuario.
error-compare-incomplete = No se pudieron iniciar las dos respuestas; vuelva a intentarlo.
error-too-many-messages = Esta conversación tiene { $messages } mensajes; el límite es { $limit }. Empiece un chat nuevo para seguir.
error-message-empty = El mensaje está vacío; escriba algo antes de enviarlo.
error-message-too-long = El mensaje ocupa { $len } bytes; el límite es { $limit } bytes. Acórtelo o divídalo.
error-history-system = El mensaje { $index } del historial tiene el rol de sistema; el prompt del sistema se fija en el servidor.
error-history-message-too-long = El mensaje { $index } del historial supera los { $limit } bytes.
error-conversation-too-long = La conversación ocupa { $total } bytes; el límite es { $limit } bytes. Bórrela y empiece de nuevo.
error-comment-too-long = El comentario ocupa { $len } bytes; el límite es { $limit } bytes.
error-not-a-reply = Eso no es el identificador de una respuesta.
error-unknown-language = Esta aplicación no tiene ese idioma.
error-setting-unknown = No hay ningún ajuste llamado { $name }; recargue la página para obtener los ajustes actuales.
error-setting-invalid = { $label } debe ser { $expected }.
error-attachments-off = Los adjuntos están desactivados en este servidor.
error-attachments-too-many = Un mensaje puede llevar como máximo { $limit } archivos; quite algunos.
error-attachment-not-accepted = { $model } no puede leer archivos de { $kind ->
        [image] imagen
        [audio] audio
       *[text] texto
    } como { $name }; elija un modelo que pueda, o quite el archivo.
error-attachment-twice = { $name } está adjunto dos veces a un mensaje; adjunte cada archivo una vez.
error-attachments-too-much-text = Esta conversación con sus archivos de texto supera los { $limit } bytes, lo máximo que se envía en un turno. Empiece un chat nuevo para seguir.
error-attachments-too-much-media = Las imágenes y el audio de esta conversación superan los { $limit } bytes, lo máximo que se envía en un turno. Empiece un chat nuevo o quite algunos archivos.
error-attachments-unreadable = No se pudieron leer los adjuntos; vuelva a intentarlo más tarde.
error-file-empty = { $name } está vacío.
error-file-too-large = { $name } ocupa { $size } bytes; un archivo puede ocupar como máximo { $limit } bytes.
error-file-type = { $name } no es un tipo de archivo que acepte este chat; adjunte { $allowed }.
error-file-pixels = { $name } es una imagen de { $width }×{ $height }; una imagen puede tener como máximo { $limit } píxeles.
error-file-unreadable-image = { $name } parece una imagen, pero no se puede leer su tamaño; puede estar dañada.
error-file-over-quota = { $name } no cabe: sus archivos ocupan { $used } bytes de los { $limit } que puede guardar aquí.
error-file-address-over-quota = { $name } no cabe: los archivos enviados desde su dirección ocupan { $used } bytes de los { $limit } que puede guardar aquí.
error-file-store-full = { $name } no se puede guardar: el espacio de este servidor para archivos está lleno; vuelva a intentarlo más tarde.
error-file-gone = Ese adjunto ya no está disponible; vuelva a adjuntar el archivo.
error-file-not-stored = No se pudo guardar el archivo; vuelva a intentarlo más tarde.
error-sign-in-mismatch = Ese nombre y esa contraseña no corresponden a ninguna cuenta.
error-password-too-short = Una contraseña necesita al menos { $min } caracteres.
error-password-too-long = Una contraseña puede ocupar como máximo { $max } bytes.
error-password-not-stored = No se pudo guardar su contraseña; vuelva a intentarlo.
error-keys-unavailable = El servidor no puede comprobar las claves de API ahora; vuelva a intentarlo en breve.
error-draft-failed = El modelo no pudo redactar: { $detail }
error-describe-first = Describa primero el bot que quiere.
error-describe-shorter = Descríbalo en { $limit } bytes como máximo.
error-bot-file = El archivo del bot no es válido: { $detail }
error-system-prompt-too-long = Ese prompt del sistema es demasiado largo.
error-preview-text-only = La vista previa solo admite texto.
error-bot-name = El nombre del bot: { $detail }
error-bot-operators = El bot { $name } lo escribió el operador de esta aplicación; el área de pruebas no puede cambiarlo. Guarde el suyo con otro nombre.
error-bot-someone-elses = El bot { $name } lo guardó otra persona; solo ella (o un administrador) puede sustituirlo. Guarde el suyo con otro nombre.
error-bot-exists = Ya hay un bot llamado { $name }; elija otro nombre o marque «Sustituir» para cambiarlo.
error-bots-full = Esta aplicación ya tiene { $count } bots, el máximo que guarda.
error-bot-not-written = No se pudo escribir el archivo del bot; vuelva a intentarlo más tarde.
error-conversations-unreachable = Sus conversaciones no están disponibles ahora; vuelva a intentarlo en breve.
error-shared-unreachable = Esta conversación no está disponible ahora; vuelva a intentarlo en breve.
error-file-over-limit = Un archivo puede ocupar como máximo { $limit } bytes.
error-import-too-big = La importación falló: una exportación puede ocupar como máximo { $mib } MiB.
error-import-no-file = La importación falló: elija un archivo para importar.
error-import-empty = La importación falló: la solicitud no contiene ningún archivo.
error-import-form = La importación falló: no se pudo leer el formulario: { $detail }
error-import-invalid = La importación falló: { $detail }
error-import-unavailable = La importación falló: la conversación no se puede guardar ahora; no se importó nada. Vuelva a intentarlo en breve.

## The page the installed app shows offline (server/src/installable)

offline-title = { $title }: sin conexión
offline-text = No tiene conexión. Las respuestas necesitan la conexión con el servidor; sus conversaciones se guardan allí y vuelven con ella.
offline-try-again = Reintentar
