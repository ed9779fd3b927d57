//! Several sources in the reader: the source tabs above the panes ("all sources", then
//! each source with its issue count), switching between them, and which issues the
//! issue list shows. The selection stays on its issue when the new view holds it, else
//! goes back to where that view was last left.

use super::reading;
use super::state::State;
use crate::model::{Library, SourceId};
use crate::text::{display_width, fit};

/// What the "all sources" tab is called.
pub const ALL_SOURCES: &str = "All";
/// Widest a tab's title is shown before it is cut with `…`.
const MAX_TITLE_COLUMNS: usize = 24;

/// One tab of the source row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceTab {
    /// The source it shows; `None` for all of them.
    pub source: Option<SourceId>,
    pub title: String,
    /// Issues it holds.
    pub issues: usize,
}

impl SourceTab {
    /// True for the tab of source `id`, when it holds issues to show.
    pub fn holds(&self, id: &SourceId) -> bool {
        self.source.as_ref() == Some(id) && self.issues > 0
    }

    /// ` 嵌入式AI简报 40 · 12 unread `: the tab's text, its title cut to fit; the
    /// unread count when known and not zero.
    pub fn label(&self, unread: Option<usize>) -> String {
        let title = fit_title(&self.title, MAX_TITLE_COLUMNS);
        match unread.filter(|&n| n > 0) {
            Some(unread) => format!(" {title} {} · {unread} unread ", self.issues),
            None => format!(" {title} {} ", self.issues),
        }
    }
}

fn fit_title(title: &str, max: usize) -> String {
    fit(title, display_width(title).min(max))
}

/// The tabs of `library`: none when it holds one source (the row would say nothing),
/// else "all sources" and each listed source.
pub fn tabs(library: &Library) -> Vec<SourceTab> {
    if !library.has_several_sources() {
        return Vec::new();
    }
    let mut tabs = vec![SourceTab {
        source: None,
        title: ALL_SOURCES.to_string(),
        issues: library.issues.len(),
    }];
    tabs.extend(library.sources.iter().map(|info| SourceTab {
        source: Some(info.id.clone()),
        title: info.title.clone(),
        issues: library.issue_count_of(&info.id),
    }));
    tabs
}

/// Positions of the issues of `shown` (all when `None`), in library order.
pub fn view(library: &Library, shown: Option<&SourceId>) -> Vec<usize> {
    match shown {
        None => (0..library.issues.len()).collect(),
        Some(id) => library
            .issues
            .iter()
            .enumerate()
            .filter(|(_, issue)| issue.source == *id)
            .map(|(at, _)| at)
            .collect(),
    }
}

/// The tab of the source shown.
pub fn current_tab(state: &State) -> usize {
    state
        .tabs
        .iter()
        .position(|tab| tab.source == state.shown)
        .unwrap_or(0)
}

/// `<` / `>`: the previous or next tab that has issues, wrapping around.
pub fn cycle(state: &mut State, forward: bool) {
    let count = state.tabs.len();
    if count == 0 {
        state.say("one source: nothing to switch to");
        return;
    }
    let here = current_tab(state);
    let next = (1..count)
        .map(|step| match forward {
            true => (here + step) % count,
            false => (here + count - step) % count,
        })
        .find(|&tab| state.tabs[tab].issues > 0);
    if let Some(tab) = next {
        show_tab(state, tab);
    }
}

/// Shows tab `tab` (ignored when out of range or empty) and says which.
pub fn show_tab(state: &mut State, tab: usize) {
    let Some(chosen) = state.tabs.get(tab).filter(|t| t.issues > 0) else {
        return;
    };
    let (source, title) = (chosen.source.clone(), chosen.title.clone());
    show(state, source);
    state.say(match state.shown {
        None => "all sources".to_string(),
        Some(_) => title,
    });
}

/// Shows the issues of `source` (all sources for `None`, or for a source without
/// issues). The selection stays when the new view holds it, else returns to where
/// this view was last left, else goes to the view's newest issue.
pub fn show(state: &mut State, source: Option<SourceId>) {
    let source = source.filter(|id| state.tabs.iter().any(|t| t.holds(id)));
    if source == state.shown {
        return;
    }
    if let Some(issue) = state.current_issue() {
        state.places.insert(state.shown.clone(), issue.key());
    }
    state.view = view(&state.library, source.as_ref());
    state.shown = source;
    state.issue_offset = 0;
    if state.in_view(state.issue) {
        return;
    }
    let remembered = state
        .places
        .get(&state.shown)
        .and_then(|key| state.library.position(key))
        .filter(|&at| state.in_view(at));
    match remembered {
        Some(at) => state.select_issue(at),
        None => state.select_issue_at(0),
    }
}

/// The tabs' texts, with the unread counts the reading state knows.
pub fn tab_labels(state: &State) -> Vec<String> {
    let by_source = state.reading.unread_by_source(&state.library);
    let unread = |tab: &SourceTab| {
        let by_source = by_source.as_ref()?;
        Some(reading::unread_in(by_source, tab.source.as_ref()))
    };
    state
        .tabs
        .iter()
        .map(|tab| tab.label(unread(tab)))
        .collect()
}

/// Where each tab, labelled `labels`, sits on a row `width` columns wide: (tab, x,
/// width), left to right. Tabs are one column apart; when they do not all fit, the row
/// starts late enough for the `current` tab to show whole (or cut, when alone it is
/// too wide).
pub fn tab_places(labels: &[String], current: usize, width: u16) -> Vec<(usize, u16, u16)> {
    let widths: Vec<usize> = labels.iter().map(|label| display_width(label)).collect();
    let width = usize::from(width);
    let span = |from: usize, to: usize| widths[from..=to].iter().sum::<usize>() + (to - from);
    let mut first = 0;
    while first < current && span(first, current.min(widths.len() - 1)) > width {
        first += 1;
    }
    let mut places = Vec::new();
    let mut x = 0;
    for (tab, &tab_width) in widths.iter().enumerate().skip(first) {
        if x >= width {
            break;
        }
        let shown = tab_width.min(width - x);
        places.push((tab, x as u16, shown as u16));
        x += tab_width + 1;
    }
    places
}

/// The tab at column `x` of the row, if any.
pub fn tab_at(state: &State, width: u16, x: u16) -> Option<usize> {
    tab_places(&tab_labels(state), current_tab(state), width)
        .into_iter()
        .find(|&(_, at, w)| x >= at && x < at + w)
        .map(|(tab, _, _)| tab)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tab(title: &str, issues: usize) -> SourceTab {
        SourceTab {
            source: None,
            title: title.into(),
            issues,
        }
    }

    #[test]
    fn tabs_fit_the_row_with_the_current_one_whole() {
        let tabs = [tab("All", 52), tab("嵌入式AI简报", 40), tab("Rust", 12)];
        assert_eq!(tabs[1].label(None), " 嵌入式AI简报 40 ");
        assert_eq!(
            tabs[1].label(Some(0)),
            " 嵌入式AI简报 40 ",
            "nothing unread"
        );
        assert_eq!(tabs[1].label(Some(7)), " 嵌入式AI简报 40 · 7 unread ");
        let tabs: Vec<String> = tabs.iter().map(|tab| tab.label(None)).collect();
        let wide = tab_places(&tabs, 2, 80);
        assert_eq!(wide, [(0, 0, 8), (1, 9, 17), (2, 27, 9)]);
        let cut = tab_places(&tabs, 1, 30);
        assert_eq!(cut, [(0, 0, 8), (1, 9, 17), (2, 27, 3)], "the last tab cut");
        let narrow = tab_places(&tabs, 2, 20);
        assert_eq!(narrow, [(2, 0, 9)], "starts late for the current tab");
        let tiny = tab_places(&tabs, 2, 5);
        assert_eq!(tiny, [(2, 0, 5)]);
        assert!(tab_places(&tabs, 0, 0).is_empty());
    }

    #[test]
    fn long_titles_are_cut() {
        let long = tab(&"长".repeat(40), 3);
        assert_eq!(display_width(&long.label(None)), MAX_TITLE_COLUMNS + 4);
    }
}
