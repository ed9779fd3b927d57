//! Prose: an issue's intro and a section's own text (its body, its heading's link and
//! the links of its prose) are searched too, beside the entries. A hit there is a
//! [`Hit`] with the pseudo entry index [`Hit::PROSE`] (and, for an intro, the pseudo
//! section index [`Hit::INTRO`]): see [`Hit::target`].
//!
//! Prose is a small part of a library's text: each record is folded on its own and
//! scanned term by term, apart from the entries' buffer and its filter.

use super::format::{Container, IndexError, ReadAt, Writer};
use rayon::prelude::*;

use super::persist::{
    PROSE_PLACES, PROSE_TEXT, PROSE_TITLES, string_list, string_list_parts, strings, u32s,
    u32s_to_bytes,
};
use super::plan::{Plan, TextTerm};
use super::query::Field;
use super::{Hit, Index, TEXT_WEIGHT, fold};
use crate::model::{Issue, Link, Section};

/// The searchable prose of one issue's intro or section.
#[derive(Debug, Clone)]
pub(super) struct ProseRecord {
    issue: u32,
    /// The section, or [`Hit::INTRO`].
    section: u32,
    /// Folded section title, for `section:` (none for an intro).
    title: Option<Box<str>>,
    /// Folded text: the prose, then the links' text and URLs.
    text: Box<str>,
}

impl ProseRecord {
    /// The record of `issue`'s intro, if it has any prose or links.
    pub(super) fn of_intro(i: usize, issue: &Issue) -> Option<ProseRecord> {
        Some(ProseRecord {
            issue: i as u32,
            section: Hit::INTRO,
            title: None,
            text: folded(&issue.intro, issue.intro_links.iter())?,
        })
    }

    /// The record of section `s`'s own text, if it has any.
    pub(super) fn of_section(i: usize, s: usize, section: &Section) -> Option<ProseRecord> {
        Some(ProseRecord {
            issue: i as u32,
            section: s as u32,
            title: Some(fold(&section.title).into()),
            text: folded(&section.body, section.link.iter().chain(&section.links))?,
        })
    }

    /// Its issue, and its section or [`Hit::INTRO`].
    pub(super) fn place_of(&self) -> (u32, u32) {
        (self.issue, self.section)
    }

    pub(super) fn heap_bytes(&self) -> usize {
        self.text.len() + self.title.as_ref().map_or(0, |t| t.len())
    }

    /// What a search reads of it.
    fn prose(&self) -> Prose<'_> {
        Prose {
            issue: self.issue,
            section: self.section,
            title: self.title.as_deref(),
            text: self.text.as_bytes(),
        }
    }
}

/// A prose record as a search reads it, borrowed from an [`Index`] or a [`ProseFile`].
struct Prose<'a> {
    issue: u32,
    /// The section, or [`Hit::INTRO`].
    section: u32,
    title: Option<&'a str>,
    /// Folded text (from a file, its UTF-8 unchecked, as the entries' text).
    text: &'a [u8],
}

impl Prose<'_> {
    /// Its score when it holds every positive term and no negated one. Title and
    /// source terms never match prose, which has neither.
    fn score(&self, terms: &[TextTerm]) -> Option<u32> {
        let mut score = 0u32;
        for term in terms {
            let found = term.field == Field::Any
                && match term.known {
                    true => !term.negated,
                    false => term.short.find(self.text).is_some(),
                };
            match (found, term.negated) {
                (true, true) | (false, false) => return None,
                (false, true) => {}
                (true, false) => score = score.saturating_add(TEXT_WEIGHT),
            }
        }
        Some(score)
    }

    /// Where its hit stands among the entry hits of the same score: an intro before
    /// every section, a section's text before its entries.
    fn place(&self) -> (u32, u64, u64) {
        let section = match self.section {
            Hit::INTRO => 0,
            s => u64::from(s) + 1,
        };
        (self.issue, section, 0)
    }

    /// Its hit, when `plan` finds it; `dates` and `issue_sources` are the index's, for
    /// the filters.
    fn hit(&self, plan: &Plan, dates: &[Box<str>], issue_sources: &[u32]) -> Option<ProseHit> {
        if !plan.allows(self.issue as usize, self.title, dates, issue_sources) {
            return None;
        }
        let score = self.score(&plan.terms)?;
        let hit = Hit {
            issue: self.issue,
            section: self.section,
            entry: Hit::PROSE,
            score,
        };
        Some((hit, self.place()))
    }
}

/// A hit in prose and where it stands (see [`Prose::place`]).
pub(super) type ProseHit = (Hit, (u32, u64, u64));

/// `prose` and every link's text and URL, folded; `None` when all are empty.
fn folded<'a>(prose: &str, links: impl Iterator<Item = &'a Link>) -> Option<Box<str>> {
    let mut text = String::new();
    let mut add = |part: &str| {
        if !part.trim().is_empty() {
            if !text.is_empty() {
                text.push(super::FIELD_SEPARATOR);
            }
            super::fold::fold_into(part, &mut text);
        }
    };
    add(prose);
    for link in links {
        add(&link.text);
        add(&link.url);
    }
    (!text.is_empty()).then(|| text.into_boxed_str())
}

/// `hits` (the entries', best first, then in library order) with the `prose` hits put
/// in that order.
pub(super) fn merge_prose(mut prose: Vec<ProseHit>, hits: Vec<Hit>) -> Vec<Hit> {
    if prose.is_empty() {
        return hits;
    }
    let key = |score: u32, place| (std::cmp::Reverse(score), place);
    let entry_key = |hit: &Hit| {
        let section = u64::from(hit.section) + 1;
        key(hit.score, (hit.issue, section, u64::from(hit.entry) + 1))
    };
    prose.sort_by_key(|&(hit, place)| key(hit.score, place));
    // Entry hits are copied a run at a time: those up to each prose hit's place.
    let mut merged = Vec::with_capacity(hits.len() + prose.len());
    let mut rest = &hits[..];
    for (hit, place) in prose {
        let before = rest.partition_point(|h| entry_key(h) <= key(hit.score, place));
        merged.extend_from_slice(&rest[..before]);
        merged.push(hit);
        rest = &rest[before..];
    }
    merged.extend_from_slice(rest);
    merged
}

impl Index {
    /// `hits` (the entries', best first, then in library order) with the prose hits
    /// of `plan` put in that order.
    pub(super) fn with_prose(&self, plan: &Plan, hits: Vec<Hit>) -> Vec<Hit> {
        let prose = hits_of(&self.prose, plan, &self.dates, &self.issue_sources);
        merge_prose(prose, hits)
    }
}

/// The hits of `plan` in `records`, given each issue's folded date and newsletter;
/// none for a query without text terms.
pub(super) fn hits_of(
    records: &[ProseRecord],
    plan: &Plan,
    dates: &[Box<str>],
    issue_sources: &[u32],
) -> Vec<ProseHit> {
    numbered_hits_of(records, 0..records.len(), plan, dates, issue_sources).1
}

/// The hits of `plan` among records `among` (positions in `records`, in order),
/// with the position of each; none for a query without text terms.
pub(super) fn numbered_hits_of(
    records: &[ProseRecord],
    among: impl Iterator<Item = usize>,
    plan: &Plan,
    dates: &[Box<str>],
    issue_sources: &[u32],
) -> (Vec<u32>, Vec<ProseHit>) {
    if plan.driver.is_none() {
        return Default::default();
    }
    among
        .filter_map(|r| {
            let hit = records.get(r)?.prose().hit(plan, dates, issue_sources)?;
            Some((r as u32, hit))
        })
        .unzip()
}

/// Adds `records` to a persisted index (see `search::persist`): PROSE_PLACES holds
/// per record its issue, section (or [`Hit::INTRO`]) and whether it has a title, each
/// a u32; PROSE_TITLES and PROSE_TEXT a string each per record (an empty title when
/// it has none).
pub(super) fn write_prose<'a>(records: &'a [ProseRecord], writer: &mut Writer<'a>) {
    let places = records
        .iter()
        .flat_map(|r| [r.issue, r.section, u32::from(r.title.is_some())]);
    writer.part(PROSE_PLACES, u32s_to_bytes(places));
    let titles = records
        .iter()
        .map(|r| r.title.as_deref().unwrap_or("").as_bytes());
    writer.part(PROSE_TITLES, string_list(titles));
    let texts = records.iter().map(|r| r.text.as_bytes());
    writer.part(PROSE_TEXT, string_list(texts));
}

/// The prose records of a persisted index of `issues` issues, checked for sense.
pub(super) fn read_prose<R: ReadAt>(
    container: &Container<R>,
    issues: usize,
) -> Result<Vec<ProseRecord>, IndexError> {
    let places = u32s(&container.part(PROSE_PLACES)?)?;
    let titles = strings(&container.part(PROSE_TITLES)?)?;
    let texts = strings(&container.part(PROSE_TEXT)?)?;
    let count = titles.len();
    if places.len() != count * 3 || texts.len() != count {
        return Err(IndexError::Damaged("prose count"));
    }
    let mut records = Vec::with_capacity(count);
    for ((place, title), text) in places.chunks_exact(3).zip(titles).zip(texts) {
        let [issue, section, titled] = [place[0], place[1], place[2]];
        let sound = (issue as usize) < issues
            && titled <= 1
            && (titled == 1) == (section != Hit::INTRO)
            && !text.is_empty();
        if !sound {
            return Err(IndexError::Damaged("prose"));
        }
        records.push(ProseRecord {
            issue,
            section,
            title: (titled == 1).then_some(title),
            text,
        });
    }
    Ok(records)
}

/// The prose of a persisted index as the file holds it: the places and titles read,
/// the text left in the file (PROSE_TEXT, a string list), made into records (its
/// UTF-8 checked) only for those a search may find: the records that hold its
/// longest positive term.
pub(super) struct ProseFile {
    /// Per record: its issue and section (or [`Hit::INTRO`]).
    places: Vec<(u32, u32)>,
    titles: Vec<Option<Box<str>>>,
    /// Per record, where its text starts in the list's strings; then their end.
    offsets: Vec<u64>,
}

impl ProseFile {
    /// The prose of a persisted index of `issues` issues, checked for sense but for
    /// the text's UTF-8.
    pub(super) fn read<R: ReadAt>(
        container: &Container<R>,
        issues: usize,
    ) -> Result<ProseFile, IndexError> {
        let places = u32s(&container.part(PROSE_PLACES)?)?;
        let titles = strings(&container.part(PROSE_TITLES)?)?;
        let list = container.part(PROSE_TEXT)?;
        let (offsets, blob) = string_list_parts(&list)?;
        let count = titles.len();
        let bounded =
            offsets.is_sorted() && offsets.last().is_some_and(|&e| e <= blob.len() as u64);
        if places.len() != count * 3 || offsets.len() != count + 1 || !bounded {
            return Err(IndexError::Damaged("prose count"));
        }
        let mut file = ProseFile {
            places: Vec::with_capacity(count),
            titles: Vec::with_capacity(count),
            offsets: Vec::new(),
        };
        for ((place, title), text) in places.chunks_exact(3).zip(titles).zip(offsets.windows(2)) {
            let [issue, section, titled] = [place[0], place[1], place[2]];
            let sound = (issue as usize) < issues
                && titled <= 1
                && (titled == 1) == (section != Hit::INTRO)
                && text[0] < text[1];
            if !sound {
                return Err(IndexError::Damaged("prose"));
            }
            file.places.push((issue, section));
            file.titles.push((titled == 1).then_some(title));
        }
        file.offsets = offsets;
        Ok(file)
    }

    /// Where the record of `place` (issue, section or [`Hit::INTRO`]) is.
    pub(super) fn position(&self, place: (u32, u32)) -> Option<usize> {
        // Records are in library order: by issue, the intro first, then by section.
        let order = |(issue, section): (u32, u32)| (issue, section.wrapping_add(1));
        match self
            .places
            .binary_search_by_key(&order(place), |&p| order(p))
        {
            Ok(r) => Some(r),
            Err(_) => self.places.iter().position(|&p| p == place),
        }
    }

    /// The hits of `plan` in the prose (none when it has no driver, as for an
    /// [`Index`]), in library order: among the records that hold its driver, read
    /// where they lie in `list` (the PROSE_TEXT this was read with: shorter, it is
    /// damaged); `dates` and `issue_sources` are the index's, for the filters.
    pub(super) fn hits(
        &self,
        list: &[u8],
        plan: &Plan,
        dates: &[Box<str>],
        issue_sources: &[u32],
    ) -> Result<Vec<ProseHit>, IndexError> {
        let Some(driver) = plan.driver.and_then(|d| plan.terms.get(d)) else {
            return Ok(Vec::new());
        };
        let blob = list.get((self.offsets.len() + 1) * 8..).unwrap_or_default();
        let end = self.offsets.last().map_or(0, |&e| e as usize);
        if blob.len() < end {
            return Err(IndexError::Damaged("prose text"));
        }
        let hits = (0..self.places.len())
            .into_par_iter()
            .filter_map(|r| {
                let text = &blob[self.offsets[r] as usize..self.offsets[r + 1] as usize];
                driver.finder.find(text)?;
                let (issue, section) = self.places[r];
                let title = self.titles[r].as_deref();
                let prose = Prose {
                    issue,
                    section,
                    title,
                    text,
                };
                prose.hit(plan, dates, issue_sources)
            })
            .collect();
        Ok(hits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Entry, Library};
    use crate::search::ranks::ByteRanks;
    use crate::search::{HitTarget, Query, Scope};

    fn link(text: &str, url: &str) -> Link {
        Link {
            text: text.into(),
            url: url.into(),
        }
    }

    fn library() -> Library {
        let news = Entry::new("Canalys 报告：出货量", None, "").with_url("https://a.example/1");
        let issue = |date: &str, intro: &str| Issue {
            id: date.into(),
            date: Some(date.into()),
            intro: intro.into(),
            intro_links: vec![link("编辑部", "https://editors.example/")],
            sections: vec![
                Section {
                    title: "Crate of the Week".into(),
                    body: "This week's crate is toycrate, a crate that exists only here.".into(),
                    links: vec![link("toycrate", "https://crates.example/toycrate")],
                    ..Section::default()
                },
                Section {
                    title: "业界新闻".into(),
                    parents: vec!["新闻".into()],
                    link: Some(link("业界新闻", "https://news.example/canalys")),
                    entries: vec![news.clone()],
                    ..Section::default()
                },
            ],
            ..Issue::default()
        };
        Library::new(vec![
            issue("2021-02-01", "导读：据 Canalys 统计，出货量上升。"),
            issue("2021-01-01", "导读：没有提到那家机构。"),
        ])
    }

    fn targets(query: &str) -> Vec<(u32, HitTarget, u32)> {
        Index::build(&library())
            .search(&Query::parse(query), Scope::default())
            .iter()
            .map(|h| (h.issue, h.target(), h.score))
            .collect()
    }

    #[test]
    fn intros_and_section_prose_are_found_beside_entries() {
        assert_eq!(
            targets("canalys"),
            [
                (
                    0,
                    HitTarget::Entry {
                        section: 1,
                        entry: 0
                    },
                    100
                ),
                (
                    1,
                    HitTarget::Entry {
                        section: 1,
                        entry: 0
                    },
                    100
                ),
                (0, HitTarget::Intro, 1),
                (0, HitTarget::Section(1), 1),
                (1, HitTarget::Section(1), 1),
            ],
            "titles first; then the intro, a section's text before its entries, newest first"
        );
        assert_eq!(
            targets("toycrate exists"),
            [(0, HitTarget::Section(0), 2), (1, HitTarget::Section(0), 2)]
        );
        assert_eq!(
            targets("editors.example"),
            [(0, HitTarget::Intro, 1), (1, HitTarget::Intro, 1)]
        );
    }

    #[test]
    fn prose_text_shorter_than_its_offsets_is_damaged_not_empty() {
        let index = Index::build(&library());
        let mut writer = Writer::default();
        write_prose(&index.prose, &mut writer);
        let bytes = writer.finish(crate::search::fresh_generation());
        let container = Container::open(&bytes[..]).unwrap();
        let file = ProseFile::read(&container, 2).unwrap();
        let list = container.part(PROSE_TEXT).unwrap();
        let query = Query::parse("canalys");
        let plan = Plan::new(&query, Scope::default(), ByteRanks::default(), &[]);
        let hits = file.hits(&list, &plan, &index.dates, &index.issue_sources);
        assert_eq!(hits.unwrap().len(), 3);
        let short = &list[..list.len() - 1];
        let hits = file.hits(short, &plan, &index.dates, &index.issue_sources);
        assert!(matches!(hits, Err(IndexError::Damaged(_))));
    }

    #[test]
    fn filters_apply_to_prose() {
        assert_eq!(targets("toycrate section:crate").len(), 2);
        assert!(targets("toycrate section:新闻").is_empty());
        assert_eq!(
            targets("canalys -出货量"),
            [(0, HitTarget::Section(1), 1), (1, HitTarget::Section(1), 1)]
        );
        assert!(
            targets("title:canalys")
                .iter()
                .all(|(_, t, _)| matches!(t, HitTarget::Entry { .. }))
        );
        assert_eq!(targets("编辑部 date:2021-01"), [(1, HitTarget::Intro, 1)]);
        assert!(
            targets("编辑部 section:x").is_empty(),
            "an intro is in no section"
        );
    }
}
