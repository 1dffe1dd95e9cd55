//! What can be done with the open conversation besides chatting: export it
//! (Markdown to read, JSON to import again) and share it read-only through
//! a link that its owner can revoke. Plain links and forms, so they work
//! without JavaScript.

use leptos::prelude::*;

use super::conversation::Conversation;

/// The header's "Share and export" menu, once the conversation is stored.
#[component]
pub fn ConversationActions(share: Option<String>) -> impl IntoView {
    let conversation = expect_context::<Conversation>();
    // The share token is known for the conversation the page was loaded
    // with; one begun in this page has none yet.
    let loaded_id = conversation.id.get_untracked();
    let share = StoredValue::new(share);
    move || {
        let id = conversation.id.get()?;
        let share = share.get_value().filter(|_| loaded_id.as_deref() == Some(id.as_str()));
        Some(view! {
            <details class="conversation-actions">
                <summary>"Share / export"</summary>
                <div class="actions-panel">
                    <a href=format!("/c/{id}/export.md") download>"Export as Markdown"</a>
                    <a href=format!("/c/{id}/export.json") download>"Export as JSON"</a>
                    {match share {
                        Some(token) => {
                            let link = format!("/s/{token}");
                            let href = link.clone();
                            view! {
                                <p class="share-link">
                                    "Anyone with this link can read this conversation: "
                                    <a href=href class="share-url">{link}</a>
                                </p>
                                <form method="post" action="/api/stop_sharing">
                                    <input type="hidden" name="id" value=id.clone()/>
                                    <button type="submit">"Stop sharing"</button>
                                </form>
                            }
                                .into_any()
                        }
                        None => {
                            view! {
                                <form method="post" action="/api/share_conversation">
                                    <input type="hidden" name="id" value=id.clone()/>
                                    <button type="submit">"Create a read-only link"</button>
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

/// Makes (or finds) the conversation's read-only link, then shows it.
#[server(endpoint = "share_conversation")]
pub async fn share_conversation(id: String) -> Result<String, ServerFnError> {
    use super::server_fns::ssr_helpers::*;
    let state = app_state()?;
    let user = known_user(&state, "conversation").await?;
    let id = parse_conversation(&id)?;
    let token = state.store.share_conversation(&user, &id).await.map_err(|e| store_error("conversation", e))?;
    tracing::info!(conversation = %id, "share link made");
    leptos_axum::redirect(&format!("/c/{id}"));
    Ok(format!("/s/{token}"))
}

/// Ends the conversation's share links: they find nothing afterwards.
#[server(endpoint = "stop_sharing")]
pub async fn stop_sharing(id: String) -> Result<(), ServerFnError> {
    use super::server_fns::ssr_helpers::*;
    let state = app_state()?;
    let user = known_user(&state, "conversation").await?;
    let id = parse_conversation(&id)?;
    state.store.revoke_share(&user, &id).await.map_err(|e| store_error("conversation", e))?;
    tracing::info!(conversation = %id, "share link revoked");
    leptos_axum::redirect(&format!("/c/{id}"));
    Ok(())
}
