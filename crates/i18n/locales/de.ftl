# Colloquys Oberfläche auf Deutsch. Dieselben Nachrichten wie en.ftl.

## The chat page: header and messages

menu = Menü
copy-all = Alles kopieren
    .title = Das ganze Gespräch kopieren
conversation = Gespräch
not-found-conversation = Dieses Gespräch wurde nicht gefunden.
not-found-folder = Dieser Ordner wurde nicht gefunden.
not-found-why = Vielleicht wurde es gelöscht, oder es gehört jemand anderem.
start-new-chat = Neuen Chat beginnen
model = Modell
jump-to-latest = ↓ Zum Neuesten
theme-light = Zum hellen Design wechseln
theme-dark = Zum dunklen Design wechseln
show-earlier = Frühere Nachrichten zeigen ({ $count ->
        [one] { $count } Nachricht davor
       *[other] { $count } Nachrichten davor
    })
copied = Kopiert
copy-failed = Kopieren fehlgeschlagen
copy = Kopieren
    .message = Diese Nachricht kopieren
reply-loading = Das Modell wird geladen…
reply-queued = Platz { $position } in der Warteschlange…
reply-stopped = Angehalten.
reply-interrupted = Unterbrochen: { $why }
edit = Bearbeiten
    .title = Diese Nachricht bearbeiten und eine neue Antwort erhalten
thought-briefly = Weniger als eine Sekunde nachgedacht
thought-for = { $seconds } s nachgedacht
thinking-now = Denkt nach…
thinking = Gedanken
retry = Neu erzeugen
    .title = Diese Antwort noch einmal erzeugen
feedback-thanks = Danke für die Rückmeldung.
feedback-comment = Kommentar zur Rückmeldung
    .placeholder = Was war an dieser Antwort gut oder schlecht? (optional)
feedback-send = Rückmeldung senden
edit-message = Nachricht bearbeiten
edit-save = Speichern und neu erzeugen
cancel = Abbrechen
like = Gefällt mir
dislike = Gefällt mir nicht

## The composer

message = Nachricht
    .placeholder = Nachricht eingeben… (Enter sendet, Umschalt+Enter für eine neue Zeile)
send = Senden
stop = Stopp
undo = Rückgängig
    .title = Die letzte Runde entfernen und deine Nachricht zurück ins Feld legen
attach = Dateien anhängen
    .title = Dateien anhängen (oder hineinziehen oder einfügen)

## The sidebar

conversations = Gespräche
    .show = Gespräche zeigen
new-chat = + Neuer Chat
all-bots = Alle Bots
playground = Spielwiese
search = Gespräche durchsuchen
search-in = In { $folder } suchen
search-results = Suchergebnisse
search-nothing = Nichts gefunden für „{ $query }“.
search-matches = { $count ->
        [one] { $count } Treffer
       *[other] { $count } Treffer
    }
import = Ein Gespräch importieren
    .file = Exportiertes Gespräch (JSON)
    .button = Importieren
api-keys = API-Schlüssel
pinned = Angeheftet:
conversation-options = Optionen für { $title }
rename = Umbenennen
    .field = Neuer Titel
delete = Löschen
    .open = Löschen…
    .question = Dieses Gespräch endgültig löschen?

## Folders and pins

folders = Ordner
    .all = Alle Gespräche
folder-new = Neuer Ordner
    .name = Name des neuen Ordners
    .add = Hinzufügen
folder-options = Optionen für den Ordner { $folder }
folder-rename = Umbenennen
    .field = Neuer Name des Ordners
folder-delete = Ordner löschen
    .open = Ordner löschen…
    .question = Diesen Ordner löschen? Seine Gespräche bleiben erhalten, wieder in der Liste.
pin = Oben anheften
unpin = Lösen
folder = Ordner
    .none = Kein Ordner
    .move = Verschieben

## Sharing and export

share = Teilen / Exportieren
export-markdown = Als Markdown exportieren
export-json = Als JSON exportieren
share-link = Jeder mit diesem Link kann dieses Gespräch lesen:
    .once = Kopiere ihn jetzt: Er wird nicht noch einmal angezeigt.
share-shared = Jeder mit dem Nur-Lese-Link dieses Gesprächs kann es lesen.
share-renew = Einen neuen Link erstellen (der alte funktioniert dann nicht mehr)
share-stop = Nicht mehr teilen
share-create = Einen Nur-Lese-Link erstellen

## Attachments

file-too-many = Eine Nachricht kann höchstens { $max } Dateien tragen.
file-kind = { $name } ist kein Dateityp, den dieser Chat annimmt ({ $kinds }).
file-too-big = { $name } ist { $size } groß; die Grenze ist { $limit }.
kind-image = Bild
kind-text = Text
kind-audio = Audio
upload-failed = Das Hochladen ist fehlgeschlagen; prüfe deine Verbindung und versuche es noch einmal.
    .status = Das Hochladen ist fehlgeschlagen (HTTP { $status }).
attached-files = Angehängte Dateien
uploading = Wird hochgeladen…
file-remove = { $name } entfernen

## Read aloud, dictation and the recorder

read-aloud = Vorlesen
    .title = Diese Antwort vorlesen; noch einmal drücken zum Anhalten
    .code = Codeblock, wird nicht vorgelesen.
    .formula = Formel
dictate = Diktieren
    .title = Diktieren: Sprich, und es wird getippt; noch einmal drücken zum Anhalten
dictate-stopped = Diktat beendet: { $why }.
dictate-failed = Die Spracherkennung konnte nicht starten.
dictate-missing = Dieser Browser hat keine Spracherkennung.
record = Audio aufnehmen
    .title = Eine Sprachnachricht aufnehmen
record-stop = Aufnahme beenden
    .title = Aufnahme beenden und anhängen
record-no-microphone = Das Mikrofon konnte nicht verwendet werden; erlaube es im Browser, oder hänge eine Audiodatei an.
record-unreadable = Die Aufnahme konnte nicht gelesen werden; versuche es noch einmal, oder hänge eine Audiodatei an.

## Settings, versions and Compare

settings = Einstellungen
versions = Versionen
    .previous = Vorherige Version
    .next = Nächste Version
version-failed = Diese Version konnte nicht angezeigt werden: { $why }
compare = Vergleichen
    .title = Diese Nachricht an zwei Modelle senden und ihre Antworten vergleichen
    .group = Zwei Antworten vergleichen
compare-second = Zweite Antwort von
compare-send = An beide senden
compare-answer = Antwort { $number }: { $model }
compare-choose = Diese Antwort nehmen
compare-choose-failed = Diese Antwort konnte nicht gewählt werden: { $why }

## What the conversation says

reply-cut-off = Die Antwort brach ab, bevor sie fertig war.
reply-failed = Die Antwort ist fehlgeschlagen.
earlier-failed = Frühere Nachrichten konnten nicht gelesen werden: { $why }
message-too-long = Diese Nachricht ist { $length } Bytes lang; die Grenze ist { $limit } Bytes. Kürze sie oder teile sie auf.
model-cannot-read = { $model } kann keine Dateien der Art { $kind } lesen, etwa { $name }; wähle ein Modell, das es kann, oder entferne die Datei.
files-wait = Warte, bis die Dateien hochgeladen sind.
files-failed = Entferne die Dateien, die nicht hochgeladen werden konnten.
new-chat-title = Neuer Chat
undo-failed = Die Runde konnte nicht aus dem gespeicherten Gespräch entfernt werden
connection-failed = Die Verbindung ist fehlgeschlagen: { $why }
connection-ended = Die Verbindung endete, bevor die Antwort vollständig war.

## The language picker

language = Sprache
    .apply = Übernehmen

## Shared conversations, the bots' list, a missing page

shared-not-found = Dieses geteilte Gespräch wurde nicht gefunden: Der Link wurde vielleicht zurückgezogen.
shared-start = Einen Chat beginnen
shared-description = Ein geteiltes Gespräch (nur lesen)
shared-own = Einen eigenen Chat beginnen
shared-note = ({ $status ->
        [streaming] wird noch geschrieben
        [interrupted] unterbrochen
        [stopped] angehalten
       *[failed] fehlgeschlagen
    })
shared-note-why = ({ $status ->
        [streaming] wird noch geschrieben
        [interrupted] unterbrochen
        [stopped] angehalten
       *[failed] fehlgeschlagen
    }: { $why })
bots = Bots
    .description = Jeder Bot hat seine eigene Seite, seinen Prompt und seine Beispiele; deine Gespräche mit allen stehen in jeder Seitenleiste.
    .new = Einen neuen Bot auf der Spielwiese bauen
page-not-found = Seite nicht gefunden.
copy-code = Kopieren
    .name = Code kopieren

## Accounts, administration and API keys

sign-in = Anmelden
    .ask = Schon ein Konto?
sign-up = Ein Konto erstellen
    .button = Konto erstellen
    .ask = Noch kein Konto?
    .link = Eines erstellen
sign-out = Abmelden
signed-in = Angemeldet
account-name = Name
account-password = Passwort
admin = Verwaltung
    .back = ← Zurück zum Chat
admin-feedback = Rückmeldungen
    .about = Jedes „Gefällt mir“ und „Gefällt mir nicht“ mit Kommentar, Nachricht und Antwort, ein JSON-Objekt pro Zeile:
    .download = feedback.jsonl herunterladen
admin-users = Benutzer
    .anonymous = { $count ->
        [one] Dazu { $count } anonymer Benutzer (offener Modus).
       *[other] Dazu { $count } anonyme Benutzer (offener Modus).
    }
    .admin = Admin
    .yes = ja
keys-new = Dein neuer Schlüssel. Kopiere ihn jetzt: Er wird nicht noch einmal angezeigt.
keys-none = Noch keine Schlüssel.
keys-key = Schlüssel
keys-made = Erstellt
keys-used = Zuletzt benutzt
    .never = nie
keys-revoke = Widerrufen
    .name = { $name } widerrufen
keys-about = Programme erreichen diesen Bot über seine OpenAI-kompatible API ({ $endpoints }) mit einem deiner Schlüssel, gesendet als { $header }. Jede OpenAI-Clientbibliothek funktioniert: Setze ihre Basis-URL auf { $base } dieser Seite und ihr Modell auf { $model }.
keys-name = Name
    .placeholder = Laptop-Skript
keys-create = Schlüssel erstellen

## The playground

pg-about = Beschreibe den Bot, den du willst; das Modell entwirft ihn. Bearbeite ihn, probiere ihn neben dem Formular aus und speichere ihn als Seite dieser App.
pg-chat = Chat
pg-bot = Der Bot
pg-preview = Vorschau
    .conversation = Vorschau-Gespräch
pg-describe = Beschreibe deinen Bot
    .label = Beschreibe den Bot, den du willst, in einfachen Worten
    .placeholder = Ein freundlicher Bot, der Rezepte aus dem vorschlägt, was in meinem Kühlschrank ist.
pg-drafting = Wird entworfen…
pg-draft = Entwerfen
pg-form = Formular
pg-title = Titel
pg-description = Beschreibung
pg-system-prompt = System-Prompt
pg-examples = Beispiele (eines pro Zeile)
pg-settings = Einstellungen (Auswahllisten; jede ist {"{"}name{"}"} im Prompt)
pg-add-setting = + Eine Einstellung hinzufügen
pg-setting-name = Name der Einstellung
pg-setting-label = Beschriftung der Einstellung
pg-setting-choices = Auswahlmöglichkeiten, durch Kommas getrennt
pg-setting-remove = Diese Einstellung entfernen
pg-toml = Bot-Datei (TOML)
    .check = Prüfen und das Formular aktualisieren
pg-save = Speichern
    .name = Name (seine Adresse: /bots/NAME)
    .replace = Einen Bot dieses Namens ersetzen
    .taken = Ein Bot dieses Namens existiert: Hake „Ersetzen“ an, um ihn zu ändern, oder wähle einen anderen Namen.
    .button = Bot speichern
pg-saved = Gespeichert. Er ist online unter
pg-open = Einen gespeicherten Bot ändern
pg-preview-message = Nachricht an die Vorschau
    .placeholder = Probiere deinen Bot aus…
pg-clear = Leeren
pg-side-model = Modell { $side }
pg-side-prompt = System-Prompt { $side }
pg-compare = Eine Nachricht, zwei Antworten: Wähle zwei Modelle oder ändere den System-Prompt einer Seite.
    .message = Nachricht für den Vergleich
    .placeholder = Eine Nachricht für beide Seiten…

## The settings panel's built-in inputs (unless the configuration labels them)

input-system-prompt = System-Prompt
input-temperature = Temperatur
input-top-p = Top-p
input-max-tokens = Höchstzahl an Tokens

## The server's words: errors and refusals (colloquy_i18n::Said), worded
## by the page in its language

error-not-found = { $what ->
        [conversation] Diese Unterhaltung wurde nicht gefunden; vielleicht wurde sie gelöscht.
        [folder] Dieser Ordner wurde nicht gefunden; vielleicht wurde er gelöscht.
        [reply] Diese Antwort wurde nicht gefunden; vielleicht wurde sie gelöscht.
        [attachment] Dieser Anhang wurde nicht gefunden; vielleicht wurde er gelöscht.
        [bot] Dieser Bot wurde nicht gefunden; vielleicht wurde er gelöscht.
        [account] Dieses Konto wurde nicht gefunden; vielleicht wurde es gelöscht.
        [api-key] Dieser API-Schlüssel wurde nicht gefunden; vielleicht wurde er gelöscht.
       *[page] Diese Seite wurde nicht gefunden; vielleicht wurde sie gelöscht.
    }
error-sign-in-first = Melden Sie sich zuerst an.
error-unreachable = Der Server ist nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.
error-malformed = Die Anfrage konnte nicht gelesen werden: { $detail }
error-server = Der Server ist gescheitert: { $detail }
error-server-setup = Dieser Server ist dafür nicht eingerichtet; sein Betreiber kann das beheben.
error-session = Ihre Sitzung kann gerade nicht gelesen werden; nichts wurde geändert. Versuchen Sie es gleich noch einmal.
error-user-twice = Diese Anfrage nennt ihren Benutzer mehr als einmal; sie wurde abgelehnt.
error-store-unavailable = Ihre Unterhaltungen sind gerade nicht erreichbar; nichts wurde geändert. Versuchen Sie es gleich noch einmal.
error-changed-elsewhere = Diese Unterhaltung wurde anderswo geändert (in einem anderen Tab oder Gerät); laden Sie neu, um sie zu sehen.
error-title-empty = Ein Titel darf nicht leer sein.
error-title-too-long = Ein Titel darf höchstens { $max } Zeichen haben.
error-bad-name = Ein Name besteht aus 1 bis { $max } Buchstaben, Ziffern und . _ @ + - (ohne Leerzeichen).
error-name-taken = Der Name { $name } ist vergeben.
error-folder-name-empty = Ein Ordner braucht einen Namen.
error-folder-name-too-long = Der Name eines Ordners darf höchstens { $max } Zeichen haben.
error-too-many-folders = Sie können höchstens { $max } Ordner haben.
error-bad-key-name = Der Name eines Schlüssels muss 1 bis { $max } Zeichen haben, ohne Steuerzeichen.
error-too-many-keys = Sie haben bereits { $max } Schlüssel; widerrufen Sie zuerst einen, den Sie nicht mehr brauchen.
error-bad-rating = Eine Bewertung ist „gefällt“ oder „gefällt nicht“.
error-too-fast-messages = Sie senden Nachrichten schneller, als dieser Server erlaubt. Sie können es in { $secs ->
        [one] { $secs } Sekunde
       *[other] { $secs } Sekunden
    } erneut versuchen.
error-too-fast-requests = Sie senden Anfragen schneller, als dieser Server erlaubt. Sie können es in { $secs ->
        [one] { $secs } Sekunde
       *[other] { $secs } Sekunden
    } erneut versuchen.
error-too-fast-address = Diese Adresse sendet Anfragen schneller, als dieser Server erlaubt. Sie können es in { $secs ->
        [one] { $secs } Sekunde
       *[other] { $secs } Sekunden
    } erneut versuchen.
error-too-fast-searching = Sie suchen schneller, als dieser Server erlaubt. Sie können es in { $secs ->
        [one] { $secs } Sekunde
       *[other] { $secs } Sekunden
    } erneut versuchen.
error-too-fast-playground = Sie nutzen den Spielplatz schneller, als dieser Server erlaubt. Sie können es in { $secs ->
        [one] { $secs } Sekunde
       *[other] { $secs } Sekunden
    } erneut versuchen.
error-too-fast-files = Sie senden Dateien schneller, als dieser Server erlaubt. Sie können es in { $secs ->
        [one] { $secs } Sekunde
       *[other] { $secs } Sekunden
    } erneut versuchen.
error-too-fast-imports = Sie importieren Unterhaltungen schneller, als dieser Server erlaubt. Sie können es in { $secs ->
        [one] { $secs } Sekunde
       *[other] { $secs } Sekunden
    } erneut versuchen.
error-too-fast-sign-in = Zu viele Anmeldeversuche. Sie können es in { $secs ->
        [one] { $secs } Sekunde
       *[other] { $secs } Sekunden
    } erneut versuchen.
error-too-fast-sign-up = Zu viele Versuche. Sie können es in { $secs ->
        [one] { $secs } Sekunde
       *[other] { $secs } Sekunden
    } erneut versuchen.
error-model-unavailable = Das Modell konnte nicht geladen werden: { $detail }
error-context-overflow = Die Unterhaltung ist zu lang für das Modell ({ $prompt } Tokens, Kontext { $context } Tokens); leeren Sie sie und beginnen Sie neu.
error-generation = Das Modell ist beim Erzeugen gescheitert: { $detail }
error-provider-unreachable = { $provider } ist nicht erreichbar ({ $detail }); prüfen Sie, ob es läuft und ob seine base_url stimmt.
error-key-rejected = { $provider } hat den API-Schlüssel abgelehnt (HTTP { $status }); prüfen Sie den dafür auf dem Server eingestellten Schlüssel.
error-provider-rate-limited = { $provider } begrenzt Anfragen und tat es nach { $attempts } Versuchen immer noch; versuchen Sie es in { $secs } s erneut.
error-provider-rate-limited-minute = { $provider } begrenzt Anfragen und tat es nach { $attempts } Versuchen immer noch; versuchen Sie es in einer Minute erneut.
error-provider-status = { $provider } antwortete mit HTTP { $status }{ $attempts ->
        [1] {""}
       *[other] {" "}nach { $attempts } Versuchen
    }
error-provider-status-detail = { $provider } antwortete mit HTTP { $status }{ $attempts ->
        [1] {""}
       *[other] {" "}nach { $attempts } Versuchen
    }: { $detail }
error-provider-refused = { $provider } hat die Anfrage abgelehnt (HTTP { $status })
error-provider-refused-detail = { $provider } hat die Anfrage abgelehnt (HTTP { $status }): { $detail }
error-provider-interrupted = Die Antwort von { $provider } wurde unterbrochen: { $detail }
error-provider-malformed = { $provider } hat Daten gesendet, die Colloquy nicht lesen kann: { $detail }
error-provider-stalled = { $provider } hat { $secs } s lang nichts gesendet, daher wurde die Anfrage aufgegeben.
error-provider-no-first-token = { $provider } hat nicht innerhalb von { $secs } s zu antworten begonnen, daher wurde die Anfrage aufgegeben.
error-busy = { $model } ist gerade ausgelastet ({ $waiting } warten bereits); versuchen Sie es in Kürze erneut.
error-too-many-places = Sie haben bereits { $held } Antworten, die auf { $model } warten oder gerade geschrieben werden; warten Sie, bis eine fertig ist.
error-model-not-offered = Dieses Modell wird hier nicht angeboten; wählen Sie eines aus der Liste.
error-no-user-message = Es gibt keine Nachricht von Ihnen, auf die geantwortet werden kann.
error-not-users-message = Eine neue Nachricht muss vom Benutzer sein.
error-compare-incomplete = Die beiden Antworten konnten nicht gestartet werden; versuchen Sie es erneut.
error-too-many-messages = Diese Unterhaltung hat { $messages } Nachrichten; die Grenze ist { $limit }. Beginnen Sie einen neuen Chat, um weiterzumachen.
error-message-empty = Die Nachricht ist leer; schreiben Sie etwas, bevor Sie senden.
error-message-too-long = Die Nachricht ist { $len } Bytes lang; die Grenze ist { $limit } Bytes. Kürzen oder teilen Sie sie.
error-history-system = Nachricht { $index } des Verlaufs hat die Systemrolle; der Systemprompt wird auf dem Server festgelegt.
error-history-message-too-long = Nachricht { $index } des Verlaufs ist länger als { $limit } Bytes.
error-conversation-too-long = Die Unterhaltung ist { $total } Bytes lang; die Grenze ist { $limit } Bytes. Leeren Sie sie und beginnen Sie neu.
error-comment-too-long = Der Kommentar ist { $len } Bytes lang; die Grenze ist { $limit } Bytes.
error-not-a-reply = Das ist keine Kennung einer Antwort.
error-unknown-language = Diese Sprache hat diese App nicht.
error-setting-unknown = Es gibt keine Einstellung namens { $name }; laden Sie die Seite neu, um die aktuellen Einstellungen zu erhalten.
error-setting-invalid = { $label } muss { $expected } sein.
error-attachments-off = Anhänge sind auf diesem Server ausgeschaltet.
error-attachments-too-many = Eine Nachricht kann höchstens { $limit } Dateien tragen; entfernen Sie einige.
error-attachment-not-accepted = { $model } kann keine { $kind ->
        [image] Bild
        [audio] Audio
       *[text] Text
    }-Dateien wie { $name } lesen; wählen Sie ein Modell, das es kann, oder entfernen Sie die Datei.
error-attachment-twice = { $name } ist zweimal an eine Nachricht angehängt; hängen Sie jede Datei einmal an.
error-attachments-too-much-text = Diese Unterhaltung mit ihren Textdateien ist größer als { $limit } Bytes, das Meiste, was mit einem Zug gesendet wird. Beginnen Sie einen neuen Chat, um weiterzumachen.
error-attachments-too-much-media = Die Bilder und Audiodateien dieser Unterhaltung sind größer als { $limit } Bytes, das Meiste, was mit einem Zug gesendet wird. Beginnen Sie einen neuen Chat oder entfernen Sie einige Dateien.
error-attachments-unreadable = Die Anhänge konnten nicht gelesen werden; versuchen Sie es später erneut.
error-file-empty = { $name } ist leer.
error-file-too-large = { $name } ist { $size } Bytes groß; Dateien dürfen höchstens { $limit } Bytes groß sein.
error-file-type = { $name } ist kein Dateityp, den dieser Chat annimmt; hängen Sie { $allowed } an.
error-file-pixels = { $name } ist ein Bild mit { $width }×{ $height } Pixeln; Bilder dürfen höchstens { $limit } Pixel haben.
error-file-unreadable-image = { $name } sieht wie ein Bild aus, aber seine Größe kann nicht gelesen werden; es ist vielleicht beschädigt.
error-file-over-quota = { $name } passt nicht: Ihre Dateien belegen { $used } Bytes der { $limit }, die Sie hier speichern dürfen.
error-file-address-over-quota = { $name } passt nicht: Dateien von Ihrer Adresse belegen { $used } Bytes der { $limit }, die sie hier speichern darf.
error-file-store-full = { $name } kann nicht gespeichert werden: der Speicher dieses Servers für Dateien ist voll; versuchen Sie es später erneut.
error-file-gone = Dieser Anhang ist nicht mehr verfügbar; hängen Sie die Datei erneut an.
error-file-not-stored = Die Datei konnte nicht gespeichert werden; versuchen Sie es später erneut.
error-sign-in-mismatch = Name und Passwort passen zu keinem Konto.
error-password-too-short = Ein Passwort braucht mindestens { $min } Zeichen.
error-password-too-long = Ein Passwort darf höchstens { $max } Bytes lang sein.
error-password-not-stored = Ihr Passwort konnte nicht gespeichert werden; versuchen Sie es erneut.
error-keys-unavailable = Der Server kann API-Schlüssel gerade nicht prüfen; versuchen Sie es gleich noch einmal.
error-draft-failed = Das Modell konnte keinen Entwurf schreiben: { $detail }
error-describe-first = Beschreiben Sie zuerst den Bot, den Sie möchten.
error-describe-shorter = Beschreiben Sie ihn in höchstens { $limit } Bytes.
error-bot-file = Die Bot-Datei ist ungültig: { $detail }
error-system-prompt-too-long = Dieser Systemprompt ist zu lang.
error-preview-text-only = Die Vorschau nimmt nur Text.
error-bot-name = Der Name des Bots: { $detail }
error-bot-operators = Der Bot { $name } wurde vom Betreiber dieser App geschrieben; der Spielplatz kann ihn nicht ändern. Speichern Sie Ihren unter einem anderen Namen.
error-bot-someone-elses = Der Bot { $name } wurde von jemand anderem gespeichert; nur diese Person (oder ein Admin) kann ihn ersetzen. Speichern Sie Ihren unter einem anderen Namen.
error-bot-exists = Es gibt bereits einen Bot namens { $name }; wählen Sie einen anderen Namen oder kreuzen Sie „ersetzen“ an, um ihn zu ändern.
error-bots-full = Diese App hat bereits { $count } Bots, so viele, wie sie hält.
error-bot-not-written = Die Bot-Datei konnte nicht geschrieben werden; versuchen Sie es später erneut.
error-conversations-unreachable = Ihre Unterhaltungen sind gerade nicht erreichbar; versuchen Sie es gleich noch einmal.
error-shared-unreachable = Diese Unterhaltung ist gerade nicht erreichbar; versuchen Sie es gleich noch einmal.
error-file-over-limit = Eine Datei darf höchstens { $limit } Bytes groß sein.
error-import-too-big = Import gescheitert: ein Export darf höchstens { $mib } MiB groß sein.
error-import-no-file = Import gescheitert: wählen Sie eine Datei zum Importieren.
error-import-empty = Import gescheitert: die Anfrage enthält keine Datei.
error-import-form = Import gescheitert: das Formular konnte nicht gelesen werden: { $detail }
error-import-invalid = Import gescheitert: { $detail }
error-import-unavailable = Import gescheitert: die Unterhaltung kann gerade nicht gespeichert werden; nichts wurde importiert. Versuchen Sie es gleich noch einmal.

## The page the installed app shows offline (server/src/installable)

offline-title = { $title }: offline
offline-text = Sie sind offline. Antworten brauchen die Verbindung zum Server; Ihre Unterhaltungen liegen dort und kommen mit ihr zurück.
offline-try-again = Erneut versuchen
