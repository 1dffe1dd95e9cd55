//! What a page shows of the person's stored conversations: the one at its
//! address, the sidebar, search results. Loaded by the server before it
//! renders the page (the settings in the page's head carry it to the
//! browser), so the page arrives whole, with or without JavaScript.

use colloquy_store::{ConversationId, Shelf, UserId};

use crate::pages::Page;
use colloquy_chat::state::AppState;
use colloquy_wire::{
    AdminView, AuthView, ConversationLink, FolderLink, FoldersView, Missing, OpenConversation, Said, SearchHitView,
    SearchView, SharedView, UserView,
};

/// Conversations listed in the sidebar.
pub const SIDEBAR_LIMIT: i64 = 200;
use colloquy_wire::CONVERSATION_WINDOW;
/// The most messages a page asks for with `?show=N` (the no-JavaScript
/// way to see earlier messages).
pub const MAX_SHOWN: u32 = 2000;
/// Search results shown.
pub const SEARCH_LIMIT: i64 = 50;
/// The longest search query taken, in bytes.
pub const MAX_QUERY_BYTES: usize = 500;

/// The stored part of a page.
#[derive(Debug, Clone, Default)]
pub struct PageData {
    pub auth: AuthView,
    pub admin: Option<AdminView>,
    pub api_keys: Option<colloquy_wire::ApiKeysView>,
    /// Nobody is signed in, and this server wants someone to be.
    pub needs_sign_in: bool,
    pub conversation: Option<OpenConversation>,
    pub shared: Option<SharedView>,
    pub sidebar: Vec<ConversationLink>,
    pub folders: FoldersView,
    pub search: Option<SearchView>,
    pub not_found: Option<Missing>,
    pub draft: Option<String>,
    pub error: Option<Said>,
    /// The bot of the conversation at this address (`""`: the app's own).
    pub bot: String,
    /// On `/playground`, for someone who may open it: the saved bots.
    pub playground_bots: Vec<colloquy_wire::BotFileView>,
}

/// Loads what the page at the request's path shows to its user.
pub async fn load(state: &AppState, parts: &http::request::Parts, page: Page<'_>) -> PageData {
    let query = parts.uri.query();
    let mut data = PageData { auth: auth_view(state, None), ..PageData::default() };
    data.auth.next = query_value(query, "next").map(|next| colloquy_auth::next_url(Some(&next)));
    if let Page::Shared(token) = page {
        // A share link is for anyone holding it: no identity needed.
        load_shared(state, token, query, &mut data).await;
        return data;
    }
    let wanted = match page {
        Page::Conversation(id) => Some(id),
        _ => None,
    };
    let Some(asker) = crate::identity::Asker::from_parts(parts) else {
        data.not_found = missing_without_user(wanted, query);
        return data;
    };
    let session = asker.session;
    match crate::identity::take_flash(session).await {
        Ok(Some((draft, error))) => {
            data.draft = Some(draft);
            data.error = Some(error);
        }
        Ok(None) => {}
        Err(e) => tracing::warn!("flash: {e}"),
    }
    // The keys page is where a program's access begins: in open mode it
    // gives the browser its identity, as a first message would.
    // An anonymous user is made only within the address's budget (as for
    // a first message), so a flood of cookie-less GETs makes no users.
    let mut create = page == Page::Keys && state.config.auth.mode == colloquy_config::AuthMode::Open;
    if create {
        if let Some(address) = asker.client_ip(state) {
            if let Err(limited) = state.limits.check_address(colloquy_limits::Action::Chat, address).await {
                tracing::warn!(%address, "keys page rate-limited");
                create = false;
                data.error = Some(colloquy_chat::error::limited_message(limited, "error-too-fast-address"));
            }
        }
    }
    let user = match crate::identity::user(&asker, state, create).await {
        Ok(Some(user)) => user,
        Ok(None) => {
            data.not_found = missing_without_user(wanted, query);
            data.needs_sign_in = state.config.auth.mode != colloquy_config::AuthMode::Open;
            return data;
        }
        Err(e) => {
            tracing::error!("identity: {e}");
            data.error = Some(Said::new("error-conversations-unreachable"));
            return data;
        }
    };
    match state.store.user(&user).await {
        Ok(account) => {
            let next = data.auth.next.take();
            data.auth = auth_view(state, account.as_ref());
            data.auth.next = next;
        }
        Err(e) => tracing::error!("account: {e}"),
    }
    if page == Page::Admin && data.auth.is_admin {
        match state.store.list_users().await {
            Ok((users, anonymous)) => {
                let users = users
                    .into_iter()
                    .map(|u| {
                        let is_admin = state.config.auth.is_admin(&u.name, u.is_admin);
                        UserView { name: u.name, is_admin, conversations: u.conversations }
                    })
                    .collect();
                data.admin = Some(AdminView { users, anonymous });
            }
            Err(e) => tracing::error!("users: {e}"),
        }
    }
    if page == Page::Playground && crate::playground::may_open(state, &data.auth) {
        data.playground_bots = state
            .bots
            .all()
            .values()
            .map(|bot| colloquy_wire::BotFileView { name: bot.name.to_string(), text: bot.text.clone() })
            .collect();
    }
    // Secrets shown once (a key or a share link just made) leave the
    // session at the next page view, whichever page it is.
    let new_key = crate::api_keys::take_new_key(session).await;
    let new_share = crate::chat::sharing::take_new_share(session).await;
    if page == Page::Keys {
        data.api_keys = crate::api_keys::page(state, new_key, &user).await;
    }
    if let Some(id) = wanted.and_then(ConversationId::parse) {
        switch_variant_from_link(state, &user, &id, parts).await;
    }
    if let Err(e) = fill(state, &user, asker.client_ip(state), wanted, query, &mut data).await {
        tracing::error!("page data: {e}");
        data.error = Some(Said::new("error-conversations-unreachable"));
    }
    if let (Some(open), Some((conversation, token))) = (data.conversation.as_mut(), new_share) {
        if open.id == conversation {
            open.share = Some(token);
        }
    }
    data
}

async fn fill(
    state: &AppState,
    user: &UserId,
    address: Option<std::net::IpAddr>,
    wanted: Option<&str>,
    query: Option<&str>,
    data: &mut PageData,
) -> Result<(), colloquy_store::StoreError> {
    let store = &state.store;
    // The folder the sidebar shows (`?folder=ID`): one of the person's
    // own, else the page is not found (someone else's id tells nothing).
    let folders = store.list_folders(user).await?;
    let folder = match query_value(query, "folder").filter(|f| !f.is_empty()) {
        None => None,
        Some(wanted) => match folders.iter().find(|f| f.id.as_str() == wanted) {
            Some(folder) => Some(folder.id.clone()),
            None => {
                data.not_found = Some(Missing::Folder);
                return Ok(());
            }
        },
    };
    let shelf = folder.as_ref().map_or(Shelf::All, Shelf::Folder);
    data.folders = FoldersView {
        all: folders.iter().map(|f| FolderLink { id: f.id.to_string(), name: f.name.clone() }).collect(),
        shown: folder.as_ref().map(ToString::to_string),
    };
    data.sidebar = store
        .list_conversations(user, shelf, SIDEBAR_LIMIT)
        .await?
        .into_iter()
        .map(|c| ConversationLink {
            id: c.id.to_string(),
            title: c.title,
            pinned: c.pinned,
            folder: c.folder.map(|f| f.to_string()),
        })
        .collect();
    let q = query_value(query, "q");
    if let Some(q) = q.filter(|q| !q.trim().is_empty()) {
        let q: String = q.chars().take(MAX_QUERY_BYTES).collect();
        // Each search reads the index: budgeted per address and per user.
        if let Err(limited) = state.limits.check(colloquy_limits::Action::Search, user.as_str(), address).await {
            tracing::warn!(user = %user, "search rate-limited");
            data.error = Some(colloquy_chat::error::limited_message(limited, "error-too-fast-searching"));
            data.search = Some(SearchView { query: q, hits: Vec::new() });
            return Ok(());
        }
        // One result per conversation: its best (or newest) matching message.
        let mut hits: Vec<SearchHitView> = Vec::new();
        for hit in store.search(user, &q, shelf, SEARCH_LIMIT).await? {
            let conversation = hit.conversation.to_string();
            if !hits.iter().any(|h| h.conversation == conversation) {
                hits.push(SearchHitView { conversation, title: hit.title, snippet: hit.snippet });
            }
        }
        data.search = Some(SearchView { query: q, hits });
    }
    if let Some(wanted) = wanted {
        let Some(id) = ConversationId::parse(wanted) else {
            data.not_found = Some(Missing::Conversation);
            return Ok(());
        };
        match store.open_conversation_end(user, &id, i64::from(shown(query))).await {
            Ok((conversation, earlier, messages)) => {
                data.bot = conversation.bot.clone();
                data.conversation = Some(OpenConversation {
                    reply: state.replies.running_in(user.as_str(), id.as_str()),
                    id: id.to_string(),
                    title: conversation.title,
                    model: conversation.model,
                    messages: messages.iter().map(colloquy_chat::views::stored_view).collect(),
                    earlier: u32::try_from(earlier).unwrap_or(u32::MAX),
                    share: None,
                    shared: store.is_shared(user, &id).await?,
                });
            }
            Err(colloquy_store::StoreError::NotFound) => data.not_found = Some(Missing::Conversation),
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// How many of a conversation's newest messages the page shows: `?show=N`
/// (the no-JavaScript "Show earlier messages"), within bounds.
fn shown(query: Option<&str>) -> u32 {
    query_value(query, "show")
        .and_then(|n| n.parse::<u32>().ok())
        .map_or(CONVERSATION_WINDOW, |n| n.clamp(CONVERSATION_WINDOW, MAX_SHOWN))
}

async fn load_shared(state: &AppState, token: &str, query: Option<&str>, data: &mut PageData) {
    let Some(token) = colloquy_store::ShareToken::parse(token) else {
        data.not_found = Some(Missing::Conversation);
        return;
    };
    match state.store.shared_conversation_end(&token, i64::from(shown(query))).await {
        Ok((conversation, earlier, messages)) => {
            data.shared = Some(SharedView {
                title: conversation.title,
                messages: messages.iter().map(colloquy_chat::views::stored_view).collect(),
                earlier: u32::try_from(earlier).unwrap_or(u32::MAX),
            });
        }
        Err(colloquy_store::StoreError::NotFound) => data.not_found = Some(Missing::Conversation),
        Err(e) => {
            tracing::error!("shared conversation: {e}");
            data.error = Some(Said::new("error-shared-unreachable"));
        }
    }
}

/// What a page for nobody yet (no session) cannot show: the conversation
/// or the folder its address names is not theirs.
fn missing_without_user(wanted: Option<&str>, query: Option<&str>) -> Option<Missing> {
    if wanted.is_some() {
        Some(Missing::Conversation)
    } else if query_value(query, "folder").is_some_and(|f| !f.is_empty()) {
        Some(Missing::Folder)
    } else {
        None
    }
}

/// `?at=PLACE&variant=N&of=COUNT`: the "‹ 2 / 3 ›" links, followed without
/// JavaScript, show variant N of the message at PLACE of a conversation
/// that had COUNT messages. Only a link followed from this site (or typed)
/// switches: a page elsewhere must not change what someone's conversation
/// shows. A stale or wrong link changes nothing; the page shows what is
/// stored.
async fn switch_variant_from_link(state: &AppState, user: &UserId, id: &ConversationId, parts: &http::request::Parts) {
    let query = parts.uri.query();
    let number = |key| query_value(query, key).and_then(|v| v.parse::<i64>().ok());
    let (Some(place), Some(variant), Some(expect)) = (number("at"), number("variant"), number("of")) else {
        return;
    };
    let from_here = parts
        .headers
        .get("sec-fetch-site")
        .and_then(|site| site.to_str().ok())
        .is_none_or(|site| site == "same-origin" || site == "none");
    if !from_here {
        return;
    }
    match state.store.select_variant(user, id, expect, place, variant).await {
        Ok(_) | Err(colloquy_store::StoreError::Conflict | colloquy_store::StoreError::NotFound) => {}
        Err(e) => tracing::warn!("switching a variant from a link: {e}"),
    }
}

fn query_value(query: Option<&str>, key: &str) -> Option<String> {
    form_urlencoded::parse(query?.as_bytes()).find(|(k, _)| k == key).map(|(_, v)| v.into_owned())
}

/// Who is signed in, as the page shows it.
pub fn auth_view(state: &AppState, account: Option<&colloquy_store::Account>) -> AuthView {
    let auth = &state.config.auth;
    AuthView {
        mode: match auth.mode {
            colloquy_config::AuthMode::Open => colloquy_wire::SignInMode::Open,
            colloquy_config::AuthMode::Password => colloquy_wire::SignInMode::Password,
            colloquy_config::AuthMode::Proxy => colloquy_wire::SignInMode::Proxy,
        },
        signup: auth.signup,
        user: account.map(|a| a.name.clone()).filter(|name| !name.is_empty()),
        is_admin: account.is_some_and(|a| auth.is_admin(&a.name, a.is_admin)),
        next: None,
    }
}
