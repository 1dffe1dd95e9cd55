//! A turn as the page sends it: the message, its files, the settings
//! panel's values, and feedback on a reply.

use std::collections::BTreeMap;

pub use colloquy_core::InputValue;
use serde::{Deserialize, Serialize};

/// Who wrote a message, as the page knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Speaker {
    User,
    Assistant,
}

impl From<Speaker> for colloquy_core::Role {
    fn from(speaker: Speaker) -> Self {
        match speaker {
            Speaker::User => Self::User,
            Speaker::Assistant => Self::Assistant,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireMessage {
    pub role: Speaker,
    pub content: String,
    /// Files uploaded for this message; the server reads them by id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<AttachmentView>,
}

/// What a file is, as the server found by its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FileKind {
    Image,
    Audio,
    Text,
}

impl FileKind {
    /// Its word on the wire and in the page (`data-kind`, messages).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Image => "image",
            Self::Audio => "audio",
            Self::Text => "text",
        }
    }
}

/// An uploaded file as the page knows it (the upload endpoint's answer).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentView {
    pub id: String,
    pub name: String,
    pub kind: FileKind,
    pub size: usize,
}

/// One turn of a stored conversation: which conversation, what the page
/// showed of it, the user's new message (or none, to regenerate the reply),
/// and the model that should answer (one the server offered).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChatTurn {
    /// `None` starts a new conversation.
    #[serde(default)]
    pub conversation: Option<String>,
    /// How many messages the page showed. If the stored conversation has a
    /// different number, another tab changed it, and the turn is refused
    /// rather than undo that change.
    #[serde(default)]
    pub expect: u32,
    /// Messages kept before this turn's: fewer than `expect` when a reply
    /// is regenerated or an earlier message edited.
    #[serde(default)]
    pub keep: u32,
    /// The user's new message; `None` answers the last kept one again.
    #[serde(default)]
    pub message: Option<WireMessage>,
    pub model: String,
    /// The settings panel's values, by input name.
    #[serde(default)]
    pub inputs: InputValues,
    /// For a new conversation, the bot it is with (`bots/NAME.toml`);
    /// empty for the app's own. A stored conversation keeps its own.
    #[serde(default)]
    pub bot: String,
}

/// The two replies of a compared turn (one message, two models), by the
/// ids to read them with: the first is on the conversation's path, the
/// second its variant until one is chosen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComparedReplies {
    pub first: String,
    pub second: String,
}

/// A person's verdict on a reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Rating {
    Like,
    Dislike,
}

/// Feedback on one reply, stored with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Feedback {
    pub conversation: String,
    /// The reply's place in the conversation, from 1.
    pub seq: u32,
    /// `None` takes a rating back.
    pub rating: Option<Rating>,
    /// Optional words from the person; at most 2,000 bytes.
    #[serde(default)]
    pub comment: String,
}

/// The longest feedback comment accepted.
pub const MAX_FEEDBACK_BYTES: usize = 2000;

/// The settings panel's values that differ from the defaults, by input
/// name; the server fills in the rest. Sent as a JSON object.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct InputValues(pub Vec<(String, InputValue)>);

impl InputValues {
    pub fn get(&self, name: &str) -> Option<&InputValue> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    pub fn set(&mut self, name: &str, value: InputValue) {
        match self.0.iter_mut().find(|(n, _)| n == name) {
            Some((_, slot)) => *slot = value,
            None => self.0.push((name.to_string(), value)),
        }
    }
}

// A Vec, not a map, in the page: BTreeMap's code would weigh on the bundle.
impl Serialize for InputValues {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

impl<'de> Deserialize<'de> for InputValues {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let map = BTreeMap::<String, InputValue>::deserialize(deserializer)?;
        Ok(Self(map.into_iter().collect()))
    }
}
