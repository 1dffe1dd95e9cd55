//! The pages: `/` (a new conversation) and `/c/{id}` (a stored one). Each
//! request first loads what the person's page shows (their conversation,
//! the sidebar, search results) from storage, then renders the app with it.

use app::page_data::PageData;
use app::pages::Page;
use app::shell;
use axum::body::Body;
use axum::http::{Extensions, HeaderMap, Request, StatusCode, Version};
use axum::middleware::Next;
use axum::response::Response;
use axum::response::{IntoResponse, Redirect};
use axum::routing::get;
use axum::Router;
use colloquy_chat::state::AppState;
use colloquy_config::AuthMode;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use tower_http::compression::predicate::{DefaultPredicate, Predicate};
use tower_http::compression::CompressionLayer;

pub fn routes(state: AppState, options: LeptosOptions) -> Router<LeptosOptions> {
    let (state_mode, state_signup) = (state.config.auth.mode, state.config.auth.signup);
    let feedback_state = state.clone();
    let page = move |req: Request<Body>| {
        let (state, options) = (state.clone(), options.clone());
        async move { render(state, options, req).await }
    };
    let mut router = Router::new()
        .route("/admin/feedback.jsonl", get(move |req: Request<Body>| feedback_dataset(feedback_state.clone(), req)));
    for route in Page::ROUTES {
        // The sign-in pages exist only where people sign in here.
        let served = match Page::parse(route) {
            Some(Page::SignIn) => state_mode == AuthMode::Password,
            Some(Page::SignUp) => state_mode == AuthMode::Password && state_signup,
            _ => true,
        };
        if served {
            router = router.route(route, get(page.clone()));
        }
    }
    let compressed =
        DefaultPredicate::new().and(|_: StatusCode, _: Version, _: &HeaderMap, extensions: &Extensions| {
            extensions.get::<ReflectsRequest>().is_none()
        });
    router
        .layer(axum::middleware::from_fn(mark_reflecting_pages))
        .layer(CompressionLayer::new().compress_when(compressed))
}

/// A page answered to a request that chose some of its words.
#[derive(Debug, Clone, Copy)]
struct ReflectsRequest;

/// Pages go compressed (a chat page is about 35 KB, most of it its
/// language's messages and its data; about 10 KB gzip), except those that
/// could hold a secret beside words the request chose: BREACH guesses a
/// secret from the compressed sizes of pages that echo an attacker's
/// guesses. A query string is echoed (`?q=`, `?next=`), and the keys page
/// shows a new key once; those go uncompressed. A page's path names only
/// what the page is (a conversation id, a bot's name); a page it names
/// that the person does not own shows none of their secrets.
async fn mark_reflecting_pages(req: Request<Body>, next: Next) -> Response {
    let reflects = req.uri().query().is_some() || req.uri().path() == "/keys";
    let mut response = next.run(req).await;
    if reflects {
        response.extensions_mut().insert(ReflectsRequest);
    }
    response
}

async fn render(state: AppState, options: LeptosOptions, req: Request<Body>) -> Response {
    let (parts, body) = req.into_parts();
    // Only the pages' routes lead here.
    let Some(page) = Page::parse(parts.uri.path()) else { return StatusCode::NOT_FOUND.into_response() };
    // Which bot the page is for: the one at its address, or the one its
    // conversation is with.
    let (state, no_such_bot) = match page {
        Page::Bot(name) => match state.for_bot(name) {
            Some(bot) => (bot, false),
            None => (state, true),
        },
        _ => (state, false),
    };
    let data: PageData = app::page_data::load(&state, &parts, page).await;
    let state = match page {
        Page::Conversation(_) => state.for_conversation_bot(&data.bot),
        _ => state,
    };
    let is_sign_in_page = page.is_sign_in();
    // A share link is read without an account: its page data asks for no
    // identity, so it never needs a sign-in.
    let is_shared = matches!(page, Page::Shared(_));
    let path_is_keys = page == Page::Keys;
    if data.needs_sign_in && !is_sign_in_page {
        if state.config.auth.mode == AuthMode::Password {
            let here = parts.uri.path_and_query().map_or("/", |p| p.as_str());
            let next: String = form_urlencoded::byte_serialize(here.as_bytes()).collect();
            return Redirect::to(&format!("/login?next={next}")).into_response();
        }
        return (
            StatusCode::UNAUTHORIZED,
            "This app is signed into through its proxy; this request did not come through it.",
        )
            .into_response();
    }
    if data.auth.user.is_some() && is_sign_in_page {
        return Redirect::to(data.auth.next.as_deref().unwrap_or("/")).into_response();
    }
    let not_found = data.not_found.is_some()
        || no_such_bot
        || (page == Page::Admin && data.admin.is_none())
        || (page == Page::Playground && !app::playground::may_open(&state, &data.auth));
    let req = Request::from_parts(parts, body);
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
    // The page is in the browser's language, or the one its cookie names
    // (and it is the session's): a cache keeps one per both.
    response
        .headers_mut()
        .append(axum::http::header::VARY, axum::http::HeaderValue::from_static("Accept-Language, Cookie"));
    if path_is_keys {
        // It may show a key just made: nobody's to cache.
        let headers = response.headers_mut();
        headers.insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("private, no-store"));
    }
    if is_shared {
        // The token is the key: it must not leave through Referer, and
        // the page is nobody's to cache.
        let headers = response.headers_mut();
        headers.insert(axum::http::header::REFERRER_POLICY, axum::http::HeaderValue::from_static("no-referrer"));
        headers.insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("private, no-store"));
    }
    response
}

/// `/admin/feedback.jsonl`: every like and dislike as a JSON line (a
/// dataset, as Gradio's flagging writes). Admins only; 404 for others.
async fn feedback_dataset(state: AppState, req: Request<Body>) -> Response {
    let (parts, _) = req.into_parts();
    let user = match crate::transfer::requester(&state, &parts).await {
        Ok(user) => user,
        Err(response) => return response,
    };
    let is_admin = match state.store.user(&user).await {
        Ok(Some(account)) => state.config.auth.is_admin(&account.name, account.is_admin),
        _ => false,
    };
    if !is_admin {
        return StatusCode::NOT_FOUND.into_response();
    }
    let records = match state.store.all_feedback().await {
        Ok(records) => records,
        Err(e) => {
            tracing::error!("feedback export: {e}");
            return (StatusCode::SERVICE_UNAVAILABLE, "The feedback cannot be read right now; try again shortly.")
                .into_response();
        }
    };
    let mut lines = String::new();
    for record in records {
        lines.push_str(&serde_json::to_string(&record).unwrap_or_default());
        lines.push('\n');
    }
    (
        [
            (axum::http::header::CONTENT_TYPE, "application/jsonl; charset=utf-8"),
            (axum::http::header::CONTENT_DISPOSITION, "attachment; filename=\"feedback.jsonl\""),
        ],
        lines,
    )
        .into_response()
}
