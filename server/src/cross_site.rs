//! Requests from other sites. A request that changes something (anything
//! but GET, HEAD and OPTIONS) is taken only from this app's own pages, or
//! from an origin listed in `server.cors_origins`: the browser says where
//! it comes from in `Sec-Fetch-Site` and `Origin`, which a page cannot
//! forge. A request with neither is not from a browser (a program with its
//! own credentials) and cannot ride on someone's cookies, so it passes.
//!
//! CORS is closed unless `server.cors_origins` lists origins; then those
//! (exactly those: never `*`, never `null`) may read responses, with
//! credentials.

use std::sync::Arc;

use axum::extract::Request;
use axum::http::header::{HOST, ORIGIN};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_http::cors::{AllowOrigin, CorsLayer};

/// The origins, besides the app's own, that may send state-changing
/// requests (checked by configuration: exact origins).
#[derive(Clone, Default)]
pub(crate) struct AllowedOrigins(Arc<Vec<String>>);

impl AllowedOrigins {
    pub(crate) fn new(origins: &[String]) -> Self {
        Self(Arc::new(origins.to_vec()))
    }

    fn listed(&self, origin: &str) -> bool {
        self.0.iter().any(|allowed| allowed == origin)
    }

    /// Whether a request with these headers, sent to `host` (its `Host`
    /// header, or the URI's authority in HTTP/2), may change something.
    pub(crate) fn allows(&self, method: &Method, headers: &HeaderMap, host: Option<&str>) -> bool {
        if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
            return true;
        }
        let origin = headers.get(ORIGIN).and_then(|v| v.to_str().ok());
        let site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
        match (site, origin) {
            // Typed into the address bar or a bookmark: the person's own doing.
            (Some("same-origin" | "none"), _) => true,
            (Some(_), Some(origin)) => self.listed(origin),
            (Some(_), None) => false,
            (None, Some(origin)) => host.is_some_and(|host| is_own_origin(origin, host)) || self.listed(origin),
            // Not a browser.
            (None, None) => true,
        }
    }

    /// The CORS layer: closed (no `Access-Control-Allow-*` at all) when no
    /// origin is listed.
    pub(crate) fn cors(&self) -> Option<CorsLayer> {
        if self.0.is_empty() {
            return None;
        }
        let origins: Vec<HeaderValue> = self.0.iter().filter_map(|o| HeaderValue::from_str(o).ok()).collect();
        Some(
            CorsLayer::new()
                .allow_origin(AllowOrigin::list(origins))
                .allow_credentials(true)
                .allow_methods([Method::GET, Method::POST])
                .allow_headers([
                    axum::http::header::CONTENT_TYPE,
                    axum::http::header::ACCEPT,
                    axum::http::header::AUTHORIZATION,
                ])
                .max_age(std::time::Duration::from_secs(600)),
        )
    }
}

/// `Origin` names the host the request was sent to (`Host`), whatever
/// the scheme: the proxy in front may end TLS.
fn is_own_origin(origin: &str, host: &str) -> bool {
    let authority = origin.strip_prefix("https://").or_else(|| origin.strip_prefix("http://"));
    authority.is_some_and(|authority| authority.eq_ignore_ascii_case(host))
}

/// The middleware: 403 for a cross-site request that would change something.
pub(crate) async fn refuse_cross_site(
    axum::extract::State(allowed): axum::extract::State<AllowedOrigins>,
    request: Request,
    next: Next,
) -> Response {
    let host = request
        .headers()
        .get(HOST)
        .and_then(|v| v.to_str().ok())
        .or_else(|| request.uri().authority().map(|a| a.as_str()));
    if allowed.allows(request.method(), request.headers(), host) {
        return next.run(request).await;
    }
    tracing::warn!(
        method = %request.method(),
        path = request.uri().path(),
        origin = ?request.headers().get(ORIGIN),
        "cross-site request refused"
    );
    let body = serde_json::json!({ "error": "This request came from another site, so it was refused. Use the app's own page." });
    (StatusCode::FORBIDDEN, axum::Json(body)).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allows(allowed: &AllowedOrigins, method: &Method, pairs: &[(&'static str, &'static str)]) -> bool {
        let map = headers(pairs);
        let host = map.get(HOST).and_then(|v| v.to_str().ok());
        allowed.allows(method, &map, host)
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn only_the_apps_own_pages_and_listed_origins_may_change_things() {
        let allowed = AllowedOrigins::new(&["https://partner.example".into()]);
        let post = Method::POST;
        let host = ("host", "chat.example:8443");
        for ok in [
            vec![host, ("sec-fetch-site", "same-origin"), ("origin", "https://chat.example:8443")],
            vec![host, ("origin", "https://chat.example:8443")],
            vec![host, ("origin", "http://CHAT.example:8443")],
            vec![host, ("sec-fetch-site", "cross-site"), ("origin", "https://partner.example")],
            vec![host],
        ] {
            assert!(allows(&allowed, &post, &ok), "{ok:?}");
        }
        for refused in [
            vec![host, ("sec-fetch-site", "cross-site"), ("origin", "https://evil.example")],
            vec![host, ("sec-fetch-site", "same-site"), ("origin", "https://sub.chat.example:8443")],
            vec![host, ("sec-fetch-site", "cross-site")],
            vec![host, ("origin", "null")],
            vec![host, ("origin", "https://chat.example:8443.evil.example")],
            vec![host, ("origin", "https://chat.example")],
            vec![host, ("origin", "https://partner.example.evil")],
            vec![("origin", "https://chat.example:8443")],
        ] {
            assert!(!allows(&allowed, &post, &refused), "{refused:?}");
        }
        // Reading is not refused here (CORS decides who may see the answer).
        assert!(allows(&allowed, &Method::GET, &[("sec-fetch-site", "cross-site")]));
        assert!(AllowedOrigins::default().cors().is_none());
    }
}
