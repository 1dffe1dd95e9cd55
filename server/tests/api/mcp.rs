//! `/mcp` seen by an MCP client we did not write: the Python SDK (PyPI's
//! `mcp`; `scripts/install-tools.sh --test` puts it in `.tools/python-mcp`)
//! lists the bots as tools, calls one with its settings, is refused an
//! input out of range and a wrong key, and gives up on a call mid-reply,
//! which stops the model.

use std::time::Duration;

use crate::common::{self, TestApp};

use colloquy_test_upstream::{Options, TestUpstream};
use serde_json::{json, Value};

/// A server with `/mcp` on, whose own bot has a dropdown and a slider.
async fn app(upstream: &TestUpstream, serve: bool) -> (TestApp, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut config = common::config(upstream, &format!("sqlite:{}/mcp.db", dir.path().display()));
    let inputs = colloquy_config::Config::from_toml(
        r#"
        [[inputs]]
        kind = "dropdown"
        name = "tone"
        choices = ["plain", "formal"]
        [[inputs]]
        kind = "slider"
        name = "level"
        min = 1
        max = 5
        "#,
    )
    .unwrap();
    config.inputs = inputs.inputs;
    config.chat.system_prompt = Some("Answer in a {tone} tone.".into());
    config.mcp.serve = serve;
    (TestApp::spawn(config).await, dir)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_mcp_python_sdk_lists_and_calls_the_bots() {
    let upstream = TestUpstream::start(Options::default()).await.unwrap();
    let (app, _dir) = app(&upstream, true).await;
    let user = app.state.store.create_user(None, None).await.unwrap();
    let key = app.state.store.create_api_key(&user, "agent").await.unwrap().secret;

    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let mut client = std::process::Command::new("python3");
    client
        .arg(format!("{root}/server/tests/mcp_client.py"))
        .env("PYTHONPATH", format!("{root}/.tools/python-mcp"))
        .env("MCP_URL", format!("{}/mcp", app.base))
        .env("MCP_KEY", &key);
    // The server answers on the other worker meanwhile.
    let output = tokio::task::spawn_blocking(move || client.output()).await.unwrap().expect("python3 runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "the client failed (run scripts/install-tools.sh --test): {stderr}");
    let seen: Value = serde_json::from_slice(&output.stdout).expect("one JSON object");

    // The app's own bot is a tool, its settings in its schema.
    let schema = &seen["tools"]["main_bot"];
    assert_eq!(schema["required"], json!(["message"]), "{seen}");
    assert_eq!(schema["properties"]["tone"]["enum"], json!(["plain", "formal"]), "{seen}");
    assert_eq!(schema["properties"]["level"]["maximum"], json!(5.0), "{seen}");
    assert!(seen["descriptions"]["main_bot"].as_str().unwrap().contains("small language model"), "{seen}");

    // A call is a turn: the stand-in answers it, and the settings reached
    // the model (the tone is in the system prompt the stand-in was sent).
    let reply = &seen["reply"];
    assert_eq!(reply["error"], false, "{seen}");
    assert_eq!(reply["text"].as_str().unwrap().split_whitespace().count(), 12, "{seen}");
    let sent = upstream.requests().into_iter().find(|r| r.body.to_string().contains("hello over mcp")).unwrap();
    assert!(sent.body.to_string().contains("Answer in a formal tone."), "{}", sent.body);
    assert!(!reply["progress"].as_array().unwrap().is_empty(), "the text streams as progress: {seen}");

    let refused = &seen["out_of_range"];
    assert_eq!(refused["error"], true, "{seen}");
    assert!(refused["text"].as_str().unwrap().contains("from 1 to 5"), "{seen}");
    assert_eq!(seen["unknown_bot"]["error"], true, "{seen}");
    assert!(seen["bad_key"].as_str().unwrap() != "accepted", "{seen}");

    // The call given up on mid-reply: the model was stopped.
    let stopped = async {
        while upstream.stats().closed_early == 0 {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    };
    tokio::time::timeout(Duration::from_secs(10), stopped).await.expect("the model stops when the call is cancelled");
}

#[tokio::test]
async fn mcp_needs_a_key_and_is_off_unless_turned_on() {
    let upstream = TestUpstream::start(Options::default()).await.unwrap();
    let initialize = json!({
        "jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": { "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": { "name": "t", "version": "1" } },
    });
    let post = |base: &str, key: Option<&str>| {
        let mut request = reqwest::Client::new()
            .post(format!("{base}/mcp"))
            .header("accept", "application/json, text/event-stream")
            .json(&initialize);
        if let Some(key) = key {
            request = request.bearer_auth(key);
        }
        request.send()
    };
    let (off, _dir) = app(&upstream, false).await;
    // No such route: the pages' fallback answers a POST with 405.
    let status = post(&off.base, None).await.unwrap().status().as_u16();
    assert!(matches!(status, 404 | 405), "{status}");

    let (on, _dir) = app(&upstream, true).await;
    let response = post(&on.base, None).await.unwrap();
    assert_eq!(response.status(), 401);
    assert_eq!(response.headers()["www-authenticate"], "Bearer");
    assert_eq!(post(&on.base, Some("cq-wrong")).await.unwrap().status(), 401);
    let user = on.state.store.create_user(None, None).await.unwrap();
    let key = on.state.store.create_api_key(&user, "agent").await.unwrap().secret;
    assert_eq!(post(&on.base, Some(&key)).await.unwrap().status(), 200);
}
