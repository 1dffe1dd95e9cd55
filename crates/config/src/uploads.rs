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
    /// Open mode: all the files sent from one client address together, in
    /// bytes (each cookie-less request is a new user, so the per-user quota
    /// alone never bites there).
    pub max_bytes_per_address: u64,
    /// Every stored file together, in bytes: past it, uploads are refused
    /// until files are deleted or expire.
    pub max_bytes_total: u64,
    /// Image and audio bytes sent to the model with one turn (the new
    /// message's files and earlier messages' files sent again).
    pub max_media_bytes_per_turn: usize,
    /// A file never sent with a message is deleted this long after it was
    /// uploaded (hours).
    pub unattached_expiry_hours: f64,
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
            max_bytes_per_address: limits.max_bytes_per_address.unwrap_or(u64::MAX),
            max_bytes_total: limits.max_bytes_total,
            max_media_bytes_per_turn: 20 * 1024 * 1024,
            unattached_expiry_hours: 24.0,
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
            max_bytes_per_address: Some(self.max_bytes_per_address),
            max_bytes_total: self.max_bytes_total,
        }
    }

    /// How long a file never attached to a message is kept.
    pub fn unattached_expiry(&self) -> std::time::Duration {
        std::time::Duration::from_secs_f64(self.unattached_expiry_hours * 3600.0)
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
        for (setting, bytes) in
            [("max_bytes_per_address", self.max_bytes_per_address), ("max_bytes_total", self.max_bytes_total)]
        {
            if bytes < self.max_file_bytes as u64 {
                return invalid(setting, bytes.to_string(), "must be at least max_file_bytes (one file must fit)");
            }
        }
        if self.max_media_bytes_per_turn < self.max_file_bytes {
            return invalid(
                "max_media_bytes_per_turn",
                self.max_media_bytes_per_turn.to_string(),
                "must be at least max_file_bytes (one file must fit)",
            );
        }
        if !(self.unattached_expiry_hours.is_finite() && (0.0001..=87_600.0).contains(&self.unattached_expiry_hours)) {
            return invalid(
                "unattached_expiry_hours",
                self.unattached_expiry_hours.to_string(),
                "use 0.0001 (a third of a second) to 87600 hours",
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
