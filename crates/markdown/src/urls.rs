//! Which URLs may appear in rendered HTML.

/// A link target that is safe to follow: `http:`, `https:` or `mailto:`.
/// Scheme-relative, relative and every other scheme (`javascript:`,
/// `data:`, `vbscript:`, `file:` …) are refused.
pub fn safe_link(url: &str) -> Option<&str> {
    let url = url.trim();
    let scheme = scheme(url)?;
    matches!(scheme.as_str(), "http" | "https" | "mailto").then_some(url)
}

/// An image source that is safe to load: `https:` (or `http:`) from one
/// of `hosts` (a remote image is a request the reply makes in the reader's
/// browser, so a prompt-injected reply could carry the conversation off in
/// its URL: only the configured hosts are trusted with that), or with
/// `data_images` a base64 PNG, JPEG, GIF or WebP.
pub fn safe_image<'a>(url: &'a str, data_images: bool, hosts: &[String]) -> Option<&'a str> {
    let url = url.trim();
    match scheme(url)?.as_str() {
        "http" | "https" => {
            let host = host(url)?;
            hosts.iter().any(|allowed| allowed.eq_ignore_ascii_case(host)).then_some(url)
        }
        "data" if data_images => {
            let rest = url.get(5..)?.to_ascii_lowercase();
            let allowed = ["image/png;base64,", "image/jpeg;base64,", "image/gif;base64,", "image/webp;base64,"];
            allowed.iter().any(|prefix| rest.starts_with(prefix)).then_some(url)
        }
        _ => None,
    }
}

/// The host of an `http(s)://` URL, without its port. None when there is
/// none, or when it has user info or a backslash (which browsers read
/// differently from a plain parser: `https://ok.example\@evil.example`).
fn host(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    if authority.contains(['@', '\\']) || authority.is_empty() {
        return None;
    }
    let host = match authority.rsplit_once(':') {
        Some((host, port)) if port.chars().all(|c| c.is_ascii_digit()) => host,
        _ => authority,
    };
    (!host.is_empty()).then_some(host)
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
