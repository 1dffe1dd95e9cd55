//! A server function's request: the app's state (the bot's, for a bot's
//! page) and who is asking. Every server function opens with
//! [`Request::current`], then asks it what it needs (the user, a budget),
//! so the opening lines are one line each, and every answer is an
//! [`AppError`] a caller can read.

use std::net::IpAddr;

use colloquy_chat::chat_turn::Sender;
use colloquy_chat::error::SENDING_TOO_FAST;
use colloquy_chat::state::AppState;
use colloquy_limits::Action;
use colloquy_store::{ConversationId, UserId};
use colloquy_wire::{AppError, Said, Thing};
use leptos::prelude::use_context;

/// The request a server function is answering.
pub struct Request {
    pub state: AppState,
    parts: http::request::Parts,
}

impl Request {
    /// The request being served: leptos_axum puts its parts, and the
    /// server the app's state, in the function's context.
    pub fn current() -> Result<Self, AppError> {
        let state = use_context::<AppState>().ok_or_else(|| AppError::Internal(Said::new("error-server-setup")))?;
        let parts =
            use_context::<http::request::Parts>().ok_or_else(|| AppError::Internal(Said::new("error-server-setup")))?;
        Ok(Self { state, parts })
    }

    fn asker(&self) -> Result<crate::identity::Asker<'_>, AppError> {
        crate::identity::Asker::from_parts(&self.parts)
            .ok_or_else(|| AppError::Internal(Said::new("error-server-setup")))
    }

    /// The client's address: the peer's, or the one a trusted proxy
    /// forwarded for.
    pub fn client_ip(&self) -> Option<IpAddr> {
        crate::identity::Asker::from_parts(&self.parts)?.client_ip(&self.state)
    }

    /// This request's session (the session layer puts it in the request).
    pub fn session(&self) -> Option<tower_sessions::Session> {
        self.parts.extensions.get::<tower_sessions::Session>().cloned()
    }

    /// Whether a browser's form sent it (it takes HTML back).
    pub fn is_form_post(&self) -> bool {
        self.parts
            .headers
            .get(http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"))
    }

    /// The person behind this request; with `create`, an anonymous user is
    /// made for a browser that has none yet (in `open` mode).
    pub async fn user(&self, create: bool) -> Result<Option<UserId>, AppError> {
        crate::identity::user(&self.asker()?, &self.state, create).await.map_err(|e| {
            tracing::error!("identity: {e}");
            e.answer()
        })
    }

    /// The person behind this request: made an anonymous user if new (open
    /// mode); nobody signed in is [`AppError::SignInFirst`].
    pub async fn acting_user(&self) -> Result<UserId, AppError> {
        self.user(true).await?.ok_or(AppError::SignInFirst)
    }

    /// The person behind this request, who must have a session already:
    /// without one, nothing of anyone's is found.
    pub async fn known_user(&self, what: Thing) -> Result<UserId, AppError> {
        match self.user(false).await? {
            Some(user) => Ok(user),
            None if self.state.config.auth.mode == colloquy_config::AuthMode::Open => Err(AppError::not_found(what)),
            None => Err(AppError::SignInFirst),
        }
    }

    /// Who sends a chat turn: the acting user, from this address.
    pub async fn sender(&self) -> Result<Sender, AppError> {
        Ok(Sender { user: self.acting_user().await?, address: self.client_ip() })
    }

    /// The per-address budget of `action`, taken before anything else:
    /// every path that may make an anonymous user charges its address
    /// first, so a flood without cookies cannot fill the users table.
    pub async fn address_allows(&self, action: Action) -> Result<(), AppError> {
        let Some(address) = self.client_ip() else { return Ok(()) };
        self.state.limits.check_address(action, address).await.map_err(|limited| {
            tracing::warn!(%address, action = action.key(), "rate-limited by address");
            let lead = match action {
                Action::Chat => SENDING_TOO_FAST,
                _ => "error-too-fast-address",
            };
            colloquy_chat::error::rate_limited(limited, lead)
        })
    }
}

/// A conversation id as a page sends it; any other is not found.
pub fn parse_conversation(id: &str) -> Result<ConversationId, AppError> {
    ConversationId::parse(id).ok_or_else(|| AppError::not_found(Thing::Conversation))
}

/// What server functions share: the request they answer, and the
/// application's errors by name.
pub mod prelude {
    pub use super::{parse_conversation, Request};
    pub use colloquy_chat::error::{limited_message, rate_limited, store_error, SENDING_TOO_FAST};
    pub use colloquy_chat::state::AppState;
    pub use colloquy_wire::{AppError, Said, Thing};

    /// Input the server refuses, and why (a message of the translation
    /// files).
    pub fn bad_input(why: Said) -> AppError {
        AppError::BadInput(why)
    }

    /// Someone else's (or no) `what`: the same words either way.
    pub fn not_found(what: Thing) -> AppError {
        AppError::not_found(what)
    }

    /// A fault of the server: the person reads `id`'s message; `fault`
    /// goes to the log.
    pub fn server_error(id: &str, fault: impl std::fmt::Display) -> AppError {
        tracing::error!("{fault}");
        AppError::Internal(Said::new(id))
    }

    /// A reply id as `stop_reply` and `resume_reply` take it.
    pub fn check_reply_id(id: &str) -> Result<(), AppError> {
        if colloquy_core::is_random_id(id) {
            Ok(())
        } else {
            Err(bad_input(Said::new("error-not-a-reply")))
        }
    }
}
