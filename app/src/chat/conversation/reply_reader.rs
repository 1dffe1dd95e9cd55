//! A reply's frames applied to its message, across reconnections: text
//! and reasoning (`<think>` split off), panels, files, the end; and what
//! screen readers hear of it (the live region).

use leptos::prelude::*;
use leptos::server_fn::codec::TextStream;

use super::super::composer_files::Sent;
use super::super::panels::{self, PanelChange};
use super::{now_ms, Conversation, Message, MessageStatus};
use colloquy_wire::{AppError, ReplyFrame, TextPiece, ThinkSplitter};

/// Applies a reply's frames to its message, across reconnections.
pub(super) struct ReplyReader {
    pub(super) conversation: Conversation,
    pub(super) reply: Message,
    pub(super) frames_seen: usize,
    pub(super) think: ThinkSplitter,
    /// How much of the reply text has been announced to screen readers.
    pub(super) announced: usize,
    /// The stored count once a new turn's reply has started.
    pub(super) stored_after: Option<usize>,
}

impl ReplyReader {
    /// Reads one connection's frames. `Err` says the connection was lost
    /// before the reply ended.
    pub(super) async fn read(&mut self, stream: TextStream<AppError>) -> Result<(), String> {
        crate::reply_stream::read_frames(stream, |frames| {
            for frame in frames {
                self.frames_seen += 1;
                let ended = match frame {
                    Ok(frame) => self.apply(frame),
                    Err(why) => {
                        self.reply.fail(why);
                        true
                    }
                };
                if ended {
                    return true;
                }
            }
            // Once for the chunk: the live region shows one text per
            // update, so sentences finished together are heard together.
            self.announce(false);
            false
        })
        .await
    }

    /// Applies one frame; true when the reply has ended.
    pub(super) fn apply(&mut self, frame: ReplyFrame) -> bool {
        let reply = self.reply;
        match frame {
            ReplyFrame::Started { reply_id, conversation, title } => {
                reply.reply_id.set(Some(reply_id));
                if let Some(count) = self.stored_after.take() {
                    self.conversation.stored.set_value(count);
                    self.conversation.note_stored(conversation, title);
                }
            }
            ReplyFrame::Loading => reply.status.set(MessageStatus::Loading),
            ReplyFrame::Queued { position } => reply.status.set(MessageStatus::Queued(position)),
            ReplyFrame::Delta { text } => {
                self.streaming();
                let pieces = self.think.push(&text);
                self.add(pieces);
            }
            ReplyFrame::Reasoning { text } => {
                self.streaming();
                self.add(vec![TextPiece::Reasoning(text)]);
            }
            frame @ (ReplyFrame::ToolCall { .. } | ReplyFrame::Panel { .. }) => {
                self.streaming();
                if let Some(change) = PanelChange::of_frame(&frame) {
                    reply.panels.update(|panels| panels::apply(panels, change));
                }
            }
            ReplyFrame::File { attachment } => {
                self.streaming();
                reply.attachments.update(|files| files.push(Sent { view: attachment, preview: None }));
            }
            ReplyFrame::Done { .. } => {
                self.flush();
                reply.status.set(MessageStatus::Complete);
                return true;
            }
            ReplyFrame::Error { message, said } => {
                self.flush();
                reply.fail(said.as_ref().map_or(message, crate::i18n::say));
                return true;
            }
        }
        false
    }

    /// Adds reply text and reasoning, timing the reasoning.
    pub(super) fn add(&mut self, pieces: Vec<TextPiece>) {
        let reply = self.reply;
        for piece in pieces {
            match piece {
                TextPiece::Reasoning(text) => {
                    if reply.reasoning_time.get_untracked().is_none() {
                        reply.reasoning_time.set(Some((now_ms(), None)));
                    }
                    reply.reasoning.update(|t| t.push_str(&text));
                }
                TextPiece::Answer(text) => {
                    self.end_reasoning();
                    // The reply's view scrolls when it shows the text
                    // (a batch of the server's, about every 100 ms), not for
                    // every token.
                    reply.text.update(|t| t.push_str(&text));
                }
            }
        }
    }

    /// The reply ended: text held back by the think splitter is released
    /// and the reasoning's clock stops.
    pub(super) fn flush(&mut self) {
        if self.reply.panels.with_untracked(|p| p.iter().any(|p| p.pending)) {
            self.reply.panels.update(|panels| panels::finish(panels));
        }
        let rest = self.think.finish();
        self.add(rest);
        self.end_reasoning();
        self.announce(true);
    }

    /// Hands finished sentences (or, at the end, the rest) to the live
    /// region: screen readers then read the reply as it streams, a sentence
    /// at a time, rather than every token or the whole text over again.
    pub(super) fn announce(&mut self, all: bool) {
        let from = self.announced;
        let next = self.reply.text.with_untracked(|text| {
            let rest = text.get(from..)?;
            let end = if all { rest.len() } else { rest.rfind(['.', '!', '?', '\n']).map_or(0, |i| i + 1) };
            let spoken: String = rest[..end].chars().filter(|c| !matches!(c, '*' | '_' | '#' | '`')).collect();
            (end > 0).then(|| (end, spoken.trim().to_string()))
        });
        if let Some((end, spoken)) = next {
            self.announced += end;
            if !spoken.is_empty() {
                self.conversation.announcement.set(spoken);
            }
        }
    }

    pub(super) fn end_reasoning(&self) {
        if let Some((start, None)) = self.reply.reasoning_time.get_untracked() {
            self.reply.reasoning_time.set(Some((start, Some(now_ms()))));
        }
    }

    pub(super) fn streaming(&self) {
        if self.reply.status.get_untracked() != MessageStatus::Streaming {
            self.reply.status.set(MessageStatus::Streaming);
        }
    }
}
