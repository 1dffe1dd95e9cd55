//! Uploaded files on disk: `<dir>/<id>` holds the bytes, `<dir>/<id>.json`
//! what was found in them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

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
    /// Bytes stored per owner, counted from the records at open and kept
    /// up to date by `save`; the lock also makes check-then-save atomic.
    usage: Arc<Mutex<HashMap<String, u64>>>,
}

impl UploadStore {
    /// Creates `dir` if needed, and counts what each owner stores there.
    pub fn open(dir: impl Into<PathBuf>, limits: UploadLimits) -> std::io::Result<Self> {
        let dir = dir.into();
        std::fs::create_dir_all(&dir)?;
        let mut usage = HashMap::new();
        for entry in std::fs::read_dir(&dir)? {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "json") {
                // A record that cannot be read belongs to nobody (load refuses it too).
                let record = std::fs::read(&path).ok().and_then(|r| serde_json::from_slice::<Upload>(&r).ok());
                if let Some(upload) = record.filter(|u| !u.owner.is_empty()) {
                    *usage.entry(upload.owner).or_insert(0u64) += upload.size as u64;
                }
            }
        }
        Ok(Self { dir, limits, usage: Arc::new(Mutex::new(usage)) })
    }

    /// Bytes `owner` stores here.
    pub fn used_by(&self, owner: &str) -> u64 {
        self.usage.lock().unwrap_or_else(|p| p.into_inner()).get(owner).copied().unwrap_or(0)
    }

    pub fn limits(&self) -> &UploadLimits {
        &self.limits
    }

    /// Checks and stores `owner`'s file. Blocking: call it off the async
    /// runtime.
    pub fn save(&self, owner: &str, name: &str, bytes: &[u8]) -> Result<Upload, UploadError> {
        let name = clean_name(name);
        let found = sniff(&name, bytes, &self.limits)?;
        let mut usage = self.usage.lock().unwrap_or_else(|p| p.into_inner());
        let used = usage.get(owner).copied().unwrap_or(0);
        let limit = self.limits.max_bytes_per_user;
        if used.saturating_add(bytes.len() as u64) > limit {
            return Err(UploadError::OverQuota { name, used, limit });
        }
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
        *usage.entry(owner.to_string()).or_insert(0) += bytes.len() as u64;
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

    #[test]
    fn each_owner_has_a_storage_quota_counted_across_restarts() {
        let dir = tempfile::tempdir().unwrap();
        let limits = UploadLimits { max_bytes_per_user: 20, ..UploadLimits::default() };
        let store = UploadStore::open(dir.path(), limits.clone()).unwrap();
        store.save("alice", "a.txt", b"0123456789").unwrap();
        store.save("alice", "b.txt", b"0123456789").unwrap();
        let refused = store.save("alice", "c.txt", b"x").unwrap_err();
        assert!(matches!(refused, UploadError::OverQuota { used: 20, limit: 20, .. }), "{refused}");
        assert!(refused.is_client_error());
        store.save("bob", "c.txt", b"x").unwrap();
        // A restarted server counts the same.
        let again = UploadStore::open(dir.path(), limits).unwrap();
        assert_eq!((again.used_by("alice"), again.used_by("bob")), (20, 1));
        assert!(again.save("alice", "c.txt", b"x").is_err());
    }
}
