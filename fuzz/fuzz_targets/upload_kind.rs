//! Any bytes uploaded under any name get a checked kind or a clear
//! refusal, within the limits: no panic, and an image is only accepted
//! when its header's dimensions are within the pixel bound.
#![no_main]

use colloquy_uploads::{sniff, AttachmentKind, UploadLimits};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| {
    let limits = UploadLimits { max_file_bytes: 64 * 1024, max_text_bytes: 16 * 1024, max_image_pixels: 4096 * 4096, ..UploadLimits::default() };
    if let Ok(found) = sniff("upload.bin", input, &limits) {
        assert!(input.len() <= limits.max_file_bytes);
        match found.kind {
            AttachmentKind::Text => {
                assert!(input.len() <= limits.max_text_bytes);
                assert!(std::str::from_utf8(input).is_ok());
            }
            AttachmentKind::Image => {
                let size = imagesize::blob_size(input).expect("an accepted image has a readable size");
                assert!((size.width as u64) * (size.height as u64) <= limits.max_image_pixels);
            }
            _ => {}
        }
    }
});
