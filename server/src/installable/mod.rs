//! The app as one a browser can install (`chat.installable`, on by
//! default): its web app manifest (`/manifest.webmanifest`: the chat's
//! title, description and accent colour, the icons of `public/icons/`), a
//! service worker (`/sw.js`) and the page it shows offline (`/offline`).
//!
//! The worker keeps only the app's own files, listed here from the build's
//! hash file so that each build has a worker of its own (a browser installs
//! the new one and drops the old files). Pages, server functions, the API,
//! uploads and shared conversations are never kept: a page carries the
//! person's conversations, and a kept copy would outlive a sign-out.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use app::html::escape;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, VARY};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use colloquy_config::ChatConfig;
use colloquy_i18n::Language;
use leptos::config::LeptosOptions;

/// The worker of an installable app; its first line is replaced by the
/// build's own (`const BUILD = …;`).
const WORKER: &str = include_str!("sw.js");
/// The worker served when installing is off: it removes an earlier one.
const RETIRING_WORKER: &str = include_str!("retire.js");

/// `/manifest.webmanifest`, `/sw.js` and `/offline`; only `/sw.js` (the
/// retiring worker) when installing is off.
pub(crate) fn routes<S: Clone + Send + Sync + 'static>(chat: &ChatConfig, options: &LeptosOptions) -> Router<S> {
    if !chat.installable {
        return Router::new().route("/sw.js", get(|| async { script(RETIRING_WORKER.to_string()) }));
    }
    let files = BuildFiles::read(options);
    // One offline page per language; the worker keeps the one its page's
    // language asked for when it was installed.
    let offline: Arc<HashMap<Language, String>> =
        Arc::new(Language::ALL.into_iter().map(|l| (l, offline_page(chat, files.as_ref(), l))).collect());
    let every_offline_page: String = Language::ALL.iter().map(|l| offline[l].as_str()).collect();
    let worker: Arc<str> = worker(files.as_ref(), &every_offline_page).into();
    let manifest: Arc<str> = manifest(chat).to_string().into();
    Router::new()
        .route(
            "/manifest.webmanifest",
            get(move || {
                let manifest = manifest.clone();
                async move { fresh("application/manifest+json", manifest.to_string()) }
            }),
        )
        .route(
            "/sw.js",
            get(move || {
                let worker = worker.clone();
                async move { script(worker.to_string()) }
            }),
        )
        .route(
            "/offline",
            get(move |headers: HeaderMap| {
                let page = offline[&app::i18n::language_of(&headers)].clone();
                async move {
                    let mut response = fresh("text/html; charset=utf-8", page);
                    response.headers_mut().insert(VARY, HeaderValue::from_static("Accept-Language, Cookie"));
                    response
                }
            }),
        )
}

/// A response browsers check again each time (`no-cache`): a new build or
/// configuration is seen at once.
fn fresh(content_type: &'static str, body: String) -> Response {
    ([(CONTENT_TYPE, content_type), (CACHE_CONTROL, "no-cache")], body).into_response()
}

fn script(body: String) -> Response {
    fresh("text/javascript; charset=utf-8", body)
}

/// The manifest: what an installed app is called, how it looks, where it
/// starts.
fn manifest(chat: &ChatConfig) -> serde_json::Value {
    let accent = chat.accent();
    serde_json::json!({
        "id": "/",
        "name": chat.title,
        "short_name": short_name(&chat.title),
        "description": chat.description,
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "theme_color": accent,
        "background_color": "#ffffff",
        "icons": [
            { "src": "/icons/icon-192.png", "sizes": "192x192", "type": "image/png", "purpose": "any" },
            { "src": "/icons/icon-512.png", "sizes": "512x512", "type": "image/png", "purpose": "any" },
            { "src": "/icons/icon-maskable-512.png", "sizes": "512x512", "type": "image/png", "purpose": "maskable" },
        ],
    })
}

/// What a home screen shows under the icon: the title, cut to 12
/// characters (about what fits) at a word where it can be.
fn short_name(title: &str) -> String {
    const FITS: usize = 12;
    let chars: Vec<char> = title.chars().collect();
    if chars.len() <= FITS {
        return title.to_string();
    }
    let cut: String = chars[..FITS].iter().collect();
    if chars[FITS].is_whitespace() {
        return cut.trim_end().to_string();
    }
    match cut.rfind(' ') {
        Some(space) if space > 0 => cut[..space].trim_end().to_string(),
        _ => cut,
    }
}

/// The compiled client's files of this build, by the names its hash file
/// gives them (cargo-leptos' `hash-files`).
struct BuildFiles {
    pkg: String,
    output: String,
    js: String,
    wasm: String,
    css: String,
    /// The WASM splitter's loader and manifest, when the build was split.
    split: Option<(String, String)>,
}

impl BuildFiles {
    /// `None` for a build without a hash file (`cargo leptos watch`): its
    /// file names do not change with their content, so none is kept ahead.
    fn read(options: &LeptosOptions) -> Option<Self> {
        let path = crate::site_files::hash_file(options)?;
        let text = std::fs::read_to_string(path).ok()?;
        let hash = |key: &str| {
            text.lines().find_map(|line| {
                let (name, value) = line.split_once(':')?;
                (name.trim() == key).then(|| value.trim().to_string())
            })
        };
        Some(Self {
            pkg: options.site_pkg_dir.to_string(),
            output: options.output_name.to_string(),
            js: hash("js")?,
            wasm: hash("wasm")?,
            css: hash("css")?,
            split: hash("split").zip(hash("manifest")),
        })
    }

    fn css_path(&self) -> String {
        format!("/{}/{}.{}.css", self.pkg, self.output, self.css)
    }

    /// The files a page needs to start, kept when the worker installs.
    fn shell(&self) -> Vec<String> {
        let (pkg, output) = (&self.pkg, &self.output);
        let mut files = vec![
            format!("/{pkg}/{output}.{}.js", self.js),
            format!("/{pkg}/{output}.{}.wasm", self.wasm),
            self.css_path(),
        ];
        if let Some((loader, manifest)) = &self.split {
            files.push(format!("/{pkg}/__wasm_split.{loader}.js"));
            files.push(format!("/{pkg}/__wasm_split_manifest.{manifest}.json"));
        }
        files
    }
}

/// The worker for this build: its version changes with the build's files
/// and with the offline page (the title is in it).
fn worker(files: Option<&BuildFiles>, offline: &str) -> String {
    let mut shell = vec!["/offline".to_string(), "/icons/icon-192.png".to_string(), "/icons/icon-512.png".to_string()];
    shell.extend(files.map(BuildFiles::shell).unwrap_or_default());
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (&shell, offline).hash(&mut hasher);
    let build = serde_json::json!({ "version": format!("{:016x}", hasher.finish()), "shell": shell });
    let rest = WORKER.split_once('\n').map_or("", |(_, rest)| rest);
    format!("const BUILD = {build};\n{rest}")
}

/// The page the worker shows when a page cannot be reached. It stands
/// alone (its styles inline) and says nothing of anyone's conversations.
fn offline_page(chat: &ChatConfig, files: Option<&BuildFiles>, language: Language) -> String {
    let catalog = colloquy_i18n::catalog(language);
    let locale = colloquy_i18n::server_locale(language);
    let said = |id: &str| escape(&catalog.format(id, &[], locale));
    let (lang, dir) = (language.tag(), language.dir());
    let page_title = escape(&catalog.format("offline-title", &[("title", chat.title.as_str().into())], locale));
    let (text, again) = (said("offline-text"), said("offline-try-again"));
    let title = escape(&chat.title);
    let accent = escape(chat.accent());
    let stylesheet = files.map(|f| format!("<link rel=\"stylesheet\" href=\"{}\">", f.css_path())).unwrap_or_default();
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\" dir=\"{dir}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"color-scheme\" content=\"light dark\">\n<meta name=\"theme-color\" content=\"{accent}\">\n\
         <title>{page_title}</title>\n{stylesheet}\n\
         <style>.offline{{max-width:32rem;margin:15vh auto;padding:0 1.5rem;font-family:system-ui,sans-serif;line-height:1.5}}\
         .offline a{{color:{accent}}}</style>\n</head>\n<body>\n<main class=\"offline\">\n<h1>{title}</h1>\n\
         <p>{text}</p>\n<p><a href=\"/\">{again}</a></p>\n</main>\n</body>\n</html>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_title_is_cut_at_a_word_for_the_home_screen() {
        assert_eq!(short_name("Colloquy"), "Colloquy");
        assert_eq!(short_name("Order help desk bot"), "Order help");
        assert_eq!(short_name("Supercalifragilistic"), "Supercalifra");
        assert_eq!(short_name("Order <help> desk"), "Order <help>");
    }

    #[test]
    fn the_worker_names_this_builds_files_and_changes_with_them() {
        let files = BuildFiles {
            pkg: "pkg".into(),
            output: "colloquy".into(),
            js: "J".into(),
            wasm: "W".into(),
            css: "C".into(),
            split: Some(("S".into(), "M".into())),
        };
        let worker_text = worker(Some(&files), "offline page");
        let build = worker_text.lines().next().unwrap();
        for file in
            ["/pkg/colloquy.J.js", "/pkg/colloquy.W.wasm", "/pkg/colloquy.C.css", "/pkg/__wasm_split.S.js", "/offline"]
        {
            assert!(build.contains(&format!("\"{file}\"")), "{build}");
        }
        assert_eq!(worker_text.matches("const BUILD").count(), 1, "the template's own line is replaced");
        let other = BuildFiles { wasm: "W2".into(), ..files };
        let version = |text: &str| text.split("\"version\":\"").nth(1).unwrap()[..16].to_string();
        assert_ne!(version(&worker_text), version(&worker(Some(&other), "offline page")));
        assert_ne!(version(&worker_text), version(&worker(Some(&other), "another title")));
    }

    #[test]
    fn the_offline_page_escapes_the_title() {
        let chat = ChatConfig { title: "<script>x</script> & co".into(), ..ChatConfig::default() };
        let page = offline_page(&chat, None, Language::En);
        assert!(page.contains("&lt;script&gt;x&lt;/script&gt; &amp; co"), "{page}");
        assert!(!page.contains("<script>"), "{page}");
    }
}
