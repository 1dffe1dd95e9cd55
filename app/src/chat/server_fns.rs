//! The server functions of the chat page.

use leptos::prelude::*;
use leptos::server_fn::codec::{Json, StreamingText, TextStream};

use colloquy_wire::{AppError, ChatTurn, Feedback, StoredView};

/// The helpers of server functions, for the other modules that have some.
/// The helpers of server functions, for the other modules that have some.
#[cfg(feature = "ssr")]
pub mod ssr_helpers {
    pub use super::ssr::{
        acting_user, address_allows, address_allows_turn, app_state, bad_input, client_ip, known_user, not_found,
        parse_conversation, rate_limited, request_session, request_user, sender, server_error, sign_in_first,
        store_error, AppState,
    };
    pub use colloquy_chat::error::{limited_message, SENDING_TOO_FAST};
}

#[cfg(feature = "ssr")]
mod ssr {
    pub use colloquy_chat::state::AppState;
    pub use colloquy_store::{StoreError, UserId};
    pub use futures::StreamExt;
    pub use leptos::prelude::*;

    use colloquy_chat::error::SENDING_TOO_FAST;
    use colloquy_chat::AppError;
    use colloquy_store::ConversationId;

    pub fn server_error(message: &str) -> AppError {
        AppError::Internal(message.into())
    }

    /// The person behind this request: made an anonymous user if new (open
    /// mode), or 401 if nobody is signed in.
    pub async fn acting_user(state: &AppState) -> Result<UserId, AppError> {
        request_user(state, true).await?.ok_or_else(sign_in_first)
    }

    /// The sender of a chat turn: the acting user and their address.
    pub async fn sender(state: &AppState) -> Result<colloquy_chat::chat_turn::Sender, AppError> {
        Ok(colloquy_chat::chat_turn::Sender { user: acting_user(state).await?, address: client_ip(state) })
    }

    pub fn app_state() -> Result<AppState, AppError> {
        use_context::<AppState>().ok_or_else(|| server_error("server state is missing"))
    }

    /// Input the server refuses; answered with 400 and shown to the user.
    pub fn bad_input(why: impl std::fmt::Display) -> AppError {
        AppError::BadInput(why.to_string())
    }

    /// Refused by a rate limit: 429 with `Retry-After`, and words that say
    /// when to try again.
    pub fn rate_limited(limited: colloquy_limits::Limited, lead: &str) -> AppError {
        colloquy_chat::error::rate_limited(limited, lead)
    }

    /// The per-address budget of a chat turn, taken before anything else
    /// (an anonymous user is made only for a request within it).
    pub async fn address_allows_turn(state: &AppState) -> Result<(), AppError> {
        address_allows(state, colloquy_limits::Action::Chat).await
    }

    /// The per-address budget of `action`, taken before anything else:
    /// every path that may make an anonymous user charges its address
    /// first, so a flood without cookies cannot fill the users table.
    pub async fn address_allows(state: &AppState, action: colloquy_limits::Action) -> Result<(), AppError> {
        let Some(address) = client_ip(state) else { return Ok(()) };
        state.limits.check_address(action, address).await.map_err(|limited| {
            tracing::warn!(%address, action = action.key(), "rate-limited by address");
            let lead = match action {
                colloquy_limits::Action::Chat => SENDING_TOO_FAST,
                _ => "This address is sending requests faster than this server allows",
            };
            rate_limited(limited, lead)
        })
    }

    /// The client's address: the peer's, or the one a trusted proxy
    /// forwarded for.
    pub fn client_ip(state: &AppState) -> Option<std::net::IpAddr> {
        let parts = use_context::<http::request::Parts>()?;
        crate::identity::Asker::from_parts(&parts)?.client_ip(state)
    }

    /// Someone else's (or no) conversation, reply or message: 404, and the
    /// same words either way, so nobody learns which ids exist.
    pub fn not_found(what: &str) -> AppError {
        AppError::not_found(what)
    }

    /// A storage error as the person should hear it.
    pub fn store_error(what: &str, e: StoreError) -> AppError {
        colloquy_chat::error::store_error(what, e)
    }

    /// This request's session (the session layer puts it in the request).
    pub fn request_session() -> Option<tower_sessions::Session> {
        use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<tower_sessions::Session>().cloned())
    }

    /// The person behind this request; with `create`, an anonymous user is
    /// made for a browser that has none yet (in `open` mode).
    pub async fn request_user(state: &AppState, create: bool) -> Result<Option<UserId>, AppError> {
        let parts = use_context::<http::request::Parts>().ok_or_else(|| server_error("the request is missing"))?;
        let asker = crate::identity::Asker::from_parts(&parts)
            .ok_or_else(|| server_error("sessions are not set up on this server"))?;
        crate::identity::user(&asker, state, create).await.map_err(|e| {
            tracing::error!("identity: {e}");
            e.answer()
        })
    }

    /// Nobody is signed in (password and proxy modes): 401.
    pub fn sign_in_first() -> AppError {
        AppError::SignInFirst
    }

    /// The person behind this request, who must have a session already:
    /// without one, nothing of anyone's is found.
    pub async fn known_user(state: &AppState, what: &str) -> Result<UserId, AppError> {
        match request_user(state, false).await? {
            Some(user) => Ok(user),
            None if state.config.auth.mode == colloquy_config::AuthMode::Open => Err(not_found(what)),
            None => Err(sign_in_first()),
        }
    }

    pub fn parse_conversation(id: &str) -> Result<ConversationId, AppError> {
        ConversationId::parse(id).ok_or_else(|| not_found("conversation"))
    }

    /// A reply id as `stop_reply` and `resume_reply` take it.
    pub fn check_reply_id(id: &str) -> Result<(), AppError> {
        if colloquy_core::is_random_id(id) {
            Ok(())
        } else {
            Err(bad_input("not a reply id"))
        }
    }
}

/// Streams the assistant's reply to `turn` as newline-delimited JSON frames
/// (see [`colloquy_wire::ReplyFrame`]), storing the turn and the reply.
///
/// Invalid input is refused before the stream starts, as an `Args` error,
/// which the server answers with 400; someone else's conversation is 404,
/// one changed by another tab 409.
#[server(input = Json, output = StreamingText, endpoint = "chat_reply")]
pub async fn chat_reply(turn: ChatTurn) -> Result<TextStream<AppError>, AppError> {
    use self::ssr::*;
    let state = app_state()?;
    address_allows_turn(&state).await?;
    let sender = sender(&state).await?;
    let (_, attached) = colloquy_chat::chat_turn::start_turn(&state, &sender, turn).await?;
    Ok(TextStream::new(attached.into_stream().map(Ok)))
}

/// The composer's form when the page runs without JavaScript (a plain form
/// post): waits for the whole reply (stored like any other) and sends the
/// browser to the conversation's page, which shows it. A message that is
/// refused goes back into the box with the reason.
#[server(endpoint = "post_message")]
pub async fn post_message(
    message: String,
    model: Option<String>,
    conversation: Option<String>,
    expect: Option<u32>,
    bot: Option<String>,
) -> Result<(), AppError> {
    use self::ssr::*;
    use colloquy_wire::{Speaker, WireMessage};

    let state = app_state()?;
    let expect = expect.unwrap_or(0);
    let turn = ChatTurn {
        conversation: conversation.filter(|c| !c.is_empty()),
        expect,
        keep: expect,
        message: Some(WireMessage { role: Speaker::User, content: message.clone(), attachments: vec![] }),
        model: model.unwrap_or_else(|| state.models.default_id().to_string()),
        inputs: Default::default(),
        bot: bot.unwrap_or_default(),
    };
    let started = async {
        address_allows_turn(&state).await?;
        let sender = sender(&state).await?;
        colloquy_chat::chat_turn::start_turn(&state, &sender, turn).await
    };
    match started.await {
        Ok((id, attached)) => {
            // The reply task stores it; this waits for it to end.
            attached.into_stream().for_each(|_| async {}).await;
            tracing::info!(conversation = %id, "reply without JavaScript");
            leptos_axum::redirect(&format!("/c/{id}"));
        }
        Err(e) => {
            let form_post = use_context::<http::request::Parts>().is_some_and(|parts| {
                parts
                    .headers
                    .get(http::header::ACCEPT)
                    .and_then(|v| v.to_str().ok())
                    .is_some_and(|v| v.contains("text/html"))
            });
            if !form_post {
                return Err(e);
            }
            // Back to the page it came from (the referrer), with the text.
            let session = use_context::<http::request::Parts>()
                .and_then(|parts| parts.extensions.get::<tower_sessions::Session>().cloned());
            if let Some(session) = session {
                let why = crate::errors::error_text(&e);
                if let Err(e) = crate::identity::set_flash(&session, &message, &why).await {
                    tracing::error!("flash: {e}");
                }
            }
        }
    }
    Ok(())
}

/// Reattaches to a reply (after a lost connection, a reload, or coming
/// back to its conversation): its frames from the `from`-th on (the count
/// of frames already received).
#[server(input = Json, output = StreamingText, endpoint = "resume_reply")]
pub async fn resume_reply(reply_id: String, from: usize) -> Result<TextStream<AppError>, AppError> {
    use self::ssr::*;
    check_reply_id(&reply_id)?;
    let state = app_state()?;
    let user = known_user(&state, "reply").await?;
    let Some(attached) = state.replies.attach(user.as_str(), &reply_id, from) else {
        return Err(not_found("reply"));
    };
    tracing::info!(reply_id = %reply_id, from, "browser reattached");
    Ok(TextStream::new(attached.into_stream().map(Ok)))
}

/// Ends a reply that is streaming; what it wrote stays, marked stopped.
/// Returns whether one was running.
#[server(endpoint = "stop_reply")]
pub async fn stop_reply(reply_id: String) -> Result<bool, AppError> {
    use self::ssr::*;
    check_reply_id(&reply_id)?;
    let state = app_state()?;
    let user = known_user(&state, "reply").await?;
    let stopped = state.replies.stop(user.as_str(), &reply_id).ok_or_else(|| not_found("reply"))?;
    tracing::info!(reply_id = %reply_id, stopped, "stop requested");
    Ok(stopped)
}

/// Undo: keeps the first `keep` of the conversation's messages, if it
/// still has the `expect` the page showed.
#[server(endpoint = "undo_turn")]
pub async fn undo_turn(conversation: String, expect: u32, keep: u32) -> Result<(), AppError> {
    use self::ssr::*;
    let state = app_state()?;
    let user = known_user(&state, "conversation").await?;
    let id = parse_conversation(&conversation)?;
    state
        .store
        .undo_turns(&user, &id, i64::from(expect), i64::from(keep))
        .await
        .map_err(|e| store_error("conversation", e))
}

/// The messages just before the `before`-th (counted from 1) of a stored
/// conversation, oldest first: what "Show earlier messages" adds to a page
/// that opened a long conversation at its end.
#[server(endpoint = "earlier_messages")]
pub async fn earlier_messages(conversation: String, before: u32) -> Result<Vec<StoredView>, AppError> {
    use self::ssr::*;
    let state = app_state()?;
    let user = known_user(&state, "conversation").await?;
    let id = parse_conversation(&conversation)?;
    let window = i64::from(crate::page_data::CONVERSATION_WINDOW);
    let messages = state
        .store
        .messages_before(&user, &id, i64::from(before), window)
        .await
        .map_err(|e| store_error("conversation", e))?;
    Ok(messages.iter().map(crate::page_data::stored_view).collect())
}

/// Renames a conversation. Also a plain form's action (the sidebar's
/// rename form without JavaScript), which then returns to the page.
#[server(endpoint = "rename_conversation")]
pub async fn rename_conversation(id: String, title: String) -> Result<(), AppError> {
    use self::ssr::*;
    let state = app_state()?;
    let user = known_user(&state, "conversation").await?;
    let id = parse_conversation(&id)?;
    state.store.rename_conversation(&user, &id, &title).await.map_err(|e| store_error("conversation", e))
}

/// Deletes a conversation for good (the page asks first). As a plain
/// form's action it returns to the start page.
#[server(endpoint = "delete_conversation")]
pub async fn delete_conversation(id: String) -> Result<(), AppError> {
    use self::ssr::*;
    let state = app_state()?;
    let user = known_user(&state, "conversation").await?;
    let id = parse_conversation(&id)?;
    if let Some(reply) = state.replies.running_in(user.as_str(), id.as_str()) {
        let _ = state.replies.stop(user.as_str(), &reply);
    }
    let files = state.store.delete_conversation(&user, &id).await.map_err(|e| store_error("conversation", e))?;
    // Its files go with it (someone else's ids, were any named, are not found).
    if let (Some(uploads), false) = (state.uploads.clone(), files.is_empty()) {
        let owner = user.to_string();
        let deleted =
            tokio::task::spawn_blocking(move || files.iter().filter(|id| uploads.delete(&owner, id).is_ok()).count())
                .await
                .unwrap_or(0);
        tracing::info!(conversation = %id, files = deleted, "conversation's files deleted");
    }
    tracing::info!(conversation = %id, "conversation deleted");
    leptos_axum::redirect("/");
    Ok(())
}

/// Records a like or dislike (with an optional comment) on a reply.
#[server(input = Json, endpoint = "send_feedback")]
pub async fn send_feedback(feedback: Feedback) -> Result<(), AppError> {
    use self::ssr::*;
    use colloquy_wire::{Rating, MAX_FEEDBACK_BYTES};
    if feedback.comment.len() > MAX_FEEDBACK_BYTES {
        return Err(bad_input(format!(
            "the comment is {} bytes long; the limit is {MAX_FEEDBACK_BYTES}",
            feedback.comment.len()
        )));
    }
    let state = app_state()?;
    let user = known_user(&state, "reply").await?;
    let id = parse_conversation(&feedback.conversation)?;
    let rating = feedback.rating.map(|r| match r {
        Rating::Like => "like",
        Rating::Dislike => "dislike",
    });
    state
        .store
        .save_feedback(&user, &id, i64::from(feedback.seq), rating, &feedback.comment)
        .await
        .map_err(|e| store_error("reply", e))?;
    tracing::info!(conversation = %id, seq = feedback.seq, rating = ?rating, "feedback");
    Ok(())
}
