//! A turn of a stored conversation, as the chat page sends it: checked
//! against what is stored (or a new conversation started), stored, and
//! its reply set going through the pipeline in a task of its own that
//! saves it as it streams.

use std::net::IpAddr;

use colloquy_store::{ConversationId, StoreError, UserId};
use colloquy_wire::{AppError, ChatTurn, ReplyFrame, Said, Speaker, Thing, WireMessage};
use futures::StreamExt;

use crate::error::{rate_limited, store_error, SENDING_TOO_FAST};
use crate::pipeline::{self, ReplyFiles};
use crate::replies::{Attached, ReplyOwner};
use crate::saved_reply::{AfterComplete, ReplySlot};
use crate::state::AppState;
use crate::turn::{offered_model, prepare_turn};

/// Who sends a turn: the user, and the address it came from (for the
/// share of a model's line one address may hold).
#[derive(Debug, Clone)]
pub struct Sender {
    pub user: UserId,
    pub address: Option<IpAddr>,
}

/// Starts `sender`'s turn: checks it against the stored conversation (or
/// starts one), stores the user's message and an empty reply, and sets
/// the reply going in a task of its own that saves it as it streams.
/// Returns the conversation and the reply, attached.
pub async fn start_turn(
    state: &AppState,
    sender: &Sender,
    turn: ChatTurn,
) -> Result<(ConversationId, Attached), AppError> {
    let (id, mut replies) = start_replies(state, sender, turn, None).await?;
    let (_, attached) = replies.remove(0);
    Ok((id, attached))
}

/// Starts `sender`'s turn answered twice, side by side (Compare): by the
/// turn's model and by `other` (which may be the same). Each reply counts
/// as a turn against the rate limits and takes its own place in its
/// model's line. The first reply is on the path; the second is its variant
/// until one is chosen. Returns the conversation and both replies' ids
/// (attach to them to read them).
pub async fn start_compare(
    state: &AppState,
    sender: &Sender,
    turn: ChatTurn,
    other: &str,
) -> Result<(ConversationId, [String; 2]), AppError> {
    let (id, replies) = start_replies(state, sender, turn, Some(other)).await?;
    let mut ids = replies.into_iter().map(|(reply, _)| reply);
    match (ids.next(), ids.next()) {
        (Some(first), Some(second)) => Ok((id, [first, second])),
        _ => Err(AppError::Internal(Said::new("error-compare-incomplete"))),
    }
}

/// The turn, answered by its model and, if `other` is given, by that
/// model beside it. Returns the conversation and each reply's id and
/// frames.
async fn start_replies(
    state: &AppState,
    sender: &Sender,
    turn: ChatTurn,
    other: Option<&str>,
) -> Result<(ConversationId, Vec<(String, Attached)>), AppError> {
    let user = &sender.user;
    for _ in 0..1 + usize::from(other.is_some()) {
        if let Err(limited) = state.limits.check_user(colloquy_limits::Action::Chat, user.as_str()).await {
            tracing::warn!(user = %user, "chat turn rate-limited");
            return Err(rate_limited(limited, SENDING_TOO_FAST));
        }
    }
    let existing = match &turn.conversation {
        Some(id) => {
            let id = ConversationId::parse(id).ok_or_else(|| AppError::not_found(Thing::Conversation))?;
            let (opened, messages) =
                state.store.open_conversation(user, &id).await.map_err(|e| store_error(Thing::Conversation, e))?;
            Some((id, opened.bot, messages))
        }
        None => None,
    };
    // The bot answering: a stored conversation's own, else the one
    // the page is for.
    let state = &match (&existing, turn.bot.as_str()) {
        (Some((_, bot, _)), _) => state.for_conversation_bot(bot),
        (None, "") => state.clone(),
        (None, bot) => state.for_bot(bot).ok_or_else(|| AppError::not_found(Thing::Bot))?,
    };
    let existing = existing.map(|(id, _, messages)| (id, messages));
    let stored = existing.as_ref().map_or(&[][..], |(_, messages)| messages.as_slice());
    if turn.expect as usize != stored.len() || turn.keep > turn.expect {
        return Err(store_error(Thing::Conversation, StoreError::Conflict));
    }
    // Replies that failed with nothing to show say nothing to the model.
    let mut history: Vec<WireMessage> = stored[..turn.keep as usize]
        .iter()
        .filter(|m| !m.content.is_empty() || m.attachments != "[]")
        .map(crate::views::wire_message)
        .collect();
    if let Some(message) = &turn.message {
        if message.role != Speaker::User {
            return Err(AppError::BadInput(Said::new("error-not-users-message")));
        }
        history.push(message.clone());
    }
    let inputs = turn.inputs.0.iter().cloned().collect();
    // Each model's request, and its place in the model's line, before
    // anything is stored: a full line changes nothing.
    let mut answers = Vec::new();
    for id in [turn.model.as_str()].into_iter().chain(other) {
        let model = offered_model(state, id)?;
        let request = prepare_turn(state, user.as_str(), &model, history.clone(), &inputs).await?;
        if state.config.logging.message_text {
            let text = turn.message.as_ref().map_or("", |m| m.content.as_str());
            tracing::info!(bot = state.bot_name(), model = %model.id, text, "turn (logging.message_text is on)");
        }
        let ticket = pipeline::join_line(&model, user.as_str(), sender.address).await?;
        answers.push((model, request, ticket));
    }
    let model = answers[0].0.clone();

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
                .map_err(|e| store_error(Thing::Conversation, e))?;
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
    let stored = |e| store_error(Thing::Conversation, e);
    let seqs = match other {
        None => vec![state.store.begin_turn(user, &id, &start).await.map_err(stored)?],
        Some(_) => {
            let (first, second) = state.store.begin_compared_turn(user, &id, &start).await.map_err(stored)?;
            vec![first, second]
        }
    };

    let mut after = match (&new_title, state.config.chat.auto_title) {
        (Some(first_words), colloquy_config::TitleMode::Model) => {
            let (provider, store, owner, id) = (model.provider.clone(), state.store.clone(), user.clone(), id.clone());
            let (current, question) = (first_words.clone(), new_message.as_ref().map(|m| m.content.clone()));
            Some(Box::new(move |reply: colloquy_store::ReplyProgress| {
                let question = question.unwrap_or_default();
                tokio::spawn(crate::titles::retitle(provider, store, owner, id, current, question, reply.content));
            }) as AfterComplete)
        }
        _ => None,
    };
    let mut replies = Vec::new();
    for (i, ((model, request, ticket), seq)) in answers.into_iter().zip(seqs).enumerate() {
        // The first reply is the one shown (a page opened meanwhile
        // reattaches to it); it brings the title.
        let shown = i == 0;
        let owner = ReplyOwner { user: user.to_string(), conversation: id.to_string(), shown };
        let slot = ReplySlot { store: state.store.clone(), owner: user.clone(), conversation: id.clone(), seq };
        let conversation = id.to_string();
        let title = if shown { new_title.clone() } else { None };
        let after = if shown { after.take() } else { None };
        let files = ReplyFiles { uploads: state.uploads.clone(), owner: user.to_string() };
        replies.push(state.replies.start(owner, |handle| {
            tracing::info!(reply_id = %handle.id, conversation, seq, model = %model.id, messages = request.messages.len(), "reply started");
            let started = ReplyFrame::Started { reply_id: handle.id.clone(), conversation, title };
            let steps = pipeline::model_reply(&state.metrics, &model, request, ticket);
            pipeline::page_reply(steps, files, slot, handle, after, started).map(|frame| frame.to_line()).boxed()
        }));
    }
    Ok((id, replies))
}
