//! Bots written in Rust, served by the real server: a handler with no model
//! at all answers turns, is the only model the page may pick, and is stored
//! like any reply; a handler given a model relays it with a panel beside.

use std::sync::Arc;

use crate::common::{self, TestApp};

use colloquy_config::HandlerConfig;
use colloquy_core::{Reply, Turn};
use colloquy_test_upstream::{Options, TestUpstream};
use common::{config, frames, reply_text};
use serde_json::{json, Value};

use crate::common::new_chat_turn as turn;

#[tokio::test]
async fn a_rule_based_handler_answers_alone_and_is_stored() {
    let upstream = TestUpstream::start(Options::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut config = config(&upstream, &format!("sqlite:{}/handler.db", dir.path().display()));
    config.models.clear();
    config.providers.clear();
    config.chat.title = "Shouting bot".into();
    config.handler = Some(HandlerConfig::new("shout"));
    let shout = |turn: Turn| async move { format!("{}! ({} before)", turn.text().to_uppercase(), turn.history.len()) };
    let base = TestApp::spawn_with_handler(config, Some(Arc::new(shout))).await.base;
    let client = reqwest::Client::builder().cookie_store(true).build().unwrap();

    let frames_1 = frames(turn(&client, &base, "shout", "hello there").await).await;
    assert_eq!(reply_text(&frames_1), "HELLO THERE! (0 before)", "{frames_1:?}");
    assert_eq!(frames_1.last().unwrap()["type"], "done");
    let chat = frames_1[0]["conversation"].as_str().unwrap().to_string();

    // The page offers the handler alone, under the bot's title; nothing
    // else may be named.
    let page = client.get(format!("{base}/c/{chat}")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("HELLO THERE! (0 before)"), "the reply is stored and rendered");
    assert!(page.contains("Shouting bot"));
    let refused = turn(&client, &base, "gpt", "x").await;
    assert_eq!(refused.status(), 400, "{}", refused.text().await.unwrap());

    // The history reaches the handler on the next turn.
    let message = json!({ "role": "user", "content": "again", "attachments": [] });
    let next = json!({ "conversation": chat, "expect": 2, "keep": 2, "message": message, "model": "shout" });
    let response = client.post(format!("{base}/api/chat_reply")).json(&json!({ "turn": next })).send().await.unwrap();
    assert_eq!(reply_text(&frames(response).await), "AGAIN! (2 before)");
}

#[tokio::test]
async fn a_handler_relays_its_model_with_a_panel() {
    let upstream = TestUpstream::start(Options::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut config = config(&upstream, &format!("sqlite:{}/relay.db", dir.path().display()));
    config.handler = Some(HandlerConfig::new("wrapper"));
    let handler = |turn: Turn| async move {
        Reply::writer(move |mut out| async move {
            let panel = out.panel("lookup", "Looking it up").await?;
            panel.done(&mut out, format!("models: {}", turn.models.ids().collect::<Vec<_>>().join(", "))).await?;
            let model = turn.models.default_model().expect("gpt is configured").clone();
            let relayed = out.relay(model.as_ref(), turn.to_request()).await?;
            if let Some(e) = relayed.error {
                return out.text(format!("\n\n(failed: {e})")).await;
            }
            out.text(" — relayed").await
        })
    };
    let base = TestApp::spawn_with_handler(config, Some(Arc::new(handler))).await.base;
    let client = reqwest::Client::new();
    let frames: Vec<Value> = frames(turn(&client, &base, "wrapper", "ping").await).await;
    let panels: Vec<&Value> = frames.iter().filter(|f| f["type"] == "panel").collect();
    assert_eq!(panels.len(), 2, "{frames:?}");
    assert_eq!(panels[0]["status"], "pending");
    assert_eq!(panels[1]["status"], "done");
    assert_eq!(panels[1]["text"], "models: gpt");
    assert!(panels[1]["duration_ms"].is_u64());
    assert_eq!(reply_text(&frames), "You said: ping (via openai) — relayed");
}
