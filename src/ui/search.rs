//! Search mode: the prompt, and the results pane (two rows per result: the title and
//! source, then the issue date, section path and a snippet of the summary), matches
//! marked. A result in prose shows the section's path (or the issue's title, for an
//! intro) and a snippet of the prose.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use unicode_segmentation::UnicodeSegmentation;

use super::list::{self, Cell};
use super::theme::Theme;
use crate::app::State;
use crate::app::layout::SearchArea;
use crate::app::search::{ROWS_PER_RESULT, Search};
use crate::model::{Library, PATH_SEPARATOR, plural};
use crate::search::{Found, FoundProse, Located, Query, matches, snippet};
use crate::text::{clean, display_width, fit, take_columns};

/// Before the query on the prompt row.
const PROMPT: &str = " / ";
const DATE_WIDTH: usize = 10;
/// Widest a source's title is shown in a result.
const SOURCE_COLUMNS: usize = 16;
/// The widest the section column of a result's second row is: this many columns, or
/// a third of the row when that is more (a path is long).
const SECTION_COLUMNS: usize = 12;

pub fn render(buf: &mut Buffer, theme: &Theme, area: &SearchArea, state: &State) {
    let Some(search) = &state.search else {
        return;
    };
    prompt(buf, theme, area.prompt, search);
    let position = match search.hits.len() {
        0 => String::new(),
        n => format!("{}/{n}", search.cursor + 1),
    };
    list::header(
        buf,
        theme,
        area.header,
        &title(search, state),
        &position,
        true,
    );
    if search.hits.is_empty() {
        if !search.query.is_empty() && !search.pending() {
            list::cells(buf, area.body, &[("  no matches".into(), theme.dim)]);
        }
        return;
    }
    results(buf, theme, area.body, state, search);
}

/// The results pane's title: the count, or what is going on.
fn title(search: &Search, state: &State) -> String {
    if search.query.is_empty() {
        let issues = plural(state.library.issues.len(), "issue", "issues");
        return format!("type to search {issues}");
    }
    let label = match (search.pending(), search.hits.is_empty()) {
        (true, true) => return "searching…".into(),
        (true, false) => format!("{} · searching…", search.count_label()),
        (false, _) => search.count_label(),
    };
    match search.coverage() {
        Some(coverage) => format!("{label} · {coverage}"),
        None => label,
    }
}

fn prompt(buf: &mut Buffer, theme: &Theme, area: Rect, search: &Search) {
    let width = usize::from(area.width);
    let (shown, _) = visible_query(search, width);
    let text = format!("{PROMPT}{shown}");
    list::cells(buf, area, &[(fit(&text, width), theme.prompt)]);
}

/// The part of the query that fits the prompt row with the cursor in view, and the
/// cursor's column within it. Scrolls by whole graphemes.
fn visible_query(search: &Search, width: usize) -> (&str, usize) {
    let text = search.prompt.text();
    let cursor = search.prompt.cursor();
    // One column stays free for the cursor after the last character.
    let room = width.saturating_sub(display_width(PROMPT) + 1);
    let start = text[..cursor]
        .grapheme_indices(true)
        .map(|(at, _)| at)
        .find(|&at| display_width(&text[at..cursor]) <= room)
        .unwrap_or(cursor);
    let (shown, _) = take_columns(&text[start..], room + 1);
    (shown, display_width(&text[start..cursor]))
}

/// Where the terminal cursor goes in search mode: after the query's text before it.
pub fn cursor_position(state: &State) -> Option<Position> {
    let search = state.search.as_ref()?;
    let area = state.layout().search?.prompt;
    if area.width == 0 || area.height == 0 {
        return None;
    }
    let (_, column) = visible_query(search, usize::from(area.width));
    let x = area.x as usize + display_width(PROMPT) + column;
    let x = x.min(usize::from(area.right().saturating_sub(1)));
    Some(Position::new(x as u16, area.y))
}

fn results(buf: &mut Buffer, theme: &Theme, body: Rect, state: &State, search: &Search) {
    let width = usize::from(body.width);
    let per = usize::from(ROWS_PER_RESULT);
    let shown = usize::from(body.height).div_ceil(per);
    let end = search.hits.len().min(search.offset + shown);
    for (n, index) in (search.offset..end).enumerate() {
        let Some(located) = Located::of(&state.library, &search.hits[index]) else {
            continue;
        };
        let lines = match located {
            Located::Entry(found) => [
                title_row(theme, &found, &search.query, width),
                where_row(theme, &found, &state.library, &search.query, width),
            ],
            Located::Prose(found) => {
                prose_rows(theme, &found, &state.library, &search.query, width)
            }
        };
        for (k, cells) in lines.iter().enumerate() {
            let y = body.y as usize + n * per + k;
            if y >= usize::from(body.bottom()) {
                break;
            }
            let line = Rect::new(body.x, y as u16, body.width, 1);
            list::cells(buf, line, cells);
            if index == search.cursor {
                list::highlight(buf, theme, line, true);
            }
        }
    }
}

/// `  title with matches…            source `
fn title_row(theme: &Theme, found: &Found, query: &Query, width: usize) -> Vec<Cell> {
    let title = clean(found.entry.title());
    let source = found.entry.source_hint().map(|s| clean(&s).into_owned());
    let source_width = match &source {
        Some(source) if width >= 30 => display_width(source).min(width / 4).min(16),
        _ => 0,
    };
    let title_width = width.saturating_sub(2 + source_width + usize::from(source_width > 0) * 2);
    let mut cells = vec![("  ".to_string(), Style::new())];
    cells.extend(marked(theme, &title, query, title_width, Style::new()));
    if let Some(source) = source.filter(|_| source_width > 0) {
        cells.push((" ".into(), Style::new()));
        cells.extend(marked(theme, &source, query, source_width, theme.dim));
        cells.push((" ".into(), Style::new()));
    }
    cells
}

/// A result in prose: `  Section › Path … section` (for an intro, the issue's title
/// and `intro`), then `    2020-06-03 …snippet of the prose…`.
fn prose_rows(
    theme: &Theme,
    found: &FoundProse,
    library: &Library,
    query: &Query,
    width: usize,
) -> [Vec<Cell>; 2] {
    let (heading, kind) = match found.section {
        Some(section) => (section.path_label(), "section"),
        None => (found.issue.title.clone(), "intro"),
    };
    let heading = clean(&heading);
    let kind_width = if width >= 30 { display_width(kind) } else { 0 };
    let heading_width = width.saturating_sub(2 + kind_width + usize::from(kind_width > 0) * 2);
    let mut title = vec![("  ".to_string(), Style::new())];
    title.extend(marked(theme, &heading, query, heading_width, theme.section));
    if kind_width > 0 {
        title.push((format!(" {kind} "), theme.dim));
    }
    let text = clean(&found.searched_text()).into_owned();
    let place = Place {
        issue: found.issue,
        section: "",
        text: &text,
    };
    [title, place_row(theme, &place, library, query, width)]
}

/// `    2020-06-03 论文 · …snippet of the summary…`: the dot only between a section
/// and a snippet, both there; with several sources, the source's title after the
/// date: `    2020-06-03 Rust · 论文 · …`.
fn where_row(
    theme: &Theme,
    found: &Found,
    library: &Library,
    query: &Query,
    width: usize,
) -> Vec<Cell> {
    let section = clean(&found.section.path_label()).into_owned();
    let summary = clean(found.entry.summary().trim());
    let place = Place {
        issue: found.issue,
        section: &section,
        text: &summary,
    };
    place_row(theme, &place, library, query, width)
}

/// Where a result is, for its second row: the issue, the section (path) if shown,
/// and the text to show a snippet of.
struct Place<'a> {
    issue: &'a crate::model::Issue,
    section: &'a str,
    text: &'a str,
}

fn place_row(
    theme: &Theme,
    place: &Place,
    library: &Library,
    query: &Query,
    width: usize,
) -> Vec<Cell> {
    let date = fit(
        &clean(&place.issue.short_label()),
        DATE_WIDTH.min(width.saturating_sub(4)),
    );
    let section = place.section;
    let section_width = display_width(section).min(SECTION_COLUMNS.max(width / 3));
    let summary = place.text;
    let mut cells: Vec<Cell> = vec![(format!("    {date} "), theme.dim)];
    let mut used = 5 + display_width(&date);
    if let Some(source) = library.source_label(place.issue).map(clean) {
        let source = fit(&source, display_width(&source).min(SOURCE_COLUMNS));
        if width >= used + display_width(&source) + 3 + 16 {
            used += display_width(&source) + 3;
            cells.push((source, theme.header(false)));
            cells.push((" · ".into(), theme.dim));
        }
    }
    if section_width > 0 && width >= used + section_width + 16 {
        cells.push((fit_section(section, section_width), theme.section));
        used += section_width;
        if !summary.is_empty() {
            cells.push((" · ".into(), theme.dim));
            used += 3;
        }
    }
    let room = width.saturating_sub(used + 1);
    let (excerpt, ranges) = snippet(summary, query, room);
    cells.extend(list::marked(&excerpt, &ranges, room, theme.dim, theme.mark));
    cells
}

/// A section's title fitted to `width`; a path too long loses its beginning, as in
/// the entries pane: `…Period › Cargo`, the nearest heading staying.
fn fit_section(section: &str, width: usize) -> String {
    if display_width(section) > width && section.contains(PATH_SEPARATOR) {
        list::keep_end(section, width)
    } else {
        fit(section, width)
    }
}

/// `text` fitted to `width`, its matches of `query` marked.
fn marked(theme: &Theme, text: &str, query: &Query, width: usize, base: Style) -> Vec<Cell> {
    list::marked(text, &matches(text, query), width, base, theme.mark)
}
