//! Stamping many local files at once ([`stamped`]): each folder opened once, its
//! files looked up by name in it. Looking each file up by its whole path walked every
//! folder of the path again, per file: a fifth of a warm `brief list` of 10,000 issues.

use std::ffi::OsStr;
use std::fs;
use std::os::fd::OwnedFd;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use rayon::prelude::*;
use rustix::fs::{AtFlags, Mode, OFlags, StatxFlags};

use super::store::Stamp;

/// `make` of each of `items` and the stamp now of the file at `path` of it: what
/// [`Stamp::of_file`] gives of its metadata (links followed), None when it cannot be
/// looked up. In parallel; items of one folder are best kept together (one opening of
/// the folder a run of them).
pub fn stamped<T: Sync, R: Send>(
    items: &[T],
    path: impl Fn(&T) -> &Path + Sync,
    make: impl Fn(&T, Option<Stamp>) -> R + Sync,
) -> Vec<R> {
    let mut folders: Vec<Folder> = Vec::new();
    let mut within = Vec::with_capacity(items.len());
    for item in items {
        let (folder, name) = split(path(item)).unzip();
        if folders.last().is_none_or(|f| f.path != folder) {
            folders.push(Folder::open(folder));
        }
        within.push((folders.len() - 1, name));
    }
    items
        .par_iter()
        .zip(within)
        .map(|(item, (folder, name))| make(item, folders[folder].stamp(path(item), name)))
        .collect()
}

/// A folder files are looked up in, opened (None when it cannot be: then each file is
/// looked up by its path).
struct Folder<'a> {
    path: Option<&'a Path>,
    fd: Option<OwnedFd>,
}

impl<'a> Folder<'a> {
    fn open(path: Option<&'a Path>) -> Folder<'a> {
        let flags = OFlags::PATH | OFlags::DIRECTORY | OFlags::CLOEXEC;
        let fd = path.and_then(|path| rustix::fs::open(path, flags, Mode::empty()).ok());
        Folder { path, fd }
    }

    /// The stamp of the file at `path`, named `name` in this folder.
    fn stamp(&self, path: &Path, name: Option<&OsStr>) -> Option<Stamp> {
        let wanted = StatxFlags::SIZE | StatxFlags::MTIME;
        let found = (self.fd.as_ref().zip(name))
            .and_then(|(fd, name)| rustix::fs::statx(fd, name, AtFlags::empty(), wanted).ok())
            .filter(|found| found.stx_mask & wanted.bits() == wanted.bits());
        match found {
            Some(found) => Some(Stamp::of_times(
                found.stx_size,
                found.stx_mtime.tv_sec,
                found.stx_mtime.tv_nsec,
            )),
            // Not to be told apart from the file's metadata: looked up as it always was.
            None => by_path(path),
        }
    }
}

/// The stamp now of the file at `path` (links followed), looked up by its path.
pub fn by_path(path: &Path) -> Option<Stamp> {
    fs::metadata(path).ok().map(|meta| Stamp::of_file(&meta))
}

/// The folder the file at `path` is looked up in (`.` for a bare name) and its name
/// there, as the system splits the path: at its last `/`. None when the path does not
/// end in a name (`.`, `..`, a `/` after it).
fn split(path: &Path) -> Option<(&Path, &OsStr)> {
    let bytes = path.as_os_str().as_bytes();
    let (folder, name) = match bytes.iter().rposition(|&b| b == b'/') {
        Some(0) => (&b"/"[..], &bytes[1..]),
        Some(at) => (&bytes[..at], &bytes[at + 1..]),
        None => (&b"."[..], bytes),
    };
    if matches!(name, b"" | b"." | b"..") {
        return None;
    }
    Some((
        Path::new(OsStr::from_bytes(folder)),
        OsStr::from_bytes(name),
    ))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;
    use std::path::PathBuf;

    #[test]
    fn stamps_are_those_of_the_files_metadata() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir(root.join("sub")).unwrap();
        fs::write(root.join("a.md"), "one").unwrap();
        fs::write(root.join("sub/b.md"), "two, longer").unwrap();
        let old = fs::File::options()
            .write(true)
            .open(root.join("a.md"))
            .unwrap();
        old.set_modified(std::time::UNIX_EPOCH + std::time::Duration::new(1_000, 123_456_789))
            .unwrap();
        let early = fs::File::create(root.join("sub/early.md")).unwrap();
        early
            .set_modified(std::time::UNIX_EPOCH - std::time::Duration::from_secs(5))
            .unwrap();
        symlink(root.join("sub/b.md"), root.join("linked.md")).unwrap();
        symlink(root.join("sub"), root.join("folder-link")).unwrap();
        symlink(root.join("nowhere.md"), root.join("dangling.md")).unwrap();
        let paths: Vec<PathBuf> = [
            "a.md",
            "dangling.md",
            "folder-link/b.md",
            "gone.md",
            "linked.md",
            "sub/b.md",
            "sub/early.md",
            "sub/.",
            "sub/b.md/",
            "missing-folder/c.md",
        ]
        .iter()
        .map(|name| root.join(name))
        .collect();
        let stamps = stamped(&paths, |p| p, |_, stamp| stamp);
        let expected: Vec<Option<Stamp>> = paths.iter().map(|p| by_path(p)).collect();
        assert_eq!(stamps, expected);
        assert!(stamps[0].is_some() && stamps[1].is_none() && stamps[3].is_none());
        assert_eq!(
            stamps[0],
            Some(Stamp::File {
                len: 3,
                modified_ns: 1_000_123_456_789
            })
        );
        assert_eq!(stamps[2], stamps[5]);
    }

    #[test]
    fn a_file_gone_since_it_was_listed_has_none() {
        let dir = tempfile::tempdir().unwrap();
        let kept = dir.path().join("kept.md");
        let gone = dir.path().join("gone.md");
        fs::write(&kept, "x").unwrap();
        fs::write(&gone, "y").unwrap();
        let listed = [gone.clone(), kept.clone()];
        assert!(
            stamped(&listed, |p| p, |_, s| s)
                .iter()
                .all(Option::is_some)
        );
        fs::remove_file(&gone).unwrap();
        let stamps = stamped(&listed, |p| p, |_, stamp| stamp);
        assert_eq!(stamps, [None, by_path(&kept)]);
        assert!(stamps[1].is_some());
    }

    #[test]
    fn a_path_is_split_at_its_last_slash() {
        let split = |path: &str| {
            let (folder, name) = split(Path::new(path))?;
            Some((folder.to_str()?.to_string(), name.to_str()?.to_string()))
        };
        let both = |folder: &str, name: &str| Some((folder.to_string(), name.to_string()));
        assert_eq!(split("x.md"), both(".", "x.md"));
        assert_eq!(split("a/x.md"), both("a", "x.md"));
        assert_eq!(split("/x.md"), both("/", "x.md"));
        assert_eq!(split("a//x.md"), both("a/", "x.md"));
        assert_eq!(split("a/../x.md"), both("a/..", "x.md"));
        for whole in ["a/..", "a/.", "a/x.md/", "/", ".", ""] {
            assert_eq!(split(whole), None, "{whole}");
        }
        let here = Path::new("Cargo.toml");
        assert_eq!(stamped(&[here], |p| p, |_, s| s), [by_path(here)]);
    }
}
