//! The pages: `/` (a new conversation) and `/c/{id}` (a stored one). Each
//! request first loads what the person's page shows (their conversation,
//! the sidebar, search results) from storage, then renders the app with it.

use app::page_data::PageData;
use app::shell;
use app::state::AppState;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use tower_sessions::Session;

pub fn routes(state: AppState, options: LeptosOptions) -> Router<LeptosOptions> {
    let page = move |req: Request<Body>| {
        let (state, options) = (state.clone(), options.clone());
        async move { render(state, options, req).await }
    };
    Router::new().route("/", get(page.clone())).route("/c/{id}", get(page))
}

async fn render(state: AppState, options: LeptosOptions, req: Request<Body>) -> Response {
    let session = req.extensions().get::<Session>().cloned();
    let data: PageData = app::page_data::load(&state, session.as_ref(), req.uri().path(), req.uri().query()).await;
    let not_found = data.not_found;
    let handler = leptos_axum::render_app_to_stream_with_context(
        move || {
            provide_context(state.clone());
            provide_context(data.clone());
        },
        move || shell(options.clone()),
    );
    let mut response = handler(req).await;
    if not_found {
        *response.status_mut() = StatusCode::NOT_FOUND;
    }
    response
}
