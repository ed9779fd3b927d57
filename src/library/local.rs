//! Local Markdown files and directories.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use super::{LoadReport, budget};
use crate::model::{Issue, Library};
use crate::parse::{self, index};

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
    let label = paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    Ok(LoadReport {
        library,
        warnings,
        label,
        refreshable: false,
    })
}

/// A file to read, and whether the user named it directly.
struct Candidate {
    path: PathBuf,
    named: bool,
}

fn collect_files(paths: &[PathBuf], warnings: &mut Vec<String>) -> Vec<Candidate> {
    let mut seen = HashSet::new();
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            for found in walk_markdown(path, warnings) {
                if seen.insert(canonical(&found)) {
                    files.push(Candidate {
                        path: found,
                        named: false,
                    });
                }
            }
        } else if path.exists() {
            if seen.insert(canonical(path)) {
                files.push(Candidate {
                    path: path.clone(),
                    named: true,
                });
            }
        } else {
            warnings.push(format!("{}: no such file or directory", path.display()));
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

fn canonical(path: &Path) -> PathBuf {
    fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

fn walk_markdown(dir: &Path, warnings: &mut Vec<String>) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let walker = WalkDir::new(dir)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                if index::is_markdown_path(&entry.file_name().to_string_lossy()) {
                    found.push(entry.into_path());
                }
            }
            Ok(_) => {}
            Err(err) => warnings.push(format!("{}: {err}", err.path().unwrap_or(dir).display())),
        }
    }
    found
}

/// What reading one file gave: an issue (or nothing, for an index page) and warnings.
type FileOutcome = (Option<Issue>, Vec<String>);

/// Reads and parses one file, within the budget of parses in flight. Index pages
/// found in a directory give no issue.
fn read_issue(candidate: &Candidate) -> FileOutcome {
    let path = &candidate.path;
    let shown = path.display().to_string();
    let size = match file_size(path) {
        Ok(size) => size,
        Err(warning) => return (None, vec![format!("{shown}: {warning}")]),
    };
    budget::within_budget(size, || read_and_parse(candidate, &shown))
}

fn read_and_parse(candidate: &Candidate, shown: &str) -> FileOutcome {
    let path = &candidate.path;
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(err) => return (None, vec![format!("{shown}: {err}")]),
    };
    let text = String::from_utf8_lossy(&bytes);
    if !candidate.named && is_readme(path) && index::is_index(&text) {
        return (None, Vec::new());
    }
    let id = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (issue, notes) = parse::parse_issue_report(&text, &id, shown);
    if !candidate.named && !is_link_digest(&issue) {
        log::info!("{shown}: no entry links, not read as an issue");
        return (None, Vec::new());
    }
    let lossy =
        matches!(text, Cow::Owned(_)).then(|| format!("{shown}: not valid UTF-8, decoded lossily"));
    let notes = notes.into_iter().map(|note| format!("{shown}: {note}"));
    (Some(issue), lossy.into_iter().chain(notes).collect())
}

/// The size of the file at `path`, or why it is not read.
fn file_size(path: &Path) -> Result<usize, String> {
    let size = fs::metadata(path).map_err(|e| e.to_string())?.len();
    if size > MAX_FILE_BYTES {
        return Err(format!("skipped, {size} bytes is too large for an issue"));
    }
    Ok(usize::try_from(size).unwrap_or(usize::MAX))
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
