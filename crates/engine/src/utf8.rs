//! Tokens are byte sequences: one character (an emoji, a CJK ideograph) can
//! be split across two tokens. Text goes out only in whole characters.

/// Removes and returns the longest prefix of `pending` that is complete
/// UTF-8. Bytes that can never become valid are replaced with U+FFFD; an
/// incomplete character at the end stays in `pending` for the next token.
pub(crate) fn take_complete(pending: &mut Vec<u8>) -> String {
    let mut out = String::new();
    let mut start = 0;
    loop {
        match std::str::from_utf8(&pending[start..]) {
            Ok(valid) => {
                out.push_str(valid);
                start = pending.len();
                break;
            }
            Err(e) => {
                let valid_end = start + e.valid_up_to();
                // from_utf8 just said this range is valid.
                out.push_str(std::str::from_utf8(&pending[start..valid_end]).unwrap_or_default());
                match e.error_len() {
                    Some(bad) => {
                        out.push('\u{FFFD}');
                        start = valid_end + bad;
                    }
                    None => {
                        start = valid_end;
                        break;
                    }
                }
            }
        }
    }
    pending.drain(..start);
    out
}

#[cfg(test)]
mod tests {
    use super::take_complete;

    #[test]
    fn whole_text_passes_through() {
        let mut p = b"hello".to_vec();
        assert_eq!(take_complete(&mut p), "hello");
        assert!(p.is_empty());
    }

    #[test]
    fn split_character_waits_for_its_rest() {
        let crab = "🦀".as_bytes();
        let mut p = b"a".to_vec();
        p.extend_from_slice(&crab[..2]);
        assert_eq!(take_complete(&mut p), "a");
        assert_eq!(p, &crab[..2]);
        p.extend_from_slice(&crab[2..]);
        assert_eq!(take_complete(&mut p), "🦀");
        assert!(p.is_empty());
    }

    #[test]
    fn invalid_bytes_become_replacement_characters() {
        let mut p = vec![b'a', 0xFF, b'b', 0xC3];
        assert_eq!(take_complete(&mut p), "a\u{FFFD}b");
        assert_eq!(p, vec![0xC3]);
    }
}
