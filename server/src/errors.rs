//! The one place an application error ([`AppError`]) becomes an HTTP
//! answer. server_fn answers every error of a server function with 500 and
//! the error's text; [`server_fn_errors_with_their_status`] reads that
//! text back and answers with the error's own status (and `Retry-After`),
//! a form's error too (server_fn sends that back to its page).
//! Plain routes answer with [`app_error`].

use axum::body::Body;
use axum::http::{HeaderValue, Response, StatusCode};
use colloquy_chat::AppError;
use http_body_util::BodyExt;
use leptos::server_fn::error::SERVER_FN_ERROR_HEADER;

/// Error bodies are short; anything longer is left alone.
const MAX_ERROR_BODY: usize = 64 * 1024;

/// A server function's error, answered 500 (or, to a form that takes
/// HTML, sent back to its page with 302): answered with its own status.
pub(crate) async fn server_fn_errors_with_their_status(response: Response<Body>) -> Response<Body> {
    let failed = matches!(response.status(), StatusCode::INTERNAL_SERVER_ERROR | StatusCode::FOUND);
    if !failed || !response.headers().contains_key(SERVER_FN_ERROR_HEADER) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = match http_body_util::Limited::new(body, MAX_ERROR_BODY).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => {
            parts.status = StatusCode::INTERNAL_SERVER_ERROR;
            return Response::from_parts(parts, Body::from("server function error"));
        }
    };
    // A body without a length (chunked) that runs past the body limit is
    // cut while the server function reads it; it is as much a 413 as one
    // whose Content-Length said so up front.
    if bytes.ends_with(b"length limit exceeded") {
        parts.status = StatusCode::PAYLOAD_TOO_LARGE;
        return Response::from_parts(
            parts,
            Body::from("Deserialization|The request is larger than this server accepts."),
        );
    }
    if let Some(error) = std::str::from_utf8(&bytes).ok().and_then(AppError::from_text) {
        parts.status = status(&error);
        if let Some(secs) = error.retry_after_secs() {
            parts.headers.insert(axum::http::header::RETRY_AFTER, HeaderValue::from(secs));
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// An application error as a plain route answers it: its status, its
/// `Retry-After` where it has one, and its words as text.
pub(crate) fn app_error(e: AppError) -> axum::response::Response {
    use axum::response::IntoResponse;
    let mut response = (status(&e), e.to_string()).into_response();
    if let Some(secs) = e.retry_after_secs() {
        response.headers_mut().insert(axum::http::header::RETRY_AFTER, HeaderValue::from(secs));
    }
    response
}

/// A plain route's refusal as JSON (the upload and import handlers): the
/// words in English (`error`, for a program) and as a message of the
/// translation files (`said`, for the page).
pub(crate) fn refusal(status: StatusCode, said: colloquy_wire::Said) -> axum::response::Response {
    use axum::response::IntoResponse;
    (status, axum::Json(serde_json::json!({ "error": said.english(), "said": said }))).into_response()
}

/// The status an application error is answered with.
pub(crate) fn status(e: &AppError) -> StatusCode {
    StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}
