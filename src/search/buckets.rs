//! Turning matching entry numbers into ranked hits: score buckets, merged on all cores.

use std::cmp::Reverse;

use rayon::prelude::*;

use super::{Hit, SectionRecord};

/// How many entries ahead of a find [`Index::scan_for`] asks for text to be loaded.
/// When most entries match, a scan is a chain of cache misses, one per entry: each
/// find's address hangs on the one before. Loads asked for ahead break the chain.
pub(super) const PREFETCH_ENTRIES: usize = 16;

/// Asks the CPU to load the cache line holding `bytes[at]`, without waiting for it.
/// One of the crate's five `unsafe` blocks (see `search::tests::prefetch_*`).
#[inline]
#[allow(unsafe_code)]
pub(super) fn prefetch(bytes: &[u8], at: usize) {
    #[cfg(target_arch = "x86_64")]
    if let Some(byte) = bytes.get(at) {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        // SAFETY: SSE is part of the x86_64 baseline, and a prefetch is a hint that never
        // faults nor reads into the program; the pointer is a valid one anyway.
        unsafe { _mm_prefetch::<_MM_HINT_T0>(std::ptr::from_ref(byte).cast()) };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (bytes, at);
}

/// The partition point of `items` by `before`, found by doubling steps from the start:
/// the point is usually near, and a binary search of the whole slice would miss the
/// cache at every step.
pub(super) fn gallop<T>(items: &[T], before: impl Fn(&T) -> bool) -> usize {
    let mut step = 1;
    while step <= items.len() && before(&items[step - 1]) {
        step *= 2;
    }
    let low = step / 2;
    low + items[low..(step - 1).min(items.len())].partition_point(before)
}

/// What turns entry numbers into hits addressed by issue, section and entry: the
/// sections, and each entry's section when the index has that table.
pub(super) struct Locator<'a> {
    pub sections: &'a [SectionRecord],
    /// Empty, or the section of every entry.
    pub of_entry: &'a [u32],
}

impl<'a> Locator<'a> {
    /// The locator of `sections` alone: each entry's section is searched for.
    pub(super) fn of(sections: &'a [SectionRecord]) -> Locator<'a> {
        Locator {
            sections,
            of_entry: &[],
        }
    }
}

/// Turns entry numbers, met in increasing order, into hits addressed by issue,
/// section and entry.
pub(super) struct SectionCursor<'a> {
    sections: &'a [SectionRecord],
    of_entry: &'a [u32],
    at: usize,
}

impl<'a> SectionCursor<'a> {
    pub(super) fn new(locator: &Locator<'a>, first_entry: u32) -> Self {
        let sections = locator.sections;
        let at = sections.partition_point(|s| s.entries.end <= first_entry);
        SectionCursor {
            sections,
            of_entry: locator.of_entry,
            at,
        }
    }

    pub(super) fn hit(&mut self, k: u32, score: u32) -> Hit {
        if let Some(&s) = self.of_entry.get(k as usize) {
            self.at = s as usize;
        } else if self.sections[self.at].entries.end <= k {
            self.at += 1 + gallop(&self.sections[self.at + 1..], |s| s.entries.end <= k);
        }
        let section = &self.sections[self.at];
        Hit {
            issue: section.issue,
            section: section.section,
            entry: k - section.entries.start,
            score,
        }
    }
}

/// Matching entry numbers in library order, one list per distinct score: ranking is
/// then a stable partition by score rather than a sort. Entries become hits only in
/// [`Buckets::merge`], on all cores, so that a scan writes 4 bytes a match, not 16.
pub(super) struct Buckets {
    scores: Vec<u32>,
    entries: Vec<Vec<u32>>,
    /// The bucket of the last hit: runs of hits often share a score.
    last: usize,
    /// Room each bucket starts with: growing them cost more than the memory.
    capacity: usize,
}

impl Buckets {
    pub(super) fn for_entries(entries: usize) -> Buckets {
        Buckets {
            scores: Vec::new(),
            entries: Vec::new(),
            last: 0,
            capacity: entries,
        }
    }

    /// Buckets of the entry lists given with their scores (distinct), each list in
    /// library order; empty lists are left out.
    pub(super) fn of_lists(lists: impl IntoIterator<Item = (u32, Vec<u32>)>) -> Buckets {
        let (scores, entries) = lists.into_iter().filter(|(_, l)| !l.is_empty()).unzip();
        Buckets {
            scores,
            entries,
            last: 0,
            capacity: 0,
        }
    }

    /// How many entries it holds.
    pub(super) fn len(&self) -> usize {
        self.entries.iter().map(Vec::len).sum()
    }

    /// Every entry held, in no order.
    pub(super) fn entries(&self) -> impl Iterator<Item = u32> + '_ {
        self.entries.iter().flatten().copied()
    }

    #[inline]
    pub(super) fn push(&mut self, k: u32, score: u32) {
        if self.scores.get(self.last) != Some(&score) {
            self.last = self.bucket(score);
        }
        self.entries[self.last].push(k);
    }

    pub(super) fn bucket(&mut self, score: u32) -> usize {
        self.scores
            .iter()
            .position(|&s| s == score)
            .unwrap_or_else(|| {
                self.scores.push(score);
                self.entries.push(Vec::with_capacity(self.capacity));
                self.entries.len() - 1
            })
    }

    /// The hits of `pieces` (consecutive in library order), best score first. The
    /// buckets are turned into hits on all cores, each into its own part of the result.
    /// One of the crate's five `unsafe` blocks (see `search::tests::merge_*`).
    #[allow(unsafe_code)]
    pub(super) fn merge(pieces: &[Buckets], locator: &Locator) -> Vec<Hit> {
        let mut scores: Vec<u32> = pieces.iter().flat_map(|p| p.scores.clone()).collect();
        scores.sort_unstable_by_key(|&s| Reverse(s));
        scores.dedup();
        let sources: Vec<(u32, &[u32])> = scores
            .iter()
            .flat_map(|&score| pieces.iter().filter_map(move |p| p.bucket_of(score)))
            .collect();
        let total = sources.iter().map(|(_, entries)| entries.len()).sum();
        let mut hits = Vec::with_capacity(total);
        let mut room = &mut hits.spare_capacity_mut()[..total];
        let mut pairs = Vec::with_capacity(sources.len());
        for source in sources {
            let (destination, after) = room.split_at_mut(source.1.len());
            pairs.push((destination, source));
            room = after;
        }
        pairs
            .into_par_iter()
            .for_each(|(destination, (score, entries))| {
                let mut cursor = SectionCursor::new(locator, entries[0]);
                for (slot, &k) in destination.iter_mut().zip(entries) {
                    slot.write(cursor.hit(k, score));
                }
            });
        // SAFETY: `total` is the sum of the sources' lengths; the destinations are cut
        // one after another from the first `total` spare slots, each exactly as long as
        // its source, and the zip writes every slot of each. So all `total` slots are
        // initialized. `merge_writes_every_slot_once` checks the count and contents.
        unsafe { hits.set_len(total) };
        hits
    }

    /// The entries scoring `score`, if any.
    pub(super) fn bucket_of(&self, score: u32) -> Option<(u32, &[u32])> {
        let bucket = self.scores.iter().position(|&s| s == score)?;
        Some((score, &self.entries[bucket]))
    }
}
