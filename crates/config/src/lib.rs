//! One typed configuration, read in three layers: `colloquy.toml`, then
//! `COLLOQUY_*` environment variables, then command-line flags. It is
//! validated once at start-up; every error says which setting is wrong and
//! how to fix it.

mod appearance;
mod auth;
mod bots;
mod inputs;
mod limits;
mod models;
mod operations;
pub mod reference;
mod uploads;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use clap::Parser;
use colloquy_core::SamplingParams;
use serde::{Deserialize, Serialize};

pub use appearance::{Avatars, Example, ExampleAction, Layout};
pub use auth::{AuthConfig, AuthMode};
pub use bots::{
    load_bots, write_bot, BotFile, BotName, BotsConfig, LoadedBot, PlaygroundAccess, PlaygroundConfig, SamplingCaps,
    MAX_BOTS, MAX_BOT_FILE_BYTES, MAX_BOT_NAME,
};
pub use inputs::{
    resolve as resolve_inputs, CheckboxInput, Control, DropdownInput, InputControl, InputError, InputSpec, NumberInput,
    PromptInput, RangeInput, TextInput, TurnOptions,
};
pub use limits::{BudgetConfig, LimitsConfig, QueueConfig};
pub use models::{ModelEntry, ProviderConfig, ProviderKind};
pub use operations::{LogFormat, LoggingConfig, MetricsConfig, ReplicasConfig};
pub use uploads::UploadsConfig;

/// The whole configuration.
#[derive(Default, Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub server: ServerConfig,
    pub model: ModelConfig,
    pub chat: ChatConfig,
    pub sampling: SamplingParams,
    /// Model servers reached over HTTP, by a name of your choice.
    pub providers: BTreeMap<String, ProviderConfig>,
    /// Models on those servers, offered in the page's model picker.
    pub models: Vec<ModelEntry>,
    pub markdown: MarkdownConfig,
    /// Additional inputs shown in the page's settings panel.
    pub inputs: Vec<InputSpec>,
    pub uploads: UploadsConfig,
    pub storage: StorageConfig,
    pub auth: AuthConfig,
    pub limits: LimitsConfig,
    /// The embeddable chat widget (`<colloquy-chat>`).
    pub widget: WidgetConfig,
    /// The app's other bots, each at `/bots/NAME`.
    pub bots: BotsConfig,
    /// `/playground`: draft, try and save a bot.
    pub playground: PlaygroundConfig,
    /// Prometheus metrics at `/metrics`.
    pub metrics: MetricsConfig,
    /// The log's format, and whether message text may appear in it.
    pub logging: LoggingConfig,
    /// What several servers behind a load balancer share.
    pub replicas: ReplicasConfig,
    /// A bot written in Rust (set by `colloquy::Bot`, never by the file).
    #[serde(skip)]
    pub handler: Option<HandlerConfig>,
}

/// A bot whose replies come from Rust code. The page offers it alone; the
/// models configured under `[model]` and `[[models]]` are the ones it may
/// call, `chat.default_model` the one it calls first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandlerConfig {
    /// Its id in URLs, logs and the API's model list.
    pub id: String,
    /// Attachments it reads besides text.
    pub accepts: Vec<colloquy_core::MediaKind>,
    /// How many replies it writes at once, how many may wait.
    pub queue: QueueConfig,
}

impl HandlerConfig {
    pub fn new(id: impl Into<String>) -> Self {
        Self { id: id.into(), accepts: Vec::new(), queue: QueueConfig { concurrency: 16, max_waiting: 64 } }
    }
}

/// The embeddable widget: one script tag and a `<colloquy-chat>` element
/// put the chat on another site's page, talking to this server through the
/// OpenAI-compatible API.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct WidgetConfig {
    /// Origins (`https://example.com`) whose pages may embed the widget:
    /// they may load its files and call `/v1/` from the browser (CORS,
    /// without cookies). Empty (the default): none. With `auth.mode =
    /// "open"` their visitors chat without a key, each address within the
    /// page's chat budgets; otherwise the element must carry an API key.
    pub hosts: Vec<String>,
    /// The built widget (`trunk build` writes it here), served at
    /// `/widget/`. Apart from the site folder, which each `cargo leptos`
    /// build empties.
    pub dir: PathBuf,
}

impl Default for WidgetConfig {
    fn default() -> Self {
        Self { hosts: Vec::new(), dir: PathBuf::from("target/widget") }
    }
}

/// How messages are rendered.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct MarkdownConfig {
    /// `$…$` and `$$…$$` are math.
    pub math_dollars: bool,
    /// `\(…\)` and `\[…\]` are math.
    pub math_brackets: bool,
    /// A single line break is a break (chat style), not a space (CommonMark).
    pub line_breaks: bool,
    /// Allow base64 `data:` images (PNG, JPEG, GIF, WebP) in replies.
    pub data_images: bool,
    /// Hosts (such as `images.example.com`) whose `https:` images replies
    /// may show. Empty: none. Any other image URL loads nothing (a
    /// prompt-injected reply could put the conversation in its URL); the
    /// page's Content-Security-Policy `img-src` lists the same hosts.
    pub image_hosts: Vec<String>,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        Self {
            math_dollars: true,
            math_brackets: true,
            line_breaks: false,
            data_images: false,
            image_hosts: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ServerConfig {
    /// Address and port to listen on.
    pub listen: SocketAddr,
    /// How long a reply keeps going after its browser disconnects, waiting
    /// for it to reattach; after that the model's request is dropped.
    pub reattach_grace_secs: f64,
    /// Reverse proxies in front of the app (addresses or networks such as
    /// `127.0.0.1` or `10.0.0.0/8`): only from these are `X-Forwarded-For`
    /// and `auth.proxy_header` believed.
    pub trusted_proxies: Vec<String>,
    /// Who may show the app in a frame (CSP `frame-ancestors`): origins
    /// such as `https://example.com`, or `'self'` / `'none'`. Empty: only
    /// this app itself.
    pub frame_ancestors: Vec<String>,
    /// Send `Strict-Transport-Security` with this max-age (seconds). Only
    /// for an app reached over HTTPS.
    pub hsts_max_age_secs: Option<u64>,
    /// Other sites' origins (`https://example.com`) whose pages may call
    /// this app's API from the browser, with cookies (CORS), and post to it.
    /// Empty (the default): none; requests that change something are taken
    /// only from the app's own pages. Never `*` or `null`. Behind a proxy
    /// that changes the `Host` header, list the public origin here.
    pub cors_origins: Vec<String>,
    /// How long a client has to send a request's headers (from its first
    /// byte). A slowloris client, trickling a header a minute to hold a
    /// connection open, is cut off after this.
    pub header_timeout_secs: f64,
    /// On SIGTERM (or Ctrl-C) the server stops taking connections and lets
    /// the replies in flight finish for up to this long (seconds); those
    /// still running are then ended, saved as interrupted with what they
    /// had, and the process exits. Keep it under the orchestrator's own
    /// grace (Kubernetes: 30 s by default).
    pub shutdown_grace_secs: f64,
}

/// Where conversations are stored.
#[derive(Clone, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct StorageConfig {
    /// `sqlite:PATH` (embedded, the default) or `postgres://USER:PASSWORD@HOST/DB`
    /// (several server replicas sharing one database).
    pub url: String,
}

impl Default for StorageConfig {
    fn default() -> Self {
        Self { url: "sqlite:data/colloquy.db".into() }
    }
}

// The URL may hold a password: never printed whole.
impl std::fmt::Debug for StorageConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StorageConfig").field("url", &self.scheme()).finish()
    }
}

impl StorageConfig {
    /// The URL's scheme, safe to show: `sqlite`, `postgres`, or what was given.
    pub fn scheme(&self) -> &str {
        self.url.split(':').next().unwrap_or("")
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ModelConfig {
    /// Offer the embedded model. Off, only `[[models]]` are offered and no
    /// model file is needed.
    pub enabled: bool,
    /// Name shown in the page and in logs.
    pub id: String,
    /// What the model picker shows; `id` when not set.
    pub label: Option<String>,
    /// A GGUF file. Relative paths are relative to the working directory.
    pub path: PathBuf,
    /// CPU threads for generating tokens; 0 means one per core. One is
    /// fastest for small models (see docs/PERFORMANCE.md).
    pub threads: u32,
    /// CPU threads for processing prompts; 0 means one per core.
    pub prompt_threads: u32,
    /// Context window (prompt plus reply), in tokens.
    pub context_tokens: u32,
    /// Load the model at start-up (true) or on the first message (false).
    pub preload: bool,
    /// Its line: the engine generates one reply at a time on this
    /// machine's cores, so more at once would only share the same cores.
    pub queue: QueueConfig,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ChatConfig {
    /// The page's heading and the browser tab's title.
    pub title: String,
    /// The model a new conversation starts with: an id from `[model]` or
    /// `[[models]]`. Default: the embedded model, else the first of `[[models]]`.
    pub default_model: Option<String>,
    /// The line under the title.
    pub description: String,
    /// What the model is told before every conversation; `{name}` is an
    /// additional input's value. Empty: none.
    pub system_prompt: Option<String>,
    /// Prompts offered on an empty chat: text, or `{ text, label, icon }`.
    pub examples: Vec<Example>,
    /// What clicking an example does: `send` it, or `fill` the input box.
    pub example_action: ExampleAction,
    /// The line above the examples on an empty chat.
    pub placeholder: String,
    pub layout: Layout,
    /// The accent colour (buttons, links, focus rings), e.g. `#2563eb`.
    pub theme_color: Option<String>,
    pub avatars: Avatars,
    /// Largest message a user may send, in bytes.
    pub max_message_bytes: usize,
    /// Largest whole conversation sent with a turn, in bytes.
    pub max_history_bytes: usize,
    /// How a new conversation gets its title.
    pub auto_title: TitleMode,
}

/// How a new conversation is titled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TitleMode {
    /// The first words of the first message, at once.
    #[default]
    FirstWords,
    /// The first words at once, then a short title written by the
    /// conversation's model once its first reply is complete (unless the
    /// person renamed it meanwhile).
    Model,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 3000)),
            reattach_grace_secs: 10.0,
            trusted_proxies: Vec::new(),
            frame_ancestors: Vec::new(),
            hsts_max_age_secs: None,
            cors_origins: Vec::new(),
            header_timeout_secs: 10.0,
            shutdown_grace_secs: 25.0,
        }
    }
}

impl Default for ModelConfig {
    fn default() -> Self {
        Self {
            enabled: true,
            id: "smollm2-135m-instruct".into(),
            label: None,
            path: PathBuf::from("models/SmolLM2-135M-Instruct.Q4_1.gguf"),
            threads: 1,
            prompt_threads: 0,
            context_tokens: 4096,
            preload: true,
            queue: QueueConfig { concurrency: 1, max_waiting: 32 },
        }
    }
}

impl Default for ChatConfig {
    fn default() -> Self {
        Self {
            title: "Colloquy".into(),
            default_model: None,
            description: "Chat with a small language model running right here on this server.".into(),
            system_prompt: Some("You are a helpful, concise assistant.".into()),
            examples: vec![
                "What is the capital of France?".into(),
                "Write a haiku about the sea.".into(),
                "Explain what a hash map is in two sentences.".into(),
            ],
            example_action: ExampleAction::Send,
            placeholder: "Ask anything, or start with an example:".into(),
            layout: Layout::Bubble,
            theme_color: None,
            avatars: Avatars::default(),
            max_message_bytes: 16 * 1024,
            max_history_bytes: 256 * 1024,
            auto_title: TitleMode::FirstWords,
        }
    }
}

/// A TOML error as one line: where in `text` (`line N: `) and what.
pub(crate) fn toml_error(text: &str, e: &toml::de::Error) -> String {
    let line = e
        .span()
        .map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1)
        .map(|line| format!("line {line}: "))
        .unwrap_or_default();
    format!("{line}{}", e.message().trim())
}

/// A DNS host name: dot-separated labels of letters, digits and `-`.
fn is_host_name(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 253
        && host.split('.').all(|label| {
            (1..=63).contains(&label.len())
                && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}

/// Command-line flags; each also reads a `COLLOQUY_*` environment variable.
/// Flags win over the environment, which wins over the file.
#[derive(Debug, Default, Parser)]
#[command(name = "colloquy", version, about = "A chat web app on a local or remote language model")]
pub struct Cli {
    /// Configuration file; missing is fine unless named explicitly.
    #[arg(long, short = 'c', env = "COLLOQUY_CONFIG")]
    pub config: Option<PathBuf>,
    /// Address to listen on, e.g. 127.0.0.1:3000.
    #[arg(long, env = "COLLOQUY_LISTEN")]
    pub listen: Option<String>,
    /// GGUF model file.
    #[arg(long, env = "COLLOQUY_MODEL_PATH")]
    pub model_path: Option<PathBuf>,
    /// Threads for generating tokens (0 = one per core).
    #[arg(long, env = "COLLOQUY_MODEL_THREADS")]
    pub threads: Option<u32>,
    /// Threads for processing prompts (0 = one per core).
    #[arg(long, env = "COLLOQUY_PROMPT_THREADS")]
    pub prompt_threads: Option<u32>,
    /// Load the model on the first message instead of at start-up.
    #[arg(long, env = "COLLOQUY_LAZY_MODEL")]
    pub lazy_model: bool,
    #[arg(long, env = "COLLOQUY_SYSTEM_PROMPT")]
    pub system_prompt: Option<String>,
    #[arg(long, env = "COLLOQUY_TITLE")]
    pub title: Option<String>,
    #[arg(long, env = "COLLOQUY_DESCRIPTION")]
    pub description: Option<String>,
    #[arg(long, env = "COLLOQUY_TEMPERATURE")]
    pub temperature: Option<f32>,
    #[arg(long, env = "COLLOQUY_TOP_P")]
    pub top_p: Option<f32>,
    #[arg(long, env = "COLLOQUY_MAX_NEW_TOKENS")]
    pub max_new_tokens: Option<u32>,
    #[arg(long, env = "COLLOQUY_SEED")]
    pub seed: Option<u32>,
    #[arg(long, env = "COLLOQUY_MAX_MESSAGE_BYTES")]
    pub max_message_bytes: Option<usize>,
    /// The model new conversations start with (an id from the config).
    #[arg(long, env = "COLLOQUY_DEFAULT_MODEL")]
    pub default_model: Option<String>,
    /// Where conversations are stored: sqlite:PATH or postgres://…
    #[arg(long, env = "COLLOQUY_DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,
    /// Redis shared by several replicas: redis://HOST:PORT/DB
    #[arg(long, env = "COLLOQUY_REDIS_URL", hide_env_values = true)]
    pub redis_url: Option<String>,
    /// Without a command, the server runs.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// What `colloquy` does besides serving.
#[derive(Debug, Clone, PartialEq, Eq, clap::Subcommand)]
pub enum Command {
    /// Accounts (for `auth.mode = "password"`), in the configured database.
    #[command(subcommand)]
    User(UserCommand),
}

#[derive(Debug, Clone, PartialEq, Eq, clap::Subcommand)]
pub enum UserCommand {
    /// Creates an account. The password is read from standard input (one
    /// line; asked for without echo on a terminal).
    Add {
        /// The account may open /admin (the user list, the feedback dataset).
        #[arg(long)]
        admin: bool,
        /// 1 to 64 letters, digits and . _ @ + - (kept lowercase).
        name: String,
    },
    /// Lists the accounts.
    List,
}

/// Why the configuration cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("config file {path} is invalid: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("{setting} = {value:?} is not valid: {why}")]
    Invalid { setting: String, value: String, why: String },
}

/// The file read when none is named.
pub const DEFAULT_CONFIG_FILE: &str = "colloquy.toml";

impl Config {
    /// Reads the file (if any), applies the environment and flags in `cli`,
    /// and validates the result.
    pub fn load(cli: &Cli) -> Result<Self, ConfigError> {
        let mut config = match &cli.config {
            Some(path) => Self::from_file(path)?,
            None if Path::new(DEFAULT_CONFIG_FILE).exists() => Self::from_file(Path::new(DEFAULT_CONFIG_FILE))?,
            None => Self::default(),
        };
        config.apply(cli)?;
        config.validate()?;
        Ok(config)
    }

    pub fn from_file(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read { path: path.into(), source })?;
        Self::from_toml(&text).map_err(|message| ConfigError::Parse { path: path.into(), message })
    }

    /// Parses TOML; the error is one line naming the place and the problem.
    pub fn from_toml(text: &str) -> Result<Self, String> {
        toml::from_str(text).map_err(|e| toml_error(text, &e))
    }

    /// Sets what the environment and flags in `cli` name (all but
    /// `--config`), over what is already set.
    pub fn apply(&mut self, cli: &Cli) -> Result<(), ConfigError> {
        if let Some(listen) = &cli.listen {
            self.server.listen = listen.parse().map_err(|e: std::net::AddrParseError| ConfigError::Invalid {
                setting: "server.listen".into(),
                value: listen.clone(),
                why: format!("{e}; use HOST:PORT such as 127.0.0.1:3000"),
            })?;
        }
        if let Some(path) = &cli.model_path {
            self.model.path = path.clone();
        }
        if let Some(threads) = cli.threads {
            self.model.threads = threads;
        }
        if let Some(threads) = cli.prompt_threads {
            self.model.prompt_threads = threads;
        }
        if cli.lazy_model {
            self.model.preload = false;
        }
        if let Some(prompt) = &cli.system_prompt {
            self.chat.system_prompt = Some(prompt.clone()).filter(|p| !p.is_empty());
        }
        if let Some(title) = &cli.title {
            self.chat.title = title.clone();
        }
        if let Some(description) = &cli.description {
            self.chat.description = description.clone();
        }
        if let Some(t) = cli.temperature {
            self.sampling.temperature = t;
        }
        if let Some(p) = cli.top_p {
            self.sampling.top_p = p;
        }
        if let Some(n) = cli.max_new_tokens {
            self.sampling.max_new_tokens = n;
        }
        if let Some(seed) = cli.seed {
            self.sampling.seed = Some(seed);
        }
        if let Some(limit) = cli.max_message_bytes {
            self.chat.max_message_bytes = limit;
        }
        if let Some(model) = &cli.default_model {
            self.chat.default_model = Some(model.clone());
        }
        if let Some(url) = &cli.database_url {
            self.storage.url = url.clone();
        }
        if let Some(url) = &cli.redis_url {
            self.replicas.redis_url = url.clone();
        }
        Ok(())
    }

    pub fn validate(&self) -> Result<(), ConfigError> {
        self.sampling.validate().map_err(|e| ConfigError::Invalid {
            setting: "sampling".into(),
            value: format!("{:?}", self.sampling),
            why: e.to_string(),
        })?;
        let invalid = |setting: &str, value: String, why: &str| {
            Err(ConfigError::Invalid { setting: setting.into(), value, why: why.into() })
        };
        if !(128..=131_072).contains(&self.model.context_tokens) {
            return invalid("model.context_tokens", self.model.context_tokens.to_string(), "use 128 to 131072");
        }
        if self.model.threads > 256 {
            return invalid("model.threads", self.model.threads.to_string(), "use 0 (one per core) to 256");
        }
        if self.model.prompt_threads > 256 {
            return invalid(
                "model.prompt_threads",
                self.model.prompt_threads.to_string(),
                "use 0 (one per core) to 256",
            );
        }
        self.model.queue.validate("model.queue")?;
        for host in &self.markdown.image_hosts {
            if !is_host_name(host) {
                return invalid(
                    "markdown.image_hosts",
                    host.clone(),
                    "use host names such as images.example.com (no scheme, port, path or wildcard)",
                );
            }
        }
        self.limits.validate()?;
        if !(1..=1024 * 1024).contains(&self.chat.max_message_bytes) {
            return invalid("chat.max_message_bytes", self.chat.max_message_bytes.to_string(), "use 1 to 1048576");
        }
        if self.chat.max_history_bytes < self.chat.max_message_bytes {
            return invalid(
                "chat.max_history_bytes",
                self.chat.max_history_bytes.to_string(),
                "must be at least chat.max_message_bytes",
            );
        }
        if self.chat.title.trim().is_empty() {
            return invalid("chat.title", self.chat.title.clone(), "give the chat a title");
        }
        if self.chat.examples.len() > 20 {
            return invalid("chat.examples", format!("{} examples", self.chat.examples.len()), "use at most 20");
        }
        for (i, example) in self.chat.examples.iter().enumerate() {
            appearance::validate_example(&format!("chat.examples[{i}]"), example)?;
        }
        if let Some(color) = &self.chat.theme_color {
            appearance::validate_color("chat.theme_color", color)?;
        }
        if let Some(avatar) = &self.chat.avatars.user {
            appearance::validate_avatar("chat.avatars.user", avatar)?;
        }
        if let Some(avatar) = &self.chat.avatars.assistant {
            appearance::validate_avatar("chat.avatars.assistant", avatar)?;
        }
        let grace = self.server.reattach_grace_secs;
        if !(grace.is_finite() && (0.0..=3600.0).contains(&grace)) {
            return invalid("server.reattach_grace_secs", grace.to_string(), "use 0 to 3600 seconds");
        }
        let headers = self.server.header_timeout_secs;
        if !(headers.is_finite() && (0.1..=300.0).contains(&headers)) {
            return invalid("server.header_timeout_secs", headers.to_string(), "use 0.1 to 300 seconds");
        }
        let watch = self.bots.watch_secs;
        if !(watch.is_finite() && (watch == 0.0 || (0.1..=3600.0).contains(&watch))) {
            return invalid("bots.watch_secs", watch.to_string(), "use 0 (off) or 0.1 to 3600 seconds");
        }
        let grace = self.server.shutdown_grace_secs;
        if !(grace.is_finite() && (0.0..=3600.0).contains(&grace)) {
            return invalid("server.shutdown_grace_secs", grace.to_string(), "use 0 to 3600 seconds");
        }
        if self.inputs.len() > 30 {
            return invalid("inputs", format!("{} inputs", self.inputs.len()), "use at most 30");
        }
        for (i, input) in self.inputs.iter().enumerate() {
            let at = format!("inputs[{i}]");
            input.validate(&at)?;
            let name = input.control(None, &self.sampling).name;
            if self.inputs[..i].iter().any(|earlier| earlier.control(None, &self.sampling).name == name) {
                return invalid(&at, name, "another input has this name (or kind); each may appear once");
            }
        }
        self.uploads.validate()?;
        self.auth.validate()?;
        self.metrics.validate()?;
        self.replicas.validate()?;
        for entry in &self.server.trusted_proxies {
            if colloquy_auth::client::TrustedProxies::parse(std::slice::from_ref(entry)).is_err() {
                return invalid(
                    "server.trusted_proxies",
                    entry.clone(),
                    "use an address (10.0.0.1) or a network (10.0.0.0/8)",
                );
            }
        }
        for entry in &self.server.frame_ancestors {
            if !is_frame_ancestor(entry) {
                return invalid(
                    "server.frame_ancestors",
                    entry.clone(),
                    "use an origin such as https://example.com (or 'self' / 'none')",
                );
            }
        }
        for (setting, origins) in
            [("server.cors_origins", &self.server.cors_origins), ("widget.hosts", &self.widget.hosts)]
        {
            if let Some(entry) = origins.iter().find(|entry| !is_origin(entry)) {
                return invalid(
                    setting,
                    entry.clone(),
                    "use an origin such as https://example.com: a scheme and a host, an optional port, no path; never * or null",
                );
            }
        }
        if self.auth.mode == AuthMode::Proxy && self.server.trusted_proxies.is_empty() {
            return invalid(
                "server.trusted_proxies",
                "[]".into(),
                "auth.mode = \"proxy\" needs the proxy's address here, or anyone could name themselves",
            );
        }
        if !matches!(self.storage.scheme(), "sqlite" | "postgres" | "postgresql") {
            return invalid(
                "storage.url",
                format!("{}:…", self.storage.scheme()),
                "use sqlite:PATH (embedded) or postgres://USER:PASSWORD@HOST/DATABASE",
            );
        }
        self.validate_models()
    }

    fn validate_models(&self) -> Result<(), ConfigError> {
        for (name, provider) in &self.providers {
            models::validate_model_id("providers", name)?;
            provider.validate(name)?;
        }
        if let Some(handler) = &self.handler {
            models::validate_model_id("handler id", &handler.id)?;
            handler.queue.validate("handler queue")?;
        }
        let mut ids = Vec::new();
        if self.model.enabled {
            models::validate_model_id("model.id", &self.model.id)?;
            ids.push(self.model.id.as_str());
        }
        for (i, entry) in self.models.iter().enumerate() {
            let at = |field: &str| format!("models[{i}].{field}");
            models::validate_model_id(&at("id"), &entry.id)?;
            if ids.contains(&entry.id.as_str()) {
                return Err(models::invalid(&at("id"), &entry.id, "another model has this id; ids must be unique"));
            }
            ids.push(&entry.id);
            entry.queue.validate(&at("queue"))?;
            if !self.providers.contains_key(&entry.provider) {
                return Err(models::invalid(
                    &at("provider"),
                    &entry.provider,
                    "no [providers.NAME] section has this name",
                ));
            }
            if entry.upstream_model().trim().is_empty() || entry.upstream_model().chars().any(char::is_control) {
                return Err(models::invalid(
                    &at("model"),
                    entry.upstream_model(),
                    "give the provider's name for the model",
                ));
            }
        }
        for (i, entry) in self.models.iter().enumerate() {
            if let Some(fallback) = &entry.fallback {
                if fallback == &entry.id || !ids.contains(&fallback.as_str()) {
                    return Err(models::invalid(
                        &format!("models[{i}].fallback"),
                        fallback,
                        "name another configured model's id",
                    ));
                }
            }
        }
        if let Some(handler) = &self.handler {
            if ids.contains(&handler.id.as_str()) {
                return Err(models::invalid("handler id", &handler.id, "a configured model has this id; pick another"));
            }
        }
        if ids.is_empty() && self.handler.is_none() {
            return Err(models::invalid(
                "model.enabled",
                "false",
                "with the embedded model off, configure at least one [[models]] entry",
            ));
        }
        if let Some(default) = &self.chat.default_model {
            if !ids.contains(&default.as_str()) {
                return Err(models::invalid(
                    "chat.default_model",
                    default,
                    &format!("not a configured model; use one of: {}", ids.join(", ")),
                ));
            }
        }
        Ok(())
    }

    /// The model new conversations start with (a Rust handler, when
    /// there is one).
    pub fn default_model_id(&self) -> &str {
        match &self.handler {
            Some(handler) => &handler.id,
            None => self.configured_default_model().unwrap_or(self.model.id.as_str()),
        }
    }

    /// `chat.default_model`, else the embedded model, else the first of
    /// `[[models]]`; `None` when no model is configured (a handler's bot
    /// may have none).
    pub fn configured_default_model(&self) -> Option<&str> {
        match &self.chat.default_model {
            Some(id) => Some(id),
            None if self.model.enabled => Some(&self.model.id),
            None => self.models.first().map(|m| m.id.as_str()),
        }
    }

    /// Threads for generating tokens, with 0 resolved to the number of cores.
    pub fn generation_threads(&self) -> u32 {
        resolve_threads(self.model.threads)
    }

    /// Threads for processing prompts, with 0 resolved to the number of cores.
    pub fn prompt_threads(&self) -> u32 {
        resolve_threads(self.model.prompt_threads)
    }
}

fn resolve_threads(configured: u32) -> u32 {
    if configured > 0 {
        return configured;
    }
    std::thread::available_parallelism().map(|n| n.get() as u32).unwrap_or(1)
}

/// A CSP source a frame ancestor may be: `'self'`, `'none'`, or an http(s)
/// origin (host, optional port; no path, no spaces or separators that
/// would end the directive).
fn is_frame_ancestor(entry: &str) -> bool {
    if entry == "'self'" || entry == "'none'" {
        return true;
    }
    let Some(rest) = entry.strip_prefix("https://").or_else(|| entry.strip_prefix("http://")) else {
        return false;
    };
    !rest.is_empty()
        && rest.len() <= 253
        && rest.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'*'))
}

/// An exact http(s) origin, as browsers send it in `Origin`: lowercase
/// scheme and host, an optional port, nothing else (no wildcard, path, or
/// trailing slash).
fn is_origin(entry: &str) -> bool {
    let Some(rest) = entry.strip_prefix("https://").or_else(|| entry.strip_prefix("http://")) else {
        return false;
    };
    let (host, port) = match rest.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (rest, None),
    };
    is_host_name(host)
        && host.bytes().all(|b| !b.is_ascii_uppercase())
        && port.is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admins_listed_with_sign_up_on_are_refused_and_honoured_only_behind_a_proxy() {
        let mut config = Config::default();
        config.auth.mode = AuthMode::Password;
        config.auth.signup = true;
        config.auth.admins = vec!["root".into()];
        let e = config.validate().unwrap_err().to_string();
        assert!(e.contains("auth.admins") && e.contains("--admin"), "{e}");
        config.auth.signup = false;
        config.validate().expect("without sign-up the list is only ignored");
        assert!(!config.auth.is_admin("root", false), "password mode: the list grants nothing");
        assert!(config.auth.is_admin("root", true), "an account made with --admin is one");
        config.auth.mode = AuthMode::Proxy;
        assert!(config.auth.is_admin("ROOT", false));
    }

    #[test]
    fn cors_origins_are_exact_origins() {
        for good in ["https://example.com", "http://localhost:8080", "https://app.example.org"] {
            assert!(is_origin(good), "{good}");
        }
        for bad in [
            "*",
            "null",
            "https://*.example.com",
            "https://a.com/",
            "https://a.com/path",
            "example.com",
            "https://A.com",
            "https://a.com:",
        ] {
            assert!(!is_origin(bad), "{bad}");
        }
        let config = Config::from_toml("[server]\ncors_origins = [\"null\"]\n").unwrap();
        assert!(config.validate().unwrap_err().to_string().contains("server.cors_origins"));
    }

    #[test]
    fn image_hosts_are_host_names() {
        let config = Config::from_toml("[markdown]\nimage_hosts = [\"images.example.com\"]\n").unwrap();
        config.validate().unwrap();
        for bad in ["https://images.example.com", "*.example.com", "a.com/x", "a.com:443", ""] {
            let config = Config::from_toml(&format!("[markdown]\nimage_hosts = [\"{bad}\"]\n")).unwrap();
            assert!(config.validate().unwrap_err().to_string().contains("markdown.image_hosts"), "{bad}");
        }
    }

    #[test]
    fn widget_hosts_are_exact_origins() {
        let config =
            Config::from_toml("[widget]\nhosts = [\"https://shop.example.com\", \"http://127.0.0.1:8080\"]\n").unwrap();
        config.validate().unwrap();
        for bad in ["*", "null", "https://example.com/page", "shop.example.com"] {
            let config = Config::from_toml(&format!("[widget]\nhosts = [{bad:?}]\n")).unwrap();
            assert!(config.validate().unwrap_err().to_string().contains("widget.hosts"), "{bad}");
        }
    }

    #[test]
    fn frame_ancestors_are_origins_or_keywords() {
        for good in ["'self'", "'none'", "https://example.com", "http://localhost:8080", "https://*.example.org"] {
            assert!(is_frame_ancestor(good), "{good}");
        }
        for bad in
            ["*", "example.com", "https://a.com/path", "https://a.com; script-src *", "https://", "'unsafe-inline'"]
        {
            assert!(!is_frame_ancestor(bad), "{bad}");
        }
        let config = Config::from_toml("[server]\nframe_ancestors = [\"https://a.com; script-src *\"]\n").unwrap();
        assert!(config.validate().unwrap_err().to_string().contains("server.frame_ancestors"));
    }

    #[test]
    fn defaults_are_valid_and_empty_file_gives_defaults() {
        Config::default().validate().unwrap();
        assert_eq!(Config::from_toml("").unwrap(), Config::default());
    }

    #[test]
    fn file_values_override_defaults() {
        let config = Config::from_toml(
            r#"
            [server]
            listen = "0.0.0.0:8080"
            [chat]
            title = "Helpdesk"
            examples = ["Hi"]
            [sampling]
            temperature = 0.0
            seed = 7
            "#,
        )
        .unwrap();
        assert_eq!(config.server.listen.port(), 8080);
        assert_eq!(config.chat.title, "Helpdesk");
        assert_eq!(config.chat.examples, vec![Example::from("Hi")]);
        assert_eq!(config.sampling.seed, Some(7));
        assert!(config.sampling.is_greedy());
        assert_eq!(config.chat.max_message_bytes, 16 * 1024);
    }

    #[test]
    fn parse_errors_name_the_line_and_problem() {
        let err = Config::from_toml("[chat]\ntitle = \"x\"\nmax_message_bytes = \"big\"\n").unwrap_err();
        assert!(err.starts_with("line 3:"), "{err}");
        assert!(err.contains("invalid type"), "{err}");
        let err = Config::from_toml("[chat]\ntitel = \"x\"\n").unwrap_err();
        assert!(err.contains("unknown field `titel`"), "{err}");
        assert!(!err.contains('\n'), "one line: {err}");
    }

    #[test]
    fn flags_override_file_and_are_validated() {
        let cli =
            Cli { listen: Some("127.0.0.1:9999".into()), temperature: Some(0.0), seed: Some(3), ..Default::default() };
        let mut config = Config::default();
        config.apply(&cli).unwrap();
        assert_eq!(config.server.listen.port(), 9999);
        assert_eq!(config.sampling.seed, Some(3));

        let cli = Cli { listen: Some("not an address".into()), ..Default::default() };
        let err = Config::default().apply(&cli).unwrap_err().to_string();
        assert!(err.contains("server.listen") && err.contains("HOST:PORT"), "{err}");

        let cli = Cli { temperature: Some(9.0), ..Default::default() };
        let mut config = Config::default();
        config.apply(&cli).unwrap();
        let err = config.validate().unwrap_err().to_string();
        assert!(err.contains("temperature must be between 0 and 2"), "{err}");
    }

    #[test]
    fn providers_and_models_are_read_and_checked() {
        let config = Config::from_toml(
            r#"
            [chat]
            default_model = "claude"
            [providers.openai]
            kind = "openai"
            base_url = "https://api.openai.com/v1"
            api_key = "sk-test"
            headers = { "OpenAI-Organization" = "org-1" }
            [providers.anthropic]
            kind = "anthropic"
            base_url = "https://api.anthropic.com"
            idle_timeout_secs = 0.5
            [[models]]
            id = "gpt-4o-mini"
            provider = "openai"
            fallback = "smollm2-135m-instruct"
            [[models]]
            id = "claude"
            provider = "anthropic"
            model = "claude-sonnet-4-5"
            "#,
        )
        .unwrap();
        config.validate().unwrap();
        assert_eq!(config.default_model_id(), "claude");
        assert_eq!(config.models[1].upstream_model(), "claude-sonnet-4-5");
        assert_eq!(config.providers["anthropic"].idle_timeout_secs, 0.5);
        assert_eq!(config.providers["anthropic"].max_retries, 2);

        let check = |edit: &dyn Fn(&mut Config)| {
            let mut c = config.clone();
            edit(&mut c);
            c.validate().unwrap_err().to_string()
        };
        let err = check(&|c| c.providers.get_mut("openai").unwrap().base_url = "ftp://x".into());
        assert!(err.contains("providers.openai.base_url") && err.contains("http"), "{err}");
        let err = check(&|c| c.providers.get_mut("openai").unwrap().base_url = "not a url".into());
        assert!(err.contains("providers.openai.base_url"), "{err}");
        let err = check(&|c| c.providers.get_mut("openai").unwrap().base_url = "https://user:pw@host/v1".into());
        assert!(err.contains("credentials") && !err.contains("pw@"), "{err}");
        let err = check(&|c| {
            c.providers.get_mut("openai").unwrap().headers.insert("Bad Header".into(), "x".into());
        });
        assert!(err.contains("header name"), "{err}");
        let err = check(&|c| {
            c.providers.get_mut("openai").unwrap().headers.insert("X-Ok".into(), "line\nbreak".into());
        });
        assert!(err.contains("X-Ok"), "{err}");
        let err = check(&|c| c.models[1].provider = "nobody".into());
        assert!(err.contains("models[1].provider"), "{err}");
        let err = check(&|c| c.models[1].id = "gpt-4o-mini".into());
        assert!(err.contains("unique"), "{err}");
        let err = check(&|c| c.models[0].fallback = Some("gpt-4o-mini".into()));
        assert!(err.contains("models[0].fallback"), "{err}");
        let err = check(&|c| c.chat.default_model = Some("gpt-5".into()));
        assert!(err.contains("chat.default_model") && err.contains("claude"), "{err}");
        let err = check(&|c| {
            c.providers.get_mut("anthropic").unwrap().api_key_env = Some("COLLOQUY_TEST_SURELY_UNSET".into())
        });
        assert!(err.contains("not set"), "{err}");
        let err = check(&|c| c.providers.get_mut("anthropic").unwrap().idle_timeout_secs = 0.0);
        assert!(err.contains("idle_timeout_secs"), "{err}");
        let err = check(&|c| c.models[0].id = "has space".into());
        assert!(err.contains("models[0].id"), "{err}");

        let mut no_models = Config::default();
        no_models.model.enabled = false;
        assert!(no_models.validate().unwrap_err().to_string().contains("[[models]]"));
        let err = Config::from_toml(
            "[providers.x]
kind = \"gemini\"
base_url = \"http://x\"
",
        )
        .unwrap_err();
        assert!(err.contains("gemini"), "{err}");
    }

    #[test]
    fn appearance_is_read_and_checked() {
        let config = Config::from_toml(
            r##"
            [chat]
            layout = "panel"
            theme_color = "#0a7"
            example_action = "fill"
            examples = ["plain", { text = "Long prompt text", label = "Short", icon = "🌊" }]
            avatars = { user = "🧑", assistant = "/bot.png" }
            "##,
        )
        .unwrap();
        config.validate().unwrap();
        assert_eq!(config.chat.layout, Layout::Panel);
        assert_eq!(config.chat.examples[1].label(), Some("Short"));
        assert_eq!(config.chat.examples[1].text(), "Long prompt text");
        assert_eq!(config.chat.example_action, ExampleAction::Fill);
        let check = |edit: &dyn Fn(&mut Config)| {
            let mut c = config.clone();
            edit(&mut c);
            c.validate().unwrap_err().to_string()
        };
        assert!(check(&|c| c.chat.theme_color = Some("red;background:url(x)".into())).contains("hex colour"));
        assert!(check(&|c| c.chat.avatars.user = Some("javascript:alert(1)".into())).contains("chat.avatars.user"));
        assert!(check(&|c| c.chat.avatars.assistant = Some("//evil.example/x.png".into()))
            .contains("chat.avatars.assistant"));
        assert!(check(&|c| c.chat.avatars.assistant = Some("https://x/a\"onerror=\"x".into())).contains("cannot have"));
        assert!(check(&|c| c.chat.examples.push(Example::from("  "))).contains("chat.examples[2]"));
        assert!(Config::from_toml("[chat]\nlayout = \"grid\"\n").unwrap_err().contains("grid"));
    }

    #[test]
    fn limits_are_checked() {
        let mut config = Config::default();
        config.chat.max_message_bytes = 0;
        assert!(config.validate().unwrap_err().to_string().contains("chat.max_message_bytes"));
    }
}
