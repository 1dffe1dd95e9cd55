//! Domain types shared by every part of Colloquy that runs on the server.
//!
//! Nothing here knows about Leptos, HTTP or a particular model: the embedded
//! engine and (later) the HTTP providers implement [`ModelProvider`], and the
//! web layer turns user input into these types before anything else sees it.

mod handler;
mod ids;
mod inputs;
mod message;
mod provider;
mod sampling;
mod tools;

pub use handler::{Handler, HandlerModel, Models, Panel, Relayed, Reply, ReplyWriter, Stopped, Turn};
pub use ids::{is_random_id, slug};
pub use inputs::InputValue;
pub use message::{ChatMessage, History, HistoryError, Media, MediaKind, MessageText, MessageTextError, Role};
pub use provider::{
    ChatEvent, ChatRequest, ChatStream, FinishReason, ModelProvider, PanelStatus, PanelUpdate, ProviderError,
    ReplyFile, ToolCall, ToolCallDelta, ToolSpec, Usage,
};
pub use sampling::{SamplingError, SamplingParams};
pub use tools::{ToolRunner, Tools};
