//! The playground's server functions: draft a bot with the configured
//! model, try a draft without saving it, save it as a bot file.

use colloquy_wire::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::{Json, StreamingText, TextStream};
use serde::{Deserialize, Serialize};

use super::draft::BotDraft;
use colloquy_wire::WireMessage;

/// One turn with a bot that is not saved: its bot file as it stands in the
/// playground, and, for comparing, another system prompt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PreviewTurn {
    /// The draft's bot file (TOML); checked as a save would check it.
    pub bot: String,
    pub model: String,
    /// Instead of the file's system prompt (the compare view's).
    #[serde(default)]
    pub system_prompt: Option<String>,
    /// The conversation so far, ending with the user's message.
    pub messages: Vec<WireMessage>,
}

/// The longest description the model is asked to draft from, in bytes.
pub const MAX_REQUEST_BYTES: usize = 2000;

#[cfg(feature = "ssr")]
mod ssr {
    use colloquy_core::{ChatMessage, ChatRequest, Role};
    use colloquy_store::UserId;
    use colloquy_wire::AppError;
    use futures::StreamExt;

    use crate::request::prelude::*;
    use colloquy_wire::ReplyFrame;

    /// Who is using the playground, and whether they are an admin.
    pub struct PlaygroundUser {
        pub id: UserId,
        pub is_admin: bool,
    }

    /// The person, if they may use the playground (see
    /// `Config::playground_access`). Others are told there is no such
    /// page. In an open app the address's budget for `action` is charged
    /// before an anonymous user is made.
    pub async fn playground_user(
        request: &Request,
        action: colloquy_limits::Action,
    ) -> Result<PlaygroundUser, AppError> {
        let state = &request.state;
        match state.bots.server().playground_access() {
            colloquy_config::PlaygroundAccess::Off => Err(not_found(Thing::Page)),
            colloquy_config::PlaygroundAccess::Anyone => {
                request.address_allows(action).await?;
                Ok(PlaygroundUser { id: request.acting_user().await?, is_admin: false })
            }
            colloquy_config::PlaygroundAccess::Admins => {
                let user = request.known_user(Thing::Page).await?;
                let account = state.store.user(&user).await.map_err(|e| store_error(Thing::Account, e))?;
                match account {
                    Some(a) if state.config.auth.is_admin(&a.name, a.is_admin) => {
                        request.address_allows(action).await?;
                        Ok(PlaygroundUser { id: user, is_admin: true })
                    }
                    _ => Err(not_found(Thing::Page)),
                }
            }
        }
    }

    /// The user's budget for `action` (its address's was taken by
    /// [`playground_user`]).
    pub async fn spend_budget(
        state: &AppState,
        user: &UserId,
        action: colloquy_limits::Action,
    ) -> Result<(), AppError> {
        state.limits.check_user(action, user.as_str()).await.map_err(|limited| rate_limited(limited, TOO_FAST))
    }

    pub const TOO_FAST: &str = "error-too-fast-playground";

    /// Asks `model` to draft a bot from `request`; its answer, whole.
    pub async fn drafted_answer(
        state: &AppState,
        user: &UserId,
        address: Option<std::net::IpAddr>,
        model: &str,
        request: &str,
    ) -> Result<String, AppError> {
        use super::super::draft::{DRAFTING_EXAMPLE_ANSWER, DRAFTING_EXAMPLE_REQUEST, DRAFTING_INSTRUCTIONS};
        let Some(entry) = state.models.get(model) else {
            return Err(bad_input(Said::new("error-model-not-offered")));
        };
        let mut sampling = state.bots.server().sampling.clone();
        sampling.temperature = 0.3;
        sampling.max_new_tokens = sampling.max_new_tokens.clamp(200, 400);
        let chat_request = ChatRequest {
            system_prompt: Some(DRAFTING_INSTRUCTIONS.into()),
            messages: vec![
                ChatMessage::new(Role::User, DRAFTING_EXAMPLE_REQUEST),
                ChatMessage::new(Role::Assistant, DRAFTING_EXAMPLE_ANSWER),
                ChatMessage::new(Role::User, request),
            ],
            sampling,
            inputs: Default::default(),
            tools: Vec::new(),
        };
        let ticket = colloquy_chat::pipeline::join_line(entry, user.as_str(), address).await?;
        let mut frames = colloquy_chat::pipeline::model_reply(&state.metrics, entry, chat_request, ticket)
            .map(colloquy_chat::pipeline::Step::frame);
        let mut answer = String::new();
        while let Some(frame) = frames.next().await {
            match frame {
                ReplyFrame::Delta { text } => answer.push_str(&text),
                ReplyFrame::Error { message, said } => {
                    let why = said.unwrap_or_else(|| Said::detail("error-draft-failed", message));
                    return Err(AppError::Upstream(why));
                }
                ReplyFrame::Done { .. } => break,
                _ => {}
            }
        }
        Ok(answer)
    }
}

#[cfg(feature = "ssr")]
pub use ssr::{playground_user, PlaygroundUser};

/// Drafts a bot from a description in plain words, with `model`: the form
/// fills with what it wrote (and, where it wrote nothing usable, with the
/// description's own words).
#[server(input = Json, endpoint = "draft_bot")]
pub async fn draft_bot(request: String, model: String) -> Result<BotDraft, AppError> {
    use crate::request::prelude::*;
    let asked = Request::current()?;
    let state = &asked.state;
    let user = ssr::playground_user(&asked, colloquy_limits::Action::Playground).await?.id;
    let request = request.trim().to_string();
    if request.is_empty() {
        return Err(bad_input(Said::new("error-describe-first")));
    }
    if request.len() > MAX_REQUEST_BYTES {
        return Err(bad_input(Said::new("error-describe-shorter").number("limit", MAX_REQUEST_BYTES)));
    }
    ssr::spend_budget(state, &user, colloquy_limits::Action::Playground).await?;
    let answer = ssr::drafted_answer(state, &user, asked.client_ip(), &model, &request).await?;
    tracing::info!(model = %model, answer_bytes = answer.len(), "bot drafted");
    Ok(super::draft::parse_drafted(&answer, &request))
}

/// Reads a bot file (as typed in the playground's TOML box, or an existing
/// bot's) into the form; the error says what is wrong with it.
#[server(input = Json, endpoint = "read_bot")]
pub async fn read_bot(text: String) -> Result<BotDraft, AppError> {
    use crate::request::prelude::*;
    let request = Request::current()?;
    let state = &request.state;
    ssr::playground_user(&request, colloquy_limits::Action::Playground).await?;
    let (file, _) = colloquy_config::BotFile::parse(&text, state.bots.server())
        .map_err(|e| bad_input(Said::detail("error-bot-file", e.to_string())))?;
    let inputs = file
        .inputs
        .iter()
        .filter_map(|input| match input {
            colloquy_config::InputSpec::Dropdown(d) => Some(super::draft::DraftInput {
                name: d.name.clone(),
                label: d.label.clone().unwrap_or_else(|| d.name.clone()),
                choices: d.choices.clone(),
            }),
            _ => None,
        })
        .collect();
    Ok(BotDraft {
        name: super::draft::bot_name_from(&file.chat.title),
        title: file.chat.title.clone(),
        description: file.chat.description.clone(),
        system_prompt: file.chat.system_prompt.clone().unwrap_or_default(),
        examples: file.chat.examples.iter().map(|e| e.text().to_string()).collect(),
        inputs,
    })
}

/// Streams a reply from a draft that is not saved (nothing is stored), as
/// the chat's newline-delimited frames.
#[server(input = Json, output = StreamingText, endpoint = "preview_reply")]
pub async fn preview_reply(turn: PreviewTurn) -> Result<TextStream<AppError>, AppError> {
    use crate::request::prelude::*;
    use futures::StreamExt;
    let request = Request::current()?;
    let state = &request.state;
    let address = request.client_ip();
    let user = ssr::playground_user(&request, colloquy_limits::Action::Playground).await?.id;
    let (_, mut config) = colloquy_config::BotFile::parse(&turn.bot, state.bots.server())
        .map_err(|e| bad_input(Said::detail("error-bot-file", e.to_string())))?;
    if let Some(prompt) = turn.system_prompt {
        if prompt.len() > colloquy_config::MAX_BOT_FILE_BYTES {
            return Err(bad_input(Said::new("error-system-prompt-too-long")));
        }
        config.chat.system_prompt = Some(prompt).filter(|p| !p.trim().is_empty());
    }
    if turn.messages.iter().any(|m| !m.attachments.is_empty()) {
        return Err(bad_input(Said::new("error-preview-text-only")));
    }
    ssr::spend_budget(state, &user, colloquy_limits::Action::Playground).await?;
    let preview = AppState { config: std::sync::Arc::new(config), ..state.clone() };
    let model = colloquy_chat::turn::offered_model(&preview, &turn.model)?;
    let request =
        colloquy_chat::turn::prepare_turn(&preview, user.as_str(), &model, turn.messages, &Default::default())
            .await
            .map_err(AppError::from)?;
    let ticket = colloquy_chat::pipeline::join_line(&model, user.as_str(), address).await?;
    tracing::info!(model = %model.id, messages = request.messages.len(), "preview reply");
    let frames = colloquy_chat::pipeline::model_reply(&preview.metrics, &model, request, ticket)
        .map(colloquy_chat::pipeline::Step::frame);
    Ok(TextStream::new(frames.map(|frame| Ok(frame.to_line()))))
}

/// Saves the draft's bot file as `bots/NAME.toml`; the app serves it at
/// `/bots/NAME` at once. Returns that address. Only a bot the playground
/// saved, and not changed by hand since, may be replaced, and only by
/// whoever saved it (or an admin): the operator's own bot files are
/// read-only here.
#[server(input = Json, endpoint = "save_bot")]
pub async fn save_bot(name: String, bot: String, replace: bool) -> Result<String, AppError> {
    use crate::request::prelude::*;
    let request = Request::current()?;
    let state = &request.state;
    let user = ssr::playground_user(&request, colloquy_limits::Action::BotSave).await?;
    let name =
        colloquy_config::BotName::parse(&name).map_err(|e| bad_input(Said::detail("error-bot-name", e.to_string())))?;
    ssr::spend_budget(state, &user.id, colloquy_limits::Action::BotSave).await?;
    if let Some(existing) = state.bots.get(name.as_str()).filter(|_| replace) {
        let author = state.store.bot_author(name.as_str()).await.map_err(|e| store_error(Thing::Bot, e))?;
        match author.filter(|a| a.wrote(&existing.text)) {
            None => {
                tracing::warn!(bot = %name, "the playground was asked to replace a bot file it did not write");
                return Err(AppError::Forbidden(Said::new("error-bot-operators").text("name", name.to_string())));
            }
            Some(author) if author.author != user.id && !user.is_admin => {
                return Err(AppError::Forbidden(Said::new("error-bot-someone-elses").text("name", name.to_string())));
            }
            Some(_) => {}
        }
    }
    match state.bots.save(name, &bot, replace).await {
        Ok(saved) => {
            state.store.record_bot_author(saved.name.as_str(), &user.id, &saved.text).await.map_err(|e| {
                tracing::error!(bot = %saved.name, "bot saved but its author not recorded: {e}");
                store_error(Thing::Bot, e)
            })?;
            Ok(format!("/bots/{}", saved.name))
        }
        Err(e @ colloquy_chat::bots::SaveError::Write(_)) => Err(server_error("error-bot-not-written", e)),
        Err(colloquy_chat::bots::SaveError::Exists(name)) => {
            Err(AppError::Conflict(Said::new("error-bot-exists").text("name", name.to_string())))
        }
        Err(colloquy_chat::bots::SaveError::Full(count)) => {
            Err(bad_input(Said::new("error-bots-full").number("count", count)))
        }
        Err(colloquy_chat::bots::SaveError::Invalid(why)) => Err(bad_input(Said::detail("error-bot-file", why))),
    }
}
