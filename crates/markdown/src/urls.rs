//! Which URLs may appear in rendered HTML.

/// A link target that is safe to follow: `http:`, `https:` or `mailto:`.
/// Scheme-relative, relative and every other scheme (`javascript:`,
/// `data:`, `vbscript:`, `file:` …) are refused.
pub fn safe_link(url: &str) -> Option<&str> {
    let url = url.trim();
    let scheme = scheme(url)?;
    matches!(scheme.as_str(), "http" | "https" | "mailto").then_some(url)
}

/// An image source that is safe to load: `http:` or `https:`, or with
/// `data_images` a base64 PNG, JPEG, GIF or WebP.
pub fn safe_image(url: &str, data_images: bool) -> Option<&str> {
    let url = url.trim();
    match scheme(url)?.as_str() {
        "http" | "https" => Some(url),
        "data" if data_images => {
            let rest = url.get(5..)?.to_ascii_lowercase();
            let allowed = ["image/png;base64,", "image/jpeg;base64,", "image/gif;base64,", "image/webp;base64,"];
            allowed.iter().any(|prefix| rest.starts_with(prefix)).then_some(url)
        }
        _ => None,
    }
}

/// The URL's scheme, lower-cased, if it has a well-formed one. Control
/// characters and whitespace anywhere make it unusable (browsers strip
/// some of them, which is how `java\tscript:` sneaks through).
fn scheme(url: &str) -> Option<String> {
    if url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return None;
    }
    let (scheme, _) = url.split_once(':')?;
    let valid = !scheme.is_empty()
        && scheme.chars().next()?.is_ascii_alphabetic()
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| scheme.to_ascii_lowercase())
}
