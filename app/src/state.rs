//! What the server functions need, provided as Leptos context by the server.

use std::sync::Arc;
use std::time::Duration;

use colloquy_auth::client::TrustedProxies;
use colloquy_config::Config;
use colloquy_core::{MediaKind, ModelProvider};
use colloquy_limits::{FairQueue, RateLimits};
use colloquy_store::Store;
use colloquy_uploads::UploadStore;

use crate::replies::ReplyHub;

/// Shared by every request.
#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub models: ModelCatalog,
    pub replies: ReplyHub,
    /// Where attachments are kept; `None` when uploads are off.
    pub uploads: Option<UploadStore>,
    /// Users, conversations and messages.
    pub store: Store,
    /// Where `X-Forwarded-For` and the proxy's user header are believed.
    pub proxies: TrustedProxies,
    /// Chat turns, uploads and sign-in attempts, per user (or account
    /// name) and per client address.
    pub limits: Arc<RateLimits>,
}

impl AppState {
    pub fn new(config: Config, models: ModelCatalog, uploads: Option<UploadStore>, store: Store) -> Self {
        let grace = Duration::from_secs_f64(config.server.reattach_grace_secs);
        let config_proxies = config.server.trusted_proxies.clone();
        Self {
            limits: Arc::new(config.limits.rate_limits()),
            config: Arc::new(config),
            models,
            replies: ReplyHub::new(grace),
            uploads,
            store,
            // Checked by configuration: a bad entry never gets here.
            proxies: TrustedProxies::parse(&config_proxies).unwrap_or_default(),
        }
    }
}

/// A model the page may pick.
#[derive(Clone)]
pub struct CatalogEntry {
    pub id: String,
    pub label: String,
    pub provider: Arc<dyn ModelProvider>,
    /// Attachments it reads besides text.
    pub accepts: Vec<MediaKind>,
    /// Its line of replies waiting to be served.
    pub queue: FairQueue,
}

/// The configured models, in the picker's order. The page can only name
/// one of these: nothing a user sends becomes a URL.
#[derive(Clone)]
pub struct ModelCatalog {
    entries: Arc<Vec<CatalogEntry>>,
    default: String,
}

impl ModelCatalog {
    /// `default` must be one of the entries' ids (configuration checks it).
    pub fn new(entries: Vec<CatalogEntry>, default: impl Into<String>) -> Self {
        Self { entries: Arc::new(entries), default: default.into() }
    }

    pub fn get(&self, id: &str) -> Option<&CatalogEntry> {
        self.entries.iter().find(|e| e.id == id)
    }

    pub fn entries(&self) -> &[CatalogEntry] {
        &self.entries
    }

    pub fn default_id(&self) -> &str {
        &self.default
    }
}
