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
    /// The client address it was sent from (its budget key; an IPv6
    /// client's /64), or empty.
    #[serde(default)]
    pub address: String,
    /// Sent with a message (or made by a reply). A file never attached
    /// expires (see [`UploadStore::expire_unattached`]). Records from
    /// before this was kept count as attached.
    #[serde(default = "attached_before_it_was_kept")]
    pub attached: bool,
}

fn attached_before_it_was_kept() -> bool {
    true
}

#[derive(Debug, Clone)]
pub struct UploadStore {
    dir: PathBuf,
    limits: UploadLimits,
    /// Bytes stored, counted from the records at open and kept up to date
    /// by `save` and `delete`; the lock also makes check-then-save atomic.
    usage: Arc<Mutex<Usage>>,
}

/// Bytes stored per owner, per address, and in all.
#[derive(Debug, Default)]
struct Usage {
    owners: HashMap<String, u64>,
    addresses: HashMap<String, u64>,
    total: u64,
}

impl Usage {
    fn add(&mut self, upload: &Upload) {
        let size = upload.size as u64;
        if !upload.owner.is_empty() {
            *self.owners.entry(upload.owner.clone()).or_insert(0) += size;
        }
        if !upload.address.is_empty() {
            *self.addresses.entry(upload.address.clone()).or_insert(0) += size;
        }
        self.total += size;
    }

    fn remove(&mut self, upload: &Upload) {
        let size = upload.size as u64;
        for (map, key) in [(&mut self.owners, &upload.owner), (&mut self.addresses, &upload.address)] {
            if let Some(used) = map.get_mut(key) {
                *used = used.saturating_sub(size);
                if *used == 0 {
                    map.remove(key);
                }
            }
        }
        self.total = self.total.saturating_sub(size);
    }
}

impl UploadStore {
    /// Creates `dir` if needed, and counts what each owner stores there.
    pub fn open(dir: impl Into<PathBuf>, limits: UploadLimits) -> std::io::Result<Self> {
        let dir = dir.into();
        std::fs::create_dir_all(&dir)?;
        let mut usage = Usage::default();
        for (_, upload) in records(&dir)? {
            usage.add(&upload);
        }
        Ok(Self { dir, limits, usage: Arc::new(Mutex::new(usage)) })
    }

    fn usage(&self) -> std::sync::MutexGuard<'_, Usage> {
        self.usage.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Bytes `owner` stores here.
    pub fn used_by(&self, owner: &str) -> u64 {
        self.usage().owners.get(owner).copied().unwrap_or(0)
    }

    /// Bytes stored from the client address `address` (its budget key).
    pub fn used_from(&self, address: &str) -> u64 {
        self.usage().addresses.get(address).copied().unwrap_or(0)
    }

    /// Bytes stored in all.
    pub fn used_in_all(&self) -> u64 {
        self.usage().total
    }

    pub fn limits(&self) -> &UploadLimits {
        &self.limits
    }

    /// Checks and stores `owner`'s file, sent from `from` (the client
    /// address's budget key, if known), within the owner's, the address's
    /// and the store's quotas. `attached`: already part of a message (a
    /// reply's file); else it expires unless a message attaches it.
    /// Blocking: call it off the async runtime.
    pub fn save(
        &self,
        owner: &str,
        from: Option<&str>,
        name: &str,
        bytes: &[u8],
        attached: bool,
    ) -> Result<Upload, UploadError> {
        let name = clean_name(name);
        let found = sniff(&name, bytes, &self.limits)?;
        let size = bytes.len() as u64;
        let mut usage = self.usage();
        let used = usage.owners.get(owner).copied().unwrap_or(0);
        let limit = self.limits.max_bytes_per_user;
        if used.saturating_add(size) > limit {
            return Err(UploadError::OverQuota { name, used, limit });
        }
        if let (Some(address), Some(limit)) = (from, self.limits.max_bytes_per_address) {
            let used = usage.addresses.get(address).copied().unwrap_or(0);
            if used.saturating_add(size) > limit {
                return Err(UploadError::AddressOverQuota { name, used, limit });
            }
        }
        if usage.total.saturating_add(size) > self.limits.max_bytes_total {
            return Err(UploadError::StoreFull { name });
        }
        let upload = Upload {
            id: uuid::Uuid::new_v4().simple().to_string(),
            name,
            kind: found.kind,
            mime: found.mime.to_string(),
            size: bytes.len(),
            owner: owner.to_string(),
            address: from.unwrap_or_default().to_string(),
            attached,
        };
        // Bytes first, record last: a record always has its file.
        std::fs::write(self.path(&upload.id), bytes)?;
        self.write_record(&upload)?;
        usage.add(&upload);
        Ok(upload)
    }

    fn write_record(&self, upload: &Upload) -> std::io::Result<()> {
        let record = serde_json::to_vec(upload).map_err(std::io::Error::other)?;
        let temporary = self.dir.join(format!(".{}.json.tmp", upload.id));
        std::fs::write(&temporary, record)?;
        std::fs::rename(&temporary, self.record_path(&upload.id))
    }

    /// `owner`'s file `id`'s record (not its bytes), or not found.
    fn record(&self, owner: &str, id: &str) -> Result<Upload, UploadError> {
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
        Ok(upload)
    }

    /// Marks `owner`'s file `id` as sent with a message: it no longer
    /// expires. Blocking.
    pub fn mark_attached(&self, owner: &str, id: &str) -> Result<(), UploadError> {
        let mut upload = self.record(owner, id)?;
        if !upload.attached {
            upload.attached = true;
            self.write_record(&upload)?;
        }
        Ok(())
    }

    /// Deletes `owner`'s file `id` (its bytes and its record); someone
    /// else's, or none, is not found. Blocking.
    pub fn delete(&self, owner: &str, id: &str) -> Result<(), UploadError> {
        let upload = self.record(owner, id)?;
        self.remove(&upload)
    }

    fn remove(&self, upload: &Upload) -> Result<(), UploadError> {
        let mut usage = self.usage();
        // Record first: a file without its record is never served, and
        // counts for nobody.
        std::fs::remove_file(self.record_path(&upload.id))?;
        match std::fs::remove_file(self.path(&upload.id)) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e.into()),
        }
        usage.remove(upload);
        Ok(())
    }

    /// Deletes the files never attached to a message that were stored more
    /// than `older_than` ago; returns how many. Blocking.
    pub fn expire_unattached(&self, older_than: std::time::Duration) -> Result<usize, UploadError> {
        let now = std::time::SystemTime::now();
        let mut expired = 0;
        for (path, upload) in records(&self.dir)? {
            let age = std::fs::metadata(&path)
                .and_then(|m| m.modified())
                .ok()
                .and_then(|stored| now.duration_since(stored).ok())
                .unwrap_or_default();
            if !upload.attached && age > older_than {
                // Looked at again under its current record: it may have
                // been attached meanwhile.
                if self.record(&upload.owner, &upload.id).is_ok_and(|now| !now.attached) {
                    self.remove(&upload)?;
                    expired += 1;
                }
            }
        }
        Ok(expired)
    }

    /// `owner`'s stored file and its bytes. Any id that is not one of
    /// theirs, well formed or not, is simply not found. Blocking.
    pub fn load(&self, owner: &str, id: &str) -> Result<(Upload, Vec<u8>), UploadError> {
        let upload = self.record(owner, id)?;
        let bytes = std::fs::read(self.path(id))?;
        Ok((upload, bytes))
    }

    /// `owner`'s stored file's record alone (its kind and size), without
    /// reading its bytes. Blocking.
    pub fn info(&self, owner: &str, id: &str) -> Result<Upload, UploadError> {
        self.record(owner, id)
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

/// Every readable record in `dir`, with its path. A record that cannot be
/// read belongs to nobody (load refuses it too).
fn records(dir: &Path) -> std::io::Result<Vec<(PathBuf, Upload)>> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let is_record = path.extension().is_some_and(|e| e == "json")
            && !path.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if is_record {
            let record = std::fs::read(&path).ok().and_then(|r| serde_json::from_slice::<Upload>(&r).ok());
            if let Some(upload) = record.filter(|u| !u.owner.is_empty()) {
                found.push((path, upload));
            }
        }
    }
    Ok(found)
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
        let upload = store.save("alice", None, "../../etc/notes\u{0}.md", b"# Notes\n", false).unwrap();
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
        store.save("alice", None, "a.txt", b"0123456789", false).unwrap();
        store.save("alice", None, "b.txt", b"0123456789", false).unwrap();
        let refused = store.save("alice", None, "c.txt", b"x", false).unwrap_err();
        assert!(matches!(refused, UploadError::OverQuota { used: 20, limit: 20, .. }), "{refused}");
        assert!(refused.is_client_error());
        store.save("bob", None, "c.txt", b"x", false).unwrap();
        // A restarted server counts the same.
        let again = UploadStore::open(dir.path(), limits).unwrap();
        assert_eq!((again.used_by("alice"), again.used_by("bob")), (20, 1));
        assert!(again.save("alice", None, "c.txt", b"x", false).is_err());
    }

    #[test]
    fn one_address_and_the_whole_store_have_quotas_of_their_own() {
        let dir = tempfile::tempdir().unwrap();
        let limits = UploadLimits { max_bytes_per_address: Some(25), max_bytes_total: 35, ..UploadLimits::default() };
        let store = UploadStore::open(dir.path(), limits.clone()).unwrap();
        // A new user each time (cookie-less requests), one address.
        for user in ["u1", "u2"] {
            store.save(user, Some("198.51.100.1"), "a.txt", b"0123456789", false).unwrap();
        }
        let refused = store.save("u3", Some("198.51.100.1"), "a.txt", b"0123456789", false).unwrap_err();
        assert!(matches!(refused, UploadError::AddressOverQuota { used: 20, limit: 25, .. }), "{refused}");
        store.save("u4", Some("198.51.100.2"), "a.txt", b"0123456789", false).unwrap();
        let full = store.save("u5", Some("198.51.100.3"), "a.txt", b"0123456789", false).unwrap_err();
        assert!(matches!(full, UploadError::StoreFull { .. }) && !full.is_client_error(), "{full}");
        let again = UploadStore::open(dir.path(), limits).unwrap();
        assert_eq!((again.used_from("198.51.100.1"), again.used_in_all()), (20, 30));
    }

    #[test]
    fn deleted_and_expired_files_give_their_space_back() {
        let dir = tempfile::tempdir().unwrap();
        let store = UploadStore::open(dir.path(), UploadLimits::default()).unwrap();
        let kept = store.save("alice", Some("a"), "k.txt", b"kept", false).unwrap();
        let loose = store.save("alice", Some("a"), "l.txt", b"loose", false).unwrap();
        let reply = store.save("alice", Some("a"), "r.txt", b"reply", true).unwrap();
        store.mark_attached("alice", &kept.id).unwrap();
        assert!(matches!(store.mark_attached("bob", &kept.id), Err(UploadError::NotFound)));
        assert_eq!(store.expire_unattached(std::time::Duration::from_secs(3600)).unwrap(), 0, "too young");
        assert_eq!(store.expire_unattached(std::time::Duration::ZERO).unwrap(), 1);
        assert!(matches!(store.load("alice", &loose.id), Err(UploadError::NotFound)));
        assert!(store.load("alice", &reply.id).is_ok() && store.load("alice", &kept.id).is_ok());
        assert!(matches!(store.delete("bob", &kept.id), Err(UploadError::NotFound)), "not bob's to delete");
        store.delete("alice", &kept.id).unwrap();
        assert!(matches!(store.load("alice", &kept.id), Err(UploadError::NotFound)));
        assert_eq!((store.used_by("alice"), store.used_from("a"), store.used_in_all()), (5, 5, 5));
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 2, "only the reply's file and its record are left: {names:?}");
    }
}
