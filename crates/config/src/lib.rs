//! One typed configuration, read in three layers: `colloquy.toml`, then
//! `COLLOQUY_*` environment variables, then command-line flags. It is
//! validated once at start-up; every error says which setting is wrong and
//! how to fix it.

mod appearance;
mod auth;
mod bots;
mod chat;
mod cli;
mod embedded_model;
mod error;
mod inputs;
mod limits;
mod markdown;
mod mcp;
mod models;
mod operations;
pub mod reference;
mod server;
mod storage;
mod uploads;
mod widget;

use std::collections::BTreeMap;
use std::path::Path;

use colloquy_core::SamplingParams;
use serde::{Deserialize, Serialize};

use crate::error::invalid;

pub use appearance::{Avatars, Example, ExampleAction, Layout};
pub use auth::{AuthConfig, AuthMode};
pub use bots::{
    load_bots, write_bot, BotFile, BotName, BotsConfig, LoadedBot, PlaygroundAccess, PlaygroundConfig, SamplingCaps,
    MAX_BOTS, MAX_BOT_FILE_BYTES, MAX_BOT_NAME,
};
pub use chat::{ChatConfig, TitleMode};
pub use cli::{Cli, Command, UserCommand, DEFAULT_CONFIG_FILE};
pub use embedded_model::ModelConfig;
pub use error::ConfigError;
pub use inputs::{
    resolve as resolve_inputs, BuiltInInput, CheckboxInput, Control, DropdownInput, InputControl, InputError,
    InputSpec, NumberInput, PromptInput, RangeInput, TextInput, TurnOptions,
};
pub use limits::{BudgetConfig, LimitsConfig, QueueConfig};
pub use markdown::MarkdownConfig;
pub use mcp::{McpConfig, McpServerConfig};
pub use models::{HandlerConfig, ModelEntry, ProviderConfig, ProviderKind};
pub use operations::{LogFormat, LoggingConfig, MetricsConfig, ReplicasConfig};
pub use server::ServerConfig;
pub use storage::StorageConfig;
pub use uploads::UploadsConfig;
pub use widget::WidgetConfig;

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
    /// The Model Context Protocol: the bots as tools at `/mcp`.
    pub mcp: McpConfig,
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

/// A TOML error as one line: where in `text` (`line N: `) and what.
pub(crate) fn toml_error(text: &str, e: &toml::de::Error) -> String {
    let line = e
        .span()
        .map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1)
        .map(|line| format!("line {line}: "))
        .unwrap_or_default();
    format!("{line}{}", e.message().trim())
}

impl Config {
    pub fn from_file(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read { path: path.into(), source })?;
        Self::from_toml(&text).map_err(|message| ConfigError::Parse { path: path.into(), message })
    }

    /// Parses TOML; the error is one line naming the place and the problem.
    pub fn from_toml(text: &str) -> Result<Self, String> {
        toml::from_str(text).map_err(|e| toml_error(text, &e))
    }

    /// Checks every section (each checks itself), then what one section
    /// asks of another; the first problem found is the error.
    pub fn validate(&self) -> Result<(), ConfigError> {
        self.sampling.validate().map_err(|e| ConfigError::Invalid {
            setting: "sampling".into(),
            value: format!("{:?}", self.sampling),
            why: e.to_string(),
        })?;
        self.model.validate()?;
        self.markdown.validate()?;
        self.limits.validate()?;
        self.chat.validate()?;
        self.server.validate()?;
        self.bots.validate()?;
        self.validate_inputs()?;
        self.uploads.validate()?;
        self.auth.validate()?;
        self.metrics.validate()?;
        self.replicas.validate()?;
        self.widget.validate()?;
        self.mcp.validate(&self.models.iter().map(|m| m.id.as_str()).collect::<Vec<_>>())?;
        if self.auth.mode == AuthMode::Proxy && self.server.trusted_proxies.is_empty() {
            return Err(invalid(
                "server.trusted_proxies",
                "[]",
                "auth.mode = \"proxy\" needs the proxy's address here, or anyone could name themselves",
            ));
        }
        self.storage.validate()?;
        self.validate_models()
    }

    /// At most 30 inputs, each valid and named once (their defaults come
    /// from `[sampling]`).
    fn validate_inputs(&self) -> Result<(), ConfigError> {
        if self.inputs.len() > 30 {
            return Err(invalid("inputs", &format!("{} inputs", self.inputs.len()), "use at most 30"));
        }
        for (i, input) in self.inputs.iter().enumerate() {
            let at = format!("inputs[{i}]");
            input.validate(&at)?;
            let name = input.control(None, &self.sampling).name;
            if self.inputs[..i].iter().any(|earlier| earlier.control(None, &self.sampling).name == name) {
                return Err(invalid(&at, &name, "another input has this name (or kind); each may appear once"));
            }
        }
        Ok(())
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
                return Err(invalid(&at("id"), &entry.id, "another model has this id; ids must be unique"));
            }
            ids.push(&entry.id);
            entry.queue.validate(&at("queue"))?;
            if !self.providers.contains_key(&entry.provider) {
                return Err(invalid(&at("provider"), &entry.provider, "no [providers.NAME] section has this name"));
            }
            if entry.upstream_model().trim().is_empty() || entry.upstream_model().chars().any(char::is_control) {
                return Err(invalid(&at("model"), entry.upstream_model(), "give the provider's name for the model"));
            }
        }
        for (i, entry) in self.models.iter().enumerate() {
            if let Some(fallback) = &entry.fallback {
                if fallback == &entry.id || !ids.contains(&fallback.as_str()) {
                    return Err(invalid(
                        &format!("models[{i}].fallback"),
                        fallback,
                        "name another configured model's id",
                    ));
                }
            }
        }
        if let Some(handler) = &self.handler {
            if ids.contains(&handler.id.as_str()) {
                return Err(invalid("handler id", &handler.id, "a configured model has this id; pick another"));
            }
        }
        if ids.is_empty() && self.handler.is_none() {
            return Err(invalid(
                "model.enabled",
                "false",
                "with the embedded model off, configure at least one [[models]] entry",
            ));
        }
        if let Some(default) = &self.chat.default_model {
            if !ids.contains(&default.as_str()) {
                return Err(invalid(
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
        embedded_model::resolve_threads(self.model.threads)
    }

    /// Threads for processing prompts, with 0 resolved to the number of cores.
    pub fn prompt_threads(&self) -> u32 {
        embedded_model::resolve_threads(self.model.prompt_threads)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::{is_frame_ancestor, is_origin};

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
