use leptos::prelude::*;

use super::clipboard;
use super::conversation::{Conversation, Message, MessageStatus};
use super::wire::{MarkdownSettings, Speaker};

/// One message. A reply is rendered from markdown by `colloquy-markdown`,
/// whose HTML is safe by construction (model output is untrusted); what the
/// user typed is shown as typed, as text.
#[component]
pub fn MessageView(message: Message) -> impl IntoView {
    let conversation = expect_context::<Conversation>();
    let markdown = expect_context::<MarkdownSettings>().render_options();
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
                {match message.role {
                    Speaker::User => view! { <div class="text plain">{move || message.text.get()}</div> }.into_any(),
                    Speaker::Assistant => {
                        let html = move || message.text.with(|t| colloquy_markdown::render(t, &markdown));
                        view! { <div class="text markdown" inner_html=html></div> }.into_any()
                    }
                }}
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
                <div class="message-actions">
                    <CopyButton text=message.text/>
                    <Show when=can_retry>
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
                    </Show>
                </div>
            </div>
        </article>
    }
}

/// Copies a message's text (its markdown source, for a reply).
#[component]
fn CopyButton(text: RwSignal<String>) -> impl IntoView {
    let copied = RwSignal::new(false);
    view! {
        <button
            type="button"
            class="copy-message"
            title="Copy this message"
            on:click=move |_| {
                leptos::task::spawn_local(async move {
                    if clipboard::copy(text.get_untracked()).await {
                        copied.set(true);
                        set_timeout(move || copied.set(false), std::time::Duration::from_millis(1500));
                    }
                });
            }
        >
            {move || if copied.get() { "Copied" } else { "Copy" }}
        </button>
    }
}
