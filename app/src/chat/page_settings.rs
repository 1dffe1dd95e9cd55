//! The page's settings travel inside the HTML, as JSON in the head, rather
//! than through a request of their own: the server renders the whole page
//! at once, and the browser reads the same settings without a round trip or
//! a loading state (which also keeps Suspense's hydration machinery out of
//! the WASM bundle).

use colloquy_wire::PageSettings;

/// The id of the `<script type="application/json">` holding the settings.
pub const ELEMENT_ID: &str = "colloquy-settings";

/// The settings for this page: from the server's state while rendering,
/// from the document in the browser.
pub fn current() -> Result<PageSettings, String> {
    #[cfg(feature = "ssr")]
    {
        use leptos::prelude::{provide_context, use_context};
        // Built once per page: the shell (for the head) and the chat both
        // ask, and building them looks up the browser's conversation.
        if let Some(settings) = use_context::<PageSettings>() {
            return Ok(settings);
        }
        let state = use_context::<colloquy_chat::state::AppState>()
            .ok_or_else(|| "the server's state is missing".to_string())?;
        let settings = from_state(&state);
        provide_context(settings.clone());
        Ok(settings)
    }
    #[cfg(not(feature = "ssr"))]
    {
        let text = leptos::prelude::document()
            .get_element_by_id(ELEMENT_ID)
            .and_then(|element| element.text_content())
            .ok_or_else(|| "the page's settings are missing; reload the page".to_string())?;
        serde_json::from_str(&text).map_err(|e| format!("the page's settings are unreadable ({e}); reload the page"))
    }
}

/// The settings as the text of a script element: JSON with `<`, `>` and `&`
/// written as escapes, so no title or example can end the element early or
/// be read as markup. Used by the server-only shell.
pub fn script_text() -> String {
    let Ok(settings) = current() else {
        return "null".into();
    };
    let json = serde_json::to_string(&settings).unwrap_or_else(|_| "null".into());
    json.replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
}

#[cfg(feature = "ssr")]
fn from_state(state: &colloquy_chat::state::AppState) -> PageSettings {
    // What the server loaded for this page: the conversation, the sidebar.
    let data = leptos::prelude::use_context::<crate::page_data::PageData>().unwrap_or_default();
    use colloquy_config::Control;
    use colloquy_wire::{
        AvatarViews, BotLink, ControlView, ExampleView, InputView, MarkdownSettings, ModelChoice, UploadSettings,
    };
    let chat = &state.config.chat;
    let markdown = &state.config.markdown;
    let bots = state.bots.all();
    let bot_links = match bots.is_empty() {
        true => Vec::new(),
        false => {
            let own = &state.bots_server_chat();
            std::iter::once(BotLink {
                href: "/".into(),
                title: own.title.clone(),
                description: own.description.clone(),
            })
            .chain(bots.values().map(|bot| BotLink {
                href: format!("/bots/{}", bot.name),
                title: bot.config.chat.title.clone(),
                description: bot.config.chat.description.clone(),
            }))
            .collect()
        }
    };
    PageSettings {
        bot: state.bot_name().to_string(),
        bots: bot_links,
        playground: crate::playground::may_open(state, &data.auth),
        playground_bots: data.playground_bots,
        title: chat.title.clone(),
        description: chat.description.clone(),
        examples: chat
            .examples
            .iter()
            .map(|e| ExampleView {
                text: e.text().to_string(),
                label: e.label().map(str::to_string),
                icon: e.icon().map(str::to_string),
            })
            .collect(),
        examples_fill: chat.example_action == colloquy_config::ExampleAction::Fill,
        placeholder: chat.placeholder.clone(),
        panel_layout: chat.layout == colloquy_config::Layout::Panel,
        accent_style: chat.theme_color.as_deref().map(accent_style),
        avatars: AvatarViews { user: chat.avatars.user.clone(), assistant: chat.avatars.assistant.clone() },
        max_message_bytes: chat.max_message_bytes,
        models: state
            .models
            .entries()
            .iter()
            .map(|e| ModelChoice {
                id: e.id.clone(),
                label: e.label.clone(),
                accepts: e.accepts.iter().map(|k| colloquy_chat::views::media_file_kind(*k)).collect(),
            })
            .collect(),
        default_model: state.default_model().to_string(),
        markdown: MarkdownSettings {
            math_dollars: markdown.math_dollars,
            math_brackets: markdown.math_brackets,
            line_breaks: markdown.line_breaks,
            data_images: markdown.data_images,
            image_hosts: markdown.image_hosts.clone(),
        },
        inputs: state
            .config
            .inputs
            .iter()
            .map(|spec| {
                let input = spec.control(chat.system_prompt.as_deref(), &state.config.sampling);
                let control = match input.control {
                    Control::Textarea { default, max_length } => ControlView::Textarea { default, max_length },
                    Control::Text { default, max_length } => ControlView::Text { default, max_length },
                    Control::Number { default, min, max, step } => ControlView::Number {
                        default: default.to_string(),
                        min: min.to_string(),
                        max: max.to_string(),
                        step: step.to_string(),
                    },
                    Control::Slider { default, min, max, step } => ControlView::Slider {
                        default: default.to_string(),
                        min: min.to_string(),
                        max: max.to_string(),
                        step: step.to_string(),
                    },
                    Control::Checkbox { default } => ControlView::Checkbox { default },
                    Control::Dropdown { default, choices } => ControlView::Dropdown { default, choices },
                };
                // The built-in inputs' own labels are the app's, in the
                // page's language; a configured label is shown as written.
                let label = match spec.default_label() {
                    Some(colloquy_config::BuiltInInput::SystemPrompt) => crate::i18n::t("input-system-prompt").into(),
                    Some(colloquy_config::BuiltInInput::Temperature) => crate::i18n::t("input-temperature").into(),
                    Some(colloquy_config::BuiltInInput::TopP) => crate::i18n::t("input-top-p").into(),
                    Some(colloquy_config::BuiltInInput::MaxTokens) => crate::i18n::t("input-max-tokens").into(),
                    None => input.label,
                };
                InputView { name: input.name, label, control }
            })
            .collect(),
        auth: data.auth,
        admin: data.admin,
        api_keys: data.api_keys,
        conversation: data.conversation,
        shared: data.shared,
        sidebar: data.sidebar,
        folders: data.folders,
        search: data.search,
        not_found: data.not_found,
        draft: data.draft,
        error: data.error,
        uploads: state.uploads.as_ref().map(|_| {
            let uploads = &state.config.uploads;
            UploadSettings {
                max_files: uploads.max_files,
                max_file_bytes: uploads.max_file_bytes,
                max_text_bytes: uploads.max_text_bytes,
                kinds: uploads.kinds.iter().map(|k| colloquy_chat::views::file_kind(*k)).collect(),
            }
        }),
    }
}

/// The accent colour and, for text on it, white or near-black, whichever
/// contrasts more (WCAG relative luminance). `color` is `#rgb` or `#rrggbb`
/// (checked by configuration).
#[cfg(feature = "ssr")]
fn accent_style(color: &str) -> String {
    let hex = color.trim_start_matches('#');
    let channel = |i: usize| -> f64 {
        let digits = if hex.len() == 3 { hex[i..=i].repeat(2) } else { hex[2 * i..2 * i + 2].to_string() };
        let c = u8::from_str_radix(&digits, 16).unwrap_or(0) as f64 / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let luminance = 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
    // Contrast with white is 1.05 / (L + 0.05); with #111 (L ≈ 0.0056), (L + 0.05) / 0.0556.
    let text = if 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.0556 { "#fff" } else { "#111" };
    format!("--accent: {color}; --accent-text: {text}")
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    #[test]
    fn accent_text_contrasts_with_the_accent() {
        assert_eq!(super::accent_style("#0b6e4f"), "--accent: #0b6e4f; --accent-text: #fff");
        assert_eq!(super::accent_style("#ffcc00"), "--accent: #ffcc00; --accent-text: #111");
        assert_eq!(super::accent_style("#4f8cff"), "--accent: #4f8cff; --accent-text: #111");
        assert_eq!(super::accent_style("#fff"), "--accent: #fff; --accent-text: #111");
    }

    #[test]
    fn markup_in_settings_cannot_close_the_script_element() {
        let json = serde_json::to_string("</script><b>&amp;").unwrap();
        let escaped = json.replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026");
        assert!(!escaped.contains('<') && !escaped.contains('>') && !escaped.contains('&'));
        assert_eq!(serde_json::from_str::<String>(&escaped).unwrap(), "</script><b>&amp;");
    }
}
