//! Loading the library for a command: load warnings on stderr (before the error when
//! nothing loads), and a first fetch that shows its progress on a terminal and stops
//! on Ctrl-C.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

use super::interrupt::{Interrupt, Interrupted};
use super::settings::Settings;
use super::warn;
use crate::library::cancel::Cancel;
use crate::library::progressive::{self, Loader};
use crate::library::sources::SourceDef;
use crate::library::{self, LoadReport, NothingFound};

/// Who shows the load warnings when something loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Warnings {
    /// A command: they go to stderr.
    ToStderr,
    /// The reader shows them in its log (stderr is hidden behind its screen).
    ToReader,
}

/// Loads the library `paths` and `settings` name. When nothing loads, the warnings
/// that say why are printed before the error.
pub fn load(
    paths: &[PathBuf],
    settings: &Settings,
    warnings: Warnings,
) -> anyhow::Result<LoadReport> {
    let sources = selected_sources(paths, settings)?;
    let cancel = Cancel::new();
    let interrupt = Interrupt::install(&cancel)?;
    let progress = FetchProgress::new();
    let loaded = library::load_with(
        paths,
        &sources,
        settings.source.offline,
        &settings.fetch,
        &mut |done, total| progress.show(done, total),
        &cancel,
    );
    progress.finish();
    interrupt.finish(warnings == Warnings::ToStderr);
    if cancel.is_cancelled() {
        return Err(Interrupted.into());
    }
    match loaded {
        Ok(report) => {
            if warnings == Warnings::ToStderr {
                report.warnings.iter().for_each(|w| warn(w));
            }
            Ok(report)
        }
        Err(err) => {
            if let Some(nothing) = err.downcast_ref::<NothingFound>() {
                nothing.warnings.iter().for_each(|w| warn(w));
            }
            Err(err)
        }
    }
}

/// The reader's library: when there are files to parse, only what is known before
/// any is (the reader opens at once) and the loader that parses them newest first
/// while it runs; else (a first fetch, the embedded sample, nothing found) loaded at
/// once, as for a command, its warnings left to the reader.
pub fn for_reader(
    paths: &[PathBuf],
    settings: &Settings,
) -> anyhow::Result<(LoadReport, Option<Loader>)> {
    let sources = selected_sources(paths, settings)?;
    if let Some(parts) = progressive::plan(paths, &sources, &settings.fetch)? {
        return Ok((parts.report, Some(parts.loader)));
    }
    Ok((load(paths, settings, Warnings::ToReader)?, None))
}

/// The sources to read: none when paths are given (they are read instead).
pub(super) fn selected_sources(
    paths: &[PathBuf],
    settings: &Settings,
) -> anyhow::Result<Vec<SourceDef>> {
    if paths.is_empty() {
        settings.selected_sources()
    } else {
        Ok(Vec::new())
    }
}

/// A first fetch's progress on stderr, shown only when stderr is a terminal; the bar
/// is cleared before anything else is printed.
struct FetchProgress {
    bar: Option<ProgressBar>,
}

impl FetchProgress {
    fn new() -> FetchProgress {
        FetchProgress {
            bar: std::io::stderr().is_terminal().then(ProgressBar::hidden),
        }
    }

    /// `(0, 0)` is the start: the index is on its way.
    fn show(&self, done: usize, total: usize) {
        let Some(bar) = &self.bar else {
            return;
        };
        if bar.is_hidden() {
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            if let Ok(style) = ProgressStyle::with_template("{spinner} {msg}") {
                bar.set_style(style);
            }
            bar.set_message("fetching the index… (Ctrl-C cancels)");
            bar.enable_steady_tick(Duration::from_millis(120));
        }
        if total > 0 {
            if bar.length().is_none() {
                let template = "fetching {pos}/{len} {wide_bar} (Ctrl-C cancels)";
                if let Ok(style) = ProgressStyle::with_template(template) {
                    bar.set_style(style);
                }
            }
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
