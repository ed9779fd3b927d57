//! `brief fetch`: fetches a source into the cache and says what changed.

use std::io::IsTerminal;
use std::process::ExitCode;

use indicatif::{ProgressBar, ProgressStyle};

use super::interrupt::Interrupt;
use super::settings::Settings;
use crate::library::cancel::Cancel;
use crate::library::refresh;
use crate::library::remote::{FetchReport, IndexStatus, Status};
use crate::text::escape_line;

/// Fetches, with a progress bar on stderr when it is a terminal (nothing per file
/// otherwise: the summary on stdout says it all).
pub fn run(settings: &Settings) -> anyhow::Result<ExitCode> {
    let bar = std::io::stderr().is_terminal().then(progress_bar);
    let mut progress = |done: usize, total: usize| {
        if let Some(bar) = &bar {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        }
    };
    let cancel = Cancel::new();
    let interrupt = Interrupt::install(&cancel)?;
    let report = refresh::fetch_report(&settings.source, &settings.fetch, &mut progress, &cancel);
    interrupt.finish(true);
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let report = report?;
    super::write_stdout(&summary(&report))?;
    report.warnings.iter().for_each(|w| super::warn(w));
    let failed_with_nothing_cached = !report.index_fetched() && report.library.issues.is_empty();
    Ok(if cancel.is_cancelled() {
        ExitCode::from(130)
    } else if failed_with_nothing_cached {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn progress_bar() -> ProgressBar {
    let bar = ProgressBar::new(0);
    if let Ok(style) = ProgressStyle::with_template("fetching {pos}/{len} {wide_bar}") {
        bar.set_style(style);
    }
    bar
}

/// The closing summary: counts, then one line per newly missing or failed issue and
/// per note, each escaped (reasons and names come from the server).
pub fn summary(report: &FetchReport) -> String {
    let mut lines = Vec::new();
    match &report.index {
        IndexStatus::Fetched => lines.push(format!("index of {}: fetched", report.source)),
        IndexStatus::Unchanged => lines.push(format!("index of {}: unchanged", report.source)),
        IndexStatus::Failed(reason) => lines.push(format!(
            "index of {}: could not be fetched: {reason}; {} issues in the cache",
            report.source,
            report.library.issues.len()
        )),
    }
    if report.index_fetched() {
        lines.push(format!(
            "{} new, {} updated, {} unchanged, {} missing, {} failed, {} not fetched",
            report.count(|s| *s == Status::New),
            report.count(|s| *s == Status::Updated),
            report.count(|s| *s == Status::Unchanged),
            report.count(|s| *s == Status::Missing),
            report.count(|s| matches!(s, Status::Failed(_))),
            report.count(|s| matches!(s, Status::Skipped(_))),
        ));
    }
    for issue in &report.issues {
        match &issue.status {
            Status::Missing if issue.repeated => {}
            Status::Missing => lines.push(format!("missing: {} ({})", issue.id, issue.url)),
            Status::Failed(reason) => {
                lines.push(format!("failed: {} ({}): {reason}", issue.id, issue.url));
            }
            _ => {}
        }
    }
    let repeated = report.issues.iter().filter(|i| i.repeated).count();
    if repeated > 0 {
        lines.push(format!(
            "({repeated} missing issues were already missing before; not listed again)"
        ));
    }
    lines.extend(report.notes.iter().map(|note| format!("note: {note}")));
    lines
        .iter()
        .map(|line| format!("{}\n", escape_line(line)))
        .collect()
}
