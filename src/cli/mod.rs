//! Command line: argument parsing and dispatch. Each command lives in its own file.

pub mod config;
mod fetch;
mod list;
mod search;
pub mod settings;
mod show;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

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
    /// Index URL (http/https) or local path of the newsletter to read.
    #[arg(long, global = true, value_name = "URL")]
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
    /// Fetch the newsletter's issues into the local cache.
    Fetch {
        /// How many files to fetch at once.
        #[arg(long, default_value_t = crate::library::remote::DEFAULT_JOBS, value_name = "N")]
        jobs: usize,
    },
    /// Entries matching a query, best first. Exit status 0 if any matched, 1 if none, 2 on error.
    Search {
        /// Words (all must match), "phrases", -excluded, title: source: section: date: filters.
        #[arg(allow_hyphen_values = true)]
        query: String,
        #[arg(long)]
        json: bool,
        /// Print at most N results.
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
        paths: Vec<PathBuf>,
    },
    /// The config file: where it is, a documented default, a check of yours.
    Config {
        #[command(subcommand)]
        command: config::ConfigCommand,
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
            // An invalid config file is a usage error, for every command.
            ExitCode::from(if err.is::<config::InvalidConfig>() {
                2
            } else {
                1
            })
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

fn one_line(err: &anyhow::Error) -> String {
    format!("{err:#}").replace('\n', " ")
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let flags = Layer {
        jobs: match &cli.command {
            Some(CliCommand::Fetch { jobs }) => Some(*jobs),
            _ => None,
        },
        offline: cli.source.offline.then_some(true),
        ..Layer::default()
    };
    let configured = || config::configured(&cli.source, flags.clone());
    match cli.command {
        None => {
            let (settings, config_warnings) = configured()?;
            // The reader shows load warnings itself: stderr is hidden behind its screen.
            let mut report = library::load(&cli.paths, &settings.source, &settings.fetch)?;
            report.warnings.splice(0..0, config_warnings);
            crate::tui::run(
                report,
                &settings.source,
                &settings.fetch,
                &settings.dirs,
                settings.reader,
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Some(CliCommand::List { json, paths }) => {
            let report = load(&paths, &warned(configured())?)?;
            list::run(&report.library, json)
        }
        Some(CliCommand::Show { issue, json, paths }) => {
            let report = load(&paths, &warned(configured())?)?;
            show::run(&report.library, &issue, json)
        }
        Some(CliCommand::Fetch { .. }) => fetch::run(&warned(configured())?),
        Some(CliCommand::Search {
            query,
            json,
            limit,
            paths,
        }) => match warned(configured()).and_then(|settings| load(&paths, &settings)) {
            Ok(report) => search::run(&report.library, &query, json, limit),
            // Like grep: a search that could not look at its input exits 2.
            Err(err) => {
                eprintln!("brief: {}", one_line(&err));
                Ok(ExitCode::from(2))
            }
        },
        Some(CliCommand::Config { command }) => config::run_command(command, &cli.source, flags),
    }
}

/// The settings, the config file's warnings printed to stderr.
fn warned(configured: anyhow::Result<(Settings, Vec<String>)>) -> anyhow::Result<Settings> {
    let (settings, warnings) = configured?;
    for warning in &warnings {
        eprintln!("brief: warning: {warning}");
    }
    Ok(settings)
}

/// Loads the library and prints load warnings to stderr.
fn load(paths: &[PathBuf], settings: &Settings) -> anyhow::Result<LoadReport> {
    let report = library::load(paths, &settings.source, &settings.fetch)?;
    for warning in &report.warnings {
        eprintln!("brief: warning: {warning}");
    }
    Ok(report)
}
