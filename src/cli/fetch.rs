//! `brief fetch`: fetches a source into the cache and says what changed.

use std::io::IsTerminal;
use std::process::ExitCode;

use indicatif::{ProgressBar, ProgressStyle};

use super::Settings;
use crate::library::cancel::Cancel;
use crate::library::refresh;
use crate::library::remote::{FetchReport, IndexStatus, Status};
use crate::text::sanitize;

pub fn run(settings: &Settings) -> anyhow::Result<ExitCode> {
    let bar = std::io::stderr().is_terminal().then(progress_bar);
    let mut last_shown = 0;
    let mut progress = |done: usize, total: usize| match &bar {
        Some(bar) => {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        }
        None if done > last_shown => {
            last_shown = done;
            eprintln!("fetching {done}/{total}");
        }
        None => {}
    };
    let report = refresh::fetch_report(
        &settings.source,
        &settings.fetch,
        &mut progress,
        &Cancel::new(),
    )?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    super::write_stdout(&sanitize(&summary(&report)))?;
    for warning in &report.warnings {
        eprintln!("brief: warning: {}", sanitize(warning));
    }
    let failed_with_nothing_cached = !report.index_fetched() && report.library.issues.is_empty();
    Ok(if failed_with_nothing_cached {
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

/// The closing summary: counts, then one line per missing or failed issue and per note.
pub fn summary(report: &FetchReport) -> String {
    let mut out = String::new();
    match &report.index {
        IndexStatus::Fetched => out.push_str(&format!("index of {}: fetched\n", report.source)),
        IndexStatus::Unchanged => out.push_str(&format!("index of {}: unchanged\n", report.source)),
        IndexStatus::Failed(reason) => out.push_str(&format!(
            "index of {}: could not be fetched: {reason}; {} issues in the cache\n",
            report.source,
            report.library.issues.len()
        )),
    }
    if report.index_fetched() {
        out.push_str(&format!(
            "{} new, {} updated, {} unchanged, {} missing, {} failed, {} not fetched\n",
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
            Status::Missing => out.push_str(&format!("missing: {} ({})\n", issue.id, issue.url)),
            Status::Failed(reason) => {
                out.push_str(&format!("failed: {} ({}): {reason}\n", issue.id, issue.url))
            }
            _ => {}
        }
    }
    for note in &report.notes {
        out.push_str(&format!("note: {note}\n"));
    }
    out
}
