//! Colloquy's user interface: Leptos components and the server functions
//! they call. Built twice: natively with `ssr` (rendered by the server) and
//! to WASM with `hydrate` (brought to life in the browser).

#![recursion_limit = "256"]

pub mod account;
pub mod api_keys;
pub mod chat;
pub mod errors;
pub mod home;
pub mod html;
pub mod i18n;
#[cfg(feature = "ssr")]
pub mod identity;
pub mod language_picker;
#[cfg(feature = "ssr")]
pub mod page_data;
mod page_views;
pub mod pages;
pub mod playground;
mod reply_stream;
#[cfg(feature = "ssr")]
pub mod request;
pub mod shared;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags};

/// The HTML document around the app, rendered only on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let nonce = leptos::nonce::use_nonce();
    #[cfg(feature = "ssr")]
    script_nonce_to_response(nonce.as_ref());
    // The tab says which bot this is, as the page's heading does.
    // Set as the element's markup: a text child would carry a hydration
    // marker, which a <title> shows as text. Escaped, as any text.
    #[cfg(feature = "ssr")]
    let title = use_context::<colloquy_chat::state::AppState>()
        .map_or_else(|| "Colloquy".to_string(), |s| s.config.chat.title.clone());
    #[cfg(not(feature = "ssr"))]
    let title = "Colloquy".to_string();
    // Installable (chat.installable): the manifest, the bar's colour and
    // the service worker, registered once the page has loaded.
    #[cfg(feature = "ssr")]
    let installable = use_context::<colloquy_chat::state::AppState>()
        .filter(|s| s.config.chat.installable)
        .map(|s| s.config.chat.accent().to_string());
    #[cfg(not(feature = "ssr"))]
    let installable: Option<String> = None;
    let installable = installable.map(|accent| {
        let nonce = nonce.clone();
        view! {
            <link rel="manifest" href="/manifest.webmanifest"/>
            <meta name="theme-color" content=accent/>
            <link rel="apple-touch-icon" href="/icons/icon-192.png"/>
            <script nonce=nonce>{REGISTER_WORKER}</script>
        }
    });
    let title = html::escape(&title);
    // The page's language (remembered, or the browser's), provided for
    // every component's text; its messages go to the browser with it.
    #[cfg(feature = "ssr")]
    let language = {
        let language = i18n::request_language();
        provide_context(i18n::PageLanguage(language));
        language
    };
    #[cfg(not(feature = "ssr"))]
    let language = colloquy_i18n::Language::default();
    #[cfg(feature = "ssr")]
    let strings = i18n::script_text(language);
    #[cfg(not(feature = "ssr"))]
    let strings = "";
    view! {
        <!DOCTYPE html>
        <html lang=language.tag() dir=language.dir()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light dark"/>
                // Static head tags live here, in the server-only shell, not
                // in leptos_meta components: nothing in <head> then needs
                // hydrating, which broke hydration on slow connections.
                // id="leptos" lets cargo-leptos hot-reload the CSS; the file's
                // name carries its hash when the build wrote a hash file.
                <HashedStylesheet options=options.clone() id="leptos"/>
                <link rel="icon" href="/favicon.ico"/>
                {installable}
                <script nonce=nonce>{chat::theme::head_script()}</script>
                <script type="application/json" id=chat::page_settings::ELEMENT_ID>
                    {chat::page_settings::script_text()}
                </script>
                <script type="application/json" id=i18n::ELEMENT_ID>
                    {strings}
                </script>
                <title inner_html=title></title>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// Registers the service worker (server/src/installable) once the page has
/// loaded, so it never competes with the page's own files.
const REGISTER_WORKER: &str = "if('serviceWorker' in navigator)addEventListener('load',function(){navigator.serviceWorker.register('/sw.js').catch(function(){})})";

/// The page's inline scripts run only with this response's nonce; the
/// server's security headers put it in the Content-Security-Policy (see
/// [`SCRIPT_NONCE_HEADER`]), so an injected `<script>` never runs.
#[cfg(feature = "ssr")]
fn script_nonce_to_response(nonce: Option<&leptos::nonce::Nonce>) {
    let (Some(nonce), Some(response)) = (nonce, use_context::<leptos_axum::ResponseOptions>()) else { return };
    if let Ok(value) = http::HeaderValue::from_str(nonce) {
        response.insert_header(http::HeaderName::from_static(SCRIPT_NONCE_HEADER), value);
    }
}

/// Carries a page's script nonce from the renderer to the security headers,
/// which take it off the response.
#[cfg(feature = "ssr")]
pub const SCRIPT_NONCE_HEADER: &str = "x-colloquy-script-nonce";

/// The app: the page at the request's path ([`pages::Page`]); any other
/// path the server renders says the page is missing. In the browser, call
/// [`hydrate`] to bring it to life.
#[component]
pub fn App() -> impl IntoView {
    use pages::Page;
    provide_meta_context();
    let path = current_path();
    let Some(page) = Page::parse(&path) else { return not_found() };
    if matches!(page, Page::Chat | Page::Conversation(_)) {
        return view! { <chat::ChatPage/> }.into_any();
    }
    let Ok(settings) = chat::page_settings::current() else { return not_found() };
    match page {
        Page::Chat | Page::Conversation(_) => view! { <chat::ChatPage/> }.into_any(),
        // The server renders a bot's page only for a bot it has.
        Page::Bot(name) if name == settings.bot => view! { <chat::ChatPage/> }.into_any(),
        // Each other page's code is a chunk of its own in the browser.
        Page::Playground if !settings.playground => not_found(),
        Page::SignIn if settings.auth.mode != colloquy_wire::SignInMode::Password => not_found(),
        Page::SignUp if !settings.auth.signup => not_found(),
        Page::Bot(_) => not_found(),
        page => page_views::view(page, settings),
    }
}

/// Hydrates the page the server rendered: at once for the chat page, after
/// fetching its chunk for any other ([`page_views`]).
#[cfg(feature = "hydrate")]
pub fn hydrate() {
    let path = current_path();
    if pages::Page::parse(&path).is_some_and(pages::Page::is_chat) {
        leptos::mount::hydrate_body(App);
        return;
    }
    // Leptos' executor starts with hydration: this load runs on the
    // browser's own.
    wasm_bindgen_futures::spawn_local(async move {
        page_views::load(&path).await;
        leptos::mount::hydrate_body(App);
    });
}

fn not_found() -> AnyView {
    view! { <p class="not-found">{i18n::t("page-not-found")}</p> }.into_any()
}

/// The request's path on the server, the location's in the browser.
fn current_path() -> String {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>().map(|parts| parts.uri.path().to_string()).unwrap_or_else(|| "/".into())
    }
    #[cfg(not(feature = "ssr"))]
    {
        window().location().pathname().unwrap_or_else(|_| "/".into())
    }
}
