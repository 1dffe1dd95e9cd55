//! Colloquy's application layer: what the server does with a turn, apart
//! from how the turn arrived (the chat page's server functions, the
//! playground, the OpenAI-compatible API) and from how the reply leaves.
//! Plain Rust, tested natively; nothing here knows Leptos or HTTP routes.

pub mod attachments;
pub mod bots;
pub mod chat_turn;
pub mod checks;
pub mod error;
pub mod model_line;
pub mod pipeline;
pub mod rate_limits;
pub mod replies;
pub mod saved_reply;
pub mod state;
pub mod titles;
pub mod turn;
pub mod views;

pub use error::AppError;
