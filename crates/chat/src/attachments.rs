//! Attachments of a turn's messages, read back from the upload store and
//! made into what a model takes: text files written into the message,
//! images and audio as media for models configured to accept them.

use colloquy_core::{ChatMessage, Media, MediaKind};
use colloquy_uploads::{AttachmentKind, UploadError, UploadStore};

use crate::state::CatalogEntry;
use colloquy_wire::AttachmentView;

/// Why a turn's attachments cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum AttachError {
    #[error("attachments are turned off on this server")]
    Disabled,
    #[error("a message can carry at most {limit} files; remove some")]
    TooMany { limit: usize },
    #[error("{model} cannot read {kind} files such as {name}; pick a model that can, or remove the file")]
    NotAccepted { model: String, kind: &'static str, name: String },
    #[error("{name} is attached twice to one message; attach each file once")]
    Twice { name: String },
    #[error("This conversation with its text files is more than {limit} bytes, the most sent with one turn. Start a new chat to go on.")]
    TooMuchText { limit: usize },
    #[error("The images and audio of this conversation are more than {limit} bytes, the most sent with one turn. Start a new chat, or remove some files.")]
    TooMuchMedia { limit: usize },
    #[error(transparent)]
    Upload(#[from] UploadError),
}

impl AttachError {
    /// Whether the person can fix it (as opposed to a fault of the server).
    pub fn is_client_error(&self) -> bool {
        match self {
            AttachError::Upload(e) => e.is_client_error(),
            _ => true,
        }
    }
}

/// What a turn's files may be: at most `max_files` a message, and what
/// they may still add: text (into the history's bytes) and media (images
/// and audio). Checked from each file's record before its bytes are read,
/// so a turn over its bounds reads no more than one file.
#[derive(Debug, Clone)]
pub struct TurnBudget {
    max_files: usize,
    text_left: usize,
    text_limit: usize,
    media_left: usize,
    media_limit: usize,
}

impl TurnBudget {
    /// `max_files` a message; `text_left` of `text_limit` history bytes
    /// unused by the messages' own text; `media_limit` bytes of images and
    /// audio.
    pub fn new(max_files: usize, text_left: usize, text_limit: usize, media_limit: usize) -> Self {
        Self { max_files, text_left, text_limit, media_left: media_limit, media_limit }
    }

    fn take(&mut self, kind: AttachmentKind, bytes: usize) -> Result<(), AttachError> {
        let (left, error) = match kind {
            AttachmentKind::Text => (&mut self.text_left, AttachError::TooMuchText { limit: self.text_limit }),
            AttachmentKind::Image | AttachmentKind::Audio => {
                (&mut self.media_left, AttachError::TooMuchMedia { limit: self.media_limit })
            }
        };
        *left = left.checked_sub(bytes).ok_or(error)?;
        Ok(())
    }
}

/// Adds `attachments` (uploaded by `owner`) to `message`, within `budget`. For the new message, a kind the model
/// cannot take is refused; in earlier messages (the conversation may have
/// switched models) such a file is only mentioned by name.
pub async fn attach(
    store: Option<&UploadStore>,
    owner: &str,
    model: &CatalogEntry,
    attachments: &[AttachmentView],
    is_new: bool,
    message: &mut ChatMessage,
    budget: &mut TurnBudget,
) -> Result<(), AttachError> {
    if attachments.is_empty() {
        return Ok(());
    }
    let store = store.ok_or(AttachError::Disabled)?;
    if attachments.len() > budget.max_files {
        return Err(AttachError::TooMany { limit: budget.max_files });
    }
    for (i, attachment) in attachments.iter().enumerate() {
        if attachments[..i].iter().any(|earlier| earlier.id == attachment.id) {
            return Err(AttachError::Twice { name: attachment.name.clone() });
        }
    }
    for attachment in attachments {
        let (store, id, owner) = (store.clone(), attachment.id.clone(), owner.to_string());
        let mut budget_now = budget.clone();
        let (upload, bytes) = tokio::task::spawn_blocking(move || {
            let upload = store.info(&owner, &id)?;
            // Written into the prompt as a `<file>` block: its bytes and a little more.
            let counted = match upload.kind {
                AttachmentKind::Text => upload.size + upload.name.len() + 32,
                _ => upload.size,
            };
            budget_now.take(upload.kind, counted)?;
            if is_new {
                store.mark_attached(&owner, &id)?;
            }
            let (upload, bytes) = store.load(&owner, &id)?;
            Ok::<_, AttachError>((upload, bytes, budget_now))
        })
        .await
        .map_err(|e| UploadError::Io(std::io::Error::other(e)))?
        .map(|(upload, bytes, left)| {
            *budget = left;
            (upload, bytes)
        })?;
        let name = upload.name.replace('"', "'");
        let media = match upload.kind {
            AttachmentKind::Text => {
                // The store only keeps valid UTF-8 as text.
                let text = String::from_utf8_lossy(&bytes);
                message.content.push_str(&format!("\n\n<file name=\"{name}\">\n{text}\n</file>"));
                continue;
            }
            AttachmentKind::Image => MediaKind::Image,
            AttachmentKind::Audio => MediaKind::Audio,
        };
        if model.accepts.contains(&media) {
            message.media.push(Media { kind: media, mime: upload.mime, data: bytes });
        } else if is_new {
            return Err(AttachError::NotAccepted {
                model: model.label.clone(),
                kind: media.as_str(),
                name: upload.name,
            });
        } else {
            message.content.push_str(&format!("\n\n[{name}: {} the current model cannot take]", media.as_str()));
        }
    }
    Ok(())
}
