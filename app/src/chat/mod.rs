//! The chat page: a conversation that lives in the page, a composer, and
//! replies streamed from the model.

mod attachments;
mod clipboard;
mod compare;
mod composer;
mod composer_files;
mod conversation;
pub mod folders;
pub(crate) mod icons;
mod message;
pub mod page_settings;
mod panels;
mod recorder;
mod reply_text;
pub mod server_fns;
mod settings_panel;
pub mod sharing;
mod sidebar;
mod speech;
pub(crate) mod theme;
mod variant_switch;

use leptos::prelude::*;

use crate::i18n::t;

use self::clipboard::CopyButton;
use self::compare::ComparisonView;
use self::composer::Composer;
use self::conversation::Conversation;
use self::message::MessageView;
use self::settings_panel::SettingsPanel;
use self::sidebar::Sidebar;
use colloquy_wire::{ExampleView, Missing, ModelChoice, PageSettings};

#[component]
pub fn ChatPage() -> impl IntoView {
    match page_settings::current() {
        Ok(settings) => view! { <Chat settings/> }.into_any(),
        Err(e) => view! { <p class="page-error" role="alert">{e}</p> }.into_any(),
    }
}

#[component]
fn Chat(settings: PageSettings) -> impl IntoView {
    let conversation = Conversation::new(
        settings.max_message_bytes,
        settings.bot.clone(),
        settings.default_model.clone(),
        settings.models.clone(),
        settings.conversation.clone(),
        settings.sidebar.clone(),
    );
    conversation.input.set(settings.draft.clone().unwrap_or_default());
    conversation.error.set(settings.error.as_ref().map(crate::i18n::say));
    provide_context(settings.uploads.clone());
    provide_context(conversation);
    provide_context(settings.markdown.clone());
    provide_context(reply_text::MarkdownRenderer::new());
    provide_context(speech::SpeechSupport::detect());
    // Effects run only in the browser: this marks the page as hydrated, for
    // people (styles) and tests alike.
    let hydrated = conversation.hydrated;
    Effect::new(move |_| hydrated.set(true));

    provide_context(settings.avatars.clone());
    let is_empty = move || conversation.messages.with(Vec::is_empty);
    let class = if settings.panel_layout { "chat layout-panel" } else { "chat layout-bubble" };
    // Built by the server from a checked hex colour: safe in a style attribute.
    let style = settings.accent_style.clone();
    let examples = settings.examples.clone();
    let can_drop = settings.uploads.is_some();
    #[cfg(feature = "hydrate")]
    let uploads = settings.uploads.clone();
    let fill = settings.examples_fill;
    let search = settings.search.clone();
    let not_found = settings.not_found;
    view! {
        <div class="app-frame">
        <Sidebar search settings=settings.clone()/>
        <div
            class=class
            style=style
            data-hydrated=move || hydrated.get().to_string()
            on:dragover=move |ev| {
                // Needed for the page to be a drop target at all.
                if can_drop {
                    ev.prevent_default();
                }
            }
            on:drop=move |ev| {
                ev.prevent_default();
                #[cfg(feature = "hydrate")]
                if let Some(uploads) = &uploads {
                    let files = ev.data_transfer().and_then(|d| d.files());
                    attachments::add_files(conversation, uploads, composer::file_list(files));
                }
            }
        >
            <header class="chat-header">
                <h1>{settings.title.clone()}</h1>
                <p class="description">{settings.description.clone()}</p>
                // On a phone these fold into a menu (a checkbox opens it,
                // no script needed), so the conversation starts near the top.
                <input type="checkbox" id="header-menu-toggle" class="menu-toggle" aria-label=t("menu")/>
                <label for="header-menu-toggle" class="menu-button" title=t("menu")>
                    <icons::MoreDots/>
                </label>
                <div class="header-actions">
                    <ModelPicker models=settings.models.clone()/>
                    <CopyButton
                        label=t("copy-all")
                        class="copy-all"
                        title=t("copy-all.title")
                        text=Signal::derive(move || conversation.transcript())
                        disabled=Signal::derive(move || conversation.messages.with(Vec::is_empty))
                    />
                    <sharing::ConversationActions
                        share=settings.conversation.as_ref().and_then(|c| c.share.clone())
                        shared=settings.conversation.as_ref().is_some_and(|c| c.shared)
                    />
                    <ThemeToggle/>
                </div>
            </header>
            <SettingsPanel inputs=settings.inputs.clone()/>
            <section
                class="messages"
                node_ref=conversation.list
                aria-label=t("conversation")
                on:click=clipboard::on_message_list_click
                on:scroll=move |_| conversation.note_scroll()
            >
                {not_found
                    .map(|missing| {
                        let what = match missing {
                            Missing::Conversation => t("not-found-conversation"),
                            Missing::Folder => t("not-found-folder"),
                        };
                        view! {
                            <p class="not-found" role="alert">
                                {what}
                                " "
                                {t("not-found-why")}
                                " "
                                <a href="/">{t("start-new-chat")}</a>
                            </p>
                        }
                    })}
                <Show when=move || is_empty() && not_found.is_none()>
                    <div class="placeholder">
                        <p>{settings.placeholder.clone()}</p>
                        <ul class="examples">
                            {examples
                                .iter()
                                .cloned()
                                .map(|example| view! { <li><ExampleButton example fill/></li> })
                                .collect_view()}
                        </ul>
                    </div>
                </Show>
                <Show when=move || conversation.earlier.get() != 0>
                    <ShowEarlier/>
                </Show>
                <For
                    each=move || {
                        // A compared reply shows in the comparison, below.
                        let compared = conversation.comparison.with(|c| c.as_ref().map(|c| c.first.id));
                        let mut messages = conversation.messages.get();
                        messages.retain(|m| Some(m.id) != compared);
                        messages
                    }
                    key=|message| message.id
                    children=|message| view! { <MessageView message/> }
                />
                <ComparisonView/>
            </section>
            // Replies reach screen readers through here, a sentence at a time.
            <div class="sr-only" role="status" aria-live="polite">{move || conversation.announcement.get()}</div>
            <JumpToLatest/>
            <Composer/>
        </div>
        </div>
    }
}

/// A long conversation opens at its end; this adds the messages before
/// the first one shown. A plain link (the page with more messages) until
/// the page is hydrated, then read in place.
#[component]
fn ShowEarlier() -> impl IntoView {
    let conversation = expect_context::<Conversation>();
    let link = move || crate::i18n::show_earlier_link(conversation.messages.with(Vec::len), conversation.earlier.get());
    let href = move || format!("/c/{}?show={}", conversation.id.get().unwrap_or_default(), link().0);
    let label = move || link().1;
    view! {
        <p class="show-earlier">
            <a
                href=href
                on:click=move |ev| {
                    ev.prevent_default();
                    conversation.show_earlier();
                }
            >
                {label}
            </a>
        </p>
    }
}

/// The conversation's model, from those the server offers.
#[component]
fn ModelPicker(models: Vec<ModelChoice>) -> impl IntoView {
    let conversation = expect_context::<Conversation>();
    let model = conversation.model;
    view! {
        <label class="model-picker">
            <span>{t("model")}</span>
            // Part of the composer's form, for posting without JavaScript.
            <select
                name="model"
                form="composer"
                aria-label=t("model")
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

/// Shown when the user has scrolled up from the newest message.
#[component]
fn JumpToLatest() -> impl IntoView {
    let conversation = expect_context::<Conversation>();
    view! {
        <Show when=move || !conversation.at_end.get()>
            <button type="button" class="jump-to-latest" on:click=move |_| conversation.scroll_to_end(true)>
                {t("jump-to-latest")}
            </button>
        </Show>
    }
}

/// An example prompt: sends it, or (by configuration) fills the box.
#[component]
fn ExampleButton(example: ExampleView, fill: bool) -> impl IntoView {
    let conversation = expect_context::<Conversation>();
    let text = example.text.clone();
    let shown = example.label.clone().unwrap_or_else(|| example.text.clone());
    view! {
        <button
            type="button"
            class="example"
            title=example.label.as_ref().map(|_| example.text.clone())
            on:click=move |_| {
                let text = text.clone();
                if fill {
                    conversation.input.set(text);
                    return;
                }
                // Sending hides this very button; let its click handler
                // return before that happens.
                queue_microtask(move || {
                    conversation.send(text);
                });
            }
        >
            {example.icon.map(|icon| view! { <span class="example-icon" aria-hidden="true">{icon}</span> })}
            {shown}
        </button>
    }
}

/// Switches between light and dark, remembered in this browser. Until it
/// is used the page follows the system setting.
#[component]
fn ThemeToggle() -> impl IntoView {
    let dark = RwSignal::new(false);
    // The real state is only known in the browser: read it after hydration.
    Effect::new(move |_| dark.set(theme::is_dark()));
    view! {
        <button
            type="button"
            class="theme-toggle"
            aria-label=move || if dark.get() { t("theme-light") } else { t("theme-dark") }
            title=move || if dark.get() { t("theme-light") } else { t("theme-dark") }
            on:click=move |_| {
                let next = !dark.get_untracked();
                theme::set_dark(next);
                dark.set(next);
            }
        >
            {move || if dark.get() { view! { <icons::Sun/> }.into_any() } else { view! { <icons::Moon/> }.into_any() }}
        </button>
    }
}
