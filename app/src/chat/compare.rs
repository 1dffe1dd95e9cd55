//! Compare: the composer's message sent to two models (or one model
//! twice), and their replies side by side, each with "Use this answer".
//! It needs the page's script (the replies stream in place), so it shows
//! once the page runs in the browser.

use leptos::prelude::*;

use super::conversation::Conversation;
use super::message::MessageView;

/// "Compare" in the composer: opens the choice of the second model and
/// "Send to both".
#[component]
pub fn CompareButton() -> impl IntoView {
    let conversation = expect_context::<Conversation>();
    let open = RwSignal::new(false);
    let other = RwSignal::new(String::new());
    let models = StoredValue::new(conversation.model_choices());
    let busy = move || conversation.reply_active();
    let toggle = move |_| {
        if !open.get_untracked() {
            // Another model than the conversation's, if there is one.
            let own = conversation.model.get_untracked();
            let second = models
                .with_value(|models| models.iter().find(|m| m.id != own).map_or_else(|| own.clone(), |m| m.id.clone()));
            other.set(second);
        }
        open.update(|open| *open = !*open);
    };
    let send = move |_| {
        let text = conversation.input.get_untracked();
        if conversation.compare(text, other.get_untracked()) {
            conversation.input.set(String::new());
            open.set(false);
        }
    };
    view! {
        <Show when=move || conversation.hydrated.get()>
            <div class="compare-control">
                <button
                    type="button"
                    class="compare"
                    title="Send this message to two models and compare their answers"
                    aria-expanded=move || open.get().to_string()
                    disabled=busy
                    on:click=toggle
                >
                    "Compare"
                </button>
                <Show when=move || open.get()>
                    <div class="compare-picker" role="group" aria-label="Compare two answers">
                        <label>
                            "Second answer from "
                            <select
                                prop:value=move || other.get()
                                on:change=move |ev| other.set(event_target_value(&ev))
                            >
                                {models
                                    .get_value()
                                    .into_iter()
                                    .map(|choice| view! { <option value=choice.id.clone()>{choice.label}</option> })
                                    .collect_view()}
                            </select>
                        </label>
                        <button
                            type="button"
                            class="send-both"
                            disabled=move || busy() || conversation.input.with(|t| t.trim().is_empty())
                            on:click=send
                        >
                            "Send to both"
                        </button>
                    </div>
                </Show>
            </div>
        </Show>
    }
}

/// The two replies of a comparison, side by side (one above the other on
/// a narrow screen), until one is chosen.
#[component]
pub fn ComparisonView() -> impl IntoView {
    let conversation = expect_context::<Conversation>();
    move || {
        let comparison = conversation.comparison.get()?;
        let [first, second] = comparison.labels;
        let column = move |message, label: String, shown: u32| {
            let name = format!("Answer {shown}: {label}");
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
                        "Use this answer"
                    </button>
                </section>
            }
        };
        Some(view! {
            <div class="comparison">
                {column(comparison.first, first, 1)} {column(comparison.second, second, 2)}
            </div>
        })
    }
}
