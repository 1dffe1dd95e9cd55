//! The builder: a [`Config`] and a [`Handler`], built into the real server.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::Parser;
use colloquy_config::{
    Cli, Command, Config, ConfigError, Example, HandlerConfig, InputSpec, McpServerConfig, ModelEntry, ProviderConfig,
    ProviderKind,
};
use colloquy_core::{Handler, MediaKind};
use server::{Application, StartError};

/// A bot: what the page shows, what it may call, and the code that answers.
///
/// Everything here is a setting of [`Config`] (the `colloquy.toml` file),
/// so anything the builder has no method for is reachable through
/// [`Bot::configure`].
pub struct Bot {
    config: Config,
    handler: Option<Arc<dyn Handler>>,
}

impl Bot {
    /// A bot titled `title`, answering with its [`Bot::handler`]. It calls no
    /// model unless given one ([`Bot::embedded_model`], or `[[models]]`
    /// through [`Bot::configure`]), and keeps its conversations in
    /// `data/<slug of title>.db` (SQLite), apart from other bots'.
    pub fn new(title: impl Into<String>) -> Self {
        let mut config = Config::default();
        config.chat.title = title.into();
        config.model.enabled = false;
        // The stock examples are the stock app's; a bot names its own.
        config.chat.examples.clear();
        config.storage.url = format!("sqlite:data/{}.db", slug(&config.chat.title));
        Bot { config, handler: None }
    }

    /// The tools of an MCP server (`[mcp.servers.NAME]`): offered to the
    /// configured models, and to a handler as [`crate::Turn::tools`].
    pub fn mcp_server(mut self, name: impl Into<String>, server: McpServerConfig) -> Self {
        self.config.mcp.servers.insert(name.into(), server);
        self
    }

    /// A bot described wholly by a configuration: with no handler, its
    /// configured models answer, exactly as `colloquy --config FILE` would.
    pub fn from_config(config: Config) -> Self {
        Bot { config, handler: None }
    }

    /// As [`Bot::from_config`], reading a `colloquy.toml`-style file.
    pub fn from_config_file(path: impl AsRef<Path>) -> Result<Self, ConfigError> {
        Config::from_file(path.as_ref()).map(Self::from_config)
    }

    /// The code that answers every turn. The page then offers this bot
    /// alone; the configured models are the ones it may call
    /// ([`colloquy_core::Turn::models`]).
    pub fn handler(mut self, handler: impl Handler) -> Self {
        self.handler = Some(Arc::new(handler));
        self.handler_config();
        self
    }

    /// The bot's id in URLs, logs and the API's model list (by default the
    /// title's slug).
    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.handler_config().id = id.into();
        self
    }

    /// Attachments besides text the handler reads (images, audio); the
    /// page's upload button offers them.
    pub fn accepts(mut self, kind: MediaKind) -> Self {
        let accepts = &mut self.handler_config().accepts;
        if !accepts.contains(&kind) {
            accepts.push(kind);
        }
        self
    }

    /// How many replies the handler writes at once, and how many more may
    /// wait in line (the page shows their place) before "busy".
    pub fn concurrency(mut self, at_once: usize, waiting: usize) -> Self {
        let queue = &mut self.handler_config().queue;
        queue.concurrency = at_once;
        queue.max_waiting = waiting;
        self
    }

    /// Shown under the title (markdown).
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.config.chat.description = description.into();
        self
    }

    /// Sent to the models as the system prompt (and to the handler as
    /// [`colloquy_core::Turn::system_prompt`]).
    pub fn system_prompt(mut self, prompt: impl Into<String>) -> Self {
        self.config.chat.system_prompt = Some(prompt.into()).filter(|p| !p.is_empty());
        self
    }

    /// One more message offered on the empty page; a click sends it.
    pub fn example(mut self, text: impl Into<String>) -> Self {
        self.config.chat.examples.push(Example::Text(text.into()));
        self
    }

    /// The messages offered on the empty page, instead of any before (as
    /// `chat.examples` in the file).
    pub fn examples<S: Into<String>>(mut self, texts: impl IntoIterator<Item = S>) -> Self {
        self.config.chat.examples = texts.into_iter().map(|t| Example::Text(t.into())).collect();
        self
    }

    /// The message box's placeholder.
    pub fn placeholder(mut self, text: impl Into<String>) -> Self {
        self.config.chat.placeholder = text.into();
        self
    }

    /// The accent colour, as CSS (`#0a7`, `rebeccapurple`).
    pub fn theme_color(mut self, color: impl Into<String>) -> Self {
        self.config.chat.theme_color = Some(color.into());
        self
    }

    /// An additional input in the page's settings panel (see
    /// [`crate::inputs`]); its value reaches the handler as
    /// [`colloquy_core::Turn::input`].
    pub fn input(mut self, input: InputSpec) -> Self {
        self.config.inputs.push(input);
        self
    }

    /// Lets the bot call the embedded model (`models/SmolLM2-135M-Instruct.Q4_1.gguf`,
    /// fetched by `scripts/install-tools.sh`); it becomes the default model.
    pub fn embedded_model(mut self) -> Self {
        self.config.model.enabled = true;
        self
    }

    /// As [`Bot::embedded_model`], from another GGUF file.
    pub fn model_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.config.model.enabled = true;
        self.config.model.path = path.into();
        self
    }

    /// Lets the bot call `model` on a server speaking `kind`'s protocol at
    /// `base_url` (OpenAI and the servers compatible with it, Anthropic,
    /// Ollama), with the API key in the environment variable
    /// `api_key_env`, if any. The first model added is the default one,
    /// unless the embedded model is on.
    pub fn provider_model(
        mut self,
        kind: ProviderKind,
        base_url: impl Into<String>,
        api_key_env: Option<&str>,
        model: impl Into<String>,
    ) -> Self {
        let name = format!("provider{}", self.config.providers.len() + 1);
        let mut provider = ProviderConfig::new(kind, base_url);
        provider.api_key_env = api_key_env.map(String::from);
        self.config.providers.insert(name.clone(), provider);
        self.config.models.push(ModelEntry::new(name, model));
        self
    }

    /// The address to serve on (the default is 127.0.0.1:3000; port 0 picks
    /// a free one, see [`Application::local_addr`]).
    pub fn listen(mut self, addr: impl Into<SocketAddr>) -> Self {
        self.config.server.listen = addr.into();
        self
    }

    /// Where conversations are stored: `sqlite:PATH` or `postgres://…`.
    pub fn database(mut self, url: impl Into<String>) -> Self {
        self.config.storage.url = url.into();
        self
    }

    /// Lets pages on `origin` (`https://shop.example.com`) embed the chat
    /// with `<colloquy-chat>` (`widget.hosts`).
    pub fn embed_on(mut self, origin: impl Into<String>) -> Self {
        self.config.widget.hosts.push(origin.into());
        self
    }

    /// Any other setting, on the [`Config`] itself.
    pub fn configure(mut self, change: impl FnOnce(&mut Config)) -> Self {
        change(&mut self.config);
        self
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Checks the configuration, loads the models and binds the port: the
    /// server, ready to [`Application::run`]. Tests use this with port 0.
    pub async fn build(self) -> Result<Application, StartError> {
        self.config.validate()?;
        Application::build_with_handler(self.config, self.handler).await
    }

    /// For a bot's tests: serves it on a free loopback port, its database
    /// and files under `dir`, and makes a user with an API key. The server
    /// runs until the test's runtime ends.
    pub async fn serve_for_test(self, dir: &Path) -> Result<TestServer, StartError> {
        let app = self
            .listen(([127, 0, 0, 1], 0))
            .database(format!("sqlite:{}/bot.db", dir.display()))
            .configure(|c| c.uploads.dir = dir.join("uploads"))
            .build()
            .await?;
        let storage = |source| StartError::Storage { scheme: "sqlite".into(), source };
        let user = app.state.store.create_user(None, None).await.map_err(storage)?;
        let api_key = app.state.store.create_api_key(&user, "test").await.map_err(storage)?.secret;
        let base = format!("http://{}", app.local_addr());
        tokio::spawn(app.run());
        Ok(TestServer { base, api_key })
    }

    /// Builds and serves until Ctrl-C or SIGTERM; no command line, no
    /// environment.
    pub async fn serve(self) -> Result<(), StartError> {
        let app = self.build().await?;
        app.run().await.map_err(StartError::Serve)
    }

    /// What a bot's `main` calls: reads the command line and the
    /// `COLLOQUY_*` environment (`--listen`, `--database-url`, `--title`, …,
    /// over what the code set), logs to stderr, and serves; also runs
    /// `user add|list`. A failure prints one line and exits with status 2.
    pub async fn launch(mut self) {
        let cli = Cli::parse();
        init_logging();
        if cli.config.is_some() {
            fail("this bot is configured in its code, so --config (COLLOQUY_CONFIG) does not apply; read the file with Bot::from_config_file, or unset it");
        }
        if let Err(e) = self.config.apply(&cli) {
            fail(e);
        }
        if let Err(e) = self.config.validate() {
            fail(e);
        }
        if let Some(Command::User(command)) = &cli.command {
            match server::user_cli::run(&self.config, command).await {
                Ok(said) => println!("{said}"),
                Err(e) => fail(e),
            }
            return;
        }
        if let Err(e) = self.serve().await {
            fail(e);
        }
    }

    fn handler_config(&mut self) -> &mut HandlerConfig {
        let title = &self.config.chat.title;
        self.config.handler.get_or_insert_with(|| HandlerConfig::new(slug(title)))
    }
}

/// A bot served for a test (see [`Bot::serve_for_test`]).
#[derive(Debug, Clone)]
pub struct TestServer {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// A key for `/v1/…` (`Authorization: Bearer …`).
    pub api_key: String,
}

/// `title` as an id: lowercase letters and digits, words joined by `-`
/// (`"My Bot!"` is `my-bot`); `bot` when nothing is left.
pub fn slug(title: &str) -> String {
    colloquy_core::slug(title, usize::MAX).unwrap_or_else(|| "bot".into())
}

fn init_logging() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,llama-cpp-2=warn"));
    // A second call (a test that launches twice) keeps the first.
    let _ = tracing_subscriber::fmt().with_env_filter(filter).try_init();
}

fn fail(message: impl std::fmt::Display) -> ! {
    eprintln!("{}: {message}", std::env::args().next().as_deref().map(program_name).unwrap_or("bot"));
    std::process::exit(2);
}

fn program_name(arg0: &str) -> &str {
    Path::new(arg0).file_name().and_then(|n| n.to_str()).unwrap_or(arg0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_keep_words_and_drop_the_rest() {
        assert_eq!(slug("My Bot!"), "my-bot");
        assert_eq!(slug("  Tool   agent 2 "), "tool-agent-2");
        assert_eq!(slug("Ünïcode only ☃"), "n-code-only");
        assert_eq!(slug("☃"), "bot");
    }

    #[test]
    fn a_new_bot_calls_no_model_and_stores_apart() {
        let bot = Bot::new("Echo bot").handler(|_turn: colloquy_core::Turn| async { "hi" });
        let config = bot.config();
        assert!(!config.model.enabled);
        assert_eq!(config.storage.url, "sqlite:data/echo-bot.db");
        assert_eq!(config.handler.as_ref().map(|h| h.id.as_str()), Some("echo-bot"));
        assert!(config.chat.examples.is_empty(), "the stock app's examples are not this bot's");
        let more = Bot::new("x").examples(["a"]).example("b").examples(["c"]);
        assert_eq!(more.config().chat.examples, vec![Example::Text("c".into())]);
    }

    #[test]
    fn the_builder_and_the_file_describe_one_config() {
        let file = Config::from_toml(
            r#"
            [chat]
            title = "Pirate"
            description = "Talks like one."
            system_prompt = "Answer as a pirate."
            examples = ["Ahoy"]
            [[inputs]]
            kind = "dropdown"
            name = "mood"
            choices = ["grumpy", "jolly"]
            [widget]
            hosts = ["https://shop.example.com"]
            "#,
        )
        .expect("valid TOML");
        let built = Bot::from_config(Config::default())
            .configure(|c| c.chat.title = "Pirate".into())
            .description("Talks like one.")
            .system_prompt("Answer as a pirate.")
            .examples(["Ahoy"])
            .input(crate::inputs::dropdown("mood", ["grumpy", "jolly"]))
            .embed_on("https://shop.example.com");
        assert_eq!(built.config(), &file);
    }

    #[test]
    fn id_and_accepts_set_the_handler() {
        let bot = Bot::new("X").id("custom").accepts(MediaKind::Image).accepts(MediaKind::Image);
        let handler = bot.config().handler.clone().expect("set");
        assert_eq!(handler.id, "custom");
        assert_eq!(handler.accepts, vec![MediaKind::Image]);
    }
}
