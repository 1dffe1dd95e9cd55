//! The rule bot, served for real: through the OpenAI-compatible API with
//! an API key, and as the binary `cargo run -p rule-bot` starts.

use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::{json, Value};

fn ask(text: &str, stream: bool) -> Value {
    json!({ "model": "rule-bot", "stream": stream, "messages": [{ "role": "user", "content": text }] })
}

#[tokio::test]
async fn the_rules_answer_through_the_api() {
    let dir = tempfile::tempdir().unwrap();
    let colloquy::TestServer { base, api_key: key } = rule_bot::bot().serve_for_test(dir.path()).await.unwrap();
    let client = reqwest::Client::new();
    let url = format!("{base}/v1/chat/completions");

    let whole: Value = client
        .post(&url)
        .bearer_auth(&key)
        .json(&ask("reverse stressed", false))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(whole["choices"][0]["message"]["content"], "**desserts**", "{whole}");
    assert_eq!(whole["model"], "rule-bot");

    // The history counts: a greeting after two turns says so.
    let history = json!({ "model": "rule-bot", "messages": [
        { "role": "user", "content": "hi" }, { "role": "assistant", "content": "Hello!" },
        { "role": "user", "content": "hello" },
    ]});
    let again: Value = client.post(&url).bearer_auth(&key).json(&history).send().await.unwrap().json().await.unwrap();
    assert_eq!(again["choices"][0]["message"]["content"], "Hello again! This is turn 2 of ours.");

    let streamed = client.post(&url).bearer_auth(&key).json(&ask("count a b c", true)).send().await.unwrap();
    assert_eq!(streamed.headers()["content-type"], "text/event-stream");
    let body = streamed.text().await.unwrap();
    let text: String = body
        .lines()
        .filter_map(|line| line.strip_prefix("data: "))
        .filter(|data| *data != "[DONE]")
        .filter_map(|data| serde_json::from_str::<Value>(data).ok())
        .filter_map(|chunk| chunk["choices"][0]["delta"]["content"].as_str().map(String::from))
        .collect();
    assert_eq!(text, "That is 3 words after \"count\".");
    assert!(body.trim_end().ends_with("data: [DONE]"), "{body}");

    // No key, no answer.
    let refused = client.post(&url).json(&ask("hello", false)).send().await.unwrap();
    assert_eq!(refused.status(), 401);
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

#[tokio::test]
async fn the_binary_serves_the_page_and_refuses_a_config_file() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_rule-bot"))
        .args(["--listen", &format!("127.0.0.1:{port}")])
        .args(["--database-url", &format!("sqlite:{}/bin.db", dir.path().display())])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let client = reqwest::Client::new();
    let mut page = None;
    for _ in 0..100 {
        if let Ok(response) = client.get(format!("http://127.0.0.1:{port}/")).send().await {
            page = Some(response.text().await.unwrap());
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let page = page.expect("the binary serves");
    assert!(page.contains("<title>Rule bot</title>"), "the title, in the tab too");
    assert!(page.contains("reverse stressed"), "the examples");

    let refused = Command::new(env!("CARGO_BIN_EXE_rule-bot")).args(["--config", "colloquy.toml"]).output().unwrap();
    assert_eq!(refused.status.code(), Some(2));
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(said.contains("configured in its code") && said.lines().count() == 1, "{said}");
}
