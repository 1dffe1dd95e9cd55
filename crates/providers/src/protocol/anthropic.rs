//! Anthropic Messages with `stream: true`.
//!
//! Named events: `message_start` (input token count), `content_block_start`
//! / `content_block_delta` / `content_block_stop` for text, thinking and
//! tool-use blocks, `message_delta` (stop reason, output token count),
//! `message_stop`, `ping`, and `error`. Unknown event types are skipped, as
//! Anthropic's versioning policy asks.
//!
//! Only `temperature` is sent of the sampling parameters besides the token
//! limit: recent Claude models refuse `temperature` and `top_p` together.

use std::collections::HashMap;

use colloquy_core::{ChatEvent, ChatMessage, ChatRequest, FinishReason, MediaKind, Role, ToolCallDelta, Usage};
use http::header::{HeaderMap, HeaderName, HeaderValue};
use serde::Deserialize;
use serde_json::json;

use super::{base64, parse, DecodeError, Decoded, Decoder};
use crate::settings::ApiKey;

pub(super) const API_VERSION: &str = "2023-06-01";

pub(super) fn auth(key: &ApiKey, headers: &mut HeaderMap) {
    if let Ok(mut value) = HeaderValue::from_str(key.expose()) {
        value.set_sensitive(true);
        headers.insert(HeaderName::from_static("x-api-key"), value);
    }
}

pub(super) fn version_header(headers: &mut HeaderMap) {
    headers.insert(HeaderName::from_static("anthropic-version"), HeaderValue::from_static(API_VERSION));
}

pub(super) fn body(model: &str, request: &ChatRequest) -> serde_json::Value {
    let messages: Vec<_> = request
        .messages
        .iter()
        .map(|m| {
            let role = match m.role {
                Role::Assistant => "assistant",
                // Anthropic carries tool results in the user's turn.
                Role::User | Role::System | Role::Tool => "user",
            };
            json!({ "role": role, "content": content(m) })
        })
        .collect();
    let s = &request.sampling;
    let mut body = json!({
        "model": model,
        "max_tokens": s.max_new_tokens,
        "messages": messages,
        "stream": true,
        // Anthropic's range is 0 to 1.
        "temperature": s.temperature.min(1.0),
    });
    if let Some(system) = &request.system_prompt {
        body["system"] = json!(system);
    }
    if !request.tools.is_empty() {
        let tools: Vec<_> = request
            .tools
            .iter()
            .map(|t| json!({ "name": t.name, "description": t.description, "input_schema": t.parameters }))
            .collect();
        body["tools"] = json!(tools);
    }
    body
}

/// Plain text, or content blocks when there are images (put first, as
/// Anthropic advises). Anthropic has no audio input; configuration keeps
/// audio from models that cannot take it, so any here is left out.
fn content(message: &ChatMessage) -> serde_json::Value {
    if let Some(id) = &message.tool_call_id {
        return json!([{ "type": "tool_result", "tool_use_id": id, "content": message.content }]);
    }
    if !message.tool_calls.is_empty() {
        let text = (!message.content.is_empty()).then(|| json!({ "type": "text", "text": message.content }));
        let calls = message.tool_calls.iter().map(|c| {
            json!({ "type": "tool_use", "id": c.id, "name": c.name, "input": super::arguments_value(&c.arguments) })
        });
        return json!(text.into_iter().chain(calls).collect::<Vec<_>>());
    }
    if message.media.is_empty() {
        return json!(message.content);
    }
    let images = message.media.iter().filter(|m| m.kind == MediaKind::Image).map(|media| {
        json!({
            "type": "image",
            "source": { "type": "base64", "media_type": media.mime, "data": base64(&media.data) },
        })
    });
    let text = json!({ "type": "text", "text": message.content });
    json!(images.chain(std::iter::once(text)).collect::<Vec<_>>())
}

#[derive(Debug, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Event {
    MessageStart {
        message: StartMessage,
    },
    ContentBlockStart {
        index: u32,
        content_block: Block,
    },
    ContentBlockDelta {
        index: u32,
        delta: BlockDelta,
    },
    ContentBlockStop {},
    MessageDelta {
        delta: MessageDelta,
        usage: Option<OutputUsage>,
    },
    MessageStop {},
    Ping {},
    Error {
        error: ErrorBody,
    },
    #[serde(other)]
    Unknown,
}

#[derive(Debug, Deserialize)]
struct StartMessage {
    usage: Option<StartUsage>,
}

#[derive(Debug, Deserialize)]
struct StartUsage {
    #[serde(default)]
    input_tokens: u32,
    #[serde(default)]
    output_tokens: u32,
}

#[derive(Debug, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Block {
    Text {
        #[serde(default)]
        text: String,
    },
    Thinking {
        #[serde(default)]
        thinking: String,
    },
    ToolUse {
        id: String,
        name: String,
    },
    #[serde(other)]
    Other,
}

#[derive(Debug, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum BlockDelta {
    TextDelta {
        text: String,
    },
    ThinkingDelta {
        thinking: String,
    },
    InputJsonDelta {
        partial_json: String,
    },
    #[serde(other)]
    Other,
}

#[derive(Debug, Deserialize)]
struct MessageDelta {
    stop_reason: Option<String>,
}

#[derive(Debug, Deserialize)]
struct OutputUsage {
    output_tokens: u32,
}

#[derive(Debug, Deserialize)]
struct ErrorBody {
    #[serde(rename = "type")]
    kind: String,
    message: String,
}

#[derive(Debug, Default)]
pub(crate) struct AnthropicDecoder {
    usage: Usage,
    finish: Option<FinishReason>,
    /// Tool-use blocks by content-block index, so their deltas are known.
    tool_blocks: HashMap<u32, ()>,
}

impl Decoder for AnthropicDecoder {
    fn decode(&mut self, _event: Option<&str>, data: &str) -> Result<Decoded, DecodeError> {
        let event: Event = parse(data)?;
        let events = match event {
            Event::MessageStart { message } => {
                if let Some(usage) = message.usage {
                    self.usage = Usage { prompt_tokens: usage.input_tokens, completion_tokens: usage.output_tokens };
                }
                vec![]
            }
            Event::ContentBlockStart { index, content_block } => match content_block {
                Block::Text { text } if !text.is_empty() => vec![ChatEvent::TextDelta(text)],
                Block::Thinking { thinking } if !thinking.is_empty() => {
                    vec![ChatEvent::ReasoningDelta(thinking)]
                }
                Block::ToolUse { id, name } => {
                    self.tool_blocks.insert(index, ());
                    vec![ChatEvent::ToolCallDelta(ToolCallDelta {
                        index,
                        id: Some(id),
                        name: Some(name),
                        arguments: String::new(),
                    })]
                }
                _ => vec![],
            },
            Event::ContentBlockDelta { index, delta } => match delta {
                BlockDelta::TextDelta { text } if !text.is_empty() => {
                    vec![ChatEvent::TextDelta(text)]
                }
                BlockDelta::ThinkingDelta { thinking } if !thinking.is_empty() => {
                    vec![ChatEvent::ReasoningDelta(thinking)]
                }
                BlockDelta::InputJsonDelta { partial_json } if self.tool_blocks.contains_key(&index) => {
                    vec![ChatEvent::ToolCallDelta(ToolCallDelta {
                        index,
                        id: None,
                        name: None,
                        arguments: partial_json,
                    })]
                }
                _ => vec![],
            },
            Event::MessageDelta { delta, usage } => {
                if let Some(usage) = usage {
                    self.usage.completion_tokens = usage.output_tokens;
                }
                if let Some(reason) = delta.stop_reason {
                    self.finish = Some(match reason.as_str() {
                        "max_tokens" => FinishReason::Length,
                        "tool_use" => FinishReason::ToolCalls,
                        "refusal" => FinishReason::ContentFilter,
                        _ => FinishReason::Stop,
                    });
                }
                vec![]
            }
            Event::MessageStop {} => {
                return Ok(Decoded::Finished(vec![self.done()]));
            }
            Event::Error { error } => {
                return Err(DecodeError::Upstream(format!("{} ({})", error.message, error.kind)));
            }
            Event::ContentBlockStop {} | Event::Ping {} | Event::Unknown => vec![],
        };
        Ok(Decoded::Events(events))
    }

    fn end_of_stream(&mut self) -> Option<ChatEvent> {
        // Without `message_stop` the reply may be cut short: never whole.
        None
    }
}

impl AnthropicDecoder {
    fn done(&self) -> ChatEvent {
        ChatEvent::Done { finish: self.finish.unwrap_or(FinishReason::Stop), usage: self.usage }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(d: &mut AnthropicDecoder, data: &str) -> Vec<ChatEvent> {
        match d.decode(None, data).unwrap() {
            Decoded::Events(e) | Decoded::Finished(e) => e,
        }
    }

    #[test]
    fn a_recorded_stream_decodes() {
        let mut d = AnthropicDecoder::default();
        let mut events = Vec::new();
        for data in [
            r#"{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4-5","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":25,"output_tokens":1}}}"#,
            r#"{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":""}}"#,
            r#"{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Let me see."}}"#,
            r#"{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQBCgIYAhIM"}}"#,
            r#"{"type":"content_block_stop","index":0}"#,
            r#"{"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}"#,
            r#"{"type": "ping"}"#,
            r#"{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"Hello"}}"#,
            r#"{"type":"content_block_stop","index":1}"#,
            r#"{"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_1","name":"get_weather","input":{}}}"#,
            r#"{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\"city\":"}}"#,
            r#"{"type":"content_block_stop","index":2}"#,
            r#"{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":15}}"#,
            r#"{"type":"message_stop"}"#,
        ] {
            events.extend(run(&mut d, data));
        }
        assert_eq!(
            events,
            vec![
                ChatEvent::ReasoningDelta("Let me see.".into()),
                ChatEvent::TextDelta("Hello".into()),
                ChatEvent::ToolCallDelta(ToolCallDelta {
                    index: 2,
                    id: Some("toolu_1".into()),
                    name: Some("get_weather".into()),
                    arguments: String::new()
                }),
                ChatEvent::ToolCallDelta(ToolCallDelta {
                    index: 2,
                    id: None,
                    name: None,
                    arguments: "{\"city\":".into()
                }),
                ChatEvent::Done {
                    finish: FinishReason::ToolCalls,
                    usage: Usage { prompt_tokens: 25, completion_tokens: 15 }
                },
            ]
        );
    }

    #[test]
    fn error_events_and_bad_shapes() {
        let mut d = AnthropicDecoder::default();
        assert_eq!(
            d.decode(None, r#"{"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}"#)
                .unwrap_err(),
            DecodeError::Upstream("Overloaded (overloaded_error)".into())
        );
        assert!(matches!(
            d.decode(None, r#"{"type":"content_block_delta","index":"zero","delta":{}}"#),
            Err(DecodeError::Malformed(_))
        ));
        assert!(matches!(d.decode(None, r#"{"type":"brand_new_event"}"#), Ok(Decoded::Events(e)) if e.is_empty()));
    }
}
