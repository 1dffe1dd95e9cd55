//! What the server adds to the model's own time to first token.
//!
//! The same request is timed two ways, alternating: straight from the engine
//! (the model's own time to first token), and as an HTTP client sees it
//! (POST /api/chat_reply on loopback, until the first text frame arrives).
//! The prompt is identical every time, so the KV cache holds it and both
//! sides measure one decoded token plus their own overhead: the difference of
//! the medians is the server's share.
//!
//!   cargo bench -p server --bench ttft

use std::path::PathBuf;
use std::time::{Duration, Instant};

use colloquy_config::Config;
use colloquy_core::{ChatEvent, ChatMessage, ChatRequest, ModelProvider, Role};
use futures::StreamExt;
use server::Application;

const QUESTION: &str = "What is the capital of France?";

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn percentile(mut v: Vec<Duration>, p: f64) -> Duration {
    v.sort();
    v[((v.len() - 1) as f64 * p).round() as usize]
}

fn main() {
    let rounds: usize = std::env::var("BENCH_ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(100);
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    runtime.block_on(async move {
        let mut config = Config::default();
        config.server.listen = "127.0.0.1:0".parse().unwrap();
        let data = std::env::temp_dir().join(format!("colloquy-ttft-bench-{}", std::process::id()));
        config.uploads.dir = data.join("uploads");
        config.storage.url = format!("sqlite:{}/colloquy.db", data.display());
        config.model.path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../models/SmolLM2-135M-Instruct.Q4_1.gguf");
        config.sampling.temperature = 0.0;
        config.sampling.max_new_tokens = 1;
        let system_prompt = config.chat.system_prompt.clone();
        let sampling = config.sampling.clone();
        let model_id = config.default_model_id().to_string();
        let app = Application::build(config).await.expect("server starts");
        let url = format!("http://{}/api/chat_reply", app.local_addr());
        let engine = app.engine.clone().expect("the embedded model is on");
        tokio::spawn(app.run());
        let client = reqwest::Client::new();
        let body =
            serde_json::json!({ "turn": { "message": { "role": "user", "content": QUESTION }, "model": model_id } });

        let model_side = || async {
            let request = ChatRequest {
                system_prompt: system_prompt.clone(),
                messages: vec![ChatMessage::new(Role::User, QUESTION)],
                sampling: sampling.clone(),
                ..Default::default()
            };
            let start = Instant::now();
            let mut stream = engine.stream_chat(request);
            while let Some(event) = stream.next().await {
                if let ChatEvent::TextDelta(_) = event {
                    let elapsed = start.elapsed();
                    while stream.next().await.is_some() {}
                    return elapsed;
                }
            }
            panic!("no text from the model");
        };
        let http_side = || async {
            let start = Instant::now();
            let response = client.post(&url).json(&body).send().await.unwrap();
            let mut chunks = response.bytes_stream();
            let mut seen = String::new();
            let mut first = None;
            while let Some(chunk) = chunks.next().await {
                seen.push_str(std::str::from_utf8(&chunk.unwrap()).unwrap());
                if first.is_none() && seen.contains("\"type\":\"delta\"") {
                    first = Some(start.elapsed());
                }
            }
            first.expect("a delta frame")
        };

        for _ in 0..10 {
            model_side().await;
            http_side().await;
        }
        let (mut model, mut http) = (Vec::with_capacity(rounds), Vec::with_capacity(rounds));
        for _ in 0..rounds {
            model.push(model_side().await);
            http.push(http_side().await);
        }
        let (m50, h50) = (median(model.clone()), median(http.clone()));
        let (m90, h90) = (percentile(model, 0.9), percentile(http, 0.9));
        println!("rounds={rounds}, prompt cached, 1 new token");
        println!("| side | median TTFT | p90 TTFT |");
        println!("|---|---|---|");
        println!("| model (engine stream, in process) | {:.2} ms | {:.2} ms |", ms(m50), ms(m90));
        println!("| HTTP client (POST /api/chat_reply, loopback) | {:.2} ms | {:.2} ms |", ms(h50), ms(h90));
        println!("server adds {:.2} ms at the median (budget 5 ms)", ms(h50) - ms(m50));
    });
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
