//! Several replicas behind a load balancer: three real server processes on
//! one PostgreSQL and one Redis, reached through a round-robin TCP balancer
//! (each request a new connection, so each lands on the next replica). One
//! conversation's turns go round the replicas; a model's line and a
//! person's budget hold across them; one replica is killed mid-reply and
//! the conversation goes on elsewhere.
//!
//! Needs `COLLOQUY_TEST_POSTGRES_URL` and `COLLOQUY_TEST_REDIS_URL` (the
//! test command starts both: scripts/postgres.sh, scripts/redis.sh).

#[path = "../../benches/support/balancer.rs"]
mod balancer;
use crate::common;

use std::time::{Duration, Instant};

use colloquy_test_upstream::{Options, TestUpstream};
use serde_json::{json, Value};

use balancer::Balancer;

/// A person's browser, through the balancer, never reusing a connection.
struct Browser {
    base: String,
    client: reqwest::Client,
}

impl Browser {
    fn new(base: &str) -> Self {
        let client = reqwest::Client::builder().cookie_store(true).pool_max_idle_per_host(0).build().unwrap();
        Self { base: base.into(), client }
    }

    async fn turn(&self, conversation: Option<&str>, expect: u32, text: &str) -> reqwest::Response {
        let message = json!({ "role": "user", "content": text });
        let turn = json!({ "conversation": conversation, "expect": expect, "keep": expect, "message": message, "model": "gpt" });
        self.client.post(format!("{}/api/chat_reply", self.base)).json(&json!({ "turn": turn })).send().await.unwrap()
    }

    /// A page's status and HTML, less its messages (see `common::without_messages`).
    async fn page(&self, path: &str) -> (u16, String) {
        let response = self.client.get(format!("{}{path}", self.base)).send().await.unwrap();
        (response.status().as_u16(), crate::common::without_messages(&response.text().await.unwrap()))
    }
}

struct Replica {
    port: u16,
    child: std::process::Child,
}

impl Drop for Replica {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn services() -> Option<(String, String)> {
    let skip = |name: &str| std::env::var(name).as_deref() == Ok("1");
    match (std::env::var("COLLOQUY_TEST_POSTGRES_URL"), std::env::var("COLLOQUY_TEST_REDIS_URL")) {
        (Ok(postgres), Ok(redis)) => Some((postgres, redis)),
        _ if skip("COLLOQUY_SKIP_POSTGRES") || skip("COLLOQUY_SKIP_REDIS") => {
            eprintln!("skipped: replicas need PostgreSQL and Redis");
            None
        }
        _ => panic!(
            "set COLLOQUY_TEST_POSTGRES_URL and COLLOQUY_TEST_REDIS_URL (scripts/postgres.sh and scripts/redis.sh \
             start them), or COLLOQUY_SKIP_POSTGRES=1"
        ),
    }
}

async fn fresh_database(url: &str) -> String {
    use sqlx::Connection;
    let mut admin = sqlx::PgConnection::connect(url).await.expect("PostgreSQL reachable");
    sqlx::query("DROP DATABASE IF EXISTS colloquy_server_replicas WITH (FORCE)").execute(&mut admin).await.unwrap();
    sqlx::query("CREATE DATABASE colloquy_server_replicas").execute(&mut admin).await.unwrap();
    let (base, _) = url.rsplit_once('/').unwrap();
    format!("{base}/colloquy_server_replicas")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replicas_share_conversations_lines_and_budgets_and_survive_a_kill() {
    let Some((postgres, redis)) = services() else { return };
    let database = fresh_database(&postgres).await;
    // Redis's database 1, emptied: this test's keys only.
    let redis = format!("{}/1", redis.rsplit_once('/').unwrap().0);
    let mut admin = redis::Client::open(redis.as_str()).unwrap().get_multiplexed_async_connection().await.unwrap();
    let _: () = redis::cmd("FLUSHDB").query_async(&mut admin).await.unwrap();
    let upstream = TestUpstream::start(Options::default()).await.unwrap();

    let dir = tempfile::tempdir().unwrap();
    let mut replicas = Vec::new();
    for i in 0..3 {
        let folder = dir.path().join(format!("replica-{i}"));
        std::fs::create_dir_all(&folder).unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let config = folder.join("colloquy.toml");
        // Budgets: 7 turns per person (no refill within the test); the
        // model serves one reply at a time, with one more in line.
        std::fs::write(
            &config,
            format!(
                "[server]\nlisten = \"127.0.0.1:{port}\"\n[model]\nenabled = false\n\
                 [storage]\nurl = \"{database}\"\n\
                 [replicas]\nredis_url = \"{redis}\"\nheartbeat_secs = 0.3\n\
                 [limits]\nchat_per_user = {{ burst = 7, every_secs = 600 }}\n\
                 chat_per_address = {{ burst = 1000, every_secs = 1 }}\n\
                 [providers.oa]\nkind = \"openai\"\nbase_url = \"{}/v1\"\n\
                 [[models]]\nid = \"gpt\"\nprovider = \"oa\"\nqueue = {{ concurrency = 1, max_waiting = 1 }}\n",
                upstream.url()
            ),
        )
        .unwrap();
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_colloquy"))
            .args(["--config", config.to_str().unwrap()])
            .current_dir(&folder)
            .stdout(std::process::Stdio::null())
            .stderr(std::fs::File::create(folder.join("server.log")).unwrap())
            .spawn()
            .unwrap();
        replicas.push(Replica { port, child });
    }
    let direct = reqwest::Client::new();
    for replica in &replicas {
        let started = Instant::now();
        loop {
            let ready = direct.get(format!("http://127.0.0.1:{}/readyz", replica.port)).send().await;
            if let Some(ready) = ready.ok().filter(|r| r.status() == 200) {
                let body: Value = ready.json().await.unwrap();
                assert_eq!((&body["database"], &body["redis"]), (&json!("ok"), &json!("ok")), "{body}");
                break;
            }
            assert!(started.elapsed() < Duration::from_secs(30), "replica on {} did not start", replica.port);
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    let balancer = Balancer::start(replicas.iter().map(|r| r.port).collect()).await;
    let base = format!("http://{}", balancer.addr);

    // One conversation, its turns round the three replicas.
    let alice = Browser::new(&base);
    let mut chat: Option<String> = None;
    let mut served_by = Vec::new();
    for turn in 0..3u32 {
        let response = alice.turn(chat.as_deref(), 2 * turn, &format!("Turn number {turn} [tokens:3]")).await;
        served_by.push(balancer.last());
        let frames = common::frames(response).await;
        assert_eq!(frames.last().unwrap()["type"], "done", "turn {turn}: {frames:?}");
        chat.get_or_insert_with(|| frames[0]["conversation"].as_str().unwrap().to_string());
    }
    served_by.sort();
    assert_eq!(served_by, vec![0, 1, 2], "each turn on another replica");
    let chat = chat.unwrap();
    let (status, html) = alice.page(&format!("/c/{chat}")).await;
    assert_eq!(status, 200);
    for turn in 0..3 {
        assert!(html.contains(&format!("Turn number {turn}")), "turn {turn} missing: {html}");
    }

    // The model's line is one line: a reply served on one replica makes a
    // turn on another wait, and a third is refused.
    let bob = Browser::new(&base);
    let mut first = common::FrameReader::new(bob.turn(None, 0, "Long one [tokens:40] [delay:25]").await);
    let first_on = balancer.last();
    first.until(|f| f.iter().any(|f| f["type"] == "delta")).await;
    let mut second = common::FrameReader::new(bob.turn(None, 0, "Waits its turn [tokens:2]").await);
    let second_on = balancer.last();
    assert_ne!(first_on, second_on);
    second.until(|f| f.iter().any(|f| f["type"] == "queued")).await;
    let queued = second.frames.iter().find(|f| f["type"] == "queued");
    let queued = queued.expect("a turn on another replica waits in the one line");
    assert_eq!(queued["position"], 1, "{:?}", second.frames);
    let third = bob.turn(None, 0, "No room [tokens:2]").await;
    assert_eq!(third.status(), 503, "the line (one served, one waiting) is full across replicas");
    first.read_rest().await;
    second.read_rest().await;
    assert_eq!(second.last_type(), "done", "served once the first finished: {:?}", second.frames);

    // One budget across replicas: Carol's seven turns, then every replica
    // refuses. Each replica alone would have allowed seven.
    let carol = Browser::new(&base);
    for n in 0..7 {
        let frames = common::frames(carol.turn(None, 0, &format!("Quick {n} [tokens:1]")).await).await;
        assert_eq!(frames.last().unwrap()["type"], "done");
    }
    let mut refused_on = Vec::new();
    for _ in 0..3 {
        let response = carol.turn(None, 0, "One too many").await;
        refused_on.push(balancer.last());
        assert_eq!(response.status(), 429, "refused by whichever replica");
    }
    refused_on.sort();
    assert_eq!(refused_on, vec![0, 1, 2]);

    // A replica killed mid-reply: the stream is cut, the reply is marked
    // cut off (by the others, once it has been silent three beats), and
    // the conversation takes its next turn on another replica.
    let mut long =
        common::FrameReader::new(alice.turn(Some(&chat), 6, "Tell a long story [tokens:1000] [delay:20]").await);
    let victim = balancer.last();
    long.until(|f| f.iter().filter(|f| f["type"] == "delta").count() >= 60).await;
    replicas[victim].child.kill().unwrap();
    replicas[victim].child.wait().unwrap();
    long.read_rest().await;
    assert_ne!(long.last_type(), "done", "the killed replica's stream cannot finish");

    // Until its silence is noticed, the database has the reply as still
    // being written (a turn then would be refused as a conflict).
    let killed = Instant::now();
    let db = sqlx::PgPool::connect(&database).await.unwrap();
    loop {
        let status: String = sqlx::query_scalar("SELECT status FROM messages WHERE conversation_id = $1 AND seq = 8")
            .bind(&chat)
            .fetch_one(&db)
            .await
            .unwrap();
        if status == "interrupted" {
            break;
        }
        assert_eq!(status, "streaming");
        assert!(killed.elapsed() < Duration::from_secs(10), "the killed replica's reply was never marked");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let marked = killed.elapsed();
    let response = alice.turn(Some(&chat), 8, "And then? [tokens:4]").await;
    let next = balancer.last();
    let frames = common::frames(response).await;
    assert_ne!(next, victim);
    assert_eq!(frames.last().unwrap()["type"], "done", "{frames:?}");
    // Three beats of 0.3 s, then the next sweep.
    assert!(marked < Duration::from_secs(3), "marked {marked:?} after the kill");

    let (_, html) = alice.page(&format!("/c/{chat}")).await;
    assert!(html.contains("Tell a long story") && html.contains("And then?"), "{html}");
    assert_eq!(html.matches("cut off before it finished").count(), 1, "the killed reply, marked: {html}");
    // What the killed replica had saved of it (it saves once a second).
    let start = (0..20).map(|i| format!("t{i}")).collect::<Vec<_>>().join(" ");
    assert!(html.contains(&start), "the killed reply's saved text: {html}");
    // And Redis no longer holds a place for it: a new turn is served at once.
    let frames = common::frames(bob.turn(None, 0, "Free again [tokens:1]").await).await;
    assert!(frames.iter().all(|f| f["type"] != "queued"), "{frames:?}");
    eprintln!("marked cut off {marked:?} after the kill; connections taken by {:?}", balancer.taken());
}
