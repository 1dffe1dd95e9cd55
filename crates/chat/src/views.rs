//! Stored messages as the page and the model read them again: the one
//! place a stored role becomes the page's [`Speaker`].

use colloquy_store::StoredMessage;
use colloquy_wire::{FileKind, Rating, Speaker, StoredStatus, StoredView, VariantOf, WireMessage};

/// What an upload is, as the page knows it.
pub fn file_kind(kind: colloquy_uploads::AttachmentKind) -> FileKind {
    match kind {
        colloquy_uploads::AttachmentKind::Image => FileKind::Image,
        colloquy_uploads::AttachmentKind::Audio => FileKind::Audio,
        colloquy_uploads::AttachmentKind::Text => FileKind::Text,
    }
}

/// What a model reads besides text, as the page knows it.
pub fn media_file_kind(kind: colloquy_core::MediaKind) -> FileKind {
    match kind {
        colloquy_core::MediaKind::Image => FileKind::Image,
        colloquy_core::MediaKind::Audio => FileKind::Audio,
    }
}

/// Who wrote a stored message, as the page knows it.
pub fn speaker(role: colloquy_store::Role) -> Speaker {
    match role {
        colloquy_store::Role::User => Speaker::User,
        colloquy_store::Role::Assistant => Speaker::Assistant,
    }
}

/// A stored message as the page shows it.
pub fn stored_view(message: &StoredMessage) -> StoredView {
    let error_said = message.error_words.as_deref().and_then(|words| serde_json::from_str(words).ok());
    StoredView {
        role: speaker(message.role),
        content: message.content.clone(),
        reasoning: message.reasoning.clone(),
        attachments: serde_json::from_str(&message.attachments).unwrap_or_default(),
        status: match message.status {
            colloquy_store::MessageStatus::Complete => StoredStatus::Complete,
            colloquy_store::MessageStatus::Streaming => StoredStatus::Streaming,
            colloquy_store::MessageStatus::Interrupted => StoredStatus::Interrupted,
            colloquy_store::MessageStatus::Stopped => StoredStatus::Stopped,
            colloquy_store::MessageStatus::Failed => StoredStatus::Failed,
        },
        // The words when stored with them (the page says them in its
        // language), else the English of a message stored before.
        error: error_said.is_none().then(|| message.error.clone()).flatten(),
        error_said,
        rating: match message.rating.as_deref() {
            Some("like") => Some(Rating::Like),
            Some("dislike") => Some(Rating::Dislike),
            _ => None,
        },
        panels: serde_json::from_str(&message.panels).unwrap_or_default(),
        variant: (message.variants > 1).then(|| VariantOf {
            shown: u32::try_from(message.variant).unwrap_or(1),
            of: u32::try_from(message.variants).unwrap_or(1),
        }),
    }
}

/// A stored message as the model reads it again.
pub fn wire_message(stored: &StoredMessage) -> WireMessage {
    WireMessage {
        role: speaker(stored.role),
        content: stored.content.clone(),
        attachments: serde_json::from_str(&stored.attachments).unwrap_or_default(),
    }
}
