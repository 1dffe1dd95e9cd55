//! The server functions of the chat page.

use leptos::prelude::*;
use leptos::server_fn::codec::{Json, StreamingText, TextStream};

use super::wire::{ChatTurn, PageSettings};

#[cfg(feature = "ssr")]
mod ssr {
    pub use crate::state::AppState;
    pub use colloquy_core::{ChatEvent, ChatMessage, ChatRequest, History, MessageText, Role};
    pub use futures::StreamExt;
    pub use leptos::prelude::*;

    pub fn app_state() -> Result<AppState, ServerFnError> {
        use_context::<AppState>().ok_or_else(|| ServerFnError::ServerError("server state is missing".into()))
    }

    /// Input the server refuses; answered with 400 and shown to the user.
    pub fn bad_input(why: impl std::fmt::Display) -> ServerFnError {
        ServerFnError::Args(why.to_string())
    }
}

/// Title, description, examples and limits for the page.
#[server(endpoint = "page_settings")]
pub async fn get_page_settings() -> Result<PageSettings, ServerFnError> {
    use self::ssr::*;
    let state = app_state()?;
    let chat = &state.config.chat;
    Ok(PageSettings {
        title: chat.title.clone(),
        description: chat.description.clone(),
        examples: chat.examples.clone(),
        max_message_bytes: chat.max_message_bytes,
        model: state.model.id().to_string(),
    })
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
    let mut messages = turn.messages;
    let Some(last) = messages.pop().filter(|m| m.role == Speaker::User) else {
        return Err(ServerFnError::Args("a turn must end with the user's new message".into()));
    };
    let text = MessageText::parse(last.content, limits.max_message_bytes).map_err(bad_input)?;
    let history: Vec<ChatMessage> = messages
        .into_iter()
        .map(|m| {
            let role = match m.role {
                Speaker::User => Role::User,
                Speaker::Assistant => Role::Assistant,
            };
            ChatMessage::new(role, m.content)
        })
        .collect();
    let history = History::parse(history, limits.max_message_bytes, limits.max_history_bytes)
        .map_err(bad_input)?;
    let mut conversation = history.into_inner();
    conversation.push(ChatMessage::new(Role::User, text.into_inner()));

    let request = ChatRequest {
        system_prompt: limits.system_prompt.clone(),
        messages: conversation,
        sampling: state.config.sampling.clone(),
    };
    let (reply_id, cancel, guard) = state.replies.register();
    tracing::info!(reply_id = %reply_id, messages = request.messages.len(), "reply started");
    let events = state.model.stream_chat(request);

    let started = futures::stream::once(async move { ReplyFrame::Started { reply_id } });
    let frames = events.map(|event| match event {
        ChatEvent::Loading => ReplyFrame::Loading,
        ChatEvent::TextDelta(text) => ReplyFrame::Delta { text },
        ChatEvent::Done { finish, usage } => ReplyFrame::Done {
            finish: finish.as_str().into(),
            prompt_tokens: usage.prompt_tokens,
            completion_tokens: usage.completion_tokens,
        },
        ChatEvent::Error(e) => ReplyFrame::Error { message: e.to_string() },
    });
    // Stop (or the client going away, which drops this stream) drops the
    // model's stream, which stops generation.
    let lines = started
        .chain(frames)
        .take_until(cancel.cancelled_owned())
        // The stream owns the registry guard, so the reply id is unregistered
        // exactly when the stream ends or is dropped.
        .map(move |frame| {
            let _owned_by_the_stream = &guard;
            Ok::<_, ServerFnError>(frame.to_line())
        });
    Ok(TextStream::new(lines))
}

/// Ends a reply that is streaming. Returns whether one was running.
#[server(endpoint = "stop_reply")]
pub async fn stop_reply(reply_id: String) -> Result<bool, ServerFnError> {
    use self::ssr::*;
    if reply_id.len() > 64 {
        return Err(ServerFnError::Args("not a reply id".into()));
    }
    let stopped = app_state()?.replies.cancel(&reply_id);
    tracing::info!(reply_id = %reply_id, stopped, "stop requested");
    Ok(stopped)
}
