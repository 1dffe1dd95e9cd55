//! The reply stream: one JSON frame per line, and the reader that splits
//! a stream of bytes back into frames (the chat page and the playground
//! read with the same one).

use serde::{Deserialize, Serialize};

use crate::AttachmentView;

/// One line of the reply stream. Chunks can merge or split in transit, so
/// the stream is newline-delimited JSON: one frame per line.
///
/// Written tagged by `type`; read through [`crate::flat_frame`], which
/// keeps the reader small in the page's WASM and says which fields a
/// frame may leave out (serde's `default`s here would never be used).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", try_from = "crate::flat_frame::FlatFrame")]
pub enum ReplyFrame {
    /// First frame: the id that `stop_reply` and `resume_reply` take, and
    /// the conversation the reply belongs to (new, for a first message).
    Started {
        reply_id: String,
        conversation: String,
        /// The title given to a conversation this reply began.
        #[serde(skip_serializing_if = "Option::is_none")]
        title: Option<String>,
    },
    /// The model is still loading; the reply follows when it is ready.
    Loading,
    /// Waiting in the model's line: `position` 1 is next. Sent again each
    /// time the line moves; the reply follows when it is this one's turn.
    Queued {
        position: usize,
    },
    Delta {
        text: String,
    },
    /// A piece of the model's reasoning, shown apart from the reply.
    Reasoning {
        text: String,
    },
    /// A piece of a tool call; pieces with one `index` are one call.
    ToolCall {
        index: u32,
        #[serde(skip_serializing_if = "Option::is_none")]
        id: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        name: Option<String>,
        arguments: String,
    },
    /// A file in the reply, stored as the user's (`GET /files/{id}`).
    File {
        attachment: AttachmentView,
    },
    /// Creates or updates a panel (see `colloquy_core::PanelUpdate`).
    Panel {
        id: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        parent: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        title: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        status: Option<PanelState>,
        #[serde(skip_serializing_if = "String::is_empty")]
        text: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        duration_ms: Option<u64>,
    },
    Done {
        finish: String,
        prompt_tokens: u32,
        completion_tokens: u32,
    },
    Error {
        /// In English, for a program.
        message: String,
        /// The same, for the page to say in its language.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        said: Option<crate::Said>,
    },
}

impl ReplyFrame {
    pub fn to_line(&self) -> String {
        let mut line = serde_json::to_string(self).unwrap_or_else(|_| {
            r#"{"type":"error","message":"the server could not encode a reply frame"}"#.to_string()
        });
        line.push('\n');
        line
    }

    /// Whether a line from [`Self::to_line`] carries text of the reply or
    /// of its reasoning: what a browser's stream sends in paced batches
    /// once it has begun (`colloquy_chat::replies`).
    pub fn line_is_text(line: &str) -> bool {
        line.starts_with(r#"{"type":"delta""#) || line.starts_with(r#"{"type":"reasoning""#)
    }
}

/// Where a panel's step stands, on the wire ("pending", "done",
/// "failed"); any other word is read as [`PanelState::Unknown`], which
/// changes nothing, so a newer server's word does not break an older page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PanelState {
    Pending,
    Done,
    Failed,
    #[serde(other)]
    Unknown,
}

impl From<colloquy_core::PanelStatus> for PanelState {
    fn from(status: colloquy_core::PanelStatus) -> Self {
        match status {
            colloquy_core::PanelStatus::Pending => Self::Pending,
            colloquy_core::PanelStatus::Done => Self::Done,
            colloquy_core::PanelStatus::Failed => Self::Failed,
        }
    }
}

/// Splits a byte stream of frames into frames, whatever the chunking.
#[derive(Debug, Default)]
pub struct FrameDecoder {
    buffer: String,
}

impl FrameDecoder {
    /// Feeds a chunk; returns the frames it completed.
    pub fn push(&mut self, chunk: &str) -> Vec<Result<ReplyFrame, String>> {
        self.buffer.push_str(chunk);
        let mut frames = Vec::new();
        while let Some(end) = self.buffer.find('\n') {
            let line: String = self.buffer.drain(..=end).collect();
            let line = line.trim();
            if !line.is_empty() {
                frames.push(serde_json::from_str(line).map_err(|e| format!("bad frame from server: {e}")));
            }
        }
        frames
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_lines_are_told_apart_from_the_rest() {
        let text = [ReplyFrame::Delta { text: "a".into() }, ReplyFrame::Reasoning { text: "b".into() }];
        assert!(text.iter().all(|frame| ReplyFrame::line_is_text(&frame.to_line())));
        let others = [
            ReplyFrame::Started { reply_id: "r".into(), conversation: "c".into(), title: None },
            ReplyFrame::Loading,
            ReplyFrame::Queued { position: 1 },
            ReplyFrame::Done { finish: "stop".into(), prompt_tokens: 1, completion_tokens: 1 },
            ReplyFrame::Error { message: "delta".into(), said: None },
        ];
        assert!(others.iter().all(|frame| !ReplyFrame::line_is_text(&frame.to_line())));
    }

    #[test]
    fn frames_survive_any_chunking() {
        let frames = [
            ReplyFrame::Started { reply_id: "abc".into(), conversation: "c".into(), title: None },
            ReplyFrame::Delta { text: "Hello\nworld 🦀 \"quoted\"".into() },
            ReplyFrame::Done { finish: "stop".into(), prompt_tokens: 3, completion_tokens: 2 },
        ];
        let wire: String = frames.iter().map(ReplyFrame::to_line).collect();
        for chunk_size in [1, 2, 3, 7, wire.len()] {
            let mut decoder = FrameDecoder::default();
            let mut got = Vec::new();
            let chars: Vec<char> = wire.chars().collect();
            for chunk in chars.chunks(chunk_size) {
                got.extend(decoder.push(&chunk.iter().collect::<String>()).into_iter().map(Result::unwrap));
            }
            assert_eq!(got, frames, "chunk size {chunk_size}");
        }
    }

    #[test]
    fn a_bad_line_is_an_error_not_a_panic() {
        let mut decoder = FrameDecoder::default();
        let got = decoder.push("{not json}\n{\"type\":\"loading\"}\n");
        assert!(got[0].is_err());
        assert_eq!(got[1], Ok(ReplyFrame::Loading));
    }
}
