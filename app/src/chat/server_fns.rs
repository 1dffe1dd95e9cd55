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

    use super::super::wire::ReplyFrame;

    pub fn app_state() -> Result<AppState, ServerFnError> {
        use_context::<AppState>().ok_or_else(|| ServerFnError::ServerError("server state is missing".into()))
    }

    /// Input the server refuses; answered with 400 and shown to the user.
    pub fn bad_input(why: impl std::fmt::Display) -> ServerFnError {
        ServerFnError::Args(why.to_string())
    }

    /// A reply id as `stop_reply` and `resume_reply` take it.
    pub fn check_reply_id(id: &str) -> Result<(), ServerFnError> {
        if id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()) {
            Ok(())
        } else {
            Err(bad_input("not a reply id"))
        }
    }

    pub fn frame(event: ChatEvent) -> ReplyFrame {
        match event {
            ChatEvent::Loading => ReplyFrame::Loading,
            ChatEvent::TextDelta(text) => ReplyFrame::Delta { text },
            ChatEvent::ReasoningDelta(text) => ReplyFrame::Reasoning { text },
            ChatEvent::ToolCallDelta(call) => {
                ReplyFrame::ToolCall { index: call.index, id: call.id, name: call.name, arguments: call.arguments }
            }
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
    use super::wire::{ReplyFrame, Speaker};

    let state = app_state()?;
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
