//! `[model]`: the model that runs inside the server (llama.cpp).

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::error::{invalid, ConfigError};
use crate::QueueConfig;

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ModelConfig {
    /// Offer the embedded model. Off, only `[[models]]` are offered and no
    /// model file is needed.
    pub enabled: bool,
    /// Name shown in the page and in logs.
    pub id: String,
    /// What the model picker shows; `id` when not set.
    pub label: Option<String>,
    /// A GGUF file. Relative paths are relative to the working directory.
    pub path: PathBuf,
    /// CPU threads for generating tokens; 0 means one per core. One is
    /// fastest for small models (see docs/PERFORMANCE.md).
    pub threads: u32,
    /// CPU threads for processing prompts; 0 means one per core.
    pub prompt_threads: u32,
    /// Context window (prompt plus reply), in tokens.
    pub context_tokens: u32,
    /// Load the model at start-up (true) or on the first message (false).
    pub preload: bool,
    /// Its line: the engine generates one reply at a time on this
    /// machine's cores, so more at once would only share the same cores.
    pub queue: QueueConfig,
}

impl Default for ModelConfig {
    fn default() -> Self {
        Self {
            enabled: true,
            id: "smollm2-135m-instruct".into(),
            label: None,
            path: PathBuf::from("models/SmolLM2-135M-Instruct.Q4_1.gguf"),
            threads: 1,
            prompt_threads: 0,
            context_tokens: 4096,
            preload: true,
            queue: QueueConfig { concurrency: 1, max_waiting: 32 },
        }
    }
}

impl ModelConfig {
    pub(crate) fn validate(&self) -> Result<(), ConfigError> {
        if !(128..=131_072).contains(&self.context_tokens) {
            return Err(invalid("model.context_tokens", &self.context_tokens.to_string(), "use 128 to 131072"));
        }
        if self.threads > 256 {
            return Err(invalid("model.threads", &self.threads.to_string(), "use 0 (one per core) to 256"));
        }
        if self.prompt_threads > 256 {
            return Err(invalid(
                "model.prompt_threads",
                &self.prompt_threads.to_string(),
                "use 0 (one per core) to 256",
            ));
        }
        self.queue.validate("model.queue")
    }
}

/// Threads, with 0 resolved to the number of cores.
pub(crate) fn resolve_threads(configured: u32) -> u32 {
    if configured > 0 {
        return configured;
    }
    std::thread::available_parallelism().map(|n| n.get() as u32).unwrap_or(1)
}
