//! server_fn answers every error with 500. Errors that are the client's
//! fault (arguments that do not decode, or that the server refuses) become
//! 400 here, so clients and operators can tell them from server faults.

use axum::body::Body;
use axum::http::{Response, StatusCode};
use http_body_util::BodyExt;
use leptos::server_fn::error::SERVER_FN_ERROR_HEADER;

/// Error bodies are short; anything longer is left alone.
const MAX_ERROR_BODY: usize = 64 * 1024;

/// Error kinds (the text before `|` in server_fn's error encoding) that
/// mean the request was bad.
const CLIENT_ERROR_KINDS: [&str; 3] = ["Args|", "Deserialization|", "MissingArg|"];

pub(crate) async fn client_errors_as_4xx(response: Response<Body>) -> Response<Body> {
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !response.headers().contains_key(SERVER_FN_ERROR_HEADER)
    {
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
    if CLIENT_ERROR_KINDS.iter().any(|kind| bytes.starts_with(kind.as_bytes())) {
        parts.status = StatusCode::BAD_REQUEST;
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// An application error as a plain route answers it: its status, its
/// `Retry-After` where it has one, and its words as text.
pub(crate) fn app_error(e: colloquy_chat::AppError) -> axum::response::Response {
    use axum::response::IntoResponse;
    let mut response = (status(&e), e.to_string()).into_response();
    if let Some(secs) = e.retry_after_secs() {
        response.headers_mut().insert(axum::http::header::RETRY_AFTER, axum::http::HeaderValue::from(secs));
    }
    response
}

/// The status an application error is answered with.
pub(crate) fn status(e: &colloquy_chat::AppError) -> StatusCode {
    StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}
