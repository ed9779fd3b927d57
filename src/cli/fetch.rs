//! `brief fetch`: fetches every source (or the one `--source` names) into the cache,
//! all at once, and says what changed, source by source.

use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::{Mutex, PoisonError};

use anyhow::bail;
use indicatif::{MultiProgress, ProgressBar, ProgressStyle};

use super::Settings;
use crate::library::cancel::Cancel;
use crate::library::refresh::{self, FetchOutcome};
use crate::library::remote::{FetchReport, IndexStatus, Status};
use crate::library::sources::{self, Feed};
use crate::text::{fit, sanitize};

pub fn run(settings: &Settings) -> anyhow::Result<ExitCode> {
    if settings.source.offline {
        bail!("--offline: not fetching anything");
    }
    let (feeds, unusable) = feeds(settings)?;
    let progress = Progress::new(&feeds);
    let outcomes = refresh::fetch_all(
        &feeds,
        &settings.fetch,
        &|n, done, total| progress.update(n, done, total),
        &Cancel::new(),
    );
    progress.finish(&feeds);
    let several = feeds.len() + unusable > 1;
    let summaries: Vec<String> = feeds
        .iter()
        .zip(&outcomes)
        .map(|(feed, outcome)| match outcome {
            FetchOutcome::Fetched(report) => summary(report),
            FetchOutcome::Read(report) => format!(
                "{}: {} issues read from the folder (a folder is read, never fetched)\n",
                feed.title(),
                report.library.issues.len()
            ),
        })
        .collect();
    super::write_stdout(&sanitize(&summaries.join(if several { "\n" } else { "" })))?;
    for (feed, outcome) in feeds.iter().zip(&outcomes) {
        let warnings = match outcome {
            FetchOutcome::Fetched(report) => &report.warnings,
            FetchOutcome::Read(report) => &report.warnings,
        };
        for warning in warnings {
            match several {
                true => eprintln!("brief: warning: {}: {}", feed.title(), sanitize(warning)),
                false => eprintln!("brief: warning: {}", sanitize(warning)),
            }
        }
    }
    let all_failed = outcomes.iter().all(FetchOutcome::failed_with_nothing);
    Ok(if all_failed {
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
        eprintln!("brief: {}", sanitize(reason));
    }
    Ok((feeds, unusable.len()))
}

/// Progress, one line per source: bars on a terminal, else a line per source at the end.
struct Progress {
    bars: Option<(MultiProgress, Vec<ProgressBar>)>,
    /// The last (done, total) of each source.
    last: Mutex<Vec<(usize, usize)>>,
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
                    bar.set_prefix(fit(&sanitize(feed.title()), width));
                    bar
                })
                .collect();
            (multi, bars)
        });
        Progress {
            bars,
            last: Mutex::new(vec![(0, 0); feeds.len()]),
        }
    }

    fn update(&self, n: usize, done: usize, total: usize) {
        if let Some(last) = self
            .last
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get_mut(n)
        {
            *last = (done, total);
        }
        if let Some(bar) = self.bars.as_ref().and_then(|(_, bars)| bars.get(n)) {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        }
    }

    fn finish(self, feeds: &[Feed]) {
        if let Some((multi, bars)) = self.bars {
            bars.iter().for_each(ProgressBar::finish_and_clear);
            let _ = multi.clear();
            return;
        }
        let last = self
            .last
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        for (feed, (done, total)) in feeds.iter().zip(last) {
            let title = sanitize(feed.title());
            match feed.is_fetched() {
                true => eprintln!("{title}: fetched {done}/{total}"),
                false => eprintln!("{title}: read {done}"),
            }
        }
    }
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
