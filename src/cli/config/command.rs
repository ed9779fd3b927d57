//! `brief config path | default | check`.

use std::process::ExitCode;

use anyhow::bail;
use clap::Subcommand;

use super::{Location, default_text, load, report};
use crate::cli::SourceArgs;
use crate::cli::settings::{self, Layer};
use crate::text::sanitize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Subcommand)]
pub enum ConfigCommand {
    /// Print where the config file is read from (BRIEF_CONFIG, else the XDG config folder).
    Path,
    /// Print a config file that documents every option and holds the defaults.
    Default,
    /// Check the config file and print the settings in force. Exit status 2 if it is invalid.
    Check,
}

/// Runs `brief config COMMAND`; `args` and `flags` are the command line's settings.
pub fn run_command(
    command: ConfigCommand,
    args: &SourceArgs,
    flags: Layer,
) -> anyhow::Result<ExitCode> {
    let location = Location::standard();
    match command {
        ConfigCommand::Path => match location {
            Some(location) => super::super::write_stdout(&sanitize(&location.shown()))
                .and_then(|()| super::super::write_stdout("\n")),
            None => bail!("no home folder to keep the config file in: set HOME or BRIEF_CONFIG"),
        },
        ConfigCommand::Default => super::super::write_stdout(&default_text()),
        ConfigCommand::Check => {
            let loaded = match load(location.as_ref()) {
                Ok(loaded) => loaded,
                Err(diagnostic) => {
                    eprintln!("brief: {diagnostic}");
                    return Ok(ExitCode::from(2));
                }
            };
            for warning in &loaded.warnings {
                crate::cli::warn(&warning.to_string());
            }
            let settings = settings::resolve(args, flags, loaded.layer.clone())?;
            let text = report::report(location.as_ref(), &loaded, &settings);
            super::super::write_stdout(&text)
        }
    }?;
    Ok(ExitCode::SUCCESS)
}
