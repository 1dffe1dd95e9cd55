//! What saving a reply as it streams costs the relay. The same reply, the
//! real relay path (the OpenAI-compatible client reading the stand-in
//! provider's SSE over loopback, events made into frames and the NDJSON
//! lines the page reads), read with and without `saved_reply::saved`, which
//! applies each frame to a draft and has a task of its own write it to a
//! real SQLite database once a second and at the end. Alternating rounds.
//! Budget: under 5% of throughput.
//!
//!   cargo bench -p server --bench persistence
//!   (BENCH_TOKENS=100000 BENCH_ROUNDS=9 are the defaults: about 1.8 s a reply,
//!   so the saver writes the growing reply during each one, not only at its end)

use std::time::{Duration, Instant};

use colloquy_chat::replies::ReplyHandle;
use colloquy_chat::saved_reply::{saved, ReplySlot};
use colloquy_core::{ChatEvent, ChatMessage, ChatRequest, Role};
use colloquy_store::{MessageStatus, NewMessage, TurnStart};
use colloquy_test_upstream::{Options, TestUpstream};
use colloquy_wire::ReplyFrame;
use futures::StreamExt;

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn frame(event: ChatEvent) -> ReplyFrame {
    match event {
        ChatEvent::TextDelta(text) => ReplyFrame::Delta { text },
        ChatEvent::Done { usage, .. } => ReplyFrame::Done {
            finish: "stop".into(),
            prompt_tokens: usage.prompt_tokens,
            completion_tokens: usage.completion_tokens,
        },
        ChatEvent::Error(e) => ReplyFrame::Error { message: e.to_string(), said: None },
        _ => ReplyFrame::Loading,
    }
}

/// Reads the whole reply as lines; returns their bytes and the time taken.
async fn relay(lines: impl futures::Stream<Item = String>) -> (usize, Duration) {
    let started = Instant::now();
    let mut bytes = 0;
    let mut lines = Box::pin(lines);
    while let Some(line) = lines.next().await {
        bytes += line.len();
    }
    (bytes, started.elapsed())
}

fn main() {
    let tokens = env_or("BENCH_TOKENS", 100_000);
    let rounds = env_or("BENCH_ROUNDS", 9);
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let dir = tempfile::tempdir().unwrap();
    runtime.block_on(async {
        let upstream = TestUpstream::start(Options::default()).await.unwrap();
        let mut config = colloquy_config::Config::default();
        config.server.listen = "127.0.0.1:0".parse().unwrap();
        config.model.enabled = false;
        config.providers.insert(
            "oa".into(),
            toml::from_str(&format!("kind = \"openai\"\nbase_url = \"{}/v1\"\n", upstream.url())).unwrap(),
        );
        config.models.push(toml::from_str("id = \"gpt\"\nprovider = \"oa\"\n").unwrap());
        config.uploads.dir = dir.path().join("uploads");
        config.storage.url = format!("sqlite:{}/bench.db", dir.path().display());
        let app = server::Application::build(config).await.expect("the app builds");
        let (store, provider) = (app.state.store.clone(), app.state.models.get("gpt").unwrap().provider.clone());
        let owner = store.create_user(None, None).await.unwrap();
        let request = || ChatRequest {
            system_prompt: None,
            messages: vec![ChatMessage::new(Role::User, format!("[tokens:{tokens}] [delay:0]"))],
            ..Default::default()
        };

        let (mut plain, mut persisted) = (Vec::new(), Vec::new());
        let mut saved_bytes = 0;
        for round in 0..rounds + 1 {
            let (bytes_plain, t_plain) = relay(provider.stream_chat(request()).map(frame).map(|f| f.to_line())).await;

            let chat = store.create_conversation(&owner, "bench", "gpt").await.unwrap();
            let message = NewMessage {
                role: colloquy_store::Role::User,
                content: "go".into(),
                reasoning: String::new(),
                attachments: "[]".into(),
                status: MessageStatus::Complete,
            };
            let turn = TurnStart { expect: 0, keep: 0, message: Some(&message), model: "gpt", settings: "{}" };
            let seq = store.begin_turn(&owner, &chat.id, &turn).await.unwrap();
            let slot = ReplySlot { store: store.clone(), owner: owner.clone(), conversation: chat.id.clone(), seq };
            let handle = ReplyHandle::detached();
            let frames = saved(provider.stream_chat(request()).map(frame), slot, &handle, None);
            let (bytes_saved, t_saved) = relay(frames.map(|f| f.to_line())).await;
            assert_eq!(bytes_plain, bytes_saved, "the same reply both ways");
            // The last save lands just after the stream ends.
            let deadline = Instant::now() + Duration::from_secs(10);
            loop {
                let (_, messages) = store.open_conversation(&owner, &chat.id).await.unwrap();
                if messages[1].status == MessageStatus::Complete {
                    saved_bytes = messages[1].content.len();
                    break;
                }
                assert!(Instant::now() < deadline, "the reply was never saved complete");
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            if round > 0 {
                plain.push(t_plain);
                persisted.push(t_saved);
            }
        }
        plain.sort();
        persisted.sort();
        let (p, s) = (plain[plain.len() / 2], persisted[persisted.len() / 2]);
        let rate = |d: Duration| tokens as f64 / d.as_secs_f64() / 1e3;
        println!("\n## Streaming persistence: {tokens} tokens with no delay, {rounds} rounds each (medians)\n");
        println!("| relay | time | tokens/s |");
        println!("|---|---|---|");
        println!("| without persistence | {:.1} ms | {:.0} k |", p.as_secs_f64() * 1e3, rate(p));
        println!(
            "| saving to SQLite (every 1 s and at the end) | {:.1} ms | {:.0} k |",
            s.as_secs_f64() * 1e3,
            rate(s)
        );
        println!(
            "\nthroughput cost: {:.1}% (budget 5%); the reply was saved whole ({saved_bytes} bytes)",
            (1.0 - rate(s) / rate(p)) * 100.0
        );
    });
}
