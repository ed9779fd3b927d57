//! Starting the user's browser: a graphical one detached, without our terminal; one
//! that runs in the terminal in the foreground, with it.

use std::process::Command;
use std::thread;

use anyhow::{Context, bail};

use crate::library::detached::detached;

/// The browser command `command_line` (split like a shell would, never run by one)
/// with `url` as its last argument.
fn browser_command(command_line: &str, url: &str) -> anyhow::Result<Command> {
    let words = shell_words::split(command_line).context("cannot split the browser command")?;
    let Some((program, args)) = words.split_first() else {
        bail!("the browser command is empty");
    };
    let mut command = Command::new(program);
    command.args(args).arg(url);
    Ok(command)
}

fn program(command: &Command) -> String {
    command.get_program().to_string_lossy().into_owned()
}

/// Starts the browser detached: no stdio on our terminal, its own process group,
/// reaped by a thread. Returns once the child is started or failed to start.
pub(super) fn launch_browser(command_line: &str, url: &str) -> anyhow::Result<()> {
    let mut command = browser_command(command_line, url)?;
    let mut child = detached(&mut command)
        .spawn()
        .with_context(|| format!("cannot start {}", program(&command)))?;
    thread::spawn(move || {
        if let Ok(status) = child.wait()
            && !status.success()
        {
            log::warn!("browser exited with {status}");
        }
    });
    Ok(())
}

/// Runs the browser in the foreground on our terminal and waits for it. The caller
/// has given the terminal up (and stopped reading it) first.
pub(super) fn run_browser_here(command_line: &str, url: &str) -> anyhow::Result<()> {
    let mut command = browser_command(command_line, url)?;
    let status = command
        .status()
        .with_context(|| format!("cannot start {}", program(&command)))?;
    if !status.success() {
        bail!("the browser exited with {status}");
    }
    Ok(())
}
