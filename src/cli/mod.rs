//! Command line: argument parsing and dispatch. Each command lives in its own file.

mod args;
pub mod background;
pub mod config;
mod fetch;
mod interrupt;
mod list;
mod load;
mod mark_read;
mod reading;
mod search;
pub mod settings;
mod show;
mod starred;

use std::io::IsTerminal;
use std::process::ExitCode;

pub use args::{Cli, CliCommand, SourceArgs, UsageError};
use background::Later;
use interrupt::Interrupted;
use load::{Warnings, load};
use settings::{Layer, Settings};

/// Entry point of the binary: parses arguments, runs the command, maps errors to exit codes.
pub fn main() -> ExitCode {
    crate::tui::mark_process_start();
    let cli = match args::parse() {
        Ok(cli) => cli,
        Err((text, 0)) => {
            let _ = write_stdout(&text);
            return ExitCode::SUCCESS;
        }
        Err((text, code)) => {
            eprint!("{text}");
            return ExitCode::from(code);
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            // Not eprintln!, which panics when standard error is gone (with the
            // reader's terminal, say).
            use std::io::Write;
            let _ = writeln!(std::io::stderr(), "brief: {}", one_line(&err));
            ExitCode::from(exit_code(&err))
        }
    }
}

/// 2 for a usage error (an invalid config file is one, for every command), 130 when
/// Ctrl-C stopped the work (as a shell reports it), else 1.
fn exit_code(err: &anyhow::Error) -> u8 {
    if err.is::<UsageError>() || err.is::<config::InvalidConfig>() {
        2
    } else if err.is::<Interrupted>() {
        130
    } else {
        1
    }
}

/// A warning on stderr, one line, whatever it holds.
pub(crate) fn warn(text: &str) {
    eprintln!("brief: warning: {}", crate::text::escape_line(text));
}

/// True when stdout is a terminal: tables are cut to fit it; else (a pipe, a file)
/// every title and section is printed whole.
fn stdout_is_terminal() -> bool {
    std::io::stdout().is_terminal()
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

/// An error's chain in one line, anything that could act on a terminal escaped.
fn one_line(err: &anyhow::Error) -> String {
    crate::text::escape_line(&format!("{err:#}").replace('\n', " ")).into_owned()
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
            let (mut report, loader) = load::for_reader(&cli.paths, &settings)?;
            report.warnings.splice(0..0, config_warnings);
            crate::tui::run(
                report,
                loader,
                &settings.source,
                &settings.fetch,
                &settings.dirs,
                settings.reader,
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Some(CliCommand::List { json, all, paths }) => {
            let settings = warned(configured())?;
            let mut later = Later::default();
            let code = list::run(&paths, &settings, json, all, &mut later);
            later.start(&settings, &cli.source, &paths);
            code
        }
        Some(CliCommand::WriteLibrary { index, paths }) => {
            let (settings, _) = configured()?;
            background::run(&paths, &settings, index)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(CliCommand::Starred {
            json,
            format,
            paths,
        }) => {
            let settings = warned(configured())?;
            let report = load(&paths, &settings, Warnings::ToStderr)?;
            let opened = reading::open(&report.library, &settings);
            let format = if json { starred::Format::Json } else { format };
            starred::run(&opened.loaded.stars, format)
        }
        Some(CliCommand::MarkRead { issue, all, paths }) => {
            // With --all, a first word is a path: `brief mark-read --all news/`.
            let (issue, paths) = match (all, issue) {
                (true, Some(first)) => (None, std::iter::once(first.into()).chain(paths).collect()),
                (_, issue) => (issue, paths),
            };
            let settings = warned(configured())?;
            let report = load(&paths, &settings, Warnings::ToStderr)?;
            let opened = reading::open(&report.library, &settings);
            mark_read::run(&report.library, issue.as_deref(), all, opened)
        }
        Some(CliCommand::Show { issue, json, paths }) => {
            let report = load(&paths, &warned(configured())?, Warnings::ToStderr)?;
            show::run(&report.library, &issue, json)
        }
        Some(CliCommand::Fetch { .. }) => fetch::run(&warned(configured())?),
        Some(CliCommand::Search {
            query,
            json,
            limit,
            paths,
        }) => match warned(configured()).and_then(|settings| {
            let mut later = Later::default();
            let code = search::run(&paths, &settings, &query, json, limit, &mut later);
            later.start(&settings, &cli.source, &paths);
            code
        }) {
            Ok(code) => Ok(code),
            Err(err) if err.is::<Interrupted>() => Err(err),
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
    warnings.iter().for_each(|w| warn(w));
    Ok(settings)
}
