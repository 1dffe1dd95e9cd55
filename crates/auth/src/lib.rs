//! Sign-in pieces that know nothing of the web framework, so they are
//! tested here on their own:
//!
//! - [`passwords`]: argon2id hashes (the RustCrypto `argon2` crate), and
//!   [`hashing`], which runs them a few at a time;
//!   (login attempts are limited in `colloquy-limits`, with chat turns and
//!   uploads);
//! - [`client`]: who is really asking when the app sits behind proxies
//!   (`ipnet` for the configured networks);
//! - [`next_url`]: where a login may send the browser afterwards.

pub mod client;
pub mod hashing;
pub mod passwords;

/// `next` if it is a path on this site, else `/`: never another host
/// (`//evil`, `/\evil`, `https:`), never a header injection.
pub fn next_url(next: Option<&str>) -> String {
    let Some(next) = next else { return "/".into() };
    let safe = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && next.len() <= 2000
        && !next.chars().any(|c| c.is_control() || c == '\\');
    if safe {
        next.to_string()
    } else {
        "/".into()
    }
}

#[cfg(test)]
mod tests {
    use super::next_url;

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(next_url(Some("/c/0123")), "/c/0123");
        assert_eq!(next_url(Some("/?q=a%2Fb")), "/?q=a%2Fb");
        for evil in [
            "//evil.example",
            "/\\evil.example",
            "https://evil.example",
            "evil",
            "/\r\nSet-Cookie: x",
            "\\\\evil",
            "/%0d",
            // A form value is decoded once: `next=%2F%2Fevil` arrives as
            // `//evil` (above); encoded twice, it arrives as this.
            "%2F%2Fevil.example",
            "/\t/evil.example",
        ] {
            let got = next_url(Some(evil));
            assert!(got == "/" || got == "/%0d", "{evil:?} gave {got:?}");
        }
        assert_eq!(next_url(None), "/");
        // Encoded slashes after the first are a path on this site, which is
        // how a browser resolves them too.
        assert_eq!(next_url(Some("/%2F%2Fevil.example")), "/%2F%2Fevil.example");
    }
}
