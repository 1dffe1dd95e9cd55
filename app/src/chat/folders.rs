//! Folders and pins in the sidebar: the person's folders as links that
//! filter the list (`?folder=ID`), a form to add one, rename or delete the
//! one shown (its conversations go back to the list), and in each
//! conversation's menu, Pin and Move to a folder. Every part is a plain
//! form that posts to a server function below and comes back to the page,
//! so it works without JavaScript and adds no script of its own.

use leptos::prelude::*;

use colloquy_wire::{AppError, FolderLink, FoldersView};

use crate::html::escape;
use crate::i18n::{t, tf};

/// A message as HTML text.
fn text(id: &'static str) -> String {
    escape(t(id))
}

#[cfg(feature = "ssr")]
mod ssr {
    pub use crate::request::prelude::*;
    pub use colloquy_store::FolderId;

    pub fn parse_folder(id: &str) -> Result<FolderId, AppError> {
        FolderId::parse(id).ok_or_else(|| AppError::not_found(Thing::Folder))
    }
}

/// Adds a folder, then shows it.
#[server(endpoint = "create_folder")]
pub async fn create_folder(name: String) -> Result<(), AppError> {
    use self::ssr::*;
    let request = Request::current()?;
    let user = request.acting_user().await?;
    let folder = request.state.store.create_folder(&user, &name).await.map_err(|e| store_error(Thing::Folder, e))?;
    leptos_axum::redirect(&format!("/?folder={}", folder.id));
    Ok(())
}

/// Renames one of the person's folders; back to the page.
#[server(endpoint = "rename_folder")]
pub async fn rename_folder(id: String, name: String) -> Result<(), AppError> {
    use self::ssr::*;
    let request = Request::current()?;
    let user = request.known_user(Thing::Folder).await?;
    let id = parse_folder(&id)?;
    request.state.store.rename_folder(&user, &id, &name).await.map_err(|e| store_error(Thing::Folder, e))
}

/// Deletes a folder; its conversations stay, back in the whole list.
#[server(endpoint = "delete_folder")]
pub async fn delete_folder(id: String) -> Result<(), AppError> {
    use self::ssr::*;
    let request = Request::current()?;
    let user = request.known_user(Thing::Folder).await?;
    let id = parse_folder(&id)?;
    request.state.store.delete_folder(&user, &id).await.map_err(|e| store_error(Thing::Folder, e))?;
    leptos_axum::redirect("/");
    Ok(())
}

/// Files a conversation into a folder (`folder` empty: into none).
#[server(endpoint = "move_conversation")]
pub async fn move_conversation(id: String, folder: String) -> Result<(), AppError> {
    use self::ssr::*;
    let request = Request::current()?;
    let user = request.known_user(Thing::Conversation).await?;
    let id = parse_conversation(&id)?;
    let folder = match folder.as_str() {
        "" => None,
        folder => Some(parse_folder(folder)?),
    };
    request.state.store.move_to_folder(&user, &id, folder.as_ref()).await.map_err(|e| store_error(Thing::Folder, e))
}

/// Pins a conversation to the top of the list, or unpins it.
#[server(endpoint = "pin_conversation")]
pub async fn pin_conversation(id: String, pinned: bool) -> Result<(), AppError> {
    use self::ssr::*;
    let request = Request::current()?;
    let user = request.known_user(Thing::Conversation).await?;
    let id = parse_conversation(&id)?;
    request.state.store.pin_conversation(&user, &id, pinned).await.map_err(|e| store_error(Thing::Conversation, e))
}

// The parts below are static links and forms, made as HTML text and set as
// their wrapper's markup (`inner_html`): hydration keeps the server's
// markup as it is, and a typed view of the same forms added some 6 KB
// (brotli) of code to the chat page's WASM. Every value in them is escaped.

/// The folders: links that filter the list, a form to add one, and the
/// shown one's rename and delete.
pub fn folders_html(folders: &FoldersView) -> String {
    let shown = folders.shown_folder();
    let mut html = format!(
        "<details class=\"folders\"{}><summary>{}</summary><ul><li><a href=\"/\"{}>{}</a></li>",
        if shown.is_some() { " open" } else { "" },
        text("folders"),
        current(shown.is_none()),
        text("folders.all"),
    );
    for folder in &folders.all {
        html.push_str(&format!(
            "<li><a href=\"/?folder={}\"{}>{}</a></li>",
            escape(&folder.id),
            current(folders.shown.as_deref() == Some(folder.id.as_str())),
            escape(&folder.name),
        ));
    }
    html.push_str(&format!(
        "</ul><form method=\"post\" action=\"/api/create_folder\" class=\"new-folder\">\
         <input type=\"text\" name=\"name\" required maxlength=\"100\" placeholder=\"{}\" aria-label=\"{}\">\
         <button type=\"submit\">{}</button></form>",
        text("folder-new"),
        text("folder-new.name"),
        text("folder-new.add"),
    ));
    if let Some(folder) = shown {
        html.push_str(&folder_menu_html(folder));
    }
    html.push_str("</details>");
    html
}

/// Rename or delete the folder shown.
fn folder_menu_html(folder: &FolderLink) -> String {
    let (id, name) = (escape(&folder.id), escape(&folder.name));
    let options = escape(&tf("folder-options", &[("folder", (&folder.name).into())]));
    let (rename, new_name) = (text("rename"), text("folder-rename.field"));
    let (open, question, delete) = (text("folder-delete.open"), text("folder-delete.question"), text("folder-delete"));
    format!(
        "<details class=\"folder-menu\"><summary>{options}</summary>\
         <form method=\"post\" action=\"/api/rename_folder\" class=\"rename\">\
         <input type=\"hidden\" name=\"id\" value=\"{id}\">\
         <input type=\"text\" name=\"name\" value=\"{name}\" required maxlength=\"100\" aria-label=\"{new_name}\">\
         <button type=\"submit\">{rename}</button></form>\
         <details class=\"confirm-delete\"><summary>{open}</summary>\
         <form method=\"post\" action=\"/api/delete_folder\"><input type=\"hidden\" name=\"id\" value=\"{id}\">\
         <p>{question}</p>\
         <button type=\"submit\" class=\"danger\">{delete}</button></form></details></details>"
    )
}

/// A conversation's Pin (or Unpin) and Move to a folder, in its menu.
pub fn pin_and_move_html(id: &str, pinned: bool, folder: Option<&str>, folders: &[FolderLink]) -> String {
    let id = escape(id);
    let mut html = format!(
        "<form method=\"post\" action=\"/api/pin_conversation\" class=\"pin\">\
         <input type=\"hidden\" name=\"id\" value=\"{id}\"><input type=\"hidden\" name=\"pinned\" value=\"{}\">\
         <button type=\"submit\">{}</button></form>",
        !pinned,
        if pinned { text("unpin") } else { text("pin") },
    );
    if !folders.is_empty() {
        html.push_str(&format!(
            "<form method=\"post\" action=\"/api/move_conversation\" class=\"move\">\
             <input type=\"hidden\" name=\"id\" value=\"{id}\"><select name=\"folder\" aria-label=\"{}\">\
             <option value=\"\"{}>{}</option>",
            text("folder"),
            selected(folder.is_none()),
            text("folder.none"),
        ));
        for f in folders {
            html.push_str(&format!(
                "<option value=\"{}\"{}>{}</option>",
                escape(&f.id),
                selected(folder == Some(f.id.as_str())),
                escape(&f.name),
            ));
        }
        html.push_str(&format!("</select><button type=\"submit\">{}</button></form>", text("folder.move")));
    }
    html
}

fn current(is: bool) -> &'static str {
    if is {
        " aria-current=\"page\""
    } else {
        ""
    }
}

fn selected(is: bool) -> &'static str {
    if is {
        " selected"
    } else {
        ""
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_name_cannot_break_out_of_its_markup() {
        let hostile = FolderLink { id: "0123".into(), name: "\"><script>alert(1)</script><b x='".into() };
        let folders = FoldersView { all: vec![hostile.clone()], shown: Some("0123".into()) };
        let html = folders_html(&folders);
        assert!(!html.contains("<script>") && !html.contains("<b x="), "{html}");
        assert!(html.contains("&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;b x=&#39;"), "{html}");
        assert!(html.contains(" open><summary>Folders</summary>"), "the shown folder's list is open");
        let item = pin_and_move_html("abc", true, Some("0123"), &[hostile]);
        assert!(!item.contains("<script>"), "{item}");
        assert!(item.contains("value=\"false\"") && item.contains(">Unpin<"), "{item}");
        assert!(item.contains("<option value=\"0123\" selected>"), "{item}");
    }
}
