//! Errors as the page shows them.

use leptos::server_fn::error::ServerFnError;

/// A server function's error as a person reads it: the message alone for
/// errors the server explains, a hint for a connection that failed.
pub fn error_text(e: &ServerFnError) -> String {
    match e {
        ServerFnError::Args(message) | ServerFnError::ServerError(message) => message.clone(),
        ServerFnError::Request(_) => "The server could not be reached. Check your connection and try again.".into(),
        other => other.to_string(),
    }
}
