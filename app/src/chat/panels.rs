//! Panels beside a reply: tool calls the model makes, and the titled steps
//! a handler reports (Gradio's message metadata), each collapsible, with a
//! status, nested under its parent.

use leptos::prelude::*;

pub use colloquy_wire::panels::{apply, finish, PanelChange, PanelView};

/// The panels of a reply whose parent is `parent`, each with its own
/// panels inside.
#[component]
pub fn PanelList(panels: RwSignal<Vec<PanelView>>, #[prop(optional)] parent: Option<String>) -> impl IntoView {
    let ids =
        move || panels.with(|all| all.iter().filter(|p| p.parent == parent).map(|p| p.id.clone()).collect::<Vec<_>>());
    view! { <For each=ids key=|id| id.clone() children=move |id| view! { <PanelBox panels id/> } /> }
}

#[component]
fn PanelBox(panels: RwSignal<Vec<PanelView>>, id: String) -> impl IntoView {
    let key = StoredValue::new(id.clone());
    let read = move |f: fn(&PanelView) -> String| {
        panels.with(|all| all.iter().find(|p| p.id == *key.read_value()).map(f).unwrap_or_default())
    };
    let status = move || {
        read(|p| match (p.pending, p.failed) {
            (true, _) => "pending".into(),
            (false, true) => "failed".into(),
            (false, false) => "done".into(),
        })
    };
    let summary = move || {
        read(|p| {
            let ended = if p.failed { "failed" } else { "done" };
            match (p.pending, p.duration_ms) {
                (true, _) => "running…".into(),
                (false, Some(ms)) => format!("{ended} in {:.1} s", ms as f64 / 1000.0),
                (false, None) => ended.into(),
            }
        })
    };
    // Boxed: a panel holds a list of panels, which would be an endlessly
    // nested type otherwise.
    let children = view! { <PanelList panels parent=id/> }.into_any();
    view! {
        <details class="panel" data-status=status>
            <summary>
                <span class="panel-title">{move || read(|p| p.title.clone())}</span>
                <span class="panel-status" role="status">{summary}</span>
            </summary>
            <pre class="panel-text">{move || read(|p| p.text.clone())}</pre>
            {children}
        </details>
    }
}
