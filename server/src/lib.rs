//! The Colloquy server: configuration in, a running axum app out.
//!
//! `main` only parses flags and calls [`Application::build`] then
//! [`Application::run`]; tests build the same application on port 0.

mod cross_site;
mod errors;
mod installable;
mod mcp;
mod models;
mod openai_api;
mod operations;
mod pages;
mod security_headers;
mod serve;
mod site_files;
mod static_files;
mod transfer;
mod uploads;
pub mod user_cli;

use std::net::SocketAddr;
use std::time::Duration;

use app::shell;
use axum::Router;
use colloquy_chat::state::AppState;
use colloquy_config::Config;
use colloquy_engine::Engine;
use colloquy_uploads::UploadStore;
use leptos::config::{Env, LeptosOptions};
use leptos::prelude::provide_context;
use leptos_axum::LeptosRoutes;
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::services::ServeDir;
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

/// Why the server could not start; each says what to do.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Model(#[from] colloquy_engine::GgufError),
    #[error("the model failed to load: {0}")]
    ModelLoad(String),
    #[error("cannot listen on {addr}: {source}; is another server using that port? Set server.listen or --listen")]
    Bind { addr: SocketAddr, source: std::io::Error },
    #[error("leptos site options: {0}")]
    Site(String),
    #[error(transparent)]
    Config(#[from] colloquy_config::ConfigError),
    #[error("provider {name} cannot be set up: {why}")]
    Provider { name: String, why: String },
    #[error("cannot use the upload folder {path}: {source}; set uploads.dir to a writable folder")]
    Uploads { path: std::path::PathBuf, source: std::io::Error },
    #[error("storage ({scheme}): {source}")]
    Storage { scheme: String, source: colloquy_store::StoreError },
    #[error("the server stopped: {0}")]
    Serve(#[source] std::io::Error),
    #[error(transparent)]
    Redis(#[from] colloquy_limits::SharedError),
}

/// A built server, bound to its port, not yet serving.
pub struct Application {
    listener: TcpListener,
    router: Router,
    /// The embedded model, when enabled.
    pub engine: Option<Engine>,
    pub state: AppState,
}

impl Application {
    /// Sets up the models (checking the model file and starting the engine,
    /// waiting for it to load if configured to preload; building a client
    /// per provider), and binds the listener.
    pub async fn build(config: Config) -> Result<Self, StartError> {
        Self::build_with_handler(config, None).await
    }

    /// As [`Application::build`], for a bot written in Rust: `handler`
    /// answers every turn (`config.handler` describes it).
    pub async fn build_with_handler(
        config: Config,
        handler: Option<std::sync::Arc<dyn colloquy_core::Handler>>,
    ) -> Result<Self, StartError> {
        // A configuration built in code (the builder API, tests) is checked
        // as one read from a file is.
        config.validate()?;
        if config.playground.open && config.auth.mode == colloquy_config::AuthMode::Open {
            tracing::warn!(
                "playground.open is on: anyone who reaches this app may draft, try and save bots (their files go into {})",
                config.bots.dir.display()
            );
        }
        let store = colloquy_store::Store::connect(&config.storage.url)
            .await
            .map_err(|source| StartError::Storage { scheme: config.storage.scheme().into(), source })?;
        let unfinished = store
            .interrupt_unfinished_at_start(config.replicas.silent_after())
            .await
            .map_err(|source| StartError::Storage { scheme: config.storage.scheme().into(), source })?;
        tracing::info!(database = config.storage.scheme(), unfinished, "storage ready");
        let shared = match config.replicas.redis_url.as_str() {
            "" => None,
            url => {
                let beat = Duration::from_secs_f64(config.replicas.heartbeat_secs);
                let shared = colloquy_limits::SharedState::connect(url, store.replica(), beat).await?;
                tracing::info!(replica = shared.replica(), "rate limits and provider lines shared in Redis");
                Some(shared)
            }
        };
        // Started before the models, which are offered their tools; one
        // that does not start is reported and left out.
        let mcp = match config.mcp.servers.is_empty() {
            true => None,
            false => Some(colloquy_mcp::McpTools::start(&config.mcp).await),
        };
        let models::Models { catalog, engine } = models::build(&config, handler, shared.as_ref(), mcp.as_ref()).await?;
        let addr = config.server.listen;
        let listener = TcpListener::bind(addr).await.map_err(|source| StartError::Bind { addr, source })?;
        let local_addr = listener.local_addr().map_err(|source| StartError::Bind { addr, source })?;
        let options = site_options(local_addr)?;
        let body_limit = config.chat.max_history_bytes + config.chat.max_message_bytes + 64 * 1024;
        let uploads = match config.uploads.enabled {
            true => Some(
                UploadStore::open(&config.uploads.dir, config.uploads.limits())
                    .map_err(|source| StartError::Uploads { path: config.uploads.dir.clone(), source })?,
            ),
            false => None,
        };
        let bots_seen = colloquy_chat::bots::FolderState::of(&config.bots.dir);
        let bots = colloquy_config::load_bots(&config.bots.dir, &config)?;
        if !bots.is_empty() {
            tracing::info!(bots = bots.len(), dir = %config.bots.dir.display(), "bots read");
        }
        let state = AppState::new(config, catalog, uploads, store, bots, shared);
        let probes = operations::Probes::new(state.clone(), engine.clone(), mcp);
        let router = router(state.clone(), options, body_limit, probes);
        if state.config.bots.watch_secs > 0.0 {
            state.bots.clone().watch(Duration::from_secs_f64(state.config.bots.watch_secs), bots_seen);
        }
        sweep_expired_sessions(state.store.clone());
        beat_and_sweep_replicas(state.store.clone(), &state.config.replicas);
        forget_idle_limits(state.limits.clone());
        if let Some(uploads) = state.uploads.clone() {
            expire_unattached_files(uploads, state.config.uploads.unattached_expiry());
        }
        Ok(Self { listener, router, engine, state })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener.local_addr().expect("a bound listener has an address")
    }

    /// Serves until Ctrl-C or SIGTERM, then shuts down gracefully.
    pub async fn run(self) -> std::io::Result<()> {
        self.run_until(shutdown_signal()).await
    }

    /// Serves until `shutdown`, then takes no more connections, lets the
    /// replies in flight finish for up to `server.shutdown_grace_secs`,
    /// ends and saves the rest, and returns.
    pub async fn run_until(
        self,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        tracing::info!("listening on http://{}", self.local_addr());
        let header_timeout = Duration::from_secs_f64(self.state.config.server.header_timeout_secs);
        let grace = Duration::from_secs_f64(self.state.config.server.shutdown_grace_secs);
        let replies = self.state.replies.clone();
        let store = self.state.store.clone();
        let drain = async move {
            let running = replies.running();
            let ended = replies.drain(grace).await;
            tracing::info!(running, ended_early = ended, "replies drained");
            // Every reply is saved: nothing need wait for this one's silence.
            if let Err(e) = store.retire().await {
                tracing::warn!("could not leave the replicas' list: {e}");
            }
        };
        serve::serve(self.listener, self.router, header_timeout, Box::pin(shutdown), Box::pin(drain)).await
    }
}

/// Where the compiled client (WASM, JS, CSS) is served from. Under
/// cargo-leptos these come from its environment variables; run directly,
/// the defaults match the workspace's `[[workspace.metadata.leptos]]`.
fn site_options(addr: SocketAddr) -> Result<LeptosOptions, StartError> {
    let mut options =
        leptos::config::get_configuration(None).map_err(|e| StartError::Site(e.to_string()))?.leptos_options;
    options.site_addr = addr;
    if std::env::var_os("LEPTOS_ENV").is_none() && !cfg!(debug_assertions) {
        options.env = Env::PROD;
    }
    // A build that named its files by their content (cargo-leptos'
    // `hash-files`) left its hash file in the site folder; Leptos reads it
    // to name them in the page.
    if let Some(hashes) = site_files::hash_file(&options) {
        options.hash_files = true;
        options.hash_file = hashes.to_string_lossy().into_owned().into();
    }
    let pkg = std::path::Path::new(&*options.site_root).join(&*options.site_pkg_dir);
    if !pkg.exists() {
        tracing::warn!(path = %pkg.display(), "the compiled client is missing: the page will not hydrate; build with `cargo leptos build --release`");
    }
    Ok(options)
}

/// The whole HTTP surface: the pages, their server functions, static files.
fn router(state: AppState, options: LeptosOptions, body_limit: usize, probes: operations::Probes) -> Router {
    let context_state = state.clone();
    let counted = state.clone();
    let sessions = session_layer(&state);
    let site_root = static_files::SiteRoot::new(&*options.site_root);
    let allowed = cross_site::AllowedOrigins::new(&state.config.server.cors_origins, &state.config.widget.hosts);
    let security = security_headers::SecurityHeaders::new(
        &state.config.server,
        &state.config.markdown,
        options.env == Env::DEV && options.reload_port != 0,
    );
    // No route list: the app has no router. Its pages are served by
    // `pages`, which loads the person's conversations first; this registers
    // the server functions.
    let router = Router::new()
        .leptos_routes_with_context(&options, Vec::new(), move || provide_context(context_state.clone()), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .merge(pages::routes(state.clone(), options.clone()))
        // The manifest, service worker and offline page (chat.installable).
        .merge(installable::routes(&state.config.chat, &options))
        .merge(transfer::export_routes(state.clone()))
        // The embeddable widget's files (`trunk build`); CORS for
        // `widget.hosts` comes from the layer below.
        .nest("/widget", widget_files(&state.config.widget.dir))
        // Static files, precompressed and cached by name (site_files).
        .merge(
            site_files::routes(&options, shell)
                .layer(axum::middleware::from_fn_with_state(site_root, static_files::guard)),
        )
        .layer(axum::middleware::map_response(errors::server_fn_errors_with_their_status))
        .layer(RequestBodyLimitLayer::new(body_limit))
        // After the limit above: uploads have their own.
        .merge(uploads::routes(state.clone()))
        .merge(transfer::import_routes(state.clone()))
        .layer(sessions)
        // Programs with API keys: no session, no cookie.
        .merge(openai_api::routes(state.clone(), body_limit))
        .merge(mcp::routes(state, body_limit))
        // Before sessions: a refused request makes no anonymous user.
        .layer(axum::middleware::from_fn_with_state(allowed.clone(), cross_site::refuse_cross_site));
    let router = match allowed.cors() {
        Some(cors) => router.layer(cors),
        None => router,
    };
    router
        .with_state(options)
        // Health and metrics: no session, no page, nothing cross-site to refuse.
        .merge(operations::routes(probes))
        // Every response, the operations routes' included.
        .layer(axum::middleware::map_response(move |response| {
            let headers = security.clone();
            async move { headers.apply(response) }
        }))
        .layer(axum::middleware::from_fn_with_state(counted, operations::count_requests))
        // A request id (the proxy's `x-request-id`, else a new one) on the
        // request's span, which the reply's task and its saves carry on,
        // and on the response. The span names the kind of route, never the
        // path (a share link's path is its secret).
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(TraceLayer::new_for_http().make_span_with(|request: &axum::http::Request<_>| {
            let id = request.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("");
            let route = colloquy_metrics::RouteKind::of(request.uri().path()).as_str();
            tracing::info_span!("request", request_id = %id, method = %request.method(), route)
        }))
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
}

/// The widget's files, never from outside `dir` (the site root's guard).
/// Their names are stable (other sites' pages name them), so browsers check
/// for a newer build each time (`no-cache`, with the validators `ServeDir`
/// sends).
fn widget_files<S: Clone + Send + Sync + 'static>(dir: &std::path::Path) -> Router<S> {
    Router::new()
        .fallback_service(ServeDir::new(dir))
        .layer(axum::middleware::from_fn_with_state(static_files::SiteRoot::new(dir), static_files::guard))
        .layer(CompressionLayer::new())
        .layer(axum::middleware::map_response(|mut response: axum::response::Response| async move {
            response
                .headers_mut()
                .insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("no-cache"));
            response
        }))
}

/// Sessions in the database, in an HttpOnly, SameSite=Lax cookie (Secure
/// when configured), ending after the configured idle time.
fn session_layer(state: &AppState) -> SessionManagerLayer<colloquy_store::SessionRecords> {
    let auth = &state.config.auth;
    let idle = tower_sessions::cookie::time::Duration::try_from(auth.idle_timeout())
        .unwrap_or(tower_sessions::cookie::time::Duration::days(30));
    SessionManagerLayer::new(state.store.session_records())
        .with_name("colloquy_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(auth.secure_cookies)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(idle))
}

/// Deletes files never sent with a message once they are `after` old,
/// looking every tenth of that (at most hourly), so uploads alone cannot
/// fill the disk.
fn expire_unattached_files(uploads: UploadStore, after: Duration) {
    let every = (after / 10).clamp(Duration::from_secs(1), Duration::from_secs(3600));
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            let store = uploads.clone();
            match tokio::task::spawn_blocking(move || store.expire_unattached(after)).await {
                Ok(Ok(0)) => {}
                Ok(Ok(expired)) => tracing::info!(files = expired, "unattached uploads expired"),
                Ok(Err(e)) => tracing::warn!("expiring unattached uploads failed: {e}"),
                Err(e) => tracing::warn!("expiring unattached uploads failed: {e}"),
            }
        }
    });
}

/// Forgets rate-limit buckets that are full again, once a minute, so
/// their memory follows the people active lately.
fn forget_idle_limits(limits: std::sync::Arc<colloquy_limits::RateLimits>) {
    tokio::spawn(async move {
        let mut every_minute = tokio::time::interval(std::time::Duration::from_secs(60));
        loop {
            every_minute.tick().await;
            limits.forget_idle();
        }
    });
}

/// Tells the database this replica is alive, every beat, and marks cut
/// off the unfinished replies of replicas gone silent (killed, or their
/// machine lost), so their conversations can take a new turn.
fn beat_and_sweep_replicas(store: colloquy_store::Store, replicas: &colloquy_config::ReplicasConfig) {
    let every = Duration::from_secs_f64(replicas.heartbeat_secs);
    let silent = replicas.silent_after();
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(every);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            if let Err(e) = store.beat().await {
                tracing::warn!("could not tell the database this replica is alive: {e}");
                continue;
            }
            match store.interrupt_orphaned_replies(silent).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(replies = n, "replies of a replica gone silent marked cut off"),
                Err(e) => tracing::warn!("could not sweep gone replicas' replies: {e}"),
            }
        }
    });
}

/// Deletes expired sessions once an hour.
fn sweep_expired_sessions(store: colloquy_store::Store) {
    tokio::spawn(async move {
        let mut every_hour = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            every_hour.tick().await;
            match store.delete_expired_sessions().await {
                Ok(0) => {}
                Ok(n) => tracing::info!(sessions = n, "expired sessions deleted"),
                Err(e) => tracing::warn!("expired sessions not deleted: {e}"),
            }
        }
    });
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutdown signal received");
}
