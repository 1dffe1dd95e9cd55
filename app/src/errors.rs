//! Errors as the page shows them. The server functions' error is the
//! application's own, [`colloquy_wire::AppError`] (its `FromServerFnError`
//! is in colloquy-wire, its status in the server's error layer).

use colloquy_wire::AppError;

/// A server function's error as a person reads it: its message alone (a
/// hint, for a connection that failed).
pub fn error_text(e: &AppError) -> String {
    e.to_string()
}
