//! What went wrong with a request, as the person (or the program) calling
//! should hear it: one type for the whole application, answered with its
//! status in one place (the server's error layer) and shown by the page
//! as its message alone.

use serde::{Deserialize, Serialize};

/// The application's one error type. Each variant says what the caller
/// can do about it; none carries internals (paths, SQL, keys): those are
/// logged where the error is made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AppError {
    /// The request is wrong, and the message says how (400).
    BadInput(String),
    /// Someone else's, or no such, thing (404): the same words either way,
    /// so nobody learns which ids exist.
    NotFound(String),
    /// Changed meanwhile, by another tab or person, or already there (409).
    Conflict(String),
    /// Not this person's to do (403).
    Forbidden(String),
    /// Nobody is signed in, and this needs someone (401).
    SignInFirst,
    /// Over a rate limit or a share of a model's line (429, `Retry-After`).
    RateLimited { message: String, retry_after_secs: u64 },
    /// The model's line is full (503, `Retry-After`).
    Busy { message: String, retry_after_secs: u64 },
    /// A part of the server (storage, sessions) cannot be reached; nothing
    /// was changed (503).
    Unavailable(String),
    /// The model or provider failed at what was asked of it (502).
    Upstream(String),
    /// The server failed in a way the caller cannot help (500).
    Internal(String),
}

impl AppError {
    /// Someone else's, or no such, `what`.
    pub fn not_found(what: &str) -> Self {
        Self::NotFound(format!("This {what} was not found; it may have been deleted."))
    }

    /// The HTTP status it is answered with.
    pub fn status(&self) -> u16 {
        match self {
            Self::BadInput(_) => 400,
            Self::SignInFirst => 401,
            Self::Forbidden(_) => 403,
            Self::NotFound(_) => 404,
            Self::Conflict(_) => 409,
            Self::RateLimited { .. } => 429,
            Self::Internal(_) => 500,
            Self::Upstream(_) => 502,
            Self::Busy { .. } | Self::Unavailable(_) => 503,
        }
    }

    /// How long to wait before asking again, where that is known.
    pub fn retry_after_secs(&self) -> Option<u64> {
        match self {
            Self::RateLimited { retry_after_secs, .. } | Self::Busy { retry_after_secs, .. } => Some(*retry_after_secs),
            _ => None,
        }
    }

    /// What the person reads.
    pub fn message(&self) -> &str {
        match self {
            Self::SignInFirst => "Sign in first.",
            Self::BadInput(m)
            | Self::NotFound(m)
            | Self::Conflict(m)
            | Self::Forbidden(m)
            | Self::Unavailable(m)
            | Self::Upstream(m)
            | Self::Internal(m)
            | Self::RateLimited { message: m, .. }
            | Self::Busy { message: m, .. } => m,
        }
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for AppError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_error_has_its_status_and_only_waits_say_when() {
        let limited = AppError::RateLimited { message: "slow down".into(), retry_after_secs: 7 };
        assert_eq!((limited.status(), limited.retry_after_secs()), (429, Some(7)));
        let busy = AppError::Busy { message: "full".into(), retry_after_secs: 5 };
        assert_eq!((busy.status(), busy.retry_after_secs()), (503, Some(5)));
        let missing = AppError::not_found("conversation");
        assert_eq!(missing.status(), 404);
        assert_eq!(missing.to_string(), "This conversation was not found; it may have been deleted.");
        assert_eq!(missing.retry_after_secs(), None);
        assert_eq!(AppError::SignInFirst.to_string(), "Sign in first.");
        assert_eq!(AppError::SignInFirst.status(), 401);
    }
}
