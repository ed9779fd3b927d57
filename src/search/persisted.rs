//! A persisted index searched where it lies: in a file mapped into memory (read a
//! piece at a time when it cannot be mapped), or bytes. Opening reads the small parts
//! (sections, dates, the filter's blocks); a search reads the filter rows of its
//! grams, then the text of the candidate blocks only; a result's view reads its line
//! (and summary, when asked for). So a search costs what it touches, not the size of
//! the library.

use std::borrow::Cow;
use std::fs::File;
use std::ops::Range;
use std::sync::Arc;

use rayon::prelude::*;

use super::buckets::{Buckets, Locator};
use super::display::{
    self, DisplayReader, EntryLine, EntryView, Keep, ProseLine, ProseView, Reading, whole,
};
use super::format::{Container, IndexError, Mapped, ReadAt, Writer};
use super::grams::Grams;
use super::persist::{self, ENTRIES, Meta, PROSE_TEXT, ROWS, TEXT};
use super::plan::{Plan, intersect};
use super::prose::{self, ProseFile};
use super::scan::Slab;
use super::{Hit, Index, Query, Scope, SectionRecord};
use crate::model::Library;

/// The caller's stamp.
const STAMP: u32 = 14;
/// Blocks of the filter read and scanned as one piece of work.
const PIECE_BLOCKS: usize = 16;
/// Runs of hits [`PersistedIndex::views`] makes per thread (for a balanced load),
/// and the fewest hits in one (each reads its first pages anew).
const RUNS_PER_THREAD: usize = 4;
const MIN_RUN: usize = 64;

impl Index {
    /// The index and what `brief search` prints of `library` (which it was built from),
    /// as the bytes [`PersistedIndex`] reads; [`Index::from_bytes`] reads them too.
    /// `stamp` is kept as is, for the caller to tell what the index was built from
    /// (see [`PersistedIndex::stamp`]).
    pub fn to_bytes_with_display(&self, library: &Library, stamp: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        self.write_with_display(library, stamp, &mut out)
            .expect("writing to memory does not fail");
        out
    }

    /// [`Index::to_bytes_with_display`] written to `out` as it is made.
    pub fn write_with_display(
        &self,
        library: &Library,
        stamp: &[u8],
        out: &mut (impl std::io::Write + ?Sized),
    ) -> std::io::Result<()> {
        let mut writer = Writer::default();
        self.write_parts(&mut writer);
        display::write_display(self, library, &mut writer);
        writer.part(STAMP, stamp.to_vec());
        writer.write_to(persist::fresh_generation(), out)
    }
}

impl Index {
    /// The index `file` holds (written by [`Index::write_with_display`]) when its stamp
    /// is `stamp`, else None; only its search parts are read, and its text is held
    /// where it lies in the file, mapped (see `index_text.rs`).
    pub fn load_stamped(file: File, stamp: &[u8]) -> Result<Option<Index>, IndexError> {
        let container = Arc::new(Container::open(Mapped::open(file))?);
        if container.part(STAMP)? != stamp {
            return Ok(None);
        }
        Index::from_mapped(&container).map(Some)
    }
}

/// What `brief search` prints of a hit: an entry's or prose's view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum View {
    Entry(EntryView),
    Prose(ProseView),
}

/// A [`View`] as read from the index, its strings borrowed from it where it lies in
/// memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ViewLine<'c> {
    Entry(EntryLine<'c>),
    Prose(ProseLine<'c>),
}

impl From<ViewLine<'_>> for View {
    fn from(line: ViewLine<'_>) -> View {
        match line {
            ViewLine::Entry(line) => View::Entry(line.into()),
            ViewLine::Prose(line) => View::Prose(line.into()),
        }
    }
}

/// A persisted index, searched without loading it.
pub struct PersistedIndex<R = Mapped> {
    container: Container<R>,
    meta: Meta,
    sections: Vec<SectionRecord>,
    dates: Vec<Box<str>>,
    issue_sources: Vec<u32>,
    sources: Vec<[Box<str>; 2]>,
    /// The filter's blocks; its rows stay in the file.
    grams: Grams,
    /// Intros and sections' own text (a small part of a library's text), read whole.
    prose: ProseFile,
}

impl PersistedIndex<Mapped> {
    /// Opens the index in `file` (written from [`Index::to_bytes_with_display`]),
    /// mapped into memory.
    pub fn open(file: File) -> Result<PersistedIndex<Mapped>, IndexError> {
        PersistedIndex::new(Mapped::open(file))
    }
}

impl<R: ReadAt> PersistedIndex<R> {
    /// Opens the index `source` holds; bytes in memory are `&[u8]`.
    pub fn new(source: R) -> Result<PersistedIndex<R>, IndexError> {
        let container = Container::open(source)?;
        let meta = persist::read_meta(&container)?;
        // The prose (the largest part read whole) beside the rest, on two cores.
        let (parts, prose) = rayon::join(
            || -> Result<_, IndexError> {
                let sections = persist::read_sections(&container, &meta)?;
                let sources = persist::read_sources(&container, &meta)?;
                Ok((sections, sources, persist::read_blocks(&container, &meta)?))
            },
            || ProseFile::read(&container, meta.issues),
        );
        let (((sections, dates), (issue_sources, sources), grams), prose) = (parts?, prose?);
        let sizes_agree = container.part_len(TEXT)? == meta.text_len
            && container.part_len(ENTRIES)? == meta.entries as u64 * 12
            && container.part_len(ROWS)? == persist::row_words(&meta) as u64 * 8;
        for kind in [
            display::ISSUE_IDS,
            display::ENTRY_LINES,
            display::SUMMARIES,
            display::PROSE_LINES,
            STAMP,
        ] {
            container.part_len(kind)?;
        }
        if !sizes_agree {
            return Err(IndexError::Damaged("part sizes"));
        }
        Ok(PersistedIndex {
            container,
            meta,
            sections,
            dates,
            issue_sources,
            sources,
            grams,
            prose,
        })
    }

    /// Lets go, on all cores, of the pages a search reads through: the text, the
    /// filter's rows and the prose's text. What results borrow (their lines) stays.
    pub fn release_searched(&self) {
        let searched = [TEXT, ROWS, PROSE_TEXT];
        self.container
            .release_parts(|kind| searched.contains(&kind));
    }

    /// Lets go of every page read, on all cores: for when the results are done with.
    pub fn release_all(&self) {
        self.container.release_parts(|_| true);
    }

    /// The stamp given to [`Index::to_bytes_with_display`].
    pub fn stamp(&self) -> Result<Vec<u8>, IndexError> {
        self.container.part(STAMP).map(Cow::into_owned)
    }

    /// The same hits as [`Index::search`] on the index this was written from.
    pub fn search(&self, query: &Query, scope: Scope) -> Result<Vec<Hit>, IndexError> {
        if query.is_empty() {
            return Ok(Vec::new());
        }
        let plan = Plan::new(query, scope, self.meta.ranks, &self.sources);
        let list = self.container.part(persist::PROSE_TEXT)?;
        let prose = (self.prose).hits(&list, &plan, &self.dates, &self.issue_sources)?;
        let with_prose = |hits| prose::merge_prose(prose, hits);
        if self.meta.entries == 0 {
            return Ok(with_prose(Vec::new()));
        }
        let runs = plan.section_runs(&self.sections, &self.dates, &self.issue_sources);
        let row = |bucket: usize| self.row(bucket).map(Cow::Owned);
        let runs = match self.grams.blocks_with(plan.positive_needles(), row)? {
            Some(blocks) => intersect(&runs, &self.grams.runs_of(&blocks)),
            None => runs,
        };
        let pieces = self.pieces(&runs);
        let found: Vec<Buckets> = pieces
            .par_iter()
            .map_init(Vec::new, |buf, runs| self.scan_piece(&plan, runs, buf))
            .collect::<Result<_, _>>()?;
        Ok(with_prose(Buckets::merge(
            &found,
            &Locator::of(&self.sections),
        )))
    }

    /// What `brief search` prints of each of `hits` (the summaries only when `summary`
    /// is true), in their order: the same as [`PersistedIndex::entry_view`] and
    /// [`PersistedIndex::prose_view`] give.
    pub fn views(&self, hits: &[Hit], summary: bool) -> Result<Vec<View>, IndexError> {
        self.views_with(hits, summary, &whole, |line, _| View::from(line))
    }

    /// What `make` makes of the view of each of `hits` (as [`PersistedIndex::views`]
    /// gives, borrowed from the index; its summary and prose's text what `keep` makes
    /// of them) and the hit, in the order of the hits; made on all cores in the order
    /// of the file, a run of hits each, so that the pages of the summaries are read
    /// once each, into buffers that are reused, and not kept.
    pub fn views_with<'c, T: Send>(
        &'c self,
        hits: &[Hit],
        summary: bool,
        keep: Keep<'_>,
        make: impl Fn(ViewLine<'c>, &Hit) -> T + Sync,
    ) -> Result<Vec<T>, IndexError> {
        let mut order: Vec<usize> = (0..hits.len()).collect();
        order.sort_unstable_by_key(|&h| (hits[h].issue, hits[h].section, hits[h].entry));
        let run = hits
            .len()
            .div_ceil(rayon::current_num_threads() * RUNS_PER_THREAD)
            .max(MIN_RUN);
        let mut made: Vec<Vec<Option<T>>> = order
            .par_chunks(run)
            .map(|run| {
                let mut reading = Reading::default();
                let mut view = |h: usize| {
                    let hit = &hits[h];
                    let view = self.view_through(hit, &mut reading, summary.then_some(keep), keep);
                    view.map(|view| Some(make(view, hit)))
                };
                let mut made = Vec::with_capacity(run.len());
                for &h in run {
                    made.push(view(h)?);
                }
                Ok(made)
            })
            .collect::<Result<_, IndexError>>()?;
        // Back in the order of the hits: hit h's is made[r][i] for place[h] = (r, i).
        let mut place = vec![(0, 0); hits.len()];
        for (at, &h) in order.iter().enumerate() {
            place[h] = (at / run, at % run);
        }
        let mut views = Vec::with_capacity(hits.len());
        views.extend(place.into_iter().filter_map(|(r, i)| made[r][i].take()));
        Ok(views)
    }

    /// The view of `hit`, read through `reading`; its summary (when given) and prose
    /// what `summary` and `keep` make of them.
    fn view_through<'c>(
        &'c self,
        hit: &Hit,
        reading: &mut Reading<'c>,
        summary: Option<Keep<'_>>,
        keep: Keep<'_>,
    ) -> Result<ViewLine<'c>, IndexError> {
        Ok(match hit.entry {
            Hit::PROSE => ViewLine::Prose(self.prose_line(hit, reading, keep)?),
            _ => ViewLine::Entry(self.entry_line(hit, reading, summary)?),
        })
    }

    /// What `brief search` prints of `hit`; the summary only when `summary` is true.
    pub fn entry_view(&self, hit: &Hit, summary: bool) -> Result<EntryView, IndexError> {
        let summary = summary.then_some::<Keep<'_>>(&whole);
        let line = self.entry_line(hit, &mut Reading::default(), summary)?;
        Ok(line.into())
    }

    /// The line of `hit`, read through `reading`.
    fn entry_line<'c>(
        &'c self,
        hit: &Hit,
        reading: &mut Reading<'c>,
        summary: Option<Keep<'_>>,
    ) -> Result<EntryLine<'c>, IndexError> {
        let place = (hit.issue, hit.section);
        let s = match reading.record {
            Some((kept, s)) if kept == place => s,
            _ => {
                let s = self
                    .sections
                    .binary_search_by(|r| (r.issue, r.section).cmp(&place))
                    .map_err(|_| IndexError::Damaged("a hit outside the index"))?;
                reading.record = Some((place, s));
                s
            }
        };
        let record = &self.sections[s];
        let k = record.entries.start as usize + hit.entry as usize;
        if k >= record.entries.end as usize {
            return Err(IndexError::Damaged("a hit outside the index"));
        }
        let reader = DisplayReader {
            container: &self.container,
        };
        let mut line = reader.line(record.issue as usize, s, k, reading, summary)?;
        line.from = self.from(record.issue);
        Ok(line)
    }

    /// What `brief search` prints of `hit`, a hit in prose ([`Hit::PROSE`]).
    pub fn prose_view(&self, hit: &Hit) -> Result<ProseView, IndexError> {
        let line = self.prose_line(hit, &mut Reading::default(), &whole)?;
        Ok(line.into())
    }

    /// The line of `hit`, a hit in prose, read through `reading`.
    fn prose_line<'c>(
        &'c self,
        hit: &Hit,
        reading: &mut Reading<'c>,
        keep: Keep<'_>,
    ) -> Result<ProseLine<'c>, IndexError> {
        let r = self.prose.position((hit.issue, hit.section));
        let r = r.ok_or(IndexError::Damaged("a hit outside the index"))?;
        let reader = DisplayReader {
            container: &self.container,
        };
        let mut line = reader.prose_line(hit.issue as usize, r, reading, keep)?;
        line.from = self.from(hit.issue);
        Ok(line)
    }

    /// The name of the newsletter of issue `issue`.
    fn from(&self, issue: u32) -> &str {
        let source = self.issue_sources.get(issue as usize);
        source
            .and_then(|&s| self.sources.get(s as usize))
            .map_or("", |[id, _]| id)
    }

    fn row(&self, bucket: usize) -> Result<Vec<u64>, IndexError> {
        let bytes = (self.meta.words * 8) as u64;
        let start = bucket as u64 * bytes;
        persist::u64s(&self.container.cached(ROWS, start..start + bytes)?)
    }

    /// `runs` cut at block boundaries and grouped by [`PIECE_BLOCKS`] blocks.
    fn pieces(&self, runs: &[Range<usize>]) -> Vec<Vec<Range<usize>>> {
        let starts = &self.grams.starts;
        let block_of = |k: usize| starts.partition_point(|&s| s as usize <= k) - 1;
        let mut pieces: Vec<Vec<Range<usize>>> = Vec::new();
        let mut piece_block = usize::MAX;
        for run in runs {
            let mut at = run.start;
            while at < run.end {
                let block = block_of(at);
                let end = self.grams.block(block).end.min(run.end);
                if piece_block == usize::MAX || block >= piece_block + PIECE_BLOCKS {
                    pieces.push(Vec::new());
                    piece_block = block;
                }
                if let Some(piece) = pieces.last_mut() {
                    match piece.last_mut() {
                        Some(last) if last.end == at => last.end = end,
                        _ => piece.push(at..end),
                    }
                }
                at = end;
            }
        }
        pieces
    }

    /// Reads the entries of `runs` and their text (into `buf`, reused), and scans them.
    fn scan_piece(
        &self,
        plan: &Plan,
        runs: &[Range<usize>],
        buf: &mut Vec<u8>,
    ) -> Result<Buckets, IndexError> {
        let (Some(first), Some(last)) = (runs.first(), runs.last()) else {
            return Ok(Buckets::for_entries(0));
        };
        let (start, end) = (first.start, last.end);
        let with_next = (end + 1).min(self.meta.entries);
        let records = self
            .container
            .slice(ENTRIES, start as u64 * 12..with_next as u64 * 12)?;
        let mut records = persist::entries_of(&records)?;
        let text_end = match records.get(end - start) {
            Some(next) => u64::from(next.start),
            None => self.meta.text_len,
        };
        records.truncate(end - start);
        let text_start = records.first().map_or(0, |r| u64::from(r.start));
        if text_start > text_end {
            return Err(IndexError::Damaged("entries"));
        }
        let text = (self.container).slice_in(TEXT, text_start..text_end, buf)?;
        let base = text_start as usize;
        persist::check_entries(&records, base..base + text.len(), end - start)?;
        let slab = Slab {
            text,
            base,
            entries: &records,
            first: start,
        };
        Ok(slab.scan(plan, runs))
    }
}
