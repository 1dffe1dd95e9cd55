//! The server functions of the chat page.

use leptos::prelude::*;
use leptos::server_fn::codec::{Json, StreamingText, TextStream};

use colloquy_wire::{ChatTurn, Feedback, StoredView};

/// The helpers of server functions, for the other modules that have some.
#[cfg(feature = "ssr")]
pub mod ssr_helpers {
    pub use super::ssr::{
        acting_user, address_allows, address_allows_turn, answer_rate_limited, app_state, bad_input, client_ip, frame,
        join_line, known_user, limited_message, not_found, parse_conversation, rate_limited, request_session,
        request_user, server_error, sign_in_first, store_error, turn_request, with_status, AppState, SENDING_TOO_FAST,
    };
}

#[cfg(feature = "ssr")]
mod ssr {
    pub use colloquy_chat::state::AppState;
    pub use colloquy_core::{ChatEvent, ChatMessage, ChatRequest, Role};
    pub use colloquy_store::{ConversationId, StoreError, UserId};
    pub use futures::StreamExt;
    pub use leptos::prelude::*;

    use colloquy_chat::replies::{Attached, ReplyOwner};
    pub use colloquy_chat::state::CatalogEntry;
    use colloquy_wire::{ChatTurn, InputValues, ReplyFrame, Speaker, WireMessage};

    pub fn server_error(message: &str) -> ServerFnError {
        ServerFnError::ServerError(message.into())
    }

    /// The person behind this request: made an anonymous user if new (open
    /// mode), or 401 if nobody is signed in.
    pub async fn acting_user(state: &AppState) -> Result<UserId, ServerFnError> {
        request_user(state, true).await?.ok_or_else(sign_in_first)
    }

    pub fn app_state() -> Result<AppState, ServerFnError> {
        use_context::<AppState>().ok_or_else(|| ServerFnError::ServerError("server state is missing".into()))
    }

    /// Input the server refuses; answered with 400 and shown to the user.
    pub fn bad_input(why: impl std::fmt::Display) -> ServerFnError {
        ServerFnError::Args(why.to_string())
    }

    /// An error answered with `status`.
    pub fn with_status(status: http::StatusCode, message: impl Into<String>) -> ServerFnError {
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(status);
        }
        ServerFnError::ServerError(message.into())
    }

    /// Refused by a rate limit: 429 with `Retry-After`, and words that say
    /// when to try again.
    pub fn rate_limited(limited: colloquy_limits::Limited, lead: &str) -> ServerFnError {
        answer_rate_limited(limited);
        ServerFnError::ServerError(limited_message(limited, lead))
    }

    /// Sets this response to 429 with `Retry-After` (for a caller that
    /// answers in its own way, such as a form sent back to its page).
    pub fn answer_rate_limited(limited: colloquy_limits::Limited) {
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(http::StatusCode::TOO_MANY_REQUESTS);
            response.insert_header(http::header::RETRY_AFTER, http::HeaderValue::from(limited.retry_after_secs()));
        }
    }

    pub fn limited_message(limited: colloquy_limits::Limited, lead: &str) -> String {
        let secs = limited.retry_after_secs();
        let unit = if secs == 1 { "second" } else { "seconds" };
        format!("{lead}. You can try again in {secs} {unit}.")
    }

    pub const SENDING_TOO_FAST: &str = "You are sending messages faster than this server allows";

    /// The per-address budget of a chat turn, taken before anything else
    /// (an anonymous user is made only for a request within it).
    pub async fn address_allows_turn(state: &AppState) -> Result<(), ServerFnError> {
        address_allows(state, colloquy_limits::Action::Chat).await
    }

    /// The per-address budget of `action`, taken before anything else:
    /// every path that may make an anonymous user charges its address
    /// first, so a flood without cookies cannot fill the users table.
    pub async fn address_allows(state: &AppState, action: colloquy_limits::Action) -> Result<(), ServerFnError> {
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
    pub fn not_found(what: &str) -> ServerFnError {
        with_status(http::StatusCode::NOT_FOUND, format!("This {what} was not found; it may have been deleted."))
    }

    /// A storage error as the person should hear it.
    pub fn store_error(what: &str, e: StoreError) -> ServerFnError {
        match e {
            StoreError::NotFound => not_found(what),
            StoreError::Conflict => with_status(http::StatusCode::CONFLICT, format!("{}", StoreError::Conflict)),
            StoreError::Invalid(why) => bad_input(why),
            other => {
                tracing::error!("storage failed: {other}");
                with_status(
                    http::StatusCode::SERVICE_UNAVAILABLE,
                    "Your conversations cannot be reached right now; nothing was changed. Try again shortly.",
                )
            }
        }
    }

    /// This request's session (the session layer puts it in the request).
    pub fn request_session() -> Option<tower_sessions::Session> {
        use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<tower_sessions::Session>().cloned())
    }

    /// The person behind this request; with `create`, an anonymous user is
    /// made for a browser that has none yet (in `open` mode).
    pub async fn request_user(state: &AppState, create: bool) -> Result<Option<UserId>, ServerFnError> {
        let parts = use_context::<http::request::Parts>().ok_or_else(|| server_error("the request is missing"))?;
        let asker = crate::identity::Asker::from_parts(&parts)
            .ok_or_else(|| server_error("sessions are not set up on this server"))?;
        crate::identity::user(&asker, state, create).await.map_err(|e| {
            tracing::error!("identity: {e}");
            let (status, message) = e.answer();
            with_status(status, message)
        })
    }

    /// Nobody is signed in (password and proxy modes): 401.
    pub fn sign_in_first() -> ServerFnError {
        with_status(http::StatusCode::UNAUTHORIZED, "Sign in first.")
    }

    /// The person behind this request, who must have a session already:
    /// without one, nothing of anyone's is found.
    pub async fn known_user(state: &AppState, what: &str) -> Result<UserId, ServerFnError> {
        match request_user(state, false).await? {
            Some(user) => Ok(user),
            None if state.config.auth.mode == colloquy_config::AuthMode::Open => Err(not_found(what)),
            None => Err(sign_in_first()),
        }
    }

    pub fn parse_conversation(id: &str) -> Result<ConversationId, ServerFnError> {
        ConversationId::parse(id).ok_or_else(|| not_found("conversation"))
    }

    /// A reply id as `stop_reply` and `resume_reply` take it.
    pub fn check_reply_id(id: &str) -> Result<(), ServerFnError> {
        if colloquy_core::is_random_id(id) {
            Ok(())
        } else {
            Err(bad_input("not a reply id"))
        }
    }

    /// Checks a turn and makes it a request for its model: `messages` (the
    /// conversation, ending with the user's message) within their limits,
    /// attachments read back and allowed for the model, the settings
    /// panel's values applied.
    pub async fn turn_request(
        state: &AppState,
        user: &UserId,
        model: &str,
        mut messages: Vec<WireMessage>,
        inputs: InputValues,
    ) -> Result<(CatalogEntry, ChatRequest), ServerFnError> {
        let limits = &state.config.chat;
        let Some(model) = state.models.get(model) else {
            return Err(bad_input("That model is not offered here; pick one from the list."));
        };
        let Some(last) = messages.pop().filter(|m| m.role == Speaker::User) else {
            return Err(bad_input("There is no message of yours to reply to."));
        };
        let history: Vec<ChatMessage> = messages
            .iter()
            .map(|m| {
                let role = match m.role {
                    Speaker::User => Role::User,
                    Speaker::Assistant => Role::Assistant,
                };
                ChatMessage::new(role, m.content.clone())
            })
            .collect();
        let mut conversation = colloquy_chat::checks::checked_conversation(
            &state.config,
            history,
            last.content,
            !last.attachments.is_empty(),
        )
        .map_err(|refused| match refused {
            colloquy_chat::checks::TurnRefused::TooManyMessages { .. } => {
                bad_input(format!("{refused} Start a new chat to go on."))
            }
            refused => bad_input(refused),
        })?;
        let uploads = state.uploads.as_ref();
        let sent = messages.iter().map(|m| &m.attachments).chain([&last.attachments]);
        let count = conversation.len();
        // Files count toward the turn's bounds as they are read: text into
        // the history's bytes, images and audio into the turn's media bytes.
        let mut budget = colloquy_chat::attachments::TurnBudget::new(
            state.config.uploads.max_files,
            limits.max_history_bytes.saturating_sub(conversation.iter().map(|m| m.content.len()).sum()),
            limits.max_history_bytes,
            state.config.uploads.max_media_bytes_per_turn,
        );
        for (i, (message, attachments)) in conversation.iter_mut().zip(sent).enumerate() {
            let is_new = i + 1 == count;
            let attached = colloquy_chat::attachments::attach(
                uploads,
                user.as_str(),
                model,
                attachments,
                is_new,
                message,
                &mut budget,
            );
            attached.await.map_err(|e| {
                if matches!(e, colloquy_chat::attachments::AttachError::Upload(colloquy_uploads::UploadError::NotFound))
                {
                    not_found("attachment")
                } else if e.is_client_error() {
                    bad_input(e)
                } else {
                    tracing::error!("attachments could not be read: {e}");
                    ServerFnError::ServerError("the attachments could not be read; try again later".into())
                }
            })?;
        }

        let options = colloquy_config::resolve_inputs(
            &state.config.inputs,
            limits.system_prompt.as_deref(),
            &state.config.sampling,
            &inputs.0.into_iter().collect(),
        )
        .map_err(bad_input)?;
        let request = ChatRequest {
            system_prompt: options.system_prompt,
            messages: conversation,
            sampling: options.sampling,
            inputs: options.inputs,
            tools: Vec::new(),
        };
        Ok((model.clone(), request))
    }

    /// A place in `model`'s line for `user`, or 503 (with `Retry-After`)
    /// when the line is full, or 429 when this user or address holds as
    /// many places as it may.
    pub async fn join_line(
        state: &AppState,
        model: &CatalogEntry,
        user: &UserId,
    ) -> Result<colloquy_limits::Ticket, ServerFnError> {
        model.queue.join_as(user.as_str(), client_ip(state)).await.map_err(|refused| {
            let (status, words) = colloquy_chat::model_line::refusal(&model.id, &model.label, refused);
            if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
                let secs = colloquy_chat::model_line::RETRY_PLACE_AFTER_SECS;
                response.insert_header(http::header::RETRY_AFTER, http::HeaderValue::from(secs));
            }
            with_status(status, words)
        })
    }

    /// A stored message as the model reads it again.
    fn wire_message(stored: &colloquy_store::StoredMessage) -> WireMessage {
        WireMessage {
            role: match stored.role {
                colloquy_store::Role::User => Speaker::User,
                colloquy_store::Role::Assistant => Speaker::Assistant,
            },
            content: stored.content.clone(),
            attachments: serde_json::from_str(&stored.attachments).unwrap_or_default(),
        }
    }

    /// Starts `user`'s turn: checks it against the stored conversation (or
    /// starts one), stores the user's message and an empty reply, and sets
    /// the reply going in a task of its own that saves it as it streams.
    /// Returns the conversation and the reply, attached.
    pub async fn start_turn(
        state: &AppState,
        user: &UserId,
        turn: ChatTurn,
    ) -> Result<(ConversationId, Attached), ServerFnError> {
        if let Err(limited) = state.limits.check_user(colloquy_limits::Action::Chat, user.as_str()).await {
            tracing::warn!(user = %user, "chat turn rate-limited");
            return Err(rate_limited(limited, SENDING_TOO_FAST));
        }
        let existing = match &turn.conversation {
            Some(id) => {
                let id = parse_conversation(id)?;
                let (opened, messages) =
                    state.store.open_conversation(user, &id).await.map_err(|e| store_error("conversation", e))?;
                Some((id, opened.bot, messages))
            }
            None => None,
        };
        // The bot answering: a stored conversation's own, else the one
        // the page is for.
        let state = &match (&existing, turn.bot.as_str()) {
            (Some((_, bot, _)), _) => state.for_conversation_bot(bot),
            (None, "") => state.clone(),
            (None, bot) => state.for_bot(bot).ok_or_else(|| not_found("bot"))?,
        };
        let existing = existing.map(|(id, _, messages)| (id, messages));
        let stored = existing.as_ref().map_or(&[][..], |(_, messages)| messages.as_slice());
        if turn.expect as usize != stored.len() || turn.keep > turn.expect {
            return Err(store_error("conversation", StoreError::Conflict));
        }
        // Replies that failed with nothing to show say nothing to the model.
        let mut history: Vec<WireMessage> = stored[..turn.keep as usize]
            .iter()
            .filter(|m| !m.content.is_empty() || m.attachments != "[]")
            .map(wire_message)
            .collect();
        if let Some(message) = &turn.message {
            if message.role != Speaker::User {
                return Err(bad_input("a new message must be the user's"));
            }
            history.push(message.clone());
        }
        let (model, request) = turn_request(state, user, &turn.model, history, turn.inputs.clone()).await?;
        if state.config.logging.message_text {
            let text = turn.message.as_ref().map_or("", |m| m.content.as_str());
            tracing::info!(bot = state.bot_name(), model = %model.id, text, "turn (logging.message_text is on)");
        }
        // A place in the model's line before anything is stored: a full
        // line changes nothing.
        let ticket = join_line(state, &model, user).await?;

        let mut new_title = None;
        let id = match existing {
            Some((id, _)) => id,
            None => {
                let first = turn.message.as_ref().map_or("", |m| m.content.as_str());
                let title = match colloquy_store::title_from(first).as_str() {
                    "New chat" => turn
                        .message
                        .as_ref()
                        .and_then(|m| m.attachments.first())
                        .map_or_else(|| "New chat".to_string(), |a| colloquy_store::title_from(&a.name)),
                    title => title.to_string(),
                };
                let created = state
                    .store
                    .create_bot_conversation(user, &title, &model.id, state.bot_name())
                    .await
                    .map_err(|e| store_error("conversation", e))?;
                new_title = Some(created.title);
                created.id
            }
        };
        let new_message = turn.message.as_ref().map(|m| colloquy_store::NewMessage {
            role: colloquy_store::Role::User,
            content: m.content.clone(),
            reasoning: String::new(),
            attachments: serde_json::to_string(&m.attachments).unwrap_or_else(|_| "[]".into()),
            status: colloquy_store::MessageStatus::Complete,
        });
        let settings = serde_json::to_string(&turn.inputs).unwrap_or_else(|_| "{}".into());
        let start = colloquy_store::TurnStart {
            expect: i64::from(turn.expect),
            keep: i64::from(turn.keep),
            message: new_message.as_ref(),
            model: &model.id,
            settings: &settings,
        };
        let seq = state.store.begin_turn(user, &id, &start).await.map_err(|e| store_error("conversation", e))?;

        let provider = model.provider.clone();
        let owner = ReplyOwner { user: user.to_string(), conversation: id.to_string() };
        let slot = colloquy_chat::saved_reply::ReplySlot {
            store: state.store.clone(),
            owner: user.clone(),
            conversation: id.clone(),
            seq,
        };
        let conversation = id.to_string();
        let after = match (&new_title, state.config.chat.auto_title) {
            (Some(first_words), colloquy_config::TitleMode::Model) => {
                let (provider, store, owner, id) =
                    (model.provider.clone(), state.store.clone(), user.clone(), id.clone());
                let (current, question) = (first_words.clone(), new_message.as_ref().map(|m| m.content.clone()));
                Some(Box::new(move |reply: colloquy_store::ReplyProgress| {
                    let question = question.unwrap_or_default();
                    tokio::spawn(colloquy_chat::titles::retitle(
                        provider,
                        store,
                        owner,
                        id,
                        current,
                        question,
                        reply.content,
                    ));
                }) as colloquy_chat::saved_reply::AfterComplete)
            }
            _ => None,
        };
        let (files_to, files_owner) = (state.uploads.clone(), user.to_string());
        let (_, attached) = state.replies.start(owner, |handle| {
            tracing::info!(reply_id = %handle.id, conversation, seq, model = %model.id, messages = request.messages.len(), "reply started");
            let started = ReplyFrame::Started { reply_id: handle.id.clone(), conversation, title: new_title };
            let files = ReplyFiles { uploads: files_to, owner: files_owner };
            let (metrics, model_id, joined) = (state.metrics.clone(), model.id.clone(), std::time::Instant::now());
            let reply = colloquy_chat::model_line::after_turn(ticket, move || {
                metrics.queue_wait(&model_id, joined.elapsed());
                metrics.observe(&model_id, provider.stream_chat(request)).then(move |event| files.clone().frame(event)).boxed()
            });
            let frames = colloquy_chat::saved_reply::saved(reply, slot, handle, after);
            futures::stream::once(async move { started }).chain(frames).map(|frame| frame.to_line()).boxed()
        });
        Ok((id, attached))
    }

    /// Where a reply's files are kept: with its user's uploads, checked as
    /// those are (type by content, size, the user's storage), so the model
    /// or handler that made them chooses nothing about how they are served.
    #[derive(Clone)]
    pub struct ReplyFiles {
        pub uploads: Option<colloquy_uploads::UploadStore>,
        pub owner: String,
    }

    impl ReplyFiles {
        /// `event` as a frame, a file stored first.
        pub async fn frame(self, event: ChatEvent) -> ReplyFrame {
            let ChatEvent::File(file) = event else { return frame(event) };
            let Some(uploads) = self.uploads else {
                return left_out(&file.name, "this server keeps no files (uploads are off)");
            };
            let name = file.name.clone();
            let owner = self.owner;
            let saved =
                tokio::task::spawn_blocking(move || uploads.save(&owner, None, &file.name, &file.data, true)).await;
            let failure = match saved {
                Ok(Ok(upload)) => {
                    tracing::info!(id = %upload.id, kind = upload.kind.as_str(), bytes = upload.size, "reply file stored");
                    return ReplyFrame::File {
                        attachment: colloquy_wire::AttachmentView {
                            id: upload.id,
                            name: upload.name,
                            kind: upload.kind.as_str().into(),
                            size: upload.size,
                        },
                    };
                }
                Ok(Err(e)) if e.is_client_error() => return left_out(&name, &e.to_string()),
                Ok(Err(e)) => e.to_string(),
                Err(e) => e.to_string(),
            };
            tracing::error!("reply file not stored: {failure}");
            left_out(&name, "it could not be stored")
        }
    }

    /// Said in the reply in place of a file it could not hold.
    fn left_out(name: &str, why: &str) -> ReplyFrame {
        let name: String = name.chars().filter(|c| !c.is_control()).take(80).collect();
        ReplyFrame::Delta { text: format!("\n\n*(A file, {name:?}, was left out: {why}.)*\n\n") }
    }

    pub fn frame(event: ChatEvent) -> ReplyFrame {
        match event {
            ChatEvent::File(file) => left_out(&file.name, "files are stored only in replies to the page"),
            ChatEvent::Loading => ReplyFrame::Loading,
            ChatEvent::TextDelta(text) => ReplyFrame::Delta { text },
            ChatEvent::ReasoningDelta(text) => ReplyFrame::Reasoning { text },
            ChatEvent::ToolCallDelta(call) => {
                ReplyFrame::ToolCall { index: call.index, id: call.id, name: call.name, arguments: call.arguments }
            }
            ChatEvent::Panel(panel) => ReplyFrame::Panel {
                id: panel.id,
                parent: panel.parent,
                title: panel.title,
                status: panel.status.map(|s| {
                    match s {
                        colloquy_core::PanelStatus::Pending => "pending",
                        colloquy_core::PanelStatus::Done => "done",
                        colloquy_core::PanelStatus::Failed => "failed",
                    }
                    .to_string()
                }),
                text: panel.text,
                duration_ms: panel.duration_ms,
            },
            ChatEvent::Done { finish, usage } => ReplyFrame::Done {
                finish: finish.as_str().into(),
                prompt_tokens: usage.prompt_tokens,
                completion_tokens: usage.completion_tokens,
            },
            ChatEvent::Error(e) => ReplyFrame::Error { message: e.to_string() },
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
pub async fn chat_reply(turn: ChatTurn) -> Result<TextStream, ServerFnError> {
    use self::ssr::*;
    let state = app_state()?;
    address_allows_turn(&state).await?;
    let user = acting_user(&state).await?;
    let (_, attached) = start_turn(&state, &user, turn).await?;
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
) -> Result<(), ServerFnError> {
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
        let user = acting_user(&state).await?;
        start_turn(&state, &user, turn).await
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
pub async fn resume_reply(reply_id: String, from: usize) -> Result<TextStream, ServerFnError> {
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
pub async fn stop_reply(reply_id: String) -> Result<bool, ServerFnError> {
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
pub async fn undo_turn(conversation: String, expect: u32, keep: u32) -> Result<(), ServerFnError> {
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
pub async fn earlier_messages(conversation: String, before: u32) -> Result<Vec<StoredView>, ServerFnError> {
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
pub async fn rename_conversation(id: String, title: String) -> Result<(), ServerFnError> {
    use self::ssr::*;
    let state = app_state()?;
    let user = known_user(&state, "conversation").await?;
    let id = parse_conversation(&id)?;
    state.store.rename_conversation(&user, &id, &title).await.map_err(|e| store_error("conversation", e))
}

/// Deletes a conversation for good (the page asks first). As a plain
/// form's action it returns to the start page.
#[server(endpoint = "delete_conversation")]
pub async fn delete_conversation(id: String) -> Result<(), ServerFnError> {
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
pub async fn send_feedback(feedback: Feedback) -> Result<(), ServerFnError> {
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
