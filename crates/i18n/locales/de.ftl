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
