//! One message as the page holds it: its own signals, so a streaming
//! reply re-renders only itself, and where it stands.

use leptos::prelude::*;

use crate::i18n::t;

use super::super::composer_files::Sent;
use super::super::panels::PanelView;
use colloquy_wire::{Rating, Speaker, StoredStatus, StoredView, VariantOf};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MessageStatus {
    Complete,
    /// Waiting for the model to load.
    Loading,
    /// Waiting in the model's line, at this position (1: next).
    Queued(usize),
    Streaming,
    /// The user pressed Stop; the text so far stays.
    Stopped,
    /// The reply broke off after it had started; the text so far stays.
    Interrupted(String),
    /// The reply failed before any of it arrived.
    Failed(String),
}

impl MessageStatus {
    /// Whether the reply is still on its way (waiting or streaming).
    pub fn is_streaming(&self) -> bool {
        matches!(self, MessageStatus::Loading | MessageStatus::Queued(_) | MessageStatus::Streaming)
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            MessageStatus::Complete => "complete",
            MessageStatus::Loading => "loading",
            MessageStatus::Queued(_) => "queued",
            MessageStatus::Streaming => "streaming",
            MessageStatus::Stopped => "stopped",
            MessageStatus::Interrupted(_) => "interrupted",
            MessageStatus::Failed(_) => "failed",
        }
    }
}

/// A message with its own signals, so a streaming reply re-renders only itself.
#[derive(Debug, Clone, Copy)]
pub struct Message {
    pub id: u64,
    pub role: Speaker,
    pub text: RwSignal<String>,
    pub status: RwSignal<MessageStatus>,
    pub reasoning: RwSignal<String>,
    /// When reasoning started and (once the answer began) ended, in ms.
    pub reasoning_time: RwSignal<Option<(f64, Option<f64>)>>,
    /// Tool calls and handler steps, shown as panels.
    pub panels: RwSignal<Vec<PanelView>>,
    /// When the message was created (ms since the epoch; 0 on the server).
    pub created_ms: f64,
    /// The server's id for a reply, for feedback.
    pub reply_id: RwSignal<Option<String>>,
    pub editing: RwSignal<bool>,
    pub rating: RwSignal<Option<Rating>>,
    /// Files sent with a user message, or put in a reply.
    pub attachments: RwSignal<Vec<Sent>>,
    /// Rendered by the server (history the page arrived with).
    pub prerendered: bool,
    /// Which of its variants it is, where Retry or Edit kept others.
    pub variant: RwSignal<Option<VariantOf>>,
}

impl Message {
    /// Empties a reply rendered by the server, to be read again from its
    /// first frame.
    #[cfg(feature = "hydrate")]
    pub(super) fn prerendered_reset(&self) {
        self.text.set(String::new());
        self.reasoning.set(String::new());
        self.panels.set(Vec::new());
        self.status.set(MessageStatus::Streaming);
    }

    /// Ends the reply with `why`: interrupted if some of it arrived.
    pub(super) fn fail(&self, why: String) {
        let started = self.text.with_untracked(|t| !t.is_empty())
            || self.reasoning.with_untracked(|t| !t.is_empty())
            || self.panels.with_untracked(|t| !t.is_empty());
        self.status.set(if started { MessageStatus::Interrupted(why) } else { MessageStatus::Failed(why) });
    }
}

impl MessageStatus {
    /// A stored message's status; `running` says whether its reply is
    /// still being written (and will be reattached to).
    pub(super) fn from_stored(stored: &StoredView, running: bool) -> Self {
        let why = |default: &str| match (&stored.error_said, &stored.error) {
            (Some(said), _) => crate::i18n::say(said),
            (None, Some(error)) => error.clone(),
            (None, None) => default.to_string(),
        };
        match stored.status {
            StoredStatus::Streaming if running => MessageStatus::Streaming,
            StoredStatus::Streaming | StoredStatus::Interrupted => MessageStatus::Interrupted(why(t("reply-cut-off"))),
            StoredStatus::Stopped => MessageStatus::Stopped,
            StoredStatus::Failed => MessageStatus::Failed(why(t("reply-failed"))),
            StoredStatus::Complete => MessageStatus::Complete,
        }
    }
}
