//! The agent against a model server on loopback speaking OpenAI's real
//! tool-call stream (the stand-in asks for the tools its message names,
//! then answers with their results): the page's reply carries a panel per
//! call, with arguments, result, status and time, then the final answer.

use colloquy::ProviderKind;
use colloquy_test_upstream::{Options, TestUpstream};
use serde_json::{json, Value};

const NOTES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/notes");

async fn serve(upstream: &TestUpstream, dir: &std::path::Path) -> String {
    tool_agent::bot(NOTES)
        .provider_model(ProviderKind::OpenAi, format!("{}/v1", upstream.url()), None, "tool-model")
        .serve_for_test(dir)
        .await
        .expect("the agent starts")
        .base
}

/// One page turn's frames.
async fn turn(client: &reqwest::Client, base: &str, text: &str) -> Vec<Value> {
    let message = json!({ "role": "user", "content": text, "attachments": [] });
    let turn = json!({ "conversation": null, "expect": 0, "keep": 0, "message": message, "model": "tool-agent" });
    let response = client.post(format!("{base}/api/chat_reply")).json(&json!({ "turn": turn })).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let body = response.text().await.unwrap();
    body.lines().filter(|l| !l.trim().is_empty()).map(|l| serde_json::from_str(l).unwrap()).collect()
}

fn text(frames: &[Value]) -> String {
    frames.iter().filter(|f| f["type"] == "delta").filter_map(|f| f["text"].as_str()).collect()
}

/// Each panel's id, title, final status, all its text, and its duration.
fn panels(frames: &[Value]) -> Vec<(String, String, String, String, bool)> {
    let mut out: Vec<(String, String, String, String, bool)> = Vec::new();
    for f in frames.iter().filter(|f| f["type"] == "panel") {
        let id = f["id"].as_str().unwrap().to_string();
        let at = match out.iter().position(|p| p.0 == id) {
            Some(at) => at,
            None => {
                out.push((id, String::new(), String::new(), String::new(), false));
                out.len() - 1
            }
        };
        let panel = &mut out[at];
        if let Some(title) = f["title"].as_str() {
            panel.1 = title.into();
        }
        if let Some(status) = f["status"].as_str() {
            panel.2 = status.into();
        }
        panel.3.push_str(f["text"].as_str().unwrap_or(""));
        panel.4 |= f["duration_ms"].is_u64();
    }
    out
}

#[tokio::test]
async fn the_model_calls_tools_each_shown_then_answers() {
    let upstream = TestUpstream::start(Options::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let base = serve(&upstream, dir.path()).await;
    let client = reqwest::Client::builder().cookie_store(true).build().unwrap();

    let frames = turn(
        &client,
        &base,
        r#"What is 17 * 23 + 4, and which notes mention llamas? [call:calculator:{"expression":"17 * 23 + 4"}] [call:search_notes:{"query":"llama"}]"#,
    )
    .await;
    let shown = panels(&frames);
    assert_eq!(shown.len(), 2, "{frames:?}");
    let (_, title, status, body, timed) = &shown[0];
    assert_eq!((title.as_str(), status.as_str()), ("🔧 calculator", "done"));
    assert!(body.contains(r#"arguments: {"expression":"17 * 23 + 4"}"#) && body.contains("result: 395"), "{body}");
    assert!(timed, "the call's duration is shown");
    assert_eq!(shown[1].1, "🔧 search_notes");
    assert!(shown[1].3.contains("animals.md"), "{:?}", shown[1]);

    // The model was given the tools, then the results, and answered with them.
    let said = text(&frames);
    assert!(said.contains("Tool results: 395; animals.md"), "{said}");
    assert_eq!(frames.last().unwrap()["type"], "done");
    let requests = upstream.requests();
    let (first, second) = (&requests[requests.len() - 2].body, &requests[requests.len() - 1].body);
    let offered: Vec<&str> =
        first["tools"].as_array().unwrap().iter().filter_map(|t| t["function"]["name"].as_str()).collect();
    assert_eq!(offered, ["calculator", "clock", "search_notes"]);
    let messages = second["messages"].as_array().unwrap();
    let asked = &messages[messages.len() - 3];
    assert_eq!(asked["role"], "assistant");
    assert_eq!(asked["tool_calls"][0]["function"]["name"], "calculator");
    let answered = &messages[messages.len() - 2];
    assert_eq!((answered["role"].as_str(), answered["content"].as_str()), (Some("tool"), Some("395")));
    assert_eq!(answered["tool_call_id"], asked["tool_calls"][0]["id"]);
}

#[tokio::test]
async fn a_failing_tool_is_shown_failed_and_the_model_told() {
    let upstream = TestUpstream::start(Options::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let base = serve(&upstream, dir.path()).await;
    let client = reqwest::Client::builder().cookie_store(true).build().unwrap();

    let frames =
        turn(&client, &base, r#"Divide by zero [call:calculator:{"expression":"1/0"}] [call:launch_rockets:{}]"#).await;
    let shown = panels(&frames);
    assert_eq!(shown.iter().map(|p| p.2.as_str()).collect::<Vec<_>>(), ["failed", "failed"], "{frames:?}");
    assert!(shown[1].3.contains("no tool named \"launch_rockets\""), "{:?}", shown[1]);
    assert!(text(&frames).contains("Tool results: error: 1/0 has no finite value"), "{}", text(&frames));
}

/// Tools of an MCP server beside its own: the server built with the MCP
/// Python SDK that the server's tests use (`server/tests/mcp_tools_server.py`).
#[tokio::test]
async fn an_mcp_servers_tools_are_offered_beside_its_own() {
    let upstream = TestUpstream::start(Options::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let calc = colloquy::McpServerConfig {
        command: "python3".into(),
        args: vec![format!("{root}/server/tests/mcp_tools_server.py")],
        env: [("PYTHONPATH".to_string(), format!("{root}/.tools/python-mcp"))].into(),
        tools: vec!["add".into()],
        ..Default::default()
    };
    let base = tool_agent::bot(NOTES)
        .provider_model(ProviderKind::OpenAi, format!("{}/v1", upstream.url()), None, "tool-model")
        .mcp_server("calc", calc)
        .serve_for_test(dir.path())
        .await
        .expect("the agent starts")
        .base;
    let client = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let frames = turn(&client, &base, r#"Add [call:add:{"a":2,"b":3}]"#).await;
    let shown = panels(&frames);
    assert!(!shown.is_empty(), "{frames:?}");
    assert_eq!((shown[0].1.as_str(), shown[0].2.as_str()), ("🔧 add", "done"), "{frames:?}");
    assert!(shown[0].3.contains("result: 5"), "{:?}", shown[0]);
    assert!(text(&frames).contains("Tool results: 5"), "{}", text(&frames));
    let first = &upstream.requests()[0].body;
    let offered: Vec<&str> =
        first["tools"].as_array().unwrap().iter().filter_map(|t| t["function"]["name"].as_str()).collect();
    assert_eq!(offered, ["calculator", "clock", "search_notes", "add"]);
}
