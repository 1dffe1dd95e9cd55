//! Rate limits (per user, per address, per action) and the fair line in
//! front of each model, through the real server and a local provider.

use crate::common::{self, TestApp};

use std::time::Duration;

use colloquy_config::{BudgetConfig, QueueConfig};
use colloquy_test_upstream::{Options, TestUpstream};
use futures::StreamExt;
use serde_json::{json, Value};

fn budget(burst: u32) -> BudgetConfig {
    BudgetConfig { burst, every_secs: 60.0 }
}

fn browser() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).build().unwrap()
}

/// A first message to the `gpt` model.
fn first_turn(text: &str) -> Value {
    json!({ "turn": { "message": { "role": "user", "content": text, "attachments": [] }, "model": "gpt" } })
}

async fn turn(client: &reqwest::Client, base: &str, text: &str) -> reqwest::Response {
    client.post(format!("{base}/api/chat_reply")).header("accept", "*/*").json(&first_turn(text)).send().await.unwrap()
}

/// A 429 that says when to come back, in its header and in its words.
async fn assert_limited(response: reqwest::Response) -> u64 {
    assert_eq!(response.status(), 429);
    let wait: u64 = response.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    let body = response.text().await.unwrap();
    assert!(body.contains("You can try again in"), "{body}");
    wait
}

fn data_dir() -> std::path::PathBuf {
    tempfile::tempdir().unwrap().keep()
}

#[tokio::test]
async fn chat_turns_are_limited_per_user_and_per_address() {
    let upstream = TestUpstream::start(Options::default()).await.unwrap();
    let dir = data_dir();
    let mut config = common::config(&upstream, &format!("sqlite:{}/colloquy.db", dir.display()));
    config.limits.chat_per_user = budget(2);
    config.limits.chat_per_address = budget(5);
    let base = TestApp::spawn(config).await.base;

    let alice = browser();
    for _ in 0..2 {
        let frames = common::frames(turn(&alice, &base, "hello").await).await;
        assert_eq!(frames.last().unwrap()["type"], "done");
    }
    assert_limited(turn(&alice, &base, "hello").await).await;
    // Nothing of the refused turn reached the model.
    assert_eq!(upstream.requests().len(), 2);

    // Bob, from the same address, has his own budget...
    let bob = browser();
    common::frames(turn(&bob, &base, "hi").await).await;
    common::frames(turn(&bob, &base, "hi").await).await;
    // ...until the address has used its five (Alice's refused try counts).
    assert_limited(turn(&browser(), &base, "hi").await).await;

    // An X-Forwarded-For from a peer that is not a trusted proxy changes
    // nothing: the address is still the peer's.
    let spoofed = browser()
        .post(format!("{base}/api/chat_reply"))
        .header("x-forwarded-for", "203.0.113.9")
        .json(&first_turn("hi"))
        .send()
        .await
        .unwrap();
    assert_limited(spoofed).await;
    assert_eq!(upstream.requests().len(), 4);
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_forwarded_client_has_its_own_budget() {
    let upstream = TestUpstream::start(Options::default()).await.unwrap();
    let dir = data_dir();
    let mut config = common::config(&upstream, &format!("sqlite:{}/colloquy.db", dir.display()));
    config.server.trusted_proxies = vec!["127.0.0.1/32".into()];
    config.limits.chat_per_address = budget(1);
    let base = TestApp::spawn(config).await.base;
    let from = |client: &'static str| {
        browser()
            .post(format!("{base}/api/chat_reply"))
            .header("x-forwarded-for", client)
            .json(&first_turn("hi"))
            .send()
    };
    common::frames(from("198.51.100.1").await.unwrap()).await;
    assert_limited(from("198.51.100.1").await.unwrap()).await;
    common::frames(from("198.51.100.2").await.unwrap()).await;
}

#[tokio::test]
async fn uploads_have_a_budget_of_their_own() {
    let upstream = TestUpstream::start(Options::default()).await.unwrap();
    let dir = data_dir();
    let mut config = common::config(&upstream, &format!("sqlite:{}/colloquy.db", dir.display()));
    config.limits.uploads_per_user = budget(1);
    config.limits.chat_per_user = budget(1);
    let base = TestApp::spawn(config).await.base;
    let alice = browser();
    let upload = || alice.post(format!("{base}/api/upload")).query(&[("name", "notes.txt")]).body("some notes").send();
    assert_eq!(upload().await.unwrap().status(), 200);
    let refused = upload().await.unwrap();
    let wait = refused.headers()["retry-after"].to_str().unwrap().to_string();
    assert_eq!(refused.status(), 429);
    assert!(wait.parse::<u64>().is_ok_and(|w| (1..=60).contains(&w)), "{wait}");
    let body: Value = refused.json().await.unwrap();
    assert!(body["error"].as_str().unwrap().contains("You can try again in"), "{body}");
    // Chat turns were not spent by uploads.
    common::frames(turn(&alice, &base, "hello").await).await;
}

#[tokio::test]
async fn too_long_a_history_is_refused_with_the_limit() {
    let upstream = TestUpstream::start(Options::default()).await.unwrap();
    let dir = data_dir();
    let mut config = common::config(&upstream, &format!("sqlite:{}/colloquy.db", dir.display()));
    config.limits.max_history_messages = 2;
    let base = TestApp::spawn(config).await.base;
    let alice = browser();
    let frames = common::frames(turn(&alice, &base, "one").await).await;
    let conversation = frames[0]["conversation"].as_str().unwrap().to_string();
    let next = alice
        .post(format!("{base}/api/chat_reply"))
        .json(&json!({ "turn": { "conversation": conversation, "expect": 2, "keep": 2,
            "message": { "role": "user", "content": "two", "attachments": [] }, "model": "gpt" } }))
        .send()
        .await
        .unwrap();
    assert_eq!(next.status(), 400);
    let body = next.text().await.unwrap();
    assert!(body.contains("has 3 messages; the limit is 2"), "{body}");
}

/// Frames as they come, one at a time.
struct Frames {
    body: std::pin::Pin<Box<dyn futures::Stream<Item = reqwest::Result<bytes::Bytes>> + Send>>,
    decoder: colloquy_wire::FrameDecoder,
    ready: std::collections::VecDeque<Value>,
}

impl Frames {
    fn new(response: reqwest::Response) -> Self {
        assert_eq!(response.status(), 200);
        Self { body: Box::pin(response.bytes_stream()), decoder: Default::default(), ready: Default::default() }
    }

    async fn next(&mut self) -> Option<Value> {
        loop {
            if let Some(frame) = self.ready.pop_front() {
                return Some(frame);
            }
            let chunk = self.body.next().await?.unwrap();
            for frame in self.decoder.push(std::str::from_utf8(&chunk).unwrap()) {
                self.ready.push_back(serde_json::to_value(frame.unwrap()).unwrap());
            }
        }
    }
}

#[tokio::test]
async fn a_busy_model_serves_in_order_shows_the_place_and_refuses_a_full_line() {
    let upstream = TestUpstream::start(Options::default()).await.unwrap();
    let dir = data_dir();
    let mut config = common::config(&upstream, &format!("sqlite:{}/colloquy.db", dir.display()));
    config.models[0].queue = QueueConfig { concurrency: 1, max_waiting: 2 };
    let base = TestApp::spawn(config).await.base;
    let (alice, bob, carol, dave) = (browser(), browser(), browser(), browser());

    // Alice's reply is slow: it holds the only slot.
    let mut first = Frames::new(turn(&alice, &base, "[tokens:40] [delay:50]").await);
    assert_eq!(first.next().await.unwrap()["type"], "started");
    assert_eq!(first.next().await.unwrap()["type"], "delta");
    // Bob and Carol wait, and are told where they stand.
    let mut second = Frames::new(turn(&bob, &base, "bob here").await);
    let second_id = second.next().await.unwrap()["reply_id"].as_str().unwrap().to_string();
    assert_eq!(second.next().await.unwrap(), json!({ "type": "queued", "position": 1 }));
    let mut third = Frames::new(turn(&carol, &base, "carol here").await);
    assert_eq!(third.next().await.unwrap()["type"], "started");
    assert_eq!(third.next().await.unwrap(), json!({ "type": "queued", "position": 2 }));
    // The line is full: Dave is told to come back, and nothing is stored.
    let busy = turn(&dave, &base, "dave here").await;
    assert_eq!(busy.status(), 503);
    assert!(busy.headers().contains_key("retry-after"));
    assert!(busy.text().await.unwrap().contains("is busy right now"));

    // Bob gives up (Stop): he leaves the line and Carol moves up.
    let stop =
        bob.post(format!("{base}/api/stop_reply")).form(&[("reply_id", second_id.as_str())]).send().await.unwrap();
    assert_eq!(stop.status(), 200);
    assert_eq!(third.next().await.unwrap(), json!({ "type": "queued", "position": 1 }));
    drop(second);
    // Dave fits in the line now.
    let mut fourth = Frames::new(turn(&dave, &base, "dave again").await);
    assert_eq!(fourth.next().await.unwrap()["type"], "started");
    assert_eq!(fourth.next().await.unwrap(), json!({ "type": "queued", "position": 2 }));

    // Alice finishes; then Carol is served, then Dave: first come, first served.
    while let Some(frame) = first.next().await {
        assert_ne!(frame["type"], "error", "{frame}");
    }
    let mut carol_said = String::new();
    while let Some(frame) = third.next().await {
        if frame["type"] == "delta" {
            carol_said.push_str(frame["text"].as_str().unwrap());
        }
    }
    assert_eq!(carol_said, "You said: carol here (via openai)");
    let rest: Vec<Value> = {
        let mut all = Vec::new();
        while let Some(frame) = fourth.next().await {
            all.push(frame);
        }
        all
    };
    assert_eq!(common::reply_text(&rest), "You said: dave again (via openai)");
    let order: Vec<String> = upstream
        .requests()
        .iter()
        .map(|r| r.body["messages"].as_array().unwrap().last().unwrap()["content"].to_string())
        .collect();
    assert_eq!(order.len(), 3, "Bob's reply never reached the model: {order:?}");
    assert!(order[1].contains("carol") && order[2].contains("dave"), "{order:?}");
    tokio::time::sleep(Duration::from_millis(10)).await;
}
