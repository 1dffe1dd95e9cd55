//! What a page shows before anyone types: the server's settings for it
//! (the chat's models, inputs, uploads, rendering, bots and sign-in).

use serde::{Deserialize, Serialize};

use crate::{
    AdminView, ApiKeysView, ConversationLink, FileKind, FoldersView, OpenConversation, SearchView, SharedView,
};

/// What the page shows before anyone types: from the server's configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageSettings {
    /// The bot this page is for (`/bots/NAME`); empty for the app's own.
    #[serde(default)]
    pub bot: String,
    /// The app's bots, for the home page and the header's links; empty
    /// when the app has only its own.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bots: Vec<BotLink>,
    /// This person may open `/playground`.
    #[serde(default)]
    pub playground: bool,
    /// The saved bots' files, on `/playground`, to change one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub playground_bots: Vec<BotFileView>,
    pub title: String,
    pub description: String,
    pub examples: Vec<ExampleView>,
    /// Clicking an example fills the box instead of sending it.
    pub examples_fill: bool,
    /// The line above the examples on an empty chat.
    pub placeholder: String,
    /// Full-width panels instead of bubbles.
    pub panel_layout: bool,
    /// CSS custom properties for the configured accent colour and a text
    /// colour readable on it, e.g. `--accent: #0b6e4f; --accent-text: #fff`
    /// (built by the server from a checked hex colour).
    pub accent_style: Option<String>,
    pub avatars: AvatarViews,
    pub max_message_bytes: usize,
    /// The models a conversation can pick, in order.
    pub models: Vec<ModelChoice>,
    /// The id of the model a new conversation starts with.
    pub default_model: String,
    pub markdown: MarkdownSettings,
    /// The settings panel's inputs, in order.
    pub inputs: Vec<InputView>,
    /// `None` when attachments are off.
    pub uploads: Option<UploadSettings>,
    /// Who is signed in, and how people sign in here.
    pub auth: AuthView,
    /// The admin page's data, for an admin on `/admin`.
    pub admin: Option<AdminView>,
    /// The person's API keys, on `/keys`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_keys: Option<ApiKeysView>,
    /// The conversation at this page's address, if any.
    pub conversation: Option<OpenConversation>,
    /// The conversation a share link (`/s/TOKEN`) shows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shared: Option<SharedView>,
    /// The person's conversations, newest first.
    pub sidebar: Vec<ConversationLink>,
    /// The person's folders, and the one the sidebar is filtered to.
    #[serde(default)]
    pub folders: FoldersView,
    /// Search results, when the page was asked for `?q=`.
    pub search: Option<SearchView>,
    /// What the address named that is not there (or not theirs).
    pub not_found: Option<Missing>,
    /// A message that could not be sent without JavaScript, and why.
    pub draft: Option<String>,
    pub error: Option<crate::Said>,
}

/// One of the app's bots, as the home page lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BotLink {
    /// Its address: `/` or `/bots/NAME`.
    pub href: String,
    pub title: String,
    pub description: String,
}

/// A saved bot's file, as the playground edits it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BotFileView {
    pub name: String,
    pub text: String,
}

/// How people are known here (the server's `auth.mode`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SignInMode {
    /// Nobody signs in: each browser is someone of its own.
    #[default]
    Open,
    /// With a name and password, at `/login`.
    Password,
    /// Through the proxy in front of the app.
    Proxy,
}

/// How people sign in here, and who has.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AuthView {
    pub mode: SignInMode,
    /// Accounts can be made at `/signup`.
    pub signup: bool,
    /// The signed-in person's name (none for an anonymous user).
    pub user: Option<String>,
    pub is_admin: bool,
    /// Where to go after signing in (a path on this site).
    pub next: Option<String>,
}

/// One input of the settings panel (from `[[inputs]]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InputView {
    /// The name its value is sent under.
    pub name: String,
    pub label: String,
    pub control: ControlView,
}

// Externally tagged (serde's default): an internally tagged enum would pull
// serde's buffering deserializer into the WASM bundle. Numbers are written
// out by the server as text: they only ever become HTML attributes here, so
// the browser parses them and the bundle needs no float parser.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ControlView {
    Textarea { default: String, max_length: usize },
    Text { default: String, max_length: usize },
    Number { default: String, min: String, max: String, step: String },
    Slider { default: String, min: String, max: String, step: String },
    Checkbox { default: bool },
    Dropdown { default: String, choices: Vec<String> },
}

/// How replies are rendered (from `[markdown]` in the configuration).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarkdownSettings {
    pub math_dollars: bool,
    pub math_brackets: bool,
    pub line_breaks: bool,
    pub data_images: bool,
    /// Hosts whose images replies may show.
    #[serde(default)]
    pub image_hosts: Vec<String>,
}

impl MarkdownSettings {
    /// How to render replies, with the `extensions` the caller has loaded.
    /// The renderer's options: these settings, `extensions`, and the code
    /// blocks' copy button in the page's language.
    pub fn render_options(
        &self,
        extensions: colloquy_markdown::Extensions,
        copy_code: colloquy_markdown::CopyCode,
    ) -> colloquy_markdown::RenderOptions {
        colloquy_markdown::RenderOptions {
            copy_code,
            extensions,
            math: colloquy_markdown::MathDelimiters { dollars: self.math_dollars, brackets: self.math_brackets },
            line_breaks: self.line_breaks,
            data_images: self.data_images,
            image_hosts: self.image_hosts.clone(),
        }
    }
}

/// An example prompt as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExampleView {
    pub text: String,
    pub label: Option<String>,
    pub icon: Option<String>,
}

/// Avatars: an image URL or path, or a few characters (checked by
/// configuration).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AvatarViews {
    pub user: Option<String>,
    pub assistant: Option<String>,
}

/// An entry of the model picker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModelChoice {
    pub id: String,
    pub label: String,
    /// Attachment kinds it reads besides text (images, audio).
    pub accepts: Vec<FileKind>,
}

/// What may be attached to a message (from `[uploads]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadSettings {
    pub max_files: usize,
    pub max_file_bytes: usize,
    pub max_text_bytes: usize,
    pub kinds: Vec<FileKind>,
}

/// What a page's address named that is not there, or is someone else's
/// (the same words either way).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Missing {
    Conversation,
    /// The sidebar's `?folder=ID`.
    Folder,
}
