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
    // A bot of the bots folder is a tool too.
    config.bots.dir = dir.path().join("bots");
    std::fs::create_dir_all(&config.bots.dir).unwrap();
    let helper = "[chat]\ntitle = \"Helper\"\ndescription = \"Answers in one line.\"\n";
    std::fs::write(config.bots.dir.join("helper.toml"), helper).unwrap();
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
    assert_eq!(seen["descriptions"]["helper"], "Answers in one line.", "{seen}");
    assert_eq!(seen["tools"]["helper"]["required"], json!(["message"]), "{seen}");

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

/// `server/tests/mcp_tools_server.py` (built with the MCP Python SDK), run
/// by the server as a child process, offering `tools`.
fn calc_server(tools: &[&str]) -> colloquy_config::McpServerConfig {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    colloquy_config::McpServerConfig {
        command: "python3".into(),
        args: vec![format!("{root}/server/tests/mcp_tools_server.py")],
        env: [("PYTHONPATH".to_string(), format!("{root}/.tools/python-mcp"))].into(),
        tools: tools.iter().map(|t| t.to_string()).collect(),
        ..Default::default()
    }
}

/// A server whose models (one per provider wire format: OpenAI, Anthropic,
/// Ollama, all the stand-in) are offered the tools of a real MCP server:
/// `server/tests/mcp_tools_server.py`, built with the MCP Python SDK,
/// started by the server as a child process.
async fn app_with_tools(upstream: &TestUpstream) -> (TestApp, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let marker = dir.path().join("slow-tool").display().to_string();
    let mut config = common::config(upstream, &format!("sqlite:{}/tools.db", dir.path().display()));
    for (provider, kind, model) in [("an", "anthropic", "claude"), ("ol", "ollama", "llama")] {
        let settings = format!("kind = \"{kind}\"\nbase_url = \"{}\"\napi_key = \"k\"\n", upstream.url());
        config.providers.insert(provider.into(), toml::from_str(&settings).unwrap());
        let mut entry = config.models[0].clone();
        (entry.id, entry.provider) = (model.into(), provider.into());
        config.models.push(entry);
    }
    let mut server = calc_server(&["add", "fail", "slow", "crash"]);
    server.env.insert("MCP_TOOLS_MARKER".into(), marker);
    config.mcp.servers.insert("calc".into(), server);
    config.mcp.call_timeout_secs = 5.0;
    (TestApp::spawn(config).await, dir)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn models_call_the_tools_of_an_mcp_server() {
    let upstream = TestUpstream::start(Options::default()).await.unwrap();
    let (app, _dir) = app_with_tools(&upstream).await;
    let client = reqwest::Client::builder().cookie_store(true).build().unwrap();

    for model in ["gpt", "claude", "llama"] {
        // The stand-in asks for the tool in its provider's wire format;
        // the server runs it on the MCP server and gives the model the
        // result, which it answers with.
        let frames =
            common::frames(common::new_chat_turn(&client, &app.base, model, r#"sum [call:add:{"a":2,"b":3}]"#).await)
                .await;
        assert!(common::reply_text(&frames).contains("Tool results: 5"), "{model}: {frames:?}");
        // The call is a panel: its arguments, then its result and time.
        let panels: Vec<&Value> = frames.iter().filter(|f| f["type"] == "panel").collect();
        assert_eq!(panels.first().unwrap()["title"], "Tool: add", "{model}: {frames:?}");
        let last = panels.last().unwrap();
        assert_eq!(last["status"], "done", "{model}: {frames:?}");
        assert!(last["text"].as_str().unwrap().contains("result: 5"), "{model}: {frames:?}");
        assert!(last["duration_ms"].is_u64(), "{model}: {frames:?}");
        // Kept with the reply: the reloaded page shows the panel, and the
        // export carries it.
        let id = frames[0]["conversation"].as_str().unwrap();
        let page = client.get(format!("{}/c/{id}", app.base)).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("Tool: add") && page.contains("result: 5"), "{model}: the page shows the panel");
        let export: Value =
            client.get(format!("{}/c/{id}/export.json", app.base)).send().await.unwrap().json().await.unwrap();
        assert_eq!(export["messages"][1]["panels"][0]["title"], "Tool: add", "{model}: {export}");
    }

    // The model is offered the allowed tools only.
    let asked = upstream.requests().into_iter().find(|r| r.body.to_string().contains("sum [call:add")).unwrap();
    let offered = asked.body.to_string();
    assert!(offered.contains("\"add\"") && offered.contains("\"slow\""), "{offered}");
    assert!(!offered.contains("hidden"), "{offered}");

    // A tool that fails, and one that is not offered: failed panels, and
    // the model is told (the stand-in answers with what it was told).
    let frames =
        common::frames(common::new_chat_turn(&client, &app.base, "gpt", r#"[call:fail:{"why":"x"}]"#).await).await;
    let text = common::reply_text(&frames);
    assert!(text.contains("error:") && text.contains("failed on purpose"), "{frames:?}");
    assert!(frames.iter().any(|f| f["type"] == "panel" && f["status"] == "failed"), "{frames:?}");
    let frames = common::frames(common::new_chat_turn(&client, &app.base, "gpt", "[call:hidden:{}]").await).await;
    assert!(common::reply_text(&frames).contains("no tool named \"hidden\""), "{frames:?}");

    // A call that outlasts its time fails; the reply goes on.
    let frames =
        common::frames(common::new_chat_turn(&client, &app.base, "gpt", r#"[call:slow:{"seconds":30}]"#).await).await;
    assert!(common::reply_text(&frames).contains("did not answer within 5 s"), "{frames:?}");

    // A server that dies mid-call fails that call, and is started again
    // for the next one.
    let frames = common::frames(common::new_chat_turn(&client, &app.base, "gpt", "[call:crash:{}]").await).await;
    assert!(frames.iter().any(|f| f["type"] == "panel" && f["status"] == "failed"), "{frames:?}");
    let frames =
        common::frames(common::new_chat_turn(&client, &app.base, "gpt", r#"[call:add:{"a":1,"b":1}]"#).await).await;
    assert!(common::reply_text(&frames).contains("Tool results: 2"), "{frames:?}");

    // /readyz says how the MCP server stands.
    let ready: Value = reqwest::get(format!("{}/readyz", app.base)).await.unwrap().json().await.unwrap();
    assert_eq!(ready["mcp_servers"]["calc"], "running, 4 tools", "{ready}");
}

#[tokio::test]
async fn an_mcp_server_that_does_not_start_is_reported_not_fatal() {
    let upstream = TestUpstream::start(Options::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut config = common::config(&upstream, &format!("sqlite:{}/broken.db", dir.path().display()));
    let server = colloquy_config::McpServerConfig { command: "/nonexistent/mcp-server".into(), ..Default::default() };
    config.mcp.servers.insert("gone".into(), server);
    let app = TestApp::spawn(config).await;
    let ready: Value = reqwest::get(format!("{}/readyz", app.base)).await.unwrap().json().await.unwrap();
    assert_eq!(ready["ready"], true, "{ready}");
    assert_eq!(ready["mcp_servers"]["gone"], "unavailable", "{ready}");
    // The model answers without tools.
    let client = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let frames = common::frames(common::new_chat_turn(&client, &app.base, "gpt", "hello").await).await;
    assert!(common::reply_text(&frames).contains("hello"), "{frames:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stop_cancels_a_tool_call_in_flight() {
    let upstream = TestUpstream::start(Options::default()).await.unwrap();
    let (app, dir) = app_with_tools(&upstream).await;
    let client = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let response = common::new_chat_turn(&client, &app.base, "gpt", r#"[call:slow:{"seconds":20}]"#).await;
    let mut reply = common::FrameReader::new(response);
    // The call has begun (its panel shows its arguments).
    reply.until(|frames| frames.iter().any(|f| f["type"] == "panel" && f["text"].is_string())).await;
    let id = reply.frames[0]["reply_id"].as_str().unwrap().to_string();
    let stopped = client.post(format!("{}/api/stop_reply", app.base)).form(&[("reply_id", &id)]).send().await;
    assert_eq!(stopped.unwrap().text().await.unwrap(), "true");
    reply.read_rest().await;
    // The MCP server was told: its wait ended as cancelled, not waited out.
    let marker = dir.path().join("slow-tool");
    let cancelled = async {
        while std::fs::read_to_string(&marker).unwrap_or_default() != "cancelled" {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    };
    tokio::time::timeout(Duration::from_secs(10), cancelled).await.expect("the tool call is cancelled at its server");
}

/// Colloquy as the MCP client of another Colloquy over Streamable HTTP:
/// the real binary, configured with the other's `/mcp` and its key from an
/// environment variable, offers the other's bots to its model.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_model_calls_the_bots_of_another_colloquy_over_http() {
    let upstream = TestUpstream::start(Options::default()).await.unwrap();
    let (serving, _serving_dir) = app(&upstream, true).await;
    let user = serving.state.store.create_user(None, None).await.unwrap();
    let key = serving.state.store.create_api_key(&user, "other colloquy").await.unwrap().secret;

    let dir = tempfile::tempdir().unwrap();
    let tools = format!(
        "[mcp.servers.bots]\nurl = \"{}/mcp\"\nheader_env = {{ Authorization = \"COLLOQUY_TEST_BOTS_AUTH\" }}\n",
        serving.base
    );
    let (config_path, port, _) = common::binary_config(&upstream, dir.path(), "", &tools);
    let process = std::process::Command::new(env!("CARGO_BIN_EXE_colloquy"))
        .args(["--config", config_path.to_str().unwrap()])
        .current_dir(dir.path())
        .env("RUST_LOG", "warn")
        .env("COLLOQUY_TEST_BOTS_AUTH", format!("Bearer {key}"))
        .spawn()
        .unwrap();
    let _stop = KillOnDrop(process);
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let ready = async {
        while client.get(format!("{base}/healthz")).send().await.is_err() {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    };
    tokio::time::timeout(Duration::from_secs(30), ready).await.expect("the server starts");

    let text = r#"ask the other [call:main_bot:{"message":"hi there","tone":"formal"}]"#;
    let frames = common::frames(common::new_chat_turn(&client, &base, "gpt", text).await).await;
    // The other Colloquy answered the tool call with its own turn (the
    // stand-in's echo), and this one's model read it.
    let said = common::reply_text(&frames);
    assert!(said.contains("Tool results: You said: hi there"), "{frames:?}");
    assert!(frames.iter().any(|f| f["type"] == "panel" && f["status"] == "done"), "{frames:?}");
}

/// Ends the server process however the test ends.
struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A Rust handler gets the MCP servers' tools on its turn: their specs to
/// offer a model, and `call_tool` to run a call.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_handler_calls_mcp_tools_from_its_turn() {
    use colloquy_core::{Reply, ToolCall, Turn};
    let upstream = TestUpstream::start(Options::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut config = common::config(&upstream, &format!("sqlite:{}/handler.db", dir.path().display()));
    config.mcp.servers.insert("calc".into(), calc_server(&["add"]));
    config.handler = Some(colloquy_config::HandlerConfig::new("adder"));
    let handler = |turn: Turn| async move {
        let offered: Vec<String> = turn.tools.specs().into_iter().map(|spec| spec.name).collect();
        let call = ToolCall { id: "1".into(), name: "add".into(), arguments: r#"{"a":4,"b":5}"#.into() };
        let sum = turn.call_tool(&call).await.unwrap_or_else(|e| format!("failed: {e}"));
        let missing = ToolCall { id: "2".into(), name: "nope".into(), arguments: "{}".into() };
        let refused = turn.call_tool(&missing).await.unwrap_err();
        Reply::text(format!("tools: {}; 4 + 5 = {sum}; {refused}", offered.join(", ")))
    };
    let app = TestApp::spawn_with_handler(config, Some(std::sync::Arc::new(handler))).await;
    let client = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let frames = common::frames(common::new_chat_turn(&client, &app.base, "adder", "add them").await).await;
    assert_eq!(common::reply_text(&frames), "tools: add; 4 + 5 = 9; there is no tool named \"nope\"", "{frames:?}");
}
