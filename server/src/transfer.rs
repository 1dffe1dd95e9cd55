//! Conversations out and in: `GET /c/{id}/export.md` and `.json` (the
//! owner's only: anyone else gets 404), and `POST /api/import`, which takes
//! a JSON export as a plain form's file (`multipart/form-data`, field
//! `file`: the sidebar's Import works without JavaScript) or as the raw
//! body (programs). Everything is checked before anything is stored, and
//! an import is stored whole or not at all.

use axum::body::Body;
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Path, State};
use axum::http::{header, Request, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use colloquy_chat::state::AppState;
use colloquy_limits::Action;
use colloquy_store::{ConversationExport, ConversationId, ImportLimits, StoreError, UserId};
use colloquy_wire::Said;
use tower_http::limit::RequestBodyLimitLayer;

/// The largest export file taken.
pub const MAX_IMPORT_BYTES: usize = 8 * 1024 * 1024;
/// The most messages an imported conversation may have.
pub const MAX_IMPORT_MESSAGES: usize = 10_000;

pub(crate) fn export_routes<S: Clone + Send + Sync + 'static>(state: AppState) -> Router<S> {
    Router::new().route("/c/{id}/{file}", get(export)).with_state(state)
}

pub(crate) fn import_routes<S: Clone + Send + Sync + 'static>(state: AppState) -> Router<S> {
    Router::new()
        .route("/api/import", post(import))
        .layer(DefaultBodyLimit::disable())
        .layer(RequestBodyLimitLayer::new(MAX_IMPORT_BYTES + 64 * 1024))
        .with_state(state)
}

/// The user behind a request, or the response to give instead.
pub(crate) async fn requester(state: &AppState, parts: &axum::http::request::Parts) -> Result<UserId, Response> {
    let Some(asker) = app::identity::Asker::from_parts(parts) else {
        return Err(StatusCode::NOT_FOUND.into_response());
    };
    match app::identity::user(&asker, state, false).await {
        Ok(Some(user)) => Ok(user),
        Ok(None) => Err(StatusCode::NOT_FOUND.into_response()),
        Err(e) => {
            tracing::error!("identity: {e}");
            Err(crate::errors::app_error(e.answer()))
        }
    }
}

async fn export(
    State(state): State<AppState>,
    Path((id, file)): Path<(String, String)>,
    req: Request<Body>,
) -> Response {
    let (parts, _) = req.into_parts();
    let as_json = match file.as_str() {
        "export.json" => true,
        "export.md" => false,
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    let user = match requester(&state, &parts).await {
        Ok(user) => user,
        Err(response) => return response,
    };
    let Some(id) = ConversationId::parse(&id) else { return StatusCode::NOT_FOUND.into_response() };
    let export = match state.store.export_conversation(&user, &id).await {
        Ok(found) => found,
        Err(StoreError::NotFound) => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!("export: {e}");
            return (StatusCode::SERVICE_UNAVAILABLE, "The conversation cannot be read right now; try again shortly.")
                .into_response();
        }
    };
    let stem = file_stem(&export.title);
    let (body, kind, extension) = if as_json {
        (serde_json::to_string_pretty(&export).unwrap_or_default(), "application/json", "json")
    } else {
        (export.to_markdown(), "text/markdown; charset=utf-8", "md")
    };
    let disposition = format!("attachment; filename=\"{stem}.{extension}\"");
    ([(header::CONTENT_TYPE, kind.to_string()), (header::CONTENT_DISPOSITION, disposition)], body).into_response()
}

/// `response` with `Retry-After` for a rate-limited request.
fn with_retry_after(mut response: Response, limited: colloquy_limits::Limited) -> Response {
    response.headers_mut().insert(header::RETRY_AFTER, limited.retry_after_secs().into());
    response
}

/// A file name from a title: letters, digits and dashes only (nothing a
/// header or a file system would read as more).
fn file_stem(title: &str) -> String {
    colloquy_core::slug(title, 60).unwrap_or_else(|| "conversation".into())
}

async fn import(State(state): State<AppState>, req: Request<Body>) -> Response {
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    let (parts, body) = req.into_parts();
    let session = parts.extensions.get::<tower_sessions::Session>().cloned();
    let answer = |result: Result<ConversationId, (StatusCode, Said)>| {
        let session = session.clone();
        async move {
            match (result, is_form) {
                (Ok(id), true) => Redirect::to(&format!("/c/{id}")).into_response(),
                (Ok(id), false) => {
                    (StatusCode::CREATED, Json(serde_json::json!({ "id": id.as_str(), "url": format!("/c/{id}") })))
                        .into_response()
                }
                (Err((_, why)), true) => {
                    // Back to the page, which shows why.
                    if let Some(session) = session {
                        if let Err(e) = app::identity::set_flash(&session, "", &why).await {
                            tracing::error!("flash: {e}");
                        }
                    }
                    Redirect::to("/").into_response()
                }
                (Err((status, why)), false) => crate::errors::refusal(status, why),
            }
        }
    };
    // Importing makes an anonymous user in open mode, as a first message
    // would: the address's import budget is charged first, the user's next.
    let user = {
        let Some(asker) = app::identity::Asker::from_parts(&parts) else {
            return answer(Err((StatusCode::INTERNAL_SERVER_ERROR, Said::new("error-server-setup")))).await;
        };
        let too_fast = |limited: colloquy_limits::Limited| {
            (StatusCode::TOO_MANY_REQUESTS, colloquy_chat::error::limited_message(limited, "error-too-fast-imports"))
        };
        if let Some(address) = asker.client_ip(&state) {
            if let Err(limited) = state.limits.check_address(Action::Import, address).await {
                tracing::warn!(%address, "import rate-limited");
                return with_retry_after(answer(Err(too_fast(limited))).await, limited);
            }
        }
        let user = match app::identity::user(&asker, &state, true).await {
            Ok(Some(user)) => user,
            Ok(None) => return answer(Err((StatusCode::UNAUTHORIZED, Said::new("error-sign-in-first")))).await,
            Err(e) => {
                tracing::error!("identity: {e}");
                let e = e.answer();
                return answer(Err((crate::errors::status(&e), e.said()))).await;
            }
        };
        if let Err(limited) = state.limits.check_user(Action::Import, user.as_str()).await {
            tracing::warn!(user = %user, "import rate-limited");
            return with_retry_after(answer(Err(too_fast(limited))).await, limited);
        }
        user
    };
    let req = Request::from_parts(parts, body);
    let bytes = match read_file(req, is_form).await {
        Ok(bytes) => bytes,
        Err(refused) => return answer(Err(refused)).await,
    };
    let limits =
        ImportLimits { max_messages: MAX_IMPORT_MESSAGES, max_message_bytes: state.config.chat.max_history_bytes };
    let export = match ConversationExport::parse(&bytes, limits) {
        Ok(export) => export,
        Err(e) => {
            return answer(Err((StatusCode::BAD_REQUEST, Said::detail("error-import-invalid", e.to_string())))).await
        }
    };
    match state.store.import_conversation(&user, &export).await {
        Ok(id) => {
            tracing::info!(conversation = %id, messages = export.messages.len(), "conversation imported");
            answer(Ok(id)).await
        }
        Err(StoreError::Refused(why)) => {
            answer(Err((StatusCode::BAD_REQUEST, colloquy_chat::error::refused_said(&why)))).await
        }
        Err(e) => {
            tracing::error!("import: {e}");
            answer(Err((StatusCode::SERVICE_UNAVAILABLE, Said::new("error-import-unavailable")))).await
        }
    }
}

/// The export's bytes: the form's `file` field, or the whole body.
async fn read_file(req: Request<Body>, is_form: bool) -> Result<Vec<u8>, (StatusCode, Said)> {
    let too_big =
        || (StatusCode::PAYLOAD_TOO_LARGE, Said::new("error-import-too-big").number("mib", MAX_IMPORT_BYTES >> 20));
    if !is_form {
        return match axum::body::to_bytes(req.into_body(), MAX_IMPORT_BYTES).await {
            Ok(bytes) if bytes.is_empty() => Err((StatusCode::BAD_REQUEST, Said::new("error-import-empty"))),
            Ok(bytes) => Ok(bytes.to_vec()),
            Err(_) => Err(too_big()),
        };
    }
    let bad_form =
        |e: axum::extract::multipart::MultipartError| (e.status(), Said::detail("error-import-form", e.body_text()));
    let mut form = Multipart::from_request(req, &())
        .await
        .map_err(|e| (e.status(), Said::detail("error-import-form", e.body_text())))?;
    while let Some(field) = form.next_field().await.map_err(bad_form)? {
        if field.name() != Some("file") {
            continue;
        }
        let bytes = field.bytes().await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                too_big()
            } else {
                bad_form(e)
            }
        })?;
        if bytes.len() > MAX_IMPORT_BYTES {
            return Err(too_big());
        }
        if bytes.is_empty() {
            return Err((StatusCode::BAD_REQUEST, Said::new("error-import-no-file")));
        }
        return Ok(bytes.to_vec());
    }
    Err((StatusCode::BAD_REQUEST, Said::new("error-import-no-file")))
}

#[cfg(test)]
mod tests {
    use super::file_stem;

    #[test]
    fn file_names_are_plain() {
        assert_eq!(file_stem("Trip plans: Lisbon!"), "trip-plans-lisbon");
        assert_eq!(file_stem("\"; rm -rf /\r\n"), "rm-rf");
        assert_eq!(file_stem("日本語"), "conversation");
    }
}
