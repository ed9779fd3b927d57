//! The command line's words: clap's definitions, and usage errors as one line.

use std::path::PathBuf;

use clap::error::ErrorKind;
use clap::{Args, Parser, Subcommand};

use super::starred::Format as StarredFormat;
use crate::library::remote::DEFAULT_JOBS;
use crate::search::Query;
use crate::text::{escape_line, show_path};

/// At most this many files are fetched at once.
pub const MAX_JOBS: usize = 32;

#[derive(Debug, Parser)]
#[command(
    name = "brief",
    version,
    about = "A terminal reader for Markdown newsletters"
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
        /// List the pages too: the files beside the issues that are not issues.
        #[arg(long)]
        all: bool,
        paths: Vec<PathBuf>,
    },
    /// Print one issue as readable text.
    Show {
        /// Issue id (e.g. 2020-06-03, en/HelloGitHub99), SOURCE/ID, a date, a file
        /// stem, a number (368) or `latest`.
        issue: String,
        #[arg(long)]
        json: bool,
        paths: Vec<PathBuf>,
    },
    /// Fetch every source's issues (or those of `--source NAME`) into the local cache.
    Fetch {
        /// How many files to fetch at once (1 to 32).
        #[arg(long, default_value_t = DEFAULT_JOBS, value_name = "N", value_parser = jobs)]
        jobs: usize,
    },
    /// Starred entries, newest star first.
    Starred {
        /// Print JSON (the same as --format json).
        #[arg(long, conflicts_with = "format")]
        json: bool,
        /// text, md (Markdown that brief reads back) or json.
        #[arg(long, value_enum, default_value_t)]
        format: StarredFormat,
        paths: Vec<PathBuf>,
    },
    /// Mark every entry of an issue read (or of every issue, with --all).
    MarkRead {
        /// Issue id (file stem, e.g. 2020-06-03), date or `latest`.
        #[arg(required_unless_present = "all")]
        issue: Option<String>,
        /// Every issue (then every word after the flags is a path).
        #[arg(long)]
        all: bool,
        paths: Vec<PathBuf>,
    },
    /// Entries matching a query, best first. Exit status 0 if any matched, 1 if none, 2 on error.
    Search {
        /// Words (all must match), "phrases", -excluded, title: source: section: date: from: filters.
        #[arg(allow_hyphen_values = true)]
        query: String,
        #[arg(long)]
        json: bool,
        /// Print at most N results (N ≥ 1).
        #[arg(long, value_name = "N", value_parser = at_least_one)]
        limit: Option<usize>,
        paths: Vec<PathBuf>,
    },
    /// Writes the persisted library of PATHS (with --index, its search index too)
    /// when it is behind: what `brief list` and `brief search` leave to a detached
    /// brief after their output (see `cli::background`). Not for people.
    #[command(hide = true, name = "write-library")]
    WriteLibrary {
        #[arg(long)]
        index: bool,
        paths: Vec<PathBuf>,
    },
    /// The config file: where it is, a documented default, a check of yours.
    Config {
        #[command(subcommand)]
        command: super::config::ConfigCommand,
    },
}

/// A usage error: the command line asked for something brief does not do (exit 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// What the command line asks for; `Err` carries what to print and the exit code
/// (help and version print to stdout and succeed; a usage error is one line).
pub fn parse() -> Result<Cli, (String, u8)> {
    let cli = Cli::try_parse().map_err(|err| match err.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => (err.render().to_string(), 0),
        _ => (usage_line(&err.render().to_string()), 2),
    })?;
    check(&cli).map_err(|err| (format!("brief: {}\n", escape_line(&err.0)), 2))?;
    Ok(cli)
}

/// clap's message in one line: its first paragraph without `error: ` (tips and usage
/// follow a blank line), and where to look.
fn usage_line(rendered: &str) -> String {
    let message: Vec<&str> = rendered
        .lines()
        .take_while(|line| !line.trim().is_empty())
        .map(str::trim)
        .collect();
    let message = message.join(" ");
    let message = message.strip_prefix("error: ").unwrap_or(&message);
    format!("brief: {} (see `brief --help`)\n", escape_line(message))
}

/// Usage errors clap cannot see: a first word that is neither a command nor a path,
/// a search for `in:this` (which needs the reader's current issue).
fn check(cli: &Cli) -> Result<(), UsageError> {
    if let Some(CliCommand::Search { query, .. }) = &cli.command
        && Query::parse(query).in_this.is_some()
    {
        return Err(UsageError(
            "in:this needs an issue on screen: it works in the reader, not in `brief search`"
                .to_string(),
        ));
    }
    if cli.command.is_some() {
        return Ok(());
    }
    let Some(first) = cli.paths.first() else {
        return Ok(());
    };
    let word = show_path(first);
    let looks_like_a_command = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if looks_like_a_command && !first.exists() {
        return Err(UsageError(format!(
            "'{word}' is neither a command (list, show, search, fetch, starred, mark-read, config) nor a file (see `brief --help`)"
        )));
    }
    Ok(())
}

fn at_least_one(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(0) => Err("must be at least 1".to_string()),
        Ok(n) => Ok(n),
        Err(_) => Err("not a whole number".to_string()),
    }
}

fn jobs(text: &str) -> Result<usize, String> {
    match at_least_one(text)? {
        n if n > MAX_JOBS => Err(format!("at most {MAX_JOBS} files are fetched at once")),
        n => Ok(n),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clap_errors_become_one_escaped_line() {
        let rendered = "error: unexpected argument '\u{1b}[2J' found\n\n  tip: x\n\nUsage: brief\n";
        assert_eq!(
            usage_line(rendered),
            "brief: unexpected argument '\\u{1b}[2J' found (see `brief --help`)\n"
        );
        let rendered =
            "error: the following required arguments were not provided:\n  <ISSUE>\n\nUsage: x\n";
        assert_eq!(
            usage_line(rendered),
            "brief: the following required arguments were not provided: <ISSUE> (see `brief --help`)\n"
        );
    }

    #[test]
    fn counts_must_be_positive_and_jobs_bounded() {
        assert!(at_least_one("0").is_err());
        assert_eq!(at_least_one("3"), Ok(3));
        assert!(jobs("33").is_err());
        assert_eq!(jobs("32"), Ok(32));
    }
}
