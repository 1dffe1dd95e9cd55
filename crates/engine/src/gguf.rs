//! A cheap check of a model file before llama.cpp sees it, so that a wrong
//! path or a wrong file stops start-up with a message saying what to do,
//! instead of a C++ error deep in the load.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

/// What the header says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GgufSummary {
    pub version: u32,
    pub tensors: u64,
    pub metadata_entries: u64,
    pub file_bytes: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum GgufError {
    #[error("model file {0} does not exist; run scripts/install-tools.sh to fetch the default model, or set model.path in colloquy.toml")]
    Missing(PathBuf),
    #[error("model file {path} cannot be read ({source}); check its permissions")]
    Unreadable { path: PathBuf, source: std::io::Error },
    #[error("model file {0} is not a GGUF file (wrong magic bytes); point model.path at a .gguf model")]
    NotGguf(PathBuf),
    #[error("model file {path} is GGUF version {version}, which is not supported (2 or 3 are)")]
    UnsupportedVersion { path: PathBuf, version: u32 },
    #[error("model file {0} is truncated or empty; download it again")]
    Truncated(PathBuf),
}

/// Reads the 24-byte GGUF header of `path`.
pub fn check_gguf_file(path: &Path) -> Result<GgufSummary, GgufError> {
    let mut file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(GgufError::Missing(path.into())),
        Err(source) => return Err(GgufError::Unreadable { path: path.into(), source }),
    };
    let metadata = file.metadata().map_err(|source| GgufError::Unreadable { path: path.into(), source })?;
    if metadata.is_dir() {
        return Err(GgufError::NotGguf(path.into()));
    }
    let file_bytes = metadata.len();
    let mut header = [0u8; 24];
    if let Err(e) = file.read_exact(&mut header) {
        return Err(if e.kind() == std::io::ErrorKind::UnexpectedEof {
            GgufError::Truncated(path.into())
        } else {
            GgufError::Unreadable { path: path.into(), source: e }
        });
    }
    if &header[0..4] != b"GGUF" {
        return Err(GgufError::NotGguf(path.into()));
    }
    let version = u32::from_le_bytes([header[4], header[5], header[6], header[7]]);
    if !(2..=3).contains(&version) {
        return Err(GgufError::UnsupportedVersion { path: path.into(), version });
    }
    let tensors = u64::from_le_bytes(header[8..16].try_into().unwrap_or_default());
    let metadata_entries = u64::from_le_bytes(header[16..24].try_into().unwrap_or_default());
    // A real model has tensors and metadata; a header alone is a broken download.
    if tensors == 0 || file_bytes < 1024 {
        return Err(GgufError::Truncated(path.into()));
    }
    Ok(GgufSummary { version, tensors, metadata_entries, file_bytes })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn temp_file(name: &str, bytes: &[u8]) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("colloquy-gguf-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        File::create(&path).unwrap().write_all(bytes).unwrap();
        path
    }

    #[test]
    fn missing_file_says_how_to_fetch_it() {
        let err = check_gguf_file(Path::new("/nonexistent/model.gguf")).unwrap_err();
        assert!(matches!(err, GgufError::Missing(_)));
        assert!(err.to_string().contains("install-tools.sh"));
    }

    #[test]
    fn wrong_files_are_named() {
        let text = temp_file("notes.gguf", b"this is not a model, just some text that is long enough");
        assert!(matches!(check_gguf_file(&text), Err(GgufError::NotGguf(_))));
        let short = temp_file("short.gguf", b"GGUF");
        assert!(matches!(check_gguf_file(&short), Err(GgufError::Truncated(_))));
        let mut v9 = b"GGUF".to_vec();
        v9.extend_from_slice(&9u32.to_le_bytes());
        v9.extend_from_slice(&[0u8; 2000]);
        let v9 = temp_file("v9.gguf", &v9);
        assert!(matches!(check_gguf_file(&v9), Err(GgufError::UnsupportedVersion { version: 9, .. })));
        let mut empty = b"GGUF".to_vec();
        empty.extend_from_slice(&3u32.to_le_bytes());
        empty.extend_from_slice(&[0u8; 2000]);
        let empty = temp_file("empty.gguf", &empty);
        assert!(matches!(check_gguf_file(&empty), Err(GgufError::Truncated(_))));
    }
}
