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
    /// The request could not be read at all: not the shape a server
    /// function takes (400).
    Malformed(String),
    /// The page could not reach the server (never sent by one).
    Unreachable(String),
}

impl AppError {
    /// Someone else's, or no such, `what`.
    pub fn not_found(what: &str) -> Self {
        Self::NotFound(format!("This {what} was not found; it may have been deleted."))
    }

    /// The HTTP status it is answered with.
    pub fn status(&self) -> u16 {
        match self {
            Self::BadInput(_) | Self::Malformed(_) => 400,
            Self::SignInFirst => 401,
            Self::Forbidden(_) => 403,
            Self::NotFound(_) => 404,
            Self::Conflict(_) => 409,
            Self::RateLimited { .. } => 429,
            Self::Internal(_) => 500,
            Self::Upstream(_) | Self::Unreachable(_) => 502,
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
            Self::Unreachable(_) => "The server could not be reached. Check your connection and try again.",
            Self::BadInput(m)
            | Self::NotFound(m)
            | Self::Conflict(m)
            | Self::Forbidden(m)
            | Self::Unavailable(m)
            | Self::Upstream(m)
            | Self::Internal(m)
            | Self::Malformed(m)
            | Self::RateLimited { message: m, .. }
            | Self::Busy { message: m, .. } => m,
        }
    }
}

impl AppError {
    /// The error as a server function's error body: `KIND|message`, with
    /// the seconds to wait first for the kinds that have them
    /// (`RateLimited|7|message`). The kinds a malformed request and a
    /// server fault have are server_fn's own (`Deserialization`,
    /// `ServerError`), so a client of the server functions reads those as
    /// it always has.
    pub fn to_text(&self) -> String {
        let (kind, wait) = match self {
            Self::BadInput(_) => ("Args", None),
            Self::NotFound(_) => ("NotFound", None),
            Self::Conflict(_) => ("Conflict", None),
            Self::Forbidden(_) => ("Forbidden", None),
            Self::SignInFirst => ("SignInFirst", None),
            Self::RateLimited { retry_after_secs, .. } => ("RateLimited", Some(retry_after_secs)),
            Self::Busy { retry_after_secs, .. } => ("Busy", Some(retry_after_secs)),
            Self::Unavailable(_) => ("Unavailable", None),
            Self::Upstream(_) => ("Upstream", None),
            Self::Internal(_) => ("ServerError", None),
            Self::Malformed(_) => ("Deserialization", None),
            Self::Unreachable(_) => ("Request", None),
        };
        let message = match self {
            Self::Unreachable(why) => why.as_str(),
            other => other.message(),
        };
        match wait {
            Some(secs) => format!("{kind}|{secs}|{message}"),
            None => format!("{kind}|{message}"),
        }
    }

    /// Reads [`AppError::to_text`]'s form, and server_fn's own error kinds.
    pub fn from_text(text: &str) -> Option<Self> {
        let (kind, rest) = text.split_once('|')?;
        let waited = || {
            let (secs, message) = rest.split_once('|')?;
            Some((secs.parse().ok()?, message.to_string()))
        };
        let rest = rest.to_string();
        Some(match kind {
            "Args" => Self::BadInput(rest),
            "NotFound" => Self::NotFound(rest),
            "Conflict" => Self::Conflict(rest),
            "Forbidden" => Self::Forbidden(rest),
            "SignInFirst" => Self::SignInFirst,
            "RateLimited" => {
                waited().map(|(retry_after_secs, message)| Self::RateLimited { message, retry_after_secs })?
            }
            "Busy" => waited().map(|(retry_after_secs, message)| Self::Busy { message, retry_after_secs })?,
            "Unavailable" => Self::Unavailable(rest),
            "Upstream" => Self::Upstream(rest),
            "Deserialization" | "MissingArg" => Self::Malformed(rest),
            "Request" => Self::Unreachable(rest),
            _ => Self::Internal(rest),
        })
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

    #[test]
    fn every_error_reads_back_from_its_text() {
        let all = [
            AppError::BadInput("no | pipes | lost".into()),
            AppError::not_found("reply"),
            AppError::Conflict("changed".into()),
            AppError::Forbidden("not yours".into()),
            AppError::SignInFirst,
            AppError::RateLimited { message: "slow | down".into(), retry_after_secs: 3 },
            AppError::Busy { message: "full".into(), retry_after_secs: 5 },
            AppError::Unavailable("later".into()),
            AppError::Upstream("the model failed".into()),
            AppError::Internal("oops".into()),
            AppError::Malformed("missing field `turn`".into()),
            AppError::Unreachable("connection refused".into()),
        ];
        for error in all {
            assert_eq!(AppError::from_text(&error.to_text()), Some(error.clone()), "{}", error.to_text());
        }
        assert!(AppError::Malformed("x".into()).to_text().starts_with("Deserialization|"));
        assert_eq!(AppError::from_text("MissingArg|turn"), Some(AppError::Malformed("turn".into())));
        assert_eq!(AppError::from_text("no delimiter"), None);
        assert_eq!(AppError::from_text("RateLimited|soon|x"), None);
    }
}

/// The server functions' error is [`AppError`]: read and written as its
/// text (`KIND|message`), with server_fn's own failures (a body that does
/// not decode, a server that cannot be reached) made application errors.
#[cfg(feature = "server-fn")]
mod server_fn_error {
    use server_fn::error::{FromServerFnError, ServerFnErrorErr};
    use server_fn::{Bytes, ContentType, Decodes, Encodes, Format, FormatType};

    use super::AppError;

    /// [`AppError`]'s text, as server_fn sends and reads it.
    pub struct AppErrorText;

    impl ContentType for AppErrorText {
        const CONTENT_TYPE: &'static str = "text/plain";
    }

    impl FormatType for AppErrorText {
        const FORMAT_TYPE: Format = Format::Text;
    }

    impl Encodes<AppError> for AppErrorText {
        type Error = std::convert::Infallible;

        fn encode(error: &AppError) -> Result<Bytes, Self::Error> {
            Ok(Bytes::from(error.to_text()))
        }
    }

    impl Decodes<AppError> for AppErrorText {
        type Error = String;

        fn decode(bytes: Bytes) -> Result<AppError, Self::Error> {
            let text = std::str::from_utf8(&bytes).map_err(|e| e.to_string())?;
            AppError::from_text(text).ok_or_else(|| format!("not an error's text: {text:?}"))
        }
    }

    impl FromServerFnError for AppError {
        type Encoder = AppErrorText;

        fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
            match value {
                ServerFnErrorErr::Args(why)
                | ServerFnErrorErr::Deserialization(why)
                | ServerFnErrorErr::MissingArg(why) => AppError::Malformed(why),
                ServerFnErrorErr::Request(why) => AppError::Unreachable(why),
                other => AppError::Internal(other.to_string()),
            }
        }
    }
}
