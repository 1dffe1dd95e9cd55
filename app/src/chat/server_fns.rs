//! The server functions of the chat page.

use leptos::prelude::*;
use leptos::server_fn::codec::{Json, StreamingText, TextStream};

use super::wire::{ChatTurn, Feedback};

#[cfg(feature = "ssr")]
mod ssr {
    pub use crate::state::AppState;
    pub use colloquy_core::{ChatEvent, ChatMessage, ChatRequest, History, MessageText, MessageTextError, Role};
    pub use futures::StreamExt;
    pub use leptos::prelude::*;

    use super::super::wire::{ChatTurn, ReplyFrame};
    pub use crate::noscript::NoScriptChat;
    pub use crate::state::CatalogEntry;

    pub fn app_state() -> Result<AppState, ServerFnError> {
        use_context::<AppState>().ok_or_else(|| ServerFnError::ServerError("server state is missing".into()))
    }

    /// Input the server refuses; answered with 400 and shown to the user.
    pub fn bad_input(why: impl std::fmt::Display) -> ServerFnError {
        ServerFnError::Args(why.to_string())
    }

    /// A reply id as `stop_reply` and `resume_reply` take it.
    pub fn check_reply_id(id: &str) -> Result<(), ServerFnError> {
        if colloquy_core::is_random_id(id) {
            Ok(())
        } else {
            Err(bad_input("not a reply id"))
        }
    }

    /// Checks a turn and makes it a request for its model: the text and
    /// history within their limits, attachments read back and allowed for
    /// the model, the settings panel's values applied.
    pub async fn turn_request(state: &AppState, turn: ChatTurn) -> Result<(CatalogEntry, ChatRequest), ServerFnError> {
        use super::super::wire::Speaker;
        let limits = &state.config.chat;
        let Some(model) = state.models.get(&turn.model) else {
            return Err(bad_input("That model is not offered here; pick one from the list."));
        };
        let mut messages = turn.messages;
        let Some(last) = messages.pop().filter(|m| m.role == Speaker::User) else {
            return Err(ServerFnError::Args("a turn must end with the user's new message".into()));
        };
        // A message may be only attachments; otherwise it needs text.
        let text = match MessageText::parse(last.content.clone(), limits.max_message_bytes) {
            Err(MessageTextError::Empty) if !last.attachments.is_empty() => last.content,
            parsed => parsed.map_err(bad_input)?.into_inner(),
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
        let history = History::parse(history, limits.max_message_bytes, limits.max_history_bytes).map_err(bad_input)?;
        let mut conversation = history.into_inner();
        conversation.push(ChatMessage::new(Role::User, text));
        let uploads = state.uploads.as_ref();
        let max_files = state.config.uploads.max_files;
        let sent = messages.iter().map(|m| &m.attachments).chain([&last.attachments]);
        let count = conversation.len();
        for (i, (message, attachments)) in conversation.iter_mut().zip(sent).enumerate() {
            let is_new = i + 1 == count;
            crate::attachments::attach(uploads, max_files, model, attachments, is_new, message).await.map_err(|e| {
                if e.is_client_error() {
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
            &turn.inputs.0.into_iter().collect(),
        )
        .map_err(bad_input)?;
        let request = ChatRequest {
            system_prompt: options.system_prompt,
            messages: conversation,
            sampling: options.sampling,
            inputs: options.inputs,
        };
        Ok((model.clone(), request))
    }

    pub fn frame(event: ChatEvent) -> ReplyFrame {
        match event {
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
/// (see [`super::wire::ReplyFrame`]).
///
/// Invalid input is refused before the stream starts, as an `Args` error,
/// which the server answers with 400.
#[server(input = Json, output = StreamingText, endpoint = "chat_reply")]
pub async fn chat_reply(turn: ChatTurn) -> Result<TextStream, ServerFnError> {
    use self::ssr::*;
    use super::wire::ReplyFrame;

    let state = app_state()?;
    let (model, request) = turn_request(&state, turn).await?;
    let provider = model.provider.clone();
    let model_id = model.id.clone();
    let (reply_id, attached) = state.replies.start(|reply_id| {
        tracing::info!(reply_id, model = %model_id, messages = request.messages.len(), "reply started");
        let started = ReplyFrame::Started { reply_id: reply_id.to_string() };
        futures::stream::once(async move { started })
            .chain(provider.stream_chat(request).map(frame))
            .map(|frame| frame.to_line())
            .boxed()
    });
    tracing::debug!(reply_id = %reply_id, "browser attached");
    Ok(TextStream::new(attached.into_stream().map(Ok)))
}

/// The composer's form when the page runs without JavaScript (a plain form
/// post): waits for the whole reply, keeps the conversation under a cookie
/// (see [`crate::noscript`]), and sends the browser back to the page, which
/// shows it. A message that fails goes back into the box with the reason.
#[server(endpoint = "post_message")]
pub async fn post_message(message: String, model: Option<String>) -> Result<(), ServerFnError> {
    use self::ssr::*;
    use super::wire::{InputValues, Speaker, TextPiece, ThinkSplitter, WireMessage};
    use crate::noscript::{id_from_cookies, set_cookie};

    let state = app_state()?;
    let cookie_id = use_context::<http::request::Parts>()
        .and_then(|parts| parts.headers.get(http::header::COOKIE)?.to_str().ok().and_then(id_from_cookies));
    let id = cookie_id.unwrap_or_else(|| uuid::Uuid::new_v4().simple().to_string());
    if let (Some(response), Ok(value)) =
        (use_context::<leptos_axum::ResponseOptions>(), http::HeaderValue::from_str(&set_cookie(&id)))
    {
        response.insert_header(http::header::SET_COOKIE, value);
    }
    let mut chat = state.noscript.get(&id);
    let mut messages = chat.messages.clone();
    messages.push(WireMessage { role: Speaker::User, content: message.clone(), attachments: vec![] });
    let model = model.unwrap_or_else(|| state.models.default_id().to_string());
    let turn = ChatTurn { messages: messages.clone(), model, inputs: InputValues::default() };

    let mut reply = String::new();
    let mut failure = None;
    match turn_request(&state, turn).await {
        Ok((model, request)) => {
            let mut think = ThinkSplitter::default();
            let mut stream = model.provider.stream_chat(request);
            let mut answer = |pieces: Vec<TextPiece>| {
                for piece in pieces {
                    if let TextPiece::Answer(text) = piece {
                        reply.push_str(&text);
                    }
                }
            };
            while let Some(event) = stream.next().await {
                match event {
                    ChatEvent::TextDelta(text) => answer(think.push(&text)),
                    ChatEvent::Error(e) => {
                        failure = Some(e.to_string());
                        break;
                    }
                    _ => {}
                }
            }
            answer(think.finish());
        }
        Err(e) => failure = Some(super::wire::error_text(&e)),
    }
    match failure {
        Some(why) if reply.trim().is_empty() => {
            chat.draft = Some(message);
            chat.error = Some(why);
        }
        failure => {
            if let Some(why) = failure {
                reply.push_str(&format!("\n\n*Interrupted: {why}*"));
            }
            messages.push(WireMessage { role: Speaker::Assistant, content: reply, attachments: vec![] });
            chat = NoScriptChat { messages, draft: None, error: None };
        }
    }
    tracing::info!(messages = chat.messages.len(), failed = chat.error.is_some(), "reply without JavaScript");
    state.noscript.put(&id, chat);
    Ok(())
}

/// Reattaches to a reply after a lost connection: its frames from the
/// `from`-th on (the count of frames already received).
#[server(input = Json, output = StreamingText, endpoint = "resume_reply")]
pub async fn resume_reply(reply_id: String, from: usize) -> Result<TextStream, ServerFnError> {
    use self::ssr::*;
    check_reply_id(&reply_id)?;
    let state = app_state()?;
    let Some(attached) = state.replies.attach(&reply_id, from) else {
        return Err(bad_input("This reply is no longer available; press Retry to generate it again."));
    };
    tracing::info!(reply_id = %reply_id, from, "browser reattached");
    Ok(TextStream::new(attached.into_stream().map(Ok)))
}

/// Ends a reply that is streaming. Returns whether one was running.
#[server(endpoint = "stop_reply")]
pub async fn stop_reply(reply_id: String) -> Result<bool, ServerFnError> {
    use self::ssr::*;
    check_reply_id(&reply_id)?;
    let stopped = app_state()?.replies.cancel(&reply_id);
    tracing::info!(reply_id = %reply_id, stopped, "stop requested");
    Ok(stopped)
}

/// Records a like or dislike (with an optional comment) on a reply. For
/// now it is written to the log (target `colloquy::feedback`).
#[server(input = Json, endpoint = "send_feedback")]
pub async fn send_feedback(feedback: Feedback) -> Result<(), ServerFnError> {
    use self::ssr::*;
    use super::wire::MAX_FEEDBACK_BYTES;
    check_reply_id(&feedback.reply_id)?;
    if feedback.comment.len() > MAX_FEEDBACK_BYTES {
        return Err(bad_input(format!(
            "the comment is {} bytes long; the limit is {MAX_FEEDBACK_BYTES}",
            feedback.comment.len()
        )));
    }
    app_state()?;
    tracing::info!(
        target: "colloquy::feedback",
        reply_id = %feedback.reply_id,
        rating = ?feedback.rating,
        comment = %feedback.comment,
        "feedback"
    );
    Ok(())
}
