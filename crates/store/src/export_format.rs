//! The JSON export's format: what a conversation looks like on its way
//! out and back in, and why a file is refused. Read by the export and
//! import (`transfer`) and by the check of an export's variants
//! (`transfer_tree`).

use serde::{Deserialize, Serialize};

/// What the JSON export says it is, so another file is told apart at once.
pub const EXPORT_FORMAT: &str = "colloquy.conversation";
pub const EXPORT_VERSION: u32 = 1;

/// A conversation as exported to JSON, and as imported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConversationExport {
    pub format: String,
    pub version: u32,
    pub title: String,
    pub model: String,
    /// The settings panel's values.
    #[serde(default = "empty_object")]
    pub settings: serde_json::Value,
    #[serde(default)]
    pub created_ms: i64,
    /// The path shown, first to last: all an export without variants has,
    /// and all a reader that knows nothing of variants needs.
    pub messages: Vec<ExportedMessage>,
    /// The messages off that path (replies kept by Retry, messages kept by
    /// Edit, and what followed them), each with its `id` and `parent`; the
    /// path's messages then carry theirs too.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<ExportedMessage>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportedMessage {
    /// Its number within the export, when it has variants: any numbers,
    /// each once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// The `id` of the message it follows; none for a first message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<i64>,
    /// `user` or `assistant`.
    pub role: String,
    pub content: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reasoning: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<ExportedAttachment>,
    /// A reply's panels (tool calls and their results, a handler's steps):
    /// each `{id, parent, title, pending, failed, text, duration_ms}`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub panels: Vec<serde_json::Value>,
    /// `complete`, `interrupted`, `stopped` or `failed`.
    #[serde(default = "complete")]
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompt_tokens: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completion_tokens: Option<i64>,
    #[serde(default)]
    pub created_ms: i64,
}

/// A file that was attached, by name only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportedAttachment {
    pub name: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub size: u64,
}

pub(crate) fn empty_object() -> serde_json::Value {
    serde_json::Value::Object(Default::default())
}

fn complete() -> String {
    "complete".into()
}

/// How much an import may hold.
#[derive(Debug, Clone, Copy)]
pub struct ImportLimits {
    pub max_messages: usize,
    /// Per message, content and reasoning each.
    pub max_message_bytes: usize,
}

/// Why a file cannot be imported; each says what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("this is not a JSON file: {0}")]
    NotJson(String),
    #[error("this JSON is not a Colloquy conversation export: {0}")]
    Shape(String),
    #[error("this file is a {found:?} file, not a Colloquy conversation export ({EXPORT_FORMAT:?})")]
    Format { found: String },
    #[error("this export is version {found}; this server reads version {EXPORT_VERSION}")]
    Version { found: u32 },
    #[error("{0}")]
    Title(String),
    #[error("the conversation has {found} messages; at most {limit} can be imported")]
    TooManyMessages { found: usize, limit: usize },
    /// `index` counts the path's messages first, then the variants.
    #[error("message {index} {why}")]
    Message { index: usize, why: String },
    #[error("the variants do not form one tree: {0}")]
    Tree(String),
}
