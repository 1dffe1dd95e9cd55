//! What the server functions need, provided as Leptos context by the server.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use colloquy_config::Config;
use colloquy_core::ModelProvider;
use tokio_util::sync::CancellationToken;

/// Shared by every request.
#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub model: Arc<dyn ModelProvider>,
    pub replies: ReplyRegistry,
}

impl AppState {
    pub fn new(config: Config, model: Arc<dyn ModelProvider>) -> Self {
        Self { config: Arc::new(config), model, replies: ReplyRegistry::default() }
    }
}

/// Replies being streamed, by id, so that Stop can end one from another request.
#[derive(Clone, Default)]
pub struct ReplyRegistry(Arc<Mutex<HashMap<String, CancellationToken>>>);

impl ReplyRegistry {
    /// Registers a new reply; the returned guard unregisters it when dropped.
    pub fn register(&self) -> (String, CancellationToken, ReplyGuard) {
        let id = uuid::Uuid::new_v4().simple().to_string();
        let token = CancellationToken::new();
        self.lock().insert(id.clone(), token.clone());
        (id.clone(), token, ReplyGuard { registry: self.clone(), id })
    }

    /// Cancels a reply; false if there is none by that id (already finished).
    pub fn cancel(&self, id: &str) -> bool {
        match self.lock().remove(id) {
            Some(token) => {
                token.cancel();
                true
            }
            None => false,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, CancellationToken>> {
        // A panic while holding this lock leaves the map consistent.
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Removes a reply from the registry when its stream ends or is dropped.
pub struct ReplyGuard {
    registry: ReplyRegistry,
    id: String,
}

impl Drop for ReplyGuard {
    fn drop(&mut self) {
        if let Some(token) = self.registry.lock().remove(&self.id) {
            token.cancel();
        }
    }
}
