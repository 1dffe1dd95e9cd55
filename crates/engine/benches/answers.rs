//! How often the embedded model answers right, by sampling setting: the
//! measurement behind the default `[sampling]` in colloquy.toml. Each
//! setting answers every factual question (the first example prompt
//! among them) with several seeds, as the app asks it (its default system
//! prompt, the chat template); an answer is right when it names the fact.
//! The other two example prompts (a haiku, a hash map in two sentences)
//! have no one right answer: for them it counts replies that loop (a line
//! or a 4-word phrase said three times).
//!
//!   cargo bench -p colloquy-engine --bench answers
//!   BENCH_SEEDS=10 cargo bench -p colloquy-engine --bench answers

use std::path::PathBuf;

use colloquy_core::{ChatEvent, ChatMessage, ChatRequest, ModelProvider, Role, SamplingParams};
use colloquy_engine::{Engine, EngineConfig};
use futures::StreamExt;

/// Questions with one right answer, and words of which one must be in it.
const FACTS: &[(&str, &[&str])] = &[
    ("What is the capital of France?", &["Paris"]),
    ("What is the capital of Japan?", &["Tokyo"]),
    ("What is the largest planet in our solar system?", &["Jupiter"]),
    ("Who wrote Romeo and Juliet?", &["Shakespeare"]),
    ("How many days are there in a week?", &["seven", "7"]),
    ("What is the chemical symbol for gold?", &["Au"]),
    ("At what temperature in Celsius does water boil at sea level?", &["100"]),
    ("What color is the sky on a clear day?", &["blue"]),
];

/// The example prompts with no single right answer.
const OPEN: &[&str] = &["Write a haiku about the sea.", "Explain what a hash map is in two sentences."];

/// The checked-in configuration's system prompt.
const SYSTEM_PROMPT: &str = "You are a helpful, concise assistant.";

fn model_path() -> PathBuf {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../models/SmolLM2-135M-Instruct.Q4_1.gguf");
    assert!(path.exists(), "{} is missing: run scripts/install-tools.sh first", path.display());
    path
}

async fn answer(engine: &Engine, question: &str, sampling: SamplingParams) -> String {
    let request = ChatRequest {
        system_prompt: Some(SYSTEM_PROMPT.into()),
        messages: vec![ChatMessage::new(Role::User, question.to_string())],
        sampling,
        ..Default::default()
    };
    let mut stream = engine.stream_chat(request);
    let mut text = String::new();
    while let Some(event) = stream.next().await {
        match event {
            ChatEvent::TextDelta(delta) => text.push_str(&delta),
            ChatEvent::Error(e) => panic!("{e}"),
            _ => {}
        }
    }
    text
}

/// Says the same line, or the same four words, three times or more.
fn loops(text: &str) -> bool {
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| l.len() > 8).collect();
    let words: Vec<String> = text.split_whitespace().map(|w| w.to_lowercase()).collect();
    let phrases: Vec<String> = words.windows(4).map(|w| w.join(" ")).collect();
    let thrice = |items: &[String]| items.iter().any(|item| items.iter().filter(|other| *other == item).count() >= 3);
    thrice(&lines.iter().map(|l| l.to_string()).collect::<Vec<_>>()) || thrice(&phrases)
}

fn main() {
    let seeds: u32 = std::env::var("BENCH_SEEDS").ok().and_then(|v| v.parse().ok()).unwrap_or(5);
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let engine = Engine::start(
        EngineConfig {
            id: "bench".into(),
            model_path: model_path(),
            threads: 1,
            prompt_threads: 2,
            context_tokens: 2048,
        },
        true,
    );
    runtime.block_on(engine.wait_loaded()).unwrap();
    println!("| temperature | top_p | repeat_penalty | first example right | factual answers right | example replies that loop |");
    println!("|---|---|---|---|---|---|");
    let settings =
        [(0.0, 0.9, 1.1), (0.0, 0.9, 1.0), (0.1, 0.9, 1.1), (0.2, 0.9, 1.1), (0.3, 0.9, 1.1), (0.5, 0.9, 1.1)];
    for (temperature, top_p, repeat_penalty) in settings {
        // Greedy decoding is the same whatever the seed: one round.
        let rounds = if temperature == 0.0 { 1 } else { seeds };
        let (mut right, mut asked, mut looped, mut open, mut first_right) = (0, 0, 0, 0, 0);
        let mut wrong = Vec::new();
        for seed in 0..rounds {
            let sampling =
                SamplingParams { temperature, top_p, repeat_penalty, max_new_tokens: 160, seed: Some(seed + 1) };
            for (question, words) in FACTS {
                let reply = runtime.block_on(answer(&engine, question, sampling.clone()));
                asked += 1;
                if words.iter().any(|w| reply.contains(w)) {
                    right += 1;
                    first_right += u32::from(*question == FACTS[0].0);
                } else if wrong.len() < 3 {
                    wrong.push(format!("{question} → {:?}", reply.chars().take(80).collect::<String>()));
                }
            }
            for question in OPEN {
                let reply = runtime.block_on(answer(&engine, question, sampling.clone()));
                open += 1;
                looped += usize::from(loops(&reply));
            }
        }
        println!(
            "| {temperature} | {top_p} | {repeat_penalty} | {first_right} of {rounds} | {right} of {asked} ({:.0}%) | {looped} of {open} |",
            100.0 * f64::from(right) / f64::from(asked)
        );
        for w in wrong {
            println!("|   | | | | wrong: {w} | |");
        }
    }
}
