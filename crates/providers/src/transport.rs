//! One streamed request to a model server, with its three timeouts, its
//! retries (only before the first piece of output), and every failure
//! turned into a [`ProviderError`] a user can act on.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use colloquy_core::{ChatEvent, ChatRequest, ChatStream, ModelProvider, ProviderError};
use futures::{Stream, StreamExt};
use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::StatusCode;
use tokio::time::Instant;

use crate::framing::{self, Frame, FramingError};
use crate::protocol::{DecodeError, Decoded, Protocol};
use crate::settings::ProviderSettings;

/// The largest error body read to quote from; the rest is skipped.
const MAX_ERROR_BODY: usize = 64 * 1024;

/// A connection pool to one model server, shared by the models it serves.
#[derive(Clone)]
pub struct ProviderClient {
    inner: Arc<Inner>,
}

struct Inner {
    settings: ProviderSettings,
    endpoint: String,
    protocol: Protocol,
    client: reqwest::Client,
}

impl ProviderClient {
    /// Builds the client; fails only if the TLS backend cannot start.
    pub fn new(settings: ProviderSettings) -> Result<Self, reqwest::Error> {
        let protocol = Protocol { kind: settings.kind };
        let mut headers = HeaderMap::new();
        for (name, value) in &settings.headers {
            headers.insert(name.clone(), value.clone());
        }
        protocol.common_headers(&mut headers);
        if let Some(key) = &settings.api_key {
            protocol.auth(key, &mut headers);
        }
        let client = reqwest::Client::builder()
            .default_headers(headers)
            .connect_timeout(settings.timeouts.connect)
            .tcp_nodelay(true)
            .pool_idle_timeout(Duration::from_secs(60))
            .user_agent(concat!("colloquy/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Self { inner: Arc::new(Inner { endpoint: settings.endpoint(), settings, protocol, client }) })
    }

    /// A model on this server: `id` is Colloquy's name for it, `model` the
    /// server's.
    pub fn model(&self, id: impl Into<String>, model: impl Into<String>) -> HttpProvider {
        HttpProvider { client: self.clone(), id: id.into(), model: model.into() }
    }
}

/// A model served over HTTP.
pub struct HttpProvider {
    client: ProviderClient,
    id: String,
    model: String,
}

impl ModelProvider for HttpProvider {
    fn id(&self) -> &str {
        &self.id
    }

    fn stream_chat(&self, request: ChatRequest) -> ChatStream {
        Box::pin(reply(self.client.inner.clone(), self.model.clone(), request))
    }
}

/// What to do after a failure before the first piece of output.
enum Next {
    Retry(Duration),
    Fail(ProviderError),
}

fn reply(inner: Arc<Inner>, model: String, request: ChatRequest) -> impl Stream<Item = ChatEvent> + Send + 'static {
    async_stream::stream! {
        let settings = &inner.settings;
        let provider = settings.name.clone();
        let body = inner.protocol.body(&model, &request);
        let first_token_deadline = Instant::now() + settings.timeouts.first_token;
        let no_first_token = || ProviderError::NoFirstToken { provider: provider.clone(), waited: settings.timeouts.first_token };
        let mut attempt = 0u32;
        'attempts: loop {
            attempt += 1;
            let retry_allowed = attempt <= settings.retry.max_retries;
            // Decides between another attempt and giving up with `error`.
            let retry_or = |error: ProviderError| {
                if retry_allowed {
                    Next::Retry(settings.retry.backoff_for(attempt))
                } else {
                    Next::Fail(error)
                }
            };
            tracing::debug!(provider = %provider, model = %model, attempt, "sending request");
            let sent = tokio::time::timeout_at(first_token_deadline, inner.client.post(&inner.endpoint).json(&body).send()).await;
            let response = match sent {
                Err(_) => {
                    yield ChatEvent::Error(no_first_token());
                    return;
                }
                Ok(Err(e)) => {
                    let detail = describe_transport_error(&e);
                    match retry_or(ProviderError::Unreachable { provider: provider.clone(), detail: detail.clone() }) {
                        Next::Retry(wait) => {
                            tracing::warn!(provider = %provider, attempt, %detail, "could not reach the provider; retrying");
                            tokio::time::sleep(wait).await;
                            continue 'attempts;
                        }
                        Next::Fail(error) => {
                            tracing::warn!(provider = %provider, attempt, %detail, "could not reach the provider");
                            yield ChatEvent::Error(error);
                            return;
                        }
                    }
                }
                Ok(Ok(response)) => response,
            };

            let status = response.status();
            if !status.is_success() {
                let retry_after = retry_after(response.headers());
                let text = read_error_body(response, settings.timeouts.idle).await;
                let detail = scrub(settings, &inner.protocol.error_detail(&text));
                let next = match status {
                    StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => {
                        // The body may quote the key: say nothing from it.
                        Next::Fail(ProviderError::KeyRejected { provider: provider.clone(), status: status.as_u16() })
                    }
                    StatusCode::TOO_MANY_REQUESTS => {
                        let error = ProviderError::RateLimited { provider: provider.clone(), attempts: attempt, retry_after };
                        match (retry_allowed, retry_after) {
                            (true, Some(wait)) if wait <= settings.retry.max_wait => Next::Retry(wait),
                            (true, None) => Next::Retry(settings.retry.backoff_for(attempt)),
                            _ => Next::Fail(error),
                        }
                    }
                    s if s.is_server_error() => {
                        let error = ProviderError::Upstream { provider: provider.clone(), status: s.as_u16(), attempts: attempt, detail };
                        match retry_or(error) {
                            Next::Retry(backoff) => Next::Retry(retry_after.filter(|w| *w <= settings.retry.max_wait).unwrap_or(backoff)),
                            fail => fail,
                        }
                    }
                    s => Next::Fail(ProviderError::Refused { provider: provider.clone(), status: s.as_u16(), detail }),
                };
                match next {
                    Next::Retry(wait) => {
                        tracing::warn!(provider = %provider, attempt, status = status.as_u16(), wait_ms = wait.as_millis() as u64, "provider refused for now; retrying");
                        tokio::time::sleep(wait).await;
                        continue 'attempts;
                    }
                    Next::Fail(error) => {
                        tracing::warn!(provider = %provider, attempt, status = status.as_u16(), "provider refused the request");
                        yield ChatEvent::Error(error);
                        return;
                    }
                }
            }

            let mut frames = frames(&inner.protocol, response, settings.timeouts.idle);
            let mut decoder = inner.protocol.decoder();
            let mut got_output = false;
            loop {
                let next = if got_output {
                    frames.next().await
                } else {
                    match tokio::time::timeout_at(first_token_deadline, frames.next()).await {
                        Ok(next) => next,
                        Err(_) => {
                            tracing::warn!(provider = %provider, "no output before the first-token timeout");
                            yield ChatEvent::Error(no_first_token());
                            return;
                        }
                    }
                };
                // A failure before any output may be retried; after, never.
                let failure = match next {
                    Some(Ok(frame)) => match decoder.decode(frame.event.as_deref(), &frame.data) {
                        Ok(Decoded::Events(events)) => {
                            for event in events {
                                got_output |= event.is_output();
                                yield event;
                            }
                            continue;
                        }
                        Ok(Decoded::Finished(events)) => {
                            for event in events {
                                yield event;
                            }
                            return;
                        }
                        Err(DecodeError::Upstream(message)) => ProviderError::Interrupted { provider: provider.clone(), detail: scrub(settings, &message) },
                        Err(DecodeError::Malformed(detail)) => {
                            yield ChatEvent::Error(ProviderError::Malformed { provider: provider.clone(), detail: scrub(settings, &detail) });
                            return;
                        }
                    },
                    None => match decoder.end_of_stream() {
                        Some(done) => {
                            yield done;
                            return;
                        }
                        None => ProviderError::Interrupted { provider: provider.clone(), detail: "the connection closed before the reply was complete".into() },
                    },
                    Some(Err(FramingError::Idle(waited))) => {
                        tracing::warn!(provider = %provider, "stream stalled");
                        yield ChatEvent::Error(ProviderError::Stalled { provider: provider.clone(), waited });
                        return;
                    }
                    Some(Err(FramingError::Malformed(detail))) => {
                        yield ChatEvent::Error(ProviderError::Malformed { provider: provider.clone(), detail });
                        return;
                    }
                    Some(Err(FramingError::Transport(detail))) => ProviderError::Interrupted { provider: provider.clone(), detail: format!("the connection failed ({detail})") },
                };
                if !got_output {
                    if let Next::Retry(wait) = retry_or(failure.clone()) {
                        tracing::warn!(provider = %provider, attempt, error = %failure, "failed before the first token; retrying");
                        tokio::time::sleep(wait).await;
                        continue 'attempts;
                    }
                }
                tracing::warn!(provider = %provider, error = %failure, "reply interrupted");
                yield ChatEvent::Error(failure);
                return;
            }
        }
    }
}

fn frames(
    protocol: &Protocol,
    response: reqwest::Response,
    idle: Duration,
) -> std::pin::Pin<Box<dyn Stream<Item = Result<Frame, FramingError>> + Send>> {
    let bytes = with_idle_timeout(response.bytes_stream(), idle);
    if protocol.uses_sse() {
        Box::pin(framing::sse(bytes))
    } else {
        Box::pin(framing::ndjson(bytes))
    }
}

/// A byte stream that fails with [`FramingError::Idle`] when no chunk
/// arrives within `idle`.
fn with_idle_timeout(
    bytes: impl Stream<Item = reqwest::Result<Bytes>> + Send + 'static,
    idle: Duration,
) -> impl Stream<Item = Result<Bytes, FramingError>> + Send + 'static {
    tokio_stream::StreamExt::timeout(bytes, idle).map(move |item| match item {
        Err(_elapsed) => Err(FramingError::Idle(idle)),
        Ok(Err(e)) => Err(FramingError::Transport(describe_transport_error(&e))),
        Ok(Ok(bytes)) => Ok(bytes),
    })
}

/// A short, URL-free description of a reqwest failure: the innermost cause
/// ("connection refused", "failed to lookup address information", …).
fn describe_transport_error(e: &reqwest::Error) -> String {
    // reqwest's own message names the URL; its causes do not.
    let mut innermost: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(e);
    while let Some(source) = innermost.and_then(|i| i.source()) {
        innermost = Some(source);
    }
    let text = innermost.map(|i| i.to_string()).unwrap_or_default();
    let text = text.trim();
    if e.is_timeout() {
        "timed out".into()
    } else if text.is_empty() {
        if e.is_connect() {
            "connection failed".into()
        } else {
            "the connection failed".into()
        }
    } else {
        text.chars().take(200).collect()
    }
}

fn scrub(settings: &ProviderSettings, text: &str) -> String {
    match &settings.api_key {
        Some(key) => key.scrub(text),
        None => text.to_string(),
    }
}

/// `retry-after` as seconds or as an HTTP date.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = value.parse::<f64>() {
        return Duration::try_from_secs_f64(secs).ok();
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(SystemTime::now()).unwrap_or(Duration::ZERO))
}

/// Up to [`MAX_ERROR_BODY`] bytes of an error response, as text.
async fn read_error_body(response: reqwest::Response, idle: Duration) -> String {
    let mut body = Vec::new();
    let mut stream = response.bytes_stream();
    while body.len() < MAX_ERROR_BODY {
        match tokio::time::timeout(idle, stream.next()).await {
            Ok(Some(Ok(chunk))) => body.extend_from_slice(&chunk),
            _ => break,
        }
    }
    body.truncate(MAX_ERROR_BODY);
    String::from_utf8_lossy(&body).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_static("7"));
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(7)));
        headers.insert(RETRY_AFTER, HeaderValue::from_static("0.25"));
        assert_eq!(retry_after(&headers), Some(Duration::from_millis(250)));
        let later = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(30));
        headers.insert(RETRY_AFTER, HeaderValue::from_str(&later).unwrap());
        let wait = retry_after(&headers).unwrap();
        assert!(wait > Duration::from_secs(27) && wait <= Duration::from_secs(30), "{wait:?}");
        headers.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&headers), None);
    }
}
