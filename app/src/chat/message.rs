use leptos::prelude::*;

use crate::i18n::{t, tf};

use super::attachments::SentAttachments;
use super::clipboard::CopyButton;
use super::conversation::{Conversation, Message, MessageStatus};
use super::panels::PanelList;
use super::reply_text::ReplyText;
use super::server_fns::send_feedback;
use super::speech::ReadAloudButton;
use super::variant_switch::VariantSwitch;
use colloquy_wire::{AvatarViews, Feedback, Rating, Speaker};

/// One message. A reply is rendered from markdown ([`ReplyText`]); what
/// the user typed is shown as typed, as text. A reply `compared` beside
/// another (Compare) has no actions of its own until one is chosen.
#[component]
pub fn MessageView(message: Message, #[prop(optional)] compared: bool) -> impl IntoView {
    let conversation = expect_context::<Conversation>();
    let role = match message.role {
        Speaker::User => "user",
        Speaker::Assistant => "assistant",
    };
    let status = message.status;
    let note = move || match status.get() {
        MessageStatus::Loading => Some(("note", t("reply-loading").to_string())),
        MessageStatus::Queued(position) => Some(("note queued", tf("reply-queued", &[("position", position.into())]))),
        MessageStatus::Stopped => Some(("note", t("reply-stopped").to_string())),
        MessageStatus::Interrupted(why) => Some(("note error", tf("reply-interrupted", &[("why", (&why).into())]))),
        MessageStatus::Failed(why) => Some(("note error", why)),
        _ => None,
    };
    let has_reasoning = move || message.reasoning.with(|r| !r.is_empty());
    let body = match message.role {
        Speaker::User => view! {
            <Show when=move || message.editing.get() fallback=move || view! { <div class="text plain">{move || message.text.get()}</div> }>
                <EditBox message/>
            </Show>
        }
        .into_any(),
        Speaker::Assistant => view! { <ReplyText message/> }.into_any(),
    };
    let avatars = expect_context::<AvatarViews>();
    let avatar = match message.role {
        Speaker::User => avatars.user,
        Speaker::Assistant => avatars.assistant,
    };
    view! {
        <article class=format!("message {role}") data-role=role data-status=move || status.get().as_str()>
            {avatar.map(|avatar| view! { <Avatar avatar/> })}
            <div class="bubble">
                <Show when=has_reasoning>
                    <details class="thinking">
                        <summary>{move || thinking_label(message)}</summary>
                        <div class="thinking-text">{move || message.reasoning.get()}</div>
                    </details>
                </Show>
                {body}
                {move || view! { <SentAttachments attachments=message.attachments.get()/> }}
                <PanelList panels=message.panels/>
                {move || {
                    note().map(|(class, text)| view! { <p class=class role="status">{text}</p> })
                }}
                <Show when=move || !message.editing.get()>
                    <div class="message-actions">
                        {(!compared).then(|| view! { <VariantSwitch message/> })}
                        <time class="timestamp">{clock_time(message.created_ms)}</time>
                        <CopyButton label=t("copy") class="copy-message" title=t("copy.message") text=message.text/>
                        {match message.role {
                            Speaker::User => view! {
                                <button
                                    type="button"
                                    class="edit"
                                    title=t("edit.title")
                                    disabled=move || conversation.reply_active()
                                    on:click=move |_| message.editing.set(true)
                                >
                                    {t("edit")}
                                </button>
                            }
                            .into_any(),
                            Speaker::Assistant if compared => ().into_any(),
                            Speaker::Assistant => view! { <ReplyActions message/> }.into_any(),
                        }}
                    </div>
                </Show>
                <Show when=move || message.rating.get().is_some()>
                    <FeedbackComment message/>
                </Show>
            </div>
        </article>
    }
}

/// "Thinking…" while reasoning streams, "Thought for N s" after.
fn thinking_label(message: Message) -> String {
    match message.reasoning_time.get() {
        Some((start, Some(end))) => {
            let secs = ((end - start) / 1000.0).max(0.0);
            if secs < 1.0 {
                t("thought-briefly").to_string()
            } else {
                tf("thought-for", &[("seconds", secs.round().into())])
            }
        }
        Some((_, None)) => t("thinking-now").to_string(),
        None => t("thinking").to_string(),
    }
}

/// The local time of day of a moment, e.g. "14:05" (or "2:05 PM").
fn clock_time(ms: f64) -> String {
    #[cfg(feature = "hydrate")]
    {
        if ms == 0.0 {
            return String::new();
        }
        // As the page's language writes a time of day (the browser's Intl).
        let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"hour".into(), &"2-digit".into());
        let _ = js_sys::Reflect::set(&options, &"minute".into(), &"2-digit".into());
        String::from(date.to_locale_time_string_with_options(crate::i18n::language().tag(), &options))
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = ms;
        String::new()
    }
}

/// Read aloud, Like, Dislike and (on the last reply) Retry.
#[component]
fn ReplyActions(message: Message) -> impl IntoView {
    let conversation = expect_context::<Conversation>();
    let can_retry = move || conversation.can_retry(&message);
    let finished = move || !message.status.with(MessageStatus::is_streaming);
    view! {
        <Show when=finished>
            <ReadAloudButton/>
        </Show>
        <Show when=move || finished() && conversation.id.with(Option::is_some)>
            <RateButton message rating=Rating::Like/>
            <RateButton message rating=Rating::Dislike/>
        </Show>
        <Show when=can_retry>
            <button
                type="button"
                class="retry"
                title=t("retry.title")
                on:click=move |_| {
                    // Retrying removes this very button: let the click
                    // handler return first.
                    queue_microtask(move || conversation.retry());
                }
            >
                {t("retry")}
            </button>
        </Show>
    }
}

/// After a rating: an optional comment, sent with the rating again.
#[component]
fn FeedbackComment(message: Message) -> impl IntoView {
    let conversation = expect_context::<Conversation>();
    let place = move || conversation.stored_place(&message);
    let comment = RwSignal::new(String::new());
    let sent = RwSignal::new(false);
    let send = move |_| {
        let (Some((conversation, seq)), Some(rating)) = (place(), message.rating.get_untracked()) else {
            return;
        };
        let text = comment.get_untracked();
        leptos::task::spawn_local(async move {
            let feedback = Feedback { conversation, seq, rating: Some(rating), comment: text };
            if send_feedback(feedback).await.is_ok() {
                sent.set(true);
            }
        });
    };
    view! {
        <Show
            when=move || !sent.get()
            fallback=|| view! { <p class="note feedback-thanks" role="status">{t("feedback-thanks")}</p> }
        >
            <div class="feedback-comment">
                <textarea
                    rows="2"
                    maxlength="2000"
                    aria-label=t("feedback-comment")
                    placeholder=t("feedback-comment.placeholder")
                    prop:value=move || comment.get()
                    on:input=move |ev| comment.set(event_target_value(&ev))
                ></textarea>
                <button type="button" class="send-feedback" on:click=send>{t("feedback-send")}</button>
            </div>
        </Show>
    }
}

/// A user message being edited: save sends it again and replaces what
/// followed it.
#[component]
fn EditBox(message: Message) -> impl IntoView {
    let conversation = expect_context::<Conversation>();
    let draft = RwSignal::new(message.text.get_untracked());
    let textarea = NodeRef::<leptos::html::Textarea>::new();
    Effect::new(move |_| {
        if let Some(el) = textarea.get() {
            let _ = el.focus();
        }
    });
    let save = move || {
        conversation.edit(message, draft.get_untracked());
    };
    view! {
        <div class="edit-box">
            <textarea
                node_ref=textarea
                rows="3"
                aria-label=t("edit-message")
                prop:value=move || draft.get()
                on:input=move |ev| draft.set(event_target_value(&ev))
                on:keydown=move |ev| {
                    if ev.key() == "Escape" {
                        ev.stop_propagation();
                        message.editing.set(false);
                    } else if ev.key() == "Enter" && !ev.shift_key() && !ev.is_composing() {
                        ev.prevent_default();
                        save();
                    }
                }
            ></textarea>
            <div class="edit-actions">
                <button type="button" class="save-edit" on:click=move |_| save()>{t("edit-save")}</button>
                <button type="button" class="cancel-edit" on:click=move |_| message.editing.set(false)>{t("cancel")}</button>
            </div>
        </div>
    }
}

/// Like or Dislike: sends the rating at once (a comment may follow).
#[component]
fn RateButton(message: Message, rating: Rating) -> impl IntoView {
    let (class, label) = match rating {
        Rating::Like => ("like", t("like")),
        Rating::Dislike => ("dislike", t("dislike")),
    };
    let conversation = expect_context::<Conversation>();
    let rate = move |_| {
        message.rating.set(Some(rating));
        if let Some((conversation, seq)) = conversation.stored_place(&message) {
            leptos::task::spawn_local(async move {
                let feedback = Feedback { conversation, seq, rating: Some(rating), comment: String::new() };
                let _ = send_feedback(feedback).await;
            });
        }
    };
    view! {
        <button
            type="button"
            class=class
            aria-label=label
            aria-pressed=move || (message.rating.get() == Some(rating)).to_string()
            on:click=rate
        >
            <Thumb/>
        </button>
    }
}

/// An image (URL or site path) or a few characters such as an emoji.
#[component]
fn Avatar(avatar: String) -> impl IntoView {
    let is_image = avatar.starts_with("http://") || avatar.starts_with("https://") || avatar.starts_with('/');
    view! {
        <div class="avatar" aria-hidden="true">
            {if is_image {
                view! { <img src=avatar alt="" referrerpolicy="no-referrer"/> }.into_any()
            } else {
                view! { <span>{avatar}</span> }.into_any()
            }}
        </div>
    }
}

/// A thumb icon (pointing up; CSS turns it down for Dislike). Inline SVG:
/// emoji fonts are missing on some systems.
#[component]
fn Thumb() -> impl IntoView {
    view! {
        <svg class="thumb" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true">
            <path fill="currentColor" d="M2 10h4v11H2zM8 21V10l4.5-8c1.7 0 2.8 1.3 2.5 3l-.7 4H20a2 2 0 0 1 2 2.3l-1.4 8A2 2 0 0 1 18.6 21z"/>
        </svg>
    }
}
