//! Incremental search in the reader: the prompt's session, results arriving from the
//! runtime by generation, jumping to results and back.
//!
//! While the prompt is open the selection follows the results cursor (the detail
//! pane previews it); Esc puts back the selection saved when `/` was pressed. After
//! Enter the search stays active: `n`/`N` move through its results and the detail
//! pane keeps its matches highlighted, until Esc in browse mode or a new search.

use super::action::Effect;
use super::keymap::{Mode, SearchCommand};
use super::place::SavedView;
use super::prompt::Prompt;
use super::reading::history;
use super::state::{Pane, State, keep_visible};
use crate::model::plural;
use crate::search::{Hit, HitTarget, Query, Scope};

/// Rows each result takes in the results pane: title and source; date, section, snippet.
pub const ROWS_PER_RESULT: u16 = 2;

#[derive(Debug, Clone)]
pub struct Search {
    pub prompt: Prompt,
    /// The prompt's text, parsed; what the shown highlights are for.
    pub query: Query,
    /// `in:this` means the issue the reader was on when `/` was pressed.
    pub scope: Scope,
    /// Generation of the newest query sent to the runtime.
    pub requested: u64,
    /// Generation of the hits shown; results of this generation or older are stale.
    pub shown: u64,
    /// Generation of the query sent again after a refresh (0: none): its results keep
    /// the cursor on the entry it was on.
    pub rerun: u64,
    pub hits: Vec<Hit>,
    /// Distinct issues among the hits.
    pub issue_count: usize,
    pub cursor: usize,
    pub offset: usize,
    /// Enter came before the newest results: jump when they arrive.
    pub jump_when_ready: bool,
    /// Where the reader was when `/` was pressed.
    pub return_to: SavedView,
    /// While the library is loading: the issues the newest query searches (those in)
    /// of all, and those the shown hits covered (see [`super::loading`]).
    pub requested_covers: Option<(usize, usize)>,
    pub covers: Option<(usize, usize)>,
}

impl Search {
    /// A query was sent and its results have not arrived yet.
    pub fn pending(&self) -> bool {
        self.requested > self.shown
    }

    /// `searched 3,200 of 10,000 issues` when the hits shown cover only the issues
    /// loaded so far.
    pub fn coverage(&self) -> Option<String> {
        self.covers.map(super::loading::coverage)
    }

    /// "37 entries in 12 issues"; "39 results in 12 issues" when some are in prose.
    pub fn count_label(&self) -> String {
        let prose = self.hits.iter().any(|h| h.entry == Hit::PROSE);
        let entries = match prose {
            true => plural(self.hits.len(), "result", "results"),
            false => plural(self.hits.len(), "entry", "entries"),
        };
        let issues = plural(self.issue_count, "issue", "issues");
        format!("{entries} in {issues}")
    }
}

/// `/`: a new, empty prompt; any previous search ends.
pub fn open(state: &mut State) {
    let return_to = SavedView::of(state);
    let current_issue = state.current_issue().map(|_| state.issue);
    state.search = Some(Search {
        prompt: Prompt::default(),
        query: Query::default(),
        scope: Scope { current_issue },
        requested: state.search_generation,
        shown: state.search_generation,
        rerun: 0,
        hits: Vec::new(),
        issue_count: 0,
        cursor: 0,
        offset: 0,
        jump_when_ready: false,
        return_to,
        requested_covers: None,
        covers: None,
    });
    state.reading.history_at = None;
    state.mode = Mode::Search;
}

/// A key in search mode: `command` when bound, else the character is typed.
pub fn on_key(state: &mut State, command: SearchCommand) -> Vec<Effect> {
    match command {
        SearchCommand::Move(motion) => match history::step(state, motion) {
            Some(text) => return edit(state, |prompt| prompt.replace(&text)),
            None => move_cursor(state, motion.delta(page(state))),
        },
        SearchCommand::Accept => {
            let effects = history::remember(state);
            accept(state);
            return effects;
        }
        SearchCommand::Cancel => cancel(state),
        SearchCommand::CursorLeft => return edit(state, Prompt::left),
        SearchCommand::CursorRight => return edit(state, Prompt::right),
        SearchCommand::CursorHome => return edit(state, Prompt::home),
        SearchCommand::CursorEnd => return edit(state, Prompt::end),
        SearchCommand::DeleteBack => return edit(state, Prompt::delete_back),
        SearchCommand::DeleteWord => return edit(state, Prompt::delete_word),
        SearchCommand::ClearQuery => return edit(state, Prompt::clear),
        SearchCommand::Suspend => return vec![Effect::Suspend],
        SearchCommand::Quit => return vec![Effect::Quit],
    }
    Vec::new()
}

/// Typed, pasted or composed text goes into the prompt whole.
pub fn type_text(state: &mut State, text: &str) -> Vec<Effect> {
    edit(state, |prompt| prompt.insert(text))
}

/// Applies `change` to the prompt; a different query is sent to the runtime.
fn edit(state: &mut State, change: impl FnOnce(&mut Prompt)) -> Vec<Effect> {
    let Some(search) = state.search.as_mut() else {
        return Vec::new();
    };
    change(&mut search.prompt);
    let query = Query::parse(search.prompt.text());
    if query == search.query {
        return Vec::new();
    }
    search.query = query;
    search.jump_when_ready = false;
    request(state)
}

/// Sends the current query under a new generation, making every older one stale.
/// An empty query needs no search: it shows nothing at once.
fn request(state: &mut State) -> Vec<Effect> {
    state.search_generation += 1;
    let generation = state.search_generation;
    let covers = (state.loading.as_ref()).map(|l| (l.loaded, l.total));
    let Some(search) = state.search.as_mut() else {
        return Vec::new();
    };
    search.requested = generation;
    search.requested_covers = covers;
    if search.query.is_empty() {
        search.covers = covers;
        search.shown = generation;
        set_hits(search, Vec::new());
        follow(state);
        return Vec::new();
    }
    vec![Effect::Search {
        generation,
        query: search.query.clone(),
        scope: search.scope,
    }]
}

/// Results from the runtime: newer than those shown replace them, older are dropped.
pub fn on_results(state: &mut State, generation: u64, hits: Vec<Hit>) {
    let Some(search) = state.search.as_mut() else {
        return;
    };
    if generation <= search.shown {
        return;
    }
    let newest = generation == search.requested;
    search.shown = generation;
    let was_partial = search.covers.is_some();
    if newest {
        search.covers = search.requested_covers;
    }
    if generation == search.rerun {
        keep_hits(search, hits);
    } else {
        set_hits(search, hits);
    }
    // The library is whole now: what the reader searches covers every issue.
    let whole = was_partial && search.covers.is_none();
    if whole && state.mode == Mode::Browse {
        let text = format!("{} · every issue searched", search.count_label());
        state.say(text);
    }
    if state.mode == Mode::Search {
        follow(state);
        if newest && search_mut(state).jump_when_ready {
            jump(state);
        }
    }
}

fn search_mut(state: &mut State) -> &mut Search {
    state.search.as_mut().expect("a search is active")
}

fn set_hits(search: &mut Search, hits: Vec<Hit>) {
    search.issue_count = issue_count(&hits);
    search.hits = hits;
    search.cursor = 0;
    search.offset = 0;
}

/// New results of the same query in the same library: the cursor stays on its entry
/// (else its place), the results pane keeps the same result at the top.
fn keep_hits(search: &mut Search, hits: Vec<Hit>) {
    let find = |old: Option<&Hit>| old.and_then(|old| hits.iter().position(|h| h.same_entry(old)));
    let last = hits.len().saturating_sub(1);
    let cursor = find(search.hits.get(search.cursor)).unwrap_or(search.cursor.min(last));
    let offset = find(search.hits.get(search.offset)).unwrap_or(0);
    search.issue_count = issue_count(&hits);
    search.hits = hits;
    search.cursor = cursor;
    search.offset = offset.min(cursor);
}

/// Distinct issues among `hits`.
pub(super) fn issue_count(hits: &[Hit]) -> usize {
    let mut issues: Vec<u32> = hits.iter().map(|h| h.issue).collect();
    issues.sort_unstable();
    issues.dedup();
    issues.len()
}

fn move_cursor(state: &mut State, delta: isize) {
    let Some(search) = state.search.as_mut() else {
        return;
    };
    let last = search.hits.len().saturating_sub(1);
    search.cursor = search.cursor.saturating_add_signed(delta).min(last);
    follow(state);
}

/// Results that fit in the results pane.
fn page(state: &State) -> isize {
    let rows = state
        .layout()
        .search
        .map_or(1, |area| area.body.height / ROWS_PER_RESULT);
    isize::from(rows.max(1) as i16)
}

/// Enter: go to the selected result and leave the prompt, keeping the search for
/// `n`/`N`. Before the newest results are in, the jump waits for them.
fn accept(state: &mut State) {
    let Some(search) = state.search.as_mut() else {
        return;
    };
    if search.query.is_empty() {
        return cancel(state);
    }
    if search.pending() {
        search.jump_when_ready = true;
        return;
    }
    jump(state);
}

fn jump(state: &mut State) {
    let search = search_mut(state);
    search.jump_when_ready = false;
    if search.hits.is_empty() {
        let coverage = search.coverage().map(|c| format!(" · {c}"));
        state.say(format!("no matches{}", coverage.unwrap_or_default()));
        return;
    }
    state.mode = Mode::Browse;
    follow(state);
    say_position(state, "");
}

/// Esc in the prompt: back where the reader was, no search active.
fn cancel(state: &mut State) {
    if let Some(search) = state.search.take() {
        search.return_to.restore(state);
    }
    state.mode = Mode::Browse;
}

/// Esc while browsing with a search active: its highlights and `n`/`N` end.
pub fn end(state: &mut State) {
    state.search = None;
    state.say("search ended");
}

/// `n`/`N`: the next or previous result, wrapping around at the ends.
pub fn next(state: &mut State, forward: bool) {
    let Some(search) = state.search.as_mut() else {
        state.say("no search: / searches every issue");
        return;
    };
    let count = search.hits.len();
    if count == 0 {
        state.say("no matches");
        return;
    }
    let (cursor, wrapped) = match (forward, search.cursor) {
        (true, c) if c + 1 >= count => (0, true),
        (true, c) => (c + 1, false),
        (false, 0) => (count - 1, true),
        (false, c) => (c - 1, false),
    };
    search.cursor = cursor;
    follow(state);
    say_position(state, if wrapped { " (wrapped around)" } else { "" });
}

fn say_position(state: &mut State, note: &str) {
    if let Some(search) = &state.search {
        let coverage = search.coverage().map(|c| format!(" · {c}"));
        let text = format!(
            "result {}/{}{note} · n/N for the others{}",
            search.cursor + 1,
            search.hits.len(),
            coverage.unwrap_or_default()
        );
        state.say(text);
    }
}

/// Puts the reader's selection on the results cursor (on where the reader was when
/// there is no result), and keeps the cursor in view.
fn follow(state: &mut State) {
    let page = state
        .layout_for(Mode::Search)
        .search
        .map_or(1, |area| area.body.height / ROWS_PER_RESULT);
    let Some(search) = state.search.as_mut() else {
        return;
    };
    search.offset = keep_visible(search.cursor, search.offset, page);
    match search.hits.get(search.cursor).cloned() {
        Some(hit) => select_hit(state, &hit),
        None => search.return_to.clone().restore(state),
    }
}

/// Selects what `hit` is on: an entry's row, a section's header row (its prose), or
/// the issue itself (its intro, shown while the issue list has focus).
fn select_hit(state: &mut State, hit: &Hit) {
    if hit.issue as usize != state.issue {
        state.select_issue(hit.issue as usize);
    }
    let (section, entry) = match hit.target() {
        HitTarget::Intro => {
            state.focus = Pane::Issues;
            return;
        }
        HitTarget::Section(section) => (section as usize, None),
        HitTarget::Entry { section, entry } => (section as usize, Some(entry as usize)),
    };
    let row = state
        .rows
        .iter()
        .position(|r| r.section == section && r.entry == entry);
    if let Some(row) = row {
        state.select_row(row);
        state.focus = Pane::Entries;
    }
}

/// The library was replaced (a refresh) and the hits found again in it by key
/// ([`State::replace_library`]): results still on their way, for the old library, are
/// dropped, and the query is sent again for entries that are new.
pub fn on_library_replaced(state: &mut State) -> Vec<Effect> {
    let generation = state.search_generation;
    let Some(search) = state.search.as_mut() else {
        return Vec::new();
    };
    search.shown = generation;
    if search.query.is_empty() {
        return Vec::new();
    }
    let effects = request(state);
    let search = search_mut(state);
    search.rerun = search.requested;
    effects
}
