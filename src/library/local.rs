//! Local Markdown files and directories.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::bounded::{self, Origin};
use super::store::{self, Depth, FileRecord, IssueHead, Outcome, Probe, Stamp, Store, Stored};
use super::{LoadReport, budget, walk};
use crate::model::{Issue, Library, SourceId, SourceInfo};
use crate::parse::{self, index};
use crate::text::{sanitize, show_path};

/// Files larger than this are skipped: no newsletter issue is anywhere near it.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Loads every issue under `paths` (files, or directories searched recursively for
/// `*.md` / `*.markdown`), parsing on all cores. Index pages are not issues.
pub fn load(paths: &[PathBuf]) -> anyhow::Result<LoadReport> {
    load_stored(paths, None, Depth::Full)
}

/// [`load`] at `depth`, through the persisted library of these paths under
/// `cache_root` (see [`store`]) when one is given: only the files that changed since
/// it was written are parsed.
pub fn load_stored(
    paths: &[PathBuf],
    cache_root: Option<&Path>,
    depth: Depth,
) -> anyhow::Result<LoadReport> {
    let mut warnings = Vec::new();
    let files = collect_files(paths, &mut warnings);
    let roots: Vec<PathBuf> = paths.iter().map(|p| canonical(p)).collect();
    let store = cache_root.map(|root| Store::for_local(root, &roots));
    let stored = store.as_ref().and_then(Store::open);
    let probes: Vec<Probe> = files.par_iter().map(probe).collect();
    let depth = store::resolve_depth(depth, stored.as_ref(), &probes);
    let outcomes: Vec<Outcome> = files
        .par_iter()
        .zip(probes)
        .map(|(file, probe)| read_stored(file, probe, stored.as_ref(), depth, store.is_some()))
        .collect();
    let finished = store::finish(store.as_ref(), stored.as_ref(), outcomes, depth);
    warnings.extend(finished.warnings);
    let mut library = Library::new(finished.issues);
    let mut heads = finished.heads;
    library.sort();
    store::sort_heads(&mut heads, &[]);
    library.sources = match depth {
        Depth::Heads => folder_sources(heads.iter().cloned()),
        _ => folder_sources(library.issues.iter().map(IssueHead::of)),
    };
    let label = paths
        .iter()
        .map(|p| show_path(p))
        .collect::<Vec<_>>()
        .join(", ");
    Ok(LoadReport {
        library,
        heads,
        warnings,
        label,
        feeds: Vec::new(),
        stored: finished.stored.map(|s| vec![s]),
    })
}

/// How a file is known to the store, and what it is like now.
fn probe(candidate: &Candidate) -> Probe {
    let key = format!(
        "{}{}",
        if candidate.named { "named:" } else { "found:" },
        candidate.canonical.to_string_lossy()
    );
    Probe {
        key,
        shown: show_path(&candidate.path),
        stamp: fs::metadata(&candidate.path)
            .ok()
            .map(|meta| Stamp::of_file(&meta)),
    }
}

/// Reads one file: from `stored` when it holds the file as it is, else from the file.
/// `store`: whether what is read now is to be stored.
fn read_stored(
    candidate: &Candidate,
    probe: Probe,
    stored: Option<&Stored>,
    depth: Depth,
    store: bool,
) -> Outcome {
    if let Some(reused) = stored.and_then(|stored| stored.reuse(&probe, depth)) {
        return reused;
    }
    let Probe { key, shown, stamp } = probe;
    let bytes = match bounded::read(&candidate.path, MAX_FILE_BYTES, origin(candidate)) {
        Ok(bytes) => bytes,
        Err(refused) => {
            return Outcome::Unread {
                warnings: vec![format!("{shown}: {refused}")],
            };
        }
    };
    let (issue, warnings) =
        budget::within_budget(bytes.len(), || parse_file(candidate, &bytes, &shown));
    match stamp {
        Some(stamp) => {
            let record = FileRecord::new(key, shown, stamp, issue.as_ref(), warnings);
            store::fresh(record, issue, depth, store)
        }
        None => Outcome::Unread { warnings },
    }
}

fn origin(candidate: &Candidate) -> Origin {
    if candidate.named {
        Origin::Named
    } else {
        Origin::Found
    }
}

/// A file to read, and whether the user named it directly.
struct Candidate {
    path: PathBuf,
    canonical: PathBuf,
    named: bool,
}

fn collect_files(paths: &[PathBuf], warnings: &mut Vec<String>) -> Vec<Candidate> {
    let mut seen = HashSet::new();
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            for found in walk::found_files(path, warnings) {
                let canonical = found.canonical;
                if seen.insert(canonical.clone()) {
                    files.push(Candidate {
                        path: found.path,
                        canonical,
                        named: false,
                    });
                }
            }
        } else if path.exists() {
            let canonical = canonical(path);
            if seen.insert(canonical.clone()) {
                files.push(Candidate {
                    path: path.clone(),
                    canonical,
                    named: true,
                });
            }
        } else {
            warnings.push(format!("{}: no such file or directory", show_path(path)));
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// A local issue's newsletter is the folder holding it, wherever the user points
/// (`brief news/`, `brief news/2020-06-03.md`): its id is [`SourceId::derive`]d from
/// the folder's name and its canonical path. Issue ids (file stems) differ within a
/// folder (but for `x.md` beside `x.markdown`), so issue keys do too.
pub fn folder_source_id(canonical_file: &Path) -> SourceId {
    folder_id(canonical_file.parent().unwrap_or(canonical_file))
}

/// The id of the newsletter held by `canonical_folder`: see [`folder_source_id`].
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

/// Each folder the issues came from, titled by its name, in the library's order.
fn folder_sources(issues: impl Iterator<Item = IssueHead>) -> Vec<SourceInfo> {
    let mut sources: Vec<SourceInfo> = Vec::new();
    for issue in issues {
        let id = issue.source_id();
        if sources.iter().any(|s| s.id == id) {
            continue;
        }
        let folder = Path::new(&issue.location).parent().map(folder_name);
        let title = folder.filter(|name| !name.is_empty());
        sources.push(SourceInfo {
            title: title.map_or_else(|| id.to_string(), |t| sanitize(&t)),
            id,
        });
    }
    sources
}

fn canonical(path: &Path) -> PathBuf {
    fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// What reading one file gave: an issue (or nothing, for an index page) and warnings.
type FileOutcome = (Option<Issue>, Vec<String>);

/// Parses one file, within the budget of parses in flight. Index pages found in a
/// directory give no issue.
fn parse_file(candidate: &Candidate, bytes: &[u8], shown: &str) -> FileOutcome {
    let path = &candidate.path;
    let text = String::from_utf8_lossy(bytes);
    if !candidate.named && is_readme(path) && index::is_index(&text) {
        return (None, Vec::new());
    }
    let id = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (mut issue, notes) = parse::parse_issue_report(&text, &id, shown);
    issue.source = folder_source_id(&candidate.canonical);
    if !candidate.named && !is_link_digest(&issue) {
        log::info!("{shown}: no entry links, not read as an issue");
        return (None, Vec::new());
    }
    let lossy =
        matches!(text, Cow::Owned(_)).then(|| format!("{shown}: not valid UTF-8, decoded lossily"));
    let notes = notes.into_iter().map(|note| format!("{shown}: {note}"));
    (Some(issue), lossy.into_iter().chain(notes).collect())
}

/// Found in a directory, a Markdown file is taken for an issue only when some entry
/// links somewhere: notes, licences and changelogs beside the issues are not issues.
fn is_link_digest(issue: &Issue) -> bool {
    issue.entries().any(|(_, entry)| entry.url().is_some())
}

fn is_readme(path: &Path) -> bool {
    path.file_stem()
        .is_some_and(|s| s.to_string_lossy().eq_ignore_ascii_case("readme"))
}
