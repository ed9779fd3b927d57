//! Starting a program that must not touch our terminal: the store writer that outlives
//! `brief`, a graphical browser.

use std::process::{Command, Stdio};

/// `command` set to run detached: no stdin, stdout or stderr of ours, and its own
/// process group, so that the terminal's signals (Ctrl-C, a hang-up) are not its.
pub fn detached(command: &mut Command) -> &mut Command {
    command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(command, 0);
    command
}
