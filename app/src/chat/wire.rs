//! What travels between the page and the server.

use serde::{Deserialize, Serialize};

/// Who wrote a message, as the page knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Speaker {
    User,
    Assistant,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireMessage {
    pub role: Speaker,
    pub content: String,
}

/// One turn: the conversation so far, ending with the user's new message,
/// and the id of the model that should answer (one the server offered).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatTurn {
    pub messages: Vec<WireMessage>,
    pub model: String,
}

/// One line of the reply stream. Chunks can merge or split in transit, so
/// the stream is newline-delimited JSON: one frame per line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ReplyFrame {
    /// First frame: the id that `stop_reply` takes.
    Started { reply_id: String },
    /// The model is still loading; the reply follows when it is ready.
    Loading,
    Delta { text: String },
    /// A piece of the model's reasoning, shown apart from the reply.
    Reasoning { text: String },
    /// A piece of a tool call; pieces with one `index` are one call.
    ToolCall {
        index: u32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        id: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
        arguments: String,
    },
    Done { finish: String, prompt_tokens: u32, completion_tokens: u32 },
    Error { message: String },
}

impl ReplyFrame {
    pub fn to_line(&self) -> String {
        let mut line = serde_json::to_string(self).unwrap_or_else(|_| {
            r#"{"type":"error","message":"the server could not encode a reply frame"}"#.to_string()
        });
        line.push('\n');
        line
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

/// What the page shows before anyone types: from the server's configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageSettings {
    pub title: String,
    pub description: String,
    pub examples: Vec<String>,
    pub max_message_bytes: usize,
    /// The models a conversation can pick, in order.
    pub models: Vec<ModelChoice>,
    /// The id of the model a new conversation starts with.
    pub default_model: String,
    pub markdown: MarkdownSettings,
}

/// How replies are rendered (from `[markdown]` in the configuration).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarkdownSettings {
    pub math_dollars: bool,
    pub math_brackets: bool,
    pub line_breaks: bool,
    pub data_images: bool,
}

impl MarkdownSettings {
    pub fn render_options(&self) -> colloquy_markdown::RenderOptions {
        colloquy_markdown::RenderOptions {
            math: colloquy_markdown::MathDelimiters { dollars: self.math_dollars, brackets: self.math_brackets },
            line_breaks: self.line_breaks,
            data_images: self.data_images,
        }
    }
}

/// An entry of the model picker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModelChoice {
    pub id: String,
    pub label: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_survive_any_chunking() {
        let frames = [
            ReplyFrame::Started { reply_id: "abc".into() },
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
