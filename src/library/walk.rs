//! Finding Markdown files in a folder the user named: recursively, hidden folders
//! skipped, symbolic links to folders followed only while they stay inside that
//! folder, loops and files that are not regular skipped with a warning.

use std::fs;
use std::path::{Path, PathBuf};

use walkdir::{DirEntry, WalkDir};

use super::bounded::kind_name;
use crate::parse::index;
use crate::text::show_path;

/// A Markdown file found, and its canonical path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundFile {
    pub path: PathBuf,
    pub canonical: PathBuf,
}

/// Every regular `*.md` / `*.markdown` file under `root`, with its canonical path (the
/// canonical root joined with the path inside it, looked up only for files reached
/// through a link); what was passed over and why goes to `warnings`.
pub fn found_files(root: &Path, warnings: &mut Vec<String>) -> Vec<FoundFile> {
    let inside = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let mut found = Vec::new();
    // Depths of the linked folders the walk is inside.
    let mut links: Vec<usize> = Vec::new();
    // In name order, files come in path order: sorting them after costs little.
    // Siblings' paths differ only in their names: comparing the paths' bytes is
    // comparing the names', without finding each name in its path.
    let walk = WalkDir::new(root)
        .follow_links(true)
        .sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()));
    let mut walker = walk.into_iter();
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                warnings.push(walk_problem(&err, root));
                continue;
            }
        };
        while links.last().is_some_and(|&depth| depth >= entry.depth()) {
            links.pop();
        }
        let is_dir = entry.file_type().is_dir();
        if entry.depth() > 0 && is_hidden(&entry) {
            if is_dir {
                walker.skip_current_dir();
            }
            continue;
        }
        if is_dir {
            if let Some(outside) = leaves(&entry, &inside) {
                warnings.push(format!(
                    "{}: a link out of {} (to {}), not followed",
                    show_path(entry.path()),
                    show_path(root),
                    show_path(&outside),
                ));
                walker.skip_current_dir();
            } else if entry.depth() > 0 && entry.path_is_symlink() {
                links.push(entry.depth());
            }
            continue;
        }
        if !index::is_markdown_path(&entry.file_name().to_string_lossy()) {
            continue;
        }
        if entry.file_type().is_file() {
            let direct = links.is_empty() && !entry.path_is_symlink();
            // A name in the root is its path inside it (no need to find the root in it).
            let relative = match entry.depth() {
                1 => Some(Path::new(entry.file_name())),
                _ => entry.path().strip_prefix(root).ok(),
            };
            let relative = relative.filter(|_| direct);
            let canonical = match relative {
                Some(relative) if relative.as_os_str().is_empty() => None,
                Some(relative) => Some(inside.join(relative)),
                None => None,
            };
            let canonical = canonical.unwrap_or_else(|| {
                fs::canonicalize(entry.path()).unwrap_or_else(|_| entry.path().to_path_buf())
            });
            found.push(FoundFile {
                path: entry.into_path(),
                canonical,
            });
        } else {
            warnings.push(format!(
                "{}: skipped: a {}, not a regular file",
                show_path(entry.path()),
                kind_name(entry.file_type())
            ));
        }
    }
    found
}

fn is_hidden(entry: &DirEntry) -> bool {
    entry.file_name().to_string_lossy().starts_with('.')
}

/// Where a linked folder really is, when that is outside `inside`.
fn leaves(entry: &DirEntry, inside: &Path) -> Option<PathBuf> {
    if !entry.path_is_symlink() {
        return None;
    }
    let target = fs::canonicalize(entry.path()).ok()?;
    (!target.starts_with(inside)).then_some(target)
}

/// A walk error as a warning: the path shown escaped, the reason without the raw path
/// (walkdir's own message repeats it unescaped).
fn walk_problem(err: &walkdir::Error, root: &Path) -> String {
    let path = show_path(err.path().unwrap_or(root));
    if let Some(ancestor) = err.loop_ancestor() {
        return format!(
            "{path}: a link back to {}, not followed again",
            show_path(ancestor)
        );
    }
    match err.io_error() {
        Some(io) => format!("{path}: {io}"),
        None => format!("{path}: could not be read"),
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn names(found: &[PathBuf], root: &Path) -> Vec<String> {
        let mut names: Vec<String> = found
            .iter()
            .map(|p| p.strip_prefix(root).unwrap().display().to_string())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn links_inside_are_followed_links_out_and_loops_are_not() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("far.md"), "x").unwrap();
        let root = tempfile::tempdir().unwrap();
        let root = root.path();
        std::fs::create_dir(root.join("a")).unwrap();
        std::fs::write(root.join("a/near.md"), "x").unwrap();
        symlink(root.join("a"), root.join("again")).unwrap();
        symlink(outside.path(), root.join("out")).unwrap();
        std::fs::create_dir(root.join("b")).unwrap();
        symlink(root, root.join("b/up")).unwrap();
        let mut warnings = Vec::new();
        std::fs::write(root.join("top.md"), "x").unwrap();
        symlink(root.join("top.md"), root.join("linked.md")).unwrap();
        let found = found_files(root, &mut warnings);
        for file in &found {
            let looked_up = std::fs::canonicalize(&file.path).unwrap();
            assert_eq!(file.canonical, looked_up, "{file:?}");
        }
        let found: Vec<PathBuf> = found.into_iter().map(|f| f.path).collect();
        assert_eq!(
            names(&found, root),
            ["a/near.md", "again/near.md", "linked.md", "top.md"]
        );
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(
            warnings.iter().any(|w| w.contains("out: a link out of")),
            "{warnings:?}"
        );
        assert!(
            warnings.iter().any(|w| w.contains("up: a link back to")),
            "{warnings:?}"
        );
    }
}
