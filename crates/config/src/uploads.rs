//! `[uploads]`: files people can attach to a message.

use std::path::PathBuf;

use colloquy_uploads::{AttachmentKind, UploadLimits};
use serde::{Deserialize, Serialize};

use crate::ConfigError;

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct UploadsConfig {
    /// Offer the attach button, drag-and-drop and paste.
    pub enabled: bool,
    /// Where uploaded files are kept (created at start-up).
    pub dir: PathBuf,
    /// Files per message.
    pub max_files: usize,
    /// Bytes per file.
    pub max_file_bytes: usize,
    /// Bytes per text file (text is written into the prompt).
    pub max_text_bytes: usize,
    /// Width × height of an image.
    pub max_image_pixels: u64,
    /// Which kinds are taken: "image", "audio", "text".
    pub kinds: Vec<AttachmentKind>,
    /// All of one user's stored files together, in bytes.
    pub max_bytes_per_user: u64,
}

impl Default for UploadsConfig {
    fn default() -> Self {
        let limits = UploadLimits::default();
        Self {
            enabled: true,
            dir: PathBuf::from("data/uploads"),
            max_files: 4,
            max_file_bytes: limits.max_file_bytes,
            max_text_bytes: limits.max_text_bytes,
            max_image_pixels: limits.max_image_pixels,
            kinds: limits.kinds,
            max_bytes_per_user: limits.max_bytes_per_user,
        }
    }
}

impl UploadsConfig {
    pub fn limits(&self) -> UploadLimits {
        UploadLimits {
            max_file_bytes: self.max_file_bytes,
            max_text_bytes: self.max_text_bytes,
            max_image_pixels: self.max_image_pixels,
            kinds: self.kinds.clone(),
            max_bytes_per_user: self.max_bytes_per_user,
        }
    }

    pub(crate) fn validate(&self) -> Result<(), ConfigError> {
        let invalid = |setting: &str, value: String, why: &str| {
            Err(ConfigError::Invalid { setting: format!("uploads.{setting}"), value, why: why.into() })
        };
        if !(1..=20).contains(&self.max_files) {
            return invalid("max_files", self.max_files.to_string(), "use 1 to 20");
        }
        if !(1..=100 * 1024 * 1024).contains(&self.max_file_bytes) {
            return invalid("max_file_bytes", self.max_file_bytes.to_string(), "use 1 to 104857600 (100 MiB)");
        }
        if !(1..=self.max_file_bytes).contains(&self.max_text_bytes) {
            return invalid("max_text_bytes", self.max_text_bytes.to_string(), "use 1 to max_file_bytes");
        }
        if !(1..=400_000_000).contains(&self.max_image_pixels) {
            return invalid("max_image_pixels", self.max_image_pixels.to_string(), "use 1 to 400000000");
        }
        if (self.max_bytes_per_user as u128) < self.max_file_bytes as u128 {
            return invalid(
                "max_bytes_per_user",
                self.max_bytes_per_user.to_string(),
                "must be at least max_file_bytes (one file must fit)",
            );
        }
        if self.enabled && self.kinds.is_empty() {
            return invalid(
                "kinds",
                "[]".into(),
                "name at least one of \"image\", \"audio\", \"text\", or set enabled = false",
            );
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::Config;

    #[test]
    fn uploads_parse_and_are_checked() {
        let config = Config::from_toml("[uploads]\nkinds = [\"text\"]\nmax_files = 2").unwrap();
        assert_eq!(config.uploads.kinds, vec![colloquy_uploads::AttachmentKind::Text]);
        config.validate().unwrap();
        assert!(Config::from_toml("[uploads]\nkinds = [\"video\"]").is_err());
        let config = Config::from_toml("[uploads]\nmax_files = 0").unwrap();
        assert!(config.validate().unwrap_err().to_string().starts_with("uploads.max_files"));
        let config = Config::from_toml("[uploads]\nmax_text_bytes = 10\nmax_file_bytes = 5").unwrap();
        assert!(config.validate().unwrap_err().to_string().starts_with("uploads.max_text_bytes"));
    }

    #[test]
    fn models_say_which_attachments_they_take() {
        let config = Config::from_toml(
            "[providers.p]\nkind = \"openai\"\nbase_url = \"http://127.0.0.1:1/v1\"\n\
             [[models]]\nid = \"vision\"\nprovider = \"p\"\naccepts = [\"image\"]",
        )
        .unwrap();
        assert_eq!(config.models[0].accepts, vec![colloquy_core::MediaKind::Image]);
        assert!(Config::from_toml("[[models]]\nid = \"x\"\nprovider = \"p\"\naccepts = [\"text\"]").is_err());
    }
}
