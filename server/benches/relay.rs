//! Colloquy as a relay in front of an OpenAI-compatible server, measured
//! against the budgets of the providers issue:
//!
//! 1. relay overhead: 2,000 tokens streamed with no delay, read through
//!    Colloquy vs. read straight from the provider (at most 1.2x);
//! 2. framing: bytes on the wire from Colloquy per token beyond the token
//!    text, HTTP chunk framing included (at most 40);
//! 3. load: 1,000 simultaneous streams at 20 ms per token: errors, added
//!    first-token latency (p50/p99, budget p99 < 50 ms) and the server's
//!    RSS growth (budget < 100 MiB).
//!
//! The provider is `test-upstream` (in this process); Colloquy runs as its
//! own process (the release binary), so its memory is its own. Loopback
//! only; bounded in count and time.
//!
//!   cargo bench -p server --bench relay
//!   (BENCH_STREAMS=1000 BENCH_ROUNDS=20 are the defaults)

mod support;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::{Duration, Instant};

use colloquy_test_upstream::{Options, TestUpstream};
use serde_json::json;

use support::{env_or, ms, one_stream, percentile, read_all, rss_kib, turn, Colloquy};

/// Posts a reply request on a raw socket and returns the body bytes as
/// they were on the wire (chunked framing included) and the decoded text.
fn wire_bytes(addr: SocketAddr, text: &str) -> (usize, String) {
    let body = turn(text).to_string();
    let mut tcp = TcpStream::connect(addr).unwrap();
    write!(
        tcp,
        "POST /api/chat_reply HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut raw = Vec::new();
    tcp.read_to_end(&mut raw).unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
    let wire = raw.len() - split;
    // Undo the chunked encoding to get the frames.
    let mut rest = &raw[split..];
    let mut decoded = Vec::new();
    loop {
        let line_end = rest.windows(2).position(|w| w == b"\r\n").unwrap();
        let size = usize::from_str_radix(std::str::from_utf8(&rest[..line_end]).unwrap().trim(), 16).unwrap();
        rest = &rest[line_end + 2..];
        if size == 0 {
            break;
        }
        decoded.extend_from_slice(&rest[..size]);
        rest = &rest[size + 2..];
    }
    let mut token_text = String::new();
    for line in String::from_utf8(decoded).unwrap().lines() {
        let frame: serde_json::Value = serde_json::from_str(line).unwrap();
        if frame["type"] == "delta" {
            token_text.push_str(frame["text"].as_str().unwrap());
        }
    }
    (wire, token_text)
}

fn main() {
    let rounds = env_or("BENCH_ROUNDS", 20);
    let streams = env_or("BENCH_STREAMS", 1000);
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let upstream = runtime.block_on(TestUpstream::start(Options::default())).unwrap();
    let colloquy = Colloquy::start(
        &upstream.url(),
        // Every stream comes from this one address; the limits are not what
        // this measures (see the load bench for them).
        "[limits]\nchat_per_user = { burst = 1000000, every_secs = 0.001 }\n\
         chat_per_address = { burst = 1000000, every_secs = 0.001 }\n",
        "queue = { concurrency = 2000, max_waiting = 2000 }\n",
    );
    let client = reqwest::Client::builder().tcp_nodelay(true).build().unwrap();
    let direct_url = format!("{}/v1/chat/completions", upstream.url());
    let relay_url = format!("http://{}/api/chat_reply", colloquy.addr);

    // 1. Relay overhead, 2,000 tokens with no delay, alternating.
    runtime.block_on(async {
        let prompt = "[tokens:2000] [delay:0]";
        let direct_body =
            json!({ "model": "m", "stream": true, "messages": [ { "role": "user", "content": prompt } ] });
        let (mut direct, mut relayed) = (Vec::new(), Vec::new());
        for round in 0..rounds + 2 {
            // From sending the request to the last byte.
            let sent = Instant::now();
            read_all(client.post(&direct_url).json(&direct_body).send().await.unwrap()).await;
            let d = sent.elapsed();
            let sent = Instant::now();
            read_all(client.post(&relay_url).json(&turn(prompt)).send().await.unwrap()).await;
            let r = sent.elapsed();
            if round >= 2 {
                direct.push(d);
                relayed.push(r);
            }
        }
        direct.sort();
        relayed.sort();
        let (d50, r50) = (percentile(&direct, 0.5), percentile(&relayed, 0.5));
        println!("\n## Relay overhead: 2,000 tokens, no delay ({rounds} rounds each, alternating)\n");
        println!("| read | p50 | p90 |");
        println!("|---|---|---|");
        println!("| straight from the provider (SSE) | {:.2} ms | {:.2} ms |", ms(d50), ms(percentile(&direct, 0.9)));
        println!("| through Colloquy (NDJSON frames) | {:.2} ms | {:.2} ms |", ms(r50), ms(percentile(&relayed, 0.9)));
        println!("\nratio of medians: {:.3} (budget 1.2)", r50.as_secs_f64() / d50.as_secs_f64());
    });

    // 2. Framing bytes per token, batched (no delay) and one frame per
    // token (20 ms apart, so every token is its own HTTP chunk).
    println!("\n## Framing on the wire from Colloquy (HTTP/1.1 chunked)\n");
    println!("| stream | tokens | token text bytes | body bytes on the wire | framing per token |");
    println!("|---|---|---|---|---|");
    for (label, prompt, tokens) in
        [("no delay (batched)", "[tokens:2000] [delay:0]", 2000), ("20 ms per token", "[tokens:200] [delay:20]", 200)]
    {
        let (wire, text) = wire_bytes(colloquy.addr, prompt);
        let per_token = (wire - text.len()) as f64 / tokens as f64;
        println!("| {label} | {tokens} | {} | {wire} | {per_token:.1} bytes |", text.len());
    }

    // 3. Load: `streams` simultaneous streams, 20 ms per token, 150 tokens
    // (3 s each), opened over 1 s, so all overlap for about 2 s.
    runtime.block_on(async {
        let prompt = "[tokens:150] [delay:20]";
        // Warm the connection paths, then take the baseline RSS.
        for _ in 0..3 {
            read_all(client.post(&relay_url).json(&turn("[tokens:5] [delay:0]")).send().await.unwrap()).await;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
        let rss_before = colloquy.rss_kib();
        let peak = Arc::new(std::sync::atomic::AtomicU64::new(rss_before));
        let sampling = {
            let peak = peak.clone();
            let pid = colloquy.child.id();
            tokio::spawn(async move {
                loop {
                    peak.fetch_max(rss_kib(pid), std::sync::atomic::Ordering::Relaxed);
                    tokio::time::sleep(Duration::from_millis(25)).await;
                }
            })
        };
        let started = Instant::now();
        let spacing = Duration::from_secs(1) / streams as u32;
        let mut tasks = Vec::with_capacity(streams);
        for i in 0..streams {
            let client = client.clone();
            let url = relay_url.clone();
            tasks.push(tokio::spawn(async move {
                tokio::time::sleep_until((started + spacing * i as u32).into()).await;
                one_stream(client, url, prompt.to_string(), 150).await
            }));
        }
        let mut ttft = Vec::with_capacity(streams);
        let mut errors = Vec::new();
        for task in tasks {
            match tokio::time::timeout(Duration::from_secs(60), task).await {
                Ok(Ok(Ok(t))) => ttft.push(t),
                Ok(Ok(Err(e))) => errors.push(e),
                Ok(Err(e)) => errors.push(e.to_string()),
                Err(_) => errors.push("timed out".into()),
            }
        }
        let elapsed = started.elapsed();
        sampling.abort();
        let rss_peak = peak.load(std::sync::atomic::Ordering::Relaxed);
        ttft.sort();
        // The provider itself waits 20 ms before the first token.
        let added: Vec<Duration> = ttft.iter().map(|t| t.saturating_sub(Duration::from_millis(20))).collect();
        println!("\n## Load: {streams} simultaneous streams, 20 ms per token, 150 tokens each (opened over 1 s)\n");
        println!("| figure | value |");
        println!("|---|---|");
        println!("| streams completed | {} of {streams} |", ttft.len());
        println!("| errors | {} |", errors.len());
        if !added.is_empty() {
            println!("| added first-token latency p50 | {:.1} ms |", ms(percentile(&added, 0.5)));
            println!("| added first-token latency p99 | {:.1} ms |", ms(percentile(&added, 0.99)));
            println!("| added first-token latency max | {:.1} ms |", ms(*added.last().unwrap()));
        }
        println!("| server RSS before | {:.1} MiB |", rss_before as f64 / 1024.0);
        println!("| server RSS peak | {:.1} MiB |", rss_peak as f64 / 1024.0);
        println!("| server RSS growth | {:.1} MiB |", (rss_peak - rss_before) as f64 / 1024.0);
        println!("| wall time | {:.1} s |", elapsed.as_secs_f64());
        if let Some(e) = errors.first() {
            println!("\nfirst error: {e}");
        }
        println!("\n(added first-token latency = time to the first token through Colloquy minus the provider's own 20 ms; load generator and provider share this machine's cores with the server)");
    });
    drop(colloquy);
    drop(upstream);
}
