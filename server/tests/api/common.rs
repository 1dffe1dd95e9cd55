//! Helpers shared by the server's integration tests.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use futures::StreamExt;
use serde_json::Value;
use server::Application;

/// The first turn of a new conversation, as the page sends it: `text` to
/// `model`; the response streams the reply's frames.
pub async fn new_chat_turn(client: &reqwest::Client, base: &str, model: &str, text: &str) -> reqwest::Response {
    let message = serde_json::json!({ "role": "user", "content": text, "attachments": [] });
    let turn = serde_json::json!({ "conversation": null, "expect": 0, "keep": 0, "message": message, "model": model });
    client.post(format!("{base}/api/chat_reply")).json(&serde_json::json!({ "turn": turn })).send().await.unwrap()
}

/// A server built in this process from a configuration, on a free port,
/// serving in the background for the rest of the test.
pub struct TestApp {
    /// `http://` and its address.
    pub base: String,
    pub addr: SocketAddr,
    pub state: colloquy_chat::state::AppState,
    /// The embedded model, when the configuration turns it on.
    pub engine: Option<colloquy_engine::Engine>,
}

impl TestApp {
    pub async fn spawn(config: colloquy_config::Config) -> Self {
        Self::spawn_with_handler(config, None).await
    }

    /// A bot written in Rust: `handler` answers every turn.
    pub async fn spawn_with_handler(
        config: colloquy_config::Config,
        handler: Option<Arc<dyn colloquy_core::Handler>>,
    ) -> Self {
        let app = Application::build_with_handler(config, handler).await.expect("server starts");
        let addr = app.local_addr();
        let (state, engine) = (app.state.clone(), app.engine.clone());
        tokio::spawn(app.run());
        Self { base: format!("http://{addr}"), addr, state, engine }
    }
}

/// A browser of its own: its own cookie jar, so its own session.
#[derive(Clone)]
pub struct Browser {
    pub base: String,
    pub client: reqwest::Client,
}

impl Browser {
    pub fn new(base: &str) -> Self {
        Self::with_client(base, reqwest::Client::builder().cookie_store(true).build().unwrap())
    }

    /// One that never reuses a connection (its server gets killed).
    pub fn without_keep_alive(base: &str) -> Self {
        let client = reqwest::Client::builder().cookie_store(true).pool_max_idle_per_host(0).build().unwrap();
        Self::with_client(base, client)
    }

    pub fn with_client(base: &str, client: reqwest::Client) -> Self {
        Self { base: base.into(), client }
    }

    /// Calls a server function with a JSON body, as the page's script does.
    pub async fn call(&self, function: &str, body: Value) -> reqwest::Response {
        self.client.post(format!("{}/api/{function}", self.base)).json(&body).send().await.unwrap()
    }

    /// Calls a server function with a form, as a form without script does.
    pub async fn form(&self, function: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.client.post(format!("{}/api/{function}", self.base)).form(form).send().await.unwrap()
    }

    /// A page's status and HTML, without the script element that carries
    /// the page's language's messages (every message of the interface, so
    /// a test looking for a text in the page would find it there).
    pub async fn page(&self, path: &str) -> (u16, String) {
        let response = self.client.get(format!("{}{path}", self.base)).send().await.unwrap();
        (response.status().as_u16(), without_messages(&response.text().await.unwrap()))
    }

    /// Uploads a file; its record as the server answers it.
    pub async fn upload(&self, name: &str, bytes: &[u8]) -> Value {
        let url = format!("{}/api/upload", self.base);
        let response = self.client.post(url).query(&[("name", name)]).body(bytes.to_vec()).send().await.unwrap();
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    }
}

/// `html` without its `<script id="colloquy-strings">` element.
pub fn without_messages(html: &str) -> String {
    let Some(start) = html.find(r#"<script type="application/json" id="colloquy-strings">"#) else {
        return html.to_string();
    };
    let end = html[start..].find("</script>").map_or(html.len(), |i| start + i + "</script>".len());
    format!("{}{}", &html[..start], &html[end..])
}

/// Reads a reply stream to its end, as frames (JSON values).
pub async fn frames(response: reqwest::Response) -> Vec<Value> {
    assert_eq!(response.status(), 200);
    let mut decoder = colloquy_wire::FrameDecoder::default();
    let mut out = Vec::new();
    let mut body = response.bytes_stream();
    while let Some(chunk) = body.next().await {
        let chunk = chunk.unwrap();
        for frame in decoder.push(std::str::from_utf8(&chunk).unwrap()) {
            out.push(serde_json::to_value(frame.unwrap()).unwrap());
        }
    }
    out
}

/// A reply stream read a part at a time: its frames so far, one decoder
/// for the whole stream (a frame split across reads is kept whole).
pub struct FrameReader {
    body: std::pin::Pin<Box<dyn futures::Stream<Item = reqwest::Result<bytes::Bytes>> + Send>>,
    decoder: colloquy_wire::FrameDecoder,
    pub frames: Vec<Value>,
}

impl FrameReader {
    pub fn new(response: reqwest::Response) -> Self {
        assert_eq!(response.status(), 200);
        Self { body: Box::pin(response.bytes_stream()), decoder: Default::default(), frames: Vec::new() }
    }

    /// Reads until `enough` says so, or the stream ends (or breaks).
    pub async fn until(&mut self, enough: impl Fn(&[Value]) -> bool) {
        while !enough(&self.frames) {
            let Some(Ok(chunk)) = self.body.next().await else { return };
            for frame in self.decoder.push(std::str::from_utf8(&chunk).unwrap()) {
                self.frames.push(serde_json::to_value(frame.unwrap()).unwrap());
            }
        }
    }

    /// Reads to the end.
    pub async fn read_rest(&mut self) {
        self.until(|_| false).await
    }

    pub fn last_type(&self) -> &Value {
        &self.frames.last().expect("a frame")["type"]
    }
}

/// The reply text of a list of frames.
pub fn reply_text(frames: &[Value]) -> String {
    frames.iter().filter(|f| f["type"] == "delta").map(|f| f["text"].as_str().unwrap()).collect()
}

/// The databases to run a test against: a SQLite file in `dir`, and a
/// fresh PostgreSQL database named after the test at
/// `COLLOQUY_TEST_POSTGRES_URL` (the test command starts one; see
/// scripts/postgres.sh). Without that variable the PostgreSQL run fails,
/// unless `COLLOQUY_SKIP_POSTGRES=1` says to skip it.
pub async fn database_urls(dir: &std::path::Path, name: &str) -> Vec<String> {
    let mut urls = vec![format!("sqlite:{}/colloquy.db", dir.display())];
    match std::env::var("COLLOQUY_TEST_POSTGRES_URL") {
        Ok(url) => {
            use sqlx::Connection;
            let mut admin = sqlx::PgConnection::connect(&url).await.expect("PostgreSQL reachable");
            let db = format!("colloquy_server_{name}");
            sqlx::query(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)")).execute(&mut admin).await.unwrap();
            sqlx::query(&format!("CREATE DATABASE {db}")).execute(&mut admin).await.unwrap();
            let (base, _) = url.rsplit_once('/').expect("a URL with a database name");
            urls.push(format!("{base}/{db}"));
        }
        Err(_) if std::env::var("COLLOQUY_SKIP_POSTGRES").as_deref() == Ok("1") => {
            eprintln!("PostgreSQL run skipped (COLLOQUY_SKIP_POSTGRES=1)")
        }
        Err(_) => panic!("set COLLOQUY_TEST_POSTGRES_URL (scripts/postgres.sh starts one) or COLLOQUY_SKIP_POSTGRES=1"),
    }
    urls
}

/// A server on a free port with no embedded model and one model, `gpt`,
/// on `upstream`'s OpenAI-compatible stand-in; data in `database` and a
/// temporary folder.
pub fn config(upstream: &colloquy_test_upstream::TestUpstream, database: &str) -> colloquy_config::Config {
    use colloquy_config::{Config, ModelEntry, ProviderConfig};

    site_root();
    let mut config = Config::default();
    config.server.listen = "127.0.0.1:0".parse().unwrap();
    config.server.reattach_grace_secs = 2.0;
    config.model.enabled = false;
    // Every test client comes from 127.0.0.1: one address holding many
    // places in a line is what several tests do on purpose. The bound on
    // places per user and address has its own test (attacks.rs).
    config.limits.queue_places_per_user = 10_000;
    config.limits.queue_places_per_address = 10_000;
    let provider: ProviderConfig =
        toml::from_str(&format!("kind = \"openai\"\nbase_url = \"{}/v1\"\n", upstream.url())).unwrap();
    config.providers.insert("oa".into(), provider);
    config.models.push(ModelEntry {
        id: "gpt".into(),
        provider: "oa".into(),
        model: None,
        label: None,
        fallback: None,
        accepts: vec![],
        queue: Default::default(),
    });
    let data = tempfile::tempdir().unwrap().keep();
    config.uploads.dir = data.join("uploads");
    config.storage.url = database.into();
    config
}

/// A config file for the real binary (`CARGO_BIN_EXE_colloquy`) in `dir`:
/// a free port, no embedded model, one model `gpt` on `upstream`, SQLite in
/// `dir`; `server` adds lines to `[server]`, `extra` more tables. Returns
/// the file, the port and the database URL.
pub fn binary_config(
    upstream: &colloquy_test_upstream::TestUpstream,
    dir: &std::path::Path,
    server: &str,
    extra: &str,
) -> (std::path::PathBuf, u16, String) {
    site_root();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let db = format!("sqlite:{}", dir.join("colloquy.db").display());
    let path = dir.join("colloquy.toml");
    let url = upstream.url();
    std::fs::write(
        &path,
        format!(
            "[server]\nlisten = \"127.0.0.1:{port}\"\n{server}[model]\nenabled = false\n[storage]\nurl = \"{db}\"\n\
             [providers.oa]\nkind = \"openai\"\nbase_url = \"{url}/v1\"\n[[models]]\nid = \"gpt\"\nprovider = \"oa\"\n{extra}"
        ),
    )
    .unwrap();
    (path, port, db)
}

pub const SECRET: &str = "the-secret-beside-the-site-root";

/// A client file in the test site root whose name carries its hash.
pub const HASHED_WASM: &str = "colloquy.Ab3dEfGhIjKlMnOpQrStUv.wasm";

/// A site root with one file, a secret beside it and a symlink pointing out
/// to it; every server in this
/// program serves from there (the attacks read through it). Called by each
/// of the configurations below before a server is built: the variable is
/// set before any server reads it.
pub fn site_root() -> &'static PathBuf {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap().keep();
        let site = dir.join("site");
        std::fs::create_dir_all(site.join("pkg")).unwrap();
        std::fs::write(site.join("pkg/app.js"), "console.log('app')").unwrap();
        // A file named by its content, with the precompressed copies
        // `cargo leptos build --precompress` writes beside it.
        std::fs::write(site.join(format!("pkg/{HASHED_WASM}")), "plain bytes").unwrap();
        std::fs::write(site.join(format!("pkg/{HASHED_WASM}.br")), "brotli bytes").unwrap();
        std::fs::write(site.join(format!("pkg/{HASHED_WASM}.gz")), "gzip bytes").unwrap();
        std::fs::write(dir.join("secret.txt"), SECRET).unwrap();
        std::os::unix::fs::symlink(dir.join("secret.txt"), site.join("pkg/link.txt")).unwrap();
        // The widget's folder (`widget.dir`), beside the site root.
        std::fs::create_dir_all(dir.join("widget")).unwrap();
        std::fs::write(dir.join("widget/colloquy-chat.js"), "customElements.define").unwrap();
        std::os::unix::fs::symlink(dir.join("secret.txt"), dir.join("widget/link.txt")).unwrap();
        // Read by leptos' configuration when each server is built; the same
        // value for every test in this program.
        std::env::set_var("LEPTOS_SITE_ROOT", &site);
        site
    })
}
