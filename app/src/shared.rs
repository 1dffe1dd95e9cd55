//! `/s/TOKEN`: a conversation seen through its share link. Read-only and
//! without an account: no composer, no sidebar, nothing of the owner's.
//! Replies are untrusted model output, rendered by the same sanitizing
//! markdown renderer as in the chat.

use leptos::prelude::*;

use crate::i18n::{say, show_earlier_link, t, tf};
use colloquy_wire::{PageSettings, Speaker};

#[component]
pub fn SharedPage(settings: PageSettings) -> impl IntoView {
    let Some(shared) = settings.shared.clone() else {
        let why = settings.error.as_ref().map_or_else(|| t("shared-not-found").to_string(), say);
        return view! {
            <main class="shared">
                <p class="not-found" role="alert">{why} " " <a href="/">{t("shared-start")}</a></p>
            </main>
        }
        .into_any();
    };
    let markdown = settings.markdown.render_options(colloquy_markdown::Extensions::all(), crate::i18n::copy_code());
    let layout = if settings.panel_layout { "chat layout-panel shared" } else { "chat layout-bubble shared" };
    view! {
        <main class=layout style=settings.accent_style.clone()>
            <header class="chat-header">
                <h1>{shared.title.clone()}</h1>
                <p class="description">{t("shared-description")} " · " <a href="/">{t("shared-own")}</a></p>
            </header>
            <section class="messages" aria-label=t("conversation")>
                {(shared.earlier > 0)
                    .then(|| {
                        let (more, label) = show_earlier_link(shared.messages.len(), shared.earlier as usize);
                        view! {
                            <p class="show-earlier">
                                <a href=format!("?show={more}")>{label}</a>
                            </p>
                        }
                    })}
                {shared
                    .messages
                    .into_iter()
                    .map(|message| {
                        let role = match message.role {
                            Speaker::User => "user",
                            Speaker::Assistant => "assistant",
                        };
                        let body = match message.role {
                            Speaker::User => view! { <div class="text plain">{message.content}</div> }.into_any(),
                            Speaker::Assistant => {
                                let html = colloquy_markdown::render(&message.content, &markdown);
                                view! { <div class="text markdown" inner_html=html></div> }.into_any()
                            }
                        };
                        let note = (message.status != colloquy_wire::StoredStatus::Complete).then(|| {
                            let status = message.status.as_str();
                            let why = message.error_said.as_ref().map(say).or_else(|| message.error.clone());
                            let note = match why {
                                Some(why) => tf("shared-note-why", &[("status", status.into()), ("why", (&why).into())]),
                                None => tf("shared-note", &[("status", status.into())]),
                            };
                            view! { <p class="note">{note}</p> }
                        });
                        view! {
                            <article class=format!("message {role}") data-role=role data-status=message.status.as_str()>
                                <div class="bubble">{body} {note}</div>
                            </article>
                        }
                    })
                    .collect_view()}
            </section>
        </main>
    }
    .into_any()
}
