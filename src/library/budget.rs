//! A process-wide cap on the memory that parses in flight may take together.
//!
//! Loaders parse files in parallel, as many at once as rayon has threads; each parse
//! takes at most `parse::memory_bound` of its input, but a few large files at once on
//! many threads would add up. A parse waits until its bound fits in what is left.

use std::sync::{Condvar, Mutex, PoisonError};

use crate::parse;

/// Memory all parses in flight may take together.
const LIMIT: usize = 256 << 20;

static PARSES: Budget = Budget::new(LIMIT);

/// Runs `parse` (which reads and parses `len` bytes) once its memory bound fits in
/// the process-wide budget, and gives the budget back when it returns or panics.
pub fn within_budget<T>(len: usize, parse: impl FnOnce() -> T) -> T {
    // The input itself is held while it is parsed.
    PARSES.run(parse::memory_bound(len).saturating_add(len), parse)
}

struct Budget {
    limit: usize,
    used: Mutex<usize>,
    freed: Condvar,
}

impl Budget {
    const fn new(limit: usize) -> Self {
        Budget {
            limit,
            used: Mutex::new(0),
            freed: Condvar::new(),
        }
    }

    fn run<T>(&self, cost: usize, work: impl FnOnce() -> T) -> T {
        // One piece of work larger than the whole budget runs alone.
        let cost = cost.min(self.limit);
        {
            let mut used = self.used.lock().unwrap_or_else(PoisonError::into_inner);
            while *used + cost > self.limit {
                used = self
                    .freed
                    .wait(used)
                    .unwrap_or_else(PoisonError::into_inner);
            }
            *used += cost;
        }
        let _release = Release { budget: self, cost };
        work()
    }
}

/// Gives a cost back to its budget when dropped, panics included.
struct Release<'b> {
    budget: &'b Budget,
    cost: usize,
}

impl Drop for Release<'_> {
    fn drop(&mut self) {
        let mut used = self
            .budget
            .used
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        *used -= self.cost;
        self.budget.freed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use super::*;

    #[test]
    fn work_in_flight_never_exceeds_the_budget() {
        let budget = Budget::new(100);
        let in_flight = AtomicUsize::new(0);
        let most = AtomicUsize::new(0);
        std::thread::scope(|scope| {
            for i in 0..16 {
                let (budget, in_flight, most) = (&budget, &in_flight, &most);
                scope.spawn(move || {
                    let cost = [30, 45, 70, 250][i % 4];
                    budget.run(cost, || {
                        let now = in_flight.fetch_add(cost.min(100), Ordering::SeqCst);
                        most.fetch_max(now + cost.min(100), Ordering::SeqCst);
                        std::thread::sleep(Duration::from_millis(2));
                        in_flight.fetch_sub(cost.min(100), Ordering::SeqCst);
                    });
                });
            }
        });
        let most = most.load(Ordering::SeqCst);
        assert!((70..=100).contains(&most), "{most}");
        assert_eq!(*budget.used.lock().unwrap(), 0);
    }

    #[test]
    fn a_panic_gives_the_budget_back() {
        let budget = Budget::new(10);
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            budget.run(10, || panic!("parse failed"));
        }));
        assert!(result.is_err());
        assert_eq!(budget.run(10, || 7), 7);
    }
}
