//! "‹ 2 / 3 ›" on a message that has variants (kept by Retry or Edit).
//! Each arrow is a link to the conversation's page asking for the other
//! variant, so it works without JavaScript; once hydrated, a click
//! switches in place.

use leptos::prelude::*;

use crate::i18n::t;

use super::conversation::{Conversation, Message};

#[component]
pub fn VariantSwitch(message: Message) -> impl IntoView {
    let conversation = expect_context::<Conversation>();
    move || {
        let variant = message.variant.get()?;
        let arrow = move |to: u32, label: &'static str, text: &'static str| {
            let href = (1..=variant.of).contains(&to).then(|| conversation.variant_link(&message, to)).flatten();
            match href {
                Some(href) => view! {
                    <a
                        href=href
                        aria-label=label
                        on:click=move |ev| {
                            ev.prevent_default();
                            conversation.switch_variant(message, to);
                        }
                    >
                        {text}
                    </a>
                }
                .into_any(),
                None => view! { <span class="variant-end" aria-hidden="true">{text}</span> }.into_any(),
            }
        };
        Some(view! {
            <nav class="variants" aria-label=t("versions")>
                {arrow(variant.shown.wrapping_sub(1), t("versions.previous"), "‹")}
                <span class="variant-count">{format!("{} / {}", variant.shown, variant.of)}</span>
                {arrow(variant.shown + 1, t("versions.next"), "›")}
            </nav>
        })
    }
}
