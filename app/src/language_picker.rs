//! The language picker: a plain form that posts the choice to
//! [`set_language`], which remembers it in a cookie; the page comes back
//! in that language (only its messages are in the page, so it loads
//! again). Without JavaScript the button sends it; with JavaScript,
//! picking is enough.

use colloquy_i18n::Language;
use colloquy_wire::AppError;
use leptos::prelude::*;

use crate::i18n::{language, t};

/// Remembers `language` (a tag from the picker) for this browser, for a
/// year. The form's page reloads in it (a form post goes back where it
/// came from).
#[server(endpoint = "set_language")]
pub async fn set_language(language: String) -> Result<(), AppError> {
    use crate::i18n::COOKIE;
    use crate::request::prelude::*;
    let language = Language::from_tag(&language).ok_or_else(|| bad_input(Said::new("error-unknown-language")))?;
    let cookie = format!("{COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax", language.tag());
    if let (Some(response), Ok(value)) =
        (use_context::<leptos_axum::ResponseOptions>(), http::HeaderValue::from_str(&cookie))
    {
        response.append_header(http::header::SET_COOKIE, value);
    }
    Ok(())
}

#[component]
pub fn LanguagePicker() -> impl IntoView {
    let shown = language();
    view! {
        <form method="post" action="/api/set_language" class="language-picker">
            <label>
                <span>{t("language")}</span>
                <select
                    name="language"
                    on:change=move |ev| {
                        #[cfg(feature = "hydrate")]
                        {
                            use wasm_bindgen::JsCast;
                            let form = event_target::<web_sys::Element>(&ev).closest("form").ok().flatten();
                            if let Some(form) = form.and_then(|f| f.dyn_into::<web_sys::HtmlFormElement>().ok()) {
                                let _ = form.request_submit();
                            }
                        }
                        #[cfg(not(feature = "hydrate"))]
                        let _ = ev;
                    }
                >
                    {Language::ALL
                        .into_iter()
                        .map(|l| {
                            view! {
                                <option value=l.tag() selected=l == shown lang=l.tag()>
                                    {l.name()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <button type="submit">{t("language.apply")}</button>
        </form>
    }
}
