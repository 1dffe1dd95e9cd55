//! What differs between the three wire protocols: the request body and
//! headers, the endpoint path, and how one stream message maps onto
//! [`ChatEvent`]s. No crate covers these mappings (the official SDKs are
//! not Rust, and the Rust clients each cover one API), so they are written
//! here, each against recorded shapes of real responses.

mod anthropic;
mod ollama;
mod openai;

use colloquy_core::{ChatEvent, ChatMessage, ChatRequest, Role};
use http::header::HeaderMap;

use crate::settings::{ApiKey, Kind};

/// What a decoder makes of one stream message.
#[derive(Debug)]
pub(crate) enum Decoded {
    /// Zero or more events; the stream goes on.
    Events(Vec<ChatEvent>),
    /// The reply is complete: these are its last events, ending in `Done`.
    Finished(Vec<ChatEvent>),
}

/// Why a stream message could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DecodeError {
    /// The provider reported an error inside the stream.
    Upstream(String),
    /// The message is not what the protocol says it should be.
    Malformed(String),
}

/// Translates one response stream; holds what spans messages (usage,
/// finish reason, open content blocks).
pub(crate) trait Decoder: Send {
    fn decode(&mut self, event: Option<&str>, data: &str) -> Result<Decoded, DecodeError>;

    /// The stream ended without the protocol's end marker. Some servers
    /// omit it after a finish reason; return `Done` if the reply is whole.
    fn end_of_stream(&mut self) -> Option<ChatEvent>;
}

pub(crate) struct Protocol {
    pub kind: Kind,
}

impl Protocol {
    pub fn body(&self, model: &str, request: &ChatRequest) -> serde_json::Value {
        match self.kind {
            Kind::OpenAi => openai::body(model, request),
            Kind::Anthropic => anthropic::body(model, request),
            Kind::Ollama => ollama::body(model, request),
        }
    }

    pub fn auth(&self, key: &ApiKey, headers: &mut HeaderMap) {
        match self.kind {
            Kind::OpenAi | Kind::Ollama => bearer(key, headers),
            Kind::Anthropic => anthropic::auth(key, headers),
        }
    }

    pub fn common_headers(&self, headers: &mut HeaderMap) {
        if self.kind == Kind::Anthropic {
            anthropic::version_header(headers);
        }
    }

    pub fn decoder(&self) -> Box<dyn Decoder> {
        match self.kind {
            Kind::OpenAi => Box::<openai::OpenAiDecoder>::default(),
            Kind::Anthropic => Box::<anthropic::AnthropicDecoder>::default(),
            Kind::Ollama => Box::<ollama::OllamaDecoder>::default(),
        }
    }

    pub fn uses_sse(&self) -> bool {
        !matches!(self.kind, Kind::Ollama)
    }

    /// The human part of an error body (`{"error":{"message":…}}` and the
    /// like), or the start of the body if it has no known shape.
    pub fn error_detail(&self, body: &str) -> String {
        let parsed: Option<serde_json::Value> = serde_json::from_str(body).ok();
        let message = parsed.as_ref().and_then(|v| {
            v.pointer("/error/message")
                .or_else(|| v.get("error").filter(|e| e.is_string()))
                .or_else(|| v.get("message"))
                .and_then(|m| m.as_str())
                .map(str::to_string)
        });
        let text = message.unwrap_or_else(|| body.trim().to_string());
        let mut short: String = text.chars().filter(|c| !c.is_control()).take(300).collect();
        if text.chars().count() > 300 {
            short.push('…');
        }
        short
    }
}

/// The conversation as OpenAI-style `messages`, the system prompt first
/// (OpenAI and Ollama share this shape).
/// The system prompt and the conversation as role-tagged messages, for
/// the two protocols that put the system prompt among them; `message`
/// shapes each turn (where the protocols differ: attachments).
fn role_messages(
    request: &ChatRequest,
    message: impl Fn(&'static str, &ChatMessage) -> serde_json::Value,
) -> Vec<serde_json::Value> {
    let system = request.system_prompt.iter().map(|s| serde_json::json!({ "role": "system", "content": s }));
    let turns = request.messages.iter().map(|m| {
        let role = match m.role {
            Role::System => "system",
            Role::User => "user",
            Role::Assistant => "assistant",
            Role::Tool => "tool",
        };
        message(role, m)
    });
    system.chain(turns).collect()
}

/// Tools in the `{"type": "function", "function": {…}}` shape OpenAI and
/// Ollama share.
fn function_tools(request: &ChatRequest) -> Vec<serde_json::Value> {
    request
        .tools
        .iter()
        .map(|tool| {
            serde_json::json!({
                "type": "function",
                "function": { "name": tool.name, "description": tool.description, "parameters": tool.parameters },
            })
        })
        .collect()
}

/// A tool call's arguments as a JSON value: what the model wrote, or, if
/// that is not JSON, the text itself (the protocols that want an object
/// would refuse the whole request over one malformed call).
fn arguments_value(arguments: &str) -> serde_json::Value {
    serde_json::from_str(arguments).unwrap_or_else(|_| serde_json::Value::String(arguments.to_string()))
}

/// Attachment bytes as the base64 text every protocol takes.
fn base64(data: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(data)
}

fn bearer(key: &ApiKey, headers: &mut HeaderMap) {
    if let Ok(mut value) = http::header::HeaderValue::from_str(&format!("Bearer {}", key.expose())) {
        value.set_sensitive(true);
        headers.insert(http::header::AUTHORIZATION, value);
    }
}

/// Parses a message's JSON, calling a parse failure malformed.
fn parse<T: serde::de::DeserializeOwned>(data: &str) -> Result<T, DecodeError> {
    serde_json::from_str(data).map_err(|e| {
        let start: String = data.chars().take(80).collect();
        DecodeError::Malformed(format!("{e} in {start:?}"))
    })
}

#[cfg(test)]
mod tests {
    use colloquy_core::{ChatMessage, ChatRequest, Media, MediaKind, Role};
    use serde_json::json;

    use super::Protocol;
    use crate::settings::Kind;

    fn with_attachments() -> ChatRequest {
        let mut message = ChatMessage::new(Role::User, "What is this?");
        message.media = vec![
            Media { kind: MediaKind::Image, mime: "image/png".into(), data: b"PNG".to_vec() },
            Media { kind: MediaKind::Audio, mime: "audio/mpeg".into(), data: b"MP3".to_vec() },
        ];
        ChatRequest { messages: vec![ChatMessage::new(Role::User, "Hi"), message], ..Default::default() }
    }

    #[test]
    fn openai_sends_image_url_and_input_audio_parts() {
        let body = Protocol { kind: Kind::OpenAi }.body("m", &with_attachments());
        assert_eq!(body["messages"][0]["content"], "Hi", "messages without attachments stay plain text");
        assert_eq!(
            body["messages"][1]["content"],
            json!([
                { "type": "text", "text": "What is this?" },
                { "type": "image_url", "image_url": { "url": "data:image/png;base64,UE5H" } },
                { "type": "input_audio", "input_audio": { "data": "TVAz", "format": "mp3" } },
            ])
        );
    }

    #[test]
    fn anthropic_sends_image_blocks_before_the_text() {
        let body = Protocol { kind: Kind::Anthropic }.body("m", &with_attachments());
        assert_eq!(
            body["messages"][1]["content"],
            json!([
                { "type": "image", "source": { "type": "base64", "media_type": "image/png", "data": "UE5H" } },
                { "type": "text", "text": "What is this?" },
            ])
        );
    }

    #[test]
    fn ollama_sends_images_beside_the_text() {
        let body = Protocol { kind: Kind::Ollama }.body("m", &with_attachments());
        assert_eq!(body["messages"][1], json!({ "role": "user", "content": "What is this?", "images": ["UE5H"] }));
        assert!(body["messages"][0].get("images").is_none());
    }
}
