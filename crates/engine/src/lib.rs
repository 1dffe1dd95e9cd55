//! The embedded model: a GGUF file run in-process on the CPU by llama.cpp.
//!
//! llama.cpp was chosen over candle by measurement (see docs/PERFORMANCE.md):
//! on this model it generates ~1.3x faster. Inference runs on one dedicated
//! worker thread that owns the model and its KV cache, so the async runtime
//! never blocks; replies stream back through a bounded channel, and dropping
//! the reply stream stops generation before the next token is computed.

mod gguf;
mod utf8;
mod worker;

use std::path::PathBuf;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};

use colloquy_core::{ChatEvent, ChatRequest, ChatStream, ModelProvider, ProviderError};
use futures::Stream;
use tokio::sync::{mpsc, watch};

pub use gguf::{check_gguf_file, GgufError, GgufSummary};
pub use worker::backend as llama_backend;

/// How to run the embedded model.
#[derive(Debug, Clone)]
pub struct EngineConfig {
    /// Shown to users and in logs.
    pub id: String,
    pub model_path: PathBuf,
    /// CPU threads for generating tokens. On small models one thread is
    /// fastest: a token's matrix products are too small to split (measured
    /// in docs/PERFORMANCE.md).
    pub threads: u32,
    /// CPU threads for processing the prompt, which does split well.
    pub prompt_threads: u32,
    /// Context window in tokens (prompt plus reply).
    pub context_tokens: u32,
}

/// Where the model is in its life.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EngineState {
    NotLoaded,
    Loading,
    Ready,
    Failed(String),
}

/// Counters that tests and benchmarks read.
#[derive(Debug, Default)]
pub struct EngineStats {
    /// Tokens run through the model after the prompt, over the engine's life.
    pub generated_tokens_computed: AtomicU64,
    /// Prompt tokens run through the model (after KV-cache reuse).
    pub prompt_tokens_computed: AtomicU64,
}

pub(crate) struct Job {
    request: ChatRequest,
    events: mpsc::Sender<ChatEvent>,
    cancel: Arc<AtomicBool>,
}

/// A handle to the embedded model. Cheap to clone; the worker thread lives
/// as long as any handle does.
#[derive(Clone)]
pub struct Engine {
    id: Arc<str>,
    jobs: std::sync::mpsc::Sender<Job>,
    state: watch::Receiver<EngineState>,
    stats: Arc<EngineStats>,
}

impl Engine {
    /// Starts the worker thread. With `preload` the model loads right away,
    /// otherwise on the first request (which then waits for it).
    pub fn start(config: EngineConfig, preload: bool) -> Self {
        let (jobs_tx, jobs_rx) = std::sync::mpsc::channel();
        let (state_tx, state_rx) = watch::channel(EngineState::NotLoaded);
        let stats = Arc::new(EngineStats::default());
        let id: Arc<str> = config.id.clone().into();
        let worker_stats = stats.clone();
        std::thread::Builder::new()
            .name("colloquy-engine".into())
            .spawn(move || worker::run(config, preload, jobs_rx, state_tx, worker_stats))
            .expect("spawning the engine thread");
        Self { id, jobs: jobs_tx, state: state_rx, stats }
    }

    pub fn state(&self) -> EngineState {
        self.state.borrow().clone()
    }

    /// Waits until the model is loaded or has failed to load.
    pub async fn wait_loaded(&self) -> Result<(), String> {
        let mut state = self.state.clone();
        let result = state
            .wait_for(|s| matches!(s, EngineState::Ready | EngineState::Failed(_)))
            .await
            .map_err(|_| "the engine thread ended".to_string())?;
        match &*result {
            EngineState::Failed(why) => Err(why.clone()),
            _ => Ok(()),
        }
    }

    pub fn stats(&self) -> &EngineStats {
        &self.stats
    }

    pub fn generated_tokens_computed(&self) -> u64 {
        self.stats.generated_tokens_computed.load(Ordering::Relaxed)
    }
}

impl ModelProvider for Engine {
    fn id(&self) -> &str {
        &self.id
    }

    fn stream_chat(&self, request: ChatRequest) -> ChatStream {
        // A small buffer: if the client reads slowly the worker waits rather
        // than racing ahead with tokens nobody may want.
        let (events_tx, events_rx) = mpsc::channel(64);
        let cancel = Arc::new(AtomicBool::new(false));
        let job = Job { request, events: events_tx, cancel: cancel.clone() };
        if let Err(std::sync::mpsc::SendError(job)) = self.jobs.send(job) {
            let _ = job
                .events
                .try_send(ChatEvent::Error(ProviderError::ModelUnavailable("the engine thread has stopped".into())));
        }
        Box::pin(ReplyStream { events: events_rx, cancel })
    }
}

/// The receiving end of a reply; dropping it tells the worker to stop.
struct ReplyStream {
    events: mpsc::Receiver<ChatEvent>,
    cancel: Arc<AtomicBool>,
}

impl Stream for ReplyStream {
    type Item = ChatEvent;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<ChatEvent>> {
        self.events.poll_recv(cx)
    }
}

impl Drop for ReplyStream {
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::Release);
    }
}
