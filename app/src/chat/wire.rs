//! What travels between the page and the server.

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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireMessage {
    pub role: Speaker,
    pub content: String,
    /// Files uploaded for this message; the server reads them by id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<AttachmentView>,
}

/// An uploaded file as the page knows it (the upload endpoint's answer).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentView {
    pub id: String,
    pub name: String,
    /// "image", "audio" or "text".
    pub kind: String,
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

/// One line of the reply stream. Chunks can merge or split in transit, so
/// the stream is newline-delimited JSON: one frame per line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ReplyFrame {
    /// First frame: the id that `stop_reply` and `resume_reply` take, and
    /// the conversation the reply belongs to (new, for a first message).
    Started {
        reply_id: String,
        #[serde(default)]
        conversation: String,
        /// The title given to a conversation this reply began.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        title: Option<String>,
    },
    /// The model is still loading; the reply follows when it is ready.
    Loading,
    /// Waiting in the model's line: `position` 1 is next. Sent again each
    /// time the line moves; the reply follows when it is this one's turn.
    Queued {
        position: usize,
    },
    Delta {
        text: String,
    },
    /// A piece of the model's reasoning, shown apart from the reply.
    Reasoning {
        text: String,
    },
    /// A piece of a tool call; pieces with one `index` are one call.
    ToolCall {
        index: u32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        id: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
        arguments: String,
    },
    /// A file in the reply, stored as the user's (`GET /files/{id}`).
    File {
        attachment: AttachmentView,
    },
    /// Creates or updates a panel (see `colloquy_core::PanelUpdate`).
    Panel {
        id: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        parent: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        title: Option<String>,
        /// "pending", "done" or "failed".
        #[serde(default, skip_serializing_if = "Option::is_none")]
        status: Option<String>,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        text: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        duration_ms: Option<u64>,
    },
    Done {
        finish: String,
        prompt_tokens: u32,
        completion_tokens: u32,
    },
    Error {
        message: String,
    },
}

impl ReplyFrame {
    pub fn to_line(&self) -> String {
        let mut line = serde_json::to_string(self).unwrap_or_else(|_| {
            r#"{"type":"error","message":"the server could not encode a reply frame"}"#.to_string()
        });
        line.push('\n');
        line
    }
}

/// Splits a byte stream of frames into frames, whatever the chunking.
#[derive(Debug, Default)]
pub struct FrameDecoder {
    buffer: String,
}

impl FrameDecoder {
    /// Feeds a chunk; returns the frames it completed.
    pub fn push(&mut self, chunk: &str) -> Vec<Result<ReplyFrame, String>> {
        self.buffer.push_str(chunk);
        let mut frames = Vec::new();
        while let Some(end) = self.buffer.find('\n') {
            let line: String = self.buffer.drain(..=end).collect();
            let line = line.trim();
            if !line.is_empty() {
                frames.push(serde_json::from_str(line).map_err(|e| format!("bad frame from server: {e}")));
            }
        }
        frames
    }
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

/// A piece of streamed reply text, after `<think>` blocks are taken out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextPiece {
    Reasoning(String),
    Answer(String),
}

/// Splits reply text into reasoning and answer for models that write their
/// reasoning inline as `<think>…</think>` at the start of the reply
/// (DeepSeek-R1, Qwen3 and others served without a reasoning parser).
/// Tags split across deltas are held back until they are whole.
#[derive(Debug, Default)]
pub struct ThinkSplitter {
    state: ThinkState,
    held: String,
}

#[derive(Debug, Default, PartialEq, Eq)]
enum ThinkState {
    /// Nothing but whitespace yet: a `<think>` may still open.
    #[default]
    Start,
    Thinking,
    /// Just after `</think>`: the whitespace before the answer is dropped.
    AfterThinking,
    Answering,
}

const OPEN: &str = "<think>";
const CLOSE: &str = "</think>";

impl ThinkSplitter {
    pub fn push(&mut self, delta: &str) -> Vec<TextPiece> {
        self.held.push_str(delta);
        let mut out = Vec::new();
        loop {
            match self.state {
                ThinkState::Start => {
                    let trimmed = self.held.trim_start();
                    if trimmed.starts_with(OPEN) {
                        let at = self.held.find(OPEN).unwrap_or(0) + OPEN.len();
                        self.held.drain(..at);
                        self.state = ThinkState::Thinking;
                    } else if OPEN.starts_with(trimmed) {
                        // Whitespace, or the start of "<think>": wait.
                        return out;
                    } else {
                        self.state = ThinkState::Answering;
                    }
                }
                ThinkState::Thinking => match self.held.find(CLOSE) {
                    Some(at) => {
                        let reasoning: String = self.held.drain(..at).collect();
                        self.held.drain(..CLOSE.len());
                        if !reasoning.is_empty() {
                            out.push(TextPiece::Reasoning(reasoning));
                        }
                        self.state = ThinkState::AfterThinking;
                    }
                    None => {
                        // Keep back what could be the start of "</think>".
                        let keep = (1..CLOSE.len()).rev().find(|n| self.held.ends_with(&CLOSE[..*n])).unwrap_or(0);
                        let emit = self.held.len() - keep;
                        if emit > 0 {
                            out.push(TextPiece::Reasoning(self.held.drain(..emit).collect()));
                        }
                        return out;
                    }
                },
                ThinkState::AfterThinking => {
                    // The answer usually starts after a blank line.
                    let rest = self.held.trim_start().to_string();
                    self.held = rest;
                    if self.held.is_empty() {
                        return out;
                    }
                    self.state = ThinkState::Answering;
                }
                ThinkState::Answering => {
                    if !self.held.is_empty() {
                        out.push(TextPiece::Answer(std::mem::take(&mut self.held)));
                    }
                    return out;
                }
            }
        }
    }

    /// The stream ended: whatever was held back is text after all.
    pub fn finish(&mut self) -> Vec<TextPiece> {
        let held = std::mem::take(&mut self.held);
        match self.state {
            _ if held.is_empty() => vec![],
            ThinkState::Thinking => vec![TextPiece::Reasoning(held)],
            _ => vec![TextPiece::Answer(held)],
        }
    }
}

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
    /// Search results, when the page was asked for `?q=`.
    pub search: Option<SearchView>,
    /// The address named a conversation that is not there (or not theirs).
    pub not_found: bool,
    /// A message that could not be sent without JavaScript, and why.
    pub draft: Option<String>,
    pub error: Option<String>,
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

/// How people sign in here, and who has.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AuthView {
    /// "open", "password" or "proxy".
    pub mode: String,
    /// Accounts can be made at `/signup`.
    pub signup: bool,
    /// The signed-in person's name (none for an anonymous user).
    pub user: Option<String>,
    pub is_admin: bool,
    /// Where to go after signing in (a path on this site).
    pub next: Option<String>,
}

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

/// The "Show earlier messages" link of a page showing `shown` messages with
/// `earlier` before them: its `?show=` value (the next window too) and its
/// words.
pub fn show_earlier_link(shown: usize, earlier: usize) -> (u32, String) {
    let noun = if earlier == 1 { "message" } else { "messages" };
    (shown as u32 + CONVERSATION_WINDOW, format!("Show earlier messages ({earlier} {noun} before these)"))
}

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

/// A stored message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredView {
    pub role: Speaker,
    pub content: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reasoning: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<AttachmentView>,
    /// "complete", "streaming", "interrupted", "stopped" or "failed".
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<Rating>,
}

/// A sidebar entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationLink {
    pub id: String,
    pub title: String,
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
    pub fn render_options(&self) -> colloquy_markdown::RenderOptions {
        colloquy_markdown::RenderOptions {
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
    /// Attachment kinds it reads besides text: "image", "audio".
    pub accepts: Vec<String>,
}

/// What may be attached to a message (from `[uploads]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadSettings {
    pub max_files: usize,
    pub max_file_bytes: usize,
    pub max_text_bytes: usize,
    /// "image", "audio", "text".
    pub kinds: Vec<String>,
}

/// A server function's error as a person reads it: the message alone for
/// errors the server explains, a hint for a connection that failed.
pub fn error_text(e: &leptos::server_fn::error::ServerFnError) -> String {
    use leptos::server_fn::error::ServerFnError;
    match e {
        ServerFnError::Args(message) | ServerFnError::ServerError(message) => message.clone(),
        ServerFnError::Request(_) => "The server could not be reached. Check your connection and try again.".into(),
        other => other.to_string(),
    }
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_survive_any_chunking() {
        let frames = [
            ReplyFrame::Started { reply_id: "abc".into(), conversation: "c".into(), title: None },
            ReplyFrame::Delta { text: "Hello\nworld 🦀 \"quoted\"".into() },
            ReplyFrame::Done { finish: "stop".into(), prompt_tokens: 3, completion_tokens: 2 },
        ];
        let wire: String = frames.iter().map(ReplyFrame::to_line).collect();
        for chunk_size in [1, 2, 3, 7, wire.len()] {
            let mut decoder = FrameDecoder::default();
            let mut got = Vec::new();
            let chars: Vec<char> = wire.chars().collect();
            for chunk in chars.chunks(chunk_size) {
                got.extend(decoder.push(&chunk.iter().collect::<String>()).into_iter().map(Result::unwrap));
            }
            assert_eq!(got, frames, "chunk size {chunk_size}");
        }
    }

    fn split(deltas: &[&str]) -> (String, String) {
        let mut splitter = ThinkSplitter::default();
        let (mut reasoning, mut answer) = (String::new(), String::new());
        let mut pieces: Vec<TextPiece> = deltas.iter().flat_map(|d| splitter.push(d)).collect();
        pieces.extend(splitter.finish());
        for piece in pieces {
            match piece {
                TextPiece::Reasoning(t) => reasoning.push_str(&t),
                TextPiece::Answer(t) => answer.push_str(&t),
            }
        }
        (reasoning, answer)
    }

    #[test]
    fn think_blocks_split_off_whatever_the_chunking() {
        let text = "<think>\nThe user wants 2+2.\n</think>\n\nIt is **4**.";
        for size in [1, 2, 3, 5, 8, text.len()] {
            let chars: Vec<char> = text.chars().collect();
            let deltas: Vec<String> = chars.chunks(size).map(|c| c.iter().collect()).collect();
            let refs: Vec<&str> = deltas.iter().map(String::as_str).collect();
            assert_eq!(
                split(&refs),
                ("\nThe user wants 2+2.\n".to_string(), "It is **4**.".to_string()),
                "size {size}"
            );
        }
        // No think block: all answer, including a "<" that starts nothing.
        assert_eq!(split(&["<", "b>hi</b>"]), (String::new(), "<b>hi</b>".to_string()));
        assert_eq!(
            split(&["Hello <think>not at the start</think>"]),
            (String::new(), "Hello <think>not at the start</think>".to_string())
        );
        // Unclosed: all reasoning so far.
        assert_eq!(split(&["<think>still going </thi"]), ("still going </thi".to_string(), String::new()));
    }

    #[test]
    fn a_bad_line_is_an_error_not_a_panic() {
        let mut decoder = FrameDecoder::default();
        let got = decoder.push("{not json}\n{\"type\":\"loading\"}\n");
        assert!(got[0].is_err());
        assert_eq!(got[1], Ok(ReplyFrame::Loading));
    }
}
