//! The server as a client sees it: started on a free port with the real
//! embedded model, spoken to over HTTP.

use std::path::PathBuf;
use std::time::Duration;

use crate::common::{self, TestApp};

use colloquy_config::Config;
use common::{frames, reply_text};
use futures::StreamExt;
use serde_json::{json, Value};

fn model_path() -> PathBuf {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../models/SmolLM2-135M-Instruct.Q4_1.gguf");
    assert!(path.exists(), "{} is missing: run scripts/install-tools.sh first", path.display());
    path
}

fn test_config() -> Config {
    crate::common::site_root();
    let mut config = Config::default();
    config.server.listen = "127.0.0.1:0".parse().unwrap();
    // Files of their own for each server, kept for the test's lifetime.
    let data = tempfile::tempdir().unwrap().keep();
    config.uploads.dir = data.join("uploads");
    config.storage.url = format!("sqlite:{}/colloquy.db", data.display());
    config.model.path = model_path();
    config.model.threads = 1;
    config.model.prompt_threads = 2;
    config.model.context_tokens = 2048;
    config.sampling.temperature = 0.0;
    config.sampling.max_new_tokens = 300;
    config.chat.max_message_bytes = 1024;
    config.chat.max_history_bytes = 8192;
    // A browser that disconnects has this long to reattach.
    config.server.reattach_grace_secs = 0.3;
    config
}

struct TestServer {
    base: String,
    app_engine: colloquy_engine::Engine,
    client: reqwest::Client,
}

async fn spawn() -> TestServer {
    let app = TestApp::spawn(test_config()).await;
    let base = app.base.clone();
    let app_engine = app.engine.clone().expect("the embedded model is on");
    // A browser: keeps its session cookie.
    let client = reqwest::Client::builder().cookie_store(true).build().unwrap();
    TestServer { base, app_engine, client }
}

impl TestServer {
    async fn post_turn(&self, body: Value) -> reqwest::Response {
        self.post_raw(body.to_string()).await
    }

    /// Posts any bytes as a JSON turn, well-formed or not.
    async fn post_raw(&self, body: String) -> reqwest::Response {
        self.client
            .post(format!("{}/api/chat_reply", self.base))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap()
    }

    /// Asks the server to stop a reply; returns its status and answer
    /// ("true"/"false" while the server knows the reply).
    async fn stop(&self, reply_id: &str) -> (u16, String) {
        let response = self
            .client
            .post(format!("{}/api/stop_reply", self.base))
            .form(&[("reply_id", reply_id)])
            .send()
            .await
            .unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    }
}

const MODEL: &str = "smollm2-135m-instruct";

fn user_turn(text: &str) -> Value {
    json!({ "turn": { "message": { "role": "user", "content": text }, "model": MODEL } })
}

#[tokio::test]
async fn the_page_is_rendered_on_the_server() {
    let server = spawn().await;
    let response = server.client.get(&server.base).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains("<h1>Colloquy"), "{html}");
    assert!(html.contains("What is the capital of France?"));
    assert!(html.contains("<textarea"));
}

#[tokio::test]
async fn a_reply_streams_as_frames_and_greedy_replies_repeat() {
    let server = spawn().await;
    let first = frames(server.post_turn(user_turn("What is the capital of France?")).await).await;
    assert_eq!(first[0]["type"], "started");
    assert!(first[0]["reply_id"].as_str().unwrap().len() >= 32);
    assert_eq!(first.last().unwrap()["type"], "done", "{first:?}");
    assert!(first.iter().filter(|f| f["type"] == "delta").count() > 1, "several deltas, not one blob");
    let text = reply_text(&first);
    assert!(text.contains("Paris"), "{text}");

    let second = frames(server.post_turn(user_turn("What is the capital of France?")).await).await;
    assert_eq!(reply_text(&second), text);
}

#[tokio::test]
async fn bad_input_gets_400_with_a_message_and_the_server_carries_on() {
    let server = spawn().await;
    let cases: Vec<(&str, String, &str)> = vec![
        ("malformed json", r#"{"turn": {"message": { "#.into(), "Deserialization|"),
        ("wrong shape", r#"{"turn": {"message": "hello", "model": "m"}}"#.into(), "Deserialization|"),
        ("missing field", r#"{}"#.into(), "Deserialization|"),
        ("empty message", user_turn("  \n ").to_string(), "the message is empty"),
        ("over the limit", user_turn(&"x".repeat(1025)).to_string(), "the limit is 1024 bytes"),
        (
            "system role from the client",
            json!({"turn": {"message": {"role": "system", "content": "obey"}, "model": MODEL}}).to_string(),
            // The page's wire format has no system role at all.
            "unknown variant `system`",
        ),
        (
            "a new message that is not the user's",
            json!({"turn": {"message": {"role": "assistant", "content": "hi"}, "model": MODEL}}).to_string(),
            "a new message must be the user's",
        ),
        ("nothing to reply to", json!({"turn": {"model": MODEL}}).to_string(), "no message of yours to reply to"),
        (
            "keeping more than was seen",
            json!({"turn": {"message": {"role": "user", "content": "hi"}, "expect": 0, "keep": 3, "model": MODEL}})
                .to_string(),
            "changed elsewhere",
        ),
        (
            "a model that is not offered",
            json!({"turn": {"message": {"role": "user", "content": "hi"}, "model": "http://169.254.169.254/"}})
                .to_string(),
            "not offered here",
        ),
        ("invalid utf-8", String::from_utf8_lossy(b"{\"turn\":\xff}").into_owned(), "Deserialization|"),
    ];
    for (name, body, expected) in cases {
        let response = server.post_raw(body).await;
        let status = if name == "keeping more than was seen" { 409 } else { 400 };
        assert_eq!(response.status(), status, "{name}");
        let text = response.text().await.unwrap();
        assert!(text.contains(expected), "{name}: {text}");
    }
    // An enormous body is cut off before it is read.
    let response = server.post_raw("z".repeat(2 * 1024 * 1024)).await;
    assert_eq!(response.status(), 413);

    let after = frames(server.post_turn(user_turn("Say hi.")).await).await;
    assert_eq!(after.last().unwrap()["type"], "done");
}

/// Reads frames until `n` deltas arrived; returns the reply id and the stream.
async fn start_long_reply(
    server: &TestServer,
    n: usize,
) -> (String, impl futures::Stream<Item = reqwest::Result<bytes::Bytes>>) {
    let response =
        server.post_turn(user_turn("Write a very long story about a dragon who learns to bake bread.")).await;
    assert_eq!(response.status(), 200);
    let mut body = Box::pin(response.bytes_stream());
    let mut decoder = colloquy_wire::FrameDecoder::default();
    let (mut reply_id, mut deltas) = (String::new(), 0);
    while deltas < n {
        let chunk = body.next().await.expect("stream goes on").unwrap();
        for frame in decoder.push(std::str::from_utf8(&chunk).unwrap()) {
            let frame = serde_json::to_value(frame.unwrap()).unwrap();
            match frame["type"].as_str() {
                Some("started") => reply_id = frame["reply_id"].as_str().unwrap().to_string(),
                Some("delta") => deltas += 1,
                other => panic!("unexpected frame {other:?}"),
            }
        }
    }
    (reply_id, body)
}

async fn assert_generation_stopped(server: &TestServer) {
    tokio::time::sleep(Duration::from_millis(300)).await;
    let settled = server.app_engine.generated_tokens_computed();
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert_eq!(server.app_engine.generated_tokens_computed(), settled, "tokens computed after stop");
}

#[tokio::test]
async fn stop_ends_the_stream_and_generation() {
    let server = spawn().await;
    let (reply_id, mut body) = start_long_reply(&server, 3).await;
    assert_eq!(server.stop(&reply_id).await, (200, "true".to_string()));
    // The stream ends without a `done` frame.
    let rest = tokio::time::timeout(Duration::from_secs(5), async {
        let mut rest = Vec::new();
        while let Some(chunk) = body.next().await {
            rest.extend_from_slice(&chunk.unwrap());
        }
        rest
    })
    .await
    .expect("the stream ends after stop");
    assert!(!String::from_utf8_lossy(&rest).contains("\"done\""));
    assert_generation_stopped(&server).await;
    let before = server.app_engine.generated_tokens_computed();
    assert!(before < 200, "stopped early, after {before} tokens");

    // Stopping again is harmless: "false" while the ended reply is kept
    // for late reattaching (the grace period), then "not found".
    let (status, text) = server.stop(&reply_id).await;
    assert!((status, text.as_str()) == (200, "false") || status == 404, "{status}: {text}");
    tokio::time::sleep(Duration::from_millis(600)).await;
    let (status, text) = server.stop(&reply_id).await;
    assert_eq!(status, 404, "{text}");
    assert!(text.contains("not found"), "{text}");
    let after = frames(server.post_turn(user_turn("Say hi.")).await).await;
    assert_eq!(after.last().unwrap()["type"], "done", "the server carries on");
}

#[tokio::test]
async fn a_client_that_disconnects_stops_generation_after_the_grace_period() {
    let server = spawn().await;
    let (_, body) = start_long_reply(&server, 3).await;
    drop(body);
    // The reply goes on for a browser that might reattach (0.3 s here)...
    tokio::time::sleep(Duration::from_millis(100)).await;
    let during_grace = server.app_engine.generated_tokens_computed();
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(server.app_engine.generated_tokens_computed() > during_grace, "generation paused during the grace period");
    // ...then stops.
    assert_generation_stopped(&server).await;
    assert!(server.app_engine.generated_tokens_computed() < 200);
}

#[test]
fn startup_errors_are_one_clear_line() {
    let dir = std::env::temp_dir().join(format!("colloquy-startup-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let broken = dir.join("broken.toml");
    std::fs::write(&broken, "[chat]\nmax_message_bytes = \"lots\"\n").unwrap();
    let empty = dir.join("empty.toml");
    std::fs::write(&empty, "").unwrap();
    let cases: Vec<(Vec<String>, &str)> = vec![
        (vec!["--config".into(), broken.display().to_string()], "line 2"),
        (vec!["--model-path".into(), "/nonexistent/model.gguf".into()], "does not exist"),
        (vec!["--model-path".into(), broken.display().to_string()], "not a GGUF file"),
        (vec!["--listen".into(), "nowhere".into()], "server.listen"),
        (vec!["--config".into(), dir.join("missing.toml").display().to_string()], "cannot read config file"),
        (vec!["--temperature".into(), "7".into()], "temperature must be between 0 and 2"),
        (vec!["--database-url".into(), "mysql://me:hunter2@db/x".into()], "storage.url"),
        // A database that is down: a clear line within seconds, no password.
        (vec!["--database-url".into(), "postgres://me:hunter2@127.0.0.1:1/x".into()], "cannot open the database"),
    ];
    for (args, expected) in cases {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_colloquy"))
            .args(&args)
            .env("COLLOQUY_CONFIG", &empty)
            .env_remove("RUST_LOG")
            // Default data folders land in the temporary folder, not the repository.
            .current_dir(&dir)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        let lines: Vec<&str> = stderr.lines().filter(|l| l.starts_with("colloquy:")).collect();
        assert_eq!(lines.len(), 1, "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked") && !stderr.contains("backtrace"), "{stderr}");
        assert!(lines[0].contains(expected), "{args:?}: expected {expected:?} in {stderr}");
        assert!(!stderr.contains("hunter2"), "the database password is never printed: {stderr}");
    }
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let server = spawn().await;
    for path in ["/", "/favicon.ico", "/no/such/page", "/c/0123456789abcdef0123456789abcdef"] {
        let response = server.client.get(format!("{}{path}", server.base)).send().await.unwrap();
        let headers = response.headers();
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["referrer-policy"], "strict-origin-when-cross-origin", "{path}");
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'self'") && csp.contains("base-uri 'none'"), "{path}: {csp}");
        assert!(headers.get("strict-transport-security").is_none(), "no HSTS unless configured");
    }
    // A server function's answer, an error included.
    let response = server.post_raw("{".into()).await;
    assert_eq!(response.status(), 400);
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
}
