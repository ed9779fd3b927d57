//! Typing narrows a query: each key lengthens a word or adds one, and what the longer
//! query matches is among what the shorter one matched. The reader keeps what its
//! last search matched (a [`Narrowing`]) and, when the next query can only match
//! less (see [`narrows`]), checks those entries and prose alone rather than scanning
//! all text for the new query. The hits are the same as [`Index::search`]'s.

use std::ops::Range;

use super::buckets::Buckets;
use super::plan::Plan;
use super::prose::{self, ProseHit};
use super::query::{Field, Query, Term};
use super::{Hit, Index, Scope};

/// A narrower query is answered among what the last one matched when that is at
/// most one entry in this many: checked one by one, entries cost more than a scan
/// of their share of the text would, and a scan stops at many of them anyway.
const NARROWED_SHARE: usize = 3;

/// What one search matched, to answer a narrower query from.
#[derive(Debug, Clone, Default)]
pub struct Narrowing {
    /// The query and scope whose matches these are; None: nothing is known.
    of: Option<(Query, Scope)>,
    entries: EntrySet,
    /// Positions of the prose records that matched, in order; None when the query
    /// had no positive text term, which prose needs to match: then any could.
    prose: Option<Vec<u32>>,
}

impl Index {
    /// [`Index::search`], answered among what `last` matched when `query` in `scope`
    /// can only match less; and what this search matched, for the next one.
    pub fn search_narrowing(
        &self,
        query: &Query,
        scope: Scope,
        last: &Narrowing,
    ) -> (Vec<Hit>, Narrowing) {
        self.search_narrowing_by(query, scope, last, NARROWED_SHARE)
    }

    /// [`Index::search_narrowing`] that narrows to what the last search matched
    /// however many it matched: what narrowing must never change.
    #[cfg(any(test, feature = "testing"))]
    pub fn search_narrowing_always(
        &self,
        query: &Query,
        scope: Scope,
        last: &Narrowing,
    ) -> (Vec<Hit>, Narrowing) {
        self.search_narrowing_by(query, scope, last, 1)
    }

    /// [`Index::search_narrowing`], narrowing to at most one entry in `share`.
    fn search_narrowing_by(
        &self,
        query: &Query,
        scope: Scope,
        last: &Narrowing,
        share: usize,
    ) -> (Vec<Hit>, Narrowing) {
        if query.is_empty() {
            return (Vec::new(), Narrowing::default());
        }
        let plan = Plan::new(query, scope, self.ranks, &self.sources);
        let older = last.narrowed_by(query, scope, self.entries.len());
        let (plan, pieces) = match older {
            Some(older) => {
                let plan = plan.knowing(older);
                let runs = plan.section_runs(&self.sections, &self.dates, &self.issue_sources);
                let pieces = self.scan_chunks(&runs, |slab, runs| {
                    slab.scan_marked(&plan, runs, &last.entries)
                });
                (plan, pieces)
            }
            None => {
                let pieces = self.entry_matches(&plan, true);
                (plan, pieces)
            }
        };
        let among = older.and(last.prose.as_deref());
        // What the older query knew of entries, it does not of prose it did not search.
        let plan = match among {
            Some(_) => plan,
            None => plan.knowing(&Query::default()),
        };
        let (prose_matched, prose_hits) = self.prose_among(&plan, among);
        let narrowing = Narrowing {
            of: Some((query.clone(), scope)),
            entries: EntrySet::narrowing_to(&pieces, self.entries.len(), share),
            prose: plan.driver.map(|_| prose_matched),
        };
        let hits = Buckets::merge(&pieces, &self.locator());
        (prose::merge_prose(prose_hits, hits), narrowing)
    }
}

impl Narrowing {
    /// The query these are the matches of, when `query` in `scope` can only match
    /// fewer, and they are kept for an index of `entries` entries.
    fn narrowed_by(&self, query: &Query, scope: Scope, entries: usize) -> Option<&Query> {
        let (older, older_scope) = self.of.as_ref()?;
        // A set too large to narrow to was not kept: it is empty, of no entries.
        let usable = *older_scope == scope && self.entries.len == entries;
        (usable && narrows(query, older)).then_some(older)
    }
}

impl Index {
    /// The prose hits of `plan` among records `among` (all when None), with the
    /// position of each.
    fn prose_among(&self, plan: &Plan, among: Option<&[u32]>) -> (Vec<u32>, Vec<ProseHit>) {
        let (dates, sources) = (&self.dates[..], &self.issue_sources[..]);
        match among {
            Some(among) => {
                let among = among.iter().map(|&r| r as usize);
                prose::numbered_hits_of(&self.prose, among, plan, dates, sources)
            }
            None => prose::numbered_hits_of(&self.prose, 0..self.prose.len(), plan, dates, sources),
        }
    }
}

/// Whether everything `newer` matches, `older` matches too: each of `older`'s terms
/// is implied by one of `newer`'s, and `newer` keeps its `in:this`.
pub(super) fn narrows(newer: &Query, older: &Query) -> bool {
    older.in_this.is_none_or(|keep| newer.in_this == Some(keep))
        && older
            .terms
            .iter()
            .all(|o| newer.terms.iter().any(|n| implies(n, o)))
}

/// Whether whatever term `n` lets through (an entry, prose), term `o` lets through.
fn implies(n: &Term, o: &Term) -> bool {
    let text = |field: Field| match field {
        // Prefixes: a longer one is met by fewer.
        Field::Date | Field::From => n.text.starts_with(&o.text),
        // Substrings: a longer one is held by fewer.
        _ => n.text.contains(&o.text),
    };
    let excluded = |field: Field| match field {
        Field::Date | Field::From => o.text.starts_with(&n.text),
        _ => o.text.contains(&n.text),
    };
    match (n.negated, o.negated) {
        // A word anywhere is held by what holds it in the title or the source.
        (false, false) if o.field == Field::Any => {
            matches!(n.field, Field::Any | Field::Title | Field::Source) && text(o.field)
        }
        (false, false) => n.field == o.field && text(o.field),
        (true, true) => n.field == o.field && excluded(o.field),
        _ => false,
    }
}

/// A set of entries of an index: a bit per entry.
#[derive(Debug, Clone, Default)]
pub(super) struct EntrySet {
    words: Vec<u64>,
    /// Entries of the index.
    len: usize,
}

impl EntrySet {
    /// The entries of `pieces`, of an index of `len` entries.
    fn of(pieces: &[Buckets], len: usize) -> EntrySet {
        let mut words = vec![0u64; len.div_ceil(64)];
        for k in pieces.iter().flat_map(Buckets::entries) {
            if let Some(word) = words.get_mut(k as usize / 64) {
                *word |= 1 << (k % 64);
            }
        }
        EntrySet { words, len }
    }

    /// The entries of `pieces` when they are at most one in `share` of the `len`
    /// entries, few enough to narrow a next search to (see [`NARROWED_SHARE`]);
    /// else an empty set, which none narrows to.
    fn narrowing_to(pieces: &[Buckets], len: usize, share: usize) -> EntrySet {
        let count: usize = pieces.iter().map(Buckets::len).sum();
        if count * share > len {
            return EntrySet::default();
        }
        EntrySet::of(pieces, len)
    }

    /// The words over `run`, each with the bits outside it cleared, and the entry of
    /// each word's first bit.
    fn words_in(&self, run: Range<usize>) -> impl Iterator<Item = (usize, u64)> + '_ {
        let end = run.end.min(self.len);
        (run.start / 64..end.div_ceil(64)).map(move |w| {
            let mut word = self.words[w];
            if w == run.start / 64 {
                word &= u64::MAX << (run.start % 64);
            }
            if w + 1 == end.div_ceil(64) && !end.is_multiple_of(64) {
                word &= (1 << (end % 64)) - 1;
            }
            (w * 64, word)
        })
    }

    /// The entries of `run` in the set, in order.
    pub(super) fn iter_in(&self, run: Range<usize>) -> impl Iterator<Item = usize> + '_ {
        self.words_in(run).flat_map(|(first, mut word)| {
            std::iter::from_fn(move || {
                let bit = (word != 0).then(|| word.trailing_zeros() as usize)?;
                word &= word - 1;
                Some(first + bit)
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 40 issues of 50 entries, each titled with two words of a few.
    fn library() -> crate::model::Library {
        let source = crate::testing::fixture::fixture_source();
        crate::testing::synth::library(&source, 40, 50)
    }

    fn narrows_text(newer: &str, older: &str) -> bool {
        narrows(&Query::parse(newer), &Query::parse(older))
    }

    #[test]
    fn typing_on_narrows_and_taking_back_does_not() {
        for (older, newer) in [
            ("i", "in"),
            ("int8", "int8 剪"),
            ("int8 剪", "int8 剪枝"),
            ("量化", "量化 -arm"),
            ("量化 -arm", "量化 -ar"),
            ("tvm", "title:tvm"),
            ("tvm", "source:tvm"),
            ("title:t", "title:tv"),
            ("date:2020", "date:2020-0"),
            ("from:tw", "from:twir"),
            ("section:论", "section:论文"),
            ("-section:论文", "-section:论"),
            ("arm", "arm in:this"),
            ("arm in:this", "arm 量 in:this"),
            ("\"paddle", "\"paddle lite\""),
            ("arm tvm", "tvm arm"),
        ] {
            assert!(narrows_text(newer, older), "{older:?} → {newer:?}");
        }
        for (older, newer) in [
            ("in", "i"),
            ("int8 剪枝", "int8"),
            ("量化 -ar", "量化 -arm"),
            ("title:tvm", "tvm"),
            ("title:tvm", "source:tvm"),
            ("date:2020-0", "date:2020"),
            ("date:2020", "2020"),
            ("-section:论", "-section:论文"),
            ("-arm", "arm"),
            ("arm", "-arm"),
            ("arm in:this", "arm"),
            ("arm in:this", "arm -in:this"),
        ] {
            assert!(!narrows_text(newer, older), "{older:?} → {newer:?}");
        }
    }

    #[test]
    fn a_narrower_query_is_answered_among_what_the_last_one_matched_and_no_other() {
        let mut index = Index::build(&library());
        index.add_keystroke_tables();
        let scope = Scope::default();
        let query = Query::parse("剪枝 tvm");
        let (hits, mut last) = index.search_narrowing(&query, scope, &Narrowing::default());
        assert_eq!(hits, index.search(&query, scope));
        let kept = last.entries.iter_in(0..index.entries.len()).count();
        assert!(
            kept > 1 && kept * NARROWED_SHARE <= index.entries.len(),
            "{kept}"
        );
        // One entry taken out of what the last search matched: the same query, and a
        // narrower one, no longer find it; a wider one is searched whole.
        let k = last.entries.iter_in(0..index.entries.len()).next().unwrap();
        last.entries.words[k / 64] &= !(1 << (k % 64));
        let (narrowed, _) = index.search_narrowing(&query, scope, &last);
        assert_eq!(narrowed.len(), hits.len() - 1);
        let narrower = Query::parse("剪枝 tvm -zzz");
        let (narrowed, _) = index.search_narrowing(&narrower, scope, &last);
        assert_eq!(narrowed.len(), hits.len() - 1);
        let wider = Query::parse("剪枝 tv");
        let (wide, _) = index.search_narrowing(&wider, scope, &last);
        assert_eq!(wide, index.search(&wider, scope));
        assert!(wide.len() >= hits.len());
    }

    #[test]
    fn what_a_common_word_matched_is_not_kept() {
        let mut index = Index::build(&library());
        index.add_keystroke_tables();
        let (hits, last) =
            index.search_narrowing(&Query::parse("a"), Scope::default(), &Narrowing::default());
        assert!(hits.len() * NARROWED_SHARE > index.entries.len());
        assert!(last.entries.words.is_empty());
    }

    #[test]
    fn an_entry_set_yields_its_entries_within_a_run() {
        let entries: Vec<u32> = vec![0, 3, 63, 64, 65, 127, 128, 190];
        let pieces = [Buckets::of_lists([(1, entries.clone())])];
        let set = EntrySet::of(&pieces, 191);
        for run in [
            0..191,
            0..0,
            3..64,
            4..63,
            63..129,
            64..65,
            128..191,
            129..190,
        ] {
            let inside: Vec<usize> = entries
                .iter()
                .map(|&k| k as usize)
                .filter(|k| run.contains(k))
                .collect();
            assert_eq!(
                set.iter_in(run.clone()).collect::<Vec<_>>(),
                inside,
                "{run:?}"
            );
        }
    }
}
