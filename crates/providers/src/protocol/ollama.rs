//! Ollama's native `/api/chat` with `stream: true`: one JSON object per
//! line, the last with `"done": true` and the token counts. Thinking models
//! put their reasoning in `message.thinking`; tool calls arrive whole.

use colloquy_core::{ChatEvent, ChatRequest, FinishReason, MediaKind, ToolCallDelta, Usage};
use serde::Deserialize;
use serde_json::json;

use super::{arguments_value, base64, function_tools, parse, role_messages, DecodeError, Decoded, Decoder};

pub(super) fn body(model: &str, request: &ChatRequest) -> serde_json::Value {
    // Ollama takes images as base64 beside the text; it has no audio input.
    let messages = role_messages(request, |role, m| {
        let images: Vec<_> = m.media.iter().filter(|m| m.kind == MediaKind::Image).map(|m| base64(&m.data)).collect();
        let mut message = json!({ "role": role, "content": m.content });
        if !images.is_empty() {
            message["images"] = json!(images);
        }
        if !m.tool_calls.is_empty() {
            let calls: Vec<_> = m
                .tool_calls
                .iter()
                .map(|c| json!({ "function": { "name": c.name, "arguments": arguments_value(&c.arguments) } }))
                .collect();
            message["tool_calls"] = json!(calls);
        }
        message
    });
    let s = &request.sampling;
    let mut options = json!({
        "temperature": s.temperature,
        "top_p": s.top_p,
        "num_predict": s.max_new_tokens,
        "repeat_penalty": s.repeat_penalty,
    });
    if let Some(seed) = s.seed {
        options["seed"] = json!(seed);
    }
    let mut body = json!({ "model": model, "messages": messages, "stream": true, "options": options });
    if !request.tools.is_empty() {
        body["tools"] = json!(function_tools(request));
    }
    body
}

#[derive(Debug, Deserialize)]
struct Line {
    message: Option<LineMessage>,
    #[serde(default)]
    done: bool,
    done_reason: Option<String>,
    prompt_eval_count: Option<u32>,
    eval_count: Option<u32>,
    error: Option<String>,
}

#[derive(Debug, Deserialize)]
struct LineMessage {
    #[serde(default)]
    content: String,
    thinking: Option<String>,
    #[serde(default)]
    tool_calls: Vec<OllamaToolCall>,
}

#[derive(Debug, Deserialize)]
struct OllamaToolCall {
    function: OllamaFunction,
}

#[derive(Debug, Deserialize)]
struct OllamaFunction {
    name: String,
    #[serde(default)]
    arguments: serde_json::Value,
}

#[derive(Debug, Default)]
pub(crate) struct OllamaDecoder {
    tool_calls: u32,
}

impl Decoder for OllamaDecoder {
    fn decode(&mut self, _event: Option<&str>, data: &str) -> Result<Decoded, DecodeError> {
        let line: Line = parse(data)?;
        if let Some(error) = line.error {
            return Err(DecodeError::Upstream(error));
        }
        let mut events = Vec::new();
        if let Some(message) = line.message {
            if let Some(thinking) = message.thinking.filter(|t| !t.is_empty()) {
                events.push(ChatEvent::ReasoningDelta(thinking));
            }
            if !message.content.is_empty() {
                events.push(ChatEvent::TextDelta(message.content));
            }
            for call in message.tool_calls {
                events.push(ChatEvent::ToolCallDelta(ToolCallDelta {
                    index: self.tool_calls,
                    id: None,
                    name: Some(call.function.name),
                    arguments: call.function.arguments.to_string(),
                }));
                self.tool_calls += 1;
            }
        }
        if !line.done {
            return Ok(Decoded::Events(events));
        }
        let finish = match line.done_reason.as_deref() {
            Some("length") => FinishReason::Length,
            _ if self.tool_calls > 0 => FinishReason::ToolCalls,
            _ => FinishReason::Stop,
        };
        let usage = Usage {
            prompt_tokens: line.prompt_eval_count.unwrap_or(0),
            completion_tokens: line.eval_count.unwrap_or(0),
        };
        events.push(ChatEvent::Done { finish, usage });
        Ok(Decoded::Finished(events))
    }

    fn end_of_stream(&mut self) -> Option<ChatEvent> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recorded_stream_decodes() {
        let mut d = OllamaDecoder::default();
        let first = d
            .decode(None, r#"{"model":"llama3.2","created_at":"2025-01-01T08:52:19.385406455-07:00","message":{"role":"assistant","content":"The"},"done":false}"#)
            .unwrap();
        assert!(matches!(first, Decoded::Events(e) if e == vec![ChatEvent::TextDelta("The".into())]));
        let last = d
            .decode(None, r#"{"model":"llama3.2","created_at":"2025-01-01T08:52:19.385406455-07:00","message":{"role":"assistant","content":""},"done_reason":"stop","done":true,"total_duration":4883583458,"load_duration":1334875,"prompt_eval_count":26,"prompt_eval_duration":342546000,"eval_count":282,"eval_duration":4535599000}"#)
            .unwrap();
        let Decoded::Finished(e) = last else { panic!() };
        assert_eq!(
            e,
            vec![ChatEvent::Done {
                finish: FinishReason::Stop,
                usage: Usage { prompt_tokens: 26, completion_tokens: 282 }
            }]
        );
    }

    #[test]
    fn errors_thinking_and_tools() {
        let mut d = OllamaDecoder::default();
        assert_eq!(
            d.decode(None, r#"{"error":"an error was encountered while running the model"}"#).unwrap_err(),
            DecodeError::Upstream("an error was encountered while running the model".into())
        );
        let got = d
            .decode(None, r#"{"model":"qwen3","created_at":"x","message":{"role":"assistant","content":"","thinking":"Hmm","tool_calls":[{"function":{"name":"get_weather","arguments":{"city":"Tokyo"}}}]},"done":false}"#)
            .unwrap();
        let Decoded::Events(e) = got else { panic!() };
        assert_eq!(e[0], ChatEvent::ReasoningDelta("Hmm".into()));
        assert!(matches!(&e[1], ChatEvent::ToolCallDelta(t) if t.arguments == r#"{"city":"Tokyo"}"#));
        assert!(matches!(d.decode(None, r#"{"message":{"content":7},"done":false}"#), Err(DecodeError::Malformed(_))));
    }
}
