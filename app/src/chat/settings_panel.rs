//! The collapsible settings panel: the additional inputs from `[[inputs]]`,
//! whose values go with every turn.

use leptos::either::EitherOf3;
use leptos::prelude::*;

use super::conversation::Conversation;
use colloquy_wire::{ControlView, InputValue, InputView};

#[component]
pub fn SettingsPanel(inputs: Vec<InputView>) -> impl IntoView {
    if inputs.is_empty() {
        return None;
    }
    Some(view! {
        <details class="settings-panel">
            <summary>{crate::i18n::t("settings")}</summary>
            <div class="settings-fields">
                {inputs.into_iter().map(|input| view! { <InputField input/> }).collect_view()}
            </div>
        </details>
    })
}

/// One input, showing its default until the user changes it; changed
/// values are kept in the conversation and sent with each turn.
///
/// Text, number, slider and checkbox are one `<input>` with different
/// attributes: each distinct view type costs the WASM bundle its own
/// rendering and hydration code.
#[component]
fn InputField(input: InputView) -> impl IntoView {
    let conversation = expect_context::<Conversation>();
    let values = conversation.inputs;
    let name = StoredValue::new(input.name.clone());
    let id = format!("input-{}", input.name);
    let set = move |value: InputValue| values.update(|v| v.set(&name.read_value(), value));
    let value_or = move |default: String| {
        move || values.with(|v| v.get(&name.read_value()).map_or_else(|| default.clone(), InputValue::to_string))
    };
    let on_text = move |ev: leptos::ev::Event| set(InputValue::Text(event_target_value(&ev)));

    let control = match input.control {
        // The plain attributes and text carry the defaults in the server's
        // HTML, before (or without) the WASM; the `prop:`s then track edits.
        ControlView::Textarea { max_length, default } => {
            let value = value_or(default.clone());
            EitherOf3::A(view! {
                <textarea id=id.clone() rows="3" maxlength=max_length prop:value=value on:input=on_text>
                    {default}
                </textarea>
            })
        }
        ControlView::Dropdown { choices, default } => EitherOf3::B(view! {
            <select id=id.clone() prop:value=value_or(default.clone()) on:change=on_text>
                {choices
                    .into_iter()
                    .map(|choice| {
                        let selected = choice == default;
                        let label = choice.clone();
                        view! { <option value=choice selected=selected>{label}</option> }
                    })
                    .collect_view()}
            </select>
        }),
        control => {
            let (kind, range, max_length, default, checked) = match control {
                ControlView::Text { max_length, default } => ("text", None, Some(max_length), default, false),
                ControlView::Number { min, max, step, default } => {
                    ("number", Some((min, max, step)), None, default, false)
                }
                ControlView::Slider { min, max, step, default } => {
                    ("range", Some((min, max, step)), None, default, false)
                }
                ControlView::Checkbox { default } => ("checkbox", None, None, String::new(), default),
                _ => unreachable!("textarea and dropdown are matched above"),
            };
            let (min, max, step) = range.map_or((None, None, None), |(a, b, c)| (Some(a), Some(b), Some(c)));
            let on_input = move |ev: leptos::ev::Event| {
                let element = event_target::<web_sys::HtmlInputElement>(&ev);
                match kind {
                    "checkbox" => set(InputValue::Bool(element.checked())),
                    "text" => set(InputValue::Text(element.value())),
                    // The browser parses the number; a half-typed number
                    // keeps the last good value.
                    _ => {
                        let n = element.value_as_number();
                        if n.is_finite() {
                            set(InputValue::Number(n));
                        }
                    }
                }
            };
            let value = value_or(default.clone());
            let is_checked =
                move || values.with(|v| v.get(&name.read_value()).map_or(checked, |v| v == &InputValue::Bool(true)));
            let output = (kind == "range").then(|| view! { <output for=id.clone()>{value.clone()}</output> });
            EitherOf3::C(view! {
                <span class=kind>
                    <input
                        type=kind
                        id=id.clone()
                        min=min
                        max=max
                        step=step
                        maxlength=max_length
                        value=default
                        checked=checked
                        prop:value=value
                        prop:checked=is_checked
                        on:input=on_input
                    />
                    {output}
                </span>
            })
        }
    };
    view! {
        <div class="settings-field">
            <label for=id>{input.label}</label>
            {control}
        </div>
    }
}
