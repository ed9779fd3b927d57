//! The parts of an entry's head line: leading `[tags]`, an enumerator (`1、`), the
//! title, and the source after a bar (`title | source`).

use super::trim::{trim, trim_end, trim_start};

/// Leading `[tag]` / `【tag】` groups, and the rest.
pub(super) fn split_tags(text: &str) -> (Vec<&str>, &str) {
    let mut tags = Vec::new();
    let mut rest = trim_start(text);
    while let Some((tag, after)) = leading_tag(rest) {
        tags.push(tag);
        rest = trim_start(after);
    }
    (tags, rest)
}

fn leading_tag(text: &str) -> Option<(&str, &str)> {
    let (open, close) = match text.chars().next()? {
        '[' => ('[', ']'),
        '【' => ('【', '】'),
        _ => return None,
    };
    let inner_start = open.len_utf8();
    let end = text[inner_start..].find(close)? + inner_start;
    let inner = trim(&text[inner_start..end]);
    let plausible = !inner.is_empty() && inner.len() <= 80 && !inner.contains([open, '\n']);
    plausible.then(|| (inner, &text[end + close.len_utf8()..]))
}

/// Marks that end an enumerator.
const ENUMERATOR_MARKS: [char; 7] = ['、', '.', '．', ')', '）', ':', '：'];

/// A leading enumerator, `1、`, `1.`, `1)`, `1：`: its number, its mark and the text
/// after it.
pub(super) fn enumerator(text: &str) -> Option<(u32, char, &str)> {
    let trimmed = trim_start(text);
    let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 3 {
        return None;
    }
    let rest = &trimmed[digits..];
    let mark = rest
        .chars()
        .next()
        .filter(|c| ENUMERATOR_MARKS.contains(c))?;
    let number = trimmed[..digits].parse().ok()?;
    Some((number, mark, trim_start(&rest[mark.len_utf8()..])))
}

/// Strips a leading enumerator: `1、`, `1.`, `1)`, `1：`.
pub(super) fn strip_enumerator(text: &str) -> &str {
    enumerator(text).map_or(text, |(_, _, rest)| rest)
}

/// `title | source` (also full-width `｜`): the source is after the last bar.
pub(super) fn split_source(title: &str) -> (&str, Option<&str>) {
    let cleaned = strip_unmatched_bracket(trim(title));
    if let Some((bar, bar_len)) = last_bar(cleaned) {
        // `cleaned` is trimmed: only the sides next to the bar can hold spaces, and
        // plain spaces are stripped first, which is cheaper than testing for Unicode's.
        let left = trim_end(strip_spaces_end(&cleaned[..bar]));
        let right = trim_start(strip_spaces_start(&cleaned[bar + bar_len..]));
        if !left.is_empty() {
            return (left, (!right.is_empty()).then_some(right));
        }
    }
    (cleaned, None)
}

/// `text` without its trailing ASCII spaces.
fn strip_spaces_end(text: &str) -> &str {
    let spaces = text.bytes().rev().take_while(|&b| b == b' ').count();
    &text[..text.len() - spaces]
}

/// `text` without its leading ASCII spaces.
fn strip_spaces_start(text: &str) -> &str {
    let spaces = text.bytes().take_while(|&b| b == b' ').count();
    &text[spaces..]
}

/// Where the last `|` or `｜` is, and its length in bytes. A byte scan: `｜` is
/// U+FF5C, EF BD 9C in UTF-8, and std's `rfind` would decode every character.
pub(super) fn last_bar(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut end = bytes.len();
    while let Some(at) = memchr::memrchr2(b'|', 0x9C, &bytes[..end]) {
        if bytes[at] == b'|' {
            return Some((at, 1));
        }
        if at >= 2 && bytes[at - 2..at] == [0xEF, 0xBD] {
            return Some((at - 2, 3));
        }
        end = at;
    }
    None
}

/// A title left with the `[` of a link whose closing bracket never came.
fn strip_unmatched_bracket(title: &str) -> &str {
    match title.strip_prefix('[') {
        Some(rest) if !rest.contains(']') => trim_start(rest),
        _ => title,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_leading_brackets_only() {
        let (tags, rest) = split_tags("[1812.00332] 【CVPR 2020】 Title [x]");
        assert_eq!(tags, ["1812.00332", "CVPR 2020"]);
        assert_eq!(rest, "Title [x]");
        assert_eq!(split_tags("[unclosed title").0, Vec::<String>::new());
    }

    #[test]
    fn source_is_after_the_last_bar() {
        assert_eq!(split_source("量化 | 机器之心"), ("量化", Some("机器之心")));
        assert_eq!(split_source("A | B ｜ 新智元"), ("A | B", Some("新智元")));
        assert_eq!(
            split_source("owner/repo: a tool"),
            ("owner/repo: a tool", None)
        );
        assert_eq!(split_source("[Broken title |"), ("Broken title", None));
        assert_eq!(split_source("a ｜ b 蜜"), ("a", Some("b 蜜")));
    }

    #[test]
    fn enumerators_are_stripped() {
        assert_eq!(strip_enumerator("1、[t](u)"), "[t](u)");
        assert_eq!(strip_enumerator("12. x"), "x");
        assert_eq!(strip_enumerator("2020 year"), "2020 year");
        assert_eq!(enumerator("  12、名字"), Some((12, '、', "名字")));
        assert_eq!(enumerator("1x"), None);
    }
}
