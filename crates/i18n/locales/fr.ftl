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
