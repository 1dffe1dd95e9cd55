//! What the server functions need, provided as Leptos context by the server.

use std::sync::Arc;
use std::time::Duration;

use colloquy_auth::client::TrustedProxies;
use colloquy_config::{BotName, Config, LoadedBot};
use colloquy_core::{MediaKind, ModelProvider};
use colloquy_limits::{FairQueue, RateLimits};
use colloquy_store::Store;
use colloquy_uploads::UploadStore;

use crate::bots::BotRegistry;
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
    /// What `/metrics` reports.
    pub metrics: Arc<colloquy_metrics::Metrics>,
    /// The bots of the bots folder (`/bots/NAME`).
    pub bots: Arc<BotRegistry>,
    /// The bot this request is for; `None` is the app's own (`[chat]`),
    /// and `config` is then the server's.
    pub bot: Option<BotName>,
    /// Password hashes, a few at once (`auth.password_hashes_at_once`).
    pub hasher: colloquy_auth::hashing::Hasher,
}

impl AppState {
    pub fn new(
        config: Config,
        models: ModelCatalog,
        uploads: Option<UploadStore>,
        store: Store,
        bots: Vec<LoadedBot>,
        shared: Option<colloquy_limits::SharedState>,
    ) -> Self {
        let grace = Duration::from_secs_f64(config.server.reattach_grace_secs);
        let config_proxies = config.server.trusted_proxies.clone();
        let config = Arc::new(config);
        Self {
            limits: Arc::new(match shared {
                Some(shared) => crate::rate_limits::rate_limits(&config.limits).shared(shared),
                None => crate::rate_limits::rate_limits(&config.limits),
            }),
            metrics: Arc::new(colloquy_metrics::Metrics::new()),
            bots: Arc::new(BotRegistry::new(config.clone(), bots)),
            bot: None,
            hasher: colloquy_auth::hashing::Hasher::new(config.auth.password_hashes_at_once),
            config,
            models,
            replies: ReplyHub::new(grace),
            uploads,
            store,
            // Checked by configuration: a bad entry never gets here.
            proxies: TrustedProxies::parse(&config_proxies).unwrap_or_default(),
        }
    }

    /// The state for one of the folder's bots: its configuration, the
    /// rest shared. `None` when there is no bot of that name (now).
    pub fn for_bot(&self, name: &str) -> Option<AppState> {
        let bot = self.bots.get(name)?;
        Some(AppState { config: bot.config.clone(), bot: Some(bot.name.clone()), ..self.clone() })
    }

    /// The state for a stored conversation's bot (`""`: the app's own).
    /// A conversation whose bot was removed goes on with the app's own.
    pub fn for_conversation_bot(&self, name: &str) -> AppState {
        match name {
            "" => self.clone(),
            name => self.for_bot(name).unwrap_or_else(|| {
                tracing::warn!(bot = name, "a conversation's bot is gone; the app's own bot answers");
                self.clone()
            }),
        }
    }

    /// The app's own bot's `[chat]`, whichever bot this state is for.
    pub fn bots_server_chat(&self) -> &colloquy_config::ChatConfig {
        &self.bots.server().chat
    }

    /// The bot's name as conversations store it (`""`: the app's own).
    pub fn bot_name(&self) -> &str {
        self.bot.as_ref().map_or("", BotName::as_str)
    }

    /// The model a new conversation with this bot starts with: its
    /// `chat.default_model` when the catalog has it.
    pub fn default_model(&self) -> &str {
        let wanted = self.config.default_model_id();
        match self.models.get(wanted) {
            Some(entry) => &entry.id,
            None => self.models.default_id(),
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
