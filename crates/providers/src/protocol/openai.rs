//! OpenAI Chat Completions with `stream: true`, as spoken by OpenAI and the
//! many servers compatible with it (vLLM, llama.cpp, LM Studio, Ollama's
//! `/v1`, Groq, Together, OpenRouter).
//!
//! Each event's data is a `chat.completion.chunk`; `[DONE]` ends the stream.
//! With `stream_options.include_usage` a last chunk with empty `choices`
//! carries the token counts. Reasoning arrives as `reasoning_content`
//! (DeepSeek, vLLM, llama.cpp) or `reasoning` (OpenRouter).

use colloquy_core::{ChatEvent, ChatMessage, ChatRequest, FinishReason, MediaKind, ToolCallDelta, Usage};
use serde::Deserialize;
use serde_json::json;

use super::{base64, function_tools, parse, role_messages, DecodeError, Decoded, Decoder};

pub(super) fn body(model: &str, request: &ChatRequest) -> serde_json::Value {
    let messages = role_messages(request, |role, m| match &m.tool_call_id {
        Some(id) => json!({ "role": role, "tool_call_id": id, "content": m.content }),
        None if !m.tool_calls.is_empty() => {
            let calls: Vec<_> = m
                .tool_calls
                .iter()
                .map(|c| json!({ "id": c.id, "type": "function", "function": { "name": c.name, "arguments": c.arguments } }))
                .collect();
            let text = if m.content.is_empty() { serde_json::Value::Null } else { json!(m.content) };
            json!({ "role": role, "content": text, "tool_calls": calls })
        }
        None => json!({ "role": role, "content": content(m) }),
    });
    let s = &request.sampling;
    let mut body = json!({
        "model": model,
        "messages": messages,
        "stream": true,
        "stream_options": { "include_usage": true },
        "temperature": s.temperature,
        "top_p": s.top_p,
        "max_tokens": s.max_new_tokens,
    });
    if let Some(seed) = s.seed {
        body["seed"] = json!(seed);
    }
    if !request.tools.is_empty() {
        body["tools"] = json!(function_tools(request));
    }
    body
}

/// Plain text, or content parts when there are attachments: images as
/// `image_url` with a data URL, audio as `input_audio` (wav or mp3).
fn content(message: &ChatMessage) -> serde_json::Value {
    if message.media.is_empty() {
        return json!(message.content);
    }
    let text = json!({ "type": "text", "text": message.content });
    let media = message.media.iter().map(|media| match media.kind {
        MediaKind::Image => json!({
            "type": "image_url",
            "image_url": { "url": format!("data:{};base64,{}", media.mime, base64(&media.data)) },
        }),
        MediaKind::Audio => json!({
            "type": "input_audio",
            // Uploads admit only the two formats OpenAI takes.
            "input_audio": { "data": base64(&media.data), "format": if media.mime == "audio/mpeg" { "mp3" } else { "wav" } },
        }),
    });
    json!(std::iter::once(text).chain(media).collect::<Vec<_>>())
}

#[derive(Debug, Deserialize)]
struct Chunk {
    #[serde(default)]
    choices: Vec<Choice>,
    usage: Option<ChunkUsage>,
    error: Option<ChunkError>,
}

#[derive(Debug, Deserialize)]
struct Choice {
    #[serde(default)]
    delta: Delta,
    finish_reason: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct Delta {
    content: Option<String>,
    reasoning_content: Option<String>,
    reasoning: Option<String>,
    #[serde(default)]
    tool_calls: Vec<ToolCall>,
}

#[derive(Debug, Deserialize)]
struct ToolCall {
    index: u32,
    id: Option<String>,
    function: Option<Function>,
}

#[derive(Debug, Deserialize)]
struct Function {
    name: Option<String>,
    arguments: Option<String>,
}

#[derive(Debug, Deserialize)]
struct ChunkUsage {
    prompt_tokens: u32,
    completion_tokens: u32,
}

#[derive(Debug, Deserialize)]
struct ChunkError {
    message: String,
}

#[derive(Debug, Default)]
pub(crate) struct OpenAiDecoder {
    finish: Option<FinishReason>,
    usage: Usage,
}

impl Decoder for OpenAiDecoder {
    fn decode(&mut self, _event: Option<&str>, data: &str) -> Result<Decoded, DecodeError> {
        if data.trim() == "[DONE]" {
            return Ok(Decoded::Finished(vec![self.done()]));
        }
        let chunk: Chunk = parse(data)?;
        if let Some(error) = chunk.error {
            return Err(DecodeError::Upstream(error.message));
        }
        if let Some(usage) = chunk.usage {
            self.usage = Usage { prompt_tokens: usage.prompt_tokens, completion_tokens: usage.completion_tokens };
        }
        let mut events = Vec::new();
        // Only the first choice is shown; Colloquy never asks for `n > 1`.
        if let Some(choice) = chunk.choices.into_iter().next() {
            let delta = choice.delta;
            if let Some(reasoning) = delta.reasoning_content.or(delta.reasoning).filter(|r| !r.is_empty()) {
                events.push(ChatEvent::ReasoningDelta(reasoning));
            }
            if let Some(text) = delta.content.filter(|t| !t.is_empty()) {
                events.push(ChatEvent::TextDelta(text));
            }
            for call in delta.tool_calls {
                let (name, arguments) = match call.function {
                    Some(f) => (f.name, f.arguments.unwrap_or_default()),
                    None => (None, String::new()),
                };
                events.push(ChatEvent::ToolCallDelta(ToolCallDelta {
                    index: call.index,
                    id: call.id,
                    name,
                    arguments,
                }));
            }
            if let Some(reason) = choice.finish_reason {
                self.finish = Some(match reason.as_str() {
                    "length" => FinishReason::Length,
                    "tool_calls" | "function_call" => FinishReason::ToolCalls,
                    "content_filter" => FinishReason::ContentFilter,
                    _ => FinishReason::Stop,
                });
            }
        }
        Ok(Decoded::Events(events))
    }

    fn end_of_stream(&mut self) -> Option<ChatEvent> {
        self.finish.is_some().then(|| self.done())
    }
}

impl OpenAiDecoder {
    fn done(&self) -> ChatEvent {
        ChatEvent::Done { finish: self.finish.unwrap_or(FinishReason::Stop), usage: self.usage }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recorded_stream_decodes() {
        let mut d = OpenAiDecoder::default();
        let lines = [
            r#"{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","system_fingerprint":"fp_1","choices":[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}],"usage":null}"#,
            r#"{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","system_fingerprint":"fp_1","choices":[{"index":0,"delta":{"content":"Hi"},"logprobs":null,"finish_reason":null}],"usage":null}"#,
            r#"{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","system_fingerprint":"fp_1","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"length"}],"usage":null}"#,
            r#"{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","system_fingerprint":"fp_1","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":1,"total_tokens":10}}"#,
        ];
        let mut events = Vec::new();
        for line in lines {
            match d.decode(None, line).unwrap() {
                Decoded::Events(e) => events.extend(e),
                Decoded::Finished(_) => panic!("finished early"),
            }
        }
        assert_eq!(events, vec![ChatEvent::TextDelta("Hi".into())]);
        match d.decode(None, "[DONE]").unwrap() {
            Decoded::Finished(e) => assert_eq!(
                e,
                vec![ChatEvent::Done {
                    finish: FinishReason::Length,
                    usage: Usage { prompt_tokens: 9, completion_tokens: 1 }
                }]
            ),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn reasoning_and_tool_calls_are_events() {
        let mut d = OpenAiDecoder::default();
        let got = d
            .decode(None, r#"{"choices":[{"index":0,"delta":{"reasoning_content":"hmm"},"finish_reason":null}]}"#)
            .unwrap();
        assert!(matches!(got, Decoded::Events(e) if e == vec![ChatEvent::ReasoningDelta("hmm".into())]));
        let got = d
            .decode(
                None,
                r#"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"get_weather","arguments":""}}]},"finish_reason":null}]}"#,
            )
            .unwrap();
        let Decoded::Events(e) = got else { panic!() };
        assert_eq!(
            e,
            vec![ChatEvent::ToolCallDelta(ToolCallDelta {
                index: 0,
                id: Some("call_1".into()),
                name: Some("get_weather".into()),
                arguments: String::new()
            })]
        );
    }

    #[test]
    fn wrong_shapes_and_error_chunks_are_errors() {
        let mut d = OpenAiDecoder::default();
        assert!(matches!(d.decode(None, "{not json"), Err(DecodeError::Malformed(_))));
        assert!(matches!(d.decode(None, r#"{"choices":[{"delta":{"content":42}}]}"#), Err(DecodeError::Malformed(_))));
        assert_eq!(
            d.decode(
                None,
                r#"{"error":{"message":"The server had an error","type":"server_error","param":null,"code":null}}"#
            )
            .unwrap_err(),
            DecodeError::Upstream("The server had an error".into())
        );
        assert_eq!(d.end_of_stream(), None, "no finish reason: the reply is not whole");
    }
}
