//! Generation and prompt speed of Colloquy's engine, against a bare
//! llama.cpp loop on the same file and threads (the reference the engine
//! must reach 0.9x of). The two run in separate phases; medians printed.
//!
//!   cargo bench -p colloquy-engine --bench generation
//!   BENCH_THREADS=2 BENCH_PROMPT_THREADS=2 BENCH_ROUNDS=5 cargo bench -p colloquy-engine --bench generation

use std::num::NonZeroU32;
use std::path::PathBuf;
use std::time::Instant;

use colloquy_core::{ChatEvent, ChatMessage, ChatRequest, ModelProvider, Role, SamplingParams};
use colloquy_engine::{Engine, EngineConfig};
use futures::StreamExt;
use llama_cpp_2::context::params::LlamaContextParams;
use llama_cpp_2::llama_backend::LlamaBackend;
use llama_cpp_2::llama_batch::LlamaBatch;
use llama_cpp_2::model::params::LlamaModelParams;
use llama_cpp_2::model::LlamaModel;
use llama_cpp_2::sampling::LlamaSampler;

const NEW_TOKENS: u32 = 128;
const QUESTION: &str =
    "Explain in a few paragraphs how a hash map works, what a hash function is, and why collisions happen.";

struct Speed {
    prompt_tokens: usize,
    prompt_tps: f64,
    gen_tokens: usize,
    gen_tps: f64,
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

fn model_path() -> PathBuf {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../models/SmolLM2-135M-Instruct.Q4_1.gguf");
    assert!(path.exists(), "{} is missing: run scripts/install-tools.sh first", path.display());
    path
}

/// The engine, through its public streaming API. Each round's prompt is new
/// (a round number leads it), so the KV cache cannot skip the prompt.
async fn engine_round(engine: &Engine, round: usize) -> Speed {
    let prompt_before = engine.stats().prompt_tokens_computed.load(std::sync::atomic::Ordering::Relaxed);
    let request = ChatRequest {
        system_prompt: None,
        messages: vec![ChatMessage::new(Role::User, format!("[{round}] {QUESTION}"))],
        sampling: SamplingParams {
            temperature: 0.0,
            max_new_tokens: NEW_TOKENS,
            repeat_penalty: 1.0,
            ..Default::default()
        },
        ..Default::default()
    };
    let start = Instant::now();
    let mut stream = engine.stream_chat(request);
    let mut first = None;
    let mut gen_tokens = 0;
    while let Some(event) = stream.next().await {
        match event {
            ChatEvent::TextDelta(_) => {
                first.get_or_insert_with(Instant::now);
            }
            ChatEvent::Done { usage, .. } => gen_tokens = usage.completion_tokens as usize,
            ChatEvent::Error(e) => panic!("{e}"),
            ChatEvent::Loading => {}
            other => panic!("the engine sends no {other:?}"),
        }
    }
    let end = Instant::now();
    let first = first.expect("some text");
    let prompt_tokens =
        (engine.stats().prompt_tokens_computed.load(std::sync::atomic::Ordering::Relaxed) - prompt_before) as usize;
    Speed {
        prompt_tokens,
        // Time to the first token is the prompt plus one sampled token.
        prompt_tps: prompt_tokens as f64 / (first - start).as_secs_f64(),
        gen_tokens,
        gen_tps: (gen_tokens - 1) as f64 / (end - first).as_secs_f64(),
    }
}

/// The reference: llama.cpp driven directly, nothing around it.
fn bare_round(backend: &LlamaBackend, model: &LlamaModel, threads: i32, prompt_threads: i32, round: usize) -> Speed {
    let params = LlamaContextParams::default()
        .with_n_ctx(NonZeroU32::new(2048))
        .with_n_batch(512)
        .with_n_threads(threads)
        .with_n_threads_batch(prompt_threads);
    let mut ctx = model.new_context(backend, params).unwrap();
    let prompt = format!("<|im_start|>user\n[{round}] {QUESTION}<|im_end|>\n<|im_start|>assistant\n");
    let tokens = model.vocab().tokenize(prompt.as_bytes(), false, true);
    let mut batch = LlamaBatch::new(512, 1);
    for (i, t) in tokens.iter().enumerate() {
        batch.add(*t, i as i32, &[0], i + 1 == tokens.len()).unwrap();
    }
    let mut sampler = LlamaSampler::greedy();
    let start = Instant::now();
    ctx.decode(&mut batch).unwrap();
    let mut token = sampler.sample(&ctx, batch.n_tokens() - 1);
    let first = Instant::now();
    let mut pos = tokens.len() as i32;
    let mut generated = 1;
    while generated < NEW_TOKENS as usize {
        batch.clear();
        batch.add(token, pos, &[0], true).unwrap();
        ctx.decode(&mut batch).unwrap();
        token = sampler.sample(&ctx, 0);
        pos += 1;
        generated += 1;
        // Like the engine, turn the token into text (the cost a server pays).
        let _ = model.vocab().token_to_piece(token, false, None);
    }
    let end = Instant::now();
    Speed {
        prompt_tokens: tokens.len(),
        prompt_tps: tokens.len() as f64 / (first - start).as_secs_f64(),
        gen_tokens: generated,
        gen_tps: (generated - 1) as f64 / (end - first).as_secs_f64(),
    }
}

fn main() {
    let threads: u32 = std::env::var("BENCH_THREADS").ok().and_then(|v| v.parse().ok()).unwrap_or(1);
    let prompt_threads: u32 = std::env::var("BENCH_PROMPT_THREADS").ok().and_then(|v| v.parse().ok()).unwrap_or(2);
    let rounds: usize = std::env::var("BENCH_ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(5);
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let engine = Engine::start(
        EngineConfig { id: "bench".into(), model_path: model_path(), threads, prompt_threads, context_tokens: 2048 },
        true,
    );
    runtime.block_on(engine.wait_loaded()).unwrap();
    // llama.cpp allows one backend per process: the bare loop shares the engine's.
    let backend = colloquy_engine::llama_backend().unwrap();
    let model = LlamaModel::load_from_file(backend, model_path(), &LlamaModelParams::default()).unwrap();

    // One warm-up round each.
    runtime.block_on(engine_round(&engine, 1000));
    std::thread::sleep(std::time::Duration::from_secs(1));
    bare_round(backend, &model, threads as i32, prompt_threads as i32, 1000);
    std::thread::sleep(std::time::Duration::from_secs(1));

    // The two sides run in separate phases, not alternating: each drives its
    // own llama.cpp thread team, and two teams spinning on two cores at once
    // would measure their contention rather than either side.
    let (mut e_gen, mut e_prompt, mut b_gen, mut b_prompt) = (vec![], vec![], vec![], vec![]);
    let (mut e_tokens, mut b_tokens) = ((0, 0), (0, 0));
    for round in 0..rounds {
        let e = runtime.block_on(engine_round(&engine, round));
        e_tokens = (e.prompt_tokens, e.gen_tokens);
        e_gen.push(e.gen_tps);
        e_prompt.push(e.prompt_tps);
    }
    std::thread::sleep(std::time::Duration::from_secs(1));
    for round in 0..rounds {
        let b = bare_round(backend, &model, threads as i32, prompt_threads as i32, round);
        b_tokens = (b.prompt_tokens, b.gen_tokens);
        b_gen.push(b.gen_tps);
        b_prompt.push(b.prompt_tps);
    }
    let (eg, ep, bg, bp) = (median(e_gen), median(e_prompt), median(b_gen), median(b_prompt));
    println!("generation threads={threads} prompt threads={prompt_threads} rounds={rounds} (medians, greedy)");
    println!("| engine | prompt tokens | prompt tok/s | new tokens | generation tok/s |");
    println!("|---|---|---|---|---|");
    println!(
        "| Colloquy engine (llama.cpp on a worker thread, streamed) | {} | {ep:.0} | {} | {eg:.0} |",
        e_tokens.0, e_tokens.1
    );
    println!(
        "| bare llama.cpp loop (llama-cpp-2, same file and threads) | {} | {bp:.0} | {} | {bg:.0} |",
        b_tokens.0, b_tokens.1
    );
    println!("generation ratio engine/bare = {:.2}x (target >= 0.90x)", eg / bg);
}
