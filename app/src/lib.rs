//! Colloquy's user interface: Leptos components and the server functions
//! they call. Built twice: natively with `ssr` (rendered by the server) and
//! to WASM with `hydrate` (brought to life in the browser).

#![recursion_limit = "256"]

pub mod chat;
#[cfg(feature = "ssr")]
pub mod state;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Link, Meta, MetaTags, Stylesheet, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

/// The HTML document around the app, rendered only on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
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

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Stylesheet id="leptos" href="/pkg/colloquy.css"/>
        <Link rel="icon" href="/favicon.ico"/>
        <Meta name="color-scheme" content="light dark"/>
        <Title text="Colloquy"/>
        <Router>
            <Routes fallback=|| view! { <p class="not-found">"Page not found."</p> }>
                // Async: the first HTML response carries the whole page
                // (title, examples, input), not a placeholder to fill in later.
                <Route path=path!("/") view=chat::ChatPage ssr=SsrMode::Async/>
            </Routes>
        </Router>
    }
}
