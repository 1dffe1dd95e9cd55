//! Static files (the compiled client, `public/`; the widget, from
//! `widget.dir`) come only from inside their folder. tower-http's `ServeDir` (behind leptos_axum's file handler)
//! already refuses `..` segments; this guard also refuses, before any file
//! is opened, a path whose decoded form has a NUL, a backslash or a
//! `..`/`.` segment (double-encoded ones included), and a file that
//! resolves outside the root through a symlink. All are answered 404, like
//! any other file that is not there.

#[cfg(test)]
use std::path::Path;
use std::path::PathBuf;

use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The site root, resolved once.
#[derive(Clone)]
pub(crate) struct SiteRoot(Option<PathBuf>);

impl SiteRoot {
    pub(crate) fn new(root: impl AsRef<std::path::Path>) -> Self {
        Self(std::fs::canonicalize(root).ok())
    }

    /// Whether `path` (a request's URL path, still percent-encoded) may be
    /// looked up under the root.
    pub(crate) fn allows(&self, path: &str) -> bool {
        // Decoded twice: `%252e%252e` is `..` to anything that decodes once more.
        let once = percent_encoding::percent_decode_str(path).decode_utf8_lossy().into_owned();
        let twice = percent_encoding::percent_decode_str(&once).decode_utf8_lossy().into_owned();
        for decoded in [&once, &twice] {
            if decoded.contains(['\0', '\\']) || decoded.split('/').any(|segment| segment == ".." || segment == ".") {
                return false;
            }
        }
        let Some(root) = &self.0 else { return true };
        let relative = once.trim_start_matches('/');
        if relative.is_empty() {
            return true;
        }
        match std::fs::canonicalize(root.join(relative)) {
            Ok(resolved) => resolved.starts_with(root),
            // Not there: the file handler answers 404 (or the app's page).
            Err(_) => true,
        }
    }

    #[cfg(test)]
    fn root(&self) -> Option<&Path> {
        self.0.as_deref()
    }
}

pub(crate) async fn guard(
    axum::extract::State(root): axum::extract::State<SiteRoot>,
    request: Request,
    next: Next,
) -> Response {
    if root.allows(request.uri().path()) {
        return next.run(request).await;
    }
    tracing::warn!(path = request.uri().path(), "a path outside the site root was refused");
    (StatusCode::NOT_FOUND, "not found").into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_in_every_spelling_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir_all(site.join("pkg")).unwrap();
        std::fs::write(site.join("pkg/app.js"), "ok").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), site.join("pkg/link.txt")).unwrap();
        let root = SiteRoot::new(site.to_str().unwrap());
        assert!(root.root().is_some());
        for ok in ["/", "/pkg/app.js", "/pkg/missing.js", "/favicon.ico", "/pkg/a%20b.js"] {
            assert!(root.allows(ok), "{ok}");
        }
        for bad in [
            "/../secret.txt",
            "/pkg/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E%2Fsecret.txt",
            "/%252e%252e/secret.txt",
            "/pkg/..%2f..%2fsecret.txt",
            "/..%5csecret.txt",
            "/pkg\\..\\..\\secret.txt",
            "/pkg/app.js%00.png",
            "/./pkg/app.js",
            #[cfg(unix)]
            "/pkg/link.txt",
        ] {
            assert!(!root.allows(bad), "{bad}");
        }
    }
}
