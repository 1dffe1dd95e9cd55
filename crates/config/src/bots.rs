//! More bots in one server: each `bots/NAME.toml` is a bot of its own at
//! `/bots/NAME`, with its own title, prompt, examples and inputs, sharing
//! the server's models, storage, accounts and limits. The playground writes
//! these files; the running server reads them again without a restart.

use std::path::{Path, PathBuf};

use colloquy_core::SamplingParams;
use serde::{Deserialize, Serialize};

use crate::{ChatConfig, Config, ConfigError, InputSpec};

/// `[bots]`: where the app's other bots are kept.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct BotsConfig {
    /// A folder of bot files (`NAME.toml`, each with `[chat]`, `[[inputs]]`
    /// and, optionally, `[sampling]`). Missing: no other bots.
    pub dir: PathBuf,
    /// How often the folder is looked at for files added, changed or
    /// removed by hand (seconds); the app serves them without a restart. A
    /// file that is not valid is logged and the bots stay as they were. 0:
    /// only the playground's saves are picked up.
    pub watch_secs: f64,
}

impl Default for BotsConfig {
    fn default() -> Self {
        Self { dir: PathBuf::from("bots"), watch_secs: 2.0 }
    }
}

impl BotsConfig {
    pub(crate) fn validate(&self) -> Result<(), ConfigError> {
        let watch = self.watch_secs;
        if !(watch.is_finite() && (watch == 0.0 || (0.1..=3600.0).contains(&watch))) {
            return Err(crate::error::invalid(
                "bots.watch_secs",
                &watch.to_string(),
                "use 0 (off) or 0.1 to 3600 seconds",
            ));
        }
        Ok(())
    }
}

/// `[playground]`: the page where a bot is drafted, tried and saved.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct PlaygroundConfig {
    /// Offer `/playground`. With accounts on, only admins may open it. In
    /// an open app (no accounts), only when the server listens on a
    /// loopback address (a developer's own machine), or with `open`.
    pub enabled: bool,
    /// Open mode on a public address: let anyone who reaches the app use
    /// the playground (draft, preview, save bot files). Off by default,
    /// since a stranger could then add bots to the app; logged as a
    /// warning at start-up.
    pub open: bool,
}

impl Default for PlaygroundConfig {
    fn default() -> Self {
        Self { enabled: true, open: false }
    }
}

/// Who may use the playground, as the configuration decides it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaygroundAccess {
    /// Nobody: no page, no functions.
    Off,
    /// Accounts are on: their admins.
    Admins,
    /// Open mode on a loopback address, or `playground.open`: anyone.
    Anyone,
}

impl Config {
    /// Who may use the playground.
    pub fn playground_access(&self) -> PlaygroundAccess {
        match (self.playground.enabled, self.auth.mode) {
            (false, _) => PlaygroundAccess::Off,
            (true, crate::AuthMode::Open) if self.server.listen.ip().is_loopback() || self.playground.open => {
                PlaygroundAccess::Anyone
            }
            (true, crate::AuthMode::Open) => PlaygroundAccess::Off,
            (true, _) => PlaygroundAccess::Admins,
        }
    }

    /// The highest sampling settings a bot file may ask for: the server's
    /// own. `max_new_tokens`: the server's `[sampling]` (or its max-tokens
    /// slider's top, if higher); temperature: the server's temperature
    /// slider's top, else the setting's own range (2).
    pub fn sampling_caps(&self) -> SamplingCaps {
        let mut caps = SamplingCaps { max_new_tokens: self.sampling.max_new_tokens, temperature: 2.0 };
        for input in &self.inputs {
            match input {
                InputSpec::MaxTokens(r) => {
                    let top = r.max.unwrap_or(0.0).clamp(0.0, u32::MAX as f64) as u32;
                    caps.max_new_tokens = caps.max_new_tokens.max(top);
                }
                InputSpec::Temperature(r) => caps.temperature = r.max.unwrap_or(2.0),
                _ => {}
            }
        }
        caps
    }
}

/// See [`Config::sampling_caps`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SamplingCaps {
    pub max_new_tokens: u32,
    pub temperature: f64,
}

/// The most bots one folder may hold.
pub const MAX_BOTS: usize = 100;
/// The largest bot file read, in bytes.
pub const MAX_BOT_FILE_BYTES: usize = 64 * 1024;
/// The longest bot name (its file name and its address).
pub const MAX_BOT_NAME: usize = 40;

/// One bot file: what makes a bot this bot. Everything else (models,
/// storage, accounts, limits, uploads) is the server's.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BotFile {
    /// Title, description, system prompt, examples, look. Its message and
    /// history limits are the server's.
    pub chat: ChatConfig,
    /// The server's `[sampling]` when not set.
    #[serde(default)]
    pub sampling: Option<SamplingParams>,
    #[serde(default)]
    pub inputs: Vec<InputSpec>,
}

/// A bot's name, checked: 1 to 40 lowercase letters, digits and `-`, not
/// starting or ending with `-`. It names a file and a path, so nothing else
/// gets through.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BotName(String);

impl BotName {
    pub fn parse(name: &str) -> Result<Self, ConfigError> {
        let ok = (1..=MAX_BOT_NAME).contains(&name.len())
            && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !name.starts_with('-')
            && !name.ends_with('-');
        match ok {
            true => Ok(Self(name.to_string())),
            false => Err(ConfigError::Invalid {
                setting: "bot name".into(),
                value: name.into(),
                why: format!("use 1 to {MAX_BOT_NAME} lowercase letters, digits and -, such as support-bot"),
            }),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for BotName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl BotFile {
    /// Parses and checks a bot file's text against the server's
    /// configuration; the error names the line or the setting.
    pub fn parse(text: &str, server: &Config) -> Result<(Self, Config), String> {
        if text.len() > MAX_BOT_FILE_BYTES {
            return Err(format!("a bot file can be at most {MAX_BOT_FILE_BYTES} bytes"));
        }
        let file: BotFile = toml::from_str(text).map_err(|e| crate::toml_error(text, &e))?;
        file.check_caps(server.sampling_caps())?;
        let config = server.with_bot(&file);
        config.validate().map_err(|e| e.to_string())?;
        Ok((file, config))
    }
}

impl BotFile {
    /// Refuses sampling settings (and sliders over them) above what the
    /// server itself allows; the message names the cap.
    fn check_caps(&self, caps: SamplingCaps) -> Result<(), String> {
        let over = |setting: &str, value: f64, cap: f64| {
            format!("{setting} is {value}; this server allows at most {cap} (its own [sampling] and inputs)")
        };
        if let Some(sampling) = &self.sampling {
            if sampling.max_new_tokens > caps.max_new_tokens {
                let (value, cap) = (sampling.max_new_tokens.into(), caps.max_new_tokens.into());
                return Err(over("sampling.max_new_tokens", value, cap));
            }
            if f64::from(sampling.temperature) > caps.temperature + 1e-6 {
                return Err(over("sampling.temperature", sampling.temperature.into(), caps.temperature));
            }
        }
        for (i, input) in self.inputs.iter().enumerate() {
            let (setting, top, cap) = match input {
                InputSpec::MaxTokens(r) => ("max", r.max, f64::from(caps.max_new_tokens)),
                InputSpec::Temperature(r) => ("max", r.max, caps.temperature),
                _ => continue,
            };
            if let Some(top) = top.filter(|top| *top > cap + 1e-6) {
                return Err(over(&format!("inputs[{i}].{setting}"), top, cap));
            }
        }
        Ok(())
    }
}

impl Config {
    /// The configuration a bot's pages and turns run with: the server's,
    /// with the bot's chat, inputs and sampling. A slider over max tokens
    /// or temperature without a top of its own stops at the server's cap.
    pub fn with_bot(&self, bot: &BotFile) -> Config {
        let mut config = self.clone();
        config.chat = ChatConfig {
            max_message_bytes: self.chat.max_message_bytes,
            max_history_bytes: self.chat.max_history_bytes,
            ..bot.chat.clone()
        };
        let caps = self.sampling_caps();
        config.inputs = bot
            .inputs
            .iter()
            .cloned()
            .map(|input| match input {
                InputSpec::MaxTokens(r) if r.max.is_none() => {
                    InputSpec::MaxTokens(crate::RangeInput { max: Some(caps.max_new_tokens.into()), ..r })
                }
                InputSpec::Temperature(r) if r.max.is_none() => {
                    InputSpec::Temperature(crate::RangeInput { max: Some(caps.temperature), ..r })
                }
                other => other,
            })
            .collect();
        if let Some(sampling) = &bot.sampling {
            config.sampling = sampling.clone();
        }
        config
    }
}

/// A bot read from the folder.
#[derive(Debug, Clone)]
pub struct LoadedBot {
    pub name: BotName,
    /// The server's configuration with this bot's parts.
    pub config: Config,
    /// The file's text, as the playground shows it for editing.
    pub text: String,
}

/// Reads every `*.toml` in `dir`, in name order. A missing folder holds no
/// bots; a file that is not a valid bot stops the start with its name and
/// what is wrong.
pub fn load_bots(dir: &Path, server: &Config) -> Result<Vec<LoadedBot>, ConfigError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => return Err(ConfigError::Read { path: dir.into(), source }),
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    paths.sort();
    if paths.len() > MAX_BOTS {
        return Err(ConfigError::Invalid {
            setting: "bots.dir".into(),
            value: dir.display().to_string(),
            why: format!("it holds {} bot files; use at most {MAX_BOTS}", paths.len()),
        });
    }
    let mut bots = Vec::with_capacity(paths.len());
    for path in paths {
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        let name =
            BotName::parse(stem).map_err(|e| ConfigError::Parse { path: path.clone(), message: e.to_string() })?;
        let text = std::fs::read_to_string(&path).map_err(|source| ConfigError::Read { path: path.clone(), source })?;
        let (_, config) =
            BotFile::parse(&text, server).map_err(|message| ConfigError::Parse { path: path.clone(), message })?;
        bots.push(LoadedBot { name, config, text });
    }
    Ok(bots)
}

/// Writes a bot file so that a reader sees the old text or the new, never
/// half of one: a temporary file beside it, then a rename.
pub fn write_bot(dir: &Path, name: &BotName, text: &str) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let path = dir.join(format!("{name}.toml"));
    let temporary = dir.join(format!(".{name}.toml.{}", std::process::id()));
    std::fs::write(&temporary, text)?;
    std::fs::rename(&temporary, &path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temporary);
    })?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SUPPORT: &str = r#"
[chat]
title = "Support"
description = "Answers questions about your order."
system_prompt = "You answer as a {tone} support agent."
examples = ["Where is my parcel?"]

[[inputs]]
kind = "dropdown"
name = "tone"
choices = ["friendly", "formal"]
"#;

    #[test]
    fn a_bot_takes_its_own_chat_and_inputs_and_the_servers_limits() {
        let mut server = Config::default();
        server.chat.max_message_bytes = 1000;
        server.sampling.temperature = 0.2;
        let (file, config) = BotFile::parse(SUPPORT, &server).expect("valid");
        assert_eq!(file.inputs.len(), 1);
        assert_eq!(config.chat.title, "Support");
        assert_eq!(config.chat.max_message_bytes, 1000, "limits stay the server's");
        assert_eq!(config.sampling.temperature, 0.2, "no [sampling]: the server's");
        assert_eq!(config.inputs.len(), 1);
    }

    #[test]
    fn bad_bot_files_say_where_and_what() {
        let server = Config::default();
        let e = BotFile::parse("[chat]\ntitle = \"x\"\nsurprise = 1\n", &server).unwrap_err();
        assert!(e.contains("line 3") && e.contains("surprise"), "{e}");
        let e = BotFile::parse("[chat]\ntitle = \"  \"\n", &server).unwrap_err();
        assert!(e.contains("chat.title"), "{e}");
        let e = BotFile::parse("[chat]\ntitle = \"x\"\ndefault_model = \"nope\"\n", &server).unwrap_err();
        assert!(e.contains("chat.default_model"), "{e}");
        let e = BotFile::parse(
            "[chat]\ntitle = \"x\"\n[[inputs]]\nkind = \"dropdown\"\nname = \"a\"\nchoices = []\n",
            &server,
        )
        .unwrap_err();
        assert!(e.contains("inputs"), "{e}");
        let huge = format!("[chat]\ntitle = \"{}\"\n", "x".repeat(MAX_BOT_FILE_BYTES));
        assert!(BotFile::parse(&huge, &server).unwrap_err().contains("at most"));
    }

    #[test]
    fn a_bot_file_cannot_raise_the_servers_sampling_caps() {
        let server = Config::default();
        assert_eq!(server.sampling.max_new_tokens, 512);
        let e = BotFile::parse("[chat]\ntitle = \"x\"\n[sampling]\nmax_new_tokens = 32768\n", &server).unwrap_err();
        assert!(e.contains("sampling.max_new_tokens") && e.contains("at most 512"), "{e}");
        let e = BotFile::parse("[chat]\ntitle = \"x\"\n[[inputs]]\nkind = \"max_tokens\"\nmax = 4096\n", &server)
            .unwrap_err();
        assert!(e.contains("inputs[0].max") && e.contains("at most 512"), "{e}");
        // Within the caps: taken; a slider without a top stops at the cap.
        let (_, config) = BotFile::parse(
            "[chat]\ntitle = \"x\"\n[sampling]\nmax_new_tokens = 200\n[[inputs]]\nkind = \"max_tokens\"\n",
            &server,
        )
        .expect("within the caps");
        assert_eq!(config.sampling.max_new_tokens, 200);
        let control = config.inputs[0].control(None, &config.sampling);
        assert!(matches!(control.control, crate::Control::Slider { max, .. } if max == 512.0), "{control:?}");
        // A server whose temperature slider stops at 1 caps its bots there.
        let server = Config {
            inputs: vec![InputSpec::Temperature(crate::RangeInput { max: Some(1.0), ..Default::default() })],
            ..Default::default()
        };
        let e = BotFile::parse("[chat]\ntitle = \"x\"\n[sampling]\ntemperature = 1.5\n", &server).unwrap_err();
        assert!(e.contains("sampling.temperature") && e.contains("at most 1"), "{e}");
    }

    #[test]
    fn the_playground_is_open_to_strangers_only_on_loopback_or_when_asked() {
        let mut config = Config::default();
        config.server.listen = "127.0.0.1:3000".parse().unwrap();
        assert_eq!(config.playground_access(), PlaygroundAccess::Anyone);
        config.server.listen = "[::1]:3000".parse().unwrap();
        assert_eq!(config.playground_access(), PlaygroundAccess::Anyone);
        config.server.listen = "0.0.0.0:3000".parse().unwrap();
        assert_eq!(config.playground_access(), PlaygroundAccess::Off);
        config.playground.open = true;
        assert_eq!(config.playground_access(), PlaygroundAccess::Anyone);
        config.auth.mode = crate::AuthMode::Password;
        assert_eq!(config.playground_access(), PlaygroundAccess::Admins);
        config.playground.enabled = false;
        assert_eq!(config.playground_access(), PlaygroundAccess::Off);
    }

    #[test]
    fn bot_names_cannot_leave_their_folder() {
        for bad in ["", "../etc", "a/b", "A", "a.b", "-a", "a-", "ä", &"a".repeat(41)] {
            assert!(BotName::parse(bad).is_err(), "{bad:?} accepted");
        }
        assert_eq!(BotName::parse("support-2").expect("fine").as_str(), "support-2");
    }

    #[test]
    fn the_folder_is_read_in_order_and_a_bad_file_is_named() {
        let dir = std::env::temp_dir().join(format!("colloquy-bots-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let server = Config::default();
        assert!(load_bots(&dir, &server).expect("missing folder is fine").is_empty());
        let support = BotName::parse("support").unwrap();
        write_bot(&dir, &support, SUPPORT).expect("written");
        write_bot(&dir, &BotName::parse("alpha").unwrap(), "[chat]\ntitle = \"Alpha\"\n").expect("written");
        std::fs::write(dir.join("notes.txt"), "not a bot").unwrap();
        let bots = load_bots(&dir, &server).expect("valid");
        let names: Vec<&str> = bots.iter().map(|b| b.name.as_str()).collect();
        assert_eq!(names, ["alpha", "support"]);
        assert_eq!(bots[1].text, SUPPORT);
        std::fs::write(dir.join("Bad Name.toml"), "[chat]\ntitle = \"x\"\n").unwrap();
        let e = load_bots(&dir, &server).unwrap_err().to_string();
        assert!(e.contains("Bad Name.toml"), "{e}");
        std::fs::remove_file(dir.join("Bad Name.toml")).unwrap();
        std::fs::write(dir.join("broken.toml"), "[chat\n").unwrap();
        let e = load_bots(&dir, &server).unwrap_err().to_string();
        assert!(e.contains("broken.toml") && e.contains("line 1"), "{e}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
