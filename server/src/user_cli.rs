//! `colloquy user …`: accounts made and listed from the command line, in
//! the configured database, so the first admin exists before anyone can
//! sign in.

use std::io::{BufRead, IsTerminal};

use colloquy_config::{Config, UserCommand};
use colloquy_store::Store;

/// Why a user command failed; each says what to do.
#[derive(Debug, thiserror::Error)]
pub enum UserCommandError {
    #[error("storage ({scheme}): {source}")]
    Storage { scheme: String, source: colloquy_store::StoreError },
    #[error("{0}")]
    Invalid(String),
    #[error("cannot read the password: {0}")]
    Read(std::io::Error),
}

/// Runs `command`; returns what to print.
pub async fn run(config: &Config, command: &UserCommand) -> Result<String, UserCommandError> {
    let scheme = config.storage.scheme().to_string();
    let storage = |source| UserCommandError::Storage { scheme: scheme.clone(), source };
    let store = Store::connect(&config.storage.url).await.map_err(storage)?;
    match command {
        UserCommand::Add { admin, name } => {
            let name = colloquy_store::normalize_name(name).map_err(|e| UserCommandError::Invalid(e.to_string()))?;
            if store.account(&name).await.map_err(storage)?.is_some() {
                return Err(UserCommandError::Invalid(format!("the name {name} is taken")));
            }
            let password = read_password(&name)?;
            let hash =
                colloquy_auth::passwords::hash(&password).map_err(|e| UserCommandError::Invalid(e.to_string()))?;
            store.create_account(&name, &hash, *admin).await.map_err(|e| match e {
                colloquy_store::StoreError::Refused(why) => UserCommandError::Invalid(why.to_string()),
                other => storage(other),
            })?;
            let mut said = format!("account {name} created{}", if *admin { " (admin)" } else { "" });
            if config.auth.mode != colloquy_config::AuthMode::Password {
                said.push_str(&format!(
                    "; note: auth.mode is {:?}, so nobody signs in with it until auth.mode = \"password\"",
                    config.auth.mode.as_str()
                ));
            }
            Ok(said)
        }
        UserCommand::List => {
            let (users, anonymous) = store.list_users().await.map_err(storage)?;
            let mut out = String::new();
            for user in users {
                out.push_str(&format!(
                    "{}{}\t{} conversations\n",
                    user.name,
                    if user.is_admin { " (admin)" } else { "" },
                    user.conversations
                ));
            }
            out.push_str(&format!("{anonymous} anonymous users"));
            Ok(out)
        }
    }
}

/// The password: asked for without echo on a terminal, else the first
/// line of standard input (for scripts: `echo "$PW" | colloquy user add …`).
fn read_password(name: &str) -> Result<String, UserCommandError> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password(format!("Password for {name}: ")).map_err(UserCommandError::Read)?;
        let again = rpassword::prompt_password("Again: ").map_err(UserCommandError::Read)?;
        if first != again {
            return Err(UserCommandError::Invalid("the two passwords differ".into()));
        }
        return Ok(first);
    }
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).map_err(UserCommandError::Read)?;
    let password = line.trim_end_matches(['\n', '\r']).to_string();
    if password.is_empty() {
        return Err(UserCommandError::Invalid("no password on standard input".into()));
    }
    Ok(password)
}
