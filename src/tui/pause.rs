//! Pausing the input thread while a program in the foreground (a browser in the
//! terminal) owns the terminal: a read would take that program's keystrokes.

use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

/// A pause gives up waiting for the input thread after this long (it should take at
/// most the input thread's poll interval); a stuck thread must not hang the reader.
const PAUSE_WAIT: Duration = Duration::from_secs(2);

/// Stops the input thread from reading the terminal while a program in the foreground
/// owns it. The input thread calls [`InputPause::checkpoint`] before each wait.
#[derive(Debug, Default)]
pub(super) struct InputPause {
    state: Mutex<Reading>,
    changed: Condvar,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Reading {
    #[default]
    On,
    /// The loop asked for a pause; the thread has not seen it yet.
    Asked,
    Paused,
    /// The thread has ended.
    Stopped,
}

impl InputPause {
    /// Returns once the input thread has stopped reading (or has ended, or after
    /// [`PAUSE_WAIT`]). It reads again when the returned guard is dropped.
    pub(super) fn pause(&self) -> Paused<'_> {
        let mut state = self.lock();
        if *state == Reading::On {
            *state = Reading::Asked;
        }
        let (state, waited) = self
            .changed
            .wait_timeout_while(state, PAUSE_WAIT, |state| *state == Reading::Asked)
            .unwrap_or_else(PoisonError::into_inner);
        if waited.timed_out() {
            log::warn!("the input thread did not pause in time");
        }
        drop(state);
        Paused { pause: self }
    }

    /// The input thread's stop before each read: parks while a pause is asked for.
    pub(super) fn checkpoint(&self) {
        let mut state = self.lock();
        if *state == Reading::Asked {
            *state = Reading::Paused;
            self.changed.notify_all();
        }
        while *state == Reading::Paused {
            state = self
                .changed
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    pub(super) fn stopped(&self) {
        *self.lock() = Reading::Stopped;
        self.changed.notify_all();
    }

    fn lock(&self) -> MutexGuard<'_, Reading> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A pause of the input thread; dropping it lets the thread read again.
pub(super) struct Paused<'a> {
    pause: &'a InputPause,
}

impl Drop for Paused<'_> {
    fn drop(&mut self) {
        let mut state = self.pause.lock();
        if matches!(*state, Reading::Asked | Reading::Paused) {
            *state = Reading::On;
        }
        self.pause.changed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::thread;

    use super::*;

    /// A stand-in input thread: counts its "reads", each after a checkpoint, until the
    /// pause says it stopped.
    fn counting_reader(pause: &Arc<InputPause>) -> Arc<std::sync::atomic::AtomicUsize> {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let reads = Arc::new(AtomicUsize::new(0));
        let (pause, counter) = (Arc::clone(pause), Arc::clone(&reads));
        thread::spawn(move || {
            while *pause.lock() != Reading::Stopped {
                pause.checkpoint();
                counter.fetch_add(1, Ordering::SeqCst);
                thread::sleep(Duration::from_millis(1));
            }
        });
        reads
    }

    #[test]
    fn no_read_happens_while_paused_and_reading_resumes_after() {
        use std::sync::atomic::Ordering;
        let pause = Arc::new(InputPause::default());
        let reads = counting_reader(&pause);
        let guard = pause.pause();
        assert_eq!(*pause.lock(), Reading::Paused, "the thread acknowledged");
        let before = reads.load(Ordering::SeqCst);
        thread::sleep(Duration::from_millis(50));
        assert_eq!(reads.load(Ordering::SeqCst), before, "no read while paused");
        drop(guard);
        let start = std::time::Instant::now();
        while reads.load(Ordering::SeqCst) == before {
            assert!(start.elapsed() < PAUSE_WAIT, "reading resumed");
            thread::sleep(Duration::from_millis(1));
        }
        pause.stopped();
    }

    #[test]
    fn a_pause_does_not_wait_for_a_thread_that_ended() {
        let pause = InputPause::default();
        pause.stopped();
        let start = std::time::Instant::now();
        drop(pause.pause());
        assert!(start.elapsed() < PAUSE_WAIT);
        assert_eq!(*pause.lock(), Reading::Stopped);
    }
}
