//! A search of a library that is searched once: each issue is folded and scanned on
//! its own, on all cores, and its text dropped; no index of the whole library is
//! built. The hits are those of [`Index::search`] on the library's index.

use rayon::prelude::*;

use super::buckets::{Buckets, Locator};
use super::plan::Plan;
use super::prose::{self, ProseHit};
use super::ranks::ByteRanks;
use super::{Hit, Index, Query, Scope, folded_date};
use crate::model::Library;

impl Index {
    /// The hits [`Index::search`] gives on [`Index::build`]`(library)`, without building
    /// it: for a library searched once, this holds one issue's folded text per core
    /// rather than all of it. (Nor does it stop at the index's 4 GiB of text.)
    pub fn search_once(library: &Library, query: &Query, scope: Scope) -> Vec<Hit> {
        if query.is_empty() || library.issues.is_empty() {
            return Vec::new();
        }
        // What every issue's search reads: the newsletters, and each issue's date.
        let mut shared = Index::default();
        shared.add_sources(library);
        shared.dates = library.issues.iter().map(folded_date).collect();
        // The rarest bytes of the newest issue's text stand for the library's.
        let first = Index::of_issue(0, &library.issues[0]);
        let ranks = ByteRanks::of(first.text.as_bytes());
        let plan = Plan::new(query, scope, ranks, &shared.sources);
        let search = |piece: Index| shared.search_piece(&plan, &piece);
        let mut found = vec![search(first)];
        found.par_extend(
            library.issues[1..]
                .par_iter()
                .enumerate()
                .map(|(i, issue)| search(Index::of_issue(i + 1, issue))),
        );
        let (hits, prose): (Vec<Vec<Hit>>, Vec<Vec<ProseHit>>) = found.into_iter().unzip();
        let mut hits = hits.concat();
        // Each issue's hits come best first: a stable sort by score keeps library
        // order among equal scores, as one index's buckets do.
        hits.sort_by_key(|hit| std::cmp::Reverse(hit.score));
        prose::merge_prose(prose.concat(), hits)
    }

    /// The hits of `plan` in `piece`, the index of one issue of the library whose
    /// dates and newsletters `self` holds: its entries' best first, and its prose's.
    fn search_piece(&self, plan: &Plan, piece: &Index) -> (Vec<Hit>, Vec<ProseHit>) {
        let runs = plan.section_runs(&piece.sections, &self.dates, &self.issue_sources);
        let slab = piece.slab();
        let hits = Buckets::merge(&[slab.scan(plan, &runs)], &Locator::of(&piece.sections));
        let prose = prose::hits_of(&piece.prose, plan, &self.dates, &self.issue_sources);
        (hits, prose)
    }
}
