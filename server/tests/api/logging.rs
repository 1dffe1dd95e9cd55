//! The log, as an operator reads it: JSON lines on request, a request id
//! that follows a turn from the HTTP request into the reply's own task,
//! and no message text unless `logging.message_text` says so.

use crate::common;

use std::io::{BufRead, BufReader};
use std::time::{Duration, Instant};

use colloquy_test_upstream::{Options, TestUpstream};
use serde_json::{json, Value};

/// Runs the real binary with `extra` config, sends one turn with request
/// id `id`, and returns the log lines it printed.
async fn log_of_one_turn(upstream: &TestUpstream, extra: &str, id: &str, text: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let (config_path, port, _) = common::binary_config(upstream, dir.path(), "", extra);
    let mut process = std::process::Command::new(env!("CARGO_BIN_EXE_colloquy"))
        .args(["--config", config_path.to_str().unwrap()])
        .current_dir(dir.path())
        .env("RUST_LOG", "info")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    let up = Instant::now() + Duration::from_secs(20);
    while client.get(format!("{base}/healthz")).send().await.is_err() {
        assert!(Instant::now() < up, "the server did not start");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let turn = json!({ "turn": { "message": { "role": "user", "content": text }, "model": "gpt" } });
    let response =
        client.post(format!("{base}/api/chat_reply")).header("x-request-id", id).json(&turn).send().await.unwrap();
    assert_eq!(response.headers()["x-request-id"], id, "the id goes back with the response");
    let body = response.text().await.unwrap();
    assert!(body.contains(r#""type":"done""#), "{body}");
    // Another request gets an id of its own.
    let other = client.get(format!("{base}/healthz")).send().await.unwrap();
    let made = other.headers()["x-request-id"].to_str().unwrap().to_string();
    assert_eq!(made.len(), 36, "a UUID: {made}");
    // The last save happens a moment after the stream ends; SIGTERM then
    // waits for it.
    std::process::Command::new("kill").args(["-TERM", &process.id().to_string()]).status().unwrap();
    let stdout = process.stdout.take().unwrap();
    let lines: Vec<String> = BufReader::new(stdout).lines().map_while(Result::ok).collect();
    process.wait().unwrap();
    lines
}

#[tokio::test(flavor = "multi_thread")]
async fn json_lines_carry_the_request_id_into_the_reply_and_no_message_text() {
    let upstream = TestUpstream::start(Options::default()).await.unwrap();
    let lines = log_of_one_turn(&upstream, "[logging]\nformat = \"json\"\n", "req-test-0042", "my secret words").await;
    let events: Vec<Value> =
        lines.iter().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect();
    let one = |message: &str| {
        let found: Vec<&Value> = events.iter().filter(|e| e["fields"]["message"] == message).collect();
        assert_eq!(found.len(), 1, "{message}: {lines:#?}");
        found[0]
    };
    // The request's span, among those enclosing the event.
    let request_span = |event: &Value| -> Value {
        let spans = event["spans"].as_array().cloned().unwrap_or_default();
        spans.into_iter().find(|s| s["name"] == "request").unwrap_or(Value::Null)
    };
    let started = one("reply started");
    assert_eq!(request_span(started)["request_id"], "req-test-0042", "{started:#}");
    assert_eq!(request_span(started)["route"], "server_fn");
    // Logged by the reply's own task, after the response: still in the
    // request's span.
    let ended = one("reply ended");
    assert_eq!(request_span(ended)["request_id"], "req-test-0042", "{ended:#}");
    assert!(lines.iter().all(|l| !l.contains("secret words")), "message text in the log");
    assert!(lines.iter().any(|l| l.contains("replies drained")), "{lines:#?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn message_text_is_logged_only_when_configured() {
    let upstream = TestUpstream::start(Options::default()).await.unwrap();
    let lines = log_of_one_turn(&upstream, "[logging]\nmessage_text = true\n", "req-text", "debug these words").await;
    let turn: Vec<&String> = lines.iter().filter(|l| l.contains("debug these words")).collect();
    assert_eq!(turn.len(), 1, "{lines:#?}");
    assert!(turn[0].contains("req-text"), "text lines carry the span too: {}", turn[0]);
}
