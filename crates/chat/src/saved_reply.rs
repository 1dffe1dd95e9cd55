//! A reply saved as it streams: its text at least once a second, and its
//! end (complete, stopped, failed, or interrupted) when it ends, so that a
//! server killed mid-reply loses at most the last second of it, and a
//! restart finds the rest marked interrupted.
//!
//! The reply's frames pass through unchanged, and its text never waits on
//! the database: a saver task of its own writes what has arrived so far.
//! Only the last frame (done or error) waits for the final save, so that a
//! client that has seen a reply end and then reloads, exports or shares the
//! conversation finds the whole reply stored.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use colloquy_store::{ConversationId, MessageStatus, ReplyProgress, Store, UserId};
use futures::{Stream, StreamExt};
use tokio::sync::Notify;

use crate::replies::ReplyHandle;
use colloquy_wire::panels::{PanelChange, PanelView};
use colloquy_wire::{ReplyFrame, Said, TextPiece, ThinkSplitter};

/// How often a streaming reply's text is saved.
pub const SAVE_EVERY: Duration = Duration::from_secs(1);

/// The longest the last frame waits for the final save (which is tried a
/// few times, a second apart); past it the frame goes out anyway.
const FINAL_SAVE_WAIT: Duration = Duration::from_secs(8);

/// Where the reply is stored.
#[derive(Clone)]
pub struct ReplySlot {
    pub store: Store,
    pub owner: UserId,
    pub conversation: ConversationId,
    pub seq: i64,
}

struct Draft {
    progress: ReplyProgress,
    files: Vec<colloquy_wire::AttachmentView>,
    /// Tool calls and a handler's steps, kept with the reply.
    panels: Vec<PanelView>,
    think: ThinkSplitter,
    /// Changed since the last save.
    dirty: bool,
}

impl Draft {
    fn add(&mut self, pieces: Vec<TextPiece>) {
        for piece in pieces {
            match piece {
                TextPiece::Reasoning(text) => self.progress.reasoning.push_str(&text),
                TextPiece::Answer(text) => self.progress.content.push_str(&text),
            }
        }
        self.dirty = true;
    }

    fn apply(&mut self, frame: &ReplyFrame) {
        match frame {
            ReplyFrame::Delta { text } => {
                let pieces = self.think.push(text);
                self.add(pieces);
            }
            ReplyFrame::Reasoning { text } => self.add(vec![TextPiece::Reasoning(text.clone())]),
            ReplyFrame::File { attachment } => {
                self.files.push(attachment.clone());
                self.progress.attachments = serde_json::to_string(&self.files).ok();
                self.dirty = true;
            }
            frame @ (ReplyFrame::Panel { .. } | ReplyFrame::ToolCall { .. }) => {
                if let Some(change) = PanelChange::of_frame(frame) {
                    colloquy_wire::panels::apply(&mut self.panels, change);
                    self.progress.panels = serde_json::to_string(&self.panels).ok();
                    self.dirty = true;
                }
            }
            ReplyFrame::Done { prompt_tokens, completion_tokens, .. } => {
                self.end(MessageStatus::Complete, None);
                self.progress.tokens = Some((i64::from(*prompt_tokens), i64::from(*completion_tokens)));
            }
            ReplyFrame::Error { message, said } => {
                let status =
                    if self.progress.content.is_empty() && self.progress.reasoning.is_empty() && self.panels.is_empty()
                    {
                        MessageStatus::Failed
                    } else {
                        MessageStatus::Interrupted
                    };
                self.end(status, Some((message.clone(), said.clone())));
            }
            _ => {}
        }
    }

    /// Sets how the reply ended, once.
    fn end(&mut self, status: MessageStatus, error: Option<(String, Option<Said>)>) {
        if self.progress.status.is_some() {
            return;
        }
        let rest = self.think.finish();
        self.add(rest);
        if !self.panels.is_empty() {
            colloquy_wire::panels::finish(&mut self.panels);
            self.progress.panels = serde_json::to_string(&self.panels).ok();
        }
        self.progress.status = Some(status);
        let (error, words) = error.unzip();
        self.progress.error = error;
        self.progress.error_words = words.flatten().and_then(|said| serde_json::to_string(&said).ok());
        self.dirty = true;
    }
}

/// Ends the draft when the reply's stream is dropped: by its end, by Stop,
/// or because nobody stayed to read it.
struct EndOnDrop {
    draft: Arc<Mutex<Draft>>,
    ended: Arc<Notify>,
    handle: ReplyHandle,
}

impl Drop for EndOnDrop {
    fn drop(&mut self) {
        let mut draft = self.draft.lock().unwrap_or_else(|p| p.into_inner());
        if self.handle.stopped() {
            draft.end(MessageStatus::Stopped, None);
        } else {
            let cut_off = Said::new("reply-cut-off");
            draft.end(MessageStatus::Interrupted, Some((cut_off.english(), Some(cut_off))));
        }
        drop(draft);
        self.ended.notify_one();
    }
}

/// Run with the reply as stored, once it is complete and saved (titles
/// written by the model start here).
pub type AfterComplete = Box<dyn FnOnce(ReplyProgress) + Send>;

/// `frames`, saved into `slot` as they pass.
pub fn saved(
    frames: impl Stream<Item = ReplyFrame> + Send + 'static,
    slot: ReplySlot,
    handle: &ReplyHandle,
    after: Option<AfterComplete>,
) -> impl Stream<Item = ReplyFrame> + Send + 'static {
    let draft = Arc::new(Mutex::new(Draft {
        progress: ReplyProgress::default(),
        files: Vec::new(),
        panels: Vec::new(),
        think: ThinkSplitter::default(),
        dirty: false,
    }));
    let ended = Arc::new(Notify::new());
    let (saved_tx, saved_rx) = tokio::sync::watch::channel(false);
    let saver = save_until_ended(draft.clone(), ended.clone(), slot, after, saved_tx);
    handle.savers.spawn(tracing::Instrument::instrument(saver, tracing::Span::current()));
    let guard = EndOnDrop { draft: draft.clone(), ended: ended.clone(), handle: handle.clone() };
    frames.then(move |frame| {
        let _ = &guard;
        draft.lock().unwrap_or_else(|p| p.into_inner()).apply(&frame);
        let last = matches!(frame, ReplyFrame::Done { .. } | ReplyFrame::Error { .. });
        let wait = last.then(|| {
            ended.notify_one();
            saved_rx.clone()
        });
        async move {
            if let Some(mut saved) = wait {
                let _ = tokio::time::timeout(FINAL_SAVE_WAIT, saved.wait_for(|done| *done)).await;
            }
            frame
        }
    })
}

/// Streaming replies' saves fall on a grid of [`SAVE_GRID`] steps, so that
/// the saves of replies that started near each other reach the database
/// together and share one transaction (see the store's `reply_saves`);
/// replies that started apart stay apart, so the saves of a busy server
/// are spread over the second in [`SAVE_EVERY`] / [`SAVE_GRID`] groups.
const SAVE_GRID: Duration = Duration::from_millis(100);

/// The first step of the save grid after `now`.
fn on_the_save_grid(now: tokio::time::Instant) -> tokio::time::Instant {
    static EPOCH: std::sync::OnceLock<tokio::time::Instant> = std::sync::OnceLock::new();
    let epoch = *EPOCH.get_or_init(|| now);
    let steps = now.duration_since(epoch).as_nanos() / SAVE_GRID.as_nanos() + 1;
    epoch + SAVE_GRID * steps as u32
}

async fn save_until_ended(
    draft: Arc<Mutex<Draft>>,
    ended: Arc<Notify>,
    slot: ReplySlot,
    after: Option<AfterComplete>,
    saved: tokio::sync::watch::Sender<bool>,
) {
    // The first save a second (less one grid step at most) after the start.
    let first = on_the_save_grid(tokio::time::Instant::now()) + SAVE_EVERY - SAVE_GRID;
    let mut tick = tokio::time::interval_at(first, SAVE_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        let finished = tokio::select! {
            _ = ended.notified() => true,
            _ = tick.tick() => false,
        };
        let progress = {
            let mut draft = draft.lock().unwrap_or_else(|p| p.into_inner());
            let done = draft.progress.status.is_some();
            if !(draft.dirty || (finished && done)) {
                None
            } else {
                draft.dirty = false;
                Some(draft.progress.clone())
            }
        };
        if let Some(progress) = progress {
            // The end is tried a few times (a database that is briefly
            // away); a save while streaming is simply tried next second.
            let attempts = if finished { 5 } else { 1 };
            for attempt in 1..=attempts {
                match slot.store.save_reply(&slot.owner, &slot.conversation, slot.seq, &progress).await {
                    Ok(()) => break,
                    // Deleted, or truncated by an edit: nothing to save to.
                    Err(colloquy_store::StoreError::NotFound) => {
                        saved.send_replace(true);
                        return;
                    }
                    Err(e) => {
                        tracing::error!(conversation = %slot.conversation, seq = slot.seq, attempt, "reply not saved: {e}");
                        draft.lock().unwrap_or_else(|p| p.into_inner()).dirty = true;
                        if attempt < attempts {
                            tokio::time::sleep(SAVE_EVERY).await;
                        }
                    }
                }
            }
        }
        if finished {
            saved.send_replace(true);
            let progress = draft.lock().unwrap_or_else(|p| p.into_inner()).progress.clone();
            if let (Some(after), Some(MessageStatus::Complete)) = (after, progress.status) {
                after(progress);
            }
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saves_of_replies_started_apart_fall_on_one_grid() {
        let now = tokio::time::Instant::now();
        let first = on_the_save_grid(now);
        assert!(first > now && first - now <= SAVE_GRID);
        for later in [1, 37, 99, 100, 101, 250, 1234] {
            let at = on_the_save_grid(now + Duration::from_millis(later));
            assert!(at > now + Duration::from_millis(later), "{later} ms");
            assert_eq!((at - first).as_nanos() % SAVE_GRID.as_nanos(), 0, "{later} ms: off the grid");
        }
    }
}
