//! A turn made the model's request: the one way the chat page, the
//! playground's preview and the OpenAI-compatible API turn what was sent
//! into a [`ChatRequest`] (the last message the user's, the conversation
//! within its limits, files read back and allowed for the model, the
//! settings panel's values applied).

use std::collections::BTreeMap;

use colloquy_core::{ChatMessage, ChatRequest, InputValue};
use colloquy_wire::{AppError, Said, Speaker, Thing, WireMessage};

use crate::attachments::{self, AttachError, TurnBudget};
use crate::checks::{self, TurnRefused};
use crate::error;
use crate::state::{AppState, CatalogEntry};

/// Why a turn cannot become a request. Each caller words these its own
/// way (the API names the field at fault); the page's words are
/// `From<TurnError> for AppError`.
#[derive(Debug, thiserror::Error)]
pub enum TurnError {
    #[error("There is no message of yours to reply to.")]
    NoUserMessage,
    #[error(transparent)]
    Refused(#[from] TurnRefused),
    #[error(transparent)]
    Attachment(#[from] AttachError),
    #[error(transparent)]
    Inputs(#[from] colloquy_config::InputError),
}

impl From<TurnError> for AppError {
    fn from(e: TurnError) -> Self {
        match e {
            TurnError::NoUserMessage => AppError::BadInput(Said::new("error-no-user-message")),
            TurnError::Refused(refused) => AppError::BadInput(error::turn_refused_said(&refused)),
            TurnError::Attachment(AttachError::Upload(colloquy_uploads::UploadError::NotFound)) => {
                AppError::not_found(Thing::Attachment)
            }
            TurnError::Attachment(e) if !e.is_client_error() => {
                tracing::error!("attachments could not be read: {e}");
                AppError::Internal(Said::new("error-attachments-unreadable"))
            }
            TurnError::Attachment(e) => AppError::BadInput(error::attach_said(&e)),
            TurnError::Inputs(e) => AppError::BadInput(error::input_said(&e)),
        }
    }
}

/// The catalog's entry for `id`, as the page and the playground name it.
pub fn offered_model(state: &AppState, id: &str) -> Result<CatalogEntry, AppError> {
    state.models.get(id).cloned().ok_or_else(|| AppError::BadInput(Said::new("error-model-not-offered")))
}

/// `messages` (the conversation, ending with the user's new message) as
/// `model`'s request for this bot (`state`), the settings panel's `inputs`
/// applied; files are read as `owner`'s.
pub async fn prepare_turn(
    state: &AppState,
    owner: &str,
    model: &CatalogEntry,
    mut messages: Vec<WireMessage>,
    inputs: &BTreeMap<String, InputValue>,
) -> Result<ChatRequest, TurnError> {
    let limits = &state.config.chat;
    let Some(last) = messages.pop().filter(|m| m.role == Speaker::User) else {
        return Err(TurnError::NoUserMessage);
    };
    let history: Vec<ChatMessage> =
        messages.iter().map(|m| ChatMessage::new(m.role.into(), m.content.clone())).collect();
    let mut conversation =
        checks::checked_conversation(&state.config, history, last.content, !last.attachments.is_empty())?;
    let sent = messages.iter().map(|m| &m.attachments).chain([&last.attachments]);
    let count = conversation.len();
    // Files count toward the turn's bounds as they are read: text into
    // the history's bytes, images and audio into the turn's media bytes.
    let mut budget = TurnBudget::new(
        state.config.uploads.max_files,
        limits.max_history_bytes.saturating_sub(conversation.iter().map(|m| m.content.len()).sum()),
        limits.max_history_bytes,
        state.config.uploads.max_media_bytes_per_turn,
    );
    for (i, (message, files)) in conversation.iter_mut().zip(sent).enumerate() {
        let is_new = i + 1 == count;
        attachments::attach(state.uploads.as_ref(), owner, model, files, is_new, message, &mut budget).await?;
    }
    let options = colloquy_config::resolve_inputs(
        &state.config.inputs,
        limits.system_prompt.as_deref(),
        &state.config.sampling,
        inputs,
    )?;
    Ok(ChatRequest {
        system_prompt: options.system_prompt,
        messages: conversation,
        sampling: options.sampling,
        inputs: options.inputs,
        tools: Vec::new(),
    })
}
