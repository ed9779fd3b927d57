//! Everything the reader shows, as plain data. Views borrow it; only `update` changes it.

use std::collections::HashMap;
use std::sync::Arc;

use ratatui::layout::Rect;

use super::detail::{self, Document};
use super::keymap::{BrowseCommand, Keymap, Mode};
use super::layout::{self, ScreenLayout};
use super::loading::Loading;
use super::mark_read::MarkRead;
use super::place;
use super::reading::{self, Reading};
use super::search::Search;
use super::sources::{self, SourceTab};
use super::titles;
use crate::model::{Entry, Issue, IssueKey, Library, Link, LinkRef, Section, SourceId};
use crate::search::Query;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pane {
    Issues,
    Entries,
    Detail,
}

impl Pane {
    pub const ORDER: [Pane; 3] = [Pane::Issues, Pane::Entries, Pane::Detail];
}

/// One row of the entries pane: a section header (its path) or an entry. A section
/// that is only a heading over the sections after it has no row: theirs show its title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    pub section: usize,
    pub entry: Option<usize>,
    /// Entries always; section headers only when they have prose or links of their
    /// own (or nothing else).
    pub selectable: bool,
}

/// What the detail pane describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DetailTarget {
    Nothing,
    Issue(usize),
    Section {
        issue: usize,
        section: usize,
    },
    Entry {
        issue: usize,
        section: usize,
        entry: usize,
    },
    /// A page (an index into `library.pages`), opened from a link.
    Page(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusKind {
    Info,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusMessage {
    pub kind: StatusKind,
    pub text: String,
}

/// A background refresh: each source on its own, with what the finished ones found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RefreshState {
    /// The sources still refreshing, with their progress; empty when idle.
    pub running: Vec<SourceProgress>,
    /// How many sources this refresh started with.
    pub started: usize,
    /// Issues the finished sources brought that the reader did not have.
    pub new: usize,
    /// Problems the finished sources met (each in the log).
    pub problems: usize,
    /// Why each failed source failed.
    pub failures: Vec<String>,
}

/// One source's refresh: issue files done out of those known so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceProgress {
    pub source: SourceId,
    pub done: usize,
    pub total: usize,
}

impl RefreshState {
    pub fn is_running(&self) -> bool {
        !self.running.is_empty()
    }
}

#[derive(Debug)]
pub struct State {
    /// Every source's issues, interleaved (see [`Library::sort`]). Shared with the
    /// runtime's search worker, which indexes it once.
    pub library: Arc<Library>,
    /// The source tabs, "all sources" first; empty when the library holds one source.
    pub tabs: Vec<SourceTab>,
    /// The source the issue list shows; `None` for all of them.
    pub shown: Option<SourceId>,
    /// Positions in the library of the issues the issue list shows, ascending.
    pub view: Vec<usize>,
    /// The issue each source view was on when left, to come back to.
    pub places: HashMap<Option<SourceId>, IssueKey>,
    /// Digits of the largest entry count, so the issue list's counts line up.
    pub entry_count_width: usize,
    /// Each issue's title as the issue list shows it (by library position): what
    /// tells it apart from the other issues of its source ([`titles::list_titles`]).
    pub titles: Vec<String>,
    /// The page the detail pane shows, opened from a link, until the reader moves on.
    pub page: Option<usize>,
    /// Where the library came from, for the help overlay and messages.
    pub library_label: String,
    pub mode: Mode,
    /// The key bindings: dispatch, help and footer read them.
    pub keymap: Keymap,
    /// When an entry counts as read (config `mark_read`); acted on once reading state
    /// exists.
    pub mark_read: MarkRead,
    pub focus: Pane,
    /// The selected issue, a position in the library (always one the view shows).
    pub issue: usize,
    /// The issue list's first row shown, a position in the view.
    pub issue_offset: usize,
    /// Rows of the selected issue's entries pane.
    pub rows: Vec<Row>,
    pub row: usize,
    pub row_offset: usize,
    /// The detail pane's lines, wrapped for its current width.
    pub detail: Document,
    pub detail_scroll: usize,
    pub link_cursor: usize,
    pub help_scroll: usize,
    /// Problems met (load warnings, failed launches, refresh problems), oldest first.
    pub log: Vec<String>,
    pub log_scroll: usize,
    pub message: Option<StatusMessage>,
    pub refresh: RefreshState,
    /// The sources `r` refreshes: every source of the library unless told otherwise.
    pub refreshable: Vec<SourceId>,
    /// Why `r` cannot refresh (local files, `--offline`), if it cannot.
    pub refresh_blocked: Option<String>,
    /// The search being typed (search mode) or gone to (browse mode, `n`/`N`).
    pub search: Option<Search>,
    /// Generation of the newest search request ever sent: grows across searches,
    /// so results of an abandoned search are always stale.
    pub search_generation: u64,
    pub size: Rect,
    /// Read marks, stars, new issues, the search history (see [`reading`]).
    pub reading: Reading,
    /// The library still arriving in parts (a cold start), if it is.
    pub loading: Option<Loading>,
}

impl State {
    pub fn new(
        library: Library,
        library_label: impl Into<String>,
        width: u16,
        height: u16,
    ) -> State {
        let mut library = library;
        library.complete_sources();
        let mut state = State {
            entry_count_width: entry_count_width(&library),
            titles: titles::list_titles(&library),
            page: None,
            tabs: sources::tabs(&library),
            shown: None,
            view: (0..library.issues.len()).collect(),
            places: HashMap::new(),
            refreshable: library.sources.iter().map(|s| s.id.clone()).collect(),
            library: Arc::new(library),
            library_label: library_label.into(),
            mode: Mode::Browse,
            keymap: Keymap::default(),
            mark_read: MarkRead::default(),
            focus: Pane::Issues,
            issue: 0,
            issue_offset: 0,
            rows: Vec::new(),
            row: 0,
            row_offset: 0,
            detail: Document::default(),
            detail_scroll: 0,
            link_cursor: 0,
            help_scroll: 0,
            log: Vec::new(),
            log_scroll: 0,
            message: None,
            refresh: RefreshState::default(),
            refresh_blocked: None,
            search: None,
            search_generation: 0,
            size: Rect::new(0, 0, width, height),
            reading: Reading::default(),
            loading: None,
        };
        state.select_issue(0);
        state.sync();
        state
    }

    pub fn layout(&self) -> ScreenLayout {
        self.layout_for(self.mode)
    }

    /// The layout the screen has in `mode`: search mode has its own.
    pub fn layout_for(&self, mode: Mode) -> ScreenLayout {
        match mode {
            Mode::Search => layout::search_screen(self.size),
            _ => layout::screen(self.size, self.focus, !self.tabs.is_empty()),
        }
    }

    /// The query whose matches are highlighted: the active search's, if any.
    pub fn highlight(&self) -> Option<&Query> {
        self.search
            .as_ref()
            .map(|s| &s.query)
            .filter(|q| !q.is_empty())
    }

    pub fn current_issue(&self) -> Option<&Issue> {
        self.library.issues.get(self.issue)
    }

    pub fn current_row(&self) -> Option<Row> {
        self.rows.get(self.row).copied()
    }

    pub fn current_entry(&self) -> Option<&Entry> {
        let row = self.current_row()?;
        let section = self.current_issue()?.sections.get(row.section)?;
        section.entries.get(row.entry?)
    }

    /// Position of the selected entry among the issue's entries (1-based) and their count.
    pub fn entry_position(&self) -> Option<(usize, usize)> {
        let row = self.current_row()?;
        row.entry?;
        let before = self.rows[..self.row]
            .iter()
            .filter(|r| r.entry.is_some())
            .count();
        Some((before + 1, self.current_issue()?.entry_count()))
    }

    pub fn detail_target(&self) -> DetailTarget {
        if let Some(page) = self.page.filter(|&p| p < self.library.pages.len()) {
            return DetailTarget::Page(page);
        }
        if self.current_issue().is_none() {
            return DetailTarget::Nothing;
        }
        let issue = self.issue;
        match (self.focus, self.current_row()) {
            (Pane::Issues, _) | (_, None) => DetailTarget::Issue(issue),
            (
                _,
                Some(Row {
                    section,
                    entry: Some(entry),
                    ..
                }),
            ) => DetailTarget::Entry {
                issue,
                section,
                entry,
            },
            (_, Some(row)) => DetailTarget::Section {
                issue,
                section: row.section,
            },
        }
    }

    /// The links the detail pane numbers: an entry's links; a section's heading link
    /// and prose links; an issue's intro links, then its archive; a page's links.
    pub fn target_links(&self) -> Vec<Link> {
        let library = &self.library;
        match self.detail_target() {
            DetailTarget::Entry { .. } => self.current_entry().map(entry_links).unwrap_or_default(),
            DetailTarget::Issue(i) => library.issues.get(i).map(issue_links).unwrap_or_default(),
            DetailTarget::Section { issue, section } => library
                .issues
                .get(issue)
                .and_then(|i| i.sections.get(section))
                .map(Section::own_links)
                .unwrap_or_default(),
            DetailTarget::Page(p) => library.pages.get(p).map(page_links).unwrap_or_default(),
            DetailTarget::Nothing => Vec::new(),
        }
    }

    /// The title the target's links are labelled against ([`Link::label`]): the
    /// selected entry's, or none for an issue's archive.
    pub fn target_title(&self) -> &str {
        match self.detail_target() {
            DetailTarget::Entry { .. } => self.current_entry().map_or("", Entry::title),
            _ => "",
        }
    }

    /// Selects issue `index` (clamped) and puts the entries cursor on its first row.
    /// An issue the shown source does not hold shows every source.
    pub fn select_issue(&mut self, index: usize) {
        self.page = None;
        let count = self.library.issues.len();
        self.issue = index.min(count.saturating_sub(1));
        if !self.in_view(self.issue) && self.shown.is_some() {
            self.shown = None;
            self.view = sources::view(&self.library, None);
        }
        self.rows = reading::current_rows(self);
        self.row = self.rows.iter().position(|r| r.selectable).unwrap_or(0);
        self.row_offset = 0;
        self.detail_scroll = 0;
    }

    /// Shows page `index` of the library in the detail pane (a link led to it) and
    /// says how to go back.
    pub fn open_page(&mut self, index: usize) {
        self.page = Some(index);
        self.focus = Pane::Detail;
        self.mode = Mode::Browse;
        self.detail_scroll = 0;
        let library = Arc::clone(&self.library);
        let id = library.pages.get(index).map_or("", |p| p.id.as_str());
        let back = self.keymap.browse().first_key(BrowseCommand::FocusLeft);
        let back = back.map(|k| format!("; {} goes back", k.label()));
        self.say(format!(
            "page {id}: its links open by number{}",
            back.unwrap_or_default()
        ));
    }

    /// Selects the issue at `row` of the issue list (clamped).
    pub fn select_issue_at(&mut self, row: usize) {
        let last = self.view.len().saturating_sub(1);
        self.select_issue(self.view.get(row.min(last)).copied().unwrap_or(0));
    }

    /// Whether the issue list shows the issue at library position `index`.
    pub fn in_view(&self, index: usize) -> bool {
        self.view.binary_search(&index).is_ok()
    }

    /// The selected issue's row in the issue list.
    pub fn issue_row(&self) -> usize {
        self.view.binary_search(&self.issue).unwrap_or(0)
    }

    /// Swaps in another library (after a refresh), keeping by key the selected issue
    /// and entry, the scroll offsets and the search results (see [`place`]). A shown
    /// source left without issues gives way to all sources.
    pub fn replace_library(&mut self, mut library: Library) {
        library.complete_sources();
        self.rebuild_library(|held| *held = Arc::new(library));
    }

    /// Changes the library in place (issues arriving), keeping the place by key as
    /// [`State::replace_library`] does. The library is copied only when another
    /// thread holds it at that moment (a search running on it).
    pub fn change_library(&mut self, change: impl FnOnce(&mut Library)) {
        self.rebuild_library(|held| {
            let library = Arc::make_mut(held);
            change(library);
            library.complete_sources();
        });
    }

    fn rebuild_library(&mut self, change: impl FnOnce(&mut Arc<Library>)) {
        // The place is kept by key over the rows of every entry, filter or not.
        reading::unfiltered(self, |state| {
            let kept = place::keep(state);
            change(&mut state.library);
            let library = &state.library;
            state.page = None;
            state.entry_count_width = entry_count_width(library);
            state.titles = titles::list_titles(library);
            state.tabs = sources::tabs(library);
            if !state
                .shown
                .as_ref()
                .is_some_and(|id| state.tabs.iter().any(|t| t.holds(id)))
            {
                state.shown = None;
            }
            state.view = sources::view(&state.library, state.shown.as_ref());
            state.reading.forget_positions();
            kept.restore(state);
        });
        self.detail.key = None;
    }

    pub fn select_row(&mut self, index: usize) {
        if self.rows.get(index).is_some_and(|r| r.selectable) {
            self.page = None;
            self.row = index;
            self.detail_scroll = 0;
        }
    }

    /// The detail pane's largest scroll: its last page at the top of the pane.
    pub fn detail_max_scroll(&self) -> usize {
        let layout = self.layout();
        let height = layout.pane(Pane::Detail).map_or(0, |p| p.body.height);
        self.detail.lines.len().saturating_sub(usize::from(height))
    }

    pub fn say(&mut self, text: impl Into<String>) {
        self.message = Some(StatusMessage {
            kind: StatusKind::Info,
            text: text.into(),
        });
    }

    /// Shows an error in the status bar and keeps it in the log.
    pub fn complain(&mut self, text: impl Into<String>) {
        let text = text.into();
        self.log.push(text.clone());
        self.message = Some(StatusMessage {
            kind: StatusKind::Error,
            text,
        });
    }

    /// Restores the invariants after any change: scroll offsets keep the selection
    /// visible, the detail document matches its target and width.
    pub fn sync(&mut self) {
        let layout = self.layout();
        if let Some(area) = layout.pane(Pane::Issues) {
            let row = self.issue_row();
            self.issue_offset = keep_visible(row, self.issue_offset, area.body.height);
        }
        // Rows of the issue list on screen.
        let shown = layout.pane(Pane::Issues).map_or(0..0, |area| {
            self.issue_offset..self.issue_offset + usize::from(area.body.height)
        });
        reading::prepare_visible(self, shown);
        if let Some(area) = layout.pane(Pane::Entries) {
            let offset = keep_visible(self.row, self.row_offset, area.body.height);
            // Show the section header above the first entry when it fits.
            self.row_offset = if self.row == offset
                && offset > 0
                && self.rows[offset - 1].entry.is_none()
                && area.body.height > 1
            {
                offset - 1
            } else {
                offset
            };
        }
        if let Some(area) = layout.pane(Pane::Detail) {
            let key = (self.detail_target(), detail::text_width(area.body.width));
            let highlight = self.highlight();
            if self.detail.key != Some(key) || self.detail.highlight.as_ref() != highlight {
                self.detail = detail::build(&self.library, key.0, key.1, highlight);
            }
            self.detail_scroll = self.detail_scroll.min(self.detail_max_scroll());
        }
        self.link_cursor = self
            .link_cursor
            .min(self.target_links().len().saturating_sub(1));
        let page = usize::from(layout::overlay_body(self.size, u16::MAX).height);
        self.help_scroll = self
            .help_scroll
            .min(help_line_count(&self.keymap).saturating_sub(page));
        if self.mode == Mode::Log {
            let width = layout::overlay_body(self.size, layout::LOG_WIDTH).width;
            let lines = super::log::lines(&self.log, usize::from(width)).len();
            self.log_scroll = self.log_scroll.min(lines.saturating_sub(page));
        }
    }
}

fn entry_count_width(library: &Library) -> usize {
    let max = library.issues.iter().map(Issue::entry_count).max();
    max.map_or(1, |max| max.to_string().len())
}

/// Lines in the help overlay: per mode a title, its bindings and a blank line.
pub fn help_line_count(keymap: &Keymap) -> usize {
    Mode::ALL
        .iter()
        .map(|&mode| keymap.help_lines(mode).len() + 2)
        .sum()
}

/// An entry's links, or its primary URL alone when the parser found no others.
pub fn entry_links(entry: &Entry) -> Vec<Link> {
    if entry.links().len() == 0 {
        return entry
            .url()
            .map(|url| Link {
                text: entry.title().to_string(),
                url: url.to_string(),
            })
            .into_iter()
            .collect();
    }
    entry.links().map(LinkRef::to_link).collect()
}

/// An issue's numbered links: its intro's, then its archive.
pub fn issue_links(issue: &Issue) -> Vec<Link> {
    issue
        .intro_links
        .iter()
        .chain(&issue.archive)
        .cloned()
        .collect()
}

/// A page's numbered links: its intro's, each section's own, each entry's.
pub fn page_links(page: &Issue) -> Vec<Link> {
    let mut links = page.intro_links.clone();
    for section in &page.sections {
        links.extend(section.own_links());
        links.extend(section.entries.iter().flat_map(entry_links));
    }
    links
}

pub(super) fn issue_rows(issue: &Issue) -> Vec<Row> {
    let mut rows = Vec::new();
    for (s, section) in issue.sections.iter().enumerate() {
        if issue.is_heading_only(s) {
            continue;
        }
        let own =
            !section.body.trim().is_empty() || section.link.is_some() || !section.links.is_empty();
        let prose = own || section.entries.is_empty();
        rows.push(Row {
            section: s,
            entry: None,
            selectable: prose,
        });
        rows.extend((0..section.entries.len()).map(|e| Row {
            section: s,
            entry: Some(e),
            selectable: true,
        }));
    }
    rows
}

/// The smallest change to `offset` that keeps `selected` within `height` rows.
pub fn keep_visible(selected: usize, offset: usize, height: u16) -> usize {
    let height = usize::from(height).max(1);
    if selected < offset {
        selected
    } else if selected >= offset + height {
        selected + 1 - height
    } else {
        offset
    }
}
