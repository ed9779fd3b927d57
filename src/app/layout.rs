//! Where things go on the screen, from the terminal size and the focused pane.
//! Pure, so the state machine (mouse hit-testing, page sizes) and the views agree.

use ratatui::layout::Rect;

use super::state::Pane;

/// Below this the reader shows only a "terminal too small" note.
pub const MIN_WIDTH: u16 = 20;
pub const MIN_HEIGHT: u16 = 5;
/// Three panes from this width on, two from [`MEDIUM`], one below.
pub const WIDE: u16 = 100;
pub const MEDIUM: u16 = 60;
/// The widest the log overlay gets (its box, border included).
pub const LOG_WIDTH: u16 = 120;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaneArea {
    pub pane: Pane,
    /// One row: the pane's title.
    pub header: Rect,
    pub body: Rect,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScreenLayout {
    pub panes: Vec<PaneArea>,
    /// One-column gaps between panes.
    pub separators: Vec<Rect>,
    /// Issue › section › entry, only when one pane is shown.
    pub breadcrumb: Option<Rect>,
    /// The row of source tabs on top, when the library holds several sources.
    pub sources: Option<Rect>,
    pub status: Rect,
    pub too_small: bool,
    /// The prompt and results of search mode.
    pub search: Option<SearchArea>,
}

/// Search mode: the prompt on the top row, the results pane below it on the left (the
/// whole width below [`WIDE`]), and on wide terminals the detail pane on the right.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchArea {
    pub prompt: Rect,
    /// The results pane's title row: the count.
    pub header: Rect,
    pub body: Rect,
}

impl ScreenLayout {
    pub fn pane(&self, pane: Pane) -> Option<&PaneArea> {
        self.panes.iter().find(|p| p.pane == pane)
    }

    pub fn pane_at(&self, column: u16, row: u16) -> Option<&PaneArea> {
        let point = ratatui::layout::Position { x: column, y: row };
        self.panes
            .iter()
            .find(|p| p.header.contains(point) || p.body.contains(point))
    }
}

/// The browsing layout; `source_row` takes the top row for the source tabs.
pub fn screen(area: Rect, focus: Pane, source_row: bool) -> ScreenLayout {
    if is_too_small(area) {
        return too_small(area);
    }
    let (main, status) = split_rows(area, area.height - 1);
    let (sources, main) = if source_row {
        let (row, rest) = split_rows(main, 1);
        (Some(row), rest)
    } else {
        (None, main)
    };
    let (breadcrumb, main) = if area.width < MEDIUM {
        let (crumb, rest) = split_rows(main, 1);
        (Some(crumb), rest)
    } else {
        (None, main)
    };
    let shown = visible_panes(area.width, focus);
    let widths = pane_widths(main.width, shown.len());
    let mut panes = Vec::new();
    let mut separators = Vec::new();
    let mut x = main.x;
    for (&pane, &width) in shown.iter().zip(&widths) {
        if x > main.x {
            separators.push(Rect::new(x, main.y, 1, main.height));
            x += 1;
        }
        let column = Rect::new(x, main.y, width, main.height);
        let (header, body) = split_rows(column, 1);
        panes.push(PaneArea { pane, header, body });
        x += width;
    }
    ScreenLayout {
        panes,
        separators,
        breadcrumb,
        sources,
        status,
        too_small: false,
        search: None,
    }
}

fn is_too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

fn too_small(area: Rect) -> ScreenLayout {
    ScreenLayout {
        panes: Vec::new(),
        separators: Vec::new(),
        breadcrumb: None,
        sources: None,
        status: area,
        too_small: true,
        search: None,
    }
}

/// The layout of search mode (see [`SearchArea`]).
pub fn search_screen(area: Rect) -> ScreenLayout {
    if is_too_small(area) {
        return too_small(area);
    }
    let (main, status) = split_rows(area, area.height - 1);
    let (prompt, main) = split_rows(main, 1);
    let mut panes = Vec::new();
    let mut separators = Vec::new();
    let results_width = if area.width >= WIDE {
        let results = main.width * 55 / 100;
        separators.push(Rect::new(main.x + results, main.y, 1, main.height));
        let x = main.x + results + 1;
        let column = Rect::new(x, main.y, main.right() - x, main.height);
        let (header, body) = split_rows(column, 1);
        panes.push(PaneArea {
            pane: Pane::Detail,
            header,
            body,
        });
        results
    } else {
        main.width
    };
    let (header, body) = split_rows(Rect::new(main.x, main.y, results_width, main.height), 1);
    ScreenLayout {
        panes,
        separators,
        breadcrumb: None,
        sources: None,
        status,
        too_small: false,
        search: Some(SearchArea {
            prompt,
            header,
            body,
        }),
    }
}

/// Which panes a terminal `width` columns wide shows, left to right.
pub fn visible_panes(width: u16, focus: Pane) -> Vec<Pane> {
    if width >= WIDE {
        vec![Pane::Issues, Pane::Entries, Pane::Detail]
    } else if width >= MEDIUM {
        match focus {
            Pane::Issues => vec![Pane::Issues, Pane::Detail],
            Pane::Entries | Pane::Detail => vec![Pane::Entries, Pane::Detail],
        }
    } else {
        vec![focus]
    }
}

fn pane_widths(total: u16, count: usize) -> Vec<u16> {
    match count {
        3 => {
            let issues = (total * 3 / 10).clamp(28, 44);
            let entries = (total * 35 / 100).clamp(30, 60);
            vec![issues, entries, total - issues - entries - 2]
        }
        2 => {
            let left = total * 45 / 100;
            vec![left, total - left - 1]
        }
        _ => vec![total],
    }
}

/// Splits `area` into its first `top` rows and the rest.
fn split_rows(area: Rect, top: u16) -> (Rect, Rect) {
    let top = top.min(area.height);
    (
        Rect::new(area.x, area.y, area.width, top),
        Rect::new(area.x, area.y + top, area.width, area.height - top),
    )
}

/// The box of an overlay (help, link picker, log): centred, at most `max_width` wide,
/// leaving the status bar visible.
pub fn overlay(area: Rect, max_width: u16) -> Rect {
    let usable = Rect::new(area.x, area.y, area.width, area.height.saturating_sub(1));
    let width = usable.width.saturating_sub(4).min(max_width);
    let height = usable.height.saturating_sub(2);
    Rect::new(
        usable.x + (usable.width - width) / 2,
        usable.y + (usable.height - height) / 2,
        width,
        height,
    )
}

/// The inside of an overlay box, without its border.
pub fn overlay_body(area: Rect, max_width: u16) -> Rect {
    let outer = overlay(area, max_width);
    Rect::new(
        outer.x + 1,
        outer.y + 1,
        outer.width.saturating_sub(2),
        outer.height.saturating_sub(2),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pane_count_follows_width() {
        for (width, count) in [(200, 3), (100, 3), (99, 2), (60, 2), (59, 1), (20, 1)] {
            let layout = screen(Rect::new(0, 0, width, 30), Pane::Entries, false);
            assert_eq!(layout.panes.len(), count, "width {width}");
            assert_eq!(layout.breadcrumb.is_some(), count == 1);
        }
    }

    #[test]
    fn panes_and_separators_fill_the_width_exactly() {
        for width in MIN_WIDTH..=250 {
            for focus in [Pane::Issues, Pane::Entries, Pane::Detail] {
                let layout = screen(Rect::new(0, 0, width, 10), focus, false);
                let used: u16 = layout.panes.iter().map(|p| p.body.width).sum::<u16>()
                    + layout.separators.len() as u16;
                assert_eq!(used, width);
                assert!(layout.pane(focus).is_some());
            }
        }
    }

    #[test]
    fn the_source_row_takes_the_top_row_from_every_pane() {
        for width in [40, 80, 120] {
            let with = screen(Rect::new(0, 0, width, 20), Pane::Issues, true);
            let without = screen(Rect::new(0, 0, width, 20), Pane::Issues, false);
            assert_eq!(with.sources, Some(Rect::new(0, 0, width, 1)));
            assert!(without.sources.is_none());
            for (a, b) in with.panes.iter().zip(&without.panes) {
                assert_eq!(a.header.y, b.header.y + 1);
                assert_eq!(a.body.height + 1, b.body.height);
            }
        }
    }

    #[test]
    fn tiny_sizes_are_too_small() {
        for (w, h) in [(0, 0), (1, 1), (1, 200), (200, 1), (19, 40), (80, 4)] {
            assert!(screen(Rect::new(0, 0, w, h), Pane::Issues, true).too_small);
            assert!(search_screen(Rect::new(0, 0, w, h)).too_small);
        }
    }

    #[test]
    fn search_mode_previews_the_detail_only_when_wide() {
        for width in MIN_WIDTH..=250 {
            let layout = search_screen(Rect::new(0, 0, width, 10));
            let search = layout.search.unwrap();
            assert_eq!(
                search.body.height, 7,
                "prompt, header and status take 3 rows"
            );
            let used = search.body.width
                + layout.panes.iter().map(|p| p.body.width).sum::<u16>()
                + layout.separators.len() as u16;
            assert_eq!(used, width);
            assert_eq!(layout.pane(Pane::Detail).is_some(), width >= WIDE);
        }
    }
}
