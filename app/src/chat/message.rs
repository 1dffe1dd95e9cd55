use leptos::prelude::*;

use super::conversation::{Message, MessageStatus};
use super::wire::Speaker;

/// One message. Text is inserted as text, never as HTML: model output is
/// untrusted.
#[component]
pub fn MessageView(message: Message) -> impl IntoView {
    let role = match message.role {
        Speaker::User => "user",
        Speaker::Assistant => "assistant",
    };
    let status = message.status;
    let note = move || match status.get() {
        MessageStatus::Loading => Some(("note", "Loading the model…".to_string())),
        MessageStatus::Stopped => Some(("note", "Stopped.".to_string())),
        MessageStatus::Failed(why) => Some(("note error", why)),
        _ => None,
    };
    view! {
        <article class=format!("message {role}") data-role=role data-status=move || status.get().as_str()>
            <div class="bubble">
                <div class="text">{move || message.text.get()}</div>
                {move || {
                    note().map(|(class, text)| view! { <p class=class role="status">{text}</p> })
                }}
            </div>
        </article>
    }
}
