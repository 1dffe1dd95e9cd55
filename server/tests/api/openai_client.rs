//! The OpenAI Python client (from PyPI; `scripts/install-tools.sh --test`
//! puts it in `.tools/python`) streams a reply from a Colloquy server,
//! reads a whole one, lists the models, and gets OpenAI's errors for a
//! wrong key and a wrong model.

use crate::common::{self, TestApp};

use colloquy_test_upstream::{Options, TestUpstream};
use serde_json::Value;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_openai_python_client_streams_a_reply() {
    let upstream = TestUpstream::start(Options::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let config = common::config(&upstream, &format!("sqlite:{}/api.db", dir.path().display()));
    let app = TestApp::spawn(config).await;
    let user = app.state.store.create_user(None, None).await.unwrap();
    let key = app.state.store.create_api_key(&user, "python").await.unwrap().secret;
    let base = format!("{}/v1", app.base);

    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let mut client = std::process::Command::new("python3");
    client
        .arg(format!("{root}/server/tests/openai_client.py"))
        .env("PYTHONPATH", format!("{root}/.tools/python"))
        .env("OPENAI_BASE_URL", &base)
        .env("OPENAI_API_KEY", &key)
        .env("MODEL", "gpt")
        .env_remove("OPENAI_ORG_ID");
    // The server answers on the other worker meanwhile.
    let output = tokio::task::spawn_blocking(move || client.output()).await.unwrap().expect("python3 runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "the client failed (run scripts/install-tools.sh --test): {stderr}");
    let seen: Value = serde_json::from_slice(&output.stdout).expect("one JSON object");

    assert!(seen["models"].as_array().unwrap().iter().any(|m| m == "gpt"), "{seen}");
    let stream = &seen["stream"];
    assert!(stream["pieces"].as_u64().unwrap() >= 6, "token by token: {seen}");
    assert!(stream["text"].as_str().unwrap().starts_with("You said: hello there, how are you?"), "{seen}");
    assert_eq!(stream["finish"], "stop");
    assert!(stream["usage"].as_u64().is_some(), "usage when asked for: {seen}");
    assert!(seen["whole"]["text"].as_str().unwrap().contains("second"), "the last message is answered: {seen}");
    assert_eq!(seen["bad_key"], 401);
    assert_eq!(seen["bad_model"], "model_not_found");
}
