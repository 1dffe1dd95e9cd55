//! Limits under load (the security issue's budget): 2,000 clients on
//! loopback, each from its own address (127.1.x.y; Linux routes all of
//! 127.0.0.0/8 to loopback), and a tenth of them flooding from one address.
//!
//! Each normal client (a browser: its own cookie jar) sends a few turns a
//! few seconds apart; every one must complete. Each flooder sends turns as
//! fast as it can; they must be refused with 429 (`Retry-After` set) once
//! the address's budget is spent, and get nothing but 200s and 429s. The
//! server's peak memory is read from /proc. Colloquy runs as its own
//! process (the release binary) with the default `[limits]`; the model is
//! the OpenAI-protocol stand-in, in this process.
//!
//!   cargo bench -p server --bench load
//!   (LOAD_CLIENTS=2000 LOAD_TURNS=3 LOAD_FLOOD_TURNS=20 are the defaults;
//!   LOAD_DATABASE_URL=postgres://… stores on PostgreSQL instead of SQLite)
//!
//! Exits non-zero if any budget is missed, so it can gate a build.

mod support;

use std::net::IpAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use colloquy_test_upstream::{Options, TestUpstream};
use futures::StreamExt;
use serde_json::json;
use support::{env_or, ms, peak_rss_kib, percentile, Colloquy};

/// The server's peak memory may not pass this.
const MEMORY_BUDGET_MIB: u64 = 512;

#[derive(Default)]
struct Tally {
    /// Normal clients' turns that completed (status 200, stream to `done`).
    completed: AtomicU64,
    /// Normal clients' turns that did not: any of these fails the run.
    failed: AtomicU64,
    flood_accepted: AtomicU64,
    flood_limited: AtomicU64,
    /// Flood requests answered with anything but 200 or 429.
    flood_other: AtomicU64,
    limited_without_retry_after: AtomicU64,
}

fn turn() -> serde_json::Value {
    json!({ "turn": { "message": { "role": "user", "content": "hello there", "attachments": [] }, "model": "local" } })
}

/// One browser at `ip`.
fn client(ip: IpAddr) -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .local_address(ip)
        .timeout(Duration::from_secs(120))
        .build()
        .expect("a client")
}

enum Outcome {
    Completed(Duration),
    Limited { retry_after: bool },
    Other(String),
}

async fn send_turn(client: &reqwest::Client, url: &str) -> Outcome {
    let started = Instant::now();
    let response = match client.post(url).header("accept", "*/*").json(&turn()).send().await {
        Ok(r) => r,
        Err(e) => return Outcome::Other(format!("request error: {e}")),
    };
    match response.status().as_u16() {
        200 => {
            let mut body = Vec::new();
            let mut stream = response.bytes_stream();
            while let Some(chunk) = stream.next().await {
                match chunk {
                    Ok(bytes) => body.extend_from_slice(&bytes),
                    Err(e) => return Outcome::Other(format!("stream broke: {e}")),
                }
            }
            let text = String::from_utf8_lossy(&body);
            match text.contains(r#""type":"done""#) {
                true => Outcome::Completed(started.elapsed()),
                false => {
                    Outcome::Other(format!("stream ended without done: {}", text.chars().take(300).collect::<String>()))
                }
            }
        }
        429 => Outcome::Limited { retry_after: response.headers().contains_key("retry-after") },
        status => Outcome::Other(format!("{status}: {}", response.text().await.unwrap_or_default())),
    }
}

fn main() {
    let clients = env_or("LOAD_CLIENTS", 2000);
    let turns = env_or("LOAD_TURNS", 3);
    let flood_turns = env_or("LOAD_FLOOD_TURNS", 20);
    let flooders = clients / 10;
    let normal = clients - flooders;
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let failed = runtime.block_on(async move {
        let upstream = TestUpstream::start(Options::default()).await.unwrap();
        // Default limits; the stand-in's line is made long enough for
        // every client at once (a full line is a 503, tested elsewhere).
        // SQLite in the server's folder by default; LOAD_DATABASE_URL=postgres://…
        // runs the same load on PostgreSQL.
        let storage = match std::env::var("LOAD_DATABASE_URL") {
            Ok(url) => format!("[storage]\nurl = \"{url}\"\n"),
            Err(_) => String::new(),
        };
        let colloquy = Colloquy::start(&upstream.url(), &storage, "queue = { concurrency = 64, max_waiting = 4096 }\n");
        let url = format!("http://{}/api/chat_reply", colloquy.addr);
        let pid = colloquy.child.id();
        let tally = Arc::new(Tally::default());
        let latencies = Arc::new(std::sync::Mutex::new(Vec::new()));
        let errors = Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
        let started = Instant::now();
        let mut tasks = Vec::new();
        for i in 0..normal {
            let ip = IpAddr::from([127, 1, (i / 250) as u8, (i % 250 + 1) as u8]);
            let (url, tally, latencies, errors) = (url.clone(), tally.clone(), latencies.clone(), errors.clone());
            tasks.push(tokio::spawn(async move {
                let client = client(ip);
                // Arrivals spread over two seconds; then a turn every ~2 s
                // (well inside the per-person budget of 10, one back per 6 s).
                tokio::time::sleep(Duration::from_millis((i as u64 * 7919) % 2000)).await;
                for _ in 0..turns {
                    match send_turn(&client, &url).await {
                        Outcome::Completed(took) => {
                            tally.completed.fetch_add(1, Ordering::Relaxed);
                            latencies.lock().unwrap().push(took);
                        }
                        Outcome::Limited { .. } => {
                            tally.failed.fetch_add(1, Ordering::Relaxed);
                            errors.lock().unwrap().push(format!("{ip}: limited"));
                        }
                        Outcome::Other(why) => {
                            tally.failed.fetch_add(1, Ordering::Relaxed);
                            errors.lock().unwrap().push(format!("{ip}: {why}"));
                        }
                    }
                    tokio::time::sleep(Duration::from_millis(2000)).await;
                }
            }));
        }
        let flood_ip = IpAddr::from([127, 9, 9, 9]);
        for _ in 0..flooders {
            let (url, tally, errors) = (url.clone(), tally.clone(), errors.clone());
            tasks.push(tokio::spawn(async move {
                let client = client(flood_ip);
                for _ in 0..flood_turns {
                    match send_turn(&client, &url).await {
                        Outcome::Completed(_) => tally.flood_accepted.fetch_add(1, Ordering::Relaxed),
                        Outcome::Limited { retry_after } => {
                            if !retry_after {
                                tally.limited_without_retry_after.fetch_add(1, Ordering::Relaxed);
                            }
                            tally.flood_limited.fetch_add(1, Ordering::Relaxed)
                        }
                        Outcome::Other(why) => {
                            errors.lock().unwrap().push(format!("flooder: {why}"));
                            tally.flood_other.fetch_add(1, Ordering::Relaxed)
                        }
                    };
                    // 200 flooders: about a thousand requests a second.
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
            }));
        }
        for task in tasks {
            task.await.expect("a client task");
        }
        let wall = started.elapsed();
        let peak_mib = peak_rss_kib(pid) / 1024;
        let mut latencies = latencies.lock().unwrap().clone();
        latencies.sort();
        let t = &*tally;
        let get = |a: &AtomicU64| a.load(Ordering::Relaxed);
        println!("\n## Load: {clients} clients ({normal} normal, {flooders} flooding from one address)\n");
        println!("| figure | value |\n|---|---|");
        println!("| wall time | {:.1} s |", wall.as_secs_f64());
        println!("| normal turns completed | {} of {} |", get(&t.completed), normal * turns);
        println!("| normal turns failed or limited | {} |", get(&t.failed));
        if !latencies.is_empty() {
            println!(
                "| normal turn p50 / p99 / max | {:.0} / {:.0} / {:.0} ms |",
                ms(percentile(&latencies, 0.5)),
                ms(percentile(&latencies, 0.99)),
                ms(*latencies.last().unwrap())
            );
        }
        println!("| flood requests accepted | {} of {} |", get(&t.flood_accepted), flooders * flood_turns);
        println!("| flood requests refused with 429 | {} |", get(&t.flood_limited));
        println!("| 429s without Retry-After | {} |", get(&t.limited_without_retry_after));
        println!("| other errors | {} |", get(&t.flood_other));
        println!("| server peak RSS (VmHWM) | {peak_mib} MiB (budget {MEMORY_BUDGET_MIB} MiB) |");
        for e in errors.lock().unwrap().iter().take(10) {
            eprintln!("error: {e}");
        }
        let mut failed = Vec::new();
        if get(&t.completed) != (normal * turns) as u64 {
            failed.push("not every normal turn completed");
        }
        if get(&t.flood_other) > 0 {
            failed.push("a flood request got something other than 200 or 429");
        }
        if get(&t.limited_without_retry_after) > 0 {
            failed.push("a 429 had no Retry-After");
        }
        // The address's budget: a burst of 60, then one a second.
        let allowed = 60 + wall.as_secs() + 1;
        if get(&t.flood_accepted) > allowed {
            failed.push("the flooding address got more than its budget");
        }
        if get(&t.flood_limited) == 0 {
            failed.push("the flood was never limited");
        }
        if peak_mib > MEMORY_BUDGET_MIB {
            failed.push("memory over budget");
        }
        failed
    });
    if !failed.is_empty() {
        eprintln!("load test FAILED: {}", failed.join("; "));
        std::process::exit(1);
    }
    println!("\nload test passed");
}
