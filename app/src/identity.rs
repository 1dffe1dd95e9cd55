//! Who is asking: the user behind a request, from its session.
//!
//! In `open` mode nobody logs in: a browser's first message makes it an
//! anonymous user, remembered in its session cookie, and it sees only its
//! own conversations. A page view alone makes nobody (crawlers and health
//! checks would otherwise fill the users table).
//!
//! Sessions end after `auth.idle_timeout_hours` unused (tower-sessions'
//! inactivity expiry, refreshed at most once a minute so that reads do not
//! each write the session) and `auth.absolute_timeout_hours` after they
//! began, however busy.

use colloquy_config::AuthConfig;
use colloquy_store::{Store, UserId};
use tower_sessions::Session;

const USER: &str = "user";
const STARTED_MS: &str = "started_ms";
const SEEN_MS: &str = "seen_ms";
/// How stale the idle clock may get before a request refreshes it.
const SEEN_RESOLUTION_MS: i64 = 60_000;

/// Why the user could not be found or made.
#[derive(Debug, thiserror::Error)]
pub enum IdentityError {
    #[error("the session could not be read or saved: {0}")]
    Session(#[from] tower_sessions::session::Error),
    #[error(transparent)]
    Store(#[from] colloquy_store::StoreError),
}

/// The session's user; with `create`, one is made (anonymous) if there is
/// none, under a new session id.
pub async fn session_user(
    session: &Session,
    auth: &AuthConfig,
    store: &Store,
    create: bool,
) -> Result<Option<UserId>, IdentityError> {
    let now = now_ms();
    let user = session.get::<String>(USER).await?.and_then(|id| UserId::parse(&id));
    let started = session.get::<i64>(STARTED_MS).await?.unwrap_or(0);
    let absolute = auth.absolute_timeout().as_millis() as i64;
    let user = match user {
        Some(_) if now - started > absolute => {
            tracing::info!("session past its absolute lifetime; ended");
            session.flush().await?;
            None
        }
        other => other,
    };
    if let Some(user) = user {
        let seen = session.get::<i64>(SEEN_MS).await?.unwrap_or(0);
        if now - seen > SEEN_RESOLUTION_MS {
            // Modifying the session saves it, which moves its idle expiry.
            session.insert(SEEN_MS, now).await?;
        }
        return Ok(Some(user));
    }
    if !create {
        return Ok(None);
    }
    let user = store.create_user(None, None).await?;
    // A new identity never reuses an id the browser arrived with (session
    // fixation): whoever planted it would share the session.
    session.cycle_id().await?;
    session.insert(USER, user.as_str()).await?;
    session.insert(STARTED_MS, now).await?;
    session.insert(SEEN_MS, now).await?;
    tracing::info!(user = %user, "anonymous user created");
    Ok(Some(user))
}

/// A short message kept in the session for the next page view only (a
/// refused form post without JavaScript: the text and why).
pub async fn set_flash(session: &Session, draft: &str, error: &str) -> Result<(), IdentityError> {
    session.insert("flash", (draft, error)).await?;
    Ok(())
}

/// The flash, if any, removed.
pub async fn take_flash(session: &Session) -> Result<Option<(String, String)>, IdentityError> {
    Ok(session.remove::<(String, String)>("flash").await?)
}

fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}
