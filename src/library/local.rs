//! Local Markdown files and directories.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::bounded::{self, Origin};
use super::{LoadReport, budget, walk};
use crate::model::{Issue, Library, SourceId, SourceInfo};
use crate::parse::{self, index};
use crate::text::{sanitize, show_path};

/// Files larger than this are skipped: no newsletter issue is anywhere near it.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Loads every issue under `paths` (files, or directories searched recursively for
/// `*.md` / `*.markdown`), parsing on all cores. Index pages are not issues.
pub fn load(paths: &[PathBuf]) -> anyhow::Result<LoadReport> {
    let mut warnings = Vec::new();
    let files = collect_files(paths, &mut warnings);
    let outcomes: Vec<FileOutcome> = files.par_iter().map(read_issue).collect();
    let mut library = Library::default();
    for (issue, warning) in outcomes {
        library.issues.extend(issue);
        warnings.extend(warning);
    }
    library.sort();
    library.sources = folder_sources(&library);
    let label = paths
        .iter()
        .map(|p| show_path(p))
        .collect::<Vec<_>>()
        .join(", ");
    Ok(LoadReport {
        library,
        warnings,
        label,
        feeds: Vec::new(),
    })
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
            for found in walk::markdown_files(path, warnings) {
                let canonical = canonical(&found);
                if seen.insert(canonical.clone()) {
                    files.push(Candidate {
                        path: found,
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
fn folder_sources(library: &Library) -> Vec<SourceInfo> {
    let mut sources: Vec<SourceInfo> = Vec::new();
    for issue in &library.issues {
        if sources.iter().any(|s| s.id == issue.source) {
            continue;
        }
        let folder = Path::new(&issue.location).parent().map(folder_name);
        let title = folder.filter(|name| !name.is_empty());
        sources.push(SourceInfo {
            id: issue.source.clone(),
            title: title.map_or_else(|| issue.source.to_string(), |t| sanitize(&t)),
        });
    }
    sources
}

fn canonical(path: &Path) -> PathBuf {
    fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// What reading one file gave: an issue (or nothing, for an index page) and warnings.
type FileOutcome = (Option<Issue>, Vec<String>);

/// Reads and parses one file, within the budget of parses in flight. Index pages
/// found in a directory give no issue.
fn read_issue(candidate: &Candidate) -> FileOutcome {
    let path = &candidate.path;
    let shown = show_path(path);
    let origin = if candidate.named {
        Origin::Named
    } else {
        Origin::Found
    };
    let bytes = match bounded::read(path, MAX_FILE_BYTES, origin) {
        Ok(bytes) => bytes,
        Err(refused) => return (None, vec![format!("{shown}: {refused}")]),
    };
    budget::within_budget(bytes.len(), || parse_file(candidate, &bytes, &shown))
}

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
