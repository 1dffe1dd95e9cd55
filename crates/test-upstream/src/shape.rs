//! Each protocol's frames, byte for byte as the real servers send them
//! (OpenAI's `data:` lines, Anthropic's named SSE events, Ollama's JSON
//! lines), including the malformed ones the faults need.

use bytes::Bytes;
use serde_json::{json, Value};

use crate::Proto;

/// Frames in one protocol's shape.
pub(crate) struct Shape {
    pub(crate) proto: Proto,
    pub(crate) model: String,
}

const CREATED: u64 = 1_732_000_000;

impl Shape {
    pub(crate) fn sse(&self, event: &str, data: &Value) -> Bytes {
        Bytes::from(format!("event: {event}\ndata: {data}\n\n"))
    }

    pub(crate) fn data(data: &Value) -> Bytes {
        Bytes::from(format!("data: {data}\n\n"))
    }

    pub(crate) fn line(data: &Value) -> Bytes {
        Bytes::from(format!("{data}\n"))
    }

    /// Raw text in this protocol's framing (for malformed payloads).
    pub(crate) fn wrap(&self, raw: String) -> Bytes {
        match self.proto {
            Proto::OpenAi => Bytes::from(format!("data: {raw}\n\n")),
            Proto::Anthropic => Bytes::from(format!("event: content_block_delta\ndata: {raw}\n\n")),
            Proto::Ollama => Bytes::from(format!("{raw}\n")),
        }
    }

    pub(crate) fn openai_chunk(&self, delta: Value, finish: Value) -> Value {
        json!({"id":"chatcmpl-AaBbCc","object":"chat.completion.chunk","created":CREATED,"model":self.model,"system_fingerprint":"fp_0ba0d124f1","choices":[{"index":0,"delta":delta,"logprobs":null,"finish_reason":finish}],"usage":null})
    }

    pub(crate) fn ollama_line(&self, message: Value, done: bool) -> Value {
        json!({"model":self.model,"created_at":"2025-06-01T10:00:00.000000000Z","message":message,"done":done})
    }

    pub(crate) fn start(&self) -> Bytes {
        match self.proto {
            Proto::OpenAi => {
                Self::data(&self.openai_chunk(json!({"role":"assistant","content":"","refusal":null}), Value::Null))
            }
            Proto::Anthropic => {
                let mut out = self.sse("message_start", &json!({"type":"message_start","message":{"id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant","content":[],"model":self.model,"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":25,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":1}}})).to_vec();
                out.extend_from_slice(&self.sse(
                    "content_block_start",
                    &json!({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}),
                ));
                out.extend_from_slice(&self.sse("ping", &json!({"type":"ping"})));
                Bytes::from(out)
            }
            // Ollama's stream has no preamble; an empty first line would be
            // wrong. Send nothing (an empty chunk is not written).
            Proto::Ollama => Bytes::new(),
        }
    }

    pub(crate) fn text(&self, text: &str) -> Bytes {
        match self.proto {
            Proto::OpenAi => Self::data(&self.openai_chunk(json!({"content":text}), Value::Null)),
            Proto::Anthropic => self.sse(
                "content_block_delta",
                &json!({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":text}}),
            ),
            Proto::Ollama => Self::line(&self.ollama_line(json!({"role":"assistant","content":text}), false)),
        }
    }

    pub(crate) fn reasoning(&self, text: &str) -> Bytes {
        match self.proto {
            Proto::OpenAi => Self::data(&self.openai_chunk(json!({"reasoning_content":text}), Value::Null)),
            // A thinking block before the text block (index 0 is reused for
            // simplicity of the stand-in; the decoder keys tool blocks only).
            Proto::Anthropic => self.sse(
                "content_block_delta",
                &json!({"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":text}}),
            ),
            Proto::Ollama => {
                Self::line(&self.ollama_line(json!({"role":"assistant","content":"","thinking":text}), false))
            }
        }
    }

    pub(crate) fn tool_call(&self) -> Vec<Bytes> {
        match self.proto {
            Proto::OpenAi => vec![
                Self::data(&self.openai_chunk(json!({"tool_calls":[{"index":0,"id":"call_DdmNmHvC1Yz6","type":"function","function":{"name":"get_weather","arguments":""}}]}), Value::Null)),
                Self::data(&self.openai_chunk(json!({"tool_calls":[{"index":0,"function":{"arguments":"{\"city\":\"Paris\"}"}}]}), Value::Null)),
            ],
            Proto::Anthropic => vec![
                self.sse("content_block_stop", &json!({"type":"content_block_stop","index":0})),
                self.sse("content_block_start", &json!({"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_01A09q90qw90lq917835lq9","name":"get_weather","input":{}}})),
                self.sse("content_block_delta", &json!({"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"city\":\"Paris\"}"}})),
            ],
            Proto::Ollama => vec![Self::line(&self.ollama_line(json!({"role":"assistant","content":"","tool_calls":[{"function":{"name":"get_weather","arguments":{"city":"Paris"}}}]}), false))],
        }
    }

    /// A `[call:…]` directive's call, the `index`-th of the reply, its
    /// arguments in two pieces where the protocol streams them.
    pub(crate) fn named_call(&self, index: usize, name: &str, args: &str) -> Vec<Bytes> {
        let id = format!("call_{index}_{name}");
        let (head, tail) = args.split_at(args.len() / 2);
        match self.proto {
            Proto::OpenAi => vec![
                Self::data(&self.openai_chunk(json!({"tool_calls":[{"index":index,"id":id,"type":"function","function":{"name":name,"arguments":head}}]}), Value::Null)),
                Self::data(&self.openai_chunk(json!({"tool_calls":[{"index":index,"function":{"arguments":tail}}]}), Value::Null)),
            ],
            Proto::Anthropic => {
                let block = index + 1;
                // The block before (the text, or the call before) ends first;
                // `finish` ends the last.
                vec![
                    self.sse("content_block_stop", &json!({"type":"content_block_stop","index":block - 1})),
                    self.sse("content_block_start", &json!({"type":"content_block_start","index":block,"content_block":{"type":"tool_use","id":id,"name":name,"input":{}}})),
                    self.sse("content_block_delta", &json!({"type":"content_block_delta","index":block,"delta":{"type":"input_json_delta","partial_json":head}})),
                    self.sse("content_block_delta", &json!({"type":"content_block_delta","index":block,"delta":{"type":"input_json_delta","partial_json":tail}})),
                ]
            }
            Proto::Ollama => {
                let arguments: Value = serde_json::from_str(args).unwrap_or(Value::String(args.to_string()));
                vec![Self::line(&self.ollama_line(json!({"role":"assistant","content":"","tool_calls":[{"function":{"name":name,"arguments":arguments}}]}), false))]
            }
        }
    }

    /// `open_block`: Anthropic's content block still open.
    pub(crate) fn finish(&self, tokens: usize, tool: bool, open_block: usize) -> Vec<Bytes> {
        match self.proto {
            Proto::OpenAi => vec![
                Self::data(&self.openai_chunk(json!({}), json!(if tool { "tool_calls" } else { "stop" }))),
                Self::data(&json!({"id":"chatcmpl-AaBbCc","object":"chat.completion.chunk","created":CREATED,"model":self.model,"system_fingerprint":"fp_0ba0d124f1","choices":[],"usage":{"prompt_tokens":25,"completion_tokens":tokens,"total_tokens":25 + tokens}})),
                Bytes::from_static(b"data: [DONE]\n\n"),
            ],
            Proto::Anthropic => vec![
                self.sse("content_block_stop", &json!({"type":"content_block_stop","index":open_block})),
                self.sse("message_delta", &json!({"type":"message_delta","delta":{"stop_reason":if tool { "tool_use" } else { "end_turn" },"stop_sequence":null},"usage":{"output_tokens":tokens}})),
                self.sse("message_stop", &json!({"type":"message_stop"})),
            ],
            Proto::Ollama => vec![Self::line(&json!({"model":self.model,"created_at":"2025-06-01T10:00:01.000000000Z","message":{"role":"assistant","content":""},"done_reason":"stop","done":true,"total_duration":4883583458u64,"load_duration":1334875,"prompt_eval_count":25,"prompt_eval_duration":342546000,"eval_count":tokens,"eval_duration":4535599000u64}))],
        }
    }

    pub(crate) fn error_event(&self) -> Bytes {
        match self.proto {
            Proto::OpenAi => Self::data(
                &json!({"error":{"message":"The server had an error while processing your request. Sorry about that!","type":"server_error","param":null,"code":null}}),
            ),
            Proto::Anthropic => {
                self.sse("error", &json!({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}))
            }
            Proto::Ollama => {
                Self::line(&json!({"error":"an error was encountered while running the model: unexpected EOF"}))
            }
        }
    }

    pub(crate) fn wrong_shape(&self) -> Bytes {
        match self.proto {
            Proto::OpenAi => Self::data(
                &json!({"id":"chatcmpl-AaBbCc","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":["not","a","string"]},"finish_reason":null}]}),
            ),
            Proto::Anthropic => self.sse(
                "content_block_delta",
                &json!({"type":"content_block_delta","index":"first","delta":{"type":"text_delta","text":"x"}}),
            ),
            Proto::Ollama => Self::line(
                &json!({"model":self.model,"message":{"role":"assistant","content":{"text":"x"}},"done":false}),
            ),
        }
    }
}
