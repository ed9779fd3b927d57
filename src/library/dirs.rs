//! Where brief keeps its files. The one place the platform's directories are looked up;
//! the command line resolves a [`Dirs`] once (moving some by flag or environment) and
//! hands it down.

use std::path::PathBuf;

use anyhow::Context;

/// brief's directories: the XDG base directories on Linux, their equivalents elsewhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dirs {
    /// Fetched files, one folder per source; safe to delete.
    pub cache: PathBuf,
    /// The reader's log.
    pub state: PathBuf,
    /// What the user made and must not lose.
    pub data: PathBuf,
    /// Settings the user writes.
    pub config: PathBuf,
}

impl Dirs {
    /// The platform's directories for brief. The state directory falls back to the cache
    /// directory where the platform has none (macOS, Windows).
    pub fn standard() -> anyhow::Result<Dirs> {
        let dirs = directories::ProjectDirs::from("", "", "brief")
            .context("no home directory found to keep brief's files in: set HOME")?;
        Ok(Dirs {
            cache: dirs.cache_dir().to_path_buf(),
            state: dirs.state_dir().unwrap_or(dirs.cache_dir()).to_path_buf(),
            data: dirs.data_dir().to_path_buf(),
            config: dirs.config_dir().to_path_buf(),
        })
    }
}
