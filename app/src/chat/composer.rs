use leptos::ev::KeyboardEvent;
use leptos::prelude::*;

use crate::i18n::t;

#[cfg(feature = "hydrate")]
use super::attachments::add_files;
use super::attachments::{accept_list, AttachmentTray};
use super::compare::CompareButton;
use super::conversation::Conversation;
use super::recorder::RecordButton;
use super::speech::DictateButton;
use colloquy_wire::UploadSettings;

/// The input box with Send / Stop and Undo.
#[component]
pub fn Composer() -> impl IntoView {
    let conversation = expect_context::<Conversation>();
    let renderer = expect_context::<super::reply_text::MarkdownRenderer>();
    let input = conversation.input;
    let bot = conversation.bot_name();
    keep_text_typed_before_hydration(input);
    let busy = move || conversation.reply_active();
    let uploads = use_context::<Option<UploadSettings>>().flatten();
    let attach_button = uploads.clone().map(|settings| view! { <AttachButton settings/> });
    let record_button = uploads
        .clone()
        .filter(|settings| settings.kinds.contains(&colloquy_wire::FileKind::Audio))
        .map(|settings| view! { <RecordButton settings/> });

    let send = move || {
        let text = input.get_untracked();
        if conversation.send(text) {
            input.set(String::new());
        }
    };
    let on_keydown = move |ev: KeyboardEvent| {
        // Enter sends; Shift+Enter is a new line; Enter while an input method
        // is composing (CJK) belongs to the input method.
        if ev.key() == "Enter" && !ev.shift_key() && !ev.is_composing() {
            ev.prevent_default();
            if !busy() {
                send();
            }
        }
        // Up in an empty box edits the last message, as in chat apps.
        if ev.key() == "ArrowUp" && input.with_untracked(String::is_empty) && conversation.edit_last() {
            ev.prevent_default();
        }
    };
    // Escape stops a reply from anywhere on the page.
    #[cfg(feature = "hydrate")]
    {
        let handle = window_event_listener(leptos::ev::keydown, move |ev| {
            if ev.key() == "Escape" && conversation.reply_active() {
                ev.prevent_default();
                conversation.stop();
            }
        });
        on_cleanup(move || handle.remove());
    }
    view! {
        // Without JavaScript the form posts to `post_message`, and the
        // reply shows after the page reloads; once hydrated, submitting is
        // handled here and the reply streams.
        <form
            id="composer"
            method="post"
            action="/api/post_message"
            class="composer"
            on:submit=move |ev| {
                ev.prevent_default();
                send();
            }
        >
            {move || {
                conversation
                    .error
                    .get()
                    .map(|message| view! { <p class="composer-error" role="alert">{message}</p> })
            }}
            // Which conversation a post without JavaScript continues, and
            // how many messages it showed.
            <input type="hidden" name="conversation" value=move || conversation.id.get().unwrap_or_default()/>
            <input type="hidden" name="expect" value=move || conversation.message_count().to_string()/>
            <input type="hidden" name="bot" value=bot/>
            <AttachmentTray/>
            <textarea
                name="message"
                rows="2"
                placeholder=t("message.placeholder")
                aria-label=t("message")
                prop:value=move || input.get()
                on:input=move |ev| {
                    input.set(event_target_value(&ev));
                    conversation.error.set(None);
                    // Someone typing will soon see a reply: fetch its renderer.
                    renderer.prepare();
                }
                on:keydown=on_keydown
                on:paste=move |ev| {
                    // Pasted files (a screenshot) are attached; pasted text
                    // is left to the browser.
                    #[cfg(feature = "hydrate")]
                    if let Some(uploads) = &uploads {
                        let files = file_list(ev.clipboard_data().and_then(|d| d.files()));
                        if !files.is_empty() {
                            ev.prevent_default();
                            add_files(conversation, uploads, files);
                        }
                    }
                    #[cfg(not(feature = "hydrate"))]
                    let _ = ev;
                }
            >
                // The server's HTML carries the text (a draft put back after
                // a failed post without JavaScript).
                {input.get_untracked()}
            </textarea>
            <div class="composer-actions">
                {attach_button}
                <DictateButton/>
                {record_button}
                <CompareButton/>
                <Show
                    when=busy
                    fallback=move || {
                        view! {
                            <button
                                type="submit"
                                class="send"
                                // Never disabled in the server's HTML: without
                                // JavaScript nothing would enable it again.
                                disabled=move || {
                                    conversation.hydrated.get()
                                        && input.with(|t| t.trim().is_empty())
                                        && conversation.pending.with(Vec::is_empty)
                                }
                            >
                                {t("send")}
                            </button>
                        }
                    }
                >
                    <button type="button" class="stop" on:click=move |_| conversation.stop()>
                        {t("stop")}
                    </button>
                </Show>
                <button
                    type="button"
                    class="undo"
                    title=t("undo.title")
                    disabled=move || !conversation.can_undo()
                    on:click=move |_| conversation.undo()
                >
                    {t("undo")}
                </button>
            </div>
        </form>
    }
}

/// On a slow connection people type into the server-rendered box before the
/// WASM arrives; hydrating the box's value from an empty signal would erase
/// that text. Start the signal from what is already in the box instead.
fn keep_text_typed_before_hydration(input: RwSignal<String>) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let typed = document()
            .query_selector("textarea[name=message]")
            .ok()
            .flatten()
            .and_then(|el| el.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
            .map(|el| el.value())
            .unwrap_or_default();
        // Set after hydration, so that everything depending on the text (the
        // Send button's state) updates too; hydration itself trusts the
        // server's HTML and would not.
        if !typed.is_empty() {
            Effect::new(move |_| input.set(typed.clone()));
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = input;
}

/// Opens the file picker: a label styled as a button, around a hidden
/// file input (so it works with the keyboard and screen readers as the
/// input itself).
#[component]
fn AttachButton(settings: UploadSettings) -> impl IntoView {
    let conversation = expect_context::<Conversation>();
    let accept = accept_list(&settings.kinds);
    view! {
        <label class="attach" title=t("attach.title")>
            <input
                type="file"
                multiple
                accept=accept
                aria-label=t("attach")
                on:change=move |ev| {
                    #[cfg(feature = "hydrate")]
                    {
                        let element = event_target::<web_sys::HtmlInputElement>(&ev);
                        add_files(conversation, &settings, file_list(element.files()));
                        // The same file can then be picked again.
                        element.set_value("");
                    }
                    #[cfg(not(feature = "hydrate"))]
                    let _ = (ev, &settings, conversation);
                }
            />
            <super::icons::Paperclip/>
        </label>
    }
}

/// The files of a browser `FileList`.
#[cfg(feature = "hydrate")]
pub fn file_list(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}
