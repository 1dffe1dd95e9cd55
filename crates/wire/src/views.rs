//! The data a page is rendered from once it is loaded: stored
//! conversations and their messages, the sidebar, search, shared links,
//! API keys and the admin's list of users.

use serde::{Deserialize, Serialize};

use crate::{AttachmentView, Rating, Speaker};

/// The API keys page: the person's keys, and a key just made (shown
/// this once).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ApiKeysView {
    pub keys: Vec<ApiKeyView>,
    pub new_secret: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiKeyView {
    pub id: String,
    pub name: String,
    /// The secret's first characters.
    pub prefix: String,
    /// Dates as `YYYY-MM-DD` (UTC).
    pub created: String,
    pub last_used: Option<String>,
}

/// The users, for the admin page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdminView {
    pub users: Vec<UserView>,
    pub anonymous: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserView {
    pub name: String,
    pub is_admin: bool,
    pub conversations: i64,
}

/// The newest messages a page opens a conversation with; "Show earlier
/// messages" reads this many more each time. A page of every message of a
/// 10,000-message conversation was 18 MB and took the server 340 MiB.
pub const CONVERSATION_WINDOW: u32 = 100;

/// A stored conversation, opened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpenConversation {
    pub id: String,
    pub title: String,
    pub model: String,
    pub messages: Vec<StoredView>,
    /// How many stored messages come before `messages` (a long
    /// conversation opens at its end; "Show earlier messages" reads them).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub earlier: u32,
    /// The reply being written into its last message, to reattach to.
    pub reply: Option<String>,
    /// Its read-only share link's token, only on the page view right after
    /// the link was made (only its hash is stored, so it is shown once).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share: Option<String>,
    /// Whether it has a share link (made earlier, or just now).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub shared: bool,
}

/// A conversation seen through its share link: read-only, no owner shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SharedView {
    pub title: String,
    /// How many messages come before `messages` (shown with `?show=N`).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub earlier: u32,
    pub messages: Vec<StoredView>,
}

/// How a stored message stands: whole, or a reply still being written,
/// cut off (interrupted), stopped, or failed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StoredStatus {
    #[default]
    Complete,
    Streaming,
    Interrupted,
    Stopped,
    Failed,
}

impl StoredStatus {
    /// Its word on the wire (and in the page's `data-status`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Complete => "complete",
            Self::Streaming => "streaming",
            Self::Interrupted => "interrupted",
            Self::Stopped => "stopped",
            Self::Failed => "failed",
        }
    }
}

/// A stored message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredView {
    pub role: Speaker,
    pub content: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reasoning: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<AttachmentView>,
    pub status: StoredStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The same, for the page to say in its language (absent for messages
    /// stored without it: then `error` is shown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_said: Option<crate::Said>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<Rating>,
    /// A reply's panels (tool calls, a handler's steps), as it left them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub panels: Vec<crate::panels::PanelView>,
    /// Which variant this is, where Retry or Edit kept others.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant: Option<VariantOf>,
}

/// Which of a message's variants is shown (from 1), of how many: "2 / 3".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct VariantOf {
    pub shown: u32,
    pub of: u32,
}

/// The path of a conversation after another variant was chosen: its new
/// length, and its messages from `from` (a place, from 1) to the end, at
/// most a window of them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SwitchedPath {
    pub count: u32,
    pub from: u32,
    pub messages: Vec<StoredView>,
}

/// A sidebar entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationLink {
    pub id: String,
    pub title: String,
    /// Pinned to the top of the list.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub pinned: bool,
    /// The id of the folder it is filed in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub folder: Option<String>,
}

/// One of the person's folders, in the sidebar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FolderLink {
    pub id: String,
    pub name: String,
}

/// The person's folders, and the one the sidebar shows (`?folder=ID`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FoldersView {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub all: Vec<FolderLink>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shown: Option<String>,
}

impl FoldersView {
    /// The folder the sidebar shows, if any.
    pub fn shown_folder(&self) -> Option<&FolderLink> {
        let shown = self.shown.as_deref()?;
        self.all.iter().find(|f| f.id == shown)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchView {
    pub query: String,
    pub hits: Vec<SearchHitView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchHitView {
    pub conversation: String,
    pub title: String,
    pub snippet: String,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}
