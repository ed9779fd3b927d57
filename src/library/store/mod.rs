//! The persisted library: what a load parsed, kept in the cache directory so that the
//! next load parses only the files that changed.
//!
//! One store file per library: a source's (beside its cache) or a set of local paths
//! (keyed by a hash of their canonical roots). It is a checked container of the search
//! index's kind (`search::format`: a version header, a generation, xxh3 per 64 KiB
//! page) with four parts:
//!
//! ```text
//! 1 HEADS    postcard: store version, model fingerprint, per file: its key (canonical
//!            path or URL), how it was shown, its stamp, its issue's head (ids, date,
//!            title, number, counts, its entries' hashes as 8 bytes each) and
//!            warnings, where its body lies in BODIES
//! 2 BODIES   postcard of each issue, one after another
//! 3 NEWEST   postcard: store version, model fingerprint, the records of the newest
//!            issues found in a folder, each with its number in HEADS (see [`newest`])
//! 4 STAMPS   postcard: store version, model fingerprint, how many issues and pages
//!            HEADS holds, per file (in its order): its key, how it was shown, its
//!            stamp and warnings (see [`stamps`])
//! ```
//!
//! `brief list` reads HEADS alone; the reader decodes the bodies; `brief search` reads
//! STAMPS alone when they tell that the store holds every file as it is. A file is reused when
//! its key, the way it is shown and its stamp (size and mtime in nanoseconds for a
//! local file, the SHA-256 the cache keeps for a fetched one) are those recorded. Any
//! problem reading the store (missing, another version, another shape of the model,
//! damaged, torn) means "parse again", and the store is written again, atomically
//! (temporary file, then rename). A store that cannot be written is no error: loading
//! goes on as if there were none, silently.

mod bodies;
mod heads;
mod model_shape;
mod newest;
pub mod search_index;
mod stamps;
mod stored;

use std::borrow::Cow;
use std::fs::File;
use std::ops::Range;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use twox_hash::XxHash3_64;

use super::cache::replace_file;
use crate::model::Issue;
use crate::search::{Container, Mapped, Writer, fresh_generation};
pub use heads::{EntryHashes, IssueHead, SourceIdText, separate_heads, sort_heads, split_heads};
use newest::{NEWEST, Newest};
pub use newest::{NewestFile, Opening};
pub use stamps::Current;
use stamps::{STAMPS, Stamps};
pub use stored::Stored;

/// Bumped at every change of what the store holds or means. Changes of the model's
/// shape are caught without it (see [`model_shape::fingerprint`]).
pub const STORE_VERSION: u32 = 5;

const HEADS: u32 = 1;
const BODIES: u32 = 2;

/// How much of the library a load needs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Depth {
    /// Whole issues (the reader, `brief show`, a search without its index).
    #[default]
    Full,
    /// Only each issue's head: what `brief list` prints. Unchanged issues' bodies are
    /// not decoded (changed files are parsed all the same).
    Heads,
    /// When the store holds every file as it is, no issue: the store's mark (a search
    /// index saved from it holds too), read from its STAMPS for local files (a fetched
    /// source's heads are loaded); else whole issues. What `brief search` and the
    /// writer of its index need either way.
    MarkIfCurrent,
}

/// When a load writes its store, if the store no longer holds the files as they are.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Writes {
    /// As the load ends.
    #[default]
    Now,
    /// Not at all: the load says the store is behind ([`Finished::unsaved`]), and its
    /// caller has it written later (a command, after its output, in the background).
    /// Nothing is encoded for it either.
    Deferred,
}

/// How a file is known to a store (`key`: its canonical path or URL; `shown`: how it
/// is named in its warnings and location), and its stamp now (None: it cannot be read).
#[derive(Debug, Clone)]
pub struct Probe {
    pub key: String,
    pub shown: String,
    pub stamp: Option<Stamp>,
}

impl Probe {
    /// True when the file is the one recorded as `key`, shown as `shown` and stamped
    /// `stamp`: unchanged since.
    pub(super) fn describes(&self, key: &str, shown: &str, stamp: &Stamp) -> bool {
        self.key == key && self.shown == shown && self.stamp.as_ref() == Some(stamp)
    }
}

/// The depth to load at: [`Depth::MarkIfCurrent`] made [`Depth::Heads`] or
/// [`Depth::Full`], seeing whether `stored` holds exactly the files `probes` describe.
pub fn resolve_depth(depth: Depth, stored: Option<&Stored>, probes: &[Probe]) -> Depth {
    if depth != Depth::MarkIfCurrent {
        return depth;
    }
    let current = stored.is_some_and(|stored| {
        stored.files.len() == probes.len() && probes.iter().all(|p| stored.is_current(p))
    });
    if current { Depth::Heads } else { Depth::Full }
}

/// What a file was like when it was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stamp {
    /// A local file: its size and modification time.
    File { len: u64, modified_ns: u128 },
    /// A fetched file: its length and SHA-256, as the cache keeps them, and the
    /// stamp of the cached body (so that a body damaged behind the cache's back is
    /// read, and found damaged, as without the store).
    Content {
        len: u64,
        sha256: String,
        body: Box<Stamp>,
    },
}

impl Stamp {
    /// The stamp of the local file `meta` describes.
    pub fn of_file(meta: &std::fs::Metadata) -> Stamp {
        let modified_ns = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        Stamp::File {
            len: meta.len(),
            modified_ns,
        }
    }

    /// The stamp of a local file of `len` bytes modified at `seconds` and `nanos`
    /// since the epoch, as [`Stamp::of_file`] has it (0 before the epoch).
    pub fn of_times(len: u64, seconds: i64, nanos: u32) -> Stamp {
        let modified_ns = u128::try_from(seconds)
            .map_or(0, |seconds| seconds * 1_000_000_000 + u128::from(nanos));
        Stamp::File { len, modified_ns }
    }
}

/// One file as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileRecord {
    /// The canonical path, or the URL.
    pub key: String,
    /// How the file was named in its warnings and location.
    pub shown: String,
    pub stamp: Stamp,
    /// None for a file that is not an issue (an index page, a note without links).
    pub head: Option<IssueHead>,
    /// The warnings its reading gave, as shown.
    pub warnings: Vec<String>,
    /// Where its issue lies in BODIES.
    body: Range<u64>,
}

#[derive(Serialize, Deserialize)]
struct Heads {
    version: u32,
    model: u64,
    #[serde(deserialize_with = "heads::announced_len")]
    files: Vec<FileRecord>,
}

/// Where one library's store lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Store {
    path: PathBuf,
}

/// What reading one file gave, for [`Store::finish`].
pub enum Outcome {
    /// The stored record `record` holds: its issue, decoded when the depth is full.
    Reused { record: usize, issue: Option<Issue> },
    /// Read and parsed now: its record (without a place in BODIES yet), its issue
    /// (at [`Depth::Full`]) and its issue encoded, to store.
    Fresh {
        record: Box<FileRecord>,
        issue: Option<Issue>,
        body: Vec<u8>,
    },
    /// Not read (it could not be): not stored, its warnings said every time.
    Unread { warnings: Vec<String> },
}

impl Outcome {
    /// Its issue, taken out (what is left is what a store is written from).
    pub fn take_issue(&mut self) -> Option<Issue> {
        match self {
            Outcome::Reused { issue, .. } | Outcome::Fresh { issue, .. } => issue.take(),
            Outcome::Unread { .. } => None,
        }
    }

    /// The warnings reading the file gave (for a reused one, as `stored` recorded).
    pub fn warnings<'a>(&'a self, stored: Option<&'a Stored>) -> &'a [String] {
        match self {
            Outcome::Reused { record, .. } => stored.map_or(&[], |s| s.warnings(*record)),
            Outcome::Fresh { record, .. } => &record.warnings,
            Outcome::Unread { warnings } => warnings,
        }
    }
}

/// A load's issues, as [`Store::finish`] gives them.
#[derive(Debug, Default)]
pub struct Finished {
    /// Whole issues, at [`Depth::Full`].
    pub issues: Vec<Issue>,
    /// Every file's head (at [`Depth::Full`], those of `issues`, in their order).
    pub heads: Vec<IssueHead>,
    pub warnings: Vec<String>,
    /// The store that holds exactly these issues, if one does.
    pub stored: Option<StoreMark>,
    /// The store is behind and was not written ([`Writes::Deferred`]).
    pub unsaved: bool,
}

/// A store as written once: where, and which write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreMark {
    pub path: PathBuf,
    pub generation: u64,
}

impl Store {
    pub fn at(path: PathBuf) -> Store {
        Store { path }
    }

    /// The store of the local files under `canonical_roots` (in the order given), read
    /// as one newsletter rooted at `root` (their issue ids are relative to it).
    pub fn for_local(cache_root: &Path, canonical_roots: &[PathBuf], root: &Path) -> Store {
        let mut key = Vec::new();
        for path in canonical_roots.iter().map(PathBuf::as_path).chain([root]) {
            key.extend_from_slice(path.as_os_str().as_encoded_bytes());
            key.push(0);
        }
        let name = format!("local-{:016x}.brief", XxHash3_64::oneshot(&key));
        Store::at(cache_root.join("library").join(name))
    }

    /// The store of a fetched source, in its cache folder.
    pub fn for_source(source_cache: &Path) -> Store {
        Store::at(source_cache.join("library.brief"))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The stored library, when there is one this brief can read.
    pub fn open(&self) -> Option<Stored> {
        self.open_lazily()?.finish(std::iter::empty())
    }

    /// The store, its header checked, nothing decoded yet (see [`Opening`]).
    pub fn open_lazily(&self) -> Option<Opening> {
        let file = File::open(&self.path).ok()?;
        Some(Opening::new(Container::open(Mapped::open(file)).ok()?))
    }

    /// Writes the records and bodies of `outcomes`; the new generation, or None (also
    /// when `stop` turned true on the way: then nothing is left of the write).
    fn write(&self, stored: Option<&Stored>, outcomes: &[Outcome], stop: Stop) -> Option<u64> {
        let bodies: Vec<Option<(FileRecord, Cow<[u8]>)>> = outcomes
            .par_iter()
            .map(|outcome| match outcome {
                _ if stop() => None,
                Outcome::Reused { record, .. } => {
                    let stored = stored?;
                    let file = stored.files.get(*record)?;
                    Some((file.clone(), Cow::Owned(stored.body_bytes(file)?)))
                }
                Outcome::Fresh { record, body, .. } => {
                    Some((FileRecord::clone(record), Cow::Borrowed(&body[..])))
                }
                Outcome::Unread { .. } => None,
            })
            .collect();
        if stop() {
            return None;
        }
        let mut files = Vec::with_capacity(bodies.len());
        let mut pieces = Vec::with_capacity(bodies.len());
        let mut at = 0u64;
        for (mut record, body) in bodies.into_iter().flatten() {
            record.body = at..at + body.len() as u64;
            at = record.body.end;
            files.push(record);
            pieces.push(body);
        }
        let newest = Newest::of(&files);
        let stamps = postcard::to_allocvec(&Stamps::of(&files)).ok()?;
        let heads = Heads {
            version: STORE_VERSION,
            model: model_shape::fingerprint(),
            files,
        };
        let mut writer = Writer::default();
        writer.part(HEADS, postcard::to_allocvec(&heads).ok()?);
        writer.part(NEWEST, postcard::to_allocvec(&newest).ok()?);
        writer.part(STAMPS, stamps);
        writer.part_of_pieces(BODIES, pieces);
        let generation = fresh_generation();
        let written = replace_file(&self.path, false, |out| {
            writer.write_to(generation, &mut Stoppable { out, stop })
        });
        match written {
            Ok(()) => Some(generation),
            Err(err) => {
                log::info!("library store not written: {err:#}");
                None
            }
        }
    }
}

/// Asked now and then while a store is written: true to give the write up.
pub type Stop<'a> = &'a (dyn Fn() -> bool + Sync);

/// A writer that fails once `stop` says so (checked at each write: a piece of the
/// store at a time), so that the temporary file is removed and nothing replaced.
struct Stoppable<'a, W: ?Sized> {
    out: &'a mut W,
    stop: Stop<'a>,
}

impl<W: std::io::Write + ?Sized> std::io::Write for Stoppable<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if (self.stop)() {
            return Err(std::io::Error::other("given up: brief is closing"));
        }
        self.out.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// Writes `store` again for `outcomes` (read with `stored`, `store` as opened) when a
/// file changed, came or went, unless `stop` says to give up on the way: the store
/// that holds exactly these issues then, if one does. A store that cannot be written
/// is left as it was (or missing), silently.
pub fn persist(
    store: &Store,
    stored: Option<&Stored>,
    outcomes: &[Outcome],
    stop: Stop,
) -> Option<StoreMark> {
    let generation = match stored {
        Some(s) if !behind(stored, outcomes) => Some(s.file.container().generation()),
        // Nothing to keep, nothing kept: no file (nor folder) is made.
        None if !behind(stored, outcomes) => None,
        _ => store.write(stored, outcomes, stop),
    };
    generation.map(|generation| StoreMark {
        path: store.path.clone(),
        generation,
    })
}

/// The mark of `store` when `stored` (it as opened) holds exactly the files of
/// `outcomes` (nothing to write): what a saved search index is checked against.
pub fn current_mark(
    store: &Store,
    stored: Option<&Stored>,
    outcomes: &[Outcome],
) -> Option<StoreMark> {
    let stored = stored.filter(|_| !behind(stored, outcomes))?;
    Some(StoreMark {
        path: store.path.clone(),
        generation: stored.file.container().generation(),
    })
}

/// True when `outcomes` differ from `stored`: a file changed, came or went (and there
/// is something to keep).
fn behind(stored: Option<&Stored>, outcomes: &[Outcome]) -> bool {
    let reused = outcomes
        .iter()
        .filter(|o| matches!(o, Outcome::Reused { .. }))
        .count();
    let fresh = outcomes.iter().any(|o| matches!(o, Outcome::Fresh { .. }));
    match stored {
        Some(s) => fresh || reused != s.files.len(),
        None => fresh,
    }
}

/// Gathers `outcomes` (read with `stored`, `store` as opened) at `depth`, and writes
/// `store` again when a file changed, came or went (see [`persist`]), unless `writes`
/// defers it: the report then says the store is behind. The heads and warnings of
/// the files reused are taken out of `stored`.
pub fn finish(
    store: Option<&Store>,
    mut stored: Option<&mut Stored>,
    outcomes: Vec<Outcome>,
    depth: Depth,
    writes: Writes,
) -> Finished {
    let unsaved =
        writes == Writes::Deferred && store.is_some() && behind(stored.as_deref(), &outcomes);
    let never = || false;
    let mut finished = Finished {
        unsaved,
        stored: store
            .filter(|_| !unsaved)
            .and_then(|store| persist(store, stored.as_deref(), &outcomes, &never)),
        heads: Vec::with_capacity(outcomes.len()),
        ..Finished::default()
    };
    for outcome in outcomes {
        let (head, issue, warnings) = match outcome {
            Outcome::Reused { record, issue } => {
                let file = stored.as_deref_mut().and_then(|s| s.files.get_mut(record));
                let (head, warnings) = file
                    .map(|f| (f.head.take(), std::mem::take(&mut f.warnings)))
                    .unwrap_or_default();
                (head, issue, warnings)
            }
            Outcome::Fresh { record, issue, .. } => {
                let record = *record;
                (record.head, issue, record.warnings)
            }
            Outcome::Unread { warnings } => (None, None, warnings),
        };
        finished.warnings.extend(warnings);
        if depth == Depth::Heads {
            finished.heads.extend(head);
        } else if let Some((issue, head)) = issue.zip(head) {
            finished.issues.push(issue);
            finished.heads.push(head);
        }
    }
    finished
}

/// A file read and parsed now, as an [`Outcome`]: its issue encoded when it is to be
/// `stored`, and kept whole at [`Depth::Full`].
pub fn fresh(
    mut record: Box<FileRecord>,
    issue: Option<Issue>,
    depth: Depth,
    stored: bool,
) -> Outcome {
    // The entries' hashes are only for a store: a load that writes none spares them.
    if let (Some(head), Some(issue), true) = (&mut record.head, &issue, stored) {
        head.entry_hashes = Some(EntryHashes::of(issue));
    }
    let body = issue
        .as_ref()
        .filter(|_| stored)
        .and_then(|issue| postcard::to_allocvec(issue).ok())
        .unwrap_or_default();
    Outcome::Fresh {
        record,
        issue: issue.filter(|_| depth != Depth::Heads),
        body,
    }
}

impl FileRecord {
    /// The record of a file read now, with its issue's head (without its entries'
    /// hashes: see [`fresh`]) and its warnings.
    pub fn new(
        key: String,
        shown: String,
        stamp: Stamp,
        issue: Option<&Issue>,
        warnings: Vec<String>,
    ) -> Box<FileRecord> {
        Box::new(FileRecord {
            key,
            shown,
            stamp,
            head: issue.map(IssueHead::of),
            warnings,
            body: 0..0,
        })
    }
}

#[cfg(test)]
mod tests;
