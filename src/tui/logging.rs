//! The reader's log file, and how long its start took (measured from the start of
//! `main`, so that the log tells what a user waits for before the first issues show).

use std::fs::{self, File};
use std::path::Path;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

static STARTED: OnceLock<Instant> = OnceLock::new();

/// Notes when the process started; called first thing in `main`. The reader's start
/// times are measured from here (from its own start when this was never called).
pub fn mark_process_start() {
    STARTED.get_or_init(Instant::now);
}

/// The time since [`mark_process_start`].
pub(super) fn since_start() -> Duration {
    STARTED.get_or_init(Instant::now).elapsed()
}

/// Logs how long since the process started, in milliseconds, with `what` happened.
pub(super) fn log_since_start(what: &str) {
    let ms = since_start().as_secs_f64() * 1000.0;
    log::info!("{what}: {ms:.1} ms after start");
}

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
        log_since_start("reader started");
    }
}
