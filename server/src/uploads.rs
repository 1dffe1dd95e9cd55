//! `POST /api/upload?name=FILE`: the body is the file. The answer is the
//! stored file's id, name, kind and size as JSON, or an error a person can
//! act on (`{"error": "…"}` with 400, 413 or 415).
//!
//! A plain route rather than a server function: the body is the raw file,
//! streamed in with its own size limit, and the browser sends it with one
//! `fetch` and no multipart encoding.

use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Query, State};
use axum::http::Request;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use colloquy_chat::error::limited_message;
use colloquy_chat::state::AppState;
use colloquy_uploads::UploadError;
use colloquy_wire::{AttachmentView, Said};
use serde::Deserialize;
use tower_http::limit::RequestBodyLimitLayer;

#[derive(Deserialize)]
struct UploadQuery {
    name: String,
}

pub(crate) fn routes<S: Clone + Send + Sync + 'static>(state: AppState) -> Router<S> {
    let limit = state.uploads.as_ref().map_or(0, |store| store.limits().max_file_bytes);
    Router::new()
        .route("/api/upload", post(upload))
        .route("/files/{id}", axum::routing::get(download))
        // A little room over the file limit, so a file just over it gets the
        // store's clear message rather than a bare 413.
        .layer(DefaultBodyLimit::disable())
        .layer(RequestBodyLimitLayer::new(limit + 1024))
        .with_state(state)
}

/// `GET /files/{id}`: one of the asker's files (sent with a message, or
/// put in a reply), by its random id; anyone else's, and any other name,
/// is 404. Served with the type found in its bytes, never one it claimed:
/// images in place, everything else as a download.
async fn download(
    State(state): State<AppState>,
    axum::extract::Path(id): axum::extract::Path<String>,
    req: Request<Body>,
) -> Response {
    let Some(store) = state.uploads.clone() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let (parts, _) = req.into_parts();
    let user = match crate::transfer::requester(&state, &parts).await {
        Ok(user) => user,
        Err(response) => return response,
    };
    let loaded = tokio::task::spawn_blocking(move || store.load(user.as_str(), &id)).await;
    let (upload, bytes) = match loaded {
        Ok(Ok(found)) => found,
        Ok(Err(UploadError::NotFound)) => return StatusCode::NOT_FOUND.into_response(),
        Ok(Err(e)) => {
            tracing::error!("file not read: {e}");
            return (StatusCode::SERVICE_UNAVAILABLE, "The file cannot be read right now; try again shortly.")
                .into_response();
        }
        Err(e) => {
            tracing::error!("file not read: {e}");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let is_image = upload.kind == colloquy_uploads::AttachmentKind::Image;
    let kind = match upload.kind {
        colloquy_uploads::AttachmentKind::Text => "text/plain; charset=utf-8".to_string(),
        _ => upload.mime.clone(),
    };
    let disposition = format!(
        "{}; filename=\"{}\"; filename*=UTF-8''{}",
        if is_image { "inline" } else { "attachment" },
        ascii_file_name(&upload.name),
        percent_encoding::utf8_percent_encode(&upload.name, percent_encoding::NON_ALPHANUMERIC)
    );
    (
        [
            (axum::http::header::CONTENT_TYPE, kind),
            (axum::http::header::CONTENT_DISPOSITION, disposition),
            (axum::http::header::CACHE_CONTROL, "private, max-age=3600".to_string()),
        ],
        bytes,
    )
        .into_response()
}

/// A file name for the plain `filename=` parameter: ASCII letters, digits,
/// dots, dashes and underscores, the rest as `_` (the full name goes in
/// `filename*`).
fn ascii_file_name(name: &str) -> String {
    name.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') { c } else { '_' }).collect()
}

async fn upload(State(state): State<AppState>, Query(query): Query<UploadQuery>, req: Request<Body>) -> Response {
    let Some(store) = state.uploads.clone() else {
        return refuse(StatusCode::NOT_FOUND, Said::new("error-attachments-off"));
    };
    let (parts, body) = req.into_parts();
    // The file is its uploader's: only they can attach it.
    let Some(asker) = app::identity::Asker::from_parts(&parts) else {
        return refuse(StatusCode::INTERNAL_SERVER_ERROR, Said::new("error-server-setup"));
    };
    let address = asker.client_ip(&state);
    let limited = |limited: colloquy_limits::Limited| {
        let why = limited_message(limited, "error-too-fast-files");
        let mut response = refuse(StatusCode::TOO_MANY_REQUESTS, why);
        response.headers_mut().insert(axum::http::header::RETRY_AFTER, limited.retry_after_secs().into());
        response
    };
    // The address's budget before anything else: an anonymous user is made
    // only for a request within it.
    if let Some(address) = address {
        if let Err(refused) = state.limits.check_address(colloquy_limits::Action::Upload, address).await {
            tracing::warn!(%address, "upload rate-limited");
            return limited(refused);
        }
    }
    let owner = match app::identity::user(&asker, &state, true).await {
        Ok(Some(user)) => user.to_string(),
        Ok(None) => return refuse(StatusCode::UNAUTHORIZED, Said::new("error-sign-in-first")),
        Err(e) => {
            tracing::error!("identity: {e}");
            let e = e.answer();
            return refuse(crate::errors::status(&e), e.said());
        }
    };
    if let Err(refused) = state.limits.check_user(colloquy_limits::Action::Upload, &owner).await {
        tracing::warn!(user = %owner, "upload rate-limited");
        return limited(refused);
    }
    // The body limit layer has bounded it already.
    let body = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(body) => body,
        Err(_) => {
            let limit = store.limits().max_file_bytes;
            return refuse(StatusCode::PAYLOAD_TOO_LARGE, Said::new("error-file-over-limit").number("limit", limit));
        }
    };
    let name = query.name;
    // In an open app the address's quota bounds what cookie-less requests
    // (a new user each) can store; with accounts, each user's does.
    let from = address
        .filter(|_| state.config.auth.mode == colloquy_config::AuthMode::Open)
        .map(|address| colloquy_limits::address_key(address).to_string());
    let saved = tokio::task::spawn_blocking(move || store.save(&owner, from.as_deref(), &name, &body, false)).await;
    match saved {
        Ok(Ok(upload)) => {
            tracing::info!(id = %upload.id, kind = upload.kind.as_str(), bytes = upload.size, "file uploaded");
            Json(AttachmentView {
                id: upload.id,
                name: upload.name,
                kind: colloquy_chat::views::file_kind(upload.kind),
                size: upload.size,
            })
            .into_response()
        }
        Ok(Err(e)) => {
            let status = match &e {
                UploadError::TooLarge { .. }
                | UploadError::TooManyPixels { .. }
                | UploadError::OverQuota { .. }
                | UploadError::AddressOverQuota { .. } => StatusCode::PAYLOAD_TOO_LARGE,
                UploadError::Unsupported { .. } => StatusCode::UNSUPPORTED_MEDIA_TYPE,
                UploadError::Io(_) => StatusCode::INTERNAL_SERVER_ERROR,
                UploadError::StoreFull { .. } => StatusCode::INSUFFICIENT_STORAGE,
                _ => StatusCode::BAD_REQUEST,
            };
            if !e.is_client_error() {
                tracing::error!("upload failed: {e}");
                return refuse(status, Said::new("error-file-not-stored"));
            }
            refuse(status, colloquy_chat::error::upload_said(&e))
        }
        Err(e) => {
            tracing::error!("upload task failed: {e}");
            refuse(StatusCode::INTERNAL_SERVER_ERROR, Said::new("error-file-not-stored"))
        }
    }
}

fn refuse(status: StatusCode, said: Said) -> Response {
    crate::errors::refusal(status, said)
}
