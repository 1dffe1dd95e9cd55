use leptos::ev::KeyboardEvent;
use leptos::prelude::*;

use super::conversation::Conversation;

/// The input box with Send / Stop and Clear.
#[component]
pub fn Composer() -> impl IntoView {
    let conversation = expect_context::<Conversation>();
    let input = conversation.input;
    keep_text_typed_before_hydration(input);
    let busy = move || conversation.reply_active();

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
        <form
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
            <textarea
                name="message"
                rows="2"
                placeholder="Type a message… (Enter to send, Shift+Enter for a new line)"
                aria-label="Message"
                prop:value=move || input.get()
                on:input=move |ev| {
                    input.set(event_target_value(&ev));
                    conversation.error.set(None);
                }
                on:keydown=on_keydown
            ></textarea>
            <div class="composer-actions">
                <Show
                    when=busy
                    fallback=move || {
                        view! {
                            <button type="submit" class="send" disabled=move || input.with(|t| t.trim().is_empty())>
                                "Send"
                            </button>
                        }
                    }
                >
                    <button type="button" class="stop" on:click=move |_| conversation.stop()>
                        "Stop"
                    </button>
                </Show>
                <button
                    type="button"
                    class="undo"
                    title="Remove the last turn and put your message back in the box"
                    disabled=move || !conversation.can_undo()
                    on:click=move |_| conversation.undo()
                >
                    "Undo"
                </button>
                <button type="button" class="clear" on:click=move |_| conversation.clear()>
                    "Clear"
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
