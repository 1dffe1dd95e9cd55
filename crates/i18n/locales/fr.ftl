# L'interface de Colloquy en français. Les mêmes messages que en.ftl.

## The chat page: header and messages

menu = Menu
copy-all = Tout copier
    .title = Copier toute la conversation
conversation = Conversation
not-found-conversation = Cette conversation est introuvable.
not-found-folder = Ce dossier est introuvable.
not-found-why = Elle a peut-être été supprimée, ou elle appartient à quelqu'un d'autre.
start-new-chat = Commencer une nouvelle discussion
model = Modèle
jump-to-latest = ↓ Aller au plus récent
theme-light = Passer au thème clair
theme-dark = Passer au thème sombre
show-earlier = Afficher les messages précédents ({ $count ->
        [one] { $count } message avant ceux-ci
       *[other] { $count } messages avant ceux-ci
    })
copied = Copié
copy-failed = Échec de la copie
copy = Copier
    .message = Copier ce message
reply-loading = Chargement du modèle…
reply-queued = Position { $position } dans la file…
reply-stopped = Arrêté.
reply-interrupted = Interrompu : { $why }
edit = Modifier
    .title = Modifier ce message et obtenir une nouvelle réponse
thought-briefly = A réfléchi moins d'une seconde
thought-for = A réfléchi { $seconds } s
thinking-now = Réflexion…
thinking = Réflexion
retry = Régénérer
    .title = Générer à nouveau cette réponse
feedback-thanks = Merci pour votre avis.
feedback-comment = Commentaire sur la réponse
    .placeholder = Qu'est-ce qui était bien ou mal dans cette réponse ? (facultatif)
feedback-send = Envoyer l'avis
edit-message = Modifier le message
edit-save = Enregistrer et régénérer
cancel = Annuler
like = J'aime
dislike = Je n'aime pas

## The composer

message = Message
    .placeholder = Écrivez un message… (Entrée pour envoyer, Maj+Entrée pour une nouvelle ligne)
send = Envoyer
stop = Arrêter
undo = Annuler le tour
    .title = Retirer le dernier tour et remettre votre message dans la zone de saisie
attach = Joindre des fichiers
    .title = Joindre des fichiers (ou les déposer ou les coller)

## The sidebar

conversations = Conversations
    .show = Afficher les conversations
new-chat = + Nouvelle discussion
all-bots = Tous les bots
playground = Bac à sable
search = Rechercher dans les conversations
search-in = Rechercher dans { $folder }
search-results = Résultats de recherche
search-nothing = Aucun résultat pour « { $query } ».
search-matches = { $count ->
        [one] { $count } résultat
       *[other] { $count } résultats
    }
import = Importer une conversation
    .file = Conversation exportée (JSON)
    .button = Importer
api-keys = Clés d'API
pinned = Épinglée :
conversation-options = Options pour { $title }
rename = Renommer
    .field = Nouveau titre
delete = Supprimer
    .open = Supprimer…
    .question = Supprimer définitivement cette conversation ?

## Folders and pins

folders = Dossiers
    .all = Toutes les conversations
folder-new = Nouveau dossier
    .name = Nom du nouveau dossier
    .add = Ajouter
folder-options = Options du dossier { $folder }
folder-rename = Renommer
    .field = Nouveau nom du dossier
folder-delete = Supprimer le dossier
    .open = Supprimer le dossier…
    .question = Supprimer ce dossier ? Ses conversations sont conservées et reviennent dans la liste.
pin = Épingler en haut
unpin = Désépingler
folder = Dossier
    .none = Aucun dossier
    .move = Déplacer

## Sharing and export

share = Partager / exporter
export-markdown = Exporter en Markdown
export-json = Exporter en JSON
share-link = Toute personne disposant de ce lien peut lire cette conversation :
    .once = Copiez-le maintenant : il ne sera plus affiché.
share-shared = Toute personne disposant du lien en lecture seule de cette conversation peut la lire.
share-renew = Créer un nouveau lien (l'ancien cessera de fonctionner)
share-stop = Arrêter le partage
share-create = Créer un lien en lecture seule

## Attachments

file-too-many = Un message peut contenir au plus { $max } fichiers.
file-kind = { $name } n'est pas un type de fichier accepté ici ({ $kinds }).
file-too-big = { $name } fait { $size } ; la limite est de { $limit }.
kind-image = image
kind-text = texte
kind-audio = audio
upload-failed = L'envoi a échoué ; vérifiez votre connexion et réessayez.
    .status = L'envoi a échoué (HTTP { $status }).
attached-files = Fichiers joints
uploading = Envoi en cours…
file-remove = Retirer { $name }

## Read aloud, dictation and the recorder

read-aloud = Lire à voix haute
    .title = Lire cette réponse à voix haute ; appuyez à nouveau pour arrêter
    .code = Bloc de code, non lu.
    .formula = formule
dictate = Dicter
    .title = Dicter : parlez et c'est écrit ; appuyez à nouveau pour arrêter
dictate-stopped = La dictée s'est arrêtée : { $why }.
dictate-failed = La reconnaissance vocale n'a pas pu démarrer.
dictate-missing = Ce navigateur n'a pas de reconnaissance vocale.
record = Enregistrer de l'audio
    .title = Enregistrer un message vocal
record-stop = Arrêter l'enregistrement
    .title = Arrêter l'enregistrement et le joindre
record-no-microphone = Le microphone n'a pas pu être utilisé ; autorisez-le dans le navigateur, ou joignez un fichier audio.
record-unreadable = L'enregistrement n'a pas pu être lu ; réessayez, ou joignez un fichier audio.

## Settings, versions and Compare

settings = Paramètres
versions = Versions
    .previous = Version précédente
    .next = Version suivante
version-failed = Cette version n'a pas pu être affichée : { $why }
compare = Comparer
    .title = Envoyer ce message à deux modèles et comparer leurs réponses
    .group = Comparer deux réponses
compare-second = Deuxième réponse de
compare-send = Envoyer aux deux
compare-answer = Réponse { $number } : { $model }
compare-choose = Garder cette réponse
compare-choose-failed = Cette réponse n'a pas pu être choisie : { $why }

## What the conversation says

reply-cut-off = La réponse a été coupée avant d'être terminée.
reply-failed = La réponse a échoué.
earlier-failed = Les messages précédents n'ont pas pu être lus : { $why }
message-too-long = Ce message fait { $length } octets ; la limite est de { $limit } octets. Raccourcissez-le ou découpez-le.
model-cannot-read = { $model } ne sait pas lire les fichiers de type { $kind } comme { $name } ; choisissez un modèle qui le peut, ou retirez le fichier.
files-wait = Attendez la fin de l'envoi des fichiers.
files-failed = Retirez les fichiers qui n'ont pas pu être envoyés.
new-chat-title = Nouvelle discussion
undo-failed = Le tour n'a pas pu être retiré de la conversation enregistrée
connection-failed = La connexion a échoué : { $why }
connection-ended = La connexion s'est terminée avant que la réponse soit complète.

## The language picker

language = Langue
    .apply = Appliquer

## Shared conversations, the bots' list, a missing page

shared-not-found = Cette conversation partagée est introuvable : le lien a peut-être été révoqué.
shared-start = Commencer une discussion
shared-description = Une conversation partagée (lecture seule)
shared-own = Commencer votre propre discussion
shared-note = ({ $status ->
        [streaming] en cours
        [interrupted] interrompue
        [stopped] arrêtée
       *[failed] échouée
    })
shared-note-why = ({ $status ->
        [streaming] en cours
        [interrupted] interrompue
        [stopped] arrêtée
       *[failed] échouée
    } : { $why })
bots = Bots
    .description = Chaque bot a sa page, son prompt et ses exemples ; vos conversations avec tous sont dans chaque barre latérale.
    .new = Créer un nouveau bot dans le bac à sable
page-not-found = Page introuvable.
copy-code = Copier
    .name = Copier le code

## Accounts, administration and API keys

sign-in = Se connecter
    .ask = Vous avez un compte ?
sign-up = Créer un compte
    .button = Créer le compte
    .ask = Pas encore de compte ?
    .link = En créer un
sign-out = Se déconnecter
signed-in = Connecté
account-name = Nom
account-password = Mot de passe
admin = Administration
    .back = ← Retour à la discussion
admin-feedback = Avis
    .about = Chaque « j'aime » et « je n'aime pas » avec son commentaire, le message et la réponse, un objet JSON par ligne :
    .download = Télécharger feedback.jsonl
admin-users = Utilisateurs
    .anonymous = { $count ->
        [one] Plus { $count } utilisateur anonyme (mode ouvert).
       *[other] Plus { $count } utilisateurs anonymes (mode ouvert).
    }
    .admin = Admin
    .yes = oui
keys-new = Votre nouvelle clé. Copiez-la maintenant : elle ne sera plus affichée.
keys-none = Aucune clé pour l'instant.
keys-key = Clé
keys-made = Créée
keys-used = Dernière utilisation
    .never = jamais
keys-revoke = Révoquer
    .name = Révoquer { $name }
keys-about = Les programmes joignent ce bot par son API compatible OpenAI ({ $endpoints }) avec une de vos clés, envoyée comme { $header }. Toute bibliothèque cliente OpenAI convient : réglez son URL de base sur { $base } de ce site et son modèle sur { $model }.
keys-name = Nom
    .placeholder = script du portable
keys-create = Créer une clé

## The playground

pg-about = Décrivez le bot que vous voulez ; le modèle en fait un brouillon. Modifiez-le, essayez-le à côté du formulaire et enregistrez-le comme une page de cette application.
pg-chat = Discussion
pg-bot = Le bot
pg-preview = Aperçu
    .conversation = Conversation d'aperçu
pg-describe = Décrivez votre bot
    .label = Décrivez le bot que vous voulez, avec des mots simples
    .placeholder = Un bot sympathique qui propose des recettes avec ce qu'il y a dans mon frigo.
pg-drafting = Brouillon en cours…
pg-draft = Faire un brouillon
pg-form = Formulaire
pg-title = Titre
pg-description = Description
pg-system-prompt = Prompt système
pg-examples = Exemples (un par ligne)
pg-settings = Réglages (listes déroulantes ; chacun est {"{"}name{"}"} dans le prompt)
pg-add-setting = + Ajouter un réglage
pg-setting-name = Nom du réglage
pg-setting-label = Libellé du réglage
pg-setting-choices = Choix, séparés par des virgules
pg-setting-remove = Retirer ce réglage
pg-toml = Fichier du bot (TOML)
    .check = Le vérifier et mettre à jour le formulaire
pg-save = Enregistrer
    .name = Nom (son adresse : /bots/NAME)
    .replace = Remplacer un bot de ce nom
    .taken = Un bot de ce nom existe : cochez « Remplacer » pour le modifier, ou choisissez un autre nom.
    .button = Enregistrer le bot
pg-saved = Enregistré. Il est en ligne à
pg-open = Modifier un bot enregistré
pg-preview-message = Message pour l'aperçu
    .placeholder = Essayez votre bot…
pg-clear = Effacer
pg-side-model = Modèle { $side }
pg-side-prompt = Prompt système { $side }
pg-compare = Un message, deux réponses : choisissez deux modèles, ou changez le prompt système d'un côté.
    .message = Message à comparer
    .placeholder = Un message pour les deux côtés…

## The settings panel's built-in inputs (unless the configuration labels them)

input-system-prompt = Prompt système
input-temperature = Température
input-top-p = Top-p
input-max-tokens = Tokens maximum

## The server's words: errors and refusals (colloquy_i18n::Said), worded
## by the page in its language

error-not-found = { $what ->
        [conversation] Cette conversation est introuvable ; elle a peut-être été supprimée.
        [folder] Ce dossier est introuvable ; il a peut-être été supprimé.
        [reply] Cette réponse est introuvable ; elle a peut-être été supprimée.
        [attachment] Cette pièce jointe est introuvable ; elle a peut-être été supprimée.
        [bot] Ce bot est introuvable ; il a peut-être été supprimé.
        [account] Ce compte est introuvable ; il a peut-être été supprimé.
        [api-key] Cette clé d'API est introuvable ; elle a peut-être été supprimée.
       *[page] Cette page est introuvable ; elle a peut-être été supprimée.
    }
error-sign-in-first = Connectez-vous d'abord.
error-unreachable = Le serveur est injoignable. Vérifiez votre connexion et réessayez.
error-malformed = La requête est illisible : { $detail }
error-server = Le serveur a échoué : { $detail }
error-server-setup = Ce serveur n'est pas configuré pour cela ; son opérateur peut y remédier.
error-session = Votre session est illisible pour le moment ; rien n'a été modifié. Réessayez dans un instant.
error-user-twice = Cette requête nomme son utilisateur plus d’une fois ; elle a été refusée.
error-store-unavailable = Vos conversations sont inaccessibles pour le moment ; rien n'a été modifié. Réessayez dans un instant.
error-changed-elsewhere = Cette conversation a été modifiée ailleurs (un autre onglet ou appareil) ; rechargez pour la voir.
error-title-empty = Un titre ne peut pas être vide.
error-title-too-long = Un titre peut compter au plus { $max } caractères.
error-bad-name = Un nom compte 1 à { $max } lettres, chiffres et . _ @ + - (sans espaces).
error-name-taken = Le nom { $name } est déjà pris.
error-folder-name-empty = Un dossier a besoin d’un nom.
error-folder-name-too-long = Le nom d’un dossier peut compter au plus { $max } caractères.
error-too-many-folders = Vous pouvez avoir au plus { $max } dossiers.
error-bad-key-name = Le nom d’une clé doit compter 1 à { $max } caractères, sans caractères de contrôle.
error-too-many-keys = Vous avez déjà { $max } clés ; révoquez d’abord celle dont vous ne vous servez plus.
error-bad-rating = Une note est « j’aime » ou « je n’aime pas ».
error-too-fast-messages = Vous envoyez des messages plus vite que ce serveur ne le permet. Vous pourrez réessayer dans { $secs ->
        [one] { $secs } seconde
       *[other] { $secs } secondes
    }.
error-too-fast-requests = Vous envoyez des requêtes plus vite que ce serveur ne le permet. Vous pourrez réessayer dans { $secs ->
        [one] { $secs } seconde
       *[other] { $secs } secondes
    }.
error-too-fast-address = Cette adresse envoie des requêtes plus vite que ce serveur ne le permet. Vous pourrez réessayer dans { $secs ->
        [one] { $secs } seconde
       *[other] { $secs } secondes
    }.
error-too-fast-searching = Vous cherchez plus vite que ce serveur ne le permet. Vous pourrez réessayer dans { $secs ->
        [one] { $secs } seconde
       *[other] { $secs } secondes
    }.
error-too-fast-playground = Vous utilisez le bac à sable plus vite que ce serveur ne le permet. Vous pourrez réessayer dans { $secs ->
        [one] { $secs } seconde
       *[other] { $secs } secondes
    }.
error-too-fast-files = Vous envoyez des fichiers plus vite que ce serveur ne le permet. Vous pourrez réessayer dans { $secs ->
        [one] { $secs } seconde
       *[other] { $secs } secondes
    }.
error-too-fast-imports = Vous importez des conversations plus vite que ce serveur ne le permet. Vous pourrez réessayer dans { $secs ->
        [one] { $secs } seconde
       *[other] { $secs } secondes
    }.
error-too-fast-sign-in = Trop de tentatives de connexion. Vous pourrez réessayer dans { $secs ->
        [one] { $secs } seconde
       *[other] { $secs } secondes
    }.
error-too-fast-sign-up = Trop de tentatives. Vous pourrez réessayer dans { $secs ->
        [one] { $secs } seconde
       *[other] { $secs } secondes
    }.
error-model-unavailable = Le modèle n'a pas pu être chargé : { $detail }
error-context-overflow = La conversation est trop longue pour le modèle ({ $prompt } jetons, contexte de { $context } jetons) ; effacez-la et recommencez.
error-generation = Le modèle a échoué pendant la génération : { $detail }
error-provider-unreachable = { $provider } est injoignable ({ $detail }) ; vérifiez qu'il tourne et que sa base_url est juste.
error-key-rejected = { $provider } a rejeté la clé d'API (HTTP { $status }) ; vérifiez la clé configurée pour lui sur le serveur.
error-provider-rate-limited = { $provider } limite les requêtes et le faisait encore après { $attempts } tentatives ; réessayez dans { $secs } s.
error-provider-rate-limited-minute = { $provider } limite les requêtes et le faisait encore après { $attempts } tentatives ; réessayez dans une minute.
error-provider-status = { $provider } a répondu HTTP { $status }{ $attempts ->
        [1] {""}
       *[other] {" "}après { $attempts } tentatives
    }
error-provider-status-detail = { $provider } a répondu HTTP { $status }{ $attempts ->
        [1] {""}
       *[other] {" "}après { $attempts } tentatives
    } : { $detail }
error-provider-refused = { $provider } a refusé la requête (HTTP { $status })
error-provider-refused-detail = { $provider } a refusé la requête (HTTP { $status }) : { $detail }
error-provider-interrupted = La réponse de { $provider } a été interrompue : { $detail }
error-provider-malformed = { $provider } a envoyé des données que Colloquy ne sait pas lire : { $detail }
error-provider-stalled = { $provider } n'a rien envoyé pendant { $secs } s ; la requête a été abandonnée.
error-provider-no-first-token = { $provider } n'a pas commencé à répondre en { $secs } s ; la requête a été abandonnée.
error-busy = { $model } est occupé pour le moment ({ $waiting } en attente déjà) ; réessayez dans un petit moment.
error-too-many-places = Vous avez déjà { $held } réponses en attente ou en cours d’écriture par { $model } ; attendez qu’une se termine.
error-model-not-offered = Ce modèle n'est pas proposé ici ; choisissez-en un dans la liste.
error-no-user-message = Il n'y a aucun message de vous auquel répondre.
error-not-users-message = Un nouveau message doit être celui de l'utilisateur.
error-compare-incomplete = Les deux réponses n'ont pas pu démarrer ; réessayez.
error-too-many-messages = Cette conversation compte { $messages } messages ; la limite est { $limit }. Commencez une nouvelle discussion pour continuer.
error-message-empty = Le message est vide ; écrivez quelque chose avant de l’envoyer.
error-message-too-long = Le message fait { $len } octets ; la limite est de { $limit } octets. Raccourcissez-le ou coupez-le.
error-history-system = Le message { $index } de l'historique a le rôle système ; l'invite système est fixée sur le serveur.
error-history-message-too-long = Le message { $index } de l'historique dépasse { $limit } octets.
error-conversation-too-long = La conversation fait { $total } octets ; la limite est de { $limit } octets. Effacez-la et recommencez.
error-comment-too-long = Le commentaire fait { $len } octets ; la limite est de { $limit } octets.
error-not-a-reply = Ce n'est pas l'identifiant d'une réponse.
error-unknown-language = Cette application n'a pas cette langue.
error-setting-unknown = Il n'y a pas de réglage nommé { $name } ; rechargez la page pour obtenir les réglages actuels.
error-setting-invalid = { $label } doit être { $expected }.
error-attachments-off = Les pièces jointes sont désactivées sur ce serveur.
error-attachments-too-many = Un message peut porter au plus { $limit } fichiers ; retirez-en quelques-uns.
error-attachment-not-accepted = { $model } ne sait pas lire les fichiers { $kind ->
        [image] image
        [audio] audio
       *[text] texte
    } comme { $name } ; choisissez un modèle qui le sait, ou retirez le fichier.
error-attachment-twice = { $name } est joint deux fois au même message ; joignez chaque fichier une seule fois.
error-attachments-too-much-text = Cette conversation avec ses fichiers texte dépasse { $limit } octets, le maximum envoyé en un tour. Commencez une nouvelle discussion pour continuer.
error-attachments-too-much-media = Les images et l’audio de cette conversation dépassent { $limit } octets, le maximum envoyé en un tour. Commencez une nouvelle discussion, ou retirez des fichiers.
error-attachments-unreadable = Les pièces jointes n'ont pas pu être lues ; réessayez plus tard.
error-file-empty = { $name } est vide.
error-file-too-large = { $name } fait { $size } octets ; un fichier peut faire au plus { $limit } octets.
error-file-type = { $name } n'est pas un type de fichier que cette discussion accepte ; joignez { $allowed }.
error-file-pixels = { $name } est une image de { $width }×{ $height } ; une image peut avoir au plus { $limit } pixels.
error-file-unreadable-image = { $name } ressemble à une image, mais sa taille est illisible ; elle est peut-être endommagée.
error-file-over-quota = { $name } ne tient pas : vos fichiers occupent { $used } octets des { $limit } que vous pouvez stocker ici.
error-file-address-over-quota = { $name } ne tient pas : les fichiers envoyés depuis votre adresse occupent { $used } octets des { $limit } qu’elle peut stocker ici.
error-file-store-full = { $name } ne peut pas être stocké : l'espace de ce serveur pour les fichiers est plein ; réessayez plus tard.
error-file-gone = Cette pièce jointe n'est plus disponible ; joignez à nouveau le fichier.
error-file-not-stored = Le fichier n'a pas pu être stocké ; réessayez plus tard.
error-sign-in-mismatch = Ce nom et ce mot de passe ne correspondent à aucun compte.
error-password-too-short = Un mot de passe doit compter au moins { $min } caractères.
error-password-too-long = Un mot de passe peut faire au plus { $max } octets.
error-password-not-stored = Votre mot de passe n'a pas pu être enregistré ; réessayez.
error-keys-unavailable = Le serveur ne peut pas vérifier les clés d'API pour le moment ; réessayez dans un instant.
error-draft-failed = Le modèle n'a pas pu rédiger : { $detail }
error-describe-first = Décrivez d'abord le bot que vous voulez.
error-describe-shorter = Décrivez-le en { $limit } octets au plus.
error-bot-file = Le fichier du bot n'est pas valide : { $detail }
error-system-prompt-too-long = Cette invite système est trop longue.
error-preview-text-only = L'aperçu n'accepte que du texte.
error-bot-name = Le nom du bot : { $detail }
error-bot-operators = Le bot { $name } a été écrit par l'opérateur de cette application ; le bac à sable ne peut pas le modifier. Enregistrez le vôtre sous un autre nom.
error-bot-someone-elses = Le bot { $name } a été enregistré par quelqu'un d'autre ; seul cette personne (ou un admin) peut le remplacer. Enregistrez le vôtre sous un autre nom.
error-bot-exists = Un bot nommé { $name } existe déjà ; choisissez un autre nom, ou cochez « Remplacer » pour le modifier.
error-bots-full = Cette application a déjà { $count } bots, le maximum qu’elle garde.
error-bot-not-written = Le fichier du bot n'a pas pu être écrit ; réessayez plus tard.
error-conversations-unreachable = Vos conversations sont inaccessibles pour le moment ; réessayez dans un instant.
error-shared-unreachable = Cette conversation est inaccessible pour le moment ; réessayez dans un instant.
error-file-over-limit = Un fichier peut faire au plus { $limit } octets.
error-import-too-big = Échec de l'import : un export peut faire au plus { $mib } Mio.
error-import-no-file = Échec de l'import : choisissez un fichier à importer.
error-import-empty = Échec de l'import : la requête ne contient aucun fichier.
error-import-form = Échec de l'import : le formulaire est illisible : { $detail }
error-import-invalid = Échec de l'import : { $detail }
error-import-unavailable = Échec de l'import : la conversation ne peut pas être enregistrée pour le moment ; rien n'a été importé. Réessayez dans un instant.

## The page the installed app shows offline (server/src/installable)

offline-title = { $title } : hors ligne
offline-text = Vous êtes hors ligne. Les réponses ont besoin de la connexion au serveur ; vos conversations y sont gardées et reviennent avec elle.
offline-try-again = Réessayer
