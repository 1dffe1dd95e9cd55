//! The model catalog from configuration: the embedded engine (if enabled)
//! and one HTTP client per provider, shared by that provider's models.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use colloquy_chat::state::{CatalogEntry, ModelCatalog};
use colloquy_config::{Config, ProviderKind};
use colloquy_core::{Handler, HandlerModel, MediaKind, ModelProvider};
use colloquy_engine::{check_gguf_file, Engine, EngineConfig};
use colloquy_providers::{ApiKey, Kind, ProviderClient, ProviderSettings, RetryPolicy, Timeouts, WithFallback};
use reqwest::header::{HeaderName, HeaderValue};

use crate::StartError;

/// The catalog, and the engine when the embedded model is on.
pub struct Models {
    pub catalog: ModelCatalog,
    pub engine: Option<Engine>,
}

use colloquy_limits::FairQueue;

/// `shared`: Redis, when several replicas run; the lines of models on
/// provider servers are then held there (the replicas share those
/// servers' capacity), while the embedded model's and a handler's stay
/// this server's own (each replica has its own).
pub async fn build(
    config: &Config,
    handler: Option<Arc<dyn Handler>>,
    shared: Option<&colloquy_limits::SharedState>,
    mcp: Option<&Arc<colloquy_mcp::McpTools>>,
) -> Result<Models, StartError> {
    let mut providers: Vec<(String, String, Arc<dyn ModelProvider>)> = Vec::new();
    let engine = if config.model.enabled {
        let summary = check_gguf_file(&config.model.path)?;
        tracing::info!(path = %config.model.path.display(), bytes = summary.file_bytes, tensors = summary.tensors, "model file found");
        let engine = Engine::start(
            EngineConfig {
                id: config.model.id.clone(),
                model_path: config.model.path.clone(),
                threads: config.generation_threads(),
                prompt_threads: config.prompt_threads(),
                context_tokens: config.model.context_tokens,
            },
            config.model.preload,
        );
        if config.model.preload {
            engine.wait_loaded().await.map_err(StartError::ModelLoad)?;
        }
        let label = config.model.label.clone().unwrap_or_else(|| config.model.id.clone());
        providers.push((config.model.id.clone(), label, Arc::new(engine.clone())));
        Some(engine)
    } else {
        None
    };

    let mut clients = HashMap::new();
    for (name, provider) in &config.providers {
        clients.insert(
            name.as_str(),
            ProviderClient::new(settings(config, name)?)
                .map_err(|e| StartError::Provider { name: name.clone(), why: e.to_string() })?,
        );
        tracing::info!(provider = %name, kind = ?provider.kind, base_url = %provider.base_url, "provider configured");
    }
    for entry in &config.models {
        let client = &clients[entry.provider.as_str()];
        let label = entry.label.clone().unwrap_or_else(|| entry.id.clone());
        providers.push((entry.id.clone(), label, Arc::new(client.model(&entry.id, entry.upstream_model()))));
    }

    // Fallbacks wrap the plain providers (a fallback's own fallback is not
    // followed: one hand-over per reply).
    let plain: HashMap<String, Arc<dyn ModelProvider>> =
        providers.iter().map(|(id, _, p)| (id.clone(), p.clone())).collect();
    // Places one user and one address may hold in each line at once.
    let places = (config.limits.queue_places_per_user, config.limits.queue_places_per_address);
    let entries = providers
        .into_iter()
        .map(|(id, label, provider)| {
            let fallback = config.models.iter().find(|m| m.id == id).and_then(|m| m.fallback.as_ref());
            let provider: Arc<dyn ModelProvider> = match fallback.and_then(|f| plain.get(f)) {
                Some(fallback) => Arc::new(WithFallback::new(provider, fallback.clone())),
                None => provider,
            };
            let entry = config.models.iter().find(|m| m.id == id);
            // Models of providers may call the MCP servers' tools (the
            // embedded model cannot call tools); a handler's models are
            // the handler's to give tools to (`Turn::tools`).
            let provider = match (entry, mcp) {
                (Some(_), Some(mcp)) if handler.is_none() => {
                    match colloquy_mcp::WithMcpTools::wrap(provider.clone(), &id, mcp, &config.mcp) {
                        Some(with_tools) => Arc::new(with_tools) as Arc<dyn ModelProvider>,
                        None => provider,
                    }
                }
                _ => provider,
            };
            let accepts = entry.map(|m| m.accepts.clone()).unwrap_or_default();
            let line = entry.map_or(config.model.queue, |m| m.queue);
            let queue = FairQueue::new(line.concurrency, line.max_waiting).with_caps(places.0, places.1);
            let embedded = config.model.enabled && id == config.model.id;
            let queue = match shared {
                Some(shared) if !embedded => queue.shared(shared.clone(), &id),
                _ => queue,
            };
            CatalogEntry { id, label, provider, accepts, queue }
        })
        .collect::<Vec<_>>();
    let entries = match (handler, &config.handler) {
        (Some(handler), Some(spec)) => {
            // The configured models are the handler's to call, not the page's to pick.
            let callable = colloquy_core::Models::new(
                entries.into_iter().map(|e| e.provider),
                config.configured_default_model().map(str::to_string),
            );
            let mut model = HandlerModel::new(spec.id.clone(), handler, callable);
            if let Some(mcp) = mcp {
                model = model.with_tools(colloquy_core::Tools::new(mcp.clone()));
            }
            let provider = Arc::new(model);
            let accepts =
                if spec.accepts.is_empty() { vec![MediaKind::Image, MediaKind::Audio] } else { spec.accepts.clone() };
            let queue = FairQueue::new(spec.queue.concurrency, spec.queue.max_waiting).with_caps(places.0, places.1);
            tracing::info!(handler = %spec.id, "bot handler configured");
            vec![CatalogEntry { id: spec.id.clone(), label: config.chat.title.clone(), provider, accepts, queue }]
        }
        (None, None) => entries,
        _ => {
            return Err(StartError::Provider {
                name: "handler".into(),
                why: "a handler needs its configuration (and the other way round)".into(),
            })
        }
    };
    Ok(Models { catalog: ModelCatalog::new(entries, config.default_model_id()), engine })
}

/// A provider's settings, from its already-validated configuration.
fn settings(config: &Config, name: &str) -> Result<ProviderSettings, StartError> {
    let provider = &config.providers[name];
    let invalid = |why: String| StartError::Provider { name: name.to_string(), why };
    let kind = match provider.kind {
        ProviderKind::OpenAi => Kind::OpenAi,
        ProviderKind::Anthropic => Kind::Anthropic,
        ProviderKind::Ollama => Kind::Ollama,
    };
    let base_url = provider.base_url.parse().map_err(|e| invalid(format!("base_url: {e}")))?;
    let mut settings = ProviderSettings::new(name, kind, base_url);
    settings.api_key = provider.resolve_api_key(name)?.map(ApiKey::new);
    for (header, value) in &provider.headers {
        let header = HeaderName::from_bytes(header.as_bytes()).map_err(|e| invalid(format!("header {header}: {e}")))?;
        let value = HeaderValue::from_str(value).map_err(|e| invalid(format!("header {header}: {e}")))?;
        settings.headers.push((header, value));
    }
    settings.timeouts = Timeouts {
        connect: Duration::from_secs_f64(provider.connect_timeout_secs),
        first_token: Duration::from_secs_f64(provider.first_token_timeout_secs),
        idle: Duration::from_secs_f64(provider.idle_timeout_secs),
    };
    settings.retry = RetryPolicy {
        max_retries: provider.max_retries,
        backoff: Duration::from_secs_f64(provider.retry_backoff_secs),
        max_wait: Duration::from_secs_f64(provider.max_retry_wait_secs),
    };
    Ok(settings)
}
