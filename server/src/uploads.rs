//! `POST /api/upload?name=FILE`: the body is the file. The answer is the
//! stored file's id, name, kind and size as JSON, or an error a person can
//! act on (`{"error": "…"}` with 400, 413 or 415).
//!
//! A plain route rather than a server function: the body is the raw file,
//! streamed in with its own size limit, and the browser sends it with one
//! `fetch` and no multipart encoding.

use app::chat::wire::AttachmentView;
use app::state::AppState;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use colloquy_uploads::UploadError;
use serde::Deserialize;
use tower_http::limit::RequestBodyLimitLayer;
use tower_sessions::Session;

#[derive(Deserialize)]
struct UploadQuery {
    name: String,
}

pub(crate) fn routes<S: Clone + Send + Sync + 'static>(state: AppState) -> Router<S> {
    let limit = state.uploads.as_ref().map_or(0, |store| store.limits().max_file_bytes);
    Router::new()
        .route("/api/upload", post(upload))
        // A little room over the file limit, so a file just over it gets the
        // store's clear message rather than a bare 413.
        .layer(DefaultBodyLimit::disable())
        .layer(RequestBodyLimitLayer::new(limit + 1024))
        .with_state(state)
}

async fn upload(
    State(state): State<AppState>,
    session: Session,
    Query(query): Query<UploadQuery>,
    body: Bytes,
) -> Response {
    let Some(store) = state.uploads.clone() else {
        return refuse(StatusCode::NOT_FOUND, "attachments are turned off on this server".into());
    };
    // The file is its uploader's: only they can attach it.
    let owner = match app::identity::session_user(&session, &state.config.auth, &state.store, true).await {
        Ok(Some(user)) => user.to_string(),
        Ok(None) => return refuse(StatusCode::INTERNAL_SERVER_ERROR, "no user could be made for this browser".into()),
        Err(e) => {
            tracing::error!("identity: {e}");
            return refuse(
                StatusCode::SERVICE_UNAVAILABLE,
                "your session cannot be read right now; try again shortly".into(),
            );
        }
    };
    let name = query.name;
    let saved = tokio::task::spawn_blocking(move || store.save(&owner, &name, &body)).await;
    match saved {
        Ok(Ok(upload)) => {
            tracing::info!(id = %upload.id, kind = upload.kind.as_str(), bytes = upload.size, "file uploaded");
            Json(AttachmentView {
                id: upload.id,
                name: upload.name,
                kind: upload.kind.as_str().into(),
                size: upload.size,
            })
            .into_response()
        }
        Ok(Err(e)) => {
            let status = match &e {
                UploadError::TooLarge { .. } | UploadError::TooManyPixels { .. } => StatusCode::PAYLOAD_TOO_LARGE,
                UploadError::Unsupported { .. } => StatusCode::UNSUPPORTED_MEDIA_TYPE,
                UploadError::Io(_) => StatusCode::INTERNAL_SERVER_ERROR,
                _ => StatusCode::BAD_REQUEST,
            };
            if !e.is_client_error() {
                tracing::error!("upload failed: {e}");
                return refuse(status, "the file could not be stored; try again later".into());
            }
            refuse(status, e.to_string())
        }
        Err(e) => {
            tracing::error!("upload task failed: {e}");
            refuse(StatusCode::INTERNAL_SERVER_ERROR, "the file could not be stored; try again later".into())
        }
    }
}

fn refuse(status: StatusCode, error: String) -> Response {
    (status, Json(serde_json::json!({ "error": error }))).into_response()
}
