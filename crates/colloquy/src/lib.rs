//! A chatbot in a few lines of Rust.
//!
//! Write what a bot says; Colloquy serves it: the chat page, streaming,
//! stored conversations, limits, accounts and the HTTP API.
//!
//! ```no_run
//! use colloquy::{Bot, Turn};
//!
//! #[tokio::main]
//! async fn main() {
//!     Bot::new("Echo")
//!         .description("Says it back.")
//!         .handler(|turn: Turn| async move { format!("You said: {}", turn.text()) })
//!         .launch()
//!         .await
//! }
//! ```
//!
//! A [`Bot`] is a [`Config`] (the same one `colloquy.toml` describes) plus a
//! [`Handler`]: a config-only bot and a code bot are one concept, and
//! [`Bot::from_config_file`] starts from a file.

mod bot;
pub mod inputs;

pub use bot::{slug, Bot, TestServer};
pub use colloquy_config::{Config, ConfigError, Example, InputSpec, McpServerConfig, ProviderKind};
pub use colloquy_core::{
    ChatEvent, ChatMessage, ChatRequest, FinishReason, Handler, InputValue, Media, MediaKind, ModelProvider, Models,
    Panel, ProviderError, Relayed, Reply, ReplyWriter, Role, SamplingParams, Stopped, ToolCall, ToolSpec, Tools, Turn,
};
pub use server::{Application, StartError};
