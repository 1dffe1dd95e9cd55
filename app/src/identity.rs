//! Who is asking: the user behind a request.
//!
//! - `open`: nobody logs in. A browser's first message makes it an
//!   anonymous user, remembered in its session cookie, and it sees only its
//!   own conversations. A page view alone makes nobody (crawlers and health
//!   checks would otherwise fill the users table).
//! - `password`: the user who signed in on this session (see `auth_fns`).
//! - `proxy`: the user named in `auth.proxy_header`, believed only on
//!   requests from `server.trusted_proxies`; remembered in the session so
//!   that the name is looked up once.
//!
//! Sessions end after `auth.idle_timeout_hours` unused (tower-sessions'
//! inactivity expiry, refreshed at most once a minute so that reads do not
//! each write the session) and `auth.absolute_timeout_hours` after they
//! began, however busy.

use std::net::{IpAddr, SocketAddr};

use colloquy_config::{AuthConfig, AuthMode};
use colloquy_store::{Store, UserId};
use tower_sessions::Session;

use colloquy_chat::state::AppState;

const USER: &str = "user";
const PROXY_NAME: &str = "proxy_name";
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
    /// The proxy's user header came more than once: which one the proxy
    /// wrote cannot be told, so neither is believed.
    #[error("the request names its user more than once")]
    AmbiguousUser,
}

impl IdentityError {
    /// What a person is told (the details go to the log).
    pub fn answer(&self) -> colloquy_chat::AppError {
        match self {
            IdentityError::AmbiguousUser => {
                colloquy_chat::AppError::BadInput(colloquy_wire::Said::new("error-user-twice"))
            }
            _ => colloquy_chat::AppError::Unavailable(colloquy_wire::Said::new("error-session")),
        }
    }
}

/// What identifies a request: its session, where it came from, its headers.
pub struct Asker<'a> {
    pub session: &'a Session,
    /// The connection's peer (a proxy, when there is one).
    pub peer: Option<IpAddr>,
    pub headers: &'a http::HeaderMap,
}

impl<'a> Asker<'a> {
    /// From a request's parts (the session layer and axum's connect info
    /// put theirs in its extensions).
    pub fn from_parts(parts: &'a http::request::Parts) -> Option<Self> {
        let session = parts.extensions.get::<Session>()?;
        let peer = parts.extensions.get::<axum::extract::ConnectInfo<SocketAddr>>().map(|info| info.0.ip());
        Some(Self { session, peer, headers: &parts.headers })
    }

    /// The client's address, believing `X-Forwarded-For` only from trusted
    /// proxies.
    pub fn client_ip(&self, state: &AppState) -> Option<IpAddr> {
        self.peer.map(|peer| client_address(state, peer, self.headers))
    }
}

/// The client behind connection `peer`: `X-Forwarded-For` (every line of
/// it) is believed only from trusted proxies.
pub fn client_address(state: &AppState, peer: IpAddr, headers: &http::HeaderMap) -> IpAddr {
    let forwarded = headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok());
    state.proxies.client(peer, forwarded)
}

/// The user behind a request, by the configured mode. With `create`, in
/// `open` mode, a browser without one is made an anonymous user.
pub async fn user(asker: &Asker<'_>, state: &AppState, create: bool) -> Result<Option<UserId>, IdentityError> {
    let auth = &state.config.auth;
    match auth.mode {
        AuthMode::Open => session_user(asker.session, auth, &state.store, create).await,
        AuthMode::Password => session_user(asker.session, auth, &state.store, false).await,
        AuthMode::Proxy => proxy_user(asker, state).await,
    }
}

/// The name the trusted proxy gives, if the request came through it. A
/// request with the header twice is refused: a client could have sent one
/// line and the proxy added the other.
fn proxy_name<'a>(asker: &'a Asker<'_>, state: &AppState) -> Result<Option<&'a str>, IdentityError> {
    let Some(peer) = asker.peer else { return Ok(None) };
    if !state.proxies.contains(peer) {
        return Ok(None);
    }
    let mut lines = asker.headers.get_all(state.config.auth.proxy_header.as_str()).iter();
    let Some(first) = lines.next() else { return Ok(None) };
    if lines.next().is_some() {
        tracing::warn!(header = %state.config.auth.proxy_header, "a request named its user more than once; refused");
        return Err(IdentityError::AmbiguousUser);
    }
    let name = first.to_str().ok().map(str::trim).unwrap_or("");
    Ok((!name.is_empty()).then_some(name))
}

async fn proxy_user(asker: &Asker<'_>, state: &AppState) -> Result<Option<UserId>, IdentityError> {
    let Some(name) = proxy_name(asker, state)? else { return Ok(None) };
    let Ok(name) = colloquy_store::normalize_name(name) else {
        tracing::warn!("the proxy named a user with an unusable name");
        return Ok(None);
    };
    let session = asker.session;
    if session.get::<String>(PROXY_NAME).await?.as_deref() == Some(name.as_str()) {
        if let Some(user) = session_user(session, &state.config.auth, &state.store, false).await? {
            return Ok(Some(user));
        }
    }
    let user = state.store.proxy_user(&name).await?;
    sign_in(session, &user).await?;
    session.insert(PROXY_NAME, &name).await?;
    Ok(Some(user))
}

/// Makes `user` this session's user, under a new session id (whoever knew
/// the old id, planted or not, is not signed in).
pub async fn sign_in(session: &Session, user: &UserId) -> Result<(), IdentityError> {
    session.cycle_id().await?;
    session.insert(USER, user.as_str()).await?;
    session.insert(STARTED_MS, now_ms()).await?;
    session.insert(SEEN_MS, now_ms()).await?;
    Ok(())
}

/// Ends the session: its record is deleted on the server and the cookie
/// removed, so the old id is worth nothing.
pub async fn sign_out(session: &Session) -> Result<(), IdentityError> {
    session.flush().await?;
    Ok(())
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
    sign_in(session, &user).await?;
    tracing::info!(user = %user, "anonymous user created");
    Ok(Some(user))
}

/// A short message kept in the session for the next page view only (a
/// refused form post without JavaScript: the text and why).
pub async fn set_flash(session: &Session, draft: &str, error: &colloquy_wire::Said) -> Result<(), IdentityError> {
    session.insert("flash", (draft, error)).await?;
    Ok(())
}

/// The flash, if any, removed.
pub async fn take_flash(session: &Session) -> Result<Option<(String, colloquy_wire::Said)>, IdentityError> {
    Ok(session.remove::<(String, colloquy_wire::Said)>("flash").await?)
}

fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}
