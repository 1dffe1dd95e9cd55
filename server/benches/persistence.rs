//! What saving a reply as it streams costs the relay: the same long reply
//! (frames turned into the NDJSON lines the page reads, as `chat_reply`
//! does) passed through with and without `saved_reply::saved`, which
//! applies each frame to a draft and has a task of its own write the draft
//! to a real SQLite database once a second and at the end.
//! Budget: under 5% of throughput.
//!
//!   cargo bench -p server --bench persistence
//!   (BENCH_FRAMES=400000 BENCH_ROUNDS=5 are the defaults)

use std::time::{Duration, Instant};

use app::chat::wire::ReplyFrame;
use app::replies::ReplyHandle;
use app::saved_reply::{saved, ReplySlot};
use colloquy_store::{MessageStatus, NewMessage, Role, Store, TurnStart};
use futures::StreamExt;

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn frames(n: usize) -> impl futures::Stream<Item = ReplyFrame> + Send + 'static {
    futures::stream::iter((0..n).map(|i| ReplyFrame::Delta { text: format!(" t{}", i % 1000) })).chain(
        futures::stream::once(async {
            ReplyFrame::Done { finish: "stop".into(), prompt_tokens: 10, completion_tokens: 10 }
        }),
    )
}

/// Bytes of NDJSON the reply came to, and how long it took.
async fn relay(stream: impl futures::Stream<Item = ReplyFrame> + Send + 'static) -> (usize, Duration) {
    let started = Instant::now();
    let mut bytes = 0;
    let mut lines = Box::pin(stream.map(|frame| frame.to_line()));
    while let Some(line) = lines.next().await {
        bytes += line.len();
        // What a socket write would be: give the runtime a turn now and then.
        if bytes % 4096 < 16 {
            tokio::task::yield_now().await;
        }
    }
    (bytes, started.elapsed())
}

fn main() {
    let n = env_or("BENCH_FRAMES", 400_000);
    let rounds = env_or("BENCH_ROUNDS", 5);
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let dir = tempfile::tempdir().unwrap();
    runtime.block_on(async {
        let store = Store::connect(&format!("sqlite:{}/bench.db", dir.path().display())).await.unwrap();
        let owner = store.create_user(None, None).await.unwrap();
        let (mut plain, mut persisted) = (Vec::new(), Vec::new());
        let mut saved_chars = 0;
        for round in 0..rounds + 1 {
            let (bytes_plain, t_plain) = relay(frames(n)).await;

            let chat = store.create_conversation(&owner, "bench", "m").await.unwrap();
            let message = NewMessage {
                role: Role::User,
                content: "go".into(),
                reasoning: String::new(),
                attachments: "[]".into(),
                status: MessageStatus::Complete,
            };
            let turn = TurnStart { expect: 0, keep: 0, message: Some(&message), model: "m", settings: "{}" };
            let seq = store.begin_turn(&owner, &chat.id, &turn).await.unwrap();
            let slot = ReplySlot { store: store.clone(), owner: owner.clone(), conversation: chat.id.clone(), seq };
            let handle = ReplyHandle::detached();
            let (bytes_saved, t_saved) = relay(saved(frames(n), slot, &handle, None)).await;
            assert_eq!(bytes_plain, bytes_saved);
            // The last save lands just after the stream ends.
            let deadline = Instant::now() + Duration::from_secs(10);
            loop {
                let (_, messages) = store.open_conversation(&owner, &chat.id).await.unwrap();
                if messages[1].status == MessageStatus::Complete {
                    saved_chars = messages[1].content.len();
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
        let rate = |d: Duration| n as f64 / d.as_secs_f64() / 1e6;
        println!("\n## Streaming persistence: {n} frames, {rounds} rounds (medians)\n");
        println!("| path | time | frames/s |");
        println!("|---|---|---|");
        println!("| relay without persistence | {:.1} ms | {:.2} M |", p.as_secs_f64() * 1e3, rate(p));
        println!(
            "| relay saving to SQLite (every 1 s and at the end) | {:.1} ms | {:.2} M |",
            s.as_secs_f64() * 1e3,
            rate(s)
        );
        println!(
            "\nthroughput cost: {:.1}% (budget 5%); reply saved whole: {saved_chars} bytes",
            (1.0 - rate(s) / rate(p)) * 100.0
        );
    });
}
