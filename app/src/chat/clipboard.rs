//! Copying text to the clipboard, and the copy buttons inside rendered
//! code blocks (plain HTML from the markdown renderer, so their clicks are
//! handled by delegation from the message list).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::t;

/// Copies `text`; true if the browser accepted it.
pub async fn copy(text: String) -> bool {
    #[cfg(feature = "hydrate")]
    {
        let Some(window) = web_sys::window() else {
            return false;
        };
        let promise = window.navigator().clipboard().write_text(&text);
        wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = text;
        false
    }
}

/// A button that copies `text` (read when clicked) and says "Copied" for
/// a moment if that worked.
#[component]
pub fn CopyButton(
    label: &'static str,
    class: &'static str,
    title: &'static str,
    #[prop(into)] text: Signal<String>,
    #[prop(optional, into)] disabled: Signal<bool>,
) -> impl IntoView {
    let copied = RwSignal::new(false);
    let on_click = move |_| {
        let text = text.get_untracked();
        leptos::task::spawn_local(async move {
            if copy(text).await {
                copied.set(true);
                set_timeout(move || copied.set(false), std::time::Duration::from_millis(1500));
            }
        });
    };
    view! {
        <button type="button" class=class title=title disabled=move || disabled.get() on:click=on_click>
            {move || if copied.get() { t("copied") } else { label }}
        </button>
    }
}

/// Handles a click anywhere in the message list: a click on a code block's
/// Copy button copies that block's code and says so on the button.
pub fn on_message_list_click(ev: leptos::ev::MouseEvent) {
    let Some(button) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else {
        return;
    };
    if !button.class_list().contains("copy-code") {
        return;
    }
    let code = button
        .closest(".code-block")
        .ok()
        .flatten()
        .and_then(|block| block.query_selector("code").ok().flatten())
        .and_then(|code| code.text_content())
        .unwrap_or_default();
    leptos::task::spawn_local(async move {
        let done = copy(code).await;
        let said = button.text_content().unwrap_or_default();
        button.set_text_content(Some(if done { t("copied") } else { t("copy-failed") }));
        set_timeout(move || button.set_text_content(Some(&said)), std::time::Duration::from_millis(1500));
    });
}
