//! Model servers reached over HTTP, behind the same [`ModelProvider`] trait
//! as the embedded model.
//!
//! Three protocols cover the servers people run: OpenAI-compatible Chat
//! Completions (OpenAI, vLLM, llama.cpp's server, LM Studio, Groq, …),
//! Anthropic Messages, and Ollama's native `/api/chat`. Each is a small
//! [`protocol`] module that builds the request body and translates one
//! stream message into [`ChatEvent`]s; everything else (timeouts, retries,
//! framing, error wording, key hygiene) is shared in `transport`.
//!
//! The `http` feature (on by default) is the client itself; without it the
//! crate is only the wire formats, which is all `fuzz/` needs (a third of
//! its build was reqwest, hyper and rustls).
//!
//! [`ModelProvider`]: colloquy_core::ModelProvider
//! [`ChatEvent`]: colloquy_core::ChatEvent

// Without the client the request side of each protocol has no caller.
#![cfg_attr(not(feature = "http"), allow(dead_code))]

mod fallback;
mod framing;
/// Entry points for `fuzz/`: the stream parsers without a network.
#[doc(hidden)]
pub mod fuzzing;
mod protocol;
mod settings;
#[cfg(feature = "http")]
mod transport;

pub use fallback::WithFallback;
pub use settings::{ApiKey, Kind, ProviderSettings, RetryPolicy, Timeouts};
#[cfg(feature = "http")]
pub use transport::{HttpProvider, ProviderClient};
