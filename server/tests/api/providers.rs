//! The server in front of HTTP model servers: the model picker, replies
//! through each protocol, Stop and disconnects reaching the upstream
//! request, reattaching, and API keys that never leave the server.

use std::time::{Duration, Instant};

use crate::common::{self, TestApp};

use colloquy_config::{Config, ModelEntry, ProviderConfig, ProviderKind};
use colloquy_core::MediaKind;
use colloquy_test_upstream::{Options, TestUpstream};
use common::{frames, reply_text};
use futures::StreamExt;
use serde_json::json;

const KEY: &str = "sk-colloquy-test-SECRET-7f3a9c";

fn provider(kind: ProviderKind, base_url: String) -> ProviderConfig {
    let toml = format!("kind = \"{}\"\nbase_url = \"{base_url}\"\napi_key = \"{KEY}\"\nidle_timeout_secs = 2\nretry_backoff_secs = 0.01\n",
        match kind { ProviderKind::OpenAi => "openai", ProviderKind::Anthropic => "anthropic", ProviderKind::Ollama => "ollama" });
    toml::from_str(&toml).unwrap()
}

fn config(upstream: &TestUpstream) -> Config {
    crate::common::site_root();
    let mut config = Config::default();
    config.server.listen = "127.0.0.1:0".parse().unwrap();
    config.server.reattach_grace_secs = 0.5;
    config.model.enabled = false;
    config.providers.insert("oa".into(), provider(ProviderKind::OpenAi, format!("{}/v1", upstream.url())));
    config.providers.insert("an".into(), provider(ProviderKind::Anthropic, upstream.url()));
    config.providers.insert("ol".into(), provider(ProviderKind::Ollama, upstream.url()));
    for (id, provider, label) in
        [("gpt", "oa", "GPT (test)"), ("claude", "an", "Claude (test)"), ("llama", "ol", "Llama (test)")]
    {
        config.models.push(ModelEntry {
            id: id.into(),
            provider: provider.into(),
            model: Some(format!("{id}-upstream")),
            label: Some(label.into()),
            fallback: None,
            accepts: match id {
                "gpt" => vec![MediaKind::Image, MediaKind::Audio],
                "claude" => vec![MediaKind::Image],
                _ => vec![],
            },
            queue: Default::default(),
        });
    }
    // Each server gets a folder of its own, kept for the test's lifetime.
    let data = tempfile::tempdir().unwrap().keep();
    config.uploads.dir = data.join("uploads");
    config.storage.url = format!("sqlite:{}/colloquy.db", data.display());
    config.chat.default_model = Some("claude".into());
    config
}

struct Server {
    base: String,
    client: reqwest::Client,
}

async fn spawn(config: Config) -> Server {
    let base = TestApp::spawn(config).await.base;
    // A browser: keeps its session cookie.
    let client = reqwest::Client::builder().cookie_store(true).build().unwrap();
    Server { base, client }
}

impl Server {
    async fn turn(&self, model: &str, text: &str) -> reqwest::Response {
        self.turn_with(model, text, json!([])).await
    }
}

#[tokio::test]
async fn the_page_offers_the_configured_models_and_never_the_key() {
    let upstream = TestUpstream::start(Options::default()).await.unwrap();
    let server = spawn(config(&upstream)).await;
    let html = server.client.get(&server.base).send().await.unwrap().text().await.unwrap();
    for label in ["GPT (test)", "Claude (test)", "Llama (test)"] {
        assert!(html.contains(label), "{label} missing from the picker");
    }
    assert!(html.contains(r#"<option value="claude" selected"#), "the default is selected: {html}");
    assert!(!html.contains("SECRET") && !html.contains(&upstream.url()), "no keys or provider URLs in the page");
    assert!(html.contains("\"default_model\":\"claude\""), "the settings for the browser name the default: {html}");
    assert!(!html.contains("127.0.0.1"), "no provider addresses in the page");
}

#[tokio::test]
async fn each_protocol_streams_through_the_server() {
    let upstream = TestUpstream::start(Options { api_key: Some(KEY.into()), ..Options::default() }).await.unwrap();
    let server = spawn(config(&upstream)).await;
    for (model, via) in [("gpt", "openai"), ("claude", "anthropic"), ("llama", "ollama")] {
        let frames = frames(server.turn(model, "hello [think]").await).await;
        assert_eq!(frames[0]["type"], "started");
        assert_eq!(reply_text(&frames), format!("You said: hello (via {via})"));
        let reasoning: String =
            frames.iter().filter(|f| f["type"] == "reasoning").map(|f| f["text"].as_str().unwrap()).collect();
        assert_eq!(reasoning, "Let me think about this.");
        assert_eq!(frames.last().unwrap()["type"], "done", "{frames:?}");
    }
    let models: Vec<String> =
        upstream.requests().iter().map(|r| r.body["model"].as_str().unwrap().to_string()).collect();
    assert_eq!(models, ["gpt-upstream", "claude-upstream", "llama-upstream"]);
    assert!(upstream.requests().iter().all(|r| r.key.as_deref() == Some(KEY)));
}

#[tokio::test]
async fn a_mid_stream_fault_keeps_the_partial_reply_and_says_why() {
    let upstream = TestUpstream::start(Options::default()).await.unwrap();
    let server = spawn(config(&upstream)).await;
    let frames = frames(server.turn("gpt", "story [delay:5] [fault:error-event]").await).await;
    assert_eq!(reply_text(&frames), "You said:");
    let last = frames.last().unwrap();
    assert_eq!(last["type"], "error");
    assert!(last["message"].as_str().unwrap().contains("interrupted"), "{last}");
}

/// Reads until `n` deltas arrived; returns the reply id, the frames seen
/// and the rest of the stream.
/// Starts a long reply and reads until at least `n` tokens have come (a
/// chunk can carry several: the server batches them). Returns the reply's
/// id, the frames read, the tokens read and the rest of the body.
async fn start(
    server: &Server,
    model: &str,
    n: usize,
) -> (String, usize, usize, impl futures::Stream<Item = reqwest::Result<bytes::Bytes>>) {
    let response = server.turn(model, "[tokens:1000] [delay:20]").await;
    assert_eq!(response.status(), 200);
    let mut body = Box::pin(response.bytes_stream());
    let mut decoder = colloquy_wire::FrameDecoder::default();
    let (mut reply_id, mut deltas, mut seen) = (String::new(), 0, 0);
    while deltas < n {
        let chunk = body.next().await.expect("stream goes on").unwrap();
        for frame in decoder.push(std::str::from_utf8(&chunk).unwrap()) {
            seen += 1;
            let frame = serde_json::to_value(frame.unwrap()).unwrap();
            match frame["type"].as_str() {
                Some("started") => reply_id = frame["reply_id"].as_str().unwrap().to_string(),
                Some("delta") => deltas += 1,
                other => panic!("unexpected frame {other:?}"),
            }
        }
    }
    (reply_id, seen, deltas, body)
}

async fn wait_for_close(upstream: &TestUpstream, closes: u64, within: Duration) -> Duration {
    let started = Instant::now();
    while upstream.stats().closed_early < closes {
        assert!(started.elapsed() < within, "the upstream request was not closed within {within:?}");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    started.elapsed()
}

#[tokio::test]
async fn stop_drops_the_upstream_request_within_a_second() {
    let upstream = TestUpstream::start(Options::default()).await.unwrap();
    let server = spawn(config(&upstream)).await;
    for (i, model) in ["gpt", "claude", "llama"].into_iter().enumerate() {
        let (reply_id, _, _, _body) = start(&server, model, 3).await;
        let stopped = server
            .client
            .post(format!("{}/api/stop_reply", server.base))
            .form(&[("reply_id", reply_id.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(stopped.text().await.unwrap(), "true");
        let took = wait_for_close(&upstream, i as u64 + 1, Duration::from_secs(1)).await;
        println!("{model}: upstream closed {took:?} after stop");
    }
}

#[tokio::test]
async fn a_disconnected_browser_can_reattach_else_the_upstream_is_dropped() {
    let upstream = TestUpstream::start(Options::default()).await.unwrap();
    let server = spawn(config(&upstream)).await;

    // Disconnect, then reattach within the grace period (0.5 s): the reply
    // goes on from where the browser left off, with nothing lost.
    let (reply_id, seen, tokens, body) = start(&server, "gpt", 3).await;
    drop(body);
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(upstream.stats().closed_early, 0, "dropped during the grace period");
    let resumed = server
        .client
        .post(format!("{}/api/resume_reply", server.base))
        .json(&json!({ "reply_id": reply_id, "from": seen }))
        .send()
        .await
        .unwrap();
    assert_eq!(resumed.status(), 200);
    let mut body = Box::pin(resumed.bytes_stream());
    let first = String::from_utf8(body.next().await.unwrap().unwrap().to_vec()).unwrap();
    // The stand-in's tokens are " t0", " t1", …: the next is " t{tokens}".
    let next = format!(r#"{{"type":"delta","text":" t{tokens}"}}"#);
    assert!(first.starts_with(&next), "picks up at token {tokens}, the first not seen: {first}");
    drop(body);

    // Nobody reattaches: the upstream request is dropped after the grace.
    let took = wait_for_close(&upstream, 1, Duration::from_secs(2)).await;
    assert!(took >= Duration::from_millis(400), "closed before the grace period ended: {took:?}");

    let gone = server
        .client
        .post(format!("{}/api/resume_reply", server.base))
        .json(&json!({ "reply_id": "0".repeat(32), "from": 0 }))
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), 404);
    assert!(gone.text().await.unwrap().contains("was not found"));
}

/// Keys stay out of logs and error messages even with every log line on.
#[test]
fn keys_never_reach_logs_or_messages() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let upstream = runtime
        .block_on(TestUpstream::start(Options { api_key: Some("the-right-key".into()), ..Options::default() }))
        .unwrap();
    let dir = std::env::temp_dir().join(format!("colloquy-keys-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let config_path = dir.join("colloquy.toml");
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    std::fs::write(
        &config_path,
        format!(
            r#"
[server]
listen = "127.0.0.1:{port}"
[model]
enabled = false
[providers.oa]
kind = "openai"
base_url = "{url}/v1"
api_key_env = "COLLOQUY_TEST_KEY"
max_retries = 0
[[models]]
id = "gpt"
provider = "oa"
"#,
            url = upstream.url()
        ),
    )
    .unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_colloquy"))
        .args(["--config", config_path.to_str().unwrap()])
        .env("COLLOQUY_TEST_KEY", KEY)
        .env("RUST_LOG", "trace")
        // Its data folders land in the temporary folder, not the repository.
        .current_dir(&dir)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Read as it is written: trace logging fills a pipe's buffer in a few
    // requests, and a server blocked on a full pipe answers nothing.
    let drain = |pipe: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = std::io::Read::read_to_string(&mut std::io::BufReader::new(pipe), &mut text);
            text
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let base = format!("http://127.0.0.1:{port}");
    let replies = runtime.block_on(async {
        let client = reqwest::Client::new();
        let started = Instant::now();
        while client.get(format!("{base}/favicon.ico")).send().await.is_err() {
            assert!(started.elapsed() < Duration::from_secs(20), "server did not start");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let mut replies = String::new();
        for text in ["hello", "[fault:500]", "[fault:cut]"] {
            let response = client
                .post(format!("{base}/api/chat_reply"))
                .json(&json!({ "turn": { "message": { "role": "user", "content": text }, "model": "gpt" } }))
                .send()
                .await
                .unwrap();
            replies.push_str(&response.text().await.unwrap_or_default());
        }
        replies
    });
    let _ = child.kill();
    let _ = child.wait();
    let logs = format!("{}{}", stdout.join().unwrap(), stderr.join().unwrap());
    assert!(replies.contains("rejected the API key"), "{replies}");
    assert!(logs.len() > 1000, "trace logging was on: {logs}");
    for (what, text) in [("logs", &logs), ("replies", &replies)] {
        assert!(!text.contains("SECRET"), "the key appears in the {what}");
        assert!(!text.contains("sk-col"), "part of the key appears in the {what}");
    }
}

#[tokio::test]
async fn feedback_is_accepted_and_bad_feedback_refused() {
    let upstream = TestUpstream::start(Options::default()).await.unwrap();
    let server = spawn(config(&upstream)).await;
    let post = |body: serde_json::Value| {
        let client = server.client.clone();
        let url = format!("{}/api/send_feedback", server.base);
        async move { client.post(url).json(&body).send().await.unwrap() }
    };
    let started = frames(server.turn("gpt", "hello").await).await;
    let conversation = started[0]["conversation"].as_str().unwrap().to_string();
    let ok = post(
        json!({ "feedback": { "conversation": conversation, "seq": 2, "rating": "like", "comment": "Spot on." } }),
    )
    .await;
    assert_eq!(ok.status(), 200);
    for (body, status, expected) in [
        (json!({ "feedback": { "conversation": "nope", "seq": 2, "rating": "like" } }), 404, "not found"),
        (json!({ "feedback": { "conversation": conversation, "seq": 1, "rating": "like" } }), 404, "not found"),
        (json!({ "feedback": { "conversation": conversation, "seq": 2, "rating": "meh" } }), 400, "unknown variant"),
        (
            json!({ "feedback": { "conversation": conversation, "seq": 2, "rating": "dislike", "comment": "x".repeat(2001) } }),
            400,
            "the limit is 2000",
        ),
    ] {
        let response = post(body).await;
        assert_eq!(response.status(), status);
        let text = response.text().await.unwrap();
        assert!(text.contains(expected), "{text}");
    }
}

/// The first bytes of a PNG of `width` × `height`: what the upload checks
/// read (signature and header).
fn png(width: u32, height: u32) -> Vec<u8> {
    let mut png = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, b'I', b'H', b'D', b'R'];
    png.extend(width.to_be_bytes());
    png.extend(height.to_be_bytes());
    png.extend([8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89]);
    png
}

impl Server {
    async fn upload(&self, name: &str, bytes: Vec<u8>) -> (reqwest::StatusCode, serde_json::Value) {
        let response = self
            .client
            .post(format!("{}/api/upload", self.base))
            .query(&[("name", name)])
            .body(bytes)
            .send()
            .await
            .unwrap();
        (response.status(), response.json().await.unwrap())
    }

    async fn turn_with(&self, model: &str, text: &str, attachments: serde_json::Value) -> reqwest::Response {
        self.client
            .post(format!("{}/api/chat_reply", self.base))
            .json(&json!({ "turn": { "message": { "role": "user", "content": text, "attachments": attachments }, "model": model } }))
            .send()
            .await
            .unwrap()
    }
}

#[tokio::test]
async fn uploads_are_checked_by_their_bytes() {
    let upstream = TestUpstream::start(Options::default()).await.unwrap();
    let mut config = config(&upstream);
    config.uploads.max_file_bytes = 64 * 1024;
    // Text files are bounded by max_file_bytes too (the configuration is
    // checked at start).
    config.uploads.max_text_bytes = 64 * 1024;
    let server = spawn(config).await;

    let (status, image) = server.upload("../cat.png", png(4, 3)).await;
    assert_eq!(status, 200, "{image}");
    assert_eq!(
        (image["name"].as_str(), image["kind"].as_str(), image["size"].as_u64()),
        (Some("cat.png"), Some("image"), Some(33))
    );
    assert_eq!(image["id"].as_str().unwrap().len(), 32);

    let cases = [
        ("cat.png", b"MZ\x90\0\x03\0\0\0".to_vec(), 415, "cat.png is not a file type this chat takes"),
        ("big.txt", vec![b'a'; 64 * 1024 + 1], 413, "big.txt is 65537 bytes; files can be at most 65536 bytes"),
        ("bomb.png", png(50_000, 50_000), 413, "bomb.png is a 50000×50000 image"),
        ("empty.txt", vec![], 400, "empty.txt is empty"),
    ];
    for (name, bytes, status, message) in cases {
        let (got, body) = server.upload(name, bytes).await;
        assert_eq!(got, status, "{name}: {body}");
        assert!(body["error"].as_str().unwrap().starts_with(message), "{name}: {body}");
    }
    // Far over the limit, the body is cut off before it is read whole.
    let response = server
        .client
        .post(format!("{}/api/upload?name=huge.bin", server.base))
        .body(vec![0u8; 1024 * 1024])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
}

#[tokio::test]
async fn attachments_reach_each_protocol_in_its_own_shape() {
    let upstream = TestUpstream::start(Options::default()).await.unwrap();
    let server = spawn(config(&upstream)).await;
    let (_, image) = server.upload("cat.png", png(4, 3)).await;
    let (_, notes) = server.upload("notes.md", b"# Plan\n- ship it\n".to_vec()).await;
    assert_eq!(notes["kind"], "text");
    let data_url = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAQAAAADCAYAAAAfFcSJ";

    // OpenAI: an image_url part; the text file written into the text.
    let got = frames(server.turn_with("gpt", "what is this?", json!([image, notes])).await).await;
    assert_eq!(
        reply_text(&got),
        "You said: what is this? <file name=\"notes.md\"> # Plan - ship it </file> (via openai; attachments: 1)"
    );
    let body = upstream.requests().last().unwrap().body.clone();
    let parts = &body["messages"].as_array().unwrap().last().unwrap()["content"];
    assert_eq!(parts[0]["type"], "text");
    assert!(parts[0]["text"].as_str().unwrap().ends_with("<file name=\"notes.md\">\n# Plan\n- ship it\n\n</file>"));
    assert_eq!(parts[1], json!({ "type": "image_url", "image_url": { "url": data_url } }));

    // Anthropic: an image block; an image alone, with no text, is a message.
    let got = frames(server.turn_with("claude", "", json!([image])).await).await;
    assert!(reply_text(&got).ends_with("(via anthropic; attachments: 1)"), "{got:?}");
    let body = upstream.requests().last().unwrap().body.clone();
    assert_eq!(body["messages"][0]["content"][0]["source"]["media_type"], "image/png");

    // A model without image input refuses before anything is sent upstream.
    let before = upstream.requests().len();
    let response = server.turn_with("llama", "and this?", json!([image])).await;
    assert_eq!(response.status(), 400);
    let text = response.text().await.unwrap();
    assert!(text.contains("Llama (test) cannot read image files such as cat.png; pick a model that can"), "{text}");
    assert_eq!(upstream.requests().len(), before);

    // An id the store does not have reads like somebody else's: not found.
    let mut forged = image.clone();
    forged["id"] = json!("0123456789abcdef0123456789abcdef");
    let response = server.turn_with("gpt", "hi", json!([forged])).await;
    assert_eq!(response.status(), 404);
    assert!(response.text().await.unwrap().contains("This attachment was not found"));
}
