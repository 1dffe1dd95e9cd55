//! Requests from other sites. A request that changes something (anything
//! but GET, HEAD and OPTIONS) is taken only from this app's own pages, or
//! from an origin listed in `server.cors_origins`: the browser says where
//! it comes from in `Sec-Fetch-Site` and `Origin`, which a page cannot
//! forge. A request with neither is not from a browser (a program with its
//! own credentials) and cannot ride on someone's cookies, so it passes.
//! Pages on a `widget.hosts` origin may also post, but only to the API
//! (`/v1/`), which reads no cookie.
//!
//! CORS is closed unless origins are listed; then exactly those (never `*`,
//! never `null`) may read responses: `server.cors_origins` anywhere and with
//! credentials, `widget.hosts` only the widget's files and the API, without.

use std::sync::Arc;

use axum::extract::Request;
use axum::http::header::{HOST, ORIGIN};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_http::cors::{AllowCredentials, AllowOrigin, CorsLayer};

/// The origins, besides the app's own, that may send state-changing
/// requests or read responses (checked by configuration: exact origins).
#[derive(Clone, Default)]
pub(crate) struct AllowedOrigins {
    /// `server.cors_origins`: trusted with everything, cookies included.
    partners: Arc<Vec<String>>,
    /// `widget.hosts`: pages that embed the widget.
    widget_hosts: Arc<Vec<String>>,
}

/// What an embedding page may post to: the API, which takes a bearer key
/// or (in open mode) nothing, never a cookie.
fn is_api_path(path: &str) -> bool {
    path.starts_with("/v1/")
}

/// What an embedding page may read: the API and the widget's own files.
fn is_widget_path(path: &str) -> bool {
    is_api_path(path) || path.starts_with("/widget/")
}

impl AllowedOrigins {
    pub(crate) fn new(partners: &[String], widget_hosts: &[String]) -> Self {
        Self { partners: Arc::new(partners.to_vec()), widget_hosts: Arc::new(widget_hosts.to_vec()) }
    }

    fn listed(&self, origin: &str) -> bool {
        self.partners.iter().any(|allowed| allowed == origin)
    }

    /// Whether `origin` is a page that embeds the widget.
    pub(crate) fn embeds(&self, origin: &str) -> bool {
        self.widget_hosts.iter().any(|allowed| allowed == origin)
    }

    /// Whether a request with these headers, sent to `host` (its `Host`
    /// header, or the URI's authority in HTTP/2) at `path`, may change
    /// something.
    pub(crate) fn allows(&self, method: &Method, headers: &HeaderMap, host: Option<&str>, path: &str) -> bool {
        if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
            return true;
        }
        let origin = headers.get(ORIGIN).and_then(|v| v.to_str().ok());
        let site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
        let other = |origin: &str| self.listed(origin) || (is_api_path(path) && self.embeds(origin));
        match (site, origin) {
            // Typed into the address bar or a bookmark: the person's own doing.
            (Some("same-origin" | "none"), _) => true,
            (Some(_), Some(origin)) => other(origin),
            (Some(_), None) => false,
            (None, Some(origin)) => host.is_some_and(|host| is_own_origin(origin, host)) || other(origin),
            // Not a browser.
            (None, None) => true,
        }
    }

    /// The CORS layer: closed (no `Access-Control-Allow-*` at all) when no
    /// origin is listed.
    pub(crate) fn cors(&self) -> Option<CorsLayer> {
        if self.partners.is_empty() && self.widget_hosts.is_empty() {
            return None;
        }
        let (readers, trusted) = (self.clone(), self.clone());
        Some(
            CorsLayer::new()
                .allow_origin(AllowOrigin::predicate(move |origin, request| {
                    origin.to_str().is_ok_and(|origin| {
                        readers.listed(origin) || (is_widget_path(request.uri.path()) && readers.embeds(origin))
                    })
                }))
                .allow_credentials(AllowCredentials::predicate(move |origin, _| {
                    origin.to_str().is_ok_and(|origin| trusted.listed(origin))
                }))
                .allow_methods([Method::GET, Method::POST])
                .allow_headers([
                    axum::http::header::CONTENT_TYPE,
                    axum::http::header::ACCEPT,
                    axum::http::header::AUTHORIZATION,
                ])
                // The widget says when a limited visitor may send again.
                .expose_headers([axum::http::header::RETRY_AFTER])
                .max_age(std::time::Duration::from_secs(600)),
        )
    }
}

/// `Origin` names the host the request was sent to (`Host`), whatever
/// the scheme: the proxy in front may end TLS.
pub(crate) fn is_own_origin(origin: &str, host: &str) -> bool {
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
    if allowed.allows(request.method(), request.headers(), host, request.uri().path()) {
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
    use axum::http::HeaderValue;

    fn allows(allowed: &AllowedOrigins, method: &Method, pairs: &[(&'static str, &'static str)]) -> bool {
        allows_at(allowed, method, pairs, "/api/send_turn")
    }

    fn allows_at(
        allowed: &AllowedOrigins,
        method: &Method,
        pairs: &[(&'static str, &'static str)],
        path: &str,
    ) -> bool {
        let map = headers(pairs);
        let host = map.get(HOST).and_then(|v| v.to_str().ok());
        allowed.allows(method, &map, host, path)
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
        let allowed = AllowedOrigins::new(&["https://partner.example".into()], &[]);
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

    #[test]
    fn embedding_pages_may_post_to_the_api_only() {
        let allowed = AllowedOrigins::new(&[], &["https://shop.example".into()]);
        let from_shop =
            [("host", "chat.example"), ("sec-fetch-site", "cross-site"), ("origin", "https://shop.example")];
        assert!(allows_at(&allowed, &Method::POST, &from_shop, "/v1/chat/completions"));
        // Not the page's server functions (they read the session cookie),
        // not uploads, not sign-in.
        for path in ["/api/send_turn", "/uploads", "/login", "/v1", "/widget/colloquy-chat.js"] {
            assert!(!allows_at(&allowed, &Method::POST, &from_shop, path), "{path}");
        }
        let look_alike =
            [("host", "chat.example"), ("sec-fetch-site", "cross-site"), ("origin", "https://shop.example.evil")];
        assert!(!allows_at(&allowed, &Method::POST, &look_alike, "/v1/chat/completions"));
        assert!(allowed.cors().is_some());
    }
}
