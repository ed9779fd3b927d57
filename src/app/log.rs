//! The log overlay's text: every problem, wrapped to the overlay's width, so the
//! view draws and the state machine scrolls the same lines.

use crate::text::wrap;

/// Later lines of a problem are indented, so each problem's first line stands out.
const INDENT: &str = "  ";

/// The log's lines at `width` columns: each problem wrapped, its later lines indented.
pub fn lines(log: &[String], width: usize) -> Vec<String> {
    let room = width.saturating_sub(INDENT.len()).max(1);
    let mut lines = Vec::new();
    for problem in log {
        for (n, line) in wrap(problem, room).into_iter().enumerate() {
            lines.push(if n == 0 {
                line
            } else {
                format!("{INDENT}{line}")
            });
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::display_width;

    #[test]
    fn long_problems_wrap_with_an_indent_and_nothing_is_lost() {
        let log = vec![
            "fetch failed: https://example.com/a/very/long/path: Name or service not known"
                .to_string(),
            "short".to_string(),
        ];
        let lines = lines(&log, 30);
        assert!(lines.len() > 3, "{lines:?}");
        assert!(lines.iter().all(|l| display_width(l) <= 30), "{lines:?}");
        assert!(lines[1].starts_with(INDENT), "{lines:?}");
        let words: Vec<&str> = lines.iter().map(|l| l.trim()).collect();
        assert!(
            words.join(" ").contains("Name or service not known"),
            "{lines:?}"
        );
        assert_eq!(lines.last().map(String::as_str), Some("short"));
    }
}
