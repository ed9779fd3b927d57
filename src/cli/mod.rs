//! Command line: argument parsing and dispatch. Each command lives in its own file.

mod fetch;
mod list;
mod search;
pub mod settings;
mod show;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::library::sources::SourceDef;
use crate::library::{self, LoadReport};
use settings::{Layer, Settings};

#[derive(Debug, Parser)]
#[command(
    name = "brief",
    version,
    about = "A terminal reader for Markdown newsletters",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<CliCommand>,
    /// Markdown files or directories to read (default: the cache, else the embedded sample).
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub source: SourceArgs,
}

/// Where the library comes from when no path is given.
#[derive(Debug, Clone, Default, Args)]
pub struct SourceArgs {
    /// A configured source's name, or the index URL (http/https) or local path (an
    /// index file, or a folder of issues) of a newsletter to read instead.
    #[arg(long, global = true, value_name = "NAME|URL|PATH")]
    pub source: Option<String>,
    /// Never touch the network.
    #[arg(long, global = true)]
    pub offline: bool,
}

#[derive(Debug, Subcommand)]
pub enum CliCommand {
    /// One line per issue: date, title, sections, entries.
    List {
        #[arg(long)]
        json: bool,
        paths: Vec<PathBuf>,
    },
    /// Print one issue as readable text.
    Show {
        /// Issue id (file stem, e.g. 2020-06-03) or `latest`.
        issue: String,
        #[arg(long)]
        json: bool,
        paths: Vec<PathBuf>,
    },
    /// Fetch every source's issues (or those of `--source NAME`) into the local cache.
    Fetch {
        /// How many files to fetch at once.
        #[arg(long, default_value_t = crate::library::remote::DEFAULT_JOBS, value_name = "N")]
        jobs: usize,
    },
    /// Entries matching a query, best first. Exit status 0 if any matched, 1 if none, 2 on error.
    Search {
        /// Words (all must match), "phrases", -excluded, title: source: section: date: from: filters.
        #[arg(allow_hyphen_values = true)]
        query: String,
        #[arg(long)]
        json: bool,
        /// Print at most N results.
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
        paths: Vec<PathBuf>,
    },
}

/// Entry point of the binary: parses arguments, runs the command, maps errors to exit codes.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return ExitCode::from(if err.use_stderr() { 2 } else { 0 });
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("brief: {}", one_line(&err));
            ExitCode::from(1)
        }
    }
}

/// Writes to stdout; a closed pipe (`brief list | head`) is not an error.
fn write_stdout(text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => Err(err.into()),
        _ => Ok(()),
    }
}

/// The sources to read: none when paths are given (they are read instead).
fn selected_sources(paths: &[PathBuf], settings: &Settings) -> anyhow::Result<Vec<SourceDef>> {
    if paths.is_empty() {
        settings.selected_sources()
    } else {
        Ok(Vec::new())
    }
}

fn one_line(err: &anyhow::Error) -> String {
    format!("{err:#}").replace('\n', " ")
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let flags = Layer {
        jobs: match &cli.command {
            Some(CliCommand::Fetch { jobs }) => Some(*jobs),
            _ => None,
        },
        ..Layer::default()
    };
    let settings = settings::resolve(&cli.source, flags);
    match cli.command {
        None => {
            let settings = settings?;
            // The reader shows load warnings itself: stderr is hidden behind its screen.
            let sources = selected_sources(&cli.paths, &settings)?;
            let offline = settings.source.offline;
            let report = library::load(&cli.paths, &sources, offline, &settings.fetch)?;
            crate::tui::run(report, &settings.source, &settings.fetch, &settings.dirs)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(CliCommand::List { json, paths }) => {
            let report = load(&paths, &settings?)?;
            list::run(&report.library, json)
        }
        Some(CliCommand::Show { issue, json, paths }) => {
            let report = load(&paths, &settings?)?;
            show::run(&report.library, &issue, json)
        }
        Some(CliCommand::Fetch { .. }) => fetch::run(&settings?),
        Some(CliCommand::Search {
            query,
            json,
            limit,
            paths,
        }) => match settings.and_then(|settings| load(&paths, &settings)) {
            Ok(report) => search::run(&report.library, &query, json, limit),
            // Like grep: a search that could not look at its input exits 2.
            Err(err) => {
                eprintln!("brief: {}", one_line(&err));
                Ok(ExitCode::from(2))
            }
        },
    }
}

/// Loads the library and prints load warnings to stderr.
fn load(paths: &[PathBuf], settings: &Settings) -> anyhow::Result<LoadReport> {
    let sources = selected_sources(paths, settings)?;
    let offline = settings.source.offline;
    let report = library::load(paths, &sources, offline, &settings.fetch)?;
    for warning in &report.warnings {
        eprintln!("brief: warning: {warning}");
    }
    Ok(report)
}
