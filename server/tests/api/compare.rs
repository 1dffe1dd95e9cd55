//! Compare (issue 26): one message, two models, two replies streamed side
//! by side; choosing one makes it the reply. Each reply obeys the rate
//! limits, the model's line and Stop, as a turn of its own would.

use crate::common::{self, Browser, TestApp};

use colloquy_config::{BudgetConfig, ModelEntry, QueueConfig};
use colloquy_test_upstream::{Options, TestUpstream};
use serde_json::{json, Value};

/// `gpt` and `gpt-b`, both on the OpenAI-protocol stand-in (which echoes),
/// on SQLite.
fn two_models(upstream: &TestUpstream) -> colloquy_config::Config {
    let dir = tempfile::tempdir().unwrap().keep();
    let mut config = common::config(upstream, &format!("sqlite:{}/colloquy.db", dir.display()));
    let second = ModelEntry { id: "gpt-b".into(), model: Some("gpt-b".into()), ..config.models[0].clone() };
    config.models.push(second);
    config
}

fn compare(text: &str, other: &str) -> Value {
    let message = json!({ "role": "user", "content": text, "attachments": [] });
    json!({ "turn": { "conversation": null, "expect": 0, "keep": 0, "message": message, "model": "gpt" }, "other": other })
}

/// Reads reply `id` from its first frame to its end.
async fn read(browser: &Browser, id: &str) -> Vec<Value> {
    common::frames(browser.call("resume_reply", json!({ "reply_id": id, "from": 0 })).await).await
}

#[tokio::test]
async fn two_replies_stream_apart_and_either_can_be_chosen() {
    let upstream = TestUpstream::start(Options::default()).await.unwrap();
    let app = TestApp::spawn(two_models(&upstream)).await;
    let alice = Browser::new(&app.base);

    let started = alice.call("compare_replies", compare("fig", "gpt-b")).await;
    assert_eq!(started.status(), 200);
    let ids: Value = started.json().await.unwrap();
    let (first, second) =
        (read(&alice, ids["first"].as_str().unwrap()).await, read(&alice, ids["second"].as_str().unwrap()).await);
    assert_eq!(first.last().unwrap()["type"], "done", "{first:?}");
    assert_eq!(second.last().unwrap()["type"], "done", "{second:?}");
    // Each model was asked once, with the same message.
    let asked: Vec<String> =
        upstream.requests().iter().map(|r| r.body["model"].as_str().unwrap().to_string()).collect();
    assert_eq!(asked.len(), 2);
    assert!(asked.contains(&"gpt-b".to_string()), "{asked:?}");
    assert_eq!(common::reply_text(&first), common::reply_text(&second));
    assert!(common::reply_text(&first).contains("fig"));
    // The conversation is the first's: the page shows its message and
    // the first reply, one of two versions.
    let conversation = first[0]["conversation"].as_str().unwrap().to_string();
    assert_eq!(second[0]["conversation"], conversation.as_str());
    assert!(first[0]["title"].is_string() && second[0]["title"].is_null(), "{:?} {:?}", first[0], second[0]);
    let (status, page) = alice.page(&format!("/c/{conversation}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("1 / 2"), "the page shows the versions");

    // Choosing the second makes it the reply.
    let form = [("conversation", conversation.as_str()), ("expect", "2"), ("place", "2"), ("variant", "2")];
    let chosen: Value = alice.form("select_variant", &form).await.json().await.unwrap();
    assert_eq!(chosen["count"], 2);
    assert_eq!(chosen["messages"][0]["variant"], json!({ "shown": 2, "of": 2 }));

    // Someone else can read neither reply.
    let bob = Browser::new(&app.base);
    let refused = bob.call("resume_reply", json!({ "reply_id": ids["second"], "from": 0 })).await;
    assert_eq!(refused.status(), 404);
}

#[tokio::test]
async fn each_reply_counts_against_the_rate_limit_and_takes_a_place_in_line() {
    let upstream = TestUpstream::start(Options::default()).await.unwrap();
    let mut config = two_models(&upstream);
    config.limits.chat_per_user = BudgetConfig { burst: 4, every_secs: 60.0 };
    // `gpt-b` answers one at a time, with nobody waiting.
    config.models[1].queue = QueueConfig { concurrency: 1, max_waiting: 0 };
    let app = TestApp::spawn(config).await;
    let alice = Browser::new(&app.base);

    // A slow reply of gpt-b's holds its only place: a comparison with it
    // is refused as the line is full, and nothing is stored or asked.
    let mut slow = common::FrameReader::new(
        common::new_chat_turn(&alice.client, &app.base, "gpt-b", "[tokens:200] [delay:20]").await,
    );
    slow.until(|frames| frames.iter().any(|f| f["type"] == "delta")).await;
    let busy = alice.call("compare_replies", compare("fig", "gpt-b")).await;
    assert_eq!(busy.status(), 503);
    assert!(busy.headers().contains_key("retry-after"));
    assert_eq!(upstream.requests().len(), 1);
    // Stop ends it; then the comparison fits the line.
    let slow_id = slow.frames[0]["reply_id"].as_str().unwrap().to_string();
    assert_eq!(alice.form("stop_reply", &[("reply_id", slow_id.as_str())]).await.status(), 200);
    slow.read_rest().await;
    // Four turns a minute: the slow one and the refused comparison's two
    // are spent. One is left, and a comparison is two: refused, with the
    // time to wait, and nothing asked.
    let limited = alice.call("compare_replies", compare("fig", "gpt-b")).await;
    assert_eq!(limited.status(), 429, "{}", limited.text().await.unwrap());
    assert_eq!(upstream.requests().len(), 1);
}

#[tokio::test]
async fn stop_ends_both_replies_and_deleting_the_conversation_stops_both() {
    let upstream = TestUpstream::start(Options::default()).await.unwrap();
    let app = TestApp::spawn(two_models(&upstream)).await;
    let alice = Browser::new(&app.base);
    let ids: Value =
        alice.call("compare_replies", compare("[tokens:400] [delay:20]", "gpt-b")).await.json().await.unwrap();
    let (first, second) = (ids["first"].as_str().unwrap(), ids["second"].as_str().unwrap());
    let mut a = common::FrameReader::new(alice.call("resume_reply", json!({ "reply_id": first, "from": 0 })).await);
    let mut b = common::FrameReader::new(alice.call("resume_reply", json!({ "reply_id": second, "from": 0 })).await);
    a.until(|frames| frames.iter().any(|f| f["type"] == "delta")).await;
    b.until(|frames| frames.iter().any(|f| f["type"] == "delta")).await;
    let conversation = a.frames[0]["conversation"].as_str().unwrap().to_string();

    // Stop the first: the second goes on until it is stopped too.
    assert!(alice.form("stop_reply", &[("reply_id", first)]).await.json::<bool>().await.unwrap());
    a.read_rest().await;
    assert_eq!(app.state.replies.running(), 1);
    // Deleting the conversation stops what still runs in it.
    let deleted = alice.form("delete_conversation", &[("id", conversation.as_str())]).await;
    assert!(deleted.status().is_success() || deleted.status().is_redirection(), "{}", deleted.status());
    b.read_rest().await;
    for reply in [&a, &b] {
        assert!(!common::reply_text(&reply.frames).contains("t399"), "{:?}", reply.last_type());
    }
    assert_eq!(app.state.replies.running(), 0);
}
