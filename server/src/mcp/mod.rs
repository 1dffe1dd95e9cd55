//! `/mcp`: every bot of the app as a tool of the Model Context Protocol,
//! over its Streamable HTTP transport (`rmcp`, the protocol's official
//! Rust SDK, speaks it; nothing here is protocol code). Off unless
//! `mcp.serve` is on. Each request needs what `/v1/` needs: an API key
//! (`Authorization: Bearer KEY`), checked with the same budgets, or, in an
//! open app, a page of its own or of a `widget.hosts` origin.

mod bots_server;
mod tools;

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use colloquy_chat::state::AppState;
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};
use tower_http::limit::RequestBodyLimitLayer;

use crate::openai_api::caller;

/// Who sent an MCP request, put on the request for the handler: the
/// holder of a place in a model's line, and the address it came from.
#[derive(Debug, Clone)]
pub(crate) struct McpCaller {
    pub(crate) holder: String,
    pub(crate) address: IpAddr,
}

/// `/mcp`, when `mcp.serve` is on (else no route: a 404).
pub(crate) fn routes<S: Clone + Send + Sync + 'static>(state: AppState, body_limit: usize) -> Router<S> {
    if !state.config.mcp.serve {
        return Router::new();
    }
    let handler = bots_server::BotsServer { state: state.clone() };
    // The key is what protects this route, not the Host header: a browser
    // page that rebinds a name to this server has no key to send.
    let config = StreamableHttpServerConfig::default()
        .disable_allowed_hosts()
        .with_cancellation_token(tokio_util::sync::CancellationToken::new());
    let service =
        StreamableHttpService::new(move || Ok(handler.clone()), Arc::new(LocalSessionManager::default()), config);
    Router::new()
        .nest_service("/mcp", service)
        .layer(axum::middleware::from_fn_with_state(state, authorize))
        .layer(RequestBodyLimitLayer::new(body_limit))
}

/// Lets through a request `/v1/` would take, with its caller on it;
/// refuses any other as `/v1/` does (401 for no key or a wrong one, 429
/// over the budget).
async fn authorize(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    mut request: Request,
    next: Next,
) -> Response {
    let caller = match caller(&state, peer, request.headers()).await {
        Ok(caller) => caller,
        Err(refused) => return refused.into_response(),
    };
    let (holder, address) = caller.holder(&state, peer, request.headers());
    request.extensions_mut().insert(McpCaller { holder, address });
    next.run(request).await
}
