//! Headers every response carries, whatever route answered it: no MIME
//! sniffing, a referrer that never carries a path to another site, and a
//! Content-Security-Policy part that limits who may frame the app
//! (`server.frame_ancestors`), where forms may post and what `<base>` and
//! plugins may do. HSTS when `server.hsts_max_age_secs` is set (only for an
//! app reached over HTTPS). Headers a route set itself (the shared page's
//! stricter referrer policy) are kept.

use std::sync::Arc;

use axum::http::header::{CONTENT_SECURITY_POLICY, REFERRER_POLICY, STRICT_TRANSPORT_SECURITY, X_CONTENT_TYPE_OPTIONS};
use axum::http::{HeaderName, HeaderValue};
use axum::response::Response;
use colloquy_config::{MarkdownConfig, ServerConfig};

/// The headers, built once from configuration (checked there); only the
/// script nonce of a page changes from response to response.
#[derive(Clone)]
pub(crate) struct SecurityHeaders {
    fixed: Arc<Vec<(HeaderName, HeaderValue)>>,
    /// The Content-Security-Policy but for `script-src`.
    policy: Arc<str>,
}

impl SecurityHeaders {
    /// `live_reload`: `cargo leptos watch`'s page reloader may open its
    /// websocket (on another port, so `'self'` does not cover it).
    pub(crate) fn new(server: &ServerConfig, markdown: &MarkdownConfig, live_reload: bool) -> Self {
        let ancestors =
            if server.frame_ancestors.is_empty() { "'self'".to_string() } else { server.frame_ancestors.join(" ") };
        // Images: the app's own, pasted and recorded ones (data:, blob:),
        // and replies' images only from the configured hosts.
        let mut images = String::from("'self' data: blob:");
        for host in &markdown.image_hosts {
            images.push_str(&format!(" https://{host}"));
        }
        // Styles may be inline (element style attributes, KaTeX's layout);
        // they cannot run code.
        let connect = if live_reload { "'self' ws: wss:" } else { "'self'" };
        let policy = format!(
            "default-src 'self'; img-src {images}; media-src 'self' blob:; style-src 'self' 'unsafe-inline'; \
             connect-src {connect}; font-src 'self' data:; frame-ancestors {ancestors}; base-uri 'none'; \
             object-src 'none'; form-action 'self'"
        );
        let mut fixed = vec![
            (X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
            (REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin")),
        ];
        if let Some(max_age) = server.hsts_max_age_secs {
            if let Ok(hsts) = HeaderValue::from_str(&format!("max-age={max_age}; includeSubDomains")) {
                fixed.push((STRICT_TRANSPORT_SECURITY, hsts));
            }
        }
        Self { fixed: Arc::new(fixed), policy: policy.into() }
    }

    pub(crate) fn apply(&self, mut response: Response) -> Response {
        let headers = response.headers_mut();
        for (name, value) in self.fixed.iter() {
            if !headers.contains_key(name) {
                headers.insert(name.clone(), value.clone());
            }
        }
        // Scripts: the app's own files and WASM, and inline scripts only
        // with the page's nonce (the theme script, hydration).
        let nonce = headers.remove(app::SCRIPT_NONCE_HEADER);
        let scripts = match nonce.as_ref().and_then(|n| n.to_str().ok()) {
            Some(nonce) if is_nonce(nonce) => format!("script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'"),
            _ => "script-src 'self' 'wasm-unsafe-eval'".to_string(),
        };
        // Configuration allows only host names and origins: a valid value.
        if let Ok(csp) = HeaderValue::from_str(&format!("{}; {scripts}", self.policy)) {
            headers.entry(CONTENT_SECURITY_POLICY).or_insert(csp);
        }
        response
    }
}

/// Leptos' nonces are URL-safe base64.
fn is_nonce(nonce: &str) -> bool {
    (16..=64).contains(&nonce.len()) && nonce.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configured_ancestors_and_hsts_are_sent_and_a_routes_own_header_kept() {
        let server = ServerConfig {
            frame_ancestors: vec!["https://docs.example.com".into(), "'self'".into()],
            hsts_max_age_secs: Some(31_536_000),
            ..ServerConfig::default()
        };
        let markdown = MarkdownConfig { image_hosts: vec!["img.example.com".into()], ..MarkdownConfig::default() };
        let headers = SecurityHeaders::new(&server, &markdown, false);
        let mut response = Response::new(axum::body::Body::empty());
        response.headers_mut().insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
        response.headers_mut().insert(app::SCRIPT_NONCE_HEADER, HeaderValue::from_static("AbCdEfGhIjKlMnOpQrStUv"));
        let response = headers.apply(response);
        let headers = response.headers();
        let csp = headers[CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(csp.contains("frame-ancestors https://docs.example.com 'self';"), "{csp}");
        assert!(csp.contains("img-src 'self' data: blob: https://img.example.com;"), "{csp}");
        assert!(csp.ends_with("script-src 'self' 'nonce-AbCdEfGhIjKlMnOpQrStUv' 'wasm-unsafe-eval'"), "{csp}");
        assert!(!csp.split("script-src").nth(1).unwrap().contains("unsafe-inline"), "{csp}");
        assert!(headers.get(app::SCRIPT_NONCE_HEADER).is_none(), "the nonce header is taken off");
        assert_eq!(headers[STRICT_TRANSPORT_SECURITY], "max-age=31536000; includeSubDomains");
        assert_eq!(headers[REFERRER_POLICY], "no-referrer");
        assert_eq!(headers[X_CONTENT_TYPE_OPTIONS], "nosniff");
    }

    #[test]
    fn without_a_page_nonce_no_inline_script_is_allowed() {
        let headers = SecurityHeaders::new(&ServerConfig::default(), &MarkdownConfig::default(), false);
        let mut response = Response::new(axum::body::Body::empty());
        // A malformed nonce is not believed.
        response.headers_mut().insert(app::SCRIPT_NONCE_HEADER, HeaderValue::from_static("x' 'unsafe-inline"));
        let csp = headers.apply(response).headers()[CONTENT_SECURITY_POLICY].to_str().unwrap().to_string();
        assert!(csp.ends_with("script-src 'self' 'wasm-unsafe-eval'"), "{csp}");
        assert!(csp.contains("img-src 'self' data: blob:;"), "no outside images by default: {csp}");
        assert!(csp.contains("connect-src 'self';"), "{csp}");
        let dev = SecurityHeaders::new(&ServerConfig::default(), &MarkdownConfig::default(), true);
        let csp = dev.apply(Response::new(axum::body::Body::empty())).headers()[CONTENT_SECURITY_POLICY].clone();
        assert!(csp.to_str().unwrap().contains("connect-src 'self' ws: wss:;"), "{csp:?}");
    }
}
