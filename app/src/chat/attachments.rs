//! Files attached in the composer: picked with the button, dropped on the
//! page or pasted. Each is checked here for count, size and type (the
//! server checks again, by content), uploaded at once, and shown as a
//! preview with a remove button until the message is sent.

// The checks run in the browser (and in unit tests); the server build
// renders the components only.
#![cfg_attr(not(feature = "hydrate"), allow(dead_code))]

use leptos::prelude::*;

use crate::i18n::{t, tf};

use super::composer_files::{Sent, UploadState};
use super::conversation::Conversation;
use colloquy_wire::{FileKind, UploadSettings};

const IMAGE_TYPES: [&str; 4] = ["image/png", "image/jpeg", "image/webp", "image/gif"];
const AUDIO_TYPES: [&str; 5] = ["audio/wav", "audio/x-wav", "audio/wave", "audio/mpeg", "audio/mp3"];
const TEXT_EXTENSIONS: [&str; 36] = [
    "txt", "md", "markdown", "csv", "tsv", "json", "jsonl", "yaml", "yml", "toml", "xml", "html", "css", "js", "ts",
    "tsx", "jsx", "py", "rs", "go", "java", "c", "h", "cpp", "hpp", "cs", "rb", "php", "sh", "sql", "swift", "kt",
    "lua", "r", "ini", "log",
];

/// The kind a file claims to be, by its type and name. Only a first check,
/// for a quick message: the server decides by the bytes.
pub fn claimed_kind(mime: &str, name: &str) -> Option<FileKind> {
    let extension = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    if IMAGE_TYPES.contains(&mime) {
        Some(FileKind::Image)
    } else if AUDIO_TYPES.contains(&mime) || matches!(extension.as_str(), "wav" | "mp3") {
        Some(FileKind::Audio)
    } else if mime.starts_with("text/") || mime == "application/json" || TEXT_EXTENSIONS.contains(&extension.as_str()) {
        Some(FileKind::Text)
    } else {
        None
    }
}

/// The file picker's `accept` list for the configured kinds.
pub fn accept_list(kinds: &[FileKind]) -> String {
    let mut accept: Vec<String> = Vec::new();
    for kind in kinds {
        match kind {
            FileKind::Image => accept.extend(IMAGE_TYPES.iter().map(|t| t.to_string())),
            FileKind::Audio => accept.extend([".wav", ".mp3", "audio/wav", "audio/mpeg"].map(String::from)),
            FileKind::Text => {
                accept.push("text/*".into());
                accept.extend(TEXT_EXTENSIONS.iter().map(|e| format!(".{e}")));
            }
        }
    }
    accept.join(",")
}

/// What is wrong with adding a file of `size` bytes and claimed `kind` to
/// `count` files already attached, if anything.
pub fn check_file(
    settings: &UploadSettings,
    count: usize,
    name: &str,
    kind: Option<FileKind>,
    size: f64,
) -> Result<(), String> {
    if count >= settings.max_files {
        return Err(tf("file-too-many", &[("max", settings.max_files.into())]));
    }
    let Some(kind) = kind.filter(|k| settings.kinds.contains(k)) else {
        let kinds: Vec<&str> = settings.kinds.iter().map(|k| crate::i18n::kind_name(*k)).collect();
        return Err(tf("file-kind", &[("name", name.into()), ("kinds", (&kinds.join(", ")).into())]));
    };
    let limit = if kind == FileKind::Text { settings.max_text_bytes } else { settings.max_file_bytes };
    if size > limit as f64 {
        let (size, limit) = (human_size(size), human_size(limit as f64));
        return Err(tf("file-too-big", &[("name", name.into()), ("size", (&size).into()), ("limit", (&limit).into())]));
    }
    Ok(())
}

pub fn human_size(bytes: f64) -> String {
    if bytes < 1024.0 {
        format!("{bytes} B")
    } else if bytes < 1024.0 * 1024.0 {
        format!("{} KB", (bytes / 1024.0).round())
    } else {
        format!("{:.1} MB", bytes / (1024.0 * 1024.0))
    }
}

/// Adds files to the composer: checks each, then uploads it.
#[cfg(feature = "hydrate")]
pub fn add_files(conversation: Conversation, settings: &UploadSettings, files: Vec<web_sys::File>) {
    for file in files {
        let name = file.name();
        let kind = claimed_kind(&file.type_(), &name);
        let count = conversation.pending.with_untracked(Vec::len);
        if let Err(why) = check_file(settings, count, &name, kind, file.size()) {
            conversation.error.set(Some(why));
            continue;
        }
        let kind = kind.unwrap_or(FileKind::Text);
        let preview =
            (kind == FileKind::Image).then(|| web_sys::Url::create_object_url_with_blob(&file).ok()).flatten();
        let pending = conversation.add_pending(name, kind, preview);
        leptos::task::spawn_local(async move {
            pending.state.set(match upload(file).await {
                Ok(view) => UploadState::Ready(view),
                Err(why) => UploadState::Failed(why),
            });
        });
    }
}

/// Sends one file to `/api/upload`.
#[cfg(feature = "hydrate")]
async fn upload(file: web_sys::File) -> Result<colloquy_wire::AttachmentView, String> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;

    #[derive(serde::Deserialize)]
    struct Refusal {
        error: String,
        /// The same words, for the page to say in its language.
        #[serde(default)]
        said: Option<colloquy_wire::Said>,
    }
    let offline = || t("upload-failed").to_string();
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(&file);
    let url = format!("/api/upload?name={}", js_sys::encode_uri_component(&file.name()));
    let response: web_sys::Response =
        JsFuture::from(window().fetch_with_str_and_init(&url, &init)).await.map_err(|_| offline())?.unchecked_into();
    let text = match response.text() {
        Ok(promise) => JsFuture::from(promise).await.ok().and_then(|t| t.as_string()).unwrap_or_default(),
        Err(_) => String::new(),
    };
    if response.ok() {
        serde_json::from_str(&text).map_err(|_| offline())
    } else {
        Err(serde_json::from_str::<Refusal>(&text)
            .map(|r| r.said.as_ref().map_or(r.error, crate::i18n::say))
            .unwrap_or_else(|_| tf("upload-failed.status", &[("status", (&response.status().to_string()).into())])))
    }
}

/// The files in the composer, each with its preview, state and a remove
/// button.
#[component]
pub fn AttachmentTray() -> impl IntoView {
    let conversation = expect_context::<Conversation>();
    view! {
        <Show when=move || conversation.pending.with(|p| !p.is_empty())>
            <ul class="attachment-tray" aria-label=t("attached-files")>
                <For
                    each=move || conversation.pending.get()
                    key=|pending| pending.key
                    children=move |pending| {
                        let state = pending.state;
                        let key = pending.key;
                        let status = move || match state.get() {
                            UploadState::Uploading => ("uploading", t("uploading").to_string()),
                            UploadState::Ready(view) => ("ready", human_size(view.size as f64)),
                            UploadState::Failed(why) => ("failed", why),
                        };
                        view! {
                            <li class="attachment" data-kind=pending.kind.as_str() data-state=move || status().0>
                                {pending.preview.map(|src| view! { <img src=src alt=""/> })}
                                <span class="attachment-name">{pending.name.clone()}</span>
                                <span class="attachment-status" role="status">{move || status().1}</span>
                                <button
                                    type="button"
                                    class="remove-attachment"
                                    aria-label=tf("file-remove", &[("name", (&pending.name).into())])
                                    on:click=move |_| conversation.remove_pending(key)
                                >
                                    "×"
                                </button>
                            </li>
                        }
                    }
                />
            </ul>
        </Show>
    }
}

/// The files that went with a sent message.
#[component]
pub fn SentAttachments(attachments: Vec<Sent>) -> impl IntoView {
    (!attachments.is_empty()).then(|| {
        view! {
            <ul class="sent-attachments">
                {attachments
                    .into_iter()
                    .map(|sent| {
                        let name = sent.view.name.clone();
                        // Stored files come back from the server, the
                        // person's own only; a fresh upload shows its local copy.
                        let href = format!("/files/{}", sent.view.id);
                        let is_image = sent.view.kind == FileKind::Image;
                        let src = sent.preview.or_else(|| is_image.then(|| href.clone()));
                        view! {
                            <li class="attachment" data-kind=sent.view.kind.as_str()>
                                {src.map(|src| view! { <img src=src alt=name.clone() loading="lazy"/> })}
                                <a class="attachment-name" href=href download=name.clone()>{sent.view.name}</a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> UploadSettings {
        UploadSettings {
            max_files: 2,
            max_file_bytes: 1000,
            max_text_bytes: 100,
            kinds: vec![FileKind::Image, FileKind::Text],
        }
    }

    #[test]
    fn kinds_are_claimed_by_type_or_extension() {
        assert_eq!(claimed_kind("image/png", "a.png"), Some(FileKind::Image));
        assert_eq!(claimed_kind("", "main.RS"), Some(FileKind::Text));
        assert_eq!(claimed_kind("application/json", "x"), Some(FileKind::Text));
        assert_eq!(claimed_kind("audio/mpeg", "song.mp3"), Some(FileKind::Audio));
        assert_eq!(claimed_kind("application/pdf", "paper.pdf"), None);
        assert_eq!(claimed_kind("image/svg+xml", "logo.svg"), None, "SVG can carry script");
    }

    #[test]
    fn count_size_and_kind_are_checked_with_a_reason() {
        let s = settings();
        assert_eq!(check_file(&s, 0, "a.png", Some(FileKind::Image), 1000.0), Ok(()));
        assert_eq!(
            check_file(&s, 2, "a.png", Some(FileKind::Image), 10.0),
            Err("A message can carry at most 2 files.".into())
        );
        assert_eq!(
            check_file(&s, 0, "big.png", Some(FileKind::Image), 2048.0),
            Err("big.png is 2 KB; the limit is 1000 B.".into())
        );
        assert_eq!(
            check_file(&s, 0, "long.txt", Some(FileKind::Text), 101.0),
            Err("long.txt is 101 B; the limit is 100 B.".into())
        );
        assert_eq!(
            check_file(&s, 0, "song.mp3", Some(FileKind::Audio), 10.0),
            Err("song.mp3 is not a file type this chat takes (image, text).".into())
        );
        assert_eq!(human_size(5.0 * 1024.0 * 1024.0), "5.0 MB");
    }
}
