use std::pin::Pin;
use std::time::Duration;

use futures::Stream;

use std::collections::BTreeMap;

use crate::{ChatMessage, InputValue, SamplingParams};

/// Everything a model needs for one reply.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChatRequest {
    /// From configuration, or from the page where `[[inputs]]` offers it.
    pub system_prompt: Option<String>,
    /// The conversation so far, ending with the user's new message.
    pub messages: Vec<ChatMessage>,
    pub sampling: SamplingParams,
    /// The page's additional inputs for this turn, by name, already checked
    /// against their configuration. Models ignore them; handlers read them.
    pub inputs: BTreeMap<String, InputValue>,
    /// Tools the model may ask for (a handler's; see
    /// [`crate::ReplyWriter::relay`]). The reply then ends with
    /// [`FinishReason::ToolCalls`] and the calls as [`ToolCallDelta`]s.
    pub tools: Vec<ToolSpec>,
}

/// A tool offered to a model: its name, what it is for (the model reads
/// this to decide), and its arguments as a JSON Schema object.
#[derive(Debug, Clone, PartialEq)]
pub struct ToolSpec {
    pub name: String,
    pub description: String,
    pub parameters: serde_json::Value,
}

/// A whole tool call: the model's id for it, the tool, and the arguments
/// as the JSON text the model wrote (not yet checked: the model's words).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToolCall {
    pub id: String,
    pub name: String,
    pub arguments: String,
}

/// Why a reply ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FinishReason {
    /// The model said it was done.
    Stop,
    /// `max_new_tokens` was reached.
    Length,
    /// The model asked for tools to be called.
    ToolCalls,
    /// The provider withheld the rest (safety filters, refusals).
    ContentFilter,
}

impl FinishReason {
    pub fn as_str(self) -> &'static str {
        match self {
            FinishReason::Stop => "stop",
            FinishReason::Length => "length",
            FinishReason::ToolCalls => "tool_calls",
            FinishReason::ContentFilter => "content_filter",
        }
    }
}

/// Token counts of one reply.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    pub prompt_tokens: u32,
    pub completion_tokens: u32,
}

/// A piece of a tool call as the model streams it. Pieces with the same
/// `index` belong to one call; `id` and `name` come with the first piece.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToolCallDelta {
    pub index: u32,
    pub id: Option<String>,
    pub name: Option<String>,
    /// The next piece of the JSON arguments.
    pub arguments: String,
}

/// A file a handler puts in its reply: a name to show and the bytes. Its
/// type is found in the bytes, never taken from the handler.
#[derive(Clone, PartialEq, Eq)]
pub struct ReplyFile {
    pub name: String,
    pub data: Vec<u8>,
}

impl std::fmt::Debug for ReplyFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReplyFile").field("name", &self.name).field("bytes", &self.data.len()).finish()
    }
}

/// Where a panel's step stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PanelStatus {
    Pending,
    Done,
    /// Ended without doing what it set out to (a tool that failed).
    Failed,
}

/// Creates or updates a titled, collapsible panel beside the reply (a
/// tool's run, a retrieval step, a log): what Gradio calls a message's
/// metadata. Updates with the same `id` refer to one panel; fields left
/// `None` keep their value, `text` is appended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PanelUpdate {
    pub id: String,
    /// The id of the panel this one sits inside.
    pub parent: Option<String>,
    pub title: Option<String>,
    pub status: Option<PanelStatus>,
    pub text: String,
    /// How long the step took, once known.
    pub duration_ms: Option<u64>,
}

/// One step of a streamed reply: the one event type every provider's
/// protocol is translated into.
#[derive(Debug, Clone, PartialEq)]
pub enum ChatEvent {
    /// The request is waiting for the model to finish loading.
    Loading,
    /// The next piece of reply text (whole UTF-8 characters).
    TextDelta(String),
    /// The next piece of the model's reasoning, shown apart from the reply.
    ReasoningDelta(String),
    ToolCallDelta(ToolCallDelta),
    /// A panel beside the reply, from handlers rather than models.
    Panel(PanelUpdate),
    /// A file in the reply (an image shows in place; others download),
    /// from handlers. The server checks it as it checks an upload.
    File(ReplyFile),
    /// The reply is complete.
    Done {
        finish: FinishReason,
        usage: Usage,
    },
    /// The reply failed; text sent before stays valid.
    Error(ProviderError),
}

impl ChatEvent {
    /// Whether this event is model output (the "first token" of a reply).
    pub fn is_output(&self) -> bool {
        matches!(
            self,
            ChatEvent::TextDelta(_)
                | ChatEvent::ReasoningDelta(_)
                | ChatEvent::ToolCallDelta(_)
                | ChatEvent::Panel(_)
                | ChatEvent::File(_)
        )
    }
}

/// A failure a user can be told about. Messages never contain secrets:
/// API keys are never part of them, and text quoted from a provider has any
/// key scrubbed out first.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProviderError {
    #[error("the model could not be loaded: {0}")]
    ModelUnavailable(String),
    #[error("the conversation is too long for the model ({prompt_tokens} tokens, context {context} tokens); clear it and start again")]
    ContextOverflow { prompt_tokens: usize, context: usize },
    #[error("the model failed while generating: {0}")]
    Generation(String),
    #[error("{provider} could not be reached ({detail}); check that it is running and that its base_url is right")]
    Unreachable { provider: String, detail: String },
    #[error("{provider} rejected the API key (HTTP {status}); check the key configured for it on the server")]
    KeyRejected { provider: String, status: u16 },
    #[error("{provider} is rate-limiting requests and still was after {attempts} attempts; try again {}", retry_hint(*.retry_after))]
    RateLimited { provider: String, attempts: u32, retry_after: Option<Duration> },
    #[error("{provider} answered HTTP {status}{}{}", if *.attempts > 1 { format!(" after {} attempts", .attempts) } else { String::new() }, detail_suffix(.detail))]
    Upstream { provider: String, status: u16, attempts: u32, detail: String },
    #[error("{provider} refused the request (HTTP {status}){}", detail_suffix(.detail))]
    Refused { provider: String, status: u16, detail: String },
    #[error("the reply from {provider} was interrupted: {detail}")]
    Interrupted { provider: String, detail: String },
    #[error("{provider} sent data Colloquy cannot read: {detail}")]
    Malformed { provider: String, detail: String },
    #[error("{provider} sent nothing for {} s, so the request was abandoned", secs(*.waited))]
    Stalled { provider: String, waited: Duration },
    #[error("{provider} did not start answering within {} s, so the request was abandoned", secs(*.waited))]
    NoFirstToken { provider: String, waited: Duration },
}

impl ProviderError {
    /// Whether a fallback provider may take over: the reply has not started
    /// and the failure is about the provider, not the conversation.
    pub fn allows_fallback(&self) -> bool {
        !matches!(self, ProviderError::ContextOverflow { .. } | ProviderError::Interrupted { .. })
    }
}

fn secs(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 {
        format!("{s:.0}")
    } else {
        format!("{s:.1}")
    }
}

fn retry_hint(after: Option<Duration>) -> String {
    match after {
        Some(d) => format!("in {} s", secs(d).trim_end_matches(".0")),
        None => "in a minute".into(),
    }
}

fn detail_suffix(detail: &str) -> String {
    if detail.is_empty() {
        String::new()
    } else {
        format!(": {detail}")
    }
}

/// A reply as it is produced. Dropping the stream cancels the generation:
/// implementations stop computing tokens (or close the upstream connection)
/// as soon as they notice.
pub type ChatStream = Pin<Box<dyn Stream<Item = ChatEvent> + Send + 'static>>;

/// Something that can answer a conversation: the embedded model, or a model
/// server reached over HTTP.
pub trait ModelProvider: Send + Sync + 'static {
    /// A short id shown to users and written in logs, e.g. `smollm2-135m`.
    fn id(&self) -> &str;

    /// Starts a reply. Errors that happen later arrive as [`ChatEvent::Error`].
    fn stream_chat(&self, request: ChatRequest) -> ChatStream;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_read_well() {
        let e = ProviderError::Stalled { provider: "openai".into(), waited: Duration::from_millis(1500) };
        assert_eq!(e.to_string(), "openai sent nothing for 1.5 s, so the request was abandoned");
        let e = ProviderError::RateLimited {
            provider: "p".into(),
            attempts: 3,
            retry_after: Some(Duration::from_secs(20)),
        };
        assert_eq!(e.to_string(), "p is rate-limiting requests and still was after 3 attempts; try again in 20 s");
        let e = ProviderError::Upstream { provider: "p".into(), status: 503, attempts: 3, detail: "overloaded".into() };
        assert_eq!(e.to_string(), "p answered HTTP 503 after 3 attempts: overloaded");
        let e = ProviderError::Upstream { provider: "p".into(), status: 500, attempts: 1, detail: String::new() };
        assert_eq!(e.to_string(), "p answered HTTP 500");
    }
}
