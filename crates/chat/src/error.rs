//! The application's error ([`AppError`], shared with the page through
//! `colloquy-wire`) made from the layers below: storage, rate limits,
//! attachments. Each constructor logs what the caller must not read.

pub use colloquy_wire::AppError;

use colloquy_store::StoreError;

/// What a page turn over its budget is told.
pub const SENDING_TOO_FAST: &str = "You are sending messages faster than this server allows";

/// Refused by a rate limit: words that say when to try again.
pub fn rate_limited(limited: colloquy_limits::Limited, lead: &str) -> AppError {
    AppError::RateLimited { message: limited_message(limited, lead), retry_after_secs: limited.retry_after_secs() }
}

/// `lead`, then when to try again.
pub fn limited_message(limited: colloquy_limits::Limited, lead: &str) -> String {
    let secs = limited.retry_after_secs();
    let unit = if secs == 1 { "second" } else { "seconds" };
    format!("{lead}. You can try again in {secs} {unit}.")
}

/// A storage error as the person should hear it (`what` names the thing
/// that was not found, when it was not).
pub fn store_error(what: &str, e: StoreError) -> AppError {
    match e {
        StoreError::NotFound => AppError::not_found(what),
        StoreError::Conflict => AppError::Conflict(StoreError::Conflict.to_string()),
        StoreError::Invalid(why) => AppError::BadInput(why),
        other => {
            tracing::error!("storage failed: {other}");
            AppError::Unavailable(
                "Your conversations cannot be reached right now; nothing was changed. Try again shortly.".into(),
            )
        }
    }
}
