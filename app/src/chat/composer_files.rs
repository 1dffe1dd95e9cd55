//! The files of a message: those in the composer, uploading or ready,
//! and those that went with a sent message. The conversation's state
//! holds them; the attachment tray and the composer change them.

// Set by the browser build only.
#![cfg_attr(not(feature = "hydrate"), allow(dead_code))]

use colloquy_wire::{AttachmentView, FileKind};
use leptos::prelude::*;

/// Where one file stands.
#[derive(Debug, Clone, PartialEq)]
pub enum UploadState {
    Uploading,
    Ready(AttachmentView),
    Failed(String),
}

/// A file in the composer, not yet sent.
#[derive(Debug, Clone)]
pub struct Pending {
    pub key: u64,
    pub name: String,
    pub kind: FileKind,
    /// An object URL showing the file, for images.
    pub preview: Option<String>,
    pub state: RwSignal<UploadState>,
}

/// A file that went with a sent message.
#[derive(Debug, Clone, PartialEq)]
pub struct Sent {
    pub view: AttachmentView,
    pub preview: Option<String>,
}
