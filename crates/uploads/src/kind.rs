//! Telling what a file is from its bytes.

use serde::{Deserialize, Serialize};

use crate::{UploadError, UploadLimits};

/// The kinds of attachment, as configuration and the page name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum AttachmentKind {
    /// PNG, JPEG, WebP or GIF: sent to models that accept images.
    Image,
    /// WAV or MP3: sent to models that accept audio.
    Audio,
    /// UTF-8 text (plain, markdown, CSV, JSON, source code): written into
    /// the prompt with its name, so every model can read it.
    Text,
}

impl AttachmentKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AttachmentKind::Image => "image",
            AttachmentKind::Audio => "audio",
            AttachmentKind::Text => "text",
        }
    }

    fn described(self) -> &'static str {
        match self {
            AttachmentKind::Image => "images (PNG, JPEG, WebP, GIF)",
            AttachmentKind::Audio => "audio (WAV, MP3)",
            AttachmentKind::Text => "text files (txt, md, csv, json, code)",
        }
    }
}

/// What the bytes turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sniffed {
    pub kind: AttachmentKind,
    pub mime: &'static str,
}

const IMAGES: [&str; 4] = ["image/png", "image/jpeg", "image/webp", "image/gif"];

/// Checks `bytes` (named `name`, for messages only) against `limits`.
pub fn sniff(name: &str, bytes: &[u8], limits: &UploadLimits) -> Result<Sniffed, UploadError> {
    let name = name.to_string();
    if bytes.is_empty() {
        return Err(UploadError::Empty { name });
    }
    if bytes.len() > limits.max_file_bytes {
        return Err(UploadError::TooLarge { name, size: bytes.len(), limit: limits.max_file_bytes });
    }
    let found = match infer::get(bytes).map(|t| t.mime_type()) {
        Some(mime) if IMAGES.contains(&mime) => Some(Sniffed { kind: AttachmentKind::Image, mime }),
        Some("audio/x-wav") => Some(Sniffed { kind: AttachmentKind::Audio, mime: "audio/wav" }),
        Some("audio/mpeg") => Some(Sniffed { kind: AttachmentKind::Audio, mime: "audio/mpeg" }),
        // Anything else with a signature (executables, archives, PDFs…)
        // is not text either, whatever its bytes decode as.
        Some(_) => None,
        None if is_text(bytes) => Some(Sniffed { kind: AttachmentKind::Text, mime: "text/plain" }),
        None => None,
    };
    let allowed = || limits.kinds.iter().map(|k| k.described()).collect::<Vec<_>>().join(", ");
    let Some(found) = found.filter(|f| limits.kinds.contains(&f.kind)) else {
        return Err(UploadError::Unsupported { name, allowed: allowed() });
    };
    match found.kind {
        AttachmentKind::Text if bytes.len() > limits.max_text_bytes => {
            Err(UploadError::TooLarge { name, size: bytes.len(), limit: limits.max_text_bytes })
        }
        AttachmentKind::Image => {
            let size = imagesize::blob_size(bytes).map_err(|_| UploadError::UnreadableImage { name: name.clone() })?;
            let (width, height) = (size.width as u64, size.height as u64);
            if width == 0 || height == 0 || width.saturating_mul(height) > limits.max_image_pixels {
                return Err(UploadError::TooManyPixels { name, width, height, limit: limits.max_image_pixels });
            }
            Ok(found)
        }
        _ => Ok(found),
    }
}

/// UTF-8 without NUL bytes or other control characters than whitespace
/// (a leading byte-order mark is fine).
fn is_text(bytes: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(bytes) else { return false };
    text.chars().all(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t' | '\u{feff}' | '\u{c}'))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first bytes of a PNG of `width` × `height` (enough for both
    /// crates: signature and IHDR).
    pub(crate) fn png_header(width: u32, height: u32) -> Vec<u8> {
        let mut png = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, b'I', b'H', b'D', b'R'];
        png.extend(width.to_be_bytes());
        png.extend(height.to_be_bytes());
        png.extend([8, 6, 0, 0, 0, 0, 0, 0, 0]);
        png
    }

    #[test]
    fn kinds_come_from_the_bytes_not_the_name() {
        let limits = UploadLimits::default();
        let image = sniff("notes.txt", &png_header(10, 10), &limits).unwrap();
        assert_eq!(image, Sniffed { kind: AttachmentKind::Image, mime: "image/png" });
        let text = sniff("photo.png", "a,b\n1,2\n".as_bytes(), &limits).unwrap();
        assert_eq!(text.kind, AttachmentKind::Text);
        let mut wav = b"RIFF\x24\0\0\0WAVEfmt ".to_vec();
        wav.extend([0; 24]);
        assert_eq!(sniff("x", &wav, &limits).unwrap(), Sniffed { kind: AttachmentKind::Audio, mime: "audio/wav" });
        assert_eq!(sniff("x", b"ID3\x04\0\0\0\0\0\0rest", &limits).unwrap().mime, "audio/mpeg");
    }

    #[test]
    fn disguised_and_binary_files_are_refused() {
        let limits = UploadLimits::default();
        let cases: [(&str, &[u8]); 5] = [
            ("cat.png", b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff"),
            ("notes.txt", b"%PDF-1.7\n%\xe2\xe3"),
            ("data.csv", b"a,b\0c"),
            ("latin1.txt", b"caf\xe9"),
            ("archive.json", b"PK\x03\x04\x14\0\0\0\x08\0"),
        ];
        for (name, bytes) in cases {
            let err = sniff(name, bytes, &limits).unwrap_err();
            assert!(matches!(err, UploadError::Unsupported { .. }), "{name}: {err}");
            assert!(err.to_string().starts_with(&format!("{name} is not a file type this chat takes")), "{err}");
        }
    }

    #[test]
    fn sizes_and_pixels_are_bounded() {
        let limits = UploadLimits { max_file_bytes: 1000, max_text_bytes: 100, ..Default::default() };
        assert!(matches!(sniff("big.txt", &[b'a'; 1001], &limits), Err(UploadError::TooLarge { limit: 1000, .. })));
        assert!(matches!(sniff("long.txt", &[b'a'; 101], &limits), Err(UploadError::TooLarge { limit: 100, .. })));
        assert!(matches!(sniff("empty.txt", b"", &limits), Err(UploadError::Empty { .. })));
        // A decompression bomb is refused on its header alone.
        let err = sniff("bomb.png", &png_header(100_000, 100_000), &limits).unwrap_err();
        assert_eq!(err.to_string(), "bomb.png is a 100000×100000 image; images can have at most 40000000 pixels");
        assert!(matches!(sniff("zero.png", &png_header(0, 5), &limits), Err(UploadError::TooManyPixels { .. })));
    }

    #[test]
    fn kinds_can_be_turned_off() {
        let limits = UploadLimits { kinds: vec![AttachmentKind::Text], ..Default::default() };
        let err = sniff("cat.png", &png_header(2, 2), &limits).unwrap_err();
        assert_eq!(
            err.to_string(),
            "cat.png is not a file type this chat takes; attach text files (txt, md, csv, json, code)"
        );
    }
}
