//! Uploaded files on disk: `<dir>/<id>` holds the bytes, `<dir>/<id>.json`
//! what was found in them.

use std::path::{Path, PathBuf};

use colloquy_core::is_random_id;
use serde::{Deserialize, Serialize};

use crate::{sniff, AttachmentKind, UploadError, UploadLimits};

/// A stored file, as the page refers to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Upload {
    /// 32 lowercase hex digits, random: the only way to name the file.
    pub id: String,
    /// The name it was uploaded under, cleaned for display.
    pub name: String,
    pub kind: AttachmentKind,
    /// Found in the bytes.
    pub mime: String,
    pub size: usize,
    /// The user who uploaded it: the only one who can attach it. Records
    /// from before owners were kept have none, and belong to nobody.
    #[serde(default)]
    pub owner: String,
}

#[derive(Debug, Clone)]
pub struct UploadStore {
    dir: PathBuf,
    limits: UploadLimits,
}

impl UploadStore {
    /// Creates `dir` if needed.
    pub fn open(dir: impl Into<PathBuf>, limits: UploadLimits) -> std::io::Result<Self> {
        let dir = dir.into();
        std::fs::create_dir_all(&dir)?;
        Ok(Self { dir, limits })
    }

    pub fn limits(&self) -> &UploadLimits {
        &self.limits
    }

    /// Checks and stores `owner`'s file. Blocking: call it off the async
    /// runtime.
    pub fn save(&self, owner: &str, name: &str, bytes: &[u8]) -> Result<Upload, UploadError> {
        let name = clean_name(name);
        let found = sniff(&name, bytes, &self.limits)?;
        let upload = Upload {
            id: uuid::Uuid::new_v4().simple().to_string(),
            name,
            kind: found.kind,
            mime: found.mime.to_string(),
            size: bytes.len(),
            owner: owner.to_string(),
        };
        // Bytes first, record last: a record always has its file.
        std::fs::write(self.path(&upload.id), bytes)?;
        let record = serde_json::to_vec(&upload).map_err(std::io::Error::other)?;
        std::fs::write(self.record_path(&upload.id), record)?;
        Ok(upload)
    }

    /// `owner`'s stored file and its bytes. Any id that is not one of
    /// theirs, well formed or not, is simply not found. Blocking.
    pub fn load(&self, owner: &str, id: &str) -> Result<(Upload, Vec<u8>), UploadError> {
        if !is_random_id(id) {
            return Err(UploadError::NotFound);
        }
        let record = match std::fs::read(self.record_path(id)) {
            Ok(record) => record,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(UploadError::NotFound),
            Err(e) => return Err(e.into()),
        };
        let upload: Upload = serde_json::from_slice(&record).map_err(std::io::Error::other)?;
        if upload.owner.is_empty() || upload.owner != owner {
            return Err(UploadError::NotFound);
        }
        let bytes = std::fs::read(self.path(id))?;
        Ok((upload, bytes))
    }

    fn path(&self, id: &str) -> PathBuf {
        self.dir.join(id)
    }

    fn record_path(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.json"))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

/// The last path segment, without control characters, at most 120
/// characters: names are only ever shown, never used as paths.
fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = base.chars().filter(|c| !c.is_control()).take(120).collect();
    let clean = clean.trim();
    if clean.is_empty() || clean == "." || clean == ".." {
        "file".into()
    } else {
        clean.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_files_load_back_by_id_for_their_owner_only() {
        let dir = tempfile::tempdir().unwrap();
        let store = UploadStore::open(dir.path().join("uploads"), UploadLimits::default()).unwrap();
        let upload = store.save("alice", "../../etc/notes\u{0}.md", b"# Notes\n").unwrap();
        assert_eq!(upload.name, "notes.md");
        assert_eq!((upload.kind, upload.mime.as_str(), upload.size), (AttachmentKind::Text, "text/plain", 8));
        assert!(is_random_id(&upload.id));
        let (loaded, bytes) = store.load("alice", &upload.id).unwrap();
        assert_eq!((loaded, bytes.as_slice()), (upload.clone(), &b"# Notes\n"[..]));
        for bad in
            ["../uploads", "", "ABCDEF0123456789ABCDEF0123456789", &"0".repeat(32), &format!("{}.json", upload.id)]
        {
            assert!(matches!(store.load("alice", bad), Err(UploadError::NotFound)), "{bad}");
        }
        // Someone else, or nobody, finds nothing under the id.
        assert!(matches!(store.load("bob", &upload.id), Err(UploadError::NotFound)));
        assert!(matches!(store.load("", &upload.id), Err(UploadError::NotFound)));
        assert_eq!(clean_name("C:\\Users\\me\\..\\"), "file");
        assert_eq!(clean_name("x".repeat(300).as_str()).len(), 120);
    }
}
