//! The on-disk cache of fetched files: one folder per source, files named by hashes.
//!
//! Each cached file is `<key>.body` (the bytes as received) beside `<key>.json` (URL,
//! validators, times, length and SHA-256). Both are written atomically; the JSON is
//! written last and checked against the body on every read, so a torn or corrupted
//! entry reads as corrupt and is fetched again.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::Context;
use serde::{Deserialize, Serialize};
use url::Url;

use super::bounded::{self, Origin, Refused};
use super::http::{Validators, sha256_hex};
use crate::text::show_path;

/// Cached files larger than this are treated as corrupt, whatever their metadata says.
const MAX_ENTRY_BYTES: u64 = 8 * 1024 * 1024;

/// What the cache holds about one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryMeta {
    pub url: String,
    pub validators: Validators,
    /// Unix seconds of the last 200 response.
    pub fetched_at: u64,
    pub len: u64,
    pub sha256: String,
}

/// A cached file that passed its checks.
#[derive(Debug, Clone)]
pub struct Entry {
    pub meta: EntryMeta,
    pub bytes: Vec<u8>,
}

/// The result of reading one cached file.
#[derive(Debug)]
pub enum Lookup {
    Absent,
    Valid(Entry),
    /// Present but unusable (torn write, edited, truncated); the reason says why.
    Corrupt(String),
}

impl Lookup {
    pub fn valid(self) -> Option<Entry> {
        match self {
            Lookup::Valid(entry) => Some(entry),
            _ => None,
        }
    }
}

/// The issues a source is known to have, in discovery order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub name: String,
    pub index: String,
    pub issues: Vec<ManifestIssue>,
    /// Unix seconds of the last refresh that fetched the index.
    pub refreshed_at: u64,
    /// URLs of issues the source links but does not have (404), as found by earlier
    /// refreshes: reported when first found, not again.
    #[serde(default)]
    pub missing: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestIssue {
    pub id: String,
    pub url: String,
}

/// The cache folder of one source.
#[derive(Debug, Clone)]
pub struct SourceCache {
    dir: PathBuf,
}

impl SourceCache {
    /// The folder for the source whose index is `index`, under `root`. Nothing is created yet.
    pub fn new(root: &Path, index: &Url) -> SourceCache {
        let name = sha256_hex(index.as_str().as_bytes());
        SourceCache {
            dir: root.join("sources").join(&name[..24]),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file name stem of `url`'s entry: a hash, never a remote name.
    pub fn key(url: &Url) -> String {
        sha256_hex(url.as_str().as_bytes())[..32].to_string()
    }

    fn body_path(&self, url: &Url) -> PathBuf {
        self.dir.join(format!("{}.body", Self::key(url)))
    }

    fn meta_path(&self, url: &Url) -> PathBuf {
        self.dir.join(format!("{}.json", Self::key(url)))
    }

    fn manifest_path(&self) -> PathBuf {
        self.dir.join("manifest.json")
    }

    /// What the cache records of `url`'s file (its length and SHA-256 among it), without
    /// reading the file; None when absent or unreadable.
    pub fn read_meta(&self, url: &Url) -> Option<EntryMeta> {
        let meta: EntryMeta =
            serde_json::from_slice(&read_capped(&self.meta_path(url)).ok()?).ok()?;
        (meta.url == url.as_str()).then_some(meta)
    }

    /// The file system's metadata of `url`'s cached body.
    pub fn body_metadata(&self, url: &Url) -> Option<fs::Metadata> {
        fs::metadata(self.body_path(url)).ok()
    }

    pub fn read(&self, url: &Url) -> Lookup {
        let meta_path = self.meta_path(url);
        let Ok(meta_text) = read_capped(&meta_path) else {
            return Lookup::Absent;
        };
        let meta: EntryMeta = match serde_json::from_slice(&meta_text) {
            Ok(meta) => meta,
            Err(err) => return Lookup::Corrupt(format!("unreadable metadata ({err})")),
        };
        if meta.url != url.as_str() {
            return Lookup::Corrupt("metadata of another URL".into());
        }
        let bytes = match read_capped(&self.body_path(url)) {
            Ok(bytes) => bytes,
            Err(err) => return Lookup::Corrupt(format!("unreadable body ({err})")),
        };
        if bytes.len() as u64 != meta.len {
            return Lookup::Corrupt(format!("{} bytes, expected {}", bytes.len(), meta.len));
        }
        if sha256_hex(&bytes) != meta.sha256 {
            return Lookup::Corrupt("checksum mismatch".into());
        }
        Lookup::Valid(Entry { meta, bytes })
    }

    /// Stores a complete file and its validators: body first, metadata last.
    pub fn write(&self, url: &Url, bytes: &[u8], validators: &Validators) -> anyhow::Result<()> {
        let meta = EntryMeta {
            url: url.to_string(),
            validators: validators.clone(),
            fetched_at: unix_now(),
            len: bytes.len() as u64,
            sha256: sha256_hex(bytes),
        };
        write_atomic(&self.body_path(url), bytes)?;
        self.write_meta(url, &meta)
    }

    /// Records new validators for an unchanged file; nothing is written when they are the same.
    pub fn update_validators(&self, entry: &Entry, validators: &Validators) -> anyhow::Result<()> {
        if entry.meta.validators == *validators {
            return Ok(());
        }
        let meta = EntryMeta {
            validators: validators.clone(),
            ..entry.meta.clone()
        };
        let url = Url::parse(&meta.url).context("cached URL")?;
        self.write_meta(&url, &meta)
    }

    fn write_meta(&self, url: &Url, meta: &EntryMeta) -> anyhow::Result<()> {
        let json = serde_json::to_vec_pretty(meta).context("encoding cache metadata")?;
        write_atomic(&self.meta_path(url), &json)
    }

    pub fn read_manifest(&self) -> Option<Manifest> {
        self.read_manifest_checked().ok().flatten()
    }

    /// The manifest; `Ok(None)` when there is none, `Err` saying why when it is unusable.
    pub fn read_manifest_checked(&self) -> Result<Option<Manifest>, String> {
        let bytes = match read_capped(&self.manifest_path()) {
            Ok(bytes) => bytes,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(err) => return Err(err.to_string()),
        };
        serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|err| err.to_string())
    }

    /// The URLs of every entry whose metadata names the URL its file is named after
    /// (what the manifest is rebuilt from). Bodies are not checked here.
    pub fn entry_urls(&self) -> Vec<Url> {
        let Ok(files) = fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut urls: Vec<Url> = files
            .flatten()
            .filter_map(|file| {
                let name = file.file_name().into_string().ok()?;
                let key = name.strip_suffix(".json")?;
                let meta: EntryMeta =
                    serde_json::from_slice(&read_capped(&file.path()).ok()?).ok()?;
                let url = Url::parse(&meta.url).ok()?;
                (Self::key(&url) == key).then_some(url)
            })
            .collect();
        urls.sort();
        urls
    }

    /// Keeps a doubtful new version of `url` beside its cached one, for the user to
    /// look at; gives where.
    pub fn set_aside(&self, url: &Url, bytes: &[u8]) -> anyhow::Result<PathBuf> {
        let path = self.dir.join(format!("{}.new.md", Self::key(url)));
        write_atomic(&path, bytes)?;
        Ok(path)
    }

    pub fn write_manifest(&self, manifest: &Manifest) -> anyhow::Result<()> {
        let json = serde_json::to_vec_pretty(manifest).context("encoding the manifest")?;
        write_atomic(&self.manifest_path(), &json)
    }
}

pub fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default()
}

fn read_capped(path: &Path) -> std::io::Result<Vec<u8>> {
    bounded::read(path, MAX_ENTRY_BYTES, Origin::Found).map_err(|refused| match refused {
        Refused::Io(err) => err,
        other => std::io::Error::other(other.to_string()),
    })
}

/// Writes `bytes` to a temporary file beside `path`, syncs it, then renames it over
/// `path`: readers see the old file or the new one, never a mix.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    replace_file(path, true, |file| file.write_all(bytes))
}

/// Writes a temporary file beside `path` with `write`, syncs it when `sync` (a file
/// whose every byte is checked when read needs no sync: a torn one reads as damaged),
/// then renames it over `path`. Written through a buffer.
pub fn replace_file(
    path: &Path,
    sync: bool,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let dir = path.parent().context("cache path without a folder")?;
    fs::create_dir_all(dir).with_context(|| format!("creating {}", show_path(dir)))?;
    let temp = dir.join(format!(
        ".tmp-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let result = write_file(&temp, sync, write).and_then(|()| {
        fs::rename(&temp, path).with_context(|| format!("renaming into {}", show_path(path)))
    });
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result?;
    if sync && let Ok(folder) = File::open(dir) {
        let _ = folder.sync_all();
    }
    Ok(())
}

fn write_file(
    path: &Path,
    sync: bool,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    let file = File::create(path).with_context(|| format!("creating {}", show_path(path)))?;
    let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
    write(&mut out)
        .and_then(|()| out.into_inner().map_err(|e| e.into_error()))
        .and_then(|file| if sync { file.sync_all() } else { Ok(()) })
        .with_context(|| format!("writing {}", show_path(path)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup() -> (tempfile::TempDir, SourceCache, Url) {
        let root = tempfile::tempdir().unwrap();
        let index = Url::parse("https://h/README.md").unwrap();
        let cache = SourceCache::new(root.path(), &index);
        (root, cache, Url::parse("https://h/r/a.md").unwrap())
    }

    #[test]
    fn written_entries_read_back_with_their_validators() {
        let (_root, cache, url) = setup();
        let validators = Validators {
            etag: Some("\"e1\"".into()),
            last_modified: None,
        };
        cache.write(&url, b"hello", &validators).unwrap();
        let entry = cache.read(&url).valid().unwrap();
        assert_eq!(entry.bytes, b"hello");
        assert_eq!(entry.meta.validators, validators);
    }

    #[test]
    fn truncated_or_altered_bodies_read_as_corrupt() {
        let (_root, cache, url) = setup();
        cache
            .write(&url, b"hello world", &Validators::default())
            .unwrap();
        let body = cache.body_path(&url);
        fs::write(&body, b"hello").unwrap();
        assert!(matches!(cache.read(&url), Lookup::Corrupt(_)));
        fs::write(&body, b"hellO world").unwrap();
        assert!(matches!(cache.read(&url), Lookup::Corrupt(_)));
        fs::write(cache.meta_path(&url), b"{\"url\":").unwrap();
        assert!(matches!(cache.read(&url), Lookup::Corrupt(_)));
    }

    #[test]
    fn no_temporary_files_are_left_behind() {
        let (_root, cache, url) = setup();
        cache.write(&url, b"x", &Validators::default()).unwrap();
        let names: Vec<String> = fs::read_dir(cache.dir())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
        assert!(names.iter().all(|n| !n.starts_with(".tmp")));
    }
}
