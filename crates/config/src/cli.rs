//! The command line and the environment: flags (each also read from a
//! `COLLOQUY_*` variable) over the file, and `colloquy user …`.

use std::path::{Path, PathBuf};

use clap::Parser;

use crate::{Config, ConfigError};

/// The file read when none is named.
pub const DEFAULT_CONFIG_FILE: &str = "colloquy.toml";

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
}
