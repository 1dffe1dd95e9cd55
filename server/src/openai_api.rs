//! The OpenAI-compatible API: `POST /v1/chat/completions` (streamed as
//! server-sent events, or whole) and `GET /v1/models`, so any OpenAI client
//! library can talk to a Colloquy bot. A request runs exactly as a page's
//! turn does: the same models (or the bot's handler), the same checks on
//! messages, history and settings, the same rate limits and the same place
//! in the model's line. Like OpenAI's, the API keeps nothing: the client
//! sends the whole conversation each time.
//!
//! Every request needs `Authorization: Bearer cq-…`, an API key its user
//! made in the page (`/keys`), except one from the embeddable widget in an
//! open app (see [`embedding_visitor`]). Errors are OpenAI's shape,
//! `{"error": {"message", "type", "param", "code"}}`, with a message a
//! person can act on.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use colloquy_chat::error::rate_limited;
use colloquy_chat::state::{AppState, CatalogEntry};
use colloquy_chat::turn::{prepare_turn, TurnError};
use colloquy_chat::AppError;
use colloquy_core::{ChatEvent, ChatRequest, FinishReason, InputValue, Usage};
use colloquy_limits::Action;
use colloquy_store::{StoreError, UserId};
use colloquy_wire::{Speaker, WireMessage};
use futures::{Stream, StreamExt};
use serde::Deserialize;
use serde_json::{json, Value};
use tower_http::limit::RequestBodyLimitLayer;

/// The API's routes; `body_limit` bounds a request (a whole conversation).
pub(crate) fn routes<S: Clone + Send + Sync + 'static>(state: AppState, body_limit: usize) -> Router<S> {
    Router::new()
        .route("/v1/chat/completions", post(chat_completions))
        .route("/v1/models", get(list_models))
        .route("/api/openapi.json", get(openapi_document))
        .layer(RequestBodyLimitLayer::new(body_limit))
        .with_state(state)
}

/// A refusal, in OpenAI's error shape.
#[derive(Debug)]
pub(crate) struct ApiError {
    status: StatusCode,
    kind: &'static str,
    code: Option<&'static str>,
    param: Option<&'static str>,
    message: String,
    retry_after: Option<u64>,
}

impl ApiError {
    fn new(status: StatusCode, kind: &'static str, message: impl Into<String>) -> Self {
        Self { status, kind, code: None, param: None, message: message.into(), retry_after: None }
    }

    fn invalid(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_request_error", message)
    }

    fn code(mut self, code: &'static str) -> Self {
        self.code = Some(code);
        self
    }

    fn param(mut self, param: &'static str) -> Self {
        self.param = Some(param);
        self
    }

    fn body(&self) -> Value {
        json!({ "error": { "message": self.message, "type": self.kind, "param": self.param, "code": self.code } })
    }

    fn rate_limited(limited: colloquy_limits::Limited) -> Self {
        rate_limited(limited, "error-too-fast-requests").into()
    }

    fn storage(e: StoreError) -> Self {
        tracing::error!("API key lookup: {e}");
        AppError::Unavailable(colloquy_wire::Said::new("error-keys-unavailable")).into()
    }
}

/// The one place an application error takes OpenAI's shape: its status,
/// OpenAI's error type and code for it, and `Retry-After` where it has one.
impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        let (kind, code) = match &e {
            AppError::SignInFirst => ("invalid_request_error", Some("invalid_api_key")),
            AppError::RateLimited { .. } => ("rate_limit_error", Some("rate_limit_exceeded")),
            AppError::Busy { .. } => ("server_error", Some("overloaded")),
            AppError::Unavailable(_) | AppError::Upstream(_) | AppError::Internal(_) | AppError::Unreachable(_) => {
                ("server_error", None)
            }
            AppError::BadInput(_)
            | AppError::Malformed(_)
            | AppError::NotFound(_)
            | AppError::Conflict(_)
            | AppError::Forbidden(_) => ("invalid_request_error", None),
        };
        let mut error = Self::new(crate::errors::status(&e), kind, e.to_string());
        error.code = code;
        error.retry_after = e.retry_after_secs();
        error
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, Json(self.body())).into_response();
        let headers = response.headers_mut();
        if let Some(secs) = self.retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        if self.status == StatusCode::UNAUTHORIZED {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

/// Who a request comes from.
pub(crate) enum Caller {
    /// A user, by one of their API keys.
    Key(UserId),
    /// A visitor of a page that embeds the widget (`widget.hosts`), in an
    /// app anyone may use (`auth.mode = "open"`): no key, limited by address.
    Visitor(IpAddr),
}

impl Caller {
    /// Who holds a place in a model's line for this caller, and from
    /// which address.
    pub(crate) fn holder(&self, state: &AppState, peer: SocketAddr, headers: &HeaderMap) -> (String, IpAddr) {
        match self {
            Caller::Key(user) => (user.to_string(), app::identity::client_address(state, peer.ip(), headers)),
            Caller::Visitor(address) => (format!("widget:{address}"), *address),
        }
    }
}

impl std::fmt::Display for Caller {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Caller::Key(user) => write!(f, "{user}"),
            Caller::Visitor(address) => write!(f, "widget visitor {address}"),
        }
    }
}

/// The caller: the client's address within its budget, then a valid key's
/// user within theirs (a wrong key costs the address, like a page turn).
pub(crate) async fn caller(state: &AppState, peer: SocketAddr, headers: &HeaderMap) -> Result<Caller, ApiError> {
    let address = app::identity::client_address(state, peer.ip(), headers);
    state.limits.check_address(Action::Chat, address).await.map_err(|limited| {
        tracing::warn!(%address, "API request rate-limited");
        ApiError::rate_limited(limited)
    })?;
    let unauthorized = |message: &str| {
        ApiError::new(StatusCode::UNAUTHORIZED, "invalid_request_error", message).code("invalid_api_key")
    };
    let Some(authorization) = headers.get(header::AUTHORIZATION) else {
        if embedding_visitor(state, headers) {
            // Each address is one visitor, with a person's chat budget.
            state.limits.check_user(Action::Chat, &format!("widget:{address}")).await.map_err(|limited| {
                tracing::warn!(%address, "widget request rate-limited");
                ApiError::rate_limited(limited)
            })?;
            return Ok(Caller::Visitor(address));
        }
        return Err(unauthorized(
            "No API key: send `Authorization: Bearer KEY`, with a key made on this app's API keys page (/keys).",
        ));
    };
    let key = authorization
        .to_str()
        .ok()
        .and_then(|value| value.strip_prefix("Bearer ").or_else(|| value.strip_prefix("bearer ")))
        .map(str::trim)
        .unwrap_or("");
    let user = match state.store.api_key_user(key).await {
        Ok(user) => user,
        Err(StoreError::NotFound) => {
            return Err(unauthorized(
                "This API key is not valid (mistyped, or revoked); make one on the API keys page (/keys).",
            ))
        }
        Err(e) => return Err(ApiError::storage(e)),
    };
    state.limits.check_user(Action::Chat, user.as_str()).await.map_err(|limited| {
        tracing::warn!(user = %user, "API request rate-limited");
        ApiError::rate_limited(limited)
    })?;
    Ok(Caller::Key(user))
}

/// A request without a key from the widget on a `widget.hosts` page, or on
/// this app's own pages, in an app that needs no sign-in. The origin is the
/// browser's word (a program could claim any), which grants nothing the
/// open page does not: anyone may chat there too, within the same budgets.
fn embedding_visitor(state: &AppState, headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|origin| origin.to_str().ok()) else {
        return false;
    };
    let own = headers
        .get(header::HOST)
        .and_then(|host| host.to_str().ok())
        .is_some_and(|host| crate::cross_site::is_own_origin(origin, host));
    state.config.auth.mode == colloquy_config::AuthMode::Open
        && (own || state.config.widget.hosts.iter().any(|host| host == origin))
}

/// This API's OpenAPI 3.1 document, checked against the running server by
/// `server/tests/api/openapi.rs`.
const OPENAPI: &str = include_str!("openapi.json");

/// `GET /api/openapi.json`: needs no key.
async fn openapi_document() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

fn unix_now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// `GET /v1/models`: what the page's model picker offers.
async fn list_models(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    caller(&state, peer, &headers).await?;
    let data: Vec<Value> = state
        .models
        .entries()
        .iter()
        .map(|entry| json!({ "id": entry.id, "object": "model", "created": 0, "owned_by": "colloquy" }))
        .collect();
    Ok(Json(json!({ "object": "list", "data": data })))
}

/// The part of OpenAI's request this API reads; other fields are ignored,
/// as OpenAI's own server ignores what it does not know.
#[derive(Debug, Deserialize)]
pub(crate) struct CompletionRequest {
    model: String,
    messages: Vec<ApiMessage>,
    #[serde(default)]
    stream: bool,
    #[serde(default)]
    stream_options: Option<StreamOptions>,
    temperature: Option<f32>,
    top_p: Option<f32>,
    max_tokens: Option<u32>,
    max_completion_tokens: Option<u32>,
    seed: Option<u32>,
    n: Option<u32>,
    /// Colloquy's own: the bot's additional inputs by name, as the page's
    /// settings panel sends them.
    #[serde(default)]
    inputs: BTreeMap<String, InputValue>,
}

#[derive(Debug, Default, Deserialize)]
struct StreamOptions {
    #[serde(default)]
    include_usage: bool,
}

#[derive(Debug, Deserialize)]
struct ApiMessage {
    role: String,
    #[serde(default)]
    content: Option<Content>,
}

/// A message's content: a string, or a list of parts of which only text is
/// taken here.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Content {
    Text(String),
    Parts(Vec<ContentPart>),
}

#[derive(Debug, Deserialize)]
struct ContentPart {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    text: Option<String>,
}

impl Content {
    fn text(self) -> Result<String, ApiError> {
        match self {
            Content::Text(text) => Ok(text),
            Content::Parts(parts) => parts
                .into_iter()
                .map(|part| match (part.kind.as_str(), part.text) {
                    ("text", Some(text)) => Ok(text),
                    (kind, _) => Err(ApiError::invalid(format!(
                        "content parts of type {kind:?} are not accepted through this API; send text \
                         (attachments go through the page)"
                    ))
                    .param("messages")),
                })
                .collect(),
        }
    }
}

/// Checks a request and makes it the model's, as a page turn is checked.
async fn chat_request(state: &AppState, request: CompletionRequest) -> Result<(CatalogEntry, ChatRequest), ApiError> {
    let Some(model) = state.models.get(&request.model) else {
        let offered: Vec<&str> = state.models.entries().iter().map(|e| e.id.as_str()).collect();
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "invalid_request_error",
            format!("There is no model {:?} here; GET /v1/models lists them ({}).", request.model, offered.join(", ")),
        )
        .code("model_not_found")
        .param("model"));
    };
    if request.n.is_some_and(|n| n != 1) {
        return Err(ApiError::invalid("Only one choice per request (n = 1) is served here.").param("n"));
    }
    let mut system = Vec::new();
    let mut conversation = Vec::new();
    for message in request.messages {
        let text = message.content.map(Content::text).transpose()?.unwrap_or_default();
        let role = match message.role.as_str() {
            "system" | "developer" => {
                system.push(text);
                continue;
            }
            "user" => Speaker::User,
            "assistant" => Speaker::Assistant,
            other => {
                return Err(ApiError::invalid(format!(
                    "messages with role {other:?} are not accepted here; use system, user and assistant"
                ))
                .param("messages"))
            }
        };
        conversation.push(WireMessage { role, content: text, attachments: Vec::new() });
    }

    // A system message is the settings panel's system prompt: taken only
    // where the page lets people change it.
    let mut inputs = request.inputs;
    if !system.is_empty() {
        inputs.insert("system_prompt".into(), InputValue::Text(system.join("\n\n")));
    }
    // Temperature, top-p and max tokens are the bot's settings panel's:
    // sent here, they go through the same sliders' ranges as the page's,
    // and where the bot offers no such slider, they are refused as the
    // page would refuse them (never passed straight to the model).
    let offers = |kind: fn(&colloquy_config::InputSpec) -> bool| state.config.inputs.iter().any(kind);
    let sliders: [(&str, Option<f64>, bool); 3] = [
        (
            "temperature",
            request.temperature.map(f64::from),
            offers(|i| matches!(i, colloquy_config::InputSpec::Temperature(_))),
        ),
        ("top_p", request.top_p.map(f64::from), offers(|i| matches!(i, colloquy_config::InputSpec::TopP(_)))),
        (
            "max_tokens",
            request.max_completion_tokens.or(request.max_tokens).map(f64::from),
            offers(|i| matches!(i, colloquy_config::InputSpec::MaxTokens(_))),
        ),
    ];
    let mut max_tokens_fixed = None;
    for (name, value, offered) in sliders {
        let Some(value) = value else { continue };
        match (offered, name) {
            (true, _) => {
                inputs.insert(name.into(), InputValue::Number(value));
            }
            // Fewer tokens than the bot's own are always fine.
            (false, "max_tokens") => max_tokens_fixed = Some(value),
            (false, _) => {
                return Err(ApiError::invalid(format!(
                    "This bot's {name} is fixed: leave it out (its settings offer no {name})."
                ))
                .param(name))
            }
        }
    }
    let mut prepared = prepare_turn(state, "", model, conversation, &inputs).await.map_err(|e| match e {
        TurnError::NoUserMessage => {
            ApiError::invalid("The last message must be the user's: there is nothing to reply to.").param("messages")
        }
        TurnError::Refused(e) => ApiError::invalid(e.to_string()).param("messages"),
        TurnError::Inputs(colloquy_config::InputError::Unknown(name)) if name == "system_prompt" => ApiError::invalid(
            "This bot's system prompt is fixed: leave out system messages (its settings offer no system prompt).",
        )
        .param("messages"),
        e @ TurnError::Inputs(_) => ApiError::invalid(e.to_string()).param("inputs"),
        // No files come through this API.
        e @ TurnError::Attachment(_) => ApiError::invalid(e.to_string()).param("messages"),
    })?;
    let sampling = &mut prepared.sampling;
    if let Some(seed) = request.seed {
        sampling.seed = Some(seed);
    }
    if let Some(n) = max_tokens_fixed {
        let most = state.config.sampling.max_new_tokens;
        if !(1.0..=f64::from(most)).contains(&n) {
            return Err(ApiError::invalid(format!("max_tokens must be 1 to {most} here.")).param("max_tokens"));
        }
        sampling.max_new_tokens = n as u32;
    }
    sampling.validate().map_err(|e| ApiError::invalid(e.to_string()))?;
    Ok((model.clone(), prepared))
}

/// `POST /v1/chat/completions`.
async fn chat_completions(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    let caller = caller(&state, peer, &headers).await?;
    let request: CompletionRequest = serde_json::from_slice(&body)
        .map_err(|e| ApiError::invalid(format!("The request body is not a chat completion request: {e}")))?;
    let (stream, include_usage) = (request.stream, request.stream_options.as_ref().is_some_and(|o| o.include_usage));
    let (model, request) = chat_request(&state, request).await?;
    let (holder, address) = caller.holder(&state, peer, &headers);
    let ticket = colloquy_chat::pipeline::join_line(&model, &holder, Some(address)).await?;
    let completion = Completion::new(&model.id);
    tracing::info!(caller = %caller, model = %model.id, id = %completion.id, messages = request.messages.len(), stream, "API completion");
    // The place in line is held by the stream: a client that goes away
    // while waiting leaves the line, and one that goes away while served
    // stops the model.
    let events = colloquy_chat::pipeline::model_reply(&state.metrics, &model, request, ticket)
        .filter_map(|step| std::future::ready(step.event()))
        .boxed();
    if stream {
        let chunks =
            completion.chunks(events, include_usage).map(|data| Ok::<_, Infallible>(Event::default().data(data)));
        Ok(Sse::new(chunks).keep_alive(KeepAlive::default()).into_response())
    } else {
        completion.whole(events).await.map(|body| Json(body).into_response())
    }
}

/// One completion's identity, shared by its chunks.
struct Completion {
    id: String,
    model: String,
    created: u64,
}

impl Completion {
    fn new(model: &str) -> Self {
        Self { id: format!("chatcmpl-{}", uuid::Uuid::new_v4().simple()), model: model.into(), created: unix_now() }
    }

    fn chunk(&self, delta: Value, finish: Option<&str>) -> String {
        json!({
            "id": self.id, "object": "chat.completion.chunk", "created": self.created, "model": self.model,
            "choices": [{ "index": 0, "delta": delta, "finish_reason": finish }],
        })
        .to_string()
    }

    fn usage(usage: Usage) -> Value {
        json!({
            "prompt_tokens": usage.prompt_tokens,
            "completion_tokens": usage.completion_tokens,
            "total_tokens": usage.prompt_tokens + usage.completion_tokens,
        })
    }

    /// The stream as OpenAI's chunks: the role first, then each piece of
    /// text (reasoning as `reasoning_content`, as DeepSeek's API and the
    /// clients that read it name it), the finish reason, the usage if
    /// asked for, and `[DONE]`. A failure mid-way is an `error` object,
    /// then the end (no `[DONE]`: the reply is not complete).
    fn chunks(
        self,
        events: impl Stream<Item = ChatEvent> + Send + Unpin + 'static,
        include_usage: bool,
    ) -> impl Stream<Item = String> + Send + 'static {
        let first = futures::stream::once(futures::future::ready(
            self.chunk(json!({ "role": "assistant", "content": "" }), None),
        ));
        let rest = futures::stream::unfold((events, Some(self)), move |(mut events, this)| async move {
            let this = this?;
            loop {
                let Some(event) = events.next().await else {
                    // Ended without a word on how: the handler or model
                    // just stopped, which the page shows as done.
                    return Some((vec![this.chunk(json!({}), Some("stop")), "[DONE]".to_string()], (events, None)));
                };
                let out = match event {
                    ChatEvent::TextDelta(text) => vec![this.chunk(json!({ "content": text }), None)],
                    ChatEvent::ReasoningDelta(text) => vec![this.chunk(json!({ "reasoning_content": text }), None)],
                    ChatEvent::Done { finish, usage } => {
                        let mut out = vec![this.chunk(json!({}), Some(finish.as_str()))];
                        if include_usage {
                            out.push(
                                json!({
                                    "id": this.id, "object": "chat.completion.chunk", "created": this.created,
                                    "model": this.model, "choices": [], "usage": Self::usage(usage),
                                })
                                .to_string(),
                            );
                        }
                        out.push("[DONE]".into());
                        return Some((out, (events, None)));
                    }
                    ChatEvent::Error(e) => {
                        tracing::warn!(id = %this.id, "API completion failed: {e}");
                        let error = json!({ "error": { "message": e.to_string(), "type": "server_error", "param": null, "code": null } });
                        return Some((vec![error.to_string()], (events, None)));
                    }
                    // Panels, tool calls and files are the page's; loading
                    // is implied by waiting.
                    ChatEvent::Loading | ChatEvent::Panel(_) | ChatEvent::ToolCallDelta(_) | ChatEvent::File(_) => {
                        continue
                    }
                };
                return Some((out, (events, Some(this))));
            }
        });
        first.chain(rest.flat_map(futures::stream::iter))
    }

    /// The whole reply as one `chat.completion`; a failure is a 502 with
    /// the reason.
    async fn whole(self, mut events: impl Stream<Item = ChatEvent> + Unpin) -> Result<Value, ApiError> {
        let (mut text, mut reasoning) = (String::new(), String::new());
        let (mut finish, mut usage) = (FinishReason::Stop, Usage::default());
        while let Some(event) = events.next().await {
            match event {
                ChatEvent::TextDelta(piece) => text.push_str(&piece),
                ChatEvent::ReasoningDelta(piece) => reasoning.push_str(&piece),
                ChatEvent::Done { finish: f, usage: u } => {
                    (finish, usage) = (f, u);
                    break;
                }
                ChatEvent::Error(e) => {
                    tracing::warn!(id = %self.id, "API completion failed: {e}");
                    return Err(ApiError::new(
                        StatusCode::BAD_GATEWAY,
                        "server_error",
                        format!("The reply failed: {e}"),
                    ));
                }
                ChatEvent::Loading | ChatEvent::Panel(_) | ChatEvent::ToolCallDelta(_) | ChatEvent::File(_) => {}
            }
        }
        let mut message = json!({ "role": "assistant", "content": text });
        if !reasoning.is_empty() {
            message["reasoning_content"] = Value::String(reasoning);
        }
        Ok(json!({
            "id": self.id, "object": "chat.completion", "created": self.created, "model": self.model,
            "choices": [{ "index": 0, "message": message, "finish_reason": finish.as_str() }],
            "usage": Self::usage(usage),
        }))
    }
}
