use std::pin::Pin;

use futures::Stream;

use crate::{ChatMessage, SamplingParams};

/// Everything a model needs for one reply.
#[derive(Debug, Clone, PartialEq)]
pub struct ChatRequest {
    /// From configuration; never from the client.
    pub system_prompt: Option<String>,
    /// The conversation so far, ending with the user's new message.
    pub messages: Vec<ChatMessage>,
    pub sampling: SamplingParams,
}

/// Why a reply ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FinishReason {
    /// The model said it was done.
    Stop,
    /// `max_new_tokens` was reached.
    Length,
}

impl FinishReason {
    pub fn as_str(self) -> &'static str {
        match self {
            FinishReason::Stop => "stop",
            FinishReason::Length => "length",
        }
    }
}

/// Token counts of one reply.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    pub prompt_tokens: u32,
    pub completion_tokens: u32,
}

/// One step of a streamed reply.
#[derive(Debug, Clone, PartialEq)]
pub enum ChatEvent {
    /// The request is waiting for the model to finish loading.
    Loading,
    /// The next piece of reply text (whole UTF-8 characters).
    TextDelta(String),
    /// The reply is complete.
    Done { finish: FinishReason, usage: Usage },
    /// The reply failed; text sent before stays valid.
    Error(ProviderError),
}

/// A failure a user can be told about. Messages never contain secrets.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProviderError {
    #[error("the model could not be loaded: {0}")]
    ModelUnavailable(String),
    #[error("the conversation is too long for the model ({prompt_tokens} tokens, context {context} tokens); clear it and start again")]
    ContextOverflow { prompt_tokens: usize, context: usize },
    #[error("the model failed while generating: {0}")]
    Generation(String),
}

/// A reply as it is produced. Dropping the stream cancels the generation:
/// implementations stop computing tokens as soon as they notice.
pub type ChatStream = Pin<Box<dyn Stream<Item = ChatEvent> + Send + 'static>>;

/// Something that can answer a conversation: the embedded model, or (later)
/// a model server reached over HTTP.
pub trait ModelProvider: Send + Sync + 'static {
    /// A short id shown to users and written in logs, e.g. `smollm2-135m`.
    fn id(&self) -> &str;

    /// Starts a reply. Errors that happen later arrive as [`ChatEvent::Error`].
    fn stream_chat(&self, request: ChatRequest) -> ChatStream;
}
