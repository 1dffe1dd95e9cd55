//! What can be done with the open conversation besides chatting: export it
//! (Markdown to read, JSON to import again) and share it read-only through
//! a link that its owner can revoke. Plain links and forms, so they work
//! without JavaScript.

use colloquy_wire::AppError;
use leptos::prelude::*;

use crate::i18n::t;

use super::conversation::Conversation;

/// Where a share link just made waits for the page that shows it, once.
#[cfg(feature = "ssr")]
const NEW_SHARE: &str = "new_share";

/// The share link just made for conversation `id`, if there is one; any
/// waiting one is removed, whichever page asks, so the token stays in the
/// session only until the next page view.
#[cfg(feature = "ssr")]
pub async fn take_new_share(session: &tower_sessions::Session) -> Option<(String, String)> {
    session.remove::<(String, String)>(NEW_SHARE).await.unwrap_or_else(|e| {
        tracing::warn!("new share link: {e}");
        None
    })
}

/// The header's "Share and export" menu, once the conversation is stored.
/// `share`: a link just made (shown once); `shared`: it has one.
#[component]
pub fn ConversationActions(share: Option<String>, shared: bool) -> impl IntoView {
    let conversation = expect_context::<Conversation>();
    // The share state is known for the conversation the page was loaded
    // with; one begun in this page has none yet.
    let loaded_id = conversation.id.get_untracked();
    let share = StoredValue::new(share);
    move || {
        let id = conversation.id.get()?;
        let this_page = loaded_id.as_deref() == Some(id.as_str());
        let share = share.get_value().filter(|_| this_page);
        let shared = shared && this_page;
        Some(view! {
            <details class="conversation-actions">
                <summary>{t("share")}</summary>
                <div class="actions-panel">
                    <a href=format!("/c/{id}/export.md") download>{t("export-markdown")}</a>
                    <a href=format!("/c/{id}/export.json") download>{t("export-json")}</a>
                    {match share {
                        Some(token) => {
                            let link = format!("/s/{token}");
                            let href = link.clone();
                            view! {
                                <p class="share-link">
                                    {t("share-link")}
                                    " "
                                    <a href=href class="share-url">{link}</a>
                                </p>
                                <p class="note">{t("share-link.once")}</p>
                                <form method="post" action="/api/stop_sharing">
                                    <input type="hidden" name="id" value=id.clone()/>
                                    <button type="submit">{t("share-stop")}</button>
                                </form>
                            }
                                .into_any()
                        }
                        None if shared => {
                            view! {
                                <p class="share-link">
                                    {t("share-shared")}
                                </p>
                                <form method="post" action="/api/share_conversation">
                                    <input type="hidden" name="id" value=id.clone()/>
                                    <button type="submit">{t("share-renew")}</button>
                                </form>
                                <form method="post" action="/api/stop_sharing">
                                    <input type="hidden" name="id" value=id.clone()/>
                                    <button type="submit">{t("share-stop")}</button>
                                </form>
                            }
                                .into_any()
                        }
                        None => {
                            view! {
                                <form method="post" action="/api/share_conversation">
                                    <input type="hidden" name="id" value=id.clone()/>
                                    <button type="submit">{t("share-create")}</button>
                                </form>
                            }
                                .into_any()
                        }
                    }}
                </div>
            </details>
        })
    }
}

/// Makes the conversation's read-only link (a new one replaces any
/// earlier), then shows it once: it waits in the session for the next page
/// view only.
#[server(endpoint = "share_conversation")]
pub async fn share_conversation(id: String) -> Result<String, AppError> {
    use crate::request::prelude::*;
    let request = Request::current()?;
    let state = &request.state;
    let user = request.known_user(Thing::Conversation).await?;
    let id = parse_conversation(&id)?;
    let token = state.store.share_conversation(&user, &id).await.map_err(|e| store_error(Thing::Conversation, e))?;
    if let Some(session) = request.session() {
        session
            .insert(NEW_SHARE, (id.to_string(), token.to_string()))
            .await
            .map_err(|e| server_error("error-session", e))?;
    }
    tracing::info!(conversation = %id, "share link made");
    leptos_axum::redirect(&format!("/c/{id}"));
    Ok(format!("/s/{token}"))
}

/// Ends the conversation's share links: they find nothing afterwards.
#[server(endpoint = "stop_sharing")]
pub async fn stop_sharing(id: String) -> Result<(), AppError> {
    use crate::request::prelude::*;
    let request = Request::current()?;
    let state = &request.state;
    let user = request.known_user(Thing::Conversation).await?;
    let id = parse_conversation(&id)?;
    state.store.revoke_share(&user, &id).await.map_err(|e| store_error(Thing::Conversation, e))?;
    tracing::info!(conversation = %id, "share link revoked");
    leptos_axum::redirect(&format!("/c/{id}"));
    Ok(())
}
