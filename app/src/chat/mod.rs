//! The chat page: a conversation that lives in the page, a composer, and
//! replies streamed from the model.

mod clipboard;
mod composer;
mod conversation;
mod message;
pub mod server_fns;
pub mod wire;

use leptos::prelude::*;

use self::composer::Composer;
use self::conversation::Conversation;
use self::message::MessageView;
use self::server_fns::get_page_settings;
use self::wire::{ModelChoice, PageSettings};

#[component]
pub fn ChatPage() -> impl IntoView {
    let settings = Resource::new(|| (), |_| get_page_settings());
    view! {
        <Suspense fallback=|| view! { <p class="page-loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match settings.await {
                    Ok(settings) => view! { <Chat settings/> }.into_any(),
                    Err(e) => view! { <p class="page-error" role="alert">{e.to_string()}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Chat(settings: PageSettings) -> impl IntoView {
    let conversation = Conversation::new(settings.max_message_bytes, settings.default_model.clone());
    provide_context(conversation);
    provide_context(settings.markdown);
    // Effects run only in the browser: this marks the page as hydrated, for
    // people (styles) and tests alike.
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));

    let examples = settings.examples.clone();
    let is_empty = move || conversation.messages.with(Vec::is_empty);
    view! {
        <div class="chat" data-hydrated=move || hydrated.get().to_string()>
            <header class="chat-header">
                <h1>{settings.title.clone()}</h1>
                <p class="description">{settings.description.clone()}</p>
                <ModelPicker models=settings.models.clone()/>
                <CopyAllButton/>
            </header>
            <section
                class="messages"
                node_ref=conversation.list
                aria-live="polite"
                on:click=clipboard::on_message_list_click
                on:scroll=move |_| conversation.note_scroll()
            >
                <Show when=is_empty>
                    <div class="placeholder">
                        <p>"Ask anything, or start with an example:"</p>
                        <ul class="examples">
                            {examples
                                .iter()
                                .cloned()
                                .map(|example| {
                                    let text = example.clone();
                                    view! {
                                        <li>
                                            <button
                                                type="button"
                                                class="example"
                                                on:click=move |_| {
                                                    // Sending hides this very button; let its
                                                    // click handler return before that happens.
                                                    let text = text.clone();
                                                    queue_microtask(move || {
                                                        conversation.send(text);
                                                    });
                                                }
                                            >
                                                {example}
                                            </button>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    </div>
                </Show>
                <For
                    each=move || conversation.messages.get()
                    key=|message| message.id
                    children=|message| view! { <MessageView message/> }
                />
            </section>
            <JumpToLatest/>
            <Composer/>
        </div>
    }
}

/// The conversation's model, from those the server offers.
#[component]
fn ModelPicker(models: Vec<ModelChoice>) -> impl IntoView {
    let conversation = expect_context::<Conversation>();
    let model = conversation.model;
    view! {
        <label class="model-picker">
            <span>"Model"</span>
            <select
                name="model"
                aria-label="Model"
                prop:value=move || model.get()
                disabled=move || conversation.reply_active()
                on:change=move |ev| model.set(event_target_value(&ev))
            >
                {models
                    .into_iter()
                    .map(|choice| {
                        let selected = choice.id == model.get_untracked();
                        view! {
                            <option value=choice.id.clone() selected=selected>
                                {choice.label}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

/// Copies the whole conversation as markdown.
#[component]
fn CopyAllButton() -> impl IntoView {
    let conversation = expect_context::<Conversation>();
    let copied = RwSignal::new(false);
    view! {
        <button
            type="button"
            class="copy-all"
            title="Copy the whole conversation"
            disabled=move || conversation.messages.with(Vec::is_empty)
            on:click=move |_| {
                let text = conversation.transcript();
                leptos::task::spawn_local(async move {
                    if clipboard::copy(text).await {
                        copied.set(true);
                        set_timeout(move || copied.set(false), std::time::Duration::from_millis(1500));
                    }
                });
            }
        >
            {move || if copied.get() { "Copied" } else { "Copy all" }}
        </button>
    }
}

/// Shown when the user has scrolled up from the newest message.
#[component]
fn JumpToLatest() -> impl IntoView {
    let conversation = expect_context::<Conversation>();
    view! {
        <Show when=move || !conversation.at_end.get()>
            <button type="button" class="jump-to-latest" on:click=move |_| conversation.scroll_to_end(true)>
                "↓ Jump to latest"
            </button>
        </Show>
    }
}
