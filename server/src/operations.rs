//! What a load balancer and a monitoring system ask: `GET /healthz` (the
//! process answers), `GET /readyz` (it can serve a turn: the database
//! answers and a model can reply; Redis, when replicas share it, is
//! reported but never makes it fail), and `GET /metrics` (Prometheus, off or
//! behind a bearer token by configuration). Every request is counted by
//! kind of route and status class.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use colloquy_chat::state::AppState;
use colloquy_engine::{Engine, EngineState};
use colloquy_metrics::RouteKind;
use serde_json::{json, Value};

/// How long a readiness check waits for the database or a provider.
const PROBE_TIMEOUT: Duration = Duration::from_secs(2);

/// What `/readyz` looks at besides the database.
#[derive(Clone)]
pub struct Probes {
    state: AppState,
    engine: Option<Engine>,
    /// Each HTTP provider's name and `host:port`.
    providers: Vec<(String, String)>,
    /// The MCP servers whose tools the models use.
    mcp: Option<Arc<colloquy_mcp::McpTools>>,
}

impl Probes {
    pub fn new(state: AppState, engine: Option<Engine>, mcp: Option<Arc<colloquy_mcp::McpTools>>) -> Self {
        let providers = state
            .config
            .providers
            .iter()
            .filter_map(|(name, provider)| {
                let url = reqwest::Url::parse(&provider.base_url).ok()?;
                let host = url.host_str()?.trim_start_matches('[').trim_end_matches(']').to_string();
                let port = url.port_or_known_default()?;
                let address = if host.contains(':') { format!("[{host}]:{port}") } else { format!("{host}:{port}") };
                Some((name.clone(), address))
            })
            .collect();
        Self { state, engine, providers, mcp }
    }
}

pub fn routes(probes: Probes) -> Router {
    Router::new()
        .route("/healthz", get(|| async { ([(header::CACHE_CONTROL, "no-store")], "ok\n") }))
        .route("/readyz", get(ready))
        .route("/metrics", get(metrics))
        .with_state(probes)
}

/// 200 when a turn can be served now, else 503; the body says what each
/// part answered.
async fn ready(State(probes): State<Probes>) -> Response {
    let database = match tokio::time::timeout(PROBE_TIMEOUT, probes.state.store.ping()).await {
        Ok(Ok(())) => "ok".to_string(),
        Ok(Err(e)) => {
            tracing::warn!("readiness: the database did not answer: {e}");
            "unreachable".to_string()
        }
        Err(_) => "timed out".to_string(),
    };
    let engine = probes.engine.as_ref().map(|engine| match engine.state() {
        EngineState::Ready => "ready".to_string(),
        // Loaded on the first message (model.preload = false): it can serve.
        EngineState::NotLoaded => "loads on first use".to_string(),
        EngineState::Loading => "loading".to_string(),
        // Which part failed, never why: the reason (a path, a library's
        // message) is for the log.
        EngineState::Failed(why) => {
            tracing::warn!("readiness: the embedded model failed: {why}");
            "failed".to_string()
        }
    });
    let checks = probes.providers.iter().map(|(name, address)| async move {
        let reached = tokio::time::timeout(PROBE_TIMEOUT, tokio::net::TcpStream::connect(address.as_str())).await;
        (name.clone(), if matches!(reached, Ok(Ok(_))) { "reachable" } else { "unreachable" })
    });
    let providers: Vec<(String, &str)> = futures::future::join_all(checks).await;
    // Reported, never failing readiness: without Redis each replica falls
    // back to its own limits and lines, and goes on serving.
    let redis = match probes.state.limits.shared_state() {
        None => None,
        Some(shared) => Some(match tokio::time::timeout(PROBE_TIMEOUT, shared.ping()).await {
            Ok(Ok(())) => "ok",
            Ok(Err(e)) => {
                tracing::warn!("readiness: {e}");
                "unreachable (this server's own limits apply)"
            }
            Err(_) => "timed out (this server's own limits apply)",
        }),
    };
    // Reported, never failing readiness: a model without its tools still
    // answers (and is told a call failed).
    let mcp_servers = match &probes.mcp {
        None => None,
        Some(mcp) => Some(
            mcp.status()
                .await
                .into_iter()
                .map(|server| {
                    let state = match server.state {
                        Ok(tools) => format!("running, {tools} tools"),
                        Err(_) => "unavailable".to_string(),
                    };
                    (server.name, Value::from(state))
                })
                .collect::<serde_json::Map<_, _>>(),
        ),
    };
    let a_model_answers = probes.state.config.handler.is_some()
        || engine.as_deref().is_some_and(|e| e == "ready" || e == "loads on first use")
        || providers.iter().any(|(_, reached)| *reached == "reachable");
    let is_ready = database == "ok" && a_model_answers;
    let body = json!({
        "ready": is_ready,
        "database": database,
        "embedded_model": engine,
        "redis": redis,
        "mcp_servers": mcp_servers,
        "providers": providers.into_iter().map(|(name, reached)| (name, Value::from(reached))).collect::<serde_json::Map<_, _>>(),
    });
    let status = if is_ready { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    (status, [(header::CACHE_CONTROL, "no-store")], Json(body)).into_response()
}

/// The metrics in Prometheus' text format: 404 when off, 401 without the
/// configured bearer token.
async fn metrics(State(probes): State<Probes>, headers: HeaderMap) -> Response {
    let state = &probes.state;
    let settings = &state.config.metrics;
    if !settings.enabled {
        return StatusCode::NOT_FOUND.into_response();
    }
    if let Some(token) = &settings.bearer_token {
        let sent =
            headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
        if !sent.is_some_and(|sent| same_secret(sent, token)) {
            return (StatusCode::UNAUTHORIZED, [(header::WWW_AUTHENTICATE, "Bearer")], "a metrics token is needed\n")
                .into_response();
        }
    }
    for entry in state.models.entries() {
        state.metrics.set_queue_waiting(&entry.id, entry.queue.waiting());
    }
    use colloquy_limits::Action;
    for action in Action::ALL {
        state.metrics.rate_limited_total(action.key(), state.limits.refused(action));
    }
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8"), (header::CACHE_CONTROL, "no-store")],
        state.metrics.encode(),
    )
        .into_response()
}

/// Compares in time that depends on the lengths only, not on where the
/// two differ.
fn same_secret(sent: &str, expected: &str) -> bool {
    let (a, b) = (sent.as_bytes(), expected.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Counts every request by kind of route and status class.
pub async fn count_requests(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let kind = RouteKind::of(request.uri().path());
    let response = next.run(request).await;
    state.metrics.request(kind, response.status().as_u16());
    response
}

#[cfg(test)]
mod tests {
    #[test]
    fn secrets_compare_whole() {
        assert!(super::same_secret("abcdef0123456789", "abcdef0123456789"));
        assert!(!super::same_secret("abcdef0123456788", "abcdef0123456789"));
        assert!(!super::same_secret("abcdef012345678", "abcdef0123456789"));
        assert!(!super::same_secret("", "abcdef0123456789"));
    }
}
