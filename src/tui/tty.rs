//! The terminal as a file: whether keys are waiting on it, and whether it hung up.
//!
//! crossterm's reader must not be left waiting on a terminal that may hang up: on a
//! hung-up terminal every read returns nothing at once, and it retries forever (a
//! core at 100 %). So the input thread waits here first, and the event loop asks here
//! when things have been quiet.

use std::fs::File;
use std::io::{self, IsTerminal, Stdin};
use std::os::fd::{AsFd, BorrowedFd};
use std::time::Duration;

use rustix::event::{PollFd, PollFlags, Timespec, poll};

/// The terminal keys come from: standard input when it is one, else `/dev/tty`, as
/// crossterm chooses.
pub(super) enum Tty {
    Stdin(Stdin),
    Device(File),
}

/// What [`Tty::wait`] saw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Readiness {
    Input,
    /// Nothing happened for the time given.
    Quiet,
    /// The terminal hung up: its window closed, its session ended.
    Gone,
}

impl Tty {
    pub(super) fn open() -> io::Result<Tty> {
        let stdin = io::stdin();
        if stdin.is_terminal() {
            return Ok(Tty::Stdin(stdin));
        }
        File::options()
            .read(true)
            .write(true)
            .open("/dev/tty")
            .map(Tty::Device)
    }

    /// Blocks until input is waiting or the terminal hangs up, for `timeout` at most
    /// (a caller must look up now and then: the input thread, whether to pause).
    pub(super) fn wait(&self, timeout: Duration) -> io::Result<Readiness> {
        let timeout = Timespec::try_from(timeout).map_err(io::Error::other)?;
        match self.poll(PollFlags::IN, Some(&timeout)) {
            Ok(events) if hung_up(events) => Ok(Readiness::Gone),
            Ok(events) if events.contains(PollFlags::IN) => Ok(Readiness::Input),
            Ok(_) | Err(rustix::io::Errno::INTR) => Ok(Readiness::Quiet),
            Err(err) => Err(err.into()),
        }
    }

    /// Whether the terminal hung up (answers at once).
    pub(super) fn is_gone(&self) -> bool {
        self.hangs_up_within(Duration::ZERO)
    }

    /// Whether the terminal hangs up within `timeout`. A read or write may fail on a
    /// terminal that is going before its hang-up shows: an error asks here, so that
    /// a vanished terminal is told from a broken one.
    pub(super) fn hangs_up_within(&self, timeout: Duration) -> bool {
        let Ok(timeout) = Timespec::try_from(timeout) else {
            return false;
        };
        self.poll(PollFlags::empty(), Some(&timeout))
            .is_ok_and(hung_up)
    }

    fn poll(&self, events: PollFlags, timeout: Option<&Timespec>) -> rustix::io::Result<PollFlags> {
        let mut fds = [PollFd::new(self, events)];
        poll(&mut fds, timeout)?;
        Ok(fds[0].revents())
    }
}

fn hung_up(events: PollFlags) -> bool {
    events.intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL)
}

impl AsFd for Tty {
    fn as_fd(&self) -> BorrowedFd<'_> {
        match self {
            Tty::Stdin(stdin) => stdin.as_fd(),
            Tty::Device(file) => file.as_fd(),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::os::fd::OwnedFd;

    use super::*;

    /// A pipe stands in for the terminal: poll(2) reports its closed writing end as a
    /// terminal's hang-up.
    #[test]
    fn waiting_input_is_input_and_a_closed_other_end_is_gone() {
        let (reader, mut writer) = io::pipe().unwrap();
        let tty = Tty::Device(File::from(OwnedFd::from(reader)));
        let a_while = Duration::from_secs(5);
        assert!(!tty.is_gone());
        assert_eq!(tty.wait(Duration::ZERO).unwrap(), Readiness::Quiet);
        writer.write_all(b"j").unwrap();
        assert_eq!(tty.wait(a_while).unwrap(), Readiness::Input);
        assert!(!tty.is_gone());
        drop(writer);
        assert!(tty.is_gone());
        assert_eq!(tty.wait(a_while).unwrap(), Readiness::Gone);
    }
}
