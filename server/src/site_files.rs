//! The compiled client's files (and `public/`) as browsers should get them:
//! - precompressed: `cargo leptos build --precompress` writes a `.br` and a
//!   `.gz` beside each file, and the one the request's `Accept-Encoding`
//!   prefers is sent as it is (brotli at its highest quality, done once at
//!   build time); other files are compressed as they are sent;
//! - cached by name: a file whose name carries its content's hash
//!   (`colloquy.<hash>.wasm` with cargo-leptos' `hash-files`, and each split
//!   chunk) never changes, so browsers keep it for a year without asking
//!   again: an unchanged app costs a returning visitor no WASM bytes. Any
//!   other file is checked each time (`no-cache`, against `Last-Modified`).
//!
//! A path with no file behind it gets the app's "page not found"
//! (leptos_axum's handler).

use axum::extract::Request;
use axum::handler::Handler;
use axum::http::header::{CACHE_CONTROL, VARY};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use axum::Router;
use leptos::config::LeptosOptions;
use leptos::prelude::IntoView;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;

/// The site's files, under the site root; anything else is the app's 404.
pub(crate) fn routes<S, IV>(options: &LeptosOptions, shell: fn(LeptosOptions) -> IV) -> Router<S>
where
    S: Clone + Send + Sync + 'static,
    IV: IntoView + 'static,
{
    let not_found = leptos_axum::file_and_error_handler(shell).with_state(options.clone());
    let files = ServeDir::new(&*options.site_root).precompressed_br().precompressed_gzip().fallback(not_found);
    Router::new()
        .fallback_service(files)
        // Skips what is already compressed; the reply stream never comes
        // here (a compressor would hold tokens back to fill blocks).
        .layer(CompressionLayer::new())
        .layer(axum::middleware::from_fn(cache_by_name))
}

/// One year, the longest `max-age` browsers honour.
const FOREVER: &str = "public, max-age=31536000, immutable";

async fn cache_by_name(request: Request, next: Next) -> Response {
    let hashed = has_hashed_name(request.uri().path());
    let mut response = next.run(request).await;
    if matches!(response.status(), StatusCode::OK | StatusCode::NOT_MODIFIED | StatusCode::PARTIAL_CONTENT) {
        let policy = if hashed { FOREVER } else { "no-cache" };
        let headers = response.headers_mut();
        headers.insert(CACHE_CONTROL, HeaderValue::from_static(policy));
        // Each file may be sent in several encodings: a shared cache keeps
        // them apart (ServeDir does not say so for its precompressed ones).
        if !headers.get_all(VARY).iter().any(|v| v.as_bytes().eq_ignore_ascii_case(b"accept-encoding")) {
            headers.append(VARY, HeaderValue::from_static("accept-encoding"));
        }
    }
    response
}

/// Whether the file at `path` is named by its content: `NAME.HASH.EXT`,
/// HASH being the 22 characters of an unpadded base64url MD5 (what
/// cargo-leptos and its WASM splitter write).
fn has_hashed_name(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or("");
    let mut parts = name.rsplit('.');
    let (Some(_ext), Some(hash), Some(stem)) = (parts.next(), parts.next(), parts.next()) else { return false };
    !stem.is_empty()
        && hash.len() == 22
        && hash.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        // A hash has both cases or a digit; a plain word of 22 letters has not.
        && hash.bytes().any(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
}

/// The hash file `cargo leptos build` writes into the site folder
/// (`hash-file-name` in Cargo.toml), if this build hashed its files'
/// names: Leptos then names the hashed JS and WASM in the page.
pub(crate) fn hash_file(options: &LeptosOptions) -> Option<std::path::PathBuf> {
    let path = std::path::Path::new(&*options.site_root).join("hash.txt");
    std::fs::canonicalize(path).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_content_named_files_are_kept_forever() {
        for hashed in [
            "/pkg/colloquy.Xy3_dA8bC0dEfGhIjKlMnQ.wasm",
            "/pkg/__wasm_split.AbCdEfGhIjKlMnOpQrStU9.js",
            "/pkg/page_views_bots_123.A1b2C3d4E5f6G7h8I9j0K-.wasm",
        ] {
            assert!(has_hashed_name(hashed), "{hashed}");
        }
        for plain in [
            "/pkg/colloquy.wasm",
            "/pkg/colloquy.css",
            "/favicon.ico",
            "/pkg/.Xy3_dA8bC0dEfGhIjKlMnQ.wasm",
            "/pkg/a.abcdefghijklmnopqrstuv.js",
            "/pkg/a.Xy3_dA8bC0dEfGhIjKlMn.js",
            "/",
        ] {
            assert!(!has_hashed_name(plain), "{plain}");
        }
    }
}
