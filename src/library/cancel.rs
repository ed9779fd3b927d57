//! A cancel signal that threads can both check and wait on: setting it wakes every
//! waiter at once, so nobody polls.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use crossbeam_channel::{Receiver, Sender};

/// Nothing is ever sent on the wake-up channel: it only ever disconnects.
pub(crate) enum Never {}

/// Set once, never cleared. Clones share the one signal.
#[derive(Clone)]
pub struct Cancel {
    inner: Arc<Inner>,
}

struct Inner {
    set: AtomicBool,
    /// Dropped when the signal is set, which disconnects (so wakes) every `woken` receiver.
    trigger: Mutex<Option<Sender<Never>>>,
    woken: Receiver<Never>,
}

impl Cancel {
    pub fn new() -> Cancel {
        let (trigger, woken) = crossbeam_channel::bounded(0);
        Cancel {
            inner: Arc::new(Inner {
                set: AtomicBool::new(false),
                trigger: Mutex::new(Some(trigger)),
                woken,
            }),
        }
    }

    /// Sets the signal and wakes everyone waiting on it.
    pub fn cancel(&self) {
        self.inner.set.store(true, Ordering::Relaxed);
        let mut trigger = self
            .inner
            .trigger
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        trigger.take();
    }

    pub fn is_cancelled(&self) -> bool {
        self.inner.set.load(Ordering::Relaxed)
    }

    /// Sleeps `pause`, returning at once when the signal is set.
    pub fn sleep(&self, pause: Duration) {
        let _ = self.inner.woken.recv_timeout(pause);
    }

    /// A channel that disconnects when the signal is set, to wait on beside others
    /// (`crossbeam_channel::select!`).
    pub(crate) fn woken(&self) -> &Receiver<Never> {
        &self.inner.woken
    }
}

impl Default for Cancel {
    fn default() -> Cancel {
        Cancel::new()
    }
}

impl std::fmt::Debug for Cancel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cancel")
            .field("cancelled", &self.is_cancelled())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::thread;
    use std::time::Instant;

    #[test]
    fn clones_share_the_signal() {
        let cancel = Cancel::new();
        let clone = cancel.clone();
        assert!(!clone.is_cancelled());
        cancel.cancel();
        assert!(clone.is_cancelled());
        cancel.cancel();
        assert!(clone.is_cancelled(), "setting it twice is harmless");
    }

    #[test]
    fn a_sleeper_wakes_when_the_signal_is_set() {
        let cancel = Cancel::new();
        let setter = cancel.clone();
        let started = Instant::now();
        let sleeper = thread::spawn(move || cancel.sleep(Duration::from_secs(60)));
        thread::sleep(Duration::from_millis(50));
        setter.cancel();
        sleeper.join().unwrap();
        assert!(started.elapsed() < Duration::from_secs(30));
    }

    #[test]
    fn an_unset_signal_lets_the_sleep_run_its_course() {
        let cancel = Cancel::new();
        let started = Instant::now();
        cancel.sleep(Duration::from_millis(30));
        assert!(started.elapsed() >= Duration::from_millis(30));
        assert!(!cancel.is_cancelled());
    }
}
