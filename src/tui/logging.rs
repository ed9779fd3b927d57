//! The reader's log file.

use std::fs::{self, File};
use std::path::Path;

/// Logs to `brief.log` in `dir` (the state directory). Best effort: the reader works
/// without a log.
pub(super) fn init_logging(dir: &Path) {
    let file = fs::create_dir_all(dir).and_then(|()| {
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
