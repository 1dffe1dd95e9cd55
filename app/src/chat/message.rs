use leptos::prelude::*;

use super::conversation::{Conversation, Message, MessageStatus};
use super::wire::Speaker;

/// One message. Text is inserted as text, never as HTML: model output is
/// untrusted.
#[component]
pub fn MessageView(message: Message) -> impl IntoView {
    let conversation = expect_context::<Conversation>();
    let role = match message.role {
        Speaker::User => "user",
        Speaker::Assistant => "assistant",
    };
    let status = message.status;
    let note = move || match status.get() {
        MessageStatus::Loading => Some(("note", "Loading the model…".to_string())),
        MessageStatus::Stopped => Some(("note", "Stopped.".to_string())),
        MessageStatus::Interrupted(why) => Some(("note error", format!("Interrupted: {why}"))),
        MessageStatus::Failed(why) => Some(("note error", why)),
        _ => None,
    };
    let has_reasoning = move || message.reasoning.with(|r| !r.is_empty());
    let can_retry = move || conversation.can_retry(&message);
    view! {
        <article class=format!("message {role}") data-role=role data-status=move || status.get().as_str()>
            <div class="bubble">
                <Show when=has_reasoning>
                    <details class="thinking">
                        <summary>"Thinking"</summary>
                        <div class="thinking-text">{move || message.reasoning.get()}</div>
                    </details>
                </Show>
                <div class="text">{move || message.text.get()}</div>
                <For
                    each=move || message.tool_calls.get()
                    key=|call| (call.index, call.arguments.len())
                    children=|call| {
                        view! {
                            <details class="tool-call">
                                <summary>"Tool call: " {call.name}</summary>
                                <pre>{call.arguments}</pre>
                            </details>
                        }
                    }
                />
                {move || {
                    note().map(|(class, text)| view! { <p class=class role="status">{text}</p> })
                }}
                <Show when=can_retry>
                    <div class="message-actions">
                        <button
                            type="button"
                            class="retry"
                            title="Generate this reply again"
                            on:click=move |_| {
                                // Retrying removes this very button: let the
                                // click handler return first.
                                queue_microtask(move || conversation.retry());
                            }
                        >
                            "Retry"
                        </button>
                    </div>
                </Show>
            </div>
        </article>
    }
}
