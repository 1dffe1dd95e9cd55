//! One reply, stage by stage, in the order it runs. Every way in (the chat
//! page, the playground's preview and drafting, `/v1/chat/completions`)
//! uses the stages it needs, in this order:
//!
//! 1. **prepare**: the turn checked and made the model's request
//!    ([`crate::turn::prepare_turn`]);
//! 2. **place in line**: a place in the model's line for this user or
//!    address, or a refusal ([`join_line`]);
//! 3. **model**: waits its turn (saying its place), counts the wait and
//!    the reply in the metrics, and streams the provider's, the embedded
//!    engine's or the Rust handler's events ([`model_reply`]);
//! 4. **files**: a file the model made is stored with the user's uploads
//!    ([`ReplyFiles::frame`]; the page only);
//! 5. **frames**: each event as the page's [`ReplyFrame`] ([`frame`]);
//! 6. **saving**: the reply saved as it streams
//!    ([`crate::saved_reply::saved`]; stored conversations only), in a task
//!    of its own that a browser may leave and come back to
//!    ([`crate::replies::ReplyHub`]).
//!
//! [`page_reply`] is stages 3 to 6 for the chat page; the other callers
//! take [`model_reply`] and end it their own way (the API as OpenAI's
//! chunks, the playground unsaved).

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Instant;

use colloquy_core::{ChatEvent, ChatRequest};
use colloquy_limits::Ticket;
use colloquy_metrics::Metrics;
use colloquy_wire::{AppError, AttachmentView, ReplyFrame};
use futures::stream::BoxStream;
use futures::StreamExt;

use crate::replies::ReplyHandle;
use crate::saved_reply::{AfterComplete, ReplySlot};
use crate::state::CatalogEntry;

/// Stage 2: a place in `model`'s line for `holder` (a user, or a widget
/// visitor) from `address`; refused when the line is full, or when this
/// holder or address has as many places as it may.
pub async fn join_line(model: &CatalogEntry, holder: &str, address: Option<IpAddr>) -> Result<Ticket, AppError> {
    model
        .queue
        .join_as(holder, address)
        .await
        .map_err(|refused| crate::model_line::refusal(&model.id, &model.label, refused))
}

/// What the model stage yields: where the turn stands in line while it
/// waits, then the model's events.
#[derive(Debug)]
pub enum Step {
    Queued(usize),
    Event(ChatEvent),
}

impl Step {
    /// The model's event, for callers that do not show the line.
    pub fn event(self) -> Option<ChatEvent> {
        match self {
            Step::Queued(_) => None,
            Step::Event(event) => Some(event),
        }
    }

    /// The step as a frame, no file stored (the playground's).
    pub fn frame(self) -> ReplyFrame {
        match self {
            Step::Queued(position) => ReplyFrame::Queued { position },
            Step::Event(event) => frame(event),
        }
    }
}

/// Stage 3: once `ticket`'s turn comes (its place said meanwhile), the
/// wait is counted and `model` streams its reply to `request`, counted
/// too. The place is held by the stream: a caller that goes away while
/// waiting leaves the line, and one that goes away while served stops the
/// model.
pub fn model_reply(
    metrics: &Arc<Metrics>,
    model: &CatalogEntry,
    request: ChatRequest,
    ticket: Ticket,
) -> BoxStream<'static, Step> {
    let (metrics, provider, model_id, joined) =
        (metrics.clone(), model.provider.clone(), model.id.clone(), Instant::now());
    crate::model_line::after_turn(ticket, Step::Queued, move || {
        metrics.queue_wait(&model_id, joined.elapsed());
        metrics.observe(&model_id, provider.stream_chat(request)).map(Step::Event).boxed()
    })
}

/// Stages 3 to 6 for the chat page: the model's reply, its files stored,
/// as frames, saved into `slot` as they pass, after the `started` frame.
pub fn page_reply(
    model_steps: BoxStream<'static, Step>,
    files: ReplyFiles,
    slot: ReplySlot,
    handle: &ReplyHandle,
    after: Option<AfterComplete>,
    started: ReplyFrame,
) -> BoxStream<'static, ReplyFrame> {
    let frames = model_steps.then(move |step| files.clone().step(step));
    let saved = crate::saved_reply::saved(frames, slot, handle, after);
    futures::stream::once(async move { started }).chain(saved).boxed()
}

/// Stage 4: where a reply's files are kept: with its user's uploads,
/// checked as those are (type by content, size, the user's storage), so
/// the model or handler that made them chooses nothing about how they are
/// served.
#[derive(Clone)]
pub struct ReplyFiles {
    pub uploads: Option<colloquy_uploads::UploadStore>,
    pub owner: String,
}

impl ReplyFiles {
    async fn step(self, step: Step) -> ReplyFrame {
        match step {
            Step::Queued(position) => ReplyFrame::Queued { position },
            Step::Event(event) => self.frame(event).await,
        }
    }

    /// `event` as a frame, a file stored first.
    pub async fn frame(self, event: ChatEvent) -> ReplyFrame {
        let ChatEvent::File(file) = event else { return frame(event) };
        let Some(uploads) = self.uploads else {
            return left_out(&file.name, "this server keeps no files (uploads are off)");
        };
        let name = file.name.clone();
        let owner = self.owner;
        let saved = tokio::task::spawn_blocking(move || uploads.save(&owner, None, &file.name, &file.data, true)).await;
        let failure = match saved {
            Ok(Ok(upload)) => {
                tracing::info!(id = %upload.id, kind = upload.kind.as_str(), bytes = upload.size, "reply file stored");
                return ReplyFrame::File {
                    attachment: AttachmentView {
                        id: upload.id,
                        name: upload.name,
                        kind: crate::views::file_kind(upload.kind),
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

/// Stage 5: a model's event as the page's frame.
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
            status: panel.status.map(Into::into),
            text: panel.text,
            duration_ms: panel.duration_ms,
        },
        ChatEvent::Done { finish, usage } => ReplyFrame::Done {
            finish: finish.as_str().into(),
            prompt_tokens: usage.prompt_tokens,
            completion_tokens: usage.completion_tokens,
        },
        ChatEvent::Error(e) => {
            ReplyFrame::Error { message: e.to_string(), said: Some(crate::error::provider_said(&e)) }
        }
    }
}
