//! A local stand-in for the model servers Colloquy talks to. It speaks the
//! real wire formats (shapes recorded from OpenAI, Anthropic and Ollama
//! responses), and misbehaves on request so that every fault can be tested
//! on loopback.
//!
//! The reply is chosen by directives in the last user message:
//!
//! | directive        | effect                                                      |
//! |------------------|-------------------------------------------------------------|
//! | `[tokens:N]`     | reply with exactly N tokens ` t0 t1 …` instead of an echo   |
//! | `[delay:MS]`     | wait MS milliseconds between tokens                          |
//! | `[paragraphs:K]` | with `[tokens:N]`: a paragraph ends (`.` and a blank line) every K tokens |
//! | `[think]`        | reasoning before the text                                    |
//! | `[tool]`         | a tool call after the text                                   |
//! | `[call:NAME:ARGS]` | a call of tool NAME with JSON ARGS (no `]`); several allowed |
//! | `[think-inline]` | reasoning inline, as `<think>…</think>` before the text      |
//! | `[reply:NAME]`   | a canned reply: `markdown` (every feature), `xss` (payloads) |
//! | `[reply:raw]`    | the message itself, byte for byte, less this directive        |
//! | `[fault:F]`      | fault F on every request with this message                   |
//! | `[fault:FxN]`    | fault F on the first N requests with this message, then well |
//!
//! A request whose conversation ends in tool results (after the last
//! user message: `tool` messages, or Anthropic's `tool_result` blocks) is
//! answered with them, `Tool results: R1; R2`, and calls nothing: a model
//! using what its tools said.
//!
//! Faults: `401`, `403`, `429` (with `retry-after: 0`), `429-long`
//! (`retry-after: 3600`), `500`, `503`, `cut` (connection dropped mid-reply),
//! `error-event` (the protocol's in-stream error), `bad-json`, `bad-shape`,
//! `bad-utf8` (invalid UTF-8), `split-utf8` (valid characters split across
//! network chunks: not a fault), `stall` (stops sending mid-reply),
//! `stall-start` (headers, then nothing).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use bytes::Bytes;
use serde::Serialize;
use serde_json::{json, Value};

mod shape;

use shape::Shape;

#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The default wait between tokens.
    pub token_delay: Duration,
    /// If set, requests must carry this key (Bearer or `x-api-key`).
    pub api_key: Option<String>,
}

/// What one request looked like, for tests to inspect.
#[derive(Debug, Clone, Serialize)]
pub struct Recorded {
    pub path: String,
    pub body: Value,
    /// The key it carried, if any (this is a test server: keys here are fake).
    pub key: Option<String>,
}

/// Counts of reply streams, for tests that check cancellation.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Stats {
    pub started: u64,
    pub completed: u64,
    /// Streams whose client went away before the reply was sent.
    pub closed_early: u64,
    /// How long ago the last stream was closed early, in milliseconds.
    pub ms_since_last_close: Option<u64>,
}

#[derive(Default)]
struct Shared {
    options: Options,
    requests: Mutex<Vec<Recorded>>,
    /// Faulty requests seen, per (path, message), for `[fault:FxN]`.
    fault_counts: Mutex<HashMap<(String, String), u32>>,
    stats: Mutex<(Stats, Option<Instant>)>,
}

pub struct TestUpstream {
    pub addr: SocketAddr,
    shared: Arc<Shared>,
    task: tokio::task::JoinHandle<()>,
}

impl TestUpstream {
    /// Starts on a free loopback port.
    pub async fn start(options: Options) -> std::io::Result<Self> {
        Self::bind(SocketAddr::from(([127, 0, 0, 1], 0)), options).await
    }

    pub async fn bind(addr: SocketAddr, options: Options) -> std::io::Result<Self> {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared { options, ..Default::default() });
        let app = router(shared.clone());
        // Real model servers send each event at once. Without TCP_NODELAY a
        // small write waits for the last one's ACK, which the reader delays
        // by up to 40 ms: every benchmark would measure that instead.
        let listener = axum::serve::ListenerExt::tap_io(listener, |tcp| {
            let _ = tcp.set_nodelay(true);
        });
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(Self { addr, shared, task })
    }

    /// `http://127.0.0.1:PORT`
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.shared.requests.lock().unwrap().clone()
    }

    pub fn stats(&self) -> Stats {
        read_stats(&self.shared)
    }

    /// Runs until the process ends.
    pub async fn wait(mut self) {
        let _ = (&mut self.task).await;
    }
}

impl Drop for TestUpstream {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn read_stats(shared: &Shared) -> Stats {
    let (mut stats, last) = *shared.stats.lock().unwrap();
    stats.ms_since_last_close = last.map(|at| at.elapsed().as_millis() as u64);
    stats
}

fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/v1/chat/completions", post(|s, h, b| chat(Proto::OpenAi, s, h, b)))
        .route("/v1/messages", post(|s, h, b| chat(Proto::Anthropic, s, h, b)))
        .route("/api/chat", post(|s, h, b| chat(Proto::Ollama, s, h, b)))
        .route(
            "/_test/requests",
            get(|State(s): State<Arc<Shared>>| async move { Json(s.requests.lock().unwrap().clone()) }),
        )
        .route("/_test/stats", get(|State(s): State<Arc<Shared>>| async move { Json(read_stats(&s)) }))
        .with_state(shared)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Proto {
    OpenAi,
    Anthropic,
    Ollama,
}

impl Proto {
    fn path(self) -> &'static str {
        match self {
            Proto::OpenAi => "/v1/chat/completions",
            Proto::Anthropic => "/v1/messages",
            Proto::Ollama => "/api/chat",
        }
    }
}

/// What the last user message asks for.
#[derive(Debug, Default)]
struct Script {
    text: String,
    tokens: Option<usize>,
    /// With `tokens`: a paragraph break after every this many tokens.
    paragraphs: Option<usize>,
    delay: Option<Duration>,
    think: bool,
    think_inline: bool,
    tool: bool,
    /// `[call:…]` directives: (tool name, JSON arguments).
    calls: Vec<(String, String)>,
    /// The tool results the request ends with, if any.
    tool_results: Vec<String>,
    canned: Option<String>,
    /// The whole message, for `[reply:raw]`: a hostile model repeating
    /// whatever markup it was given.
    raw: String,
    fault: Option<(String, Option<u32>)>,
    /// Images and audio on the message (the reply says how many).
    attachments: usize,
}

/// A user message's text and its count of attachments, in any of the three
/// shapes: a string, content parts or blocks, or Ollama's `images`.
fn user_text_and_attachments(message: &Value) -> (String, usize) {
    let images = message["images"].as_array().map_or(0, Vec::len);
    match &message["content"] {
        Value::Array(parts) => {
            let text: Vec<&str> =
                parts.iter().filter(|p| p["type"] == "text").filter_map(|p| p["text"].as_str()).collect();
            (text.join(" "), parts.iter().filter(|p| p["type"] != "text").count() + images)
        }
        content => (content.as_str().unwrap_or("").to_string(), images),
    }
}

/// The results a tool message carries: its content (OpenAI, Ollama), or
/// each `tool_result` block's (Anthropic).
fn tool_result_texts(message: &Value) -> Vec<String> {
    match &message["content"] {
        Value::Array(parts) => parts
            .iter()
            .filter(|p| p["type"] == "tool_result")
            .map(|p| match &p["content"] {
                Value::String(text) => text.clone(),
                other => other.to_string(),
            })
            .collect(),
        Value::String(text) => vec![text.clone()],
        other => vec![other.to_string()],
    }
}

/// A reply showing every markdown feature the page renders.
const MARKDOWN_REPLY: &str = "# Heading\n\nSome **bold**, *italic* and ~~struck~~ text with `inline code`.\n\n\
| Language | Typing |\n|---|---|\n| Rust | static |\n| Python | dynamic |\n\n\
- [x] done\n- [ ] to do\n\n\
```rust\nfn main() {\n    println!(\"hello\");\n}\n```\n\n\
Inline math $E = mc^2$ and display math:\n\n$$\\int_0^1 x^2 \\, dx = \\frac{1}{3}$$\n\n\
A [link](https://example.com/docs).\n";

/// Payloads a hostile model could send.
const XSS_REPLY: &str = "Payloads: <img src=x onerror=\"window.__xss=(window.__xss||0)+1\">\n\n\
<script>window.__xss=(window.__xss||0)+1</script>\n\n\
[click me](javascript:window.__xss=(window.__xss||0)+1) and [data](data:text/html,<script>alert(1)</script>)\n\n\
<a href=\"javascript:window.__xss=1\">raw link</a> <svg onload=\"window.__xss=1\"></svg>\n\n\
![pic](javascript:window.__xss=1) <iframe src=\"javascript:window.__xss=1\"></iframe>\n\n\
```\n</code></pre><img src=x onerror=\"window.__xss=1\">\n```\n\n\
$\\text{<img src=x onerror=window.__xss=1>}$ end.";

impl Script {
    fn parse(message: &str) -> Self {
        let mut script = Script { raw: message.replacen("[reply:raw]", "", 1), ..Script::default() };
        let mut text = String::new();
        let mut rest = message;
        while let Some(start) = rest.find('[') {
            text.push_str(&rest[..start]);
            let Some(len) = rest[start..].find(']') else {
                text.push_str(&rest[start..]);
                rest = "";
                break;
            };
            let directive = &rest[start + 1..start + len];
            match directive.split_once(':') {
                Some(("tokens", n)) => script.tokens = n.parse().ok(),
                Some(("paragraphs", k)) => script.paragraphs = k.parse().ok().filter(|k| *k > 0),
                Some(("delay", ms)) => script.delay = ms.parse().ok().map(Duration::from_millis),
                Some(("fault", f)) => {
                    script.fault = Some(match f.rsplit_once('x') {
                        Some((name, n)) if n.parse::<u32>().is_ok() => (name.to_string(), n.parse().ok()),
                        _ => (f.to_string(), None),
                    })
                }
                None if directive == "think" => script.think = true,
                None if directive == "tool" => script.tool = true,
                None if directive == "think-inline" => script.think_inline = true,
                Some(("reply", name)) => script.canned = Some(name.to_string()),
                Some(("call", call)) => {
                    let (name, args) = call.split_once(':').unwrap_or((call, "{}"));
                    script.calls.push((name.to_string(), args.to_string()));
                }
                _ => text.push_str(&rest[start..=start + len]),
            }
            rest = &rest[start + len + 1..];
        }
        text.push_str(rest);
        script.text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        script
    }

    fn reply_tokens(&self, proto: Proto) -> Vec<String> {
        let canned = match self.canned.as_deref() {
            Some("markdown") => Some(MARKDOWN_REPLY),
            Some("xss") => Some(XSS_REPLY),
            Some("raw") => Some(self.raw.as_str()),
            _ => None,
        };
        if let Some(text) = canned {
            // Tokens of about four bytes, split on character boundaries, so
            // that markup arrives in pieces as it does from a model.
            let chars: Vec<char> = text.chars().collect();
            return chars.chunks(4).map(|c| c.iter().collect()).collect();
        }
        if !self.tool_results.is_empty() {
            let mut tokens = vec!["Tool".to_string(), " results:".into()];
            let said = self.tool_results.join("; ");
            tokens.extend(said.split(' ').filter(|w| !w.is_empty()).map(|w| format!(" {w}")));
            return tokens;
        }
        if let Some(n) = self.tokens {
            let ends_paragraph = |i: usize| self.paragraphs.is_some_and(|k| (i + 1).is_multiple_of(k) && i + 1 < n);
            return (0..n)
                .map(|i| {
                    let space = if i == 0 || ends_paragraph(i.wrapping_sub(1)) { "" } else { " " };
                    let end = if ends_paragraph(i) { ".\n\n" } else { "" };
                    format!("{space}t{i}{end}")
                })
                .collect();
        }
        let name = match proto {
            Proto::OpenAi => "openai",
            Proto::Anthropic => "anthropic",
            Proto::Ollama => "ollama",
        };
        let mut tokens = Vec::new();
        if self.think_inline {
            tokens.extend(["<th", "ink>", "I should", " echo it.", "</thi", "nk>\n\n"].map(String::from));
        }
        tokens.extend(["You".to_string(), " said".into(), ":".into()]);
        tokens.extend(self.text.split(' ').filter(|w| !w.is_empty()).map(|w| format!(" {w}")));
        match self.attachments {
            0 => tokens.push(format!(" (via {name})")),
            n => tokens.push(format!(" (via {name}; attachments: {n})")),
        }
        tokens
    }
}

async fn chat(proto: Proto, State(shared): State<Arc<Shared>>, headers: HeaderMap, body: Bytes) -> Response {
    let body: Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(e) => return (StatusCode::BAD_REQUEST, format!("bad json: {e}")).into_response(),
    };
    let key = headers
        .get("x-api-key")
        .or_else(|| headers.get("authorization"))
        .and_then(|v| v.to_str().ok())
        .map(|v| v.trim_start_matches("Bearer ").to_string());
    shared.requests.lock().unwrap().push(Recorded { path: proto.path().into(), body: body.clone(), key: key.clone() });

    if let Some(expected) = &shared.options.api_key {
        if key.as_deref() != Some(expected.as_str()) {
            return http_error(proto, 401, key.as_deref().unwrap_or(""));
        }
    }
    let messages = body["messages"].as_array().map(Vec::as_slice).unwrap_or_default();
    let is_tool_result = |m: &Value| {
        m["role"] == "tool"
            || m["content"].as_array().is_some_and(|parts| parts.iter().any(|p| p["type"] == "tool_result"))
    };
    let last_at = messages.iter().rposition(|m| m["role"] == "user" && !is_tool_result(m));
    let last = last_at.map(|at| &messages[at]);
    let (last_user, attachments) = last.map(user_text_and_attachments).unwrap_or_default();
    let mut script = Script::parse(&last_user);
    script.attachments = attachments;
    let after = last_at.map_or(&[][..], |at| &messages[at + 1..]);
    script.tool_results = after.iter().filter(|m| is_tool_result(m)).flat_map(tool_result_texts).collect();
    if !script.tool_results.is_empty() {
        // Answered: the model says what its tools found.
        script.calls.clear();
        script.tool = false;
    }
    let fault = script.fault.as_ref().and_then(|(name, times)| {
        let mut counts = shared.fault_counts.lock().unwrap();
        let seen = counts.entry((proto.path().to_string(), last_user.clone())).or_insert(0);
        *seen += 1;
        match times {
            Some(n) if *seen > *n => None,
            _ => Some(name.clone()),
        }
    });
    match fault.as_deref() {
        Some("401") => return http_error(proto, 401, key.as_deref().unwrap_or("")),
        Some("403") => return http_error(proto, 403, ""),
        Some("429") => return http_error(proto, 429, "0"),
        Some("429-long") => return http_error(proto, 429, "3600"),
        Some("500") => return http_error(proto, 500, ""),
        Some("503") => return http_error(proto, 503, ""),
        _ => {}
    }
    let delay = script.delay.unwrap_or(shared.options.token_delay);
    let model = body["model"].as_str().unwrap_or("test-model").to_string();
    stream_response(proto, shared, script, fault, delay, model)
}

/// An error response as the real service sends it.
fn http_error(proto: Proto, status: u16, detail: &str) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = match (proto, status.as_u16()) {
        (Proto::OpenAi, 401) => {
            // OpenAI echoes the start and end of a wrong key.
            let shown: String = detail.chars().take(6).collect();
            let tail: String = detail.chars().rev().take(4).collect::<Vec<_>>().into_iter().rev().collect();
            json!({"error":{"message":format!("Incorrect API key provided: {shown}***{tail}. You can find your API key at https://platform.openai.com/account/api-keys."),"type":"invalid_request_error","param":null,"code":"invalid_api_key"}})
        }
        (Proto::OpenAi, 403) => {
            json!({"error":{"message":"Project `proj_abc` does not have access to model `gpt-4o`","type":"invalid_request_error","param":null,"code":"model_not_found"}})
        }
        (Proto::OpenAi, 429) => {
            json!({"error":{"message":"Rate limit reached for gpt-4o-mini in organization org-abc on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s.","type":"requests","param":null,"code":"rate_limit_exceeded"}})
        }
        (Proto::OpenAi, 503) => {
            json!({"error":{"message":"The engine is currently overloaded, please try again later","type":"server_error","param":null,"code":null}})
        }
        (Proto::OpenAi, _) => {
            json!({"error":{"message":"The server had an error while processing your request. Sorry about that!","type":"server_error","param":null,"code":null}})
        }
        (Proto::Anthropic, 401) => {
            json!({"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"},"request_id":"req_011CSHoEeqs5C35K2UUqR7Fy"})
        }
        (Proto::Anthropic, 403) => {
            json!({"type":"error","error":{"type":"permission_error","message":"Your API key does not have permission to use the specified resource."},"request_id":"req_011CSHoEeqs5C35K2UUqR7Fz"})
        }
        (Proto::Anthropic, 429) => {
            json!({"type":"error","error":{"type":"rate_limit_error","message":"This request would exceed the rate limit for your organization of 50 requests per minute."},"request_id":"req_011CSHoEeqs5C35K2UUqR7G0"})
        }
        (Proto::Anthropic, 503) => {
            json!({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_011CSHoEeqs5C35K2UUqR7G1"})
        }
        (Proto::Anthropic, _) => {
            json!({"type":"error","error":{"type":"api_error","message":"Internal server error"},"request_id":"req_011CSHoEeqs5C35K2UUqR7G2"})
        }
        (Proto::Ollama, 401 | 403) => json!({"error":"unauthorized"}),
        (Proto::Ollama, 429) => json!({"error":"too many requests"}),
        (Proto::Ollama, 503) => {
            json!({"error":"server busy, please try again.  maximum pending requests exceeded"})
        }
        (Proto::Ollama, _) => {
            json!({"error":"llama runner process has terminated: signal: killed"})
        }
    };
    let mut response = (status, Json(body)).into_response();
    if status == StatusCode::TOO_MANY_REQUESTS {
        if let Ok(v) = HeaderValue::from_str(detail) {
            response.headers_mut().insert("retry-after", v);
        }
    }
    response
}

/// Counts a stream as early-closed unless it was marked complete.
struct StreamGuard {
    shared: Arc<Shared>,
    complete: bool,
}

impl Drop for StreamGuard {
    fn drop(&mut self) {
        let mut stats = self.shared.stats.lock().unwrap();
        if self.complete {
            stats.0.completed += 1;
        } else {
            stats.0.closed_early += 1;
            stats.1 = Some(Instant::now());
        }
    }
}

fn stream_response(
    proto: Proto,
    shared: Arc<Shared>,
    script: Script,
    fault: Option<String>,
    delay: Duration,
    model: String,
) -> Response {
    shared.stats.lock().unwrap().0.started += 1;
    let tokens = script.reply_tokens(proto);
    let shape = Shape { proto, model };
    let stream = async_stream::stream! {
        let mut guard = StreamGuard { shared, complete: false };
        if fault.as_deref() == Some("stall-start") {
            futures::future::pending::<()>().await;
        }
        yield Ok::<Bytes, std::io::Error>(shape.start());
        if script.think {
            for piece in ["Let me think", " about this."] {
                yield Ok(shape.reasoning(piece));
            }
        }
        let fault_at = tokens.len().min(3);
        for (i, token) in tokens.iter().enumerate() {
            if i == fault_at {
                match fault.as_deref() {
                    Some("cut") => {
                        yield Err(std::io::Error::new(std::io::ErrorKind::ConnectionReset, "cut"));
                        return;
                    }
                    Some("error-event") => {
                        yield Ok(shape.error_event());
                        return;
                    }
                    Some("bad-json") => {
                        yield Ok(shape.wrap("{\"choices\":[{\"delta\":{\"content\":\"oops\"".into()));
                        futures::future::pending::<()>().await;
                    }
                    Some("bad-shape") => {
                        yield Ok(shape.wrong_shape());
                        futures::future::pending::<()>().await;
                    }
                    Some("bad-utf8") => {
                        let mut bytes = shape.text("AB").to_vec();
                        if let Some(pos) = bytes.windows(2).position(|w| w == b"AB") {
                            bytes[pos] = 0xff;
                            bytes[pos + 1] = 0xfe;
                        }
                        yield Ok(Bytes::from(bytes));
                        futures::future::pending::<()>().await;
                    }
                    Some("split-utf8") => {
                        let bytes = shape.text(" héllo 🦀");
                        let cut = bytes.iter().position(|b| *b == 0xf0).unwrap_or(1) + 2;
                        yield Ok(bytes.slice(..cut));
                        tokio::time::sleep(Duration::from_millis(20)).await;
                        yield Ok(bytes.slice(cut..));
                    }
                    Some("stall") => futures::future::pending::<()>().await,
                    _ => {}
                }
            }
            if !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            yield Ok(shape.text(token));
        }
        if script.tool {
            for frame in shape.tool_call() {
                yield Ok(frame);
            }
        }
        for (index, (name, args)) in script.calls.iter().enumerate() {
            for frame in shape.named_call(index, name, args) {
                yield Ok(frame);
            }
        }
        let calls_tools = script.tool || !script.calls.is_empty();
        let open_block = if script.calls.is_empty() { usize::from(script.tool) } else { script.calls.len() };
        for frame in shape.finish(tokens.len(), calls_tools, open_block) {
            yield Ok(frame);
        }
        guard.complete = true;
    };
    let content_type = match proto {
        Proto::Ollama => "application/x-ndjson",
        _ => "text/event-stream; charset=utf-8",
    };
    Response::builder()
        .header("content-type", content_type)
        .header("cache-control", "no-cache")
        .body(Body::from_stream(stream))
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_raw_reply_repeats_the_message_exactly() {
        let message = "<img src=x onerror=alert(1)>\n\n [reply:raw]  [x](javascript:1)\t";
        let tokens = Script::parse(message).reply_tokens(Proto::OpenAi);
        assert_eq!(tokens.concat(), "<img src=x onerror=alert(1)>\n\n   [x](javascript:1)\t");
    }

    #[test]
    fn directives_are_read_and_removed() {
        let s = Script::parse("Hello [tokens:5] there [fault:cutx1] [think] [not a directive]");
        assert_eq!(s.text, "Hello there [not a directive]");
        assert_eq!(s.tokens, Some(5));
        assert_eq!(s.fault, Some(("cut".into(), Some(1))));
        assert!(s.think);
        let s = Script::parse("[fault:429-long]");
        assert_eq!(s.fault, Some(("429-long".into(), None)));
    }

    #[test]
    fn numbered_tokens_can_come_in_paragraphs() {
        let tokens = Script::parse("[tokens:5]").reply_tokens(Proto::OpenAi);
        assert_eq!(tokens.concat(), "t0 t1 t2 t3 t4");
        let tokens = Script::parse("[tokens:5] [paragraphs:2]").reply_tokens(Proto::OpenAi);
        assert_eq!(tokens.len(), 5);
        assert_eq!(tokens.concat(), "t0 t1.\n\nt2 t3.\n\nt4");
        let tokens = Script::parse("[tokens:4] [paragraphs:2]").reply_tokens(Proto::OpenAi);
        assert_eq!(tokens.concat(), "t0 t1.\n\nt2 t3", "no break after the last token");
    }
}
