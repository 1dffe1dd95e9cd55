//! Light and dark themes. The choice lives in `localStorage` under
//! [`STORAGE_KEY`] and in `data-theme` on `<html>`; a small script in the
//! page head applies it before first paint (see `shell`), so a remembered
//! dark theme never flashes light.

/// The `localStorage` key of the remembered theme.
pub const STORAGE_KEY: &str = "colloquy-theme";

/// Applies a remembered theme before first paint (no flash), from the page
/// head; static text, no user input.
pub fn head_script() -> String {
    format!(
        "try{{var t=localStorage.getItem('{STORAGE_KEY}');if(t==='dark'||t==='light')document.documentElement.setAttribute('data-theme',t)}}catch(e){{}}"
    )
}

/// Whether the page shows the dark theme now.
pub fn is_dark() -> bool {
    #[cfg(feature = "hydrate")]
    {
        let document = leptos::prelude::document();
        match document.document_element().and_then(|html| html.get_attribute("data-theme")).as_deref() {
            Some("dark") => true,
            Some("light") => false,
            _ => leptos::prelude::window()
                .match_media("(prefers-color-scheme: dark)")
                .ok()
                .flatten()
                .is_some_and(|query| query.matches()),
        }
    }
    #[cfg(not(feature = "hydrate"))]
    false
}

/// Shows and remembers the dark (or light) theme.
pub fn set_dark(dark: bool) {
    #[cfg(feature = "hydrate")]
    {
        let theme = if dark { "dark" } else { "light" };
        if let Some(html) = leptos::prelude::document().document_element() {
            let _ = html.set_attribute("data-theme", theme);
        }
        if let Ok(Some(storage)) = leptos::prelude::window().local_storage() {
            let _ = storage.set_item(STORAGE_KEY, theme);
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = dark;
}
