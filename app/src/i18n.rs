//! The page's language. The server picks it (the remembered choice, else
//! the browser's `Accept-Language`), renders in it, and puts that
//! language's messages, and only those, in the page for the browser
//! (`colloquy_i18n::Catalog`, read once from [`ELEMENT_ID`]). Components ask
//! for their text with [`t`] and [`tf`]; plural categories and numbers
//! come from the browser's own `Intl` (on the server, from CLDR's rules).
//! Texts from the bot's configuration are shown as written.

use colloquy_i18n::{Arg, Catalog, Language};

/// The `<script type="application/json">` holding the page's messages.
pub const ELEMENT_ID: &str = "colloquy-strings";

/// The cookie that remembers a chosen language (its tag).
pub const COOKIE: &str = "colloquy-lang";

/// The language a page renders in, as the server provides it.
#[cfg(feature = "ssr")]
#[derive(Debug, Clone, Copy)]
pub struct PageLanguage(pub Language);

/// Message `id` (one without variables) in the page's language. The
/// page's messages live as long as the page, so this is the text itself:
/// a view takes it as it takes a literal.
pub fn t(id: &'static str) -> &'static str {
    catalog().text(id).unwrap_or(id)
}

/// The name of a kind of file, as messages use it.
pub fn kind_name(kind: colloquy_wire::FileKind) -> &'static str {
    match kind {
        colloquy_wire::FileKind::Image => t("kind-image"),
        colloquy_wire::FileKind::Text => t("kind-text"),
        colloquy_wire::FileKind::Audio => t("kind-audio"),
    }
}

/// Message `id` in the page's language, with `args`.
pub fn tf(id: &str, args: &[(&str, Arg)]) -> String {
    with_locale(|catalog, locale| catalog.format(id, args, locale))
}

/// What the server said (an error, a refusal) in the page's language.
pub fn say(said: &colloquy_i18n::Said) -> String {
    with_locale(|catalog, locale| said.in_language(catalog, locale))
}

/// The page's messages with its language's plural rules and numbers: on
/// the server, CLDR's (made once per language); in the browser, `Intl`'s.
fn with_locale<T>(f: impl FnOnce(&Catalog, &dyn colloquy_i18n::Locale) -> T) -> T {
    let catalog = catalog();
    #[cfg(feature = "ssr")]
    let locale = colloquy_i18n::server_locale(catalog.language);
    #[cfg(not(feature = "ssr"))]
    let locale = &browser::BrowserLocale::new(catalog.language);
    f(catalog, locale)
}

/// The page's language.
pub fn language() -> Language {
    #[cfg(feature = "ssr")]
    {
        leptos::prelude::use_context::<PageLanguage>().map(|l| l.0).unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    catalog().language
}

/// The page's messages: on the server, its language's (read once for
/// all); in the browser, those the page carries, read at the first ask.
fn catalog() -> &'static Catalog {
    #[cfg(feature = "ssr")]
    {
        colloquy_i18n::catalog(language())
    }
    #[cfg(not(feature = "ssr"))]
    {
        static CATALOG: std::sync::OnceLock<Catalog> = std::sync::OnceLock::new();
        CATALOG.get_or_init(browser::read_catalog)
    }
}

/// The request's language: the one the person chose (the cookie), else the
/// first of the browser's that the app has, else English.
#[cfg(feature = "ssr")]
pub fn request_language() -> Language {
    let Some(parts) = leptos::prelude::use_context::<http::request::Parts>() else { return Language::default() };
    language_of(&parts.headers)
}

/// The language a request with `headers` asks for (see
/// [`request_language`]): also for the server's own pages (the offline
/// page).
#[cfg(feature = "ssr")]
pub fn language_of(headers: &http::HeaderMap) -> Language {
    let chosen = headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|cookies| cookies.split(';'))
        .filter_map(|cookie| cookie.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .and_then(|(_, tag)| Language::from_tag(tag));
    chosen.unwrap_or_else(|| {
        let accepted = headers.get(http::header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
        accepted.map(colloquy_i18n::negotiate).unwrap_or_default()
    })
}

/// The page's messages as the script element's text: JSON, with `<`, `>`
/// and `&` escaped so that no message can end the element early. Written
/// once per language, not per page.
#[cfg(feature = "ssr")]
pub fn script_text(language: Language) -> &'static str {
    static TEXTS: std::sync::OnceLock<Vec<(Language, String)>> = std::sync::OnceLock::new();
    let texts = TEXTS.get_or_init(|| {
        Language::ALL
            .into_iter()
            .map(|language| {
                let json = serde_json::to_string(colloquy_i18n::catalog(language)).unwrap_or_else(|_| "null".into());
                (language, json.replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026"))
            })
            .collect()
    });
    texts.iter().find(|(l, _)| *l == language).map_or("null", |(_, text)| text.as_str())
}

#[cfg(not(feature = "ssr"))]
mod browser {
    use colloquy_i18n::{Catalog, Language, Locale};

    /// The messages the server put in the page; none (ids show) if they
    /// are missing, as on a page of another build.
    pub fn read_catalog() -> Catalog {
        #[cfg(feature = "hydrate")]
        {
            let text = leptos::prelude::document()
                .get_element_by_id(super::ELEMENT_ID)
                .and_then(|element| element.text_content())
                .unwrap_or_default();
            serde_json::from_str(&text).unwrap_or_default()
        }
        #[cfg(not(feature = "hydrate"))]
        Catalog::default()
    }

    /// The browser's `Intl` for the page's language.
    pub struct BrowserLocale {
        #[cfg(feature = "hydrate")]
        tag: js_sys::Array,
    }

    impl BrowserLocale {
        pub fn new(language: Language) -> Self {
            #[cfg(feature = "hydrate")]
            {
                Self { tag: js_sys::Array::of1(&language.tag().into()) }
            }
            #[cfg(not(feature = "hydrate"))]
            {
                let _ = language;
                Self {}
            }
        }
    }

    impl Locale for BrowserLocale {
        fn plural(&self, n: f64) -> &'static str {
            #[cfg(feature = "hydrate")]
            {
                let rules = js_sys::Intl::PluralRules::new(&self.tag, &js_sys::Object::new());
                let category = rules.select(n).as_string().unwrap_or_default();
                ["zero", "one", "two", "few", "many"].into_iter().find(|c| *c == category).unwrap_or("other")
            }
            #[cfg(not(feature = "hydrate"))]
            {
                let _ = n;
                "other"
            }
        }

        fn number(&self, n: f64) -> String {
            #[cfg(feature = "hydrate")]
            {
                let format = js_sys::Intl::NumberFormat::new(&self.tag, &js_sys::Object::new());
                let formatted = format.format().call1(&format, &n.into()).ok();
                formatted.and_then(|v| v.as_string()).unwrap_or_else(|| n.to_string())
            }
            #[cfg(not(feature = "hydrate"))]
            n.to_string()
        }
    }
}

/// "Show earlier messages (N before these)" for a page showing `shown`
/// messages with `earlier` before them: the count to ask for, and the text.
pub fn show_earlier_link(shown: usize, earlier: usize) -> (u32, String) {
    (shown as u32 + colloquy_wire::CONVERSATION_WINDOW, tf("show-earlier", &[("count", earlier.into())]))
}

/// The code blocks' copy button in the page's language.
pub fn copy_code() -> colloquy_markdown::CopyCode {
    colloquy_markdown::CopyCode { label: t("copy-code").into(), name: t("copy-code.name").into() }
}

/// Message `id` as HTML, each of `codes` (variable, text) filled in as
/// `<code>`: the message's text and the codes are escaped, so neither a
/// translation nor a value from the configuration can add markup.
pub fn tf_code(id: &str, codes: &[(&str, &str)]) -> String {
    // Private-use characters stand for the codes while the text is escaped.
    let marks: Vec<String> =
        (0..codes.len()).map(|i| char::from_u32(0xE000 + i as u32).unwrap_or('\u{E000}').to_string()).collect();
    let args: Vec<(&str, Arg)> =
        codes.iter().zip(&marks).map(|((name, _), mark)| (*name, Arg::from(mark.as_str()))).collect();
    let mut html = crate::html::escape(&tf(id, &args));
    for ((_, code), mark) in codes.iter().zip(&marks) {
        html = html.replace(mark.as_str(), &format!("<code>{}</code>", crate::html::escape(code)));
    }
    html
}
