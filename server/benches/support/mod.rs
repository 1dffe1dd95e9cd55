//! What the benchmarks that run Colloquy as its own process share.
#![allow(dead_code)] // each bench uses a part

use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use futures::StreamExt;

pub fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The Colloquy server, as a child process configured for `upstream`.
pub struct Colloquy {
    pub child: Child,
    pub addr: SocketAddr,
}

impl Colloquy {
    /// `extra` is appended to the configuration; `model` to the one
    /// `[[models]]` entry, `local`.
    pub fn start(upstream: &str, extra: &str, model: &str) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let dir = std::env::temp_dir().join(format!("colloquy-bench-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let config = dir.join("colloquy.toml");
        std::fs::write(
            &config,
            format!(
                "[server]\nlisten = \"127.0.0.1:{port}\"\nreattach_grace_secs = 1\n[model]\nenabled = false\n\
                 [providers.local]\nkind = \"openai\"\nbase_url = \"{upstream}/v1\"\n\
                 {extra}[[models]]\nid = \"local\"\nprovider = \"local\"\n{model}"
            ),
        )
        .unwrap();
        // `BENCH_SERVER_BIN`: another build of the server (comparing two).
        let binary = std::env::var("BENCH_SERVER_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_colloquy").into());
        let child = Command::new(binary)
            .args(["--config", config.to_str().unwrap()])
            .env("RUST_LOG", std::env::var("BENCH_SERVER_LOG").unwrap_or_else(|_| "error".into()))
            // Its data folders land in the temporary folder.
            .current_dir(&dir)
            .stdout(std::fs::File::create(dir.join("server.log")).map(Stdio::from).unwrap_or_else(|_| Stdio::null()))
            .spawn()
            .expect("the colloquy binary runs");
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let started = Instant::now();
        while TcpStream::connect(addr).is_err() {
            assert!(started.elapsed() < Duration::from_secs(30), "colloquy did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        Self { child, addr }
    }

    pub fn rss_kib(&self) -> u64 {
        rss_kib(self.child.id())
    }
}

/// A process's resident memory from /proc, in KiB (0 if unreadable).
pub fn rss_kib(pid: u32) -> u64 {
    proc_status_kib(pid, "VmRSS:")
}

/// A process's peak resident memory (VmHWM) from /proc, in KiB.
pub fn peak_rss_kib(pid: u32) -> u64 {
    proc_status_kib(pid, "VmHWM:")
}

fn proc_status_kib(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

impl Drop for Colloquy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A chat turn's body for the one model, `local`.
pub fn turn(text: &str) -> serde_json::Value {
    serde_json::json!({ "turn": { "message": { "role": "user", "content": text }, "model": "local" } })
}

/// Reads one reply: its time to first token, or what went wrong.
pub async fn one_stream(
    client: reqwest::Client,
    url: String,
    prompt: String,
    tokens: usize,
) -> Result<Duration, String> {
    let sent = Instant::now();
    let response = client.post(&url).json(&turn(&prompt)).send().await.map_err(|e| e.to_string())?;
    if response.status() != 200 {
        return Err(format!("HTTP {}", response.status()));
    }
    let mut body = response.bytes_stream();
    let mut decoder = colloquy_wire::FrameDecoder::default();
    let (mut first_token, mut deltas, mut done) = (None, 0, false);
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(|e| e.to_string())?;
        for frame in decoder.push(std::str::from_utf8(&chunk).map_err(|e| e.to_string())?) {
            match frame? {
                colloquy_wire::ReplyFrame::Delta { .. } => {
                    first_token.get_or_insert_with(|| sent.elapsed());
                    deltas += 1;
                }
                colloquy_wire::ReplyFrame::Done { .. } => done = true,
                colloquy_wire::ReplyFrame::Error { message, .. } => return Err(message),
                _ => {}
            }
        }
    }
    if !done || deltas != tokens {
        return Err(format!("incomplete: {deltas} of {tokens} tokens, done={done}"));
    }
    Ok(first_token.unwrap_or_default())
}

/// Reads a whole response body; returns its length.
pub async fn read_all(response: reqwest::Response) -> usize {
    assert_eq!(response.status(), 200);
    let mut bytes = 0;
    let mut body = response.bytes_stream();
    while let Some(chunk) = body.next().await {
        bytes += chunk.expect("the stream is whole").len();
    }
    bytes
}
