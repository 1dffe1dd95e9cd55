//! What a page shows of the person's stored conversations: the one at its
//! address, the sidebar, search results. Loaded by the server before it
//! renders the page (the settings in the page's head carry it to the
//! browser), so the page arrives whole, with or without JavaScript.

use colloquy_store::{ConversationId, StoredMessage, UserId};
use tower_sessions::Session;

use crate::chat::wire::{ConversationLink, OpenConversation, Rating, SearchHitView, SearchView, Speaker, StoredView};
use crate::state::AppState;

/// Conversations listed in the sidebar.
pub const SIDEBAR_LIMIT: i64 = 200;
/// Search results shown.
pub const SEARCH_LIMIT: i64 = 50;
/// The longest search query taken, in bytes.
pub const MAX_QUERY_BYTES: usize = 500;

/// The stored part of a page.
#[derive(Debug, Clone, Default)]
pub struct PageData {
    pub conversation: Option<OpenConversation>,
    pub sidebar: Vec<ConversationLink>,
    pub search: Option<SearchView>,
    pub not_found: bool,
    pub draft: Option<String>,
    pub error: Option<String>,
}

/// Loads what the page at `path` (with `query`, the URL's query string)
/// shows to the session's user.
pub async fn load(state: &AppState, session: Option<&Session>, path: &str, query: Option<&str>) -> PageData {
    let mut data = PageData::default();
    let wanted = path.strip_prefix("/c/");
    let Some(session) = session else {
        data.not_found = wanted.is_some();
        return data;
    };
    match crate::identity::take_flash(session).await {
        Ok(Some((draft, error))) => {
            data.draft = Some(draft);
            data.error = Some(error);
        }
        Ok(None) => {}
        Err(e) => tracing::warn!("flash: {e}"),
    }
    let user = match crate::identity::session_user(session, &state.config.auth, &state.store, false).await {
        Ok(Some(user)) => user,
        Ok(None) => {
            data.not_found = wanted.is_some();
            return data;
        }
        Err(e) => {
            tracing::error!("identity: {e}");
            data.error = Some("Your conversations cannot be reached right now; try again shortly.".into());
            return data;
        }
    };
    if let Err(e) = fill(state, &user, wanted, query, &mut data).await {
        tracing::error!("page data: {e}");
        data.error = Some("Your conversations cannot be reached right now; try again shortly.".into());
    }
    data
}

async fn fill(
    state: &AppState,
    user: &UserId,
    wanted: Option<&str>,
    query: Option<&str>,
    data: &mut PageData,
) -> Result<(), colloquy_store::StoreError> {
    let store = &state.store;
    data.sidebar = store
        .list_conversations(user, SIDEBAR_LIMIT)
        .await?
        .into_iter()
        .map(|c| ConversationLink { id: c.id.to_string(), title: c.title })
        .collect();
    let q = query.and_then(|query| {
        form_urlencoded::parse(query.as_bytes()).find(|(k, _)| k == "q").map(|(_, v)| v.into_owned())
    });
    if let Some(q) = q.filter(|q| !q.trim().is_empty()) {
        let q: String = q.chars().take(MAX_QUERY_BYTES).collect();
        // One result per conversation: its best (or newest) matching message.
        let mut hits: Vec<SearchHitView> = Vec::new();
        for hit in store.search(user, &q, SEARCH_LIMIT).await? {
            let conversation = hit.conversation.to_string();
            if !hits.iter().any(|h| h.conversation == conversation) {
                hits.push(SearchHitView { conversation, title: hit.title, snippet: hit.snippet });
            }
        }
        data.search = Some(SearchView { query: q, hits });
    }
    if let Some(wanted) = wanted {
        let Some(id) = ConversationId::parse(wanted) else {
            data.not_found = true;
            return Ok(());
        };
        match store.open_conversation(user, &id).await {
            Ok((conversation, messages)) => {
                data.conversation = Some(OpenConversation {
                    reply: state.replies.running_in(user.as_str(), id.as_str()),
                    id: id.to_string(),
                    title: conversation.title,
                    model: conversation.model,
                    messages: messages.iter().map(stored_view).collect(),
                });
            }
            Err(colloquy_store::StoreError::NotFound) => data.not_found = true,
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

fn stored_view(message: &StoredMessage) -> StoredView {
    StoredView {
        role: match message.role {
            colloquy_store::Role::User => Speaker::User,
            colloquy_store::Role::Assistant => Speaker::Assistant,
        },
        content: message.content.clone(),
        reasoning: message.reasoning.clone(),
        attachments: serde_json::from_str(&message.attachments).unwrap_or_default(),
        status: message.status.as_str().to_string(),
        error: message.error.clone(),
        rating: match message.rating.as_deref() {
            Some("like") => Some(Rating::Like),
            Some("dislike") => Some(Rating::Dislike),
            _ => None,
        },
    }
}
