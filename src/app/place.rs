//! Where the reader is, and keeping it there by key when the library is replaced (a
//! refresh): the selected issue and entry, the scroll offsets, the search results and
//! their cursor. Positions shift when issues arrive or move; keys do not.

use std::collections::HashMap;

use super::search::{Search, issue_count};
use super::sources;
use super::state::{Pane, Row, State, issue_rows};
use crate::model::{EntryKey, Issue, IssueKey, Library, SourceId};
use crate::search::{Hit, HitTarget};

/// A selection to come back to, by position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedView {
    /// The source shown (`None`: all of them).
    pub shown: Option<SourceId>,
    pub issue: usize,
    pub row: usize,
    pub focus: Pane,
    /// A row of the issue list.
    pub issue_offset: usize,
    pub row_offset: usize,
    pub detail_scroll: usize,
}

impl SavedView {
    pub fn of(state: &State) -> SavedView {
        SavedView {
            shown: state.shown.clone(),
            issue: state.issue,
            row: state.row,
            focus: state.focus,
            issue_offset: state.issue_offset,
            row_offset: state.row_offset,
            detail_scroll: state.detail_scroll,
        }
    }

    pub fn restore(self, state: &mut State) {
        sources::show(state, self.shown);
        state.select_issue(self.issue);
        state.select_row(self.row);
        state.focus = self.focus;
        state.issue_offset = self.issue_offset;
        state.row_offset = self.row_offset;
        state.detail_scroll = self.detail_scroll;
    }
}

/// Everything [`keep`] carries over, by key.
pub struct Kept {
    view: KeptView,
    search: Option<KeptSearch>,
}

/// What the state shows, by key, to [`Kept::restore`] once the library is replaced.
pub fn keep(state: &State) -> Kept {
    let library = &state.library;
    let mut keys = EntryKeys::default();
    let view = &state.view;
    let search = state.search.as_ref().map(|search| KeptSearch {
        hits: search
            .hits
            .iter()
            .map(|hit| Some((keys.of_hit(library, hit)?, hit.score)))
            .collect(),
        cursor: search.cursor,
        offset: search.offset,
        scope: search
            .scope
            .current_issue
            .and_then(|i| library.issues.get(i))
            .map(Issue::key),
        return_to: KeptView::of(library, view, &search.return_to, &mut keys),
    });
    Kept {
        view: KeptView::of(library, view, &SavedView::of(state), &mut keys),
        search,
    }
}

impl Kept {
    /// Puts the reader back where it was, in the library the state now holds. What
    /// vanished falls back to the nearest position.
    pub fn restore(self, state: &mut State) {
        let library = state.library.clone();
        let mut keys = EntryKeys::default();
        let issues: HashMap<IssueKey, usize> = library
            .issues
            .iter()
            .enumerate()
            .map(|(i, issue)| (issue.key(), i))
            .collect();
        let view = state.view.clone();
        let places = Places {
            library: &library,
            view: &view,
            issues: &issues,
        };
        self.view.resolve(&places, &mut keys).restore(state);
        if let (Some(kept), Some(search)) = (self.search, state.search.as_mut()) {
            kept.restore(search, &places, &mut keys);
        }
    }
}

/// An entries-pane row by key: the first entry at or after it and how many rows
/// before that entry it is (a section header is one row before its first entry).
#[derive(Debug, Clone)]
struct RowMark {
    entry: Option<(EntryKey, usize)>,
    index: usize,
}

impl RowMark {
    fn of(rows: &[Row], index: usize, keys: &[EntryKey]) -> RowMark {
        let entry = rows
            .iter()
            .enumerate()
            .skip(index)
            .filter(|(_, row)| row.entry.is_some())
            .map(|(at, _)| (at, entry_ordinal(rows, at)))
            .next()
            .and_then(|(at, ordinal)| Some((keys.get(ordinal)?.clone(), at - index)));
        RowMark { entry, index }
    }

    /// The row in `rows` (of an issue whose entry keys are `keys`), and whether it
    /// was found by key.
    fn resolve(&self, rows: &[Row], keys: &[EntryKey]) -> (usize, bool) {
        let found = self.entry.as_ref().and_then(|(key, before)| {
            let ordinal = keys.iter().position(|k| k == key)?;
            let at = rows
                .iter()
                .enumerate()
                .filter(|(_, row)| row.entry.is_some())
                .nth(ordinal)?
                .0;
            Some(at.saturating_sub(*before))
        });
        match found {
            Some(row) => (row, true),
            None => (self.index, false),
        }
    }
}

/// The reading-order position of the entry at row `at`: entry rows before it.
fn entry_ordinal(rows: &[Row], at: usize) -> usize {
    rows[..at].iter().filter(|r| r.entry.is_some()).count()
}

/// A [`SavedView`] by key.
struct KeptView {
    view: SavedView,
    issue: Option<IssueKey>,
    issue_top: Option<IssueKey>,
    row: RowMark,
    row_top: RowMark,
}

/// The replaced library, the issue list's view of it, and its issues by key.
struct Places<'a> {
    library: &'a Library,
    view: &'a [usize],
    issues: &'a HashMap<IssueKey, usize>,
}

impl Places<'_> {
    fn position(&self, key: &Option<IssueKey>) -> Option<usize> {
        key.as_ref().and_then(|k| self.issues.get(k).copied())
    }
}

impl KeptView {
    fn of(library: &Library, list: &[usize], view: &SavedView, keys: &mut EntryKeys) -> KeptView {
        let issue = library.issues.get(view.issue);
        let rows = issue.map(issue_rows).unwrap_or_default();
        let entry_keys = keys.of_issue(library, view.issue);
        let top = list.get(view.issue_offset).copied();
        KeptView {
            view: view.clone(),
            issue: issue.map(Issue::key),
            issue_top: top.and_then(|at| library.issues.get(at)).map(Issue::key),
            row: RowMark::of(&rows, view.row, entry_keys),
            row_top: RowMark::of(&rows, view.row_offset, entry_keys),
        }
    }

    /// The view in the new library; the detail pane keeps its scroll only when it
    /// shows the same issue and row as before.
    fn resolve(&self, places: &Places, keys: &mut EntryKeys) -> SavedView {
        let library = places.library;
        let last = library.issues.len().saturating_sub(1);
        let issue = places.position(&self.issue);
        let index = issue.unwrap_or(self.view.issue.min(last));
        let rows = library
            .issues
            .get(index)
            .map(issue_rows)
            .unwrap_or_default();
        let entry_keys = keys.of_issue(library, index);
        let (row, row_found) = self.row.resolve(&rows, entry_keys);
        let (row_offset, _) = self.row_top.resolve(&rows, entry_keys);
        let same_target = issue.is_some() && row_found;
        let top = places.position(&self.issue_top);
        let top_row = top.and_then(|at| places.view.binary_search(&at).ok());
        SavedView {
            issue: index,
            row,
            issue_offset: top_row.unwrap_or(self.view.issue_offset),
            row_offset,
            detail_scroll: if same_target {
                self.view.detail_scroll
            } else {
                0
            },
            ..self.view.clone()
        }
    }
}

/// What a search hit is on, by key: an entry; an issue's intro; a section's own text,
/// the section known by its path and which of the issue's sections of that path it is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum HitKey {
    Entry(EntryKey),
    Intro(IssueKey),
    Section {
        issue: IssueKey,
        path: Vec<String>,
        nth: usize,
    },
}

impl HitKey {
    fn issue(&self) -> &IssueKey {
        match self {
            HitKey::Entry(key) => &key.issue,
            HitKey::Intro(issue) | HitKey::Section { issue, .. } => issue,
        }
    }
}

/// The section of `issue` with `path`, the `nth` (from 0) of those with it.
fn section_at(issue: &Issue, path: &[String], nth: usize) -> Option<usize> {
    let same = |s: &&crate::model::Section| s.path().eq(path.iter().map(String::as_str));
    let (at, _) = issue
        .sections
        .iter()
        .enumerate()
        .filter(|(_, s)| same(s))
        .nth(nth)?;
    Some(at)
}

/// The search, by key.
struct KeptSearch {
    /// Each hit's target and score; `None` for a hit out of step with the library.
    hits: Vec<Option<(HitKey, u32)>>,
    cursor: usize,
    offset: usize,
    scope: Option<IssueKey>,
    return_to: KeptView,
}

impl KeptSearch {
    fn restore(self, search: &mut Search, places: &Places, keys: &mut EntryKeys) {
        let (library, issues) = (places.library, places.issues);
        let mut hits = Vec::with_capacity(self.hits.len());
        let (mut cursor, mut offset) = (None, None);
        for (n, kept) in self.hits.iter().enumerate() {
            let Some(hit) = kept.as_ref().and_then(|(key, score)| {
                let issue = *issues.get(key.issue())?;
                let target = match key {
                    HitKey::Entry(key) => {
                        let (section, entry) = keys.find(library, issue, key)?;
                        let index = |n: usize| u32::try_from(n).ok();
                        HitTarget::Entry {
                            section: index(section)?,
                            entry: index(entry)?,
                        }
                    }
                    HitKey::Intro(_) => HitTarget::Intro,
                    HitKey::Section { path, nth, .. } => {
                        let at = section_at(&library.issues[issue], path, *nth)?;
                        HitTarget::Section(u32::try_from(at).ok()?)
                    }
                };
                Some(Hit::on(issue, target, *score))
            }) else {
                continue;
            };
            if n <= self.cursor {
                cursor = Some(hits.len());
            }
            if n <= self.offset {
                offset = Some(hits.len());
            }
            hits.push(hit);
        }
        search.issue_count = issue_count(&hits);
        search.cursor = cursor.unwrap_or(0);
        search.offset = offset.unwrap_or(0).min(search.cursor);
        search.hits = hits;
        search.scope.current_issue = self.scope.and_then(|k| issues.get(&k).copied());
        search.return_to = self.return_to.resolve(places, keys);
    }
}

/// Entry keys of the issues met so far, computed once each.
#[derive(Default)]
struct EntryKeys {
    by_issue: HashMap<usize, Vec<EntryKey>>,
}

impl EntryKeys {
    fn of_issue(&mut self, library: &Library, issue: usize) -> &[EntryKey] {
        self.by_issue.entry(issue).or_insert_with(|| {
            library
                .issues
                .get(issue)
                .map(Issue::entry_keys)
                .unwrap_or_default()
        })
    }

    fn of_hit(&mut self, library: &Library, hit: &Hit) -> Option<HitKey> {
        let issue = library.issues.get(hit.issue as usize)?;
        let (section, entry) = match hit.target() {
            HitTarget::Intro => return Some(HitKey::Intro(issue.key())),
            HitTarget::Section(s) => {
                let section = issue.sections.get(s as usize)?;
                let path: Vec<String> = section.path().map(str::to_string).collect();
                let nth = issue.sections[..s as usize]
                    .iter()
                    .filter(|other| other.path().eq(section.path()))
                    .count();
                return Some(HitKey::Section {
                    issue: issue.key(),
                    path,
                    nth,
                });
            }
            HitTarget::Entry { section, entry } => (section as usize, entry as usize),
        };
        let ordinal = issue.entry_ordinal(section, entry)?;
        let key = self.of_issue(library, hit.issue as usize).get(ordinal)?;
        Some(HitKey::Entry(key.clone()))
    }

    /// (section, entry) of `key` in issue `issue`.
    fn find(&mut self, library: &Library, issue: usize, key: &EntryKey) -> Option<(usize, usize)> {
        let ordinal = self
            .of_issue(library, issue)
            .iter()
            .position(|k| k == key)?;
        library.issues.get(issue)?.entry_position(ordinal)
    }
}
