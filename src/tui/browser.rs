//! Starting the user's browser without giving it our terminal.

use std::process::{Command, Stdio};
use std::thread;

use anyhow::{Context, bail};

/// Starts `$BROWSER` (split like a shell would, never run by one) with `url` as its
/// last argument, detached: no stdio on our terminal, its own process group, reaped
/// by a thread. Returns once the child is started or failed to start.
pub(super) fn launch_browser(command_line: &str, url: &str) -> anyhow::Result<()> {
    let words = shell_words::split(command_line).context("cannot split $BROWSER")?;
    let Some((program, args)) = words.split_first() else {
        bail!("$BROWSER is empty");
    };
    let mut command = Command::new(program);
    command
        .args(args)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let mut child = command
        .spawn()
        .with_context(|| format!("cannot start {program}"))?;
    thread::spawn(move || {
        if let Ok(status) = child.wait()
            && !status.success()
        {
            log::warn!("browser exited with {status}");
        }
    });
    Ok(())
}
