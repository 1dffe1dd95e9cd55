//! What went wrong with a request, as the person (or the program) calling
//! should hear it: one type for the whole application, answered with its
//! status in one place (the server's error layer) and shown by the page
//! in its language. Each error's words are a message of the translation
//! files ([`Said`]), so the layers that make errors need not know the
//! page's language.

use colloquy_i18n::Said;
use serde::{Deserialize, Serialize};

/// The application's one error type. Each variant says what the caller
/// can do about it; none carries internals (paths, SQL, keys): those are
/// logged where the error is made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AppError {
    /// The request is wrong, and the message says how (400).
    BadInput(Said),
    /// Someone else's, or no such, thing (404): the same words either way,
    /// so nobody learns which ids exist.
    NotFound(Said),
    /// Changed meanwhile, by another tab or person, or already there (409).
    Conflict(Said),
    /// Not this person's to do (403).
    Forbidden(Said),
    /// Nobody is signed in, and this needs someone (401).
    SignInFirst,
    /// Over a rate limit or a share of a model's line (429, `Retry-After`).
    RateLimited { message: Said, retry_after_secs: u64 },
    /// The model's line is full (503, `Retry-After`).
    Busy { message: Said, retry_after_secs: u64 },
    /// A part of the server (storage, sessions) cannot be reached; nothing
    /// was changed (503).
    Unavailable(Said),
    /// The model or provider failed at what was asked of it (502).
    Upstream(Said),
    /// The server failed in a way the caller cannot help (500).
    Internal(Said),
    /// The request could not be read at all: not the shape a server
    /// function takes (400). Why, in the decoder's words.
    Malformed(String),
    /// The page could not reach the server (never sent by one). Why, in
    /// the browser's words (not shown).
    Unreachable(String),
}

/// The things a [`AppError::not_found`] names: the keys of the
/// `error-not-found` message's choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Thing {
    Conversation,
    Folder,
    Reply,
    Attachment,
    Bot,
    Page,
    Account,
    ApiKey,
}

impl Thing {
    fn key(self) -> &'static str {
        match self {
            Thing::Conversation => "conversation",
            Thing::Folder => "folder",
            Thing::Reply => "reply",
            Thing::Attachment => "attachment",
            Thing::Bot => "bot",
            Thing::Page => "page",
            Thing::Account => "account",
            Thing::ApiKey => "api-key",
        }
    }
}

impl AppError {
    /// Someone else's, or no such, `what`.
    pub fn not_found(what: Thing) -> Self {
        Self::NotFound(Said::new("error-not-found").text("what", what.key()))
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

    /// What the person reads, as a message of the translation files.
    pub fn said(&self) -> Said {
        match self {
            Self::SignInFirst => Said::new("error-sign-in-first"),
            Self::Unreachable(_) => Said::new("error-unreachable"),
            Self::Malformed(why) => Said::detail("error-malformed", why.as_str()),
            Self::BadInput(m)
            | Self::NotFound(m)
            | Self::Conflict(m)
            | Self::Forbidden(m)
            | Self::Unavailable(m)
            | Self::Upstream(m)
            | Self::Internal(m)
            | Self::RateLimited { message: m, .. }
            | Self::Busy { message: m, .. } => m.clone(),
        }
    }

    /// What a program or the logs read: the message in English.
    #[cfg(feature = "english")]
    pub fn message(&self) -> String {
        self.said().english()
    }
}

impl AppError {
    /// The error as a server function's error body:
    /// `KIND|words|English`, with the seconds to wait first for the kinds
    /// that have them (`RateLimited|7|words|English`); the words are the
    /// [`Said`] as JSON (which has no `|` outside its strings, and no line
    /// break), the English is for a reader without the page's messages.
    /// The kinds a malformed request and a server fault have are
    /// server_fn's own (`Deserialization`, `ServerError`), so a client of
    /// the server functions reads those as it always has.
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
        // A malformed request's and an unreached server's why is all they
        // carry, as server_fn writes them.
        if let Self::Malformed(why) | Self::Unreachable(why) = self {
            return format!("{kind}|{why}");
        }
        let words = serde_json::to_string(&self.said()).unwrap_or_default();
        #[cfg(feature = "english")]
        let english = self.message();
        #[cfg(not(feature = "english"))]
        let english = String::new();
        match wait {
            Some(secs) => format!("{kind}|{secs}|{words}|{english}"),
            None => format!("{kind}|{words}|{english}"),
        }
    }

    /// Reads [`AppError::to_text`]'s form, and server_fn's own error kinds
    /// (`KIND|why`).
    pub fn from_text(text: &str) -> Option<Self> {
        let (kind, rest) = text.split_once('|')?;
        // The words, up to the `|` after the JSON: a JSON object's strings
        // may hold `|`, so the object is read as far as it goes.
        let said = |rest: &str| -> Option<Said> {
            let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<Said>();
            stream.next()?.ok()
        };
        let waited = || {
            let (secs, words) = rest.split_once('|')?;
            Some((secs.parse().ok()?, said(words)?))
        };
        Some(match kind {
            "Args" => Self::BadInput(said(rest)?),
            "NotFound" => Self::NotFound(said(rest)?),
            "Conflict" => Self::Conflict(said(rest)?),
            "Forbidden" => Self::Forbidden(said(rest)?),
            "SignInFirst" => Self::SignInFirst,
            "RateLimited" => {
                waited().map(|(retry_after_secs, message)| Self::RateLimited { message, retry_after_secs })?
            }
            "Busy" => waited().map(|(retry_after_secs, message)| Self::Busy { message, retry_after_secs })?,
            "Unavailable" => Self::Unavailable(said(rest)?),
            "Upstream" => Self::Upstream(said(rest)?),
            "Deserialization" | "MissingArg" => Self::Malformed(rest.to_string()),
            "Request" => Self::Unreachable(rest.to_string()),
            _ => Self::Internal(said(rest).unwrap_or_else(|| Said::detail("error-server", rest))),
        })
    }
}

/// On the server, the English words; in the browser (which words errors
/// in the page's language) the message's id.
impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        #[cfg(feature = "english")]
        return f.write_str(&self.message());
        #[cfg(not(feature = "english"))]
        f.write_str(&self.said().id)
    }
}

impl std::error::Error for AppError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(id: &str) -> Said {
        Said::new(id)
    }

    #[test]
    fn each_error_has_its_status_and_only_waits_say_when() {
        let limited = AppError::RateLimited { message: words("slow down"), retry_after_secs: 7 };
        assert_eq!((limited.status(), limited.retry_after_secs()), (429, Some(7)));
        let busy = AppError::Busy { message: words("full"), retry_after_secs: 5 };
        assert_eq!((busy.status(), busy.retry_after_secs()), (503, Some(5)));
        let missing = AppError::not_found(Thing::Conversation);
        assert_eq!(missing.status(), 404);
        assert_eq!(missing.said(), Said::new("error-not-found").text("what", "conversation"));
        assert_eq!(missing.retry_after_secs(), None);
        assert_eq!(AppError::SignInFirst.said().id, "error-sign-in-first");
        assert_eq!(AppError::SignInFirst.status(), 401);
    }

    #[cfg(feature = "english")]
    #[test]
    fn a_program_reads_the_words_in_english() {
        assert_eq!(
            AppError::not_found(Thing::Conversation).to_string(),
            "This conversation was not found; it may have been deleted."
        );
        assert_eq!(AppError::SignInFirst.to_string(), "Sign in first.");
        let text = AppError::not_found(Thing::Folder).to_text();
        assert!(text.ends_with("|This folder was not found; it may have been deleted."), "{text}");
    }

    #[test]
    fn every_error_reads_back_from_its_text() {
        let all = [
            AppError::BadInput(Said::new("no | pipes").text("lost", "a | b }|{").number("n", 3)),
            AppError::not_found(Thing::Reply),
            AppError::Conflict(words("changed")),
            AppError::Forbidden(words("not yours")),
            AppError::SignInFirst,
            AppError::RateLimited { message: Said::new("slow").text("x", "|"), retry_after_secs: 3 },
            AppError::Busy { message: words("full"), retry_after_secs: 5 },
            AppError::Unavailable(words("later")),
            AppError::Upstream(Said::detail("error-upstream", "the model failed")),
            AppError::Internal(words("oops")),
            AppError::Malformed("missing field `turn` | or not".into()),
            AppError::Unreachable("connection refused".into()),
        ];
        for error in all {
            assert_eq!(AppError::from_text(&error.to_text()), Some(error.clone()), "{}", error.to_text());
        }
        assert!(AppError::Malformed("x".into()).to_text().starts_with("Deserialization|"));
        assert_eq!(AppError::from_text("MissingArg|turn"), Some(AppError::Malformed("turn".into())));
        assert_eq!(AppError::from_text("ServerError|it broke").map(|e| e.status()), Some(500));
        assert_eq!(AppError::from_text("no delimiter"), None);
        assert_eq!(AppError::from_text("RateLimited|soon|{\"id\":\"x\"}|"), None);
        assert_eq!(AppError::from_text("Args|not json|"), None);
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
                other => AppError::Internal(colloquy_i18n::Said::detail("error-server", other.to_string())),
            }
        }
    }
}
