//! Drawing helpers shared by the panes: virtualized rows, pane headers, separators.

use std::ops::Range;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use unicode_segmentation::UnicodeSegmentation;

use super::theme::Theme;
use crate::text::{clean, display_width, fit, fit_right, grapheme_width, take_columns, truncate};

/// A piece of a row: text already fitted to its column, and its style.
pub type Cell = (String, Style);

/// Draws rows `offset..` of a list into `body`, building only the visible ones.
/// `row(index, width)` returns the row's cells, which together fit in `width`.
pub fn rows(
    buf: &mut Buffer,
    theme: &Theme,
    body: Rect,
    offset: usize,
    count: usize,
    selected: Option<(usize, bool)>,
    mut row: impl FnMut(usize, usize) -> Vec<Cell>,
) {
    let width = usize::from(body.width);
    let visible = count.saturating_sub(offset).min(usize::from(body.height));
    for (y, index) in (body.y..).zip(offset..offset + visible) {
        let line = Rect::new(body.x, y, body.width, 1);
        cells(buf, line, &row(index, width));
        if let Some((chosen, focused)) = selected
            && chosen == index
        {
            highlight(buf, theme, line, focused);
        }
    }
}

/// Marks `line` as the selected row: the theme's selection style and, on the focused
/// list, its cursor marker over the first column (a blank margin in every list).
pub fn highlight(buf: &mut Buffer, theme: &Theme, line: Rect, focused: bool) {
    buf.set_style(line, theme.selected(focused));
    if let (true, Some(marker), false) = (focused, theme.cursor_marker, line.is_empty()) {
        let mut text = [0; 4];
        buf.set_stringn(
            line.x,
            line.y,
            marker.encode_utf8(&mut text),
            1,
            theme.selected(true),
        );
    }
}

/// Writes cells left to right on one row, clipped to `line`.
pub fn cells(buf: &mut Buffer, line: Rect, cells: &[Cell]) {
    let mut x = line.x;
    let end = line.right();
    for (text, style) in cells {
        if x >= end {
            break;
        }
        let budget = usize::from(end - x);
        let text = clean(text);
        let (next, _) = if display_width(&text) <= budget {
            buf.set_stringn(x, line.y, &text, budget, *style)
        } else {
            buf.set_stringn(x, line.y, truncate(&text, budget), budget, *style)
        };
        x = next;
    }
}

/// `text` fitted to exactly `width` columns (cut with `…`, padded) as cells: the byte
/// ranges `marks` of `text` in `mark` style, the rest in `base`. `text` must already be
/// clean (see [`clean`]); ranges off character boundaries are ignored.
pub fn marked(
    text: &str,
    marks: &[Range<usize>],
    width: usize,
    base: Style,
    mark: Style,
) -> Vec<Cell> {
    let (kept, tail) = if display_width(text) <= width {
        (text, "")
    } else if width == 0 {
        ("", "")
    } else {
        (take_columns(text, width - 1).0, "…")
    };
    let mut cells = Vec::new();
    let mut at = 0;
    for range in marks {
        let end = range.end.min(kept.len());
        if range.start < at
            || range.start >= end
            || !kept.is_char_boundary(range.start)
            || !kept.is_char_boundary(end)
        {
            continue;
        }
        cells.push((kept[at..range.start].to_string(), base));
        cells.push((kept[range.start..end].to_string(), mark));
        at = end;
    }
    let used = display_width(kept) + display_width(tail);
    let rest = format!(
        "{}{tail}{}",
        &kept[at..],
        " ".repeat(width.saturating_sub(used))
    );
    cells.push((rest, base));
    cells.retain(|(text, _)| !text.is_empty());
    cells
}

/// A pane's title row: `title` on the left, `right` (a count) on the right.
pub fn header(
    buf: &mut Buffer,
    theme: &Theme,
    area: Rect,
    title: &str,
    right: &str,
    focused: bool,
) {
    if area.is_empty() {
        return;
    }
    let width = usize::from(area.width);
    let right = format!("{right} ");
    let right_width = display_width(&right);
    let line = if right_width + 4 <= width {
        let title = fit(&format!(" {}", clean(title)), width - right_width);
        format!("{title}{}", fit_right(&right, right_width))
    } else {
        fit(&format!(" {}", clean(title)), width)
    };
    buf.set_stringn(area.x, area.y, &line, width, theme.header(focused));
}

pub fn separator(buf: &mut Buffer, theme: &Theme, area: Rect) {
    for y in area.top()..area.bottom() {
        buf.set_stringn(area.x, y, "│", 1, theme.separator);
    }
}

/// The end of `text` that fits in `width` columns, after a `…`.
pub fn keep_end(text: &str, width: usize) -> String {
    if width == 0 {
        return String::new();
    }
    let mut start = text.len();
    let mut used = 1;
    for (at, grapheme) in text.grapheme_indices(true).rev() {
        used += grapheme_width(grapheme);
        if used > width {
            break;
        }
        start = at;
    }
    format!("…{}", &text[start..])
}
