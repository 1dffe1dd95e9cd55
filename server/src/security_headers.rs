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
use colloquy_config::ServerConfig;

/// The headers, built once from configuration (checked there).
#[derive(Clone)]
pub(crate) struct SecurityHeaders(Arc<Vec<(HeaderName, HeaderValue)>>);

impl SecurityHeaders {
    pub(crate) fn new(server: &ServerConfig) -> Self {
        let ancestors =
            if server.frame_ancestors.is_empty() { "'self'".to_string() } else { server.frame_ancestors.join(" ") };
        let csp = format!("frame-ancestors {ancestors}; base-uri 'none'; object-src 'none'; form-action 'self'");
        let mut headers = vec![
            (X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
            (REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin")),
        ];
        // Configuration allows only origins and keywords here: always a valid value.
        if let Ok(csp) = HeaderValue::from_str(&csp) {
            headers.push((CONTENT_SECURITY_POLICY, csp));
        }
        if let Some(max_age) = server.hsts_max_age_secs {
            if let Ok(hsts) = HeaderValue::from_str(&format!("max-age={max_age}; includeSubDomains")) {
                headers.push((STRICT_TRANSPORT_SECURITY, hsts));
            }
        }
        Self(Arc::new(headers))
    }

    pub(crate) fn apply(&self, mut response: Response) -> Response {
        let headers = response.headers_mut();
        for (name, value) in self.0.iter() {
            if !headers.contains_key(name) {
                headers.insert(name.clone(), value.clone());
            }
        }
        response
    }
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
        let mut response = Response::new(axum::body::Body::empty());
        response.headers_mut().insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
        let response = SecurityHeaders::new(&server).apply(response);
        let headers = response.headers();
        assert!(headers[CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .starts_with("frame-ancestors https://docs.example.com 'self';"));
        assert_eq!(headers[STRICT_TRANSPORT_SECURITY], "max-age=31536000; includeSubDomains");
        assert_eq!(headers[REFERRER_POLICY], "no-referrer");
        assert_eq!(headers[X_CONTENT_TYPE_OPTIONS], "nosniff");
    }
}
