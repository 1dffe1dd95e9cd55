//! Additional inputs for [`crate::Bot::input`]: the controls in the page's
//! settings panel, each checked on the server before the handler sees its
//! value (a dropdown's choice, a slider's range, a text's length).
//!
//! Each returns an [`InputSpec`], the same value an `[[inputs]]` table of
//! `colloquy.toml` describes; set what these leave out on its fields.

use colloquy_config::{CheckboxInput, DropdownInput, InputSpec, NumberInput, PromptInput, RangeInput, TextInput};

/// A text field; the handler reads it as [`crate::InputValue::Text`].
pub fn text(name: impl Into<String>, default: impl Into<String>) -> InputSpec {
    InputSpec::Text(TextInput { name: name.into(), label: None, default: default.into(), max_length: None })
}

/// A slider from `min` to `max`, starting at `default`; read as
/// [`crate::InputValue::Number`].
pub fn slider(name: impl Into<String>, min: f64, max: f64, default: f64) -> InputSpec {
    InputSpec::Slider(NumberInput { name: name.into(), label: None, min, max, step: None, default: Some(default) })
}

/// A number field from `min` to `max`; read as [`crate::InputValue::Number`].
pub fn number(name: impl Into<String>, min: f64, max: f64, default: f64) -> InputSpec {
    InputSpec::Number(NumberInput { name: name.into(), label: None, min, max, step: None, default: Some(default) })
}

/// A checkbox; read as [`crate::InputValue::Bool`].
pub fn checkbox(name: impl Into<String>, default: bool) -> InputSpec {
    InputSpec::Checkbox(CheckboxInput { name: name.into(), label: None, default })
}

/// A dropdown starting at the first choice; read as
/// [`crate::InputValue::Text`], always one of `choices`.
pub fn dropdown<S: Into<String>>(name: impl Into<String>, choices: impl IntoIterator<Item = S>) -> InputSpec {
    InputSpec::Dropdown(DropdownInput {
        name: name.into(),
        label: None,
        choices: choices.into_iter().map(Into::into).collect(),
        default: None,
    })
}

/// The system prompt, editable in the page (it starts as the bot's).
pub fn system_prompt() -> InputSpec {
    InputSpec::SystemPrompt(PromptInput::default())
}

/// The sampling temperature, over its whole range.
pub fn temperature() -> InputSpec {
    InputSpec::Temperature(RangeInput::default())
}

/// The longest reply, in tokens.
pub fn max_tokens() -> InputSpec {
    InputSpec::MaxTokens(RangeInput::default())
}

/// Gives an input a label other than its name.
pub fn labelled(mut input: InputSpec, label: impl Into<String>) -> InputSpec {
    let label = Some(label.into());
    match &mut input {
        InputSpec::SystemPrompt(i) => i.label = label,
        InputSpec::Temperature(i) | InputSpec::TopP(i) | InputSpec::MaxTokens(i) => i.label = label,
        InputSpec::Text(i) => i.label = label,
        InputSpec::Number(i) | InputSpec::Slider(i) => i.label = label,
        InputSpec::Checkbox(i) => i.label = label,
        InputSpec::Dropdown(i) => i.label = label,
    }
    input
}
