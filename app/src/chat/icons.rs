//! The page's icons, as inline SVG drawn in `currentColor`: an emoji or a
//! symbol character shows as an empty box where no font has it (Debian's
//! Chromium without an emoji font showed one on the attach and microphone
//! buttons). Each is decorative (`aria-hidden`): its button has a label.

use leptos::prelude::*;

/// A 24×24 icon drawn with 2-pixel round strokes.
#[component]
fn Stroked(children: Children) -> impl IntoView {
    view! {
        <svg
            class="icon"
            viewBox="0 0 24 24"
            width="20"
            height="20"
            fill="none"
            stroke="currentColor"
            stroke-width="2"
            stroke-linecap="round"
            stroke-linejoin="round"
            aria-hidden="true"
        >
            {children()}
        </svg>
    }
}

#[component]
pub fn Paperclip() -> impl IntoView {
    view! { <Stroked><path d="M16 7v9a4 4 0 0 1-8 0V6a2.5 2.5 0 0 1 5 0v9a1 1 0 0 1-2 0V7"/></Stroked> }
}

#[component]
pub fn Microphone() -> impl IntoView {
    view! {
        <Stroked>
            <rect x="9" y="3" width="6" height="11" rx="3"/>
            <path d="M6 11a6 6 0 0 0 12 0M12 17v4M9 21h6"/>
        </Stroked>
    }
}

/// A filled square: stop recording.
#[component]
pub fn StopSquare() -> impl IntoView {
    view! { <Stroked><rect x="6" y="6" width="12" height="12" rx="1" fill="currentColor"/></Stroked> }
}

#[component]
pub fn Sun() -> impl IntoView {
    view! {
        <Stroked>
            <circle cx="12" cy="12" r="4"/>
            <path d="M12 2v2M12 20v2M2 12h2M20 12h2M4.9 4.9l1.4 1.4M17.7 17.7l1.4 1.4M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4"/>
        </Stroked>
    }
}

#[component]
pub fn Moon() -> impl IntoView {
    view! { <Stroked><path d="M20 14.5A8 8 0 1 1 9.5 4a6.5 6.5 0 0 0 10.5 10.5z"/></Stroked> }
}

/// Three lines: a menu or the conversations drawer.
#[component]
pub fn Menu() -> impl IntoView {
    view! { <Stroked><path d="M4 6h16M4 12h16M4 18h16"/></Stroked> }
}

/// Three dots: more actions.
#[component]
pub fn MoreDots() -> impl IntoView {
    view! {
        <Stroked>
            <circle cx="5" cy="12" r="1.5" fill="currentColor"/>
            <circle cx="12" cy="12" r="1.5" fill="currentColor"/>
            <circle cx="19" cy="12" r="1.5" fill="currentColor"/>
        </Stroked>
    }
}
