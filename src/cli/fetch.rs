//! `brief fetch`: fetches every source (or the one `--source` names) into the cache,
//! all at once, and says what changed, source by source.

use std::io::IsTerminal;
use std::process::ExitCode;

use anyhow::bail;
use indicatif::{MultiProgress, ProgressBar, ProgressStyle};

use super::interrupt::Interrupt;
use super::settings::Settings;
use crate::library::cancel::Cancel;
use crate::library::refresh::{self, FetchOutcome};
use crate::library::remote::{FetchReport, IndexStatus, Status};
use crate::library::sources::{self, Feed};
use crate::model::plural;
use crate::text::{escape_line, fit};

/// Fetches, with one progress bar per source on stderr when it is a terminal (nothing
/// per file otherwise: the summary on stdout says it all). Ctrl-C stops every fetch,
/// what arrived stays cached and the summary says so (exit 130).
pub fn run(settings: &Settings) -> anyhow::Result<ExitCode> {
    if settings.source.offline {
        bail!("--offline: not fetching anything");
    }
    let (feeds, unusable) = feeds(settings)?;
    let progress = Progress::new(&feeds);
    let cancel = Cancel::new();
    let interrupt = Interrupt::install(&cancel)?;
    let outcomes = refresh::fetch_all(
        &feeds,
        &settings.fetch,
        &|n, done, total| progress.update(n, done, total),
        &cancel,
    );
    interrupt.finish(true);
    progress.finish();
    let several = feeds.len() + unusable > 1;
    let summaries: Vec<String> = feeds
        .iter()
        .zip(&outcomes)
        .map(|(feed, outcome)| match outcome {
            FetchOutcome::Fetched(report) => summary(report),
            FetchOutcome::Read(report) => format!(
                "{}: {} read from the folder (a folder is read, never fetched)\n",
                escape_line(feed.title()),
                plural(report.library.issues.len(), "issue", "issues")
            ),
        })
        .collect();
    super::write_stdout(&summaries.join(if several { "\n" } else { "" }))?;
    for (feed, outcome) in feeds.iter().zip(&outcomes) {
        let warnings = match outcome {
            FetchOutcome::Fetched(report) => &report.warnings,
            FetchOutcome::Read(report) => &report.warnings,
        };
        for warning in warnings {
            match several {
                true => super::warn(&format!("{}: {warning}", feed.title())),
                false => super::warn(warning),
            }
        }
    }
    let all_failed = outcomes.iter().all(FetchOutcome::failed_with_nothing);
    Ok(if cancel.is_cancelled() {
        ExitCode::from(130)
    } else if all_failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The feeds of the selected sources and how many could not be used (each said on
/// stderr); an error when none (or the only one) can.
fn feeds(settings: &Settings) -> anyhow::Result<(Vec<Feed>, usize)> {
    let (feeds, unusable) = sources::resolve_all(&settings.selected_sources()?)?;
    for reason in &unusable {
        eprintln!("brief: {}", escape_line(reason));
    }
    Ok((feeds, unusable.len()))
}

/// One progress bar per source, shown only when stderr is a terminal.
struct Progress {
    bars: Option<(MultiProgress, Vec<ProgressBar>)>,
}

impl Progress {
    fn new(feeds: &[Feed]) -> Progress {
        let bars = std::io::stderr().is_terminal().then(|| {
            let multi = MultiProgress::new();
            let width = feeds
                .iter()
                .map(|f| crate::text::display_width(f.title()))
                .max();
            let width = width.unwrap_or(0).min(24);
            let bars = feeds
                .iter()
                .map(|feed| {
                    let bar = multi.add(ProgressBar::new(0));
                    if let Ok(style) =
                        ProgressStyle::with_template("{prefix} fetching {pos}/{len} {wide_bar}")
                    {
                        bar.set_style(style);
                    }
                    bar.set_prefix(fit(&escape_line(feed.title()), width));
                    bar
                })
                .collect();
            (multi, bars)
        });
        Progress { bars }
    }

    fn update(&self, n: usize, done: usize, total: usize) {
        if let Some(bar) = self.bars.as_ref().and_then(|(_, bars)| bars.get(n)) {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        }
    }

    fn finish(self) {
        if let Some((multi, bars)) = self.bars {
            bars.iter().for_each(ProgressBar::finish_and_clear);
            let _ = multi.clear();
        }
    }
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
