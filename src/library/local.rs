//! Local Markdown files and directories.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use foldhash::fast::RandomState as FoldHasher;
use rayon::prelude::*;

use super::bounded::{self, Origin};
use super::store::{self, Depth, FileRecord, Outcome, Probe, Stamp, Store, Stored, Writes};
use super::{LoadReport, budget, probes, walk};
use crate::model::{Issue, Library, SourceId, SourceInfo};
use crate::parse::{self, index};
use crate::text::{sanitize, sanitize_line, show_path};

/// Files larger than this are skipped: no newsletter issue is anywhere near it.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Loads every issue under `paths` (files, or directories searched recursively for
/// `*.md` / `*.markdown`), parsing on all cores, as one newsletter: see [`root`] for
/// its id and its issues' ids. Index pages are not issues; the other files that are
/// not issues become pages ([`super::pages::separate`]).
pub fn load(paths: &[PathBuf]) -> anyhow::Result<LoadReport> {
    load_stored(paths, None, Depth::Full)
}

/// [`load`] at `depth`, through the persisted library of these paths under
/// `cache_root` (see [`store`]) when one is given: only the files that changed since
/// it was written are parsed. Issues and pages are told apart by what the store keeps
/// of each file (its head), by the rule of [`super::pages::separate`].
pub fn load_stored(
    paths: &[PathBuf],
    cache_root: Option<&Path>,
    depth: Depth,
) -> anyhow::Result<LoadReport> {
    load_stored_with(paths, cache_root, depth, Writes::Now)
}

/// [`load_stored`], the store written when `writes` says (else the report says
/// whether it is [`LoadReport::unsaved`]).
pub fn load_stored_with(
    paths: &[PathBuf],
    cache_root: Option<&Path>,
    depth: Depth,
    writes: Writes,
) -> anyhow::Result<LoadReport> {
    let roots = canonical_roots(paths);
    let foreseen = cache_root.map(|cache| foreseen_with(cache, &roots, paths));
    let open = |store: &Store| Opened::of(store, depth);
    // The folders are walked while the store they foretell is read: a core each.
    let ((files, mut warnings), opened) = rayon::join(
        || {
            let mut warnings = Vec::new();
            (collect_files(paths, &mut warnings), warnings)
        },
        || foreseen.as_ref().and_then(open),
    );
    let root = root(&files);
    let source = folder_id(&root);
    let store = cache_root.map(|cache| Store::for_local(cache, &roots, &root));
    let opened = match opened {
        Some(opened) if foreseen == store => Some(opened),
        _ => store.as_ref().and_then(open),
    };
    let probes = probes(&files);
    if let (Some(Opened::Lazily(opening)), Some(store)) = (&opened, &store)
        && let Some(mut current) = store.current(opening, &probes)
    {
        warnings.append(&mut current.warnings);
        return Ok(held_report(paths, &root, current, warnings));
    }
    let mut stored = opened.and_then(Opened::decoded);
    let depth = store::resolve_depth(depth, stored.as_ref(), &probes);
    let outcomes: Vec<Outcome> = files
        .par_iter()
        .zip(probes)
        .map(|(file, probe)| {
            let stored = stored.as_ref();
            let encode = store.is_some() && writes == Writes::Now;
            read_stored(file, probe, &root, stored, depth, encode)
        })
        .collect();
    let finished = store::finish(store.as_ref(), stored.as_mut(), outcomes, depth, writes);
    warnings.extend(finished.warnings);
    let mut library = Library::default();
    let (mut heads, mut page_heads) = if depth == Depth::Heads {
        store::split_heads(finished.heads)
    } else {
        (library.issues, library.pages) = store::separate_heads(finished.issues, &finished.heads);
        (Vec::new(), Vec::new())
    };
    library.set_source(&source);
    for head in heads.iter_mut().chain(&mut page_heads) {
        if head.source != source.as_str() {
            head.source = source.as_str().to_string();
        }
    }
    let found = [
        library.issues.len(),
        library.pages.len(),
        heads.len(),
        page_heads.len(),
    ];
    if found.iter().any(|&n| n > 0) {
        library.sources = vec![info(&root)];
    }
    library.sort();
    store::sort_heads(&mut heads, &mut page_heads, &library.sources);
    Ok(LoadReport {
        library,
        heads,
        page_heads,
        warnings,
        label: label(paths),
        feeds: Vec::new(),
        stored: finished.stored.map(|s| vec![s]),
        unsaved: finished.unsaved,
        held: 0,
    })
}

/// A store as a load opens it: decoded, or (at [`Depth::MarkIfCurrent`], to be read
/// from its STAMPS first) not yet.
enum Opened {
    Decoded(Stored),
    Lazily(store::Opening),
}

impl Opened {
    fn of(store: &Store, depth: Depth) -> Option<Opened> {
        if depth == Depth::MarkIfCurrent {
            store.open_lazily().map(Opened::Lazily)
        } else {
            store.open().map(Opened::Decoded)
        }
    }

    fn decoded(self) -> Option<Stored> {
        match self {
            Opened::Decoded(stored) => Some(stored),
            Opened::Lazily(opening) => opening.finish(std::iter::empty()),
        }
    }
}

/// The report of a load of `paths` (rooted at `root`) whose store holds every file
/// as it is (`current`), none of its issues loaded, with `warnings` (see
/// [`Depth::MarkIfCurrent`]).
fn held_report(
    paths: &[PathBuf],
    root: &Path,
    current: store::Current,
    warnings: Vec<String>,
) -> LoadReport {
    let mut library = Library::default();
    if current.issues + current.pages > 0 {
        library.sources = vec![info(root)];
    }
    LoadReport {
        library,
        warnings,
        label: label(paths),
        stored: Some(vec![current.mark]),
        held: current.issues,
        ..LoadReport::default()
    }
}

/// The canonical paths of `paths`.
fn canonical_roots(paths: &[PathBuf]) -> Vec<PathBuf> {
    paths.iter().map(|p| canonical(p)).collect()
}

/// The store under `cache_root` that a load of `paths` reads when their files are
/// where they were at the last load (the root they share is foreseen from `paths`).
pub(super) fn foreseen_store(cache_root: &Path, paths: &[PathBuf]) -> Store {
    foreseen_with(cache_root, &canonical_roots(paths), paths)
}

fn foreseen_with(cache_root: &Path, roots: &[PathBuf], paths: &[PathBuf]) -> Store {
    Store::for_local(cache_root, roots, &given_root(paths))
}

/// What leads the store key of a file found in a folder (not named): its canonical
/// path follows.
pub(super) const FOUND_KEY: &str = "found:";

/// How a file is known to the store.
pub(super) fn store_key(candidate: &Candidate) -> String {
    let named = if candidate.named { "named:" } else { FOUND_KEY };
    format!("{named}{}", candidate.canonical.to_string_lossy())
}

/// [`probe`] of each of `files`, in parallel, each file looked up in its opened folder
/// ([`probes::stamped`]).
pub(super) fn probes(files: &[Candidate]) -> Vec<Probe> {
    probes::stamped(files, |file| &file.path, probe_stamped)
}

/// How a file is known to the store, and what it is like now.
pub(super) fn probe(candidate: &Candidate) -> Probe {
    probe_stamped(candidate, probes::by_path(&candidate.path))
}

fn probe_stamped(candidate: &Candidate, stamp: Option<Stamp>) -> Probe {
    Probe {
        key: store_key(candidate),
        shown: show_path(&candidate.path),
        stamp,
    }
}

/// Reads one file: from `stored` when it holds the file as it is, else from the file,
/// within the budget of parses in flight. `store`: whether what is read now is to be
/// stored.
pub(super) fn read_stored(
    candidate: &Candidate,
    probe: Probe,
    root: &Path,
    stored: Option<&Stored>,
    depth: Depth,
    store: bool,
) -> Outcome {
    if let Some(reused) = stored.and_then(|stored| stored.reuse(&probe, depth)) {
        return reused;
    }
    let Probe { key, shown, stamp } = probe;
    let bytes = match read_bytes(candidate, &shown) {
        Ok(bytes) => bytes,
        Err(warning) => {
            return Outcome::Unread {
                warnings: vec![warning],
            };
        }
    };
    let (issue, warnings) =
        budget::within_budget(bytes.len(), || parse_file(candidate, root, &bytes, &shown));
    match stamp {
        Some(stamp) => {
            let mut record = FileRecord::new(key, shown, stamp, issue.as_ref(), warnings);
            if let Some(head) = &mut record.head {
                head.named = candidate.named;
            }
            store::fresh(record, issue, depth, store)
        }
        None => Outcome::Unread { warnings },
    }
}

/// The bytes of `candidate`'s file, at most [`MAX_FILE_BYTES`]; else why not, as a
/// warning naming it as `shown`.
fn read_bytes(candidate: &Candidate, shown: &str) -> Result<Vec<u8>, String> {
    let origin = if candidate.named {
        Origin::Named
    } else {
        Origin::Found
    };
    bounded::read(&candidate.path, MAX_FILE_BYTES, origin)
        .map_err(|refused| format!("{shown}: {refused}"))
}

/// The newsletter held by the folder `root` ([`root`]): its id and title.
pub(super) fn info(root: &Path) -> SourceInfo {
    SourceInfo {
        id: folder_id(root),
        title: sanitize(&folder_name(root)),
    }
}

/// What the library of `paths` is called: the paths, shown.
pub(super) fn label(paths: &[PathBuf]) -> String {
    let shown: Vec<String> = paths.iter().map(|p| show_path(p)).collect();
    shown.join(", ")
}

/// A file to read, and whether the user named it directly.
pub(super) struct Candidate {
    pub(super) path: PathBuf,
    canonical: PathBuf,
    pub(super) named: bool,
    /// The folder the user gave (canonical), or the one holding the file named.
    given: Arc<Path>,
}

pub(super) fn collect_files(paths: &[PathBuf], warnings: &mut Vec<String>) -> Vec<Candidate> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let given: Arc<Path> = canonical(path).into();
            let found = walk::found_files(path, warnings);
            files.reserve(found.len());
            for found in found {
                files.push(Candidate {
                    path: found.path,
                    canonical: found.canonical,
                    named: false,
                    given: given.clone(),
                });
            }
        } else if path.exists() {
            let canonical = canonical(path);
            files.push(Candidate {
                path: path.clone(),
                given: canonical.parent().unwrap_or(&canonical).into(),
                canonical,
                named: true,
            });
        } else {
            warnings.push(format!("{}: no such file or directory", show_path(path)));
        }
    }
    let mut files = first_of_each_file(files);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// `files` but those found again (the same canonical path) after their first.
fn first_of_each_file(files: Vec<Candidate>) -> Vec<Candidate> {
    let mut seen = HashSet::with_capacity_and_hasher(files.len(), FoldHasher::default());
    let first: Vec<bool> = (files.iter())
        .map(|file| seen.insert(file.canonical.as_path()))
        .collect();
    if first.iter().all(|&first| first) {
        return files;
    }
    let files = files.into_iter().zip(first);
    files
        .filter_map(|(file, first)| first.then_some(file))
        .collect()
}

/// The folder the local newsletter is rooted at: the deepest folder holding every
/// folder given (a file named directly stands for the folder holding it), canonical.
///
/// The newsletter's [`SourceId`] is [`folder_id`] of this root, so the same paths
/// give the same id on every run. An issue's id is its file's path relative to the
/// root (the canonical path, symbolic links resolved), without the extension, `/`
/// between folders: `2020-06-03`, `en/HelloGitHub99`. Ids are unique within the
/// root (but for `x.md` beside `x.markdown`), so issue keys are too. Reading state is
/// stored under these keys: they change only when the files move or the root does.
pub(super) fn root(files: &[Candidate]) -> PathBuf {
    common_folder(files.iter().map(|f| &*f.given))
}

/// What [`root`] is when every path given holds a file: known before the folders are
/// walked.
fn given_root(paths: &[PathBuf]) -> PathBuf {
    let given = paths.iter().filter_map(|path| {
        if path.is_dir() {
            Some(canonical(path))
        } else if path.exists() {
            let canonical = canonical(path);
            Some(canonical.parent().unwrap_or(&canonical).to_path_buf())
        } else {
            None
        }
    });
    let given: Vec<PathBuf> = given.collect();
    common_folder(given.iter().map(PathBuf::as_path))
}

/// The deepest folder holding every one of `folders`.
fn common_folder<'a>(mut folders: impl Iterator<Item = &'a Path>) -> PathBuf {
    let Some(first) = folders.next() else {
        return PathBuf::new();
    };
    let mut root = first.to_path_buf();
    let mut last = first;
    for folder in folders {
        // The files of one folder given come one after another.
        if std::mem::replace(&mut last, folder).as_os_str() == folder.as_os_str() {
            continue;
        }
        while !folder.starts_with(&root) {
            if !root.pop() {
                break;
            }
        }
    }
    root
}

/// The id of the issue in `canonical_file` under `root`: see [`root`].
fn issue_id(canonical_file: &Path, root: &Path) -> String {
    let relative = canonical_file.strip_prefix(root).unwrap_or(canonical_file);
    let mut parts: Vec<String> = relative
        .components()
        .filter_map(|c| match c {
            Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    if let Some(last) = parts.last_mut() {
        let stem = Path::new(last.as_str())
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned());
        if let Some(stem) = stem {
            *last = stem;
        }
    }
    sanitize_line(&parts.join("/"))
}

/// The id of the newsletter held by `canonical_folder`: [`SourceId::derive`]d from
/// the folder's name and its canonical path.
pub fn folder_id(canonical_folder: &Path) -> SourceId {
    SourceId::derive(
        &folder_name(canonical_folder),
        &canonical_folder.to_string_lossy(),
    )
}

fn folder_name(folder: &Path) -> String {
    folder
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

pub(super) fn canonical(path: &Path) -> PathBuf {
    fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// What reading one file gave: an issue (or nothing, for an index page) and warnings.
type FileOutcome = (Option<Issue>, Vec<String>);

/// Parses one file. Index pages found in a directory give no issue.
fn parse_file(candidate: &Candidate, root: &Path, bytes: &[u8], shown: &str) -> FileOutcome {
    let path = &candidate.path;
    let text = String::from_utf8_lossy(bytes);
    if !candidate.named && is_readme(path) && index::is_index(&text) {
        return (None, Vec::new());
    }
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (mut issue, notes) = parse::parse_issue_report(&text, &stem, shown);
    issue.id = issue_id(&candidate.canonical, root);
    let lossy =
        matches!(text, Cow::Owned(_)).then(|| format!("{shown}: not valid UTF-8, decoded lossily"));
    let notes = notes.into_iter().map(|note| format!("{shown}: {note}"));
    (Some(issue), lossy.into_iter().chain(notes).collect())
}

fn is_readme(path: &Path) -> bool {
    path.file_stem()
        .is_some_and(|s| s.to_string_lossy().eq_ignore_ascii_case("readme"))
}
