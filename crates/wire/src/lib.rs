//! What travels between the page and the server, and nothing else: plain
//! serde types and the reply stream's reader, built into both the server
//! and the WASM client (so nothing here may weigh on the bundle without
//! need: no maps in the page's data, no internally tagged enums).

mod error;
mod flat_frame;
mod page;
pub mod panels;
mod reply;
mod think;
mod turn;
mod views;

pub use colloquy_i18n::Said;
pub use error::{AppError, Thing};
pub use page::*;
pub use reply::*;
pub use think::*;
pub use turn::*;
pub use views::*;
