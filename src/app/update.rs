//! The state machine's one entry point: apply an action, return the effects to run.

use super::action::{Action, Effect, Mouse, MouseKind};
use super::keymap::{
    BrowseCommand as B, Key, LinksCommand, Mode, Motion, OverlayCommand, SearchCommand,
    StarredCommand,
};
use super::layout::{self, PaneArea};
use super::links::{self, LinkTarget};
use super::reading::{self, starred};
use super::state::{DetailTarget, Pane, State};
use super::{loading, refresh, search, sources};

/// Rows the mouse wheel moves per notch.
const WHEEL_STEP: usize = 3;

pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    let effects = match action {
        Action::Key(key) => {
            state.message = None;
            loading::touched(state);
            on_key(state, key)
        }
        Action::Mouse(mouse) => {
            loading::touched(state);
            on_mouse(state, mouse)
        }
        Action::Resize { width, height } => {
            state.size = ratatui::layout::Rect::new(0, 0, width, height);
            Vec::new()
        }
        Action::Paste(text) if state.mode == Mode::Search => search::type_text(state, &text),
        Action::Paste(_) => Vec::new(),
        Action::StartRefresh if loading::hold_refresh(state) => Vec::new(),
        Action::StartRefresh => refresh::start(state),
        Action::LibraryPart {
            issues,
            loaded,
            total,
        } => loading::on_part(state, issues, loaded, total),
        Action::LibraryLoaded(done) => loading::on_done(state, *done),
        Action::EffectFailed(text) => {
            state.complain(text);
            Vec::new()
        }
        Action::RefreshProgress {
            source,
            done,
            total,
        } => {
            refresh::on_progress(state, &source, done, total);
            Vec::new()
        }
        Action::RefreshDone { source, outcome } => refresh::on_done(state, &source, outcome),
        Action::SearchResults { generation, hits } => {
            search::on_results(state, generation, hits);
            Vec::new()
        }
    };
    if state.focus != Pane::Detail {
        // A page opened from a link stays until the reader moves on.
        state.page = None;
    }
    state.sync();
    let mut effects = effects;
    effects.extend(reading::after_update(state));
    effects
}

/// Runs what `key` is bound to in the current mode; in search mode an unbound
/// character is typed. Other unbound keys (Alt chords included) do nothing.
fn on_key(state: &mut State, key: Key) -> Vec<Effect> {
    let keymap = &state.keymap;
    match state.mode {
        Mode::Browse => match keymap.browse().lookup(key) {
            Some(command) => browse(state, command),
            None => Vec::new(),
        },
        Mode::Search => match (keymap.search().lookup(key), key) {
            (Some(command), _) => search::on_key(state, command),
            (None, Key::Char(c)) => search::type_text(state, c.encode_utf8(&mut [0; 4])),
            (None, _) => Vec::new(),
        },
        Mode::Links => match keymap.links().lookup(key) {
            Some(command) => picker(state, command),
            None => Vec::new(),
        },
        Mode::Help | Mode::Log => match keymap.overlay(state.mode).lookup(key) {
            Some(command) => overlay(state, command),
            None => Vec::new(),
        },
        Mode::Starred => match keymap.starred().lookup(key) {
            Some(command) => starred::on_key(state, command),
            None => Vec::new(),
        },
    }
}

fn browse(state: &mut State, command: B) -> Vec<Effect> {
    match command {
        B::Move(Motion::Down) if at_end_of_detail(state) => next_entry(state, true, false),
        B::Move(Motion::Up) if at_start_of_detail(state) => next_entry(state, false, true),
        B::Move(motion) => step(state, motion.delta(page(state))),
        B::PrevEntry => next_entry(state, false, false),
        B::NextEntry => next_entry(state, true, false),
        B::FocusLeft => move_focus(state, -1, false),
        B::FocusRight => move_focus(state, 1, false),
        B::PrevPane => move_focus(state, -1, true),
        B::NextPane => move_focus(state, 1, true),
        B::PrevIssue => state.select_issue_at(state.issue_row().saturating_sub(1)),
        B::NextIssue => state.select_issue_at(state.issue_row() + 1),
        B::PrevSource => sources::cycle(state, false),
        B::NextSource => sources::cycle(state, true),
        B::PrevSection => jump_section(state, false),
        B::NextSection => jump_section(state, true),
        B::Activate => return activate(state),
        B::OpenLink => return open_nth(state, 0),
        B::OpenNth(n) => return open_nth(state, usize::from(n.max(1)) - 1),
        B::CopyLink => return copy_nth(state, 0),
        B::ShowLinks => show_links(state),
        B::Back if state.search.is_some() => search::end(state),
        B::Back => back(state),
        B::BackOrQuit if state.focus == Pane::Issues => return vec![Effect::Quit],
        B::BackOrQuit => back(state),
        B::ShowHelp => state.mode = Mode::Help,
        B::ShowLog => state.mode = Mode::Log,
        B::Refresh if loading::hold_refresh(state) => {
            state.say("the refresh starts once the library is loaded");
        }
        B::Refresh => return refresh::start(state),
        B::Suspend => return vec![Effect::Suspend],
        B::Search => search::open(state),
        B::NextResult => search::next(state, true),
        B::PrevResult => search::next(state, false),
        B::ToggleRead => return reading::toggle_read(state),
        B::MarkIssueRead => return reading::mark_issue_read(state),
        B::ToggleStar => return reading::toggle_star(state),
        B::ShowStarred => starred::show(state),
        B::UnreadOnly => reading::toggle_unread_only(state),
        B::NextUnread => reading::space(state),
        B::Quit => return vec![Effect::Quit],
    }
    Vec::new()
}

fn picker(state: &mut State, command: LinksCommand) -> Vec<Effect> {
    let last = state.target_links().len().saturating_sub(1);
    let cursor = state.link_cursor;
    match command {
        // A page is the whole list: the picker rarely holds more than a screen.
        LinksCommand::Move(motion) => {
            let delta = motion.delta(isize::MAX);
            state.link_cursor = cursor.saturating_add_signed(delta).min(last);
        }
        LinksCommand::OpenLink => return open_nth(state, cursor),
        LinksCommand::OpenNth(n) => return open_nth(state, usize::from(n.max(1)) - 1),
        LinksCommand::CopyLink => return copy_nth(state, cursor),
        LinksCommand::Close => state.mode = Mode::Browse,
        LinksCommand::Suspend => return vec![Effect::Suspend],
        LinksCommand::Quit => return vec![Effect::Quit],
    }
    Vec::new()
}

/// Help and log: scrollable text, closed by their toggle, Esc or q.
fn overlay(state: &mut State, command: OverlayCommand) -> Vec<Effect> {
    let page = usize::from(layout::overlay_body(state.size, u16::MAX).height).max(1);
    let scroll = match state.mode {
        Mode::Log => &mut state.log_scroll,
        _ => &mut state.help_scroll,
    };
    match command {
        // Bottom overshoots; `State::sync` brings it back to the last page.
        OverlayCommand::Move(motion) => {
            *scroll = scroll.saturating_add_signed(motion.delta(page as isize));
        }
        OverlayCommand::Close => state.mode = Mode::Browse,
        OverlayCommand::Suspend => return vec![Effect::Suspend],
        OverlayCommand::Quit => return vec![Effect::Quit],
    }
    Vec::new()
}

/// Rows in a page of the focused pane.
fn page(state: &State) -> isize {
    let height = state
        .layout()
        .pane(state.focus)
        .map_or(1, |p| p.body.height);
    isize::from(height.max(2) as i16 - 1)
}

/// Moves the focused pane's cursor by `delta` (saturating at both ends).
fn step(state: &mut State, delta: isize) {
    step_pane(state, state.focus, delta);
}

fn step_pane(state: &mut State, pane: Pane, delta: isize) {
    match pane {
        Pane::Issues => {
            let row = state.issue_row();
            let target = row.saturating_add_signed(delta);
            if target.min(state.view.len().saturating_sub(1)) != row {
                state.select_issue_at(target);
            }
        }
        Pane::Entries => step_row(state, delta),
        Pane::Detail => state.detail_scroll = state.detail_scroll.saturating_add_signed(delta),
    }
}

/// Moves to the `delta`-th selectable row from the current one.
fn step_row(state: &mut State, delta: isize) {
    let selectable: Vec<usize> = (0..state.rows.len())
        .filter(|&i| state.rows[i].selectable)
        .collect();
    let Some(last) = selectable.len().checked_sub(1) else {
        return;
    };
    let here = selectable
        .iter()
        .position(|&i| i >= state.row)
        .unwrap_or(last);
    state.select_row(selectable[here.saturating_add_signed(delta).min(last)]);
}

fn at_end_of_detail(state: &State) -> bool {
    state.focus == Pane::Detail && state.detail_scroll >= state.detail_max_scroll()
}

fn at_start_of_detail(state: &State) -> bool {
    state.focus == Pane::Detail && state.detail_scroll == 0
}

/// `J`/`K`, and `j`/`k` past either end of the detail's text: the next or previous
/// row of the entries pane, the focus kept, so reading goes on from entry to entry at
/// any width. `from_end` shows the new text's last page (going back with `k`). From
/// the issue list they go into the entries.
fn next_entry(state: &mut State, forward: bool, from_end: bool) {
    if state.focus == Pane::Issues {
        state.focus = Pane::Entries;
        return;
    }
    let before = state.row;
    step_row(state, if forward { 1 } else { -1 });
    if state.row == before {
        state.say(if forward {
            "the last entry of this issue"
        } else {
            "the first entry of this issue"
        });
    } else if from_end {
        // `State::sync` brings it back to the last page.
        state.detail_scroll = usize::MAX;
    }
}

fn move_focus(state: &mut State, delta: isize, wrap: bool) {
    let here = Pane::ORDER
        .iter()
        .position(|&p| p == state.focus)
        .unwrap_or(0);
    let next = if wrap {
        (here as isize + delta).rem_euclid(3) as usize
    } else {
        here.saturating_add_signed(delta).min(2)
    };
    state.focus = Pane::ORDER[next];
}

fn jump_section(state: &mut State, forward: bool) {
    let Some(current) = state.current_row().map(|r| r.section) else {
        return;
    };
    let sections = state.current_issue().map_or(0, |i| i.sections.len());
    let mut section = current;
    loop {
        section = match (forward, section) {
            (true, s) if s + 1 < sections => s + 1,
            (false, s) if s > 0 => s - 1,
            _ => return,
        };
        if let Some(row) = state
            .rows
            .iter()
            .position(|r| r.section == section && r.selectable)
        {
            state.select_row(row);
            if state.focus == Pane::Issues {
                state.focus = Pane::Entries;
            }
            return;
        }
    }
}

fn activate(state: &mut State) -> Vec<Effect> {
    match state.focus {
        Pane::Issues => state.focus = Pane::Entries,
        Pane::Entries if state.current_entry().is_none() => state.focus = Pane::Detail,
        Pane::Entries | Pane::Detail => return open_nth(state, 0),
    }
    Vec::new()
}

fn back(state: &mut State) {
    state.focus = match state.focus {
        Pane::Detail => Pane::Entries,
        Pane::Entries | Pane::Issues => Pane::Issues,
    };
}

fn show_links(state: &mut State) {
    if state.target_links().is_empty() {
        state.say("no links here");
    } else {
        state.mode = Mode::Links;
        state.link_cursor = 0;
    }
}

/// Opens the `n`th (0-based) link of what the detail pane shows.
fn open_nth(state: &mut State, n: usize) -> Vec<Effect> {
    let links = state.target_links();
    let Some(link) = links.get(n) else {
        state.say(match links.len() {
            0 => "no link here".to_string(),
            count => format!("there is no link {} (this has {count})", n + 1),
        });
        return Vec::new();
    };
    let library = state.library.clone();
    let from = match state.detail_target() {
        DetailTarget::Page(p) => library.pages.get(p),
        _ => library.issues.get(state.issue),
    };
    match links::classify(&link.url, &library, from) {
        LinkTarget::Web(url) => {
            state.say(format!("opened {url}"));
            state.mode = Mode::Browse;
            let mut effects = vec![Effect::OpenUrl(url)];
            effects.extend(reading::opened_entry(state));
            effects
        }
        LinkTarget::Issue(index) => {
            state.select_issue(index);
            state.focus = Pane::Issues;
            state.mode = Mode::Browse;
            let id = state
                .current_issue()
                .map(|i| i.id.clone())
                .unwrap_or_default();
            state.say(format!("went to issue {id}"));
            Vec::new()
        }
        LinkTarget::Page(index) => {
            state.open_page(index);
            Vec::new()
        }
        LinkTarget::Refused(reason) => {
            state.complain(reason);
            Vec::new()
        }
    }
}

fn copy_nth(state: &mut State, n: usize) -> Vec<Effect> {
    match state.target_links().into_iter().nth(n) {
        Some(link) => {
            state.say(format!("copied {}", link.url));
            vec![Effect::Copy(link.url)]
        }
        None => {
            state.say("no link to copy");
            Vec::new()
        }
    }
}

fn on_mouse(state: &mut State, mouse: Mouse) -> Vec<Effect> {
    if state.mode != Mode::Browse {
        let motion = match mouse.kind {
            MouseKind::ScrollUp => Motion::Up,
            MouseKind::ScrollDown => Motion::Down,
            MouseKind::Click => return Vec::new(),
        };
        return match state.mode {
            Mode::Search => search::on_key(state, SearchCommand::Move(motion)),
            Mode::Links => picker(state, LinksCommand::Move(motion)),
            Mode::Starred => starred::on_key(state, StarredCommand::Move(motion)),
            _ => overlay(state, OverlayCommand::Move(motion)),
        };
    }
    let layout = state.layout();
    if let (Some(row), MouseKind::Click) = (layout.sources, mouse.kind)
        && row.y == mouse.row
    {
        if let Some(tab) = sources::tab_at(state, row.width, mouse.column - row.x) {
            sources::show_tab(state, tab);
        }
        return Vec::new();
    }
    let Some(&area) = layout.pane_at(mouse.column, mouse.row) else {
        return Vec::new();
    };
    match mouse.kind {
        MouseKind::ScrollUp => step_pane(state, area.pane, -(WHEEL_STEP as isize)),
        MouseKind::ScrollDown => step_pane(state, area.pane, WHEEL_STEP as isize),
        MouseKind::Click => return click(state, area, mouse.row),
    }
    Vec::new()
}

/// Click: focus the pane and select the row; a click on what is already selected opens it.
fn click(state: &mut State, area: PaneArea, row: u16) -> Vec<Effect> {
    let was_focused = state.focus == area.pane;
    // The detail pane describes the issue while the issue list has focus: keep it so.
    if !(area.pane == Pane::Detail && state.focus == Pane::Issues) {
        state.focus = area.pane;
    }
    let Some(line) = row.checked_sub(area.body.y).map(usize::from) else {
        return Vec::new();
    };
    match area.pane {
        Pane::Issues => {
            let row = state.issue_offset + line;
            if row >= state.view.len() {
                return Vec::new();
            }
            if was_focused && row == state.issue_row() {
                state.focus = Pane::Entries;
            } else if row != state.issue_row() {
                state.select_issue_at(row);
            }
        }
        Pane::Entries => {
            let index = state.row_offset + line;
            if was_focused && index == state.row {
                return activate(state);
            }
            state.select_row(index);
        }
        Pane::Detail => {
            let link = state
                .detail
                .lines
                .get(state.detail_scroll + line)
                .and_then(|l| l.link);
            if let Some(n) = link {
                return open_nth(state, n);
            }
        }
    }
    Vec::new()
}
