//! The app's bots: its own (from `[chat]`, at `/`) and those in the bots
//! folder (`bots/NAME.toml`, at `/bots/NAME`). The set is swapped whole
//! when the playground saves one, so the running server serves the new
//! bot, or the changed one, at once; a request holds the set it started
//! with.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use colloquy_config::{BotFile, BotName, Config, LoadedBot};

/// One of the folder's bots.
#[derive(Debug)]
pub struct Bot {
    pub name: BotName,
    /// The server's configuration with this bot's chat, inputs, sampling.
    pub config: Arc<Config>,
    /// Its file's text, as the playground edits it.
    pub text: String,
}

/// Why a bot was not saved; nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("{0}")]
    Invalid(String),
    #[error("there is already a bot named {0}; choose another name, or tick \"replace\" to change it")]
    Exists(BotName),
    #[error("this app has {0} bots already, the most it keeps")]
    Full(usize),
    #[error("the bot file could not be written: {0}")]
    Write(#[from] std::io::Error),
}

/// What a bots folder holds, to notice a change: each bot file's name,
/// size and modification time, in order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FolderState(Vec<(PathBuf, u64, Option<std::time::SystemTime>)>);

impl FolderState {
    /// Taken before the folder is read at start-up, so that a change made
    /// while it is read is seen by the watcher.
    pub fn of(dir: &std::path::Path) -> Self {
        let Ok(entries) = std::fs::read_dir(dir) else { return Self::default() };
        let mut files: Vec<_> = entries
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|ext| ext == "toml"))
            .map(|e| {
                let meta = e.metadata().ok();
                (e.path(), meta.as_ref().map_or(0, |m| m.len()), meta.and_then(|m| m.modified().ok()))
            })
            .collect();
        files.sort();
        Self(files)
    }

    async fn now(dir: PathBuf) -> Self {
        tokio::task::spawn_blocking(move || Self::of(&dir)).await.unwrap_or_default()
    }
}

/// Bots as read from the folder, by name.
fn by_name(loaded: Vec<LoadedBot>) -> Arc<BTreeMap<BotName, Arc<Bot>>> {
    let bots = loaded
        .into_iter()
        .map(|b| (b.name.clone(), Arc::new(Bot { name: b.name, config: Arc::new(b.config), text: b.text })))
        .collect();
    Arc::new(bots)
}

/// The folder's bots, by name.
pub struct BotRegistry {
    dir: PathBuf,
    server: Arc<Config>,
    bots: RwLock<Arc<BTreeMap<BotName, Arc<Bot>>>>,
    /// One save at a time: two saves of one name would race on the file.
    saving: tokio::sync::Mutex<()>,
}

impl BotRegistry {
    pub fn new(server: Arc<Config>, loaded: Vec<LoadedBot>) -> Self {
        Self {
            dir: server.bots.dir.clone(),
            server,
            bots: RwLock::new(by_name(loaded)),
            saving: tokio::sync::Mutex::new(()),
        }
    }

    /// The server's own configuration (the app's own bot).
    pub fn server(&self) -> &Config {
        &self.server
    }

    /// The bots now, in name order.
    pub fn all(&self) -> Arc<BTreeMap<BotName, Arc<Bot>>> {
        // Nothing panics while holding the lock; a poisoned one still
        // holds a whole set.
        self.bots.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub fn get(&self, name: &str) -> Option<Arc<Bot>> {
        let name = BotName::parse(name).ok()?;
        self.all().get(&name).cloned()
    }

    /// Reads the folder again and serves what it holds now. A folder with
    /// a file that is not valid changes nothing, and says which file.
    pub async fn reload(&self) -> Result<usize, colloquy_config::ConfigError> {
        let _one_at_a_time = self.saving.lock().await;
        let (dir, server) = (self.dir.clone(), self.server.clone());
        let loaded =
            tokio::task::spawn_blocking(move || colloquy_config::load_bots(&dir, &server)).await.map_err(|e| {
                colloquy_config::ConfigError::Read {
                    path: self.dir.clone(),
                    source: std::io::Error::other(e.to_string()),
                }
            })??;
        let count = loaded.len();
        *self.bots.write().unwrap_or_else(|e| e.into_inner()) = by_name(loaded);
        Ok(count)
    }

    /// Looks at the folder every `every` and reloads it when a file was
    /// added, removed or changed (by name, size and modification time)
    /// since `seen`.
    pub fn watch(self: Arc<Self>, every: std::time::Duration, seen: FolderState) {
        tokio::spawn(async move {
            let mut seen = seen;
            let mut tick = tokio::time::interval(every);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                let now = FolderState::now(self.dir.clone()).await;
                if now == seen {
                    continue;
                }
                seen = now;
                match self.reload().await {
                    Ok(bots) => tracing::info!(bots, dir = %self.dir.display(), "bots read again"),
                    Err(e) => {
                        tracing::error!("the bots folder changed but was not taken: {e}; the bots stay as they were")
                    }
                }
            }
        });
    }

    /// Checks `text` as a bot file and writes it as `name`; the app serves
    /// it from then on. An existing bot is changed only with `replace`.
    pub async fn save(&self, name: BotName, text: &str, replace: bool) -> Result<Arc<Bot>, SaveError> {
        let (_, config) = BotFile::parse(text, &self.server).map_err(SaveError::Invalid)?;
        let _one_at_a_time = self.saving.lock().await;
        let current = self.all();
        match current.contains_key(&name) {
            true if !replace => return Err(SaveError::Exists(name)),
            false if current.len() >= colloquy_config::MAX_BOTS => return Err(SaveError::Full(current.len())),
            _ => {}
        }
        let (dir, file_name, file_text) = (self.dir.clone(), name.clone(), text.to_string());
        tokio::task::spawn_blocking(move || colloquy_config::write_bot(&dir, &file_name, &file_text))
            .await
            .map_err(|e| SaveError::Write(std::io::Error::other(e.to_string())))??;
        let bot = Arc::new(Bot { name: name.clone(), config: Arc::new(config), text: text.to_string() });
        let mut next = (*current).clone();
        next.insert(name.clone(), bot.clone());
        *self.bots.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(next);
        tracing::info!(bot = %name, replaced = current.contains_key(&name), "bot saved");
        Ok(bot)
    }
}
