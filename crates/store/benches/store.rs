//! Storage budgets (issue 5), on SQLite and, when `COLLOQUY_TEST_POSTGRES_URL`
//! is set, PostgreSQL:
//! - opening a conversation of 1,000 messages: under 20 ms on SQLite;
//! - searching one user's 10,000 conversations: under 50 ms;
//! - that person's sidebar (pinned first, then the newest 200) and one
//!   folder's (issue 26): printed, against the page's budget.
//!
//! `cargo bench -p colloquy-store` (after `eval "$(scripts/postgres.sh start)"`
//! for the PostgreSQL figures). Prints medians of BENCH_ROUNDS (default 20).

use std::time::{Duration, Instant};

use colloquy_store::{MessageStatus, NewMessage, Role, Shelf, Store};

const WORDS: [&str; 16] = [
    "lisbon", "october", "weather", "rust", "hashmap", "cache", "budget", "travel", "python", "coffee", "garden",
    "river", "music", "kernel", "recipe", "planet",
];

fn message(role: Role, i: usize) -> NewMessage {
    // ~60 words of text with a code block, like a chat reply.
    let body: Vec<&str> = (0..60).map(|k| WORDS[(i * 7 + k * 3) % WORDS.len()]).collect();
    NewMessage {
        role,
        content: format!("{}\n\n```rust\nfn main() {{ println!(\"{i}\"); }}\n```", body.join(" ")),
        reasoning: String::new(),
        attachments: "[]".into(),
        status: MessageStatus::Complete,
    }
}

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

async fn run(label: &str, store: Store) {
    let rounds: usize = std::env::var("BENCH_ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(20);
    let user = store.create_user(None, None).await.unwrap();

    let long = store.create_conversation(&user, "Long", "m").await.unwrap();
    for i in 0..1000 {
        let role = if i % 2 == 0 { Role::User } else { Role::Assistant };
        store.append_message(&user, &long.id, &message(role, i)).await.unwrap();
    }
    let mut opens = Vec::new();
    for _ in 0..rounds {
        let start = Instant::now();
        let (_, messages) = store.open_conversation(&user, &long.id).await.unwrap();
        opens.push(start.elapsed());
        assert_eq!(messages.len(), 1000);
    }

    // 10,000 conversations of 4 messages each, one with a rare word.
    let seeded = Instant::now();
    for c in 0..10_000 {
        let chat = store.create_conversation(&user, &format!("Chat {c}"), "m").await.unwrap();
        for i in 0..4 {
            let mut m = message(if i % 2 == 0 { Role::User } else { Role::Assistant }, c * 4 + i);
            if c == 7_777 && i == 1 {
                m.content.push_str(" zanzibar");
            }
            store.append_message(&user, &chat.id, &m).await.unwrap();
        }
    }
    let seeding = seeded.elapsed();
    let mut rare = Vec::new();
    let mut common = Vec::new();
    for _ in 0..rounds {
        let start = Instant::now();
        let hits = store.search(&user, "zanzibar", Shelf::All, 20).await.unwrap();
        rare.push(start.elapsed());
        assert_eq!(hits.len(), 1);
        let start = Instant::now();
        let hits = store.search(&user, "lisbon weather", Shelf::All, 20).await.unwrap();
        common.push(start.elapsed());
        assert_eq!(hits.len(), 20);
    }
    // The sidebar of that person: pinned ones first, then the newest 200
    // (issue 26); and a folder of 500 of them.
    let all = store.list_conversations(&user, Shelf::All, 10_000).await.unwrap();
    for chat in all.iter().skip(5_000).take(3) {
        store.pin_conversation(&user, &chat.id, true).await.unwrap();
    }
    let folder = store.create_folder(&user, "Half a thousand").await.unwrap();
    for chat in all.iter().step_by(20) {
        store.move_to_folder(&user, &chat.id, Some(&folder.id)).await.unwrap();
    }
    let mut sidebars = Vec::new();
    let mut folders = Vec::new();
    for _ in 0..rounds {
        let start = Instant::now();
        let list = store.list_conversations(&user, Shelf::All, 200).await.unwrap();
        sidebars.push(start.elapsed());
        assert!(list[0].pinned && list[2].pinned && !list[3].pinned);
        let start = Instant::now();
        let list = store.list_conversations(&user, Shelf::Folder(&folder.id), 200).await.unwrap();
        folders.push(start.elapsed());
        assert_eq!(list.len(), 200);
    }
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "[bench] {label}: sidebar_of_10k_conversations_3_pinned_ms={:.2} sidebar_of_a_folder_of_500_ms={:.2} rounds={rounds}",
        ms(median(sidebars)),
        ms(median(folders)),
    );
    println!(
        "[bench] {label}: open_1000_messages_ms={:.2} (budget 20 on SQLite) search_rare_word_10k_conversations_ms={:.2} \
         search_common_words_10k_conversations_ms={:.2} (budget 50) rounds={rounds} (seeding 40,000 messages took {:.1} s)",
        ms(median(opens)),
        ms(median(rare)),
        ms(median(common)),
        seeding.as_secs_f64()
    );
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    run("sqlite", Store::connect(&format!("sqlite:{}/bench.db", dir.path().display())).await.unwrap()).await;
    if let Ok(url) = std::env::var("COLLOQUY_TEST_POSTGRES_URL") {
        use sqlx::Connection;
        let mut admin = sqlx::PgConnection::connect(&url).await.unwrap();
        sqlx::query("DROP DATABASE IF EXISTS colloquy_bench WITH (FORCE)").execute(&mut admin).await.unwrap();
        sqlx::query("CREATE DATABASE colloquy_bench").execute(&mut admin).await.unwrap();
        let (base, _) = url.rsplit_once('/').unwrap();
        run("postgres", Store::connect(&format!("{base}/colloquy_bench")).await.unwrap()).await;
    }
}
