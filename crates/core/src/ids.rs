/// Whether `text` has the form of Colloquy's random ids (reply, upload,
/// user, conversation and cookie ids): 128 random bits as 32 lowercase hex
/// digits, what `uuid::Uuid::new_v4().simple()` writes. Checking the form
/// first means a malformed id never reaches a lookup, a path or a query.
pub fn is_random_id(text: &str) -> bool {
    text.len() == 32 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// `text` as a slug: its ASCII letters and digits, lowercased, words joined
/// by `-`, at most `max_len` bytes; `None` when nothing is left. Safe in a
/// URL, a file name and a header, whatever the text was.
pub fn slug(text: &str, max_len: usize) -> Option<String> {
    let mut slug = String::new();
    for word in text.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(&word.to_ascii_lowercase());
        if slug.len() >= max_len {
            break;
        }
    }
    slug.truncate(max_len);
    let slug = slug.trim_end_matches('-');
    (!slug.is_empty()).then(|| slug.to_string())
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_32_lowercase_hex_digits() {
        assert!(super::is_random_id("0123456789abcdef0123456789abcdef"));
        for bad in ["", "0123456789ABCDEF0123456789ABCDEF", "../../etc/passwd", &"0".repeat(33), &"g".repeat(32)] {
            assert!(!super::is_random_id(bad), "{bad}");
        }
    }
}
