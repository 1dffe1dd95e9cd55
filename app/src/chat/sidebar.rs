//! The person's conversations: new chat, folders, search, and the list
//! (pinned ones first), each with rename, pin, move and delete, and
//! importing an exported conversation. Every part is a link or a plain form, so it works
//! before (and without) JavaScript; on phones it is a drawer.

use leptos::prelude::*;

use crate::i18n::{t, tf};

use super::conversation::Conversation;
use super::folders::{folders_html, pin_and_move_html};
use colloquy_wire::{ConversationLink, FolderLink, SearchView};

#[component]
pub fn Sidebar(search: Option<SearchView>, settings: colloquy_wire::PageSettings) -> impl IntoView {
    let conversation = expect_context::<Conversation>();
    let query = search.as_ref().map(|s| s.query.clone()).unwrap_or_default();
    // A new chat is with this page's bot.
    let new_chat = match settings.bot.as_str() {
        "" => "/".to_string(),
        bot => format!("/bots/{bot}"),
    };
    let has_bots = !settings.bots.is_empty();
    let playground = settings.playground;
    let folders = settings.folders.clone();
    // A search within the folder shown.
    let (search_placeholder, search_folder) = match folders.shown_folder() {
        Some(folder) => (tf("search-in", &[("folder", (&folder.name).into())]), Some(folder.id.clone())),
        None => (t("search").to_string(), None),
    };
    let folder_list = StoredValue::new(folders.all.clone());
    view! {
        // A checkbox, not a script, opens the drawer on narrow screens.
        <input type="checkbox" id="sidebar-toggle" class="sidebar-toggle" aria-label=t("conversations.show")/>
        <label for="sidebar-toggle" class="sidebar-button" title=t("conversations")>
            <super::icons::Menu/>
            <span class="sr-only">{t("conversations")}</span>
        </label>
        <nav class="sidebar" aria-label=t("conversations")>
            <a class="new-chat" href=new_chat>{t("new-chat")}</a>
            {(has_bots || playground).then(|| view! {
                <p class="app-links">
                    {has_bots.then(|| view! { <a class="all-bots" href="/bots">{t("all-bots")}</a> })}
                    {playground.then(|| view! { <a class="playground-link" href="/playground">{t("playground")}</a> })}
                </p>
            })}
            <div class="folders-part" inner_html=folders_html(&folders)></div>
            <form class="search" method="get" action="/" role="search">
                {search_folder.map(|id| view! { <input type="hidden" name="folder" value=id/> })}
                <input type="search" name="q" value=query placeholder=search_placeholder.clone() aria-label=search_placeholder/>
            </form>
            {search.map(|search| view! { <SearchResults search/> })}
            <ul class="conversation-list">
                <For
                    each=move || conversation.sidebar.get()
                    key=|link| (link.id.clone(), link.title.clone(), link.pinned)
                    children=move |link| view! { <ConversationItem link folders=folder_list/> }
                />
            </ul>
            <details class="import">
                <summary>{t("import")}</summary>
                <form method="post" action="/api/import" enctype="multipart/form-data">
                    <input type="file" name="file" accept=".json,application/json" required aria-label=t("import.file")/>
                    <button type="submit">{t("import.button")}</button>
                </form>
            </details>
            <a class="api-keys-link" href="/keys">{t("api-keys")}</a>
            <crate::language_picker::LanguagePicker/>
            <crate::account::SignedIn settings/>
        </nav>
    }
}

#[component]
fn SearchResults(search: SearchView) -> impl IntoView {
    let count = search.hits.len();
    view! {
        <section class="search-results" aria-label=t("search-results")>
            <p class="note" role="status">
                {match count {
                    0 => tf("search-nothing", &[("query", (&search.query).into())]),
                    n => tf("search-matches", &[("count", n.into())]),
                }}
            </p>
            <ul>
                {search
                    .hits
                    .into_iter()
                    .map(|hit| {
                        view! {
                            <li>
                                <a href=format!("/c/{}", hit.conversation)>
                                    <strong>{hit.title}</strong>
                                    <span class="snippet">{hit.snippet}</span>
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

/// One conversation: its link, and a menu to rename, pin, move or
/// delete it.
#[component]
fn ConversationItem(link: ConversationLink, folders: StoredValue<Vec<FolderLink>>) -> impl IntoView {
    let conversation = expect_context::<Conversation>();
    let id = link.id.clone();
    let id_value = StoredValue::new(id.clone());
    let current =
        move || conversation.id.with(|current| id_value.with_value(|id| current.as_deref() == Some(id.as_str())));
    let title = link.title.clone();
    let pinned = link.pinned;
    view! {
        <li class="conversation-item" class:current=current class:pinned=pinned>
            <a href=format!("/c/{}", link.id) aria-current=move || current().then_some("page")>
                {pinned.then(|| view! {
                    <span class="pin-mark" aria-hidden="true">"📌"</span>
                    <span class="sr-only">{t("pinned")}" "</span>
                })}
                {link.title.clone()}
            </a>
            <details class="conversation-menu">
                <summary aria-label=tf("conversation-options", &[("title", (&link.title).into())])>"⋯"</summary>
                <form method="post" action="/api/rename_conversation" class="rename">
                    <input type="hidden" name="id" value=id.clone()/>
                    <input
                        type="text"
                        name="title"
                        value=title
                        required
                        maxlength="200"
                        aria-label=t("rename.field")
                    />
                    <button type="submit">{t("rename")}</button>
                </form>
                <div
                    class="pin-and-move"
                    inner_html=folders.with_value(|all| pin_and_move_html(&id, pinned, link.folder.as_deref(), all))
                ></div>
                <details class="confirm-delete">
                    <summary>{t("delete.open")}</summary>
                    <form method="post" action="/api/delete_conversation">
                        <input type="hidden" name="id" value=id/>
                        <p>{t("delete.question")}</p>
                        <button type="submit" class="danger">{t("delete")}</button>
                    </form>
                </details>
            </details>
        </li>
    }
}
