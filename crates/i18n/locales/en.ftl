# Colloquy's interface in English: the reference every other language has
# exactly the messages of (crates/i18n's tests say so). Fluent syntax:
# https://projectfluent.org/fluent/guide/

## The chat page: header and messages

menu = Menu
copy-all = Copy all
    .title = Copy the whole conversation
conversation = Conversation
not-found-conversation = This conversation was not found.
not-found-folder = This folder was not found.
not-found-why = It may have been deleted, or it belongs to someone else.
start-new-chat = Start a new chat
model = Model
jump-to-latest = ↓ Jump to latest
theme-light = Switch to light theme
theme-dark = Switch to dark theme
show-earlier = Show earlier messages ({ $count ->
        [one] { $count } message before these
       *[other] { $count } messages before these
    })
copied = Copied
copy-failed = Copy failed
copy = Copy
    .message = Copy this message
reply-loading = Loading the model…
reply-queued = Position { $position } in queue…
reply-stopped = Stopped.
reply-interrupted = Interrupted: { $why }
edit = Edit
    .title = Edit this message and get a new reply
thought-briefly = Thought for less than a second
thought-for = Thought for { $seconds } s
thinking-now = Thinking…
thinking = Thinking
retry = Retry
    .title = Generate this reply again
feedback-thanks = Thanks for the feedback.
feedback-comment = Feedback comment
    .placeholder = What was good or bad about this reply? (optional)
feedback-send = Send feedback
edit-message = Edit message
edit-save = Save & regenerate
cancel = Cancel
like = Like
dislike = Dislike

## The composer

message = Message
    .placeholder = Type a message… (Enter to send, Shift+Enter for a new line)
send = Send
stop = Stop
undo = Undo
    .title = Remove the last turn and put your message back in the box
attach = Attach files
    .title = Attach files (or drop or paste them)

## The sidebar

conversations = Conversations
    .show = Show conversations
new-chat = + New chat
all-bots = All bots
playground = Playground
search = Search conversations
search-in = Search in { $folder }
search-results = Search results
search-nothing = Nothing found for “{ $query }”.
search-matches = { $count ->
        [one] { $count } match
       *[other] { $count } matches
    }
import = Import a conversation
    .file = Exported conversation (JSON)
    .button = Import
api-keys = API keys
pinned = Pinned:
conversation-options = Options for { $title }
rename = Rename
    .field = New title
delete = Delete
    .open = Delete…
    .question = Delete this conversation for good?

## Folders and pins

folders = Folders
    .all = All conversations
folder-new = New folder
    .name = New folder's name
    .add = Add
folder-options = Options for the folder { $folder }
folder-rename = Rename
    .field = Folder's new name
folder-delete = Delete folder
    .open = Delete folder…
    .question = Delete this folder? Its conversations are kept, back in the list.
pin = Pin to top
unpin = Unpin
folder = Folder
    .none = No folder
    .move = Move

## Sharing and export

share = Share / export
export-markdown = Export as Markdown
export-json = Export as JSON
share-link = Anyone with this link can read this conversation:
    .once = Copy it now: it is not shown again.
share-shared = Anyone with this conversation's read-only link can read it.
share-renew = Make a new link (the old one stops working)
share-stop = Stop sharing
share-create = Create a read-only link

## Attachments

file-too-many = A message can carry at most { $max } files.
file-kind = { $name } is not a file type this chat takes ({ $kinds }).
file-too-big = { $name } is { $size }; the limit is { $limit }.
kind-image = image
kind-text = text
kind-audio = audio
upload-failed = The upload failed; check your connection and try again.
    .status = The upload failed (HTTP { $status }).
attached-files = Attached files
uploading = Uploading…
file-remove = Remove { $name }

## Read aloud, dictation and the recorder

read-aloud = Read aloud
    .title = Read this reply aloud; press again to stop
    .code = Code block, not read aloud.
    .formula = formula
dictate = Dictate
    .title = Dictate: speak and it is typed; press again to stop
dictate-stopped = Dictation stopped: { $why }.
dictate-failed = Speech recognition could not start.
dictate-missing = This browser has no speech recognition.
record = Record audio
    .title = Record a voice message
record-stop = Stop recording
    .title = Stop recording and attach it
record-no-microphone = The microphone could not be used; allow it in the browser, or attach an audio file.
record-unreadable = The recording could not be read; try again, or attach an audio file.

## Settings, versions and Compare

settings = Settings
versions = Versions
    .previous = Previous version
    .next = Next version
version-failed = That version could not be shown: { $why }
compare = Compare
    .title = Send this message to two models and compare their answers
    .group = Compare two answers
compare-second = Second answer from
compare-send = Send to both
compare-answer = Answer { $number }: { $model }
compare-choose = Use this answer
compare-choose-failed = That answer could not be chosen: { $why }

## What the conversation says

reply-cut-off = The reply was cut off before it finished.
reply-failed = The reply failed.
earlier-failed = Earlier messages could not be read: { $why }
message-too-long = This message is { $length } bytes long; the limit is { $limit } bytes. Shorten it or split it into parts.
model-cannot-read = { $model } cannot read { $kind } files such as { $name }; pick a model that can, or remove the file.
files-wait = Wait for the files to finish uploading.
files-failed = Remove the files that could not be uploaded.
new-chat-title = New chat
undo-failed = The turn could not be removed from the saved conversation
connection-failed = The connection failed: { $why }
connection-ended = The connection ended before the reply was complete.

## The language picker

language = Language
    .apply = Apply

## Shared conversations, the bots' list, a missing page

shared-not-found = This shared conversation was not found: the link may have been revoked.
shared-start = Start a chat
shared-description = A shared conversation (read-only)
shared-own = Start your own chat
shared-note = ({ $status ->
        [streaming] streaming
        [interrupted] interrupted
        [stopped] stopped
       *[failed] failed
    })
shared-note-why = ({ $status ->
        [streaming] streaming
        [interrupted] interrupted
        [stopped] stopped
       *[failed] failed
    }: { $why })
bots = Bots
    .description = Each bot has its own page, prompt and examples; your conversations with all of them are in every sidebar.
    .new = Make a new bot in the playground
page-not-found = Page not found.
copy-code = Copy
    .name = Copy code

## Accounts, administration and API keys

sign-in = Sign in
    .ask = Have an account?
sign-up = Create an account
    .button = Create account
    .ask = No account yet?
    .link = Create one
sign-out = Sign out
signed-in = Signed in
account-name = Name
account-password = Password
admin = Administration
    .back = ← Back to the chat
admin-feedback = Feedback
    .about = Every like and dislike with its comment, the message and the reply, one JSON object per line:
    .download = Download feedback.jsonl
admin-users = Users
    .anonymous = { $count ->
        [one] { $count } anonymous user (open mode) besides these.
       *[other] { $count } anonymous users (open mode) besides these.
    }
    .admin = Admin
    .yes = yes
keys-new = Your new key. Copy it now: it is not shown again.
keys-none = No keys yet.
keys-key = Key
keys-made = Made
keys-used = Last used
    .never = never
keys-revoke = Revoke
    .name = Revoke { $name }
keys-about = Programs reach this bot through its OpenAI-compatible API ({ $endpoints }) with a key of yours, sent as { $header }. Any OpenAI client library works: set its base URL to this site's { $base } and its model to { $model }.
keys-name = Name
    .placeholder = laptop script
keys-create = Create key

## The playground

pg-about = Describe the bot you want; the model drafts it. Edit it, try it beside the form, and save it as a page of this app.
pg-chat = Chat
pg-bot = The bot
pg-preview = Preview
    .conversation = Preview conversation
pg-describe = Describe your bot
    .label = Describe the bot you want, in plain words
    .placeholder = A friendly bot that suggests recipes from what is in my fridge.
pg-drafting = Drafting…
pg-draft = Draft it
pg-form = Form
pg-title = Title
pg-description = Description
pg-system-prompt = System prompt
pg-examples = Examples (one per line)
pg-settings = Settings (dropdowns; each is {"{"}name{"}"} in the prompt)
pg-add-setting = + Add a setting
pg-setting-name = Setting name
pg-setting-label = Setting label
pg-setting-choices = Choices, separated by commas
pg-setting-remove = Remove this setting
pg-toml = Bot file (TOML)
    .check = Check it and update the form
pg-save = Save
    .name = Name (its address: /bots/NAME)
    .replace = Replace a bot of this name
    .taken = A bot of this name exists: tick “Replace” to change it, or choose another name.
    .button = Save bot
pg-saved = Saved. It is live at
pg-open = Change a saved bot
pg-preview-message = Message to the preview
    .placeholder = Try your bot…
pg-clear = Clear
pg-side-model = Model { $side }
pg-side-prompt = System prompt { $side }
pg-compare = One message, two replies: pick two models, or change one side's system prompt.
    .message = Message to compare on
    .placeholder = A message for both sides…

## The settings panel's built-in inputs (unless the configuration labels them)

input-system-prompt = System prompt
input-temperature = Temperature
input-top-p = Top-p
input-max-tokens = Max tokens

## The server's words: errors and refusals (colloquy_i18n::Said), worded
## by the page in its language

error-not-found = { $what ->
        [conversation] This conversation was not found; it may have been deleted.
        [folder] This folder was not found; it may have been deleted.
        [reply] This reply was not found; it may have been deleted.
        [attachment] This attachment was not found; it may have been deleted.
        [bot] This bot was not found; it may have been deleted.
        [account] This account was not found; it may have been deleted.
        [api-key] This API key was not found; it may have been deleted.
       *[page] This page was not found; it may have been deleted.
    }
error-sign-in-first = Sign in first.
error-unreachable = The server could not be reached. Check your connection and try again.
error-malformed = The request could not be read: { $detail }
error-server = The server failed: { $detail }
error-server-setup = This server is not set up for that; its operator can fix it.
error-session = Your session cannot be read right now; nothing was changed. Try again shortly.
error-user-twice = This request names its user more than once; it was refused.
error-store-unavailable = Your conversations cannot be reached right now; nothing was changed. Try again shortly.
error-changed-elsewhere = This conversation was changed elsewhere (another tab or device); reload to see it.
error-title-empty = a title cannot be empty
error-title-too-long = a title can be at most { $max } characters
error-bad-name = a name is 1 to { $max } letters, digits and . _ @ + - (no spaces)
error-name-taken = the name { $name } is taken
error-folder-name-empty = a folder needs a name
error-folder-name-too-long = a folder's name can be at most { $max } characters
error-too-many-folders = you can have at most { $max } folders
error-bad-key-name = a key's name must be 1 to { $max } characters, without control characters
error-too-many-keys = you already have { $max } keys; revoke one you no longer use first
error-bad-rating = a rating is like or dislike
error-too-fast-messages = You are sending messages faster than this server allows. You can try again in { $secs ->
        [one] { $secs } second
       *[other] { $secs } seconds
    }.
error-too-fast-requests = You are sending requests faster than this server allows. You can try again in { $secs ->
        [one] { $secs } second
       *[other] { $secs } seconds
    }.
error-too-fast-address = This address is sending requests faster than this server allows. You can try again in { $secs ->
        [one] { $secs } second
       *[other] { $secs } seconds
    }.
error-too-fast-searching = You are searching faster than this server allows. You can try again in { $secs ->
        [one] { $secs } second
       *[other] { $secs } seconds
    }.
error-too-fast-playground = You are using the playground faster than this server allows. You can try again in { $secs ->
        [one] { $secs } second
       *[other] { $secs } seconds
    }.
error-too-fast-files = You are sending files faster than this server allows. You can try again in { $secs ->
        [one] { $secs } second
       *[other] { $secs } seconds
    }.
error-too-fast-imports = You are importing conversations faster than this server allows. You can try again in { $secs ->
        [one] { $secs } second
       *[other] { $secs } seconds
    }.
error-too-fast-sign-in = Too many sign-in attempts. You can try again in { $secs ->
        [one] { $secs } second
       *[other] { $secs } seconds
    }.
error-too-fast-sign-up = Too many attempts. You can try again in { $secs ->
        [one] { $secs } second
       *[other] { $secs } seconds
    }.
error-model-unavailable = the model could not be loaded: { $detail }
error-context-overflow = the conversation is too long for the model ({ $prompt } tokens, context { $context } tokens); clear it and start again
error-generation = the model failed while generating: { $detail }
error-provider-unreachable = { $provider } could not be reached ({ $detail }); check that it is running and that its base_url is right
error-key-rejected = { $provider } rejected the API key (HTTP { $status }); check the key configured for it on the server
error-provider-rate-limited = { $provider } is rate-limiting requests and still was after { $attempts } attempts; try again in { $secs } s
error-provider-rate-limited-minute = { $provider } is rate-limiting requests and still was after { $attempts } attempts; try again in a minute
error-provider-status = { $provider } answered HTTP { $status }{ $attempts ->
        [1] {""}
       *[other] {" "}after { $attempts } attempts
    }
error-provider-status-detail = { $provider } answered HTTP { $status }{ $attempts ->
        [1] {""}
       *[other] {" "}after { $attempts } attempts
    }: { $detail }
error-provider-refused = { $provider } refused the request (HTTP { $status })
error-provider-refused-detail = { $provider } refused the request (HTTP { $status }): { $detail }
error-provider-interrupted = the reply from { $provider } was interrupted: { $detail }
error-provider-malformed = { $provider } sent data Colloquy cannot read: { $detail }
error-provider-stalled = { $provider } sent nothing for { $secs } s, so the request was abandoned
error-provider-no-first-token = { $provider } did not start answering within { $secs } s, so the request was abandoned
error-busy = { $model } is busy right now ({ $waiting } waiting already); try again in a little while.
error-too-many-places = You already have { $held } replies waiting or being written by { $model }; wait for one to finish.
error-model-not-offered = That model is not offered here; pick one from the list.
error-no-user-message = There is no message of yours to reply to.
error-not-users-message = a new message must be the user's
error-compare-incomplete = Both replies could not be started; try again.
error-too-many-messages = This conversation has { $messages } messages; the limit is { $limit }. Start a new chat to go on.
error-message-empty = the message is empty; type something before sending
error-message-too-long = the message is { $len } bytes long; the limit is { $limit } bytes, so shorten it or split it
error-history-system = message { $index } of the history has the system role; the system prompt is set on the server
error-history-message-too-long = message { $index } of the history is over { $limit } bytes
error-conversation-too-long = the conversation is { $total } bytes long; the limit is { $limit } bytes, so clear it and start again
error-comment-too-long = the comment is { $len } bytes long; the limit is { $limit }
error-not-a-reply = not a reply id
error-unknown-language = That is not a language this app has.
error-setting-unknown = there is no setting named "{ $name }"; reload the page to get the current settings
error-setting-invalid = { $label } must be { $expected }
error-attachments-off = attachments are turned off on this server
error-attachments-too-many = a message can carry at most { $limit } files; remove some
error-attachment-not-accepted = { $model } cannot read { $kind ->
        [image] image
        [audio] audio
       *[text] text
    } files such as { $name }; pick a model that can, or remove the file
error-attachment-twice = { $name } is attached twice to one message; attach each file once
error-attachments-too-much-text = This conversation with its text files is more than { $limit } bytes, the most sent with one turn. Start a new chat to go on.
error-attachments-too-much-media = The images and audio of this conversation are more than { $limit } bytes, the most sent with one turn. Start a new chat, or remove some files.
error-attachments-unreadable = The attachments could not be read; try again later.
error-file-empty = { $name } is empty
error-file-too-large = { $name } is { $size } bytes; files can be at most { $limit } bytes
error-file-type = { $name } is not a file type this chat takes; attach { $allowed }
error-file-pixels = { $name } is a { $width }×{ $height } image; images can have at most { $limit } pixels
error-file-unreadable-image = { $name } looks like an image but its size cannot be read; it may be damaged
error-file-over-quota = { $name } does not fit: your files take { $used } bytes of the { $limit } you may store here
error-file-address-over-quota = { $name } does not fit: files sent from your address take { $used } bytes of the { $limit } it may store here
error-file-store-full = { $name } cannot be stored: this server's space for files is full; try again later
error-file-gone = that attachment is no longer available; attach the file again
error-file-not-stored = the file could not be stored; try again later
error-sign-in-mismatch = That name and password do not match an account.
error-password-too-short = a password needs at least { $min } characters
error-password-too-long = a password can be at most { $max } bytes
error-password-not-stored = Your password could not be stored; try again.
error-keys-unavailable = The server cannot check API keys right now; try again shortly.
error-draft-failed = The model could not draft: { $detail }
error-describe-first = Describe the bot you want first.
error-describe-shorter = Describe it in at most { $limit } bytes.
error-bot-file = The bot file is not valid: { $detail }
error-system-prompt-too-long = That system prompt is too long.
error-preview-text-only = The preview takes text only.
error-bot-name = The bot's name: { $detail }
error-bot-operators = The bot { $name } was written by this app's operator; the playground cannot change it. Save yours under another name.
error-bot-someone-elses = The bot { $name } was saved by someone else; only they (or an admin) can replace it. Save yours under another name.
error-bot-exists = there is already a bot named { $name }; choose another name, or tick "replace" to change it
error-bots-full = this app has { $count } bots already, the most it keeps
error-bot-not-written = The bot file could not be written; try again later.
error-conversations-unreachable = Your conversations cannot be reached right now; try again shortly.
error-shared-unreachable = This conversation cannot be reached right now; try again shortly.
error-file-over-limit = a file can be at most { $limit } bytes
error-import-too-big = Import failed: an export can be at most { $mib } MiB
error-import-no-file = Import failed: choose a file to import
error-import-empty = Import failed: the request has no file
error-import-form = Import failed: the form could not be read: { $detail }
error-import-invalid = Import failed: { $detail }
error-import-unavailable = Import failed: the conversation could not be stored right now; nothing was imported; try again shortly

## The page the installed app shows offline (server/src/installable)

offline-title = { $title }: offline
offline-text = You are offline. Replies need the connection to the server; your conversations are kept there and come back with it.
offline-try-again = Try again
