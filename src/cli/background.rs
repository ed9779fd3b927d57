//! Writing the persisted library and search index after a command's output, off its
//! critical path.
//!
//! A `brief list` or `brief search` that finds a store (or the search index) behind
//! prints from what it parsed, then leaves the writing to a detached `brief
//! write-library` (the way `git gc --auto` detaches): standard streams closed, its
//! own process group (Ctrl-C at the terminal is not for it), a lower priority, one
//! writer at a time (a lock in the cache's `library` folder; the next waits, then
//! finds the work done), errors nowhere but the log. A writer stopped half-way leaves
//! a temporary file, never a torn store: the store is renamed into place whole, and
//! a torn one would read as damaged, "rebuild next time", all the same.
//!
//! With `BRIEF_STORE_WRITES=foreground` the same work is done in the command itself,
//! after its output: for tests that look at the files written (a detached writer
//! would race them and outlive their temporary folders).

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

use super::SourceArgs;
use super::load::{Warnings, load};
use super::settings::Settings;
use crate::library::detached::detached;
use crate::library::store::search_index::SavedIndex;
use crate::library::store::{Depth, Writes};
use crate::search::Index;

/// The variable that has the writing done in the foreground (`foreground`).
pub const WRITES_VARIABLE: &str = "BRIEF_STORE_WRITES";

/// The hidden command a detached writer runs.
pub const COMMAND: &str = "write-library";

/// The lock a writer holds while it works, in the cache's `library` folder.
pub const LOCK_FILE: &str = "writer.lock";

/// Niceness added to a detached writer.
const NICENESS: i32 = 10;

/// What a command found behind, to be written after its output.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Later {
    store: bool,
    index: bool,
}

impl Later {
    /// A persisted library is behind.
    pub fn store(&mut self) {
        self.store = true;
    }

    /// The search index is behind (or its library is).
    pub fn index(&mut self) {
        self.index = true;
    }

    /// Has the writing done, if there is any: by a detached writer, or here with
    /// `BRIEF_STORE_WRITES=foreground`. Quiet whatever happens.
    /// Nothing is written for a library named with a file that is neither a regular
    /// file nor a folder (a FIFO, a device): reading it again could block for ever.
    pub fn start(self, settings: &Settings, source: &SourceArgs, paths: &[PathBuf]) {
        let special = |path: &PathBuf| {
            std::fs::metadata(path).is_ok_and(|meta| !meta.is_file() && !meta.is_dir())
        };
        if self == Later::default()
            || settings.fetch.store_root().is_none()
            || paths.iter().any(special)
        {
            return;
        }
        if std::env::var_os(WRITES_VARIABLE).is_some_and(|v| v == "foreground") {
            if let Err(err) = write(paths, settings, self.index) {
                log::info!("library not written: {err:#}");
            }
        } else if let Err(err) = detach(source, paths, self.index) {
            log::info!("library writer not started: {err:#}");
        }
    }
}

/// Starts `brief write-library` for `paths` (and `source`), detached.
fn detach(source: &SourceArgs, paths: &[PathBuf], index: bool) -> std::io::Result<()> {
    let mut command = Command::new(std::env::current_exe()?);
    command.args([COMMAND, "--offline"]);
    if let Some(source) = &source.source {
        command.arg("--source").arg(source);
    }
    if index {
        command.arg("--index");
    }
    command.arg("--").args(paths);
    // Not waited for: it outlives this process, then init reaps it.
    detached(&mut command).spawn().map(drop)
}

/// `brief write-library`: the work itself, at a lower priority.
pub fn run(paths: &[PathBuf], settings: &Settings, index: bool) -> anyhow::Result<()> {
    #[cfg(unix)]
    let _ = rustix::process::nice(NICENESS);
    write(paths, settings, index)
}

/// Writes the persisted library of `paths` when it is behind, and with `index` its
/// search index, holding the writers' lock. The index is built again unless another
/// writer saved one for this very library since this one was asked for (the index
/// found behind may have been damaged inside: only a search sees that).
pub fn write(paths: &[PathBuf], settings: &Settings, index: bool) -> anyhow::Result<()> {
    let Some(root) = settings.fetch.store_root() else {
        return Ok(());
    };
    let asked = SystemTime::now();
    let _lock = lock(root)?;
    let mut settings = settings.clone();
    settings.fetch.writes = Writes::Now;
    settings.fetch.depth = if index {
        Depth::MarkIfCurrent
    } else {
        Depth::Heads
    };
    let report = load(paths, &settings, Warnings::ToReader)?;
    if !index {
        return Ok(());
    }
    let Some(saved) = SavedIndex::of(root, &report) else {
        return Ok(());
    };
    let saved_since = std::fs::metadata(saved.path())
        .and_then(|meta| meta.modified())
        .is_ok_and(|time| time >= asked);
    if saved_since && saved.open().is_some() {
        return Ok(());
    }
    let whole;
    let library = if report.library.issues.is_empty() {
        settings.fetch.depth = Depth::Full;
        whole = load(paths, &settings, Warnings::ToReader)?;
        &whole.library
    } else {
        &report.library
    };
    saved.save(&Index::build(library), library);
    Ok(())
}

/// The writers' lock under `cache_root`, waited for.
fn lock(cache_root: &Path) -> anyhow::Result<File> {
    let folder = cache_root.join("library");
    std::fs::create_dir_all(&folder)?;
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(folder.join(LOCK_FILE))?;
    file.lock()?;
    Ok(file)
}
