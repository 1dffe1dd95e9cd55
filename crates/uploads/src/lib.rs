//! Files people attach to messages.
//!
//! What a file *is* comes from its bytes: magic numbers for images and
//! audio (the `infer` crate), valid UTF-8 for text. The name and the type a
//! browser claims are never trusted. Images are bounded by their pixel
//! dimensions, read from the header (the `imagesize` crate) before anything
//! decodes them. Stored files live under ids of 128 random bits, next to a
//! small JSON record of what was found.

mod kind;
mod store;

pub use kind::{sniff, AttachmentKind, Sniffed};
pub use store::{Upload, UploadStore};

/// What uploads may be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadLimits {
    pub max_file_bytes: usize,
    /// Text files are written into the prompt, so they get a smaller bound.
    pub max_text_bytes: usize,
    /// Width × height.
    pub max_image_pixels: u64,
    pub kinds: Vec<AttachmentKind>,
    /// All of one user's stored files together.
    pub max_bytes_per_user: u64,
    /// All the files sent from one client address together (`None`: no
    /// bound). In an open app every cookie-less request is a new user, so
    /// only this bound (and the total) stops one address filling the disk.
    pub max_bytes_per_address: Option<u64>,
    /// Every stored file together.
    pub max_bytes_total: u64,
}

impl Default for UploadLimits {
    fn default() -> Self {
        Self {
            max_file_bytes: 5 * 1024 * 1024,
            max_text_bytes: 100 * 1024,
            max_image_pixels: 40_000_000,
            kinds: vec![AttachmentKind::Image, AttachmentKind::Text, AttachmentKind::Audio],
            max_bytes_per_user: 200 * 1024 * 1024,
            max_bytes_per_address: Some(1024 * 1024 * 1024),
            max_bytes_total: 20 * 1024 * 1024 * 1024,
        }
    }
}

/// Why a file was refused or could not be found; each message says what
/// the person can do.
#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    #[error("{name} is empty")]
    Empty { name: String },
    #[error("{name} is {size} bytes; files can be at most {limit} bytes")]
    TooLarge { name: String, size: usize, limit: usize },
    #[error("{name} is not a file type this chat takes; attach {allowed}")]
    Unsupported { name: String, allowed: String },
    #[error("{name} is a {width}×{height} image; images can have at most {limit} pixels")]
    TooManyPixels { name: String, width: u64, height: u64, limit: u64 },
    #[error("{name} looks like an image but its size cannot be read; it may be damaged")]
    UnreadableImage { name: String },
    #[error("{name} does not fit: your files take {used} bytes of the {limit} you may store here")]
    OverQuota { name: String, used: u64, limit: u64 },
    #[error("{name} does not fit: files sent from your address take {used} bytes of the {limit} it may store here")]
    AddressOverQuota { name: String, used: u64, limit: u64 },
    #[error("{name} cannot be stored: this server's space for files is full; try again later")]
    StoreFull { name: String },
    #[error("that attachment is no longer available; attach the file again")]
    NotFound,
    #[error("the upload store failed: {0}")]
    Io(#[from] std::io::Error),
}

impl UploadError {
    /// Whether the person can fix it (as opposed to a fault of the server).
    pub fn is_client_error(&self) -> bool {
        !matches!(self, UploadError::Io(_) | UploadError::StoreFull { .. })
    }
}
