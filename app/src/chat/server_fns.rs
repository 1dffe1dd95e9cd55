//! The server functions of the chat page.

use leptos::prelude::*;
use leptos::server_fn::codec::{Json, StreamingText, TextStream};

use colloquy_wire::{AppError, ChatTurn, ComparedReplies, Feedback, StoredView, SwitchedPath};

#[cfg(feature = "ssr")]
mod ssr {
    pub use crate::request::prelude::*;
    pub use futures::StreamExt;
    pub use leptos::prelude::*;
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
    let request = Request::current()?;
    let state = &request.state;
    request.address_allows(colloquy_limits::Action::Chat).await?;
    let sender = request.sender().await?;
    let (_, attached) = colloquy_chat::chat_turn::start_turn(state, &sender, turn).await?;
    Ok(TextStream::new(attached.into_stream().map(Ok)))
}

/// Sends `turn`'s message to two models, its own and `other` (or the same
/// one twice), whose replies stream side by side (Compare); returns both
/// replies' ids, to read with [`resume_reply`]. Each reply counts against
/// the rate limits and takes a place in its model's line; refusals are as
/// for [`chat_reply`].
#[server(input = Json, endpoint = "compare_replies")]
pub async fn compare_replies(turn: ChatTurn, other: String) -> Result<ComparedReplies, AppError> {
    use self::ssr::*;
    let request = Request::current()?;
    let state = &request.state;
    for _ in 0..2 {
        request.address_allows(colloquy_limits::Action::Chat).await?;
    }
    let sender = request.sender().await?;
    let (id, [first, second]) = colloquy_chat::chat_turn::start_compare(state, &sender, turn, &other).await?;
    tracing::info!(conversation = %id, first, second, "comparison started");
    Ok(ComparedReplies { first, second })
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

    let request = Request::current()?;
    let state = &request.state;
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
        request.address_allows(colloquy_limits::Action::Chat).await?;
        let sender = request.sender().await?;
        colloquy_chat::chat_turn::start_turn(state, &sender, turn).await
    };
    match started.await {
        Ok((id, attached)) => {
            // The reply task stores it; this waits for it to end.
            attached.into_stream().for_each(|_| async {}).await;
            tracing::info!(conversation = %id, "reply without JavaScript");
            leptos_axum::redirect(&format!("/c/{id}"));
        }
        // A program gets the refusal; a browser's form goes back to the
        // page it came from (the referrer) with the text and the reason.
        Err(e) if !request.is_form_post() => return Err(e),
        Err(e) => {
            if let Some(session) = request.session() {
                if let Err(flash) = crate::identity::set_flash(&session, &message, &e.said()).await {
                    tracing::error!("flash: {flash}");
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
    let request = Request::current()?;
    let state = &request.state;
    let user = request.known_user(Thing::Reply).await?;
    let Some(attached) = state.replies.attach(user.as_str(), &reply_id, from) else {
        return Err(not_found(Thing::Reply));
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
    let request = Request::current()?;
    let state = &request.state;
    let user = request.known_user(Thing::Reply).await?;
    let stopped = state.replies.stop(user.as_str(), &reply_id).ok_or_else(|| not_found(Thing::Reply))?;
    tracing::info!(reply_id = %reply_id, stopped, "stop requested");
    Ok(stopped)
}

/// Undo: keeps the first `keep` of the conversation's messages, if it
/// still has the `expect` the page showed.
#[server(endpoint = "undo_turn")]
pub async fn undo_turn(conversation: String, expect: u32, keep: u32) -> Result<(), AppError> {
    use self::ssr::*;
    let request = Request::current()?;
    let state = &request.state;
    let user = request.known_user(Thing::Conversation).await?;
    let id = parse_conversation(&conversation)?;
    state
        .store
        .undo_turns(&user, &id, i64::from(expect), i64::from(keep))
        .await
        .map_err(|e| store_error(Thing::Conversation, e))
}

/// Shows variant `variant` of the message at `place` (from 1) of a stored
/// conversation that has the `expect` messages the page showed; returns the
/// new path from `place` on (its newest window, if longer).
#[server(endpoint = "select_variant")]
pub async fn select_variant(
    conversation: String,
    expect: u32,
    place: u32,
    variant: u32,
) -> Result<SwitchedPath, AppError> {
    use self::ssr::*;
    let request = Request::current()?;
    let state = &request.state;
    let user = request.known_user(Thing::Conversation).await?;
    let id = parse_conversation(&conversation)?;
    let store_error = |e| store_error(Thing::Conversation, e);
    let count = state
        .store
        .select_variant(&user, &id, i64::from(expect), i64::from(place), i64::from(variant))
        .await
        .map_err(store_error)?;
    let from = i64::from(place).max(count + 1 - i64::from(colloquy_wire::CONVERSATION_WINDOW)).max(1);
    let messages = state.store.messages_before(&user, &id, count + 1, count + 1 - from).await.map_err(store_error)?;
    Ok(SwitchedPath {
        count: count as u32,
        from: from as u32,
        messages: messages.iter().map(colloquy_chat::views::stored_view).collect(),
    })
}

/// The messages just before the `before`-th (counted from 1) of a stored
/// conversation, oldest first: what "Show earlier messages" adds to a page
/// that opened a long conversation at its end.
#[server(endpoint = "earlier_messages")]
pub async fn earlier_messages(conversation: String, before: u32) -> Result<Vec<StoredView>, AppError> {
    use self::ssr::*;
    let request = Request::current()?;
    let state = &request.state;
    let user = request.known_user(Thing::Conversation).await?;
    let id = parse_conversation(&conversation)?;
    let window = i64::from(colloquy_wire::CONVERSATION_WINDOW);
    let messages = state
        .store
        .messages_before(&user, &id, i64::from(before), window)
        .await
        .map_err(|e| store_error(Thing::Conversation, e))?;
    Ok(messages.iter().map(colloquy_chat::views::stored_view).collect())
}

/// Renames a conversation. Also a plain form's action (the sidebar's
/// rename form without JavaScript), which then returns to the page.
#[server(endpoint = "rename_conversation")]
pub async fn rename_conversation(id: String, title: String) -> Result<(), AppError> {
    use self::ssr::*;
    let request = Request::current()?;
    let state = &request.state;
    let user = request.known_user(Thing::Conversation).await?;
    let id = parse_conversation(&id)?;
    state.store.rename_conversation(&user, &id, &title).await.map_err(|e| store_error(Thing::Conversation, e))
}

/// Deletes a conversation for good (the page asks first). As a plain
/// form's action it returns to the start page.
#[server(endpoint = "delete_conversation")]
pub async fn delete_conversation(id: String) -> Result<(), AppError> {
    use self::ssr::*;
    let request = Request::current()?;
    let state = &request.state;
    let user = request.known_user(Thing::Conversation).await?;
    let id = parse_conversation(&id)?;
    for (reply, _) in state.replies.running_all_in(user.as_str(), id.as_str()) {
        let _ = state.replies.stop(user.as_str(), &reply);
    }
    let files = state.store.delete_conversation(&user, &id).await.map_err(|e| store_error(Thing::Conversation, e))?;
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
        return Err(bad_input(
            Said::new("error-comment-too-long")
                .number("len", feedback.comment.len())
                .number("limit", MAX_FEEDBACK_BYTES),
        ));
    }
    let request = Request::current()?;
    let state = &request.state;
    let user = request.known_user(Thing::Reply).await?;
    let id = parse_conversation(&feedback.conversation)?;
    let rating = feedback.rating.map(|r| match r {
        Rating::Like => "like",
        Rating::Dislike => "dislike",
    });
    state
        .store
        .save_feedback(&user, &id, i64::from(feedback.seq), rating, &feedback.comment)
        .await
        .map_err(|e| store_error(Thing::Reply, e))?;
    tracing::info!(conversation = %id, seq = feedback.seq, rating = ?rating, "feedback");
    Ok(())
}
