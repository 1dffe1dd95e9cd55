//! Attachments of a turn's messages, read back from the upload store and
//! made into what a model takes: text files written into the message,
//! images and audio as media for models configured to accept them.

use colloquy_core::{ChatMessage, Media, MediaKind};
use colloquy_uploads::{AttachmentKind, UploadError, UploadStore};

use crate::chat::wire::AttachmentView;
use crate::state::CatalogEntry;

/// Why a turn's attachments cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum AttachError {
    #[error("attachments are turned off on this server")]
    Disabled,
    #[error("a message can carry at most {limit} files; remove some")]
    TooMany { limit: usize },
    #[error("{model} cannot read {kind} files such as {name}; pick a model that can, or remove the file")]
    NotAccepted { model: String, kind: &'static str, name: String },
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

/// Adds `attachments` (uploaded by `owner`) to `message`. For the new message, a kind the model
/// cannot take is refused; in earlier messages (the conversation may have
/// switched models) such a file is only mentioned by name.
pub async fn attach(
    store: Option<&UploadStore>,
    owner: &str,
    max_files: usize,
    model: &CatalogEntry,
    attachments: &[AttachmentView],
    is_new: bool,
    message: &mut ChatMessage,
) -> Result<(), AttachError> {
    if attachments.is_empty() {
        return Ok(());
    }
    let store = store.ok_or(AttachError::Disabled)?;
    if attachments.len() > max_files {
        return Err(AttachError::TooMany { limit: max_files });
    }
    for attachment in attachments {
        let (store, id, owner) = (store.clone(), attachment.id.clone(), owner.to_string());
        let (upload, bytes) = tokio::task::spawn_blocking(move || store.load(&owner, &id))
            .await
            .map_err(|e| UploadError::Io(std::io::Error::other(e)))??;
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
