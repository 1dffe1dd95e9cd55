//! How far one server goes, and what it costs (issue 8's measured scale).
//! Colloquy is the release binary in its own process; the provider
//! (`test-upstream`, OpenAI-compatible SSE) and the load generator run in
//! this one; all on loopback, sharing this machine's cores.
//!
//! 1. `streams`: simultaneous streams at 20 ms per token, on a ladder of
//!    counts (`BENCH_LADDER`, default 1000,2000,4000,6000,8000), opened at
//!    `BENCH_RATE` a second (250): for each, errors, added time to first
//!    token (p50/p99) and memory per stream. All of a rung's streams are
//!    open at once for its last 2 s.
//!    `ceiling`: the same ladder read straight from the provider, with no
//!    server between: what this machine's cores hold at all.
//! 2. `idle`: memory per idle keep-alive connection (`BENCH_IDLE`, 5,000).
//! 3. `throughput`: one stream of 20,000 tokens with no delay, tokens/s
//!    through Colloquy against reading the provider directly.
//! 4. `replicas`: turns per second with one replica and with two behind a
//!    round-robin balancer, both on PostgreSQL and Redis (needs
//!    `COLLOQUY_TEST_POSTGRES_URL` and `COLLOQUY_TEST_REDIS_URL`).
//! 5. `open`: time and memory to open a conversation of 10, 100, 1,000 and
//!    10,000 messages (the page, server-rendered, from SQLite).
//!
//!   cargo bench -p server --bench scale             (every part)
//!   BENCH_PARTS=streams,idle cargo bench -p server --bench scale

#[path = "support/balancer.rs"]
mod balancer;
mod support;

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use colloquy_test_upstream::{Options, TestUpstream};
use futures::StreamExt;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use support::{env_or, ms, one_stream, peak_rss_kib, percentile, read_all, rss_kib, turn, Colloquy};

/// Budgets are not what this measures (every request comes from one
/// address; the load bench checks limits).
const NO_LIMITS: &str = "[limits]\nchat_per_user = { burst = 1000000, every_secs = 0.001 }\n\
     chat_per_address = { burst = 1000000, every_secs = 0.001 }\n";
const WIDE_LINE: &str = "queue = { concurrency = 10000, max_waiting = 10000 }\n";

fn wanted(part: &str) -> bool {
    std::env::var("BENCH_PARTS").map_or(true, |parts| parts.split(',').any(|p| p.trim() == part))
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

/// Samples a process's RSS every 25 ms; the peak so far.
fn sample_peak(pid: u32, start: u64) -> (Arc<AtomicU64>, tokio::task::JoinHandle<()>) {
    let peak = Arc::new(AtomicU64::new(start));
    let sampler = {
        let peak = peak.clone();
        tokio::spawn(async move {
            loop {
                peak.fetch_max(rss_kib(pid), Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(25)).await;
            }
        })
    };
    (peak, sampler)
}

struct Rung {
    streams: usize,
    completed: usize,
    errors: Vec<String>,
    p50: Duration,
    p99: Duration,
    max: Duration,
    rss_before: u64,
    rss_peak: u64,
    wall: Duration,
    /// The server's CPU time over the rung, per token it relayed.
    cpu_per_token: Duration,
}

impl Rung {
    fn holds(&self) -> bool {
        self.errors.is_empty() && self.p99 < Duration::from_millis(50)
    }
}

/// Where a rung's streams are read: through Colloquy, or straight from the
/// provider (the machine's ceiling: what the provider and load generator
/// alone hold on these cores, with no server between them).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Via {
    Colloquy,
    Direct,
}

impl Via {
    /// One stream; its time to the first token.
    async fn stream(
        self,
        client: reqwest::Client,
        url: String,
        prompt: String,
        tokens: usize,
    ) -> Result<Duration, String> {
        match self {
            Via::Colloquy => one_stream(client, url, prompt, tokens).await,
            Via::Direct => direct_stream(client, url, prompt, tokens).await,
        }
    }
}

/// One stream read straight from the provider (OpenAI SSE): its time to
/// the first content token.
async fn direct_stream(
    client: reqwest::Client,
    url: String,
    prompt: String,
    tokens: usize,
) -> Result<Duration, String> {
    let body = json!({ "model": "m", "stream": true, "messages": [ { "role": "user", "content": prompt } ] });
    let sent = Instant::now();
    let response = client.post(&url).json(&body).send().await.map_err(|e| e.to_string())?;
    if response.status() != 200 {
        return Err(format!("HTTP {}", response.status()));
    }
    let mut body = response.bytes_stream();
    let (mut pending, mut first_token, mut deltas, mut done) = (Vec::new(), None, 0, false);
    while let Some(chunk) = body.next().await {
        pending.extend_from_slice(&chunk.map_err(|e| e.to_string())?);
        while let Some(end) = pending.iter().position(|b| *b == b'\n') {
            let line: Vec<u8> = pending.drain(..=end).collect();
            let Some(data) = line.strip_prefix(b"data: ") else { continue };
            if data.starts_with(b"[DONE]") {
                done = true;
                continue;
            }
            let event: serde_json::Value = serde_json::from_slice(data).map_err(|e| e.to_string())?;
            if event["choices"][0]["delta"]["content"].as_str().is_some_and(|text| !text.is_empty()) {
                first_token.get_or_insert_with(|| sent.elapsed());
                deltas += 1;
            }
        }
    }
    if !done || deltas != tokens {
        return Err(format!("incomplete: {deltas} of {tokens} tokens, done={done}"));
    }
    Ok(first_token.unwrap_or_default())
}

/// `n` streams of 20 ms per token, opened at `rate` a second (evenly),
/// each lasting 2 s past the last one's opening: all `n` are open at once
/// for those 2 s.
async fn rung(upstream: &TestUpstream, n: usize, rate: usize, via: Via) -> Rung {
    // `BENCH_DATABASE_URL`: another database than the default SQLite file.
    let storage =
        std::env::var("BENCH_DATABASE_URL").map_or(String::new(), |url| format!("[storage]\nurl = \"{url}\"\n"));
    let colloquy =
        (via == Via::Colloquy).then(|| Colloquy::start(&upstream.url(), &format!("{storage}{NO_LIMITS}"), WIDE_LINE));
    let url = match &colloquy {
        Some(colloquy) => format!("http://{}/api/chat_reply", colloquy.addr),
        None => format!("{}/v1/chat/completions", upstream.url()),
    };
    let client = reqwest::Client::builder().tcp_nodelay(true).build().unwrap();
    for _ in 0..3 {
        via.stream(client.clone(), url.clone(), "[tokens:5] [delay:0]".into(), 5).await.unwrap();
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let ramp = Duration::from_secs_f64(n as f64 / rate as f64);
    let tokens = ((ramp + Duration::from_secs(2)).as_millis() / 20) as usize;
    let prompt = format!("[tokens:{tokens}] [delay:20]");
    // Memory and CPU are the server's; reading the provider directly, this
    // process's (provider and load generator).
    let pid = colloquy.as_ref().map_or(std::process::id(), |c| c.child.id());
    let rss_before = rss_kib(pid);
    let (peak, sampler) = sample_peak(pid, rss_before);
    let cpu_before = cpu_ms(pid);
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(n);
    for i in 0..n {
        let (client, url, prompt) = (client.clone(), url.clone(), prompt.clone());
        let at = started + ramp.mul_f64(i as f64 / n as f64);
        tasks.push(tokio::spawn(async move {
            tokio::time::sleep_until(at.into()).await;
            via.stream(client, url, prompt, tokens).await
        }));
    }
    let (mut ttft, mut errors) = (Vec::with_capacity(n), Vec::new());
    for task in tasks {
        match tokio::time::timeout(Duration::from_secs(120), task).await {
            Ok(Ok(Ok(t))) => ttft.push(t.saturating_sub(Duration::from_millis(20))),
            Ok(Ok(Err(e))) => errors.push(e),
            Ok(Err(e)) => errors.push(e.to_string()),
            Err(_) => errors.push("timed out".into()),
        }
    }
    let wall = started.elapsed();
    let cpu = cpu_ms(pid) - cpu_before;
    sampler.abort();
    ttft.sort();
    let at = |p| if ttft.is_empty() { Duration::MAX } else { percentile(&ttft, p) };
    Rung {
        streams: n,
        completed: ttft.len(),
        p50: at(0.5),
        p99: at(0.99),
        max: ttft.last().copied().unwrap_or(Duration::MAX),
        errors,
        rss_before,
        rss_peak: peak.load(Ordering::Relaxed),
        wall,
        cpu_per_token: Duration::from_secs_f64(cpu / 1000.0 / (ttft.len().max(1) * tokens) as f64),
    }
}

async fn streams(upstream: &TestUpstream, via: Via) {
    let ladder: Vec<usize> = std::env::var("BENCH_LADDER")
        .unwrap_or_else(|_| "1000,2000,4000,6000,8000".into())
        .split(',')
        .filter_map(|n| n.trim().parse().ok())
        .collect();
    let rate = env_or("BENCH_RATE", 250);
    match via {
        Via::Colloquy => println!("\n## Simultaneous streams, 20 ms per token, opened at {rate}/s (one server, this machine)\n"),
        Via::Direct => println!(
            "\n## Ceiling: the same streams read straight from the provider, no server (memory and CPU: the provider and load generator's)\n"
        ),
    }
    println!("| streams | completed | errors | added TTFT p50 | p99 | max | RSS before | RSS peak | per stream | CPU per token | wall |");
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    let mut held = 0;
    for n in ladder {
        let r = rung(upstream, n, rate, via).await;
        println!(
            "| {} | {} | {} | {:.1} ms | {:.1} ms | {:.1} ms | {:.1} MiB | {:.1} MiB | {:.1} KiB | {:.1} µs | {:.1} s |",
            r.streams,
            r.completed,
            r.errors.len(),
            ms(r.p50),
            ms(r.p99),
            ms(r.max),
            mib(r.rss_before),
            mib(r.rss_peak),
            r.rss_peak.saturating_sub(r.rss_before) as f64 / r.streams as f64,
            r.cpu_per_token.as_secs_f64() * 1e6,
            r.wall.as_secs_f64()
        );
        if let Some(e) = r.errors.first() {
            println!("|  | first error: {e} ||||||||||");
        }
        if !r.holds() {
            break;
        }
        held = r.streams;
    }
    println!("\nlargest rung held (no errors, added TTFT p99 < 50 ms): {held}");
}

/// Memory per idle keep-alive connection: each sends one request (so the
/// server has read and answered on it) and then stays open.
async fn idle(upstream: &TestUpstream) {
    let n = env_or("BENCH_IDLE", 5000);
    let colloquy = Colloquy::start(&upstream.url(), NO_LIMITS, WIDE_LINE);
    let addr = colloquy.addr;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let before = colloquy.rss_kib();
    let mut open = Vec::with_capacity(n);
    for _ in 0..n {
        let mut tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
        tcp.write_all(b"GET /healthz HTTP/1.1\r\nHost: bench\r\n\r\n").await.unwrap();
        let mut answer = Vec::new();
        let mut buf = [0u8; 512];
        while !answer.ends_with(b"ok\n") {
            let read = tcp.read(&mut buf).await.unwrap();
            assert!(read > 0, "closed: {}", String::from_utf8_lossy(&answer));
            answer.extend_from_slice(&buf[..read]);
        }
        open.push(tcp);
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    let after = colloquy.rss_kib();
    println!("\n## Idle keep-alive connections\n");
    println!("| connections | RSS before | RSS after | per connection |");
    println!("|---|---|---|---|");
    println!(
        "| {n} | {:.1} MiB | {:.1} MiB | {:.2} KiB |",
        mib(before),
        mib(after),
        after.saturating_sub(before) as f64 / n as f64
    );
    drop(open);
}

async fn throughput(upstream: &TestUpstream) {
    let rounds = env_or("BENCH_ROUNDS", 10);
    let tokens = 20_000;
    let colloquy = Colloquy::start(&upstream.url(), NO_LIMITS, WIDE_LINE);
    let client = reqwest::Client::builder().tcp_nodelay(true).build().unwrap();
    let prompt = format!("[tokens:{tokens}] [delay:0]");
    let direct_body = json!({ "model": "m", "stream": true, "messages": [ { "role": "user", "content": prompt } ] });
    let (direct_url, relay_url) =
        (format!("{}/v1/chat/completions", upstream.url()), format!("http://{}/api/chat_reply", colloquy.addr));
    let (mut direct, mut relayed) = (Vec::new(), Vec::new());
    for round in 0..rounds + 1 {
        let sent = Instant::now();
        read_all(client.post(&direct_url).json(&direct_body).send().await.unwrap()).await;
        let d = sent.elapsed();
        let sent = Instant::now();
        read_all(client.post(&relay_url).json(&turn(&prompt)).send().await.unwrap()).await;
        let r = sent.elapsed();
        if round > 0 {
            direct.push(d);
            relayed.push(r);
        }
    }
    direct.sort();
    relayed.sort();
    let rate = |d: Duration| tokens as f64 / d.as_secs_f64();
    let (d, r) = (percentile(&direct, 0.5), percentile(&relayed, 0.5));
    println!("\n## One stream, {tokens} tokens, no delay ({rounds} rounds each, alternating; medians)\n");
    println!("| read | time | tokens/s |");
    println!("|---|---|---|");
    println!("| straight from the provider (SSE) | {:.1} ms | {:.0} |", ms(d), rate(d));
    println!("| through Colloquy (NDJSON frames) | {:.1} ms | {:.0} |", ms(r), rate(r));
    println!("\nrelayed / direct tokens/s: {:.2}", rate(r) / rate(d));
}

/// Turns per second from `clients` clients, each sending short turns one
/// after another (each a new connection) for `secs`.
async fn turns_per_second(base: &str, clients: usize, secs: f64) -> (f64, usize) {
    let done = Arc::new(AtomicUsize::new(0));
    let failed = Arc::new(AtomicUsize::new(0));
    let until = Instant::now() + Duration::from_secs_f64(secs);
    let url = format!("{base}/api/chat_reply");
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let (done, failed, url) = (done.clone(), failed.clone(), url.clone());
        tasks.push(tokio::spawn(async move {
            let client = reqwest::Client::builder().pool_max_idle_per_host(0).build().unwrap();
            while Instant::now() < until {
                match one_stream(client.clone(), url.clone(), "[tokens:50] [delay:0]".into(), 50).await {
                    Ok(_) => done.fetch_add(1, Ordering::Relaxed),
                    Err(_) => failed.fetch_add(1, Ordering::Relaxed),
                };
            }
        }));
    }
    let started = Instant::now();
    for task in tasks {
        task.await.unwrap();
    }
    (done.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64(), failed.load(Ordering::Relaxed))
}

async fn replicas(upstream: &TestUpstream) {
    let (Ok(postgres), Ok(redis)) =
        (std::env::var("COLLOQUY_TEST_POSTGRES_URL"), std::env::var("COLLOQUY_TEST_REDIS_URL"))
    else {
        println!("\n(replicas: skipped, set COLLOQUY_TEST_POSTGRES_URL and COLLOQUY_TEST_REDIS_URL)");
        return;
    };
    let clients = env_or("BENCH_CLIENTS", 32);
    let secs = env_or("BENCH_SECONDS", 8) as f64;
    let shared = format!("[storage]\nurl = \"{postgres}\"\n[replicas]\nredis_url = \"{redis}\"\n{NO_LIMITS}");
    println!("\n## One replica against two (PostgreSQL and Redis; {clients} clients, 50-token turns, {secs} s)\n");
    println!("| replicas | turns/s | tokens/s | failed | server CPU per turn |");
    println!("|---|---|---|---|---|");
    let mut rates = Vec::new();
    for count in [1usize, 2] {
        let servers: Vec<Colloquy> = (0..count).map(|_| Colloquy::start(&upstream.url(), &shared, WIDE_LINE)).collect();
        let front = balancer::Balancer::start(servers.iter().map(|s| s.addr.port()).collect()).await;
        let base = format!("http://{}", front.addr);
        turns_per_second(&base, 4, 1.0).await;
        let cpu = |servers: &[Colloquy]| servers.iter().map(|s| cpu_ms(s.child.id())).sum::<f64>();
        let before = cpu(&servers);
        let (rate, failed) = turns_per_second(&base, clients, secs).await;
        let per_turn = (cpu(&servers) - before) / (rate * secs);
        println!("| {count} | {rate:.0} | {:.0} | {failed} | {per_turn:.2} ms |", rate * 50.0);
        rates.push(rate);
    }
    println!("\ntwo replicas / one: {:.2}", rates[1] / rates[0]);
}

/// A process's CPU time so far (user and system), in ms.
fn cpu_ms(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // After the command's closing parenthesis: fields 3 onwards; utime and
    // stime are the 14th and 15th, in clock ticks (100 a second on Linux).
    let fields: Vec<&str> = stat.rsplit_once(')').map_or("", |(_, rest)| rest).split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) * 10.0
}

/// A conversation of `n` messages (alternating, each ~60 words with a code
/// block), stored straight into the server's SQLite file for its owner.
async fn fill(database: &str, conversation: &str, n: usize) {
    let store = colloquy_store::Store::connect(database).await.unwrap();
    let owner: String = {
        use sqlx::Connection;
        let mut db = sqlx::SqliteConnection::connect(database).await.unwrap();
        sqlx::query_scalar("SELECT owner FROM conversations WHERE id = ?")
            .bind(conversation)
            .fetch_one(&mut db)
            .await
            .unwrap()
    };
    let owner = colloquy_store::UserId::parse(&owner).unwrap();
    let id = colloquy_store::ConversationId::parse(conversation).unwrap();
    let body = "Here is how a **borrow** works in Rust, with an example you can run and change. \
        The compiler checks that a reference never outlives what it points to.\n\n```rust\nfn main() {\n    \
        let s = String::from(\"hi\");\n    let r = &s;\n    println!(\"{r}\");\n}\n```\n\nThat is all.";
    // The turn that made it holds two already.
    for i in 2..n {
        let role = if i % 2 == 0 { colloquy_store::Role::User } else { colloquy_store::Role::Assistant };
        let message = colloquy_store::NewMessage {
            role,
            content: format!("{i}: {body}"),
            reasoning: String::new(),
            attachments: "[]".into(),
            status: colloquy_store::MessageStatus::Complete,
        };
        store.append_message(&owner, &id, &message).await.unwrap();
    }
}

async fn open(upstream: &TestUpstream) {
    let rounds = env_or("BENCH_ROUNDS", 10);
    println!("\n## Opening a conversation (the server-rendered page, SQLite; {rounds} rounds, medians)\n");
    println!(
        "| messages | page | time p50 | time max | server RSS before | server peak | growth | earlier window (100) p50 |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for n in [10usize, 100, 1000, 10_000] {
        let dir = tempfile::tempdir().unwrap();
        let database = format!("sqlite:{}/open.db", dir.path().display());
        let config = format!("[storage]\nurl = \"{database}\"\n{NO_LIMITS}");
        // A fresh server per size: its peak memory is this size's.
        let colloquy = Colloquy::start(&upstream.url(), &config, WIDE_LINE);
        let base = format!("http://{}", colloquy.addr);
        let client = reqwest::Client::builder().cookie_store(true).build().unwrap();
        let response =
            client.post(format!("{base}/api/chat_reply")).json(&turn("Hello [tokens:3]")).send().await.unwrap();
        let mut body = response.bytes_stream();
        let mut text = String::new();
        while let Some(chunk) = body.next().await {
            text.push_str(std::str::from_utf8(&chunk.unwrap()).unwrap());
        }
        let started: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
        let conversation = started["conversation"].as_str().unwrap().to_string();
        fill(&database, &conversation, n).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        let before = colloquy.rss_kib();
        let mut times = Vec::new();
        let mut bytes = 0;
        for _ in 0..rounds {
            let sent = Instant::now();
            let response = client.get(format!("{base}/c/{conversation}")).send().await.unwrap();
            assert_eq!(response.status(), 200);
            bytes = response.bytes().await.unwrap().len();
            times.push(sent.elapsed());
        }
        times.sort();
        let peak = peak_rss_kib(colloquy.child.id());
        // "Show earlier messages": the window just before the page's.
        let before_seq = (n + 1).saturating_sub(100).max(1).to_string();
        let mut windows = Vec::new();
        for _ in 0..rounds {
            let sent = Instant::now();
            let response = client
                .post(format!("{base}/api/earlier_messages"))
                .form(&[("conversation", conversation.as_str()), ("before", before_seq.as_str())])
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200);
            response.bytes().await.unwrap();
            windows.push(sent.elapsed());
        }
        windows.sort();
        println!(
            "| {n} | {:.0} KB | {:.1} ms | {:.1} ms | {:.1} MiB | {:.1} MiB | {:.1} MiB | {:.1} ms |",
            bytes as f64 / 1000.0,
            ms(percentile(&times, 0.5)),
            ms(*times.last().unwrap()),
            mib(before),
            mib(peak),
            mib(peak.saturating_sub(before)),
            ms(percentile(&windows, 0.5))
        );
    }
}

fn main() {
    // `BENCH_THREADS`: the provider's and load generator's threads (2; more
    // on a machine whose other cores the server does not use).
    let threads = env_or("BENCH_THREADS", 2);
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(threads).enable_all().build().unwrap();
    runtime.block_on(async {
        let upstream = TestUpstream::start(Options::default()).await.unwrap();
        if wanted("streams") {
            streams(&upstream, Via::Colloquy).await;
        }
        if wanted("ceiling") {
            streams(&upstream, Via::Direct).await;
        }
        if wanted("idle") {
            idle(&upstream).await;
        }
        if wanted("throughput") {
            throughput(&upstream).await;
        }
        if wanted("replicas") {
            replicas(&upstream).await;
        }
        if wanted("open") {
            open(&upstream).await;
        }
    });
}
