//! The views of the pages other than the chat page. In the browser each is
//! a WASM chunk of its own (Leptos' `#[lazy]`, split by `cargo leptos
//! build --split`): the chat page, which most visitors only ever see,
//! carries none of their code, and a page's chunk is fetched before that
//! page hydrates ([`load`]). Pages are few and fixed, so this stands in for
//! `leptos_router`'s lazy routes (the router costs the bundle about 10 KiB).
//!
//! On the server the same functions render directly; calling one there
//! also tells `HydrationScripts` to have the browser preload its chunk.

use futures::FutureExt;
use leptos::prelude::*;

use crate::pages::Page;
use colloquy_wire::PageSettings;

/// Renders a page from its data.
pub type PageView = fn(PageSettings) -> AnyView;

#[lazy]
fn bots() -> PageView {
    |settings| view! { <crate::home::BotsHome settings/> }.into_any()
}

#[lazy]
fn playground() -> PageView {
    |settings| view! { <crate::playground::PlaygroundPage settings/> }.into_any()
}

#[lazy]
fn sign_in() -> PageView {
    |settings| view! { <crate::account::SignInPage settings signup=false/> }.into_any()
}

#[lazy]
fn sign_up() -> PageView {
    |settings| view! { <crate::account::SignInPage settings signup=true/> }.into_any()
}

#[lazy]
fn admin() -> PageView {
    |settings| view! { <crate::account::AdminPage settings/> }.into_any()
}

#[lazy]
fn keys() -> PageView {
    |settings| view! { <crate::api_keys::ApiKeysPage settings/> }.into_any()
}

#[lazy]
fn shared() -> PageView {
    |settings| view! { <crate::shared::SharedPage settings/> }.into_any()
}

/// The view of `page`'s chunk, loading it first where it is not loaded
/// yet; `None` for the chat page, which is in the main bundle.
fn chunk(page: Page) -> Option<std::pin::Pin<Box<dyn std::future::Future<Output = PageView>>>> {
    Some(match page {
        Page::Chat | Page::Conversation(_) | Page::Bot(_) => return None,
        Page::Bots => Box::pin(bots()),
        Page::Playground => Box::pin(playground()),
        Page::SignIn => Box::pin(sign_in()),
        Page::SignUp => Box::pin(sign_up()),
        Page::Admin => Box::pin(admin()),
        Page::Keys => Box::pin(keys()),
        Page::Shared(_) => Box::pin(shared()),
    })
}

/// Loads the chunk of the page at `path`, if it has one: the browser calls
/// this before hydrating, so that [`view`] finds it loaded.
#[cfg(feature = "hydrate")]
pub async fn load(path: &str) {
    if let Some(loading) = Page::parse(path).and_then(chunk) {
        loading.await;
    }
}

/// The view of a page other than the chat page, rendered now: on the
/// server always, in the browser once [`load`] has loaded its chunk
/// (else, which [`load`] rules out, nothing).
pub fn view(page: Page, settings: PageSettings) -> AnyView {
    match chunk(page).and_then(FutureExt::now_or_never) {
        Some(render) => render(settings),
        None => ().into_any(),
    }
}
