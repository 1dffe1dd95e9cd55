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

/// An application error as the server function's error: the one place
/// where it becomes a status (and `Retry-After`) and the words the page
/// shows. Bad input travels as `Args` (the page shows it as it is).
#[cfg(feature = "ssr")]
pub fn fail(e: colloquy_chat::AppError) -> ServerFnError {
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(status) = http::StatusCode::from_u16(e.status()) {
            response.set_status(status);
        }
        if let Some(secs) = e.retry_after_secs() {
            response.insert_header(http::header::RETRY_AFTER, http::HeaderValue::from(secs));
        }
    }
    match e {
        colloquy_chat::AppError::BadInput(why) => ServerFnError::Args(why),
        e => ServerFnError::ServerError(e.to_string()),
    }
}
