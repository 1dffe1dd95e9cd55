//! The application's error ([`AppError`], shared with the page through
//! `colloquy-wire`) made from the layers below: storage, rate limits,
//! the checks of a turn, attachments and uploads. This is the one place
//! their refusals become the person's words: messages of the translation
//! files ([`Said`]), which the page says in its language. Each constructor
//! logs what the caller must not read.

pub use colloquy_wire::{AppError, Said, Thing};

use colloquy_config::InputError;
use colloquy_core::{HistoryError, MessageTextError, ProviderError};
use colloquy_store::{Refused, StoreError};
use colloquy_uploads::UploadError;

use crate::attachments::AttachError;
use crate::checks::TurnRefused;

/// What a page turn over its budget is told (a message id of
/// [`limited_message`]).
pub const SENDING_TOO_FAST: &str = "error-too-fast-messages";

/// Refused by a rate limit: `lead` (a message id, see
/// [`limited_message`]) with when to try again.
pub fn rate_limited(limited: colloquy_limits::Limited, lead: &str) -> AppError {
    AppError::RateLimited { message: limited_message(limited, lead), retry_after_secs: limited.retry_after_secs() }
}

/// Message `lead` (one of the `error-too-fast-*` messages, which each say
/// what was too fast and then when to try again) with the seconds to wait.
pub fn limited_message(limited: colloquy_limits::Limited, lead: &str) -> Said {
    Said::new(lead).number("secs", limited.retry_after_secs())
}

/// A storage error as the person should hear it (`what` names the thing
/// that was not found, when it was not).
pub fn store_error(what: Thing, e: StoreError) -> AppError {
    match e {
        StoreError::NotFound => AppError::not_found(what),
        StoreError::Conflict => AppError::Conflict(Said::new("error-changed-elsewhere")),
        StoreError::Refused(refused) => AppError::BadInput(refused_said(&refused)),
        other => {
            tracing::error!("storage failed: {other}");
            AppError::Unavailable(Said::new("error-store-unavailable"))
        }
    }
}

/// What the store refused, as the person hears it.
pub fn refused_said(refused: &Refused) -> Said {
    use colloquy_store as store;
    match refused {
        Refused::TitleEmpty => Said::new("error-title-empty"),
        Refused::TitleTooLong => Said::new("error-title-too-long").number("max", store::MAX_TITLE_CHARS),
        Refused::BadName => Said::new("error-bad-name").number("max", store::MAX_NAME_CHARS),
        Refused::NameTaken(name) => Said::new("error-name-taken").text("name", name.as_str()),
        Refused::FolderNameEmpty => Said::new("error-folder-name-empty"),
        Refused::FolderNameTooLong => {
            Said::new("error-folder-name-too-long").number("max", store::MAX_FOLDER_NAME_CHARS)
        }
        Refused::TooManyFolders => Said::new("error-too-many-folders").number("max", store::MAX_FOLDERS),
        Refused::BadKeyName => Said::new("error-bad-key-name").number("max", store::MAX_KEY_NAME_CHARS),
        Refused::TooManyKeys => Said::new("error-too-many-keys").number("max", store::MAX_KEYS_PER_USER),
        Refused::BadRating => Said::new("error-bad-rating"),
    }
}

/// A model's or provider's failure, as the reply shows it (the provider's
/// own words, when it sent any, are the `detail`).
pub fn provider_said(e: &ProviderError) -> Said {
    let seconds = |d: &std::time::Duration| d.as_secs_f64().ceil() as i64;
    let with_detail = |id: &str, detail: &str| {
        if detail.is_empty() {
            Said::new(id)
        } else {
            Said::detail(format!("{id}-detail"), detail)
        }
    };
    match e {
        ProviderError::ModelUnavailable(detail) => Said::detail("error-model-unavailable", detail.as_str()),
        ProviderError::ContextOverflow { prompt_tokens, context } => {
            Said::new("error-context-overflow").number("prompt", *prompt_tokens).number("context", *context)
        }
        ProviderError::Generation(detail) => Said::detail("error-generation", detail.as_str()),
        ProviderError::Unreachable { provider, detail } => {
            Said::detail("error-provider-unreachable", detail.as_str()).text("provider", provider.as_str())
        }
        ProviderError::KeyRejected { provider, status } => {
            Said::new("error-key-rejected").text("provider", provider.as_str()).number("status", *status)
        }
        ProviderError::RateLimited { provider, attempts, retry_after } => {
            let said = match retry_after {
                Some(after) => Said::new("error-provider-rate-limited").number("secs", seconds(after)),
                None => Said::new("error-provider-rate-limited-minute"),
            };
            said.text("provider", provider.as_str()).number("attempts", *attempts)
        }
        ProviderError::Upstream { provider, status, attempts, detail } => with_detail("error-provider-status", detail)
            .text("provider", provider.as_str())
            .number("status", *status)
            .number("attempts", *attempts),
        ProviderError::Refused { provider, status, detail } => {
            with_detail("error-provider-refused", detail).text("provider", provider.as_str()).number("status", *status)
        }
        ProviderError::Interrupted { provider, detail } => {
            Said::detail("error-provider-interrupted", detail.as_str()).text("provider", provider.as_str())
        }
        ProviderError::Malformed { provider, detail } => {
            Said::detail("error-provider-malformed", detail.as_str()).text("provider", provider.as_str())
        }
        ProviderError::Stalled { provider, waited } => {
            Said::new("error-provider-stalled").text("provider", provider.as_str()).number("secs", seconds(waited))
        }
        ProviderError::NoFirstToken { provider, waited } => Said::new("error-provider-no-first-token")
            .text("provider", provider.as_str())
            .number("secs", seconds(waited)),
    }
}

/// A message's text refused.
pub fn message_text_said(e: &MessageTextError) -> Said {
    match *e {
        MessageTextError::Empty => Said::new("error-message-empty"),
        MessageTextError::TooLong { len, limit } => {
            Said::new("error-message-too-long").number("len", len).number("limit", limit)
        }
    }
}

/// A turn refused by its checks.
pub fn turn_refused_said(e: &TurnRefused) -> Said {
    match e {
        TurnRefused::Text(e) => message_text_said(e),
        TurnRefused::TooManyMessages { messages, limit } => {
            Said::new("error-too-many-messages").number("messages", *messages).number("limit", *limit)
        }
        TurnRefused::History(HistoryError::SystemMessage { index }) => {
            Said::new("error-history-system").number("index", *index)
        }
        TurnRefused::History(HistoryError::MessageTooLong { index, limit }) => {
            Said::new("error-history-message-too-long").number("index", *index).number("limit", *limit)
        }
        TurnRefused::History(HistoryError::TooLong { total, limit }) => {
            Said::new("error-conversation-too-long").number("total", *total).number("limit", *limit)
        }
    }
}

/// A settings panel's value refused.
pub fn input_said(e: &InputError) -> Said {
    match e {
        InputError::Unknown(name) => Said::new("error-setting-unknown").text("name", name.as_str()),
        InputError::Invalid { label, expected } => {
            Said::new("error-setting-invalid").text("label", label.as_str()).text("expected", expected.as_str())
        }
    }
}

/// A turn's files refused (those that are the person's to mend).
pub fn attach_said(e: &AttachError) -> Said {
    match e {
        AttachError::Disabled => Said::new("error-attachments-off"),
        AttachError::TooMany { limit } => Said::new("error-attachments-too-many").number("limit", *limit),
        AttachError::NotAccepted { model, kind, name } => Said::new("error-attachment-not-accepted")
            .text("model", model.as_str())
            .text("kind", *kind)
            .text("name", name.as_str()),
        AttachError::Twice { name } => Said::new("error-attachment-twice").text("name", name.as_str()),
        AttachError::TooMuchText { limit } => Said::new("error-attachments-too-much-text").number("limit", *limit),
        AttachError::TooMuchMedia { limit } => Said::new("error-attachments-too-much-media").number("limit", *limit),
        AttachError::Upload(e) => upload_said(e),
    }
}

/// An upload refused.
pub fn upload_said(e: &UploadError) -> Said {
    let named = |id: &str, name: &str| Said::new(id).text("name", name);
    match e {
        UploadError::Empty { name } => named("error-file-empty", name),
        UploadError::TooLarge { name, size, limit } => {
            named("error-file-too-large", name).number("size", *size).number("limit", *limit)
        }
        UploadError::Unsupported { name, allowed } => named("error-file-type", name).text("allowed", allowed.as_str()),
        UploadError::TooManyPixels { name, width, height, limit } => {
            named("error-file-pixels", name).number("width", *width).number("height", *height).number("limit", *limit)
        }
        UploadError::UnreadableImage { name } => named("error-file-unreadable-image", name),
        UploadError::OverQuota { name, used, limit } => {
            named("error-file-over-quota", name).number("used", *used).number("limit", *limit)
        }
        UploadError::AddressOverQuota { name, used, limit } => {
            named("error-file-address-over-quota", name).number("used", *used).number("limit", *limit)
        }
        UploadError::StoreFull { name } => named("error-file-store-full", name),
        UploadError::NotFound => Said::new("error-file-gone"),
        UploadError::Io(_) => Said::new("error-file-not-stored"),
    }
}
