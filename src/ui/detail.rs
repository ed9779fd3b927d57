//! The detail pane: the lines `app::detail` wrapped for this width, from the scroll offset.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::list;
use super::theme::Theme;
use crate::app::State;
use crate::app::detail::PADDING;
use crate::app::layout::PaneArea;
use crate::app::state::DetailTarget;

pub fn render(buf: &mut Buffer, theme: &Theme, area: &PaneArea, state: &State, focused: bool) {
    let title = match state.detail_target() {
        DetailTarget::Issue(_) => "Issue",
        DetailTarget::Section { .. } => "Section",
        DetailTarget::Entry { .. } => "Entry",
        DetailTarget::Page(_) => "Page",
        DetailTarget::Nothing => "",
    };
    let lines = &state.detail.lines;
    let shown_to = (state.detail_scroll + usize::from(area.body.height)).min(lines.len());
    let position = if lines.len() > usize::from(area.body.height) {
        format!("{shown_to}/{}", lines.len())
    } else {
        String::new()
    };
    list::header(buf, theme, area.header, title, &position, focused);
    let text = Rect {
        x: area.body.x.saturating_add(PADDING).min(area.body.right()),
        width: area.body.width.saturating_sub(PADDING * 2),
        ..area.body
    };
    list::rows(
        buf,
        theme,
        text,
        state.detail_scroll,
        lines.len(),
        None,
        |i, width| {
            let line = &lines[i];
            let style = theme.line(line.style);
            if line.marks.is_empty() {
                return vec![(line.text.clone(), style)];
            }
            list::marked(&line.text, &line.marks, width, style, theme.mark)
        },
    );
}
