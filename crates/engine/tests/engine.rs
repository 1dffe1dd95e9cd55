//! The engine against the real SmolLM2-135M-Instruct file that
//! `scripts/install-tools.sh` fetches.

use std::path::PathBuf;
use std::time::Duration;

use colloquy_core::{
    ChatEvent, ChatMessage, ChatRequest, FinishReason, ModelProvider, ProviderError, Role, SamplingParams,
};
use colloquy_engine::{Engine, EngineConfig, EngineState};
use futures::StreamExt;

fn model_path() -> PathBuf {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../models/SmolLM2-135M-Instruct.Q4_1.gguf");
    assert!(path.exists(), "{} is missing: run scripts/install-tools.sh first", path.display());
    path
}

fn engine(preload: bool) -> Engine {
    Engine::start(
        EngineConfig {
            id: "test".into(),
            model_path: model_path(),
            threads: 1,
            prompt_threads: 2,
            context_tokens: 2048,
        },
        preload,
    )
}

fn greedy(max_new_tokens: u32) -> SamplingParams {
    SamplingParams { temperature: 0.0, max_new_tokens, seed: Some(1), ..Default::default() }
}

fn ask(text: &str, sampling: SamplingParams) -> ChatRequest {
    ChatRequest {
        system_prompt: Some("You are a helpful assistant.".into()),
        messages: vec![ChatMessage::new(Role::User, text)],
        sampling,
        ..Default::default()
    }
}

/// Collects a whole reply: its text and how it ended.
async fn collect(engine: &Engine, request: ChatRequest) -> (String, Option<FinishReason>, Vec<ChatEvent>) {
    let mut stream = engine.stream_chat(request);
    let mut text = String::new();
    let mut finish = None;
    let mut others = Vec::new();
    while let Some(event) = stream.next().await {
        match event {
            ChatEvent::TextDelta(delta) => text.push_str(&delta),
            ChatEvent::Done { finish: f, usage } => {
                assert!(usage.prompt_tokens > 10, "prompt has template tokens: {usage:?}");
                finish = Some(f);
            }
            other => others.push(other),
        }
    }
    (text, finish, others)
}

#[tokio::test]
async fn greedy_replies_are_repeatable_and_sensible() {
    let engine = engine(true);
    engine.wait_loaded().await.unwrap();
    let (first, finish, others) = collect(&engine, ask("What is the capital of France?", greedy(48))).await;
    assert!(others.is_empty(), "{others:?}");
    assert!(finish.is_some());
    assert!(first.contains("Paris"), "the model should know this: {first:?}");
    // The second run reuses the KV cache of the first; the reply must not change.
    let (second, _, _) = collect(&engine, ask("What is the capital of France?", greedy(48))).await;
    assert_eq!(first, second);
    // A different question in between, then the first again: still the same.
    let (other, _, _) = collect(&engine, ask("Name a color.", greedy(16))).await;
    assert_ne!(other, first);
    let (third, _, _) = collect(&engine, ask("What is the capital of France?", greedy(48))).await;
    assert_eq!(first, third);
}

#[tokio::test]
async fn max_new_tokens_ends_with_length() {
    let engine = engine(true);
    let (text, finish, _) = collect(&engine, ask("Write a long story about a dragon.", greedy(5))).await;
    assert_eq!(finish, Some(FinishReason::Length));
    assert!(!text.is_empty());
}

#[tokio::test]
async fn seeded_sampling_is_repeatable() {
    let engine = engine(true);
    let sampling = SamplingParams { temperature: 0.9, seed: Some(42), max_new_tokens: 24, ..Default::default() };
    let (a, _, _) = collect(&engine, ask("Tell me a fun fact.", sampling.clone())).await;
    let (b, _, _) = collect(&engine, ask("Tell me a fun fact.", sampling)).await;
    assert_eq!(a, b);
}

#[tokio::test]
async fn dropping_the_stream_stops_computing_tokens() {
    let engine = engine(true);
    engine.wait_loaded().await.unwrap();
    let mut stream =
        engine.stream_chat(ask("Write a very long story about a dragon who learns to bake bread.", greedy(400)));
    let mut deltas = 0;
    while let Some(event) = stream.next().await {
        if let ChatEvent::TextDelta(_) = event {
            deltas += 1;
            if deltas == 5 {
                break;
            }
        }
    }
    drop(stream);
    // Give the worker time to notice; afterwards the counter must not move.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let after_stop = engine.generated_tokens_computed();
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(engine.generated_tokens_computed(), after_stop, "tokens were computed after the stream was dropped");
    assert!(after_stop < 20, "generation should have stopped right away, computed {after_stop}");

    // The engine is still usable after a cancelled reply.
    let (text, finish, _) = collect(&engine, ask("Say hello.", greedy(8))).await;
    assert!(finish.is_some() && !text.is_empty());
}

#[tokio::test]
async fn lazy_engine_tells_the_first_request_it_is_loading() {
    let engine = engine(false);
    assert_eq!(engine.state(), EngineState::NotLoaded);
    let (text, finish, others) = collect(&engine, ask("Hi!", greedy(4))).await;
    assert_eq!(others, vec![ChatEvent::Loading]);
    assert!(finish.is_some() && !text.is_empty());
    assert_eq!(engine.state(), EngineState::Ready);
}

#[tokio::test]
async fn an_overlong_conversation_drops_old_turns_or_says_so() {
    let engine = Engine::start(
        EngineConfig {
            id: "small".into(),
            model_path: model_path(),
            threads: 1,
            prompt_threads: 2,
            context_tokens: 256,
        },
        true,
    );
    // Old turns are dropped to make room: the reply still comes.
    let mut messages = Vec::new();
    for i in 0..20 {
        messages.push(ChatMessage::new(Role::User, format!("Message number {i} says something fairly long.")));
        messages.push(ChatMessage::new(Role::Assistant, "Noted, thank you for the message."));
    }
    messages.push(ChatMessage::new(Role::User, "Say hi."));
    let request = ChatRequest { system_prompt: None, messages, sampling: greedy(8), ..Default::default() };
    let (text, finish, others) = collect(&engine, request).await;
    assert!(others.is_empty() && finish.is_some() && !text.is_empty(), "{others:?}");

    // A single message too long for the context is refused with a clear error.
    let (_, _, others) = collect(&engine, ask(&"word ".repeat(400), greedy(8))).await;
    assert!(
        matches!(others.as_slice(), [ChatEvent::Error(ProviderError::ContextOverflow { context: 256, .. })]),
        "{others:?}"
    );
}

#[tokio::test]
async fn a_broken_model_file_fails_every_request_clearly() {
    let dir = std::env::temp_dir().join(format!("colloquy-engine-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("broken.gguf");
    let mut bytes = std::fs::read(model_path()).unwrap();
    bytes.truncate(4096); // a valid header, then nothing
    std::fs::write(&path, &bytes).unwrap();
    let engine = Engine::start(
        EngineConfig { id: "broken".into(), model_path: path, threads: 1, prompt_threads: 1, context_tokens: 256 },
        true,
    );
    let err = engine.wait_loaded().await.unwrap_err();
    assert!(err.contains("could not load"), "{err}");
    let (_, _, others) = collect(&engine, ask("Hi", greedy(4))).await;
    assert!(matches!(others.as_slice(), [ChatEvent::Error(ProviderError::ModelUnavailable(_))]), "{others:?}");
}
