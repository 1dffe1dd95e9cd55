//! The widget's side of the OpenAI-compatible API: `GET /v1/models` to pick
//! a model when the element names none, and `POST /v1/chat/completions`
//! with `stream: true`, read as server-sent events. The server keeps no
//! conversation for the API, so each turn sends the whole of it.

use eventsource_stream::Eventsource;
use futures::StreamExt;
use gloo_net::http::{Request, RequestBuilder, Response};
use serde::Deserialize;
use serde_json::{json, Value};
use wasm_bindgen::JsCast;

/// What went wrong, as the widget shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct WidgetError(pub String);

impl std::fmt::Display for WidgetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A message of the conversation, as the API takes it.
#[derive(Debug, Clone)]
pub struct Turn {
    pub role: &'static str,
    pub content: String,
}

/// One Colloquy server.
#[derive(Debug, Clone)]
pub struct Server {
    base: String,
    api_key: Option<String>,
}

/// One piece of a streamed reply.
#[derive(Debug, PartialEq)]
pub enum Piece {
    Text(String),
    /// `[DONE]`: the reply is complete.
    Done,
    /// Anything else (the role, a finish reason, usage).
    Nothing,
}

impl Server {
    pub fn new(base: &str, api_key: &str) -> Self {
        let api_key = (!api_key.trim().is_empty()).then(|| api_key.trim().to_owned());
        Self { base: base.trim_end_matches('/').to_owned(), api_key }
    }

    fn authorized(&self, request: RequestBuilder) -> RequestBuilder {
        match &self.api_key {
            Some(key) => request.header("Authorization", &format!("Bearer {key}")),
            None => request,
        }
    }

    /// The first model the server offers.
    pub async fn first_model(&self) -> Result<String, WidgetError> {
        let response =
            self.authorized(Request::get(&format!("{}/v1/models", self.base))).send().await.map_err(unreachable)?;
        let body: Value = checked(response).await?.json().await.map_err(|_| garbled())?;
        body["data"][0]["id"]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| WidgetError("This chat server offers no model.".into()))
    }

    /// Streams the reply to `conversation` (ending in the user's message)
    /// into `on_text`, piece by piece, until it ends or `stop` is aborted
    /// (the server then stops the model: the stream's connection closes).
    pub async fn reply(
        &self,
        model: &str,
        conversation: &[Turn],
        stop: &web_sys::AbortSignal,
        mut on_text: impl FnMut(&str),
    ) -> Result<(), WidgetError> {
        let messages: Vec<Value> =
            conversation.iter().map(|turn| json!({ "role": turn.role, "content": turn.content })).collect();
        let body = json!({ "model": model, "messages": messages, "stream": true });
        let request = self
            .authorized(Request::post(&format!("{}/v1/chat/completions", self.base)))
            .abort_signal(Some(stop))
            .json(&body)
            .map_err(|_| garbled())?;
        let response = match request.send().await {
            Ok(response) => checked(response).await?,
            Err(_) if stop.aborted() => return Ok(()),
            Err(e) => return Err(unreachable(e)),
        };
        let Some(body) = response.body() else {
            return Err(garbled());
        };
        let chunks = wasm_streams::ReadableStream::from_raw(body.unchecked_into())
            .into_stream()
            .map(|chunk| chunk.map(|bytes| js_sys::Uint8Array::new(&bytes).to_vec()))
            .take_while(|_| futures::future::ready(!stop.aborted()));
        let mut events = chunks.eventsource();
        while let Some(event) = events.next().await {
            if stop.aborted() {
                return Ok(());
            }
            let event = event.map_err(|_| WidgetError("The reply was cut off.".into()))?;
            match piece(&event.data)? {
                Piece::Text(text) => on_text(&text),
                Piece::Done => return Ok(()),
                Piece::Nothing => {}
            }
        }
        if stop.aborted() {
            return Ok(());
        }
        Err(WidgetError("The reply ended before it was complete.".into()))
    }
}

/// Reads one event's data: a chunk, `[DONE]`, or an error object.
pub fn piece(data: &str) -> Result<Piece, WidgetError> {
    if data.trim() == "[DONE]" {
        return Ok(Piece::Done);
    }
    let chunk: Value = serde_json::from_str(data).map_err(|_| garbled())?;
    if let Some(message) = chunk["error"]["message"].as_str() {
        return Err(WidgetError(message.to_owned()));
    }
    Ok(match chunk["choices"][0]["delta"]["content"].as_str() {
        Some(text) if !text.is_empty() => Piece::Text(text.to_owned()),
        _ => Piece::Nothing,
    })
}

#[derive(Deserialize)]
struct ErrorBody {
    error: ErrorDetail,
}

#[derive(Deserialize)]
struct ErrorDetail {
    message: String,
}

/// A successful response, or the server's own words on why not.
async fn checked(response: Response) -> Result<Response, WidgetError> {
    if response.ok() {
        return Ok(response);
    }
    let status = response.status();
    let retry = response.headers().get("retry-after");
    let message = match response.json::<ErrorBody>().await {
        Ok(body) => body.error.message,
        Err(_) => format!("The chat server answered {status}."),
    };
    Err(WidgetError(match (status, retry) {
        (429, Some(secs)) => format!("{message} (try again in {secs} s)"),
        _ => message,
    }))
}

fn unreachable(_: gloo_net::Error) -> WidgetError {
    WidgetError("The chat server cannot be reached (or does not allow this page to use it).".into())
}

fn garbled() -> WidgetError {
    WidgetError("The chat server's answer could not be read.".into())
}
