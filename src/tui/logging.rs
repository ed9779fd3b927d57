//! The reader's log file.

use std::fs::{self, File};

/// Logs to `brief.log` in the XDG state directory (or the cache directory). Best effort:
/// the reader works without a log.
pub(super) fn init_logging() {
    let Some(dirs) = directories::ProjectDirs::from("", "", "brief") else {
        return;
    };
    let dir = dirs
        .state_dir()
        .unwrap_or_else(|| dirs.cache_dir())
        .to_path_buf();
    let file = fs::create_dir_all(&dir).and_then(|()| {
        File::options()
            .create(true)
            .append(true)
            .open(dir.join("brief.log"))
    });
    if let Ok(file) = file {
        let _ = simplelog::WriteLogger::init(
            log::LevelFilter::Info,
            simplelog::Config::default(),
            file,
        );
        log::info!("reader started");
    }
}
