//! Compare: the composer's message sent to two models (or one model
//! twice), and their replies side by side, each with "Use this answer".
//! It needs the page's script (the replies stream in place), so it shows
//! once the page runs in the browser. Its code and views are a WASM chunk
//! of their own (Leptos' `#[lazy]`), fetched when "Compare" is first
//! pressed: the chat page's first load carries only the button.

use std::cell::Cell;

use leptos::prelude::*;

use crate::i18n::{t, tf};

use super::conversation::{Comparison, Conversation};
use super::message::MessageView;

/// What the chunk holds: the second model's choice with "Send to both",
/// and the two replies side by side.
#[derive(Clone, Copy)]
struct CompareParts {
    picker: fn(Conversation, RwSignal<bool>) -> AnyView,
    comparison: fn(Conversation, Comparison) -> AnyView,
}

#[lazy]
fn load_compare() -> CompareParts {
    CompareParts {
        picker: |conversation, open| view! { <ComparePicker conversation open/> }.into_any(),
        comparison: |conversation, comparison| view! { <SideBySide conversation comparison/> }.into_any(),
    }
}

thread_local! {
    /// The chunk, once loaded (a comparison only exists after it is).
    static LOADED: Cell<Option<CompareParts>> = const { Cell::new(None) };
}

/// "Compare" in the composer: opens the choice of the second model.
#[component]
pub fn CompareButton() -> impl IntoView {
    let conversation = expect_context::<Conversation>();
    let open = RwSignal::new(false);
    let parts = RwSignal::new(None::<CompareParts>);
    let toggle = move |_| {
        if open.get_untracked() {
            open.set(false);
            return;
        }
        leptos::task::spawn_local(async move {
            let loaded = load_compare().await;
            LOADED.with(|cell| cell.set(Some(loaded)));
            parts.set(Some(loaded));
            open.set(true);
        });
    };
    view! {
        <Show when=move || conversation.hydrated.get()>
            <div class="compare-control">
                <button
                    type="button"
                    class="compare"
                    title=t("compare.title")
                    aria-expanded=move || open.get().to_string()
                    disabled=move || conversation.reply_active()
                    on:click=toggle
                >
                    {t("compare")}
                </button>
                {move || open.get().then(|| parts.get().map(|parts| (parts.picker)(conversation, open))).flatten()}
            </div>
        </Show>
    }
}

/// Where a comparison shows, after the conversation's messages.
#[component]
pub fn ComparisonView() -> impl IntoView {
    let conversation = expect_context::<Conversation>();
    move || {
        let comparison = conversation.comparison.get()?;
        let parts = LOADED.with(Cell::get)?;
        Some((parts.comparison)(conversation, comparison))
    }
}

/// The second model (another than the conversation's, where there is one)
/// and "Send to both".
#[component]
fn ComparePicker(conversation: Conversation, open: RwSignal<bool>) -> impl IntoView {
    let models = conversation.model_choices();
    let own = conversation.model.get_untracked();
    let other = RwSignal::new(models.iter().find(|m| m.id != own).map_or(own, |m| m.id.clone()));
    let send = move |_| {
        let text = conversation.input.get_untracked();
        if conversation.compare(text, other.get_untracked()) {
            conversation.input.set(String::new());
            open.set(false);
        }
    };
    view! {
        <div class="compare-picker" role="group" aria-label=t("compare.group")>
            <label>
                {t("compare-second")}
                " "
                <select prop:value=move || other.get() on:change=move |ev| other.set(event_target_value(&ev))>
                    {models
                        .into_iter()
                        .map(|choice| view! { <option value=choice.id.clone()>{choice.label}</option> })
                        .collect_view()}
                </select>
            </label>
            <button
                type="button"
                class="send-both"
                disabled=move || conversation.reply_active() || conversation.input.with(|t| t.trim().is_empty())
                on:click=send
            >
                {t("compare-send")}
            </button>
        </div>
    }
}

/// The two replies of a comparison, side by side (one above the other on
/// a narrow screen), until one is chosen.
#[component]
fn SideBySide(conversation: Conversation, comparison: Comparison) -> impl IntoView {
    let [first, second] = comparison.labels;
    let column = move |message, label: String, shown: u32| {
        let name = tf("compare-answer", &[("number", shown.into()), ("model", (&label).into())]);
        view! {
            <section class="compared" aria-label=name>
                <p class="compared-model">{label}</p>
                <MessageView message compared=true/>
                <button
                    type="button"
                    class="choose"
                    disabled=move || conversation.reply_active()
                    on:click=move |_| conversation.choose(shown)
                >
                    {t("compare-choose")}
                </button>
            </section>
        }
    };
    view! {
        <div class="comparison">{column(comparison.first, first, 1)} {column(comparison.second, second, 2)}</div>
    }
}
