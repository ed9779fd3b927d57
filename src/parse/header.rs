//! The issue header: YAML front matter or Pelican `Key: value` lines, and the date
//! and number found in metadata, titles or file names.

/// Metadata read before the Markdown body.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Header {
    pub title: Option<String>,
    pub date: Option<String>,
    pub number: Option<u32>,
    /// Byte offset where the Markdown body starts.
    pub body_start: usize,
}

/// Front matter longer than this is not front matter but a document that happens to
/// start with a thematic break.
const MAX_HEADER_LINES: usize = 100;

const PELICAN_KEYS: &[&str] = &[
    "title", "date", "number", "issue", "author", "authors", "category", "tags", "slug", "summary",
    "modified", "status", "lang", "layout",
];

/// Reads the header at the start of `text` (after an optional BOM).
pub(super) fn read_header(text: &str) -> Header {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[start..];
    let mut header = front_matter(rest)
        .or_else(|| pelican(rest))
        .unwrap_or_default();
    header.body_start += start;
    header
}

fn front_matter(text: &str) -> Option<Header> {
    let mut lines = line_spans(text);
    let (_, first) = lines.next()?;
    if first.trim_end() != "---" {
        return None;
    }
    let mut header = Header::default();
    for (offset, line) in lines.take(MAX_HEADER_LINES) {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            header.body_start = offset + line.len();
            return Some(header);
        }
        if let Some((key, value)) = key_value(line) {
            apply(&mut header, &key, value);
        }
    }
    None
}

fn pelican(text: &str) -> Option<Header> {
    let mut header = Header::default();
    let mut seen = false;
    for (offset, line) in line_spans(text).take(MAX_HEADER_LINES) {
        match key_value(line) {
            Some((key, value)) if PELICAN_KEYS.contains(&key.as_str()) => {
                apply(&mut header, &key, value);
                seen = true;
            }
            _ => {
                header.body_start = offset;
                return seen.then_some(header);
            }
        }
    }
    header.body_start = text.len();
    seen.then_some(header)
}

/// Lines of `text` with their byte offsets; each line keeps its terminator.
fn line_spans(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_inclusive('\n').scan(0, |offset, line| {
        let start = *offset;
        *offset += line.len();
        Some((start, line))
    })
}

/// `Key: value` with an ASCII key, lower-cased.
fn key_value(line: &str) -> Option<(String, &str)> {
    let (key, value) = line.split_once(':')?;
    let key = key.trim();
    let valid = !key.is_empty()
        && key.len() <= 32
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    valid.then(|| (key.to_ascii_lowercase(), unquote(value.trim())))
}

fn unquote(value: &str) -> &str {
    let quoted = value.len() >= 2
        && ((value.starts_with('"') && value.ends_with('"'))
            || (value.starts_with('\'') && value.ends_with('\'')));
    if quoted {
        &value[1..value.len() - 1]
    } else {
        value
    }
}

fn apply(header: &mut Header, key: &str, value: &str) {
    match key {
        "title" if !value.is_empty() => header.title = Some(value.to_string()),
        "date" => header.date = find_date(value),
        "number" | "issue" => {
            header.number = value.trim().parse().ok().or_else(|| find_number(value))
        }
        _ => {}
    }
}

/// The first valid date in `text` (`2020-06-03`, `2020.6.3`, `2020/06/03`,
/// `2020年6月3日`), as ISO `YYYY-MM-DD`.
pub(super) fn find_date(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i + 4 <= bytes.len() {
        let starts_number = bytes[i].is_ascii_digit() && (i == 0 || !bytes[i - 1].is_ascii_digit());
        if starts_number && let Some(date) = date_at(&text[i..]) {
            return Some(date);
        }
        i += 1;
    }
    None
}

fn date_at(text: &str) -> Option<String> {
    let (year, rest) = digits(text, 4, 4)?;
    let (rest, cjk) = separator(rest, &["-", ".", "/", "_", "年"])?;
    let (month, rest) = digits(rest, 1, 2)?;
    let (rest, _) = separator(rest, if cjk { &["月"] } else { &["-", ".", "/", "_"] })?;
    let (day, rest) = digits(rest, 1, 2)?;
    if rest.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let valid =
        (1900..=2999).contains(&year) && (1..=12).contains(&month) && (1..=31).contains(&day);
    valid.then(|| format!("{year:04}-{month:02}-{day:02}"))
}

fn digits(text: &str, min: usize, max: usize) -> Option<(u32, &str)> {
    let count = text.bytes().take_while(u8::is_ascii_digit).count();
    if count < min || count > max {
        return None;
    }
    Some((text[..count].parse().ok()?, &text[count..]))
}

/// Strips one of `seps`; the flag tells whether it was the CJK `年`.
fn separator<'t>(text: &'t str, seps: &[&str]) -> Option<(&'t str, bool)> {
    seps.iter()
        .find(|sep| text.starts_with(**sep))
        .map(|sep| (&text[sep.len()..], *sep == "年"))
}

/// Words before an issue number, lower-cased: `Vol. 12`, `Volume 12`, `Issue #12`,
/// `issue-12`, `No. 7`, `№ 7`.
const NUMBER_PREFIXES: &[&str] = &["volume", "vol", "issue", "no.", "nr.", "№"];

/// Words that a number follows without being an issue's: `Top 10`, `Part 2`.
const NOT_ISSUE_WORDS: &[&str] = &[
    "top", "part", "day", "step", "chapter", "page", "level", "round", "v", "version",
];

/// The issue number in a title: `第 12 期`, `Vol.12`, `Volume 12`, `issue-12`,
/// `Issue #12`, `No. 12`, `#12`, or a number ending the title (`This Week in Rust 91`).
/// A year or a date is no number, nor a count (`Top 10`).
pub(super) fn find_number(text: &str) -> Option<u32> {
    let lower = text.to_lowercase();
    if let Some(n) = number_between(&lower, "第", "期") {
        return Some(n);
    }
    NUMBER_PREFIXES
        .iter()
        .find_map(|prefix| number_after(&lower, prefix))
        .or_else(|| hash_number(&lower))
        .or_else(|| trailing_number(&lower))
}

/// The issue number in a file stem: as in a title, or digits right after a name of
/// letters (`HelloGitHub99`).
pub(super) fn find_number_in_name(stem: &str) -> Option<u32> {
    find_number(stem).or_else(|| {
        let digits = stem.bytes().rev().take_while(u8::is_ascii_digit).count();
        let (name, number) = stem.split_at(stem.len() - digits);
        let named = name.len() >= 4 && name.bytes().all(|b| b.is_ascii_alphabetic());
        let lower = name.to_ascii_lowercase();
        if !named || NOT_ISSUE_WORDS.contains(&lower.as_str()) {
            return None;
        }
        issue_number(number, "")
    })
}

fn number_between(text: &str, before: &str, after: &str) -> Option<u32> {
    text.match_indices(before).find_map(|(i, _)| {
        let rest = text[i + before.len()..].trim_start();
        let (n, rest) = digits(rest, 1, 9)?;
        rest.trim_start().starts_with(after).then_some(n)
    })
}

fn number_after(text: &str, prefix: &str) -> Option<u32> {
    text.match_indices(prefix).find_map(|(i, _)| {
        let word_start = i == 0 || !text[..i].ends_with(|c: char| c.is_ascii_alphabetic());
        let rest = text[i + prefix.len()..].trim_start_matches(['.', '-', '_', '#', ' ', ':']);
        if !word_start || !rest.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        let count = rest.bytes().take_while(u8::is_ascii_digit).count();
        let (number, after) = rest.split_at(count);
        (count <= 9 && !starts_date_or_version(after))
            .then(|| number.parse().ok())
            .flatten()
    })
}

/// `#45`: a `#` that starts a word, then digits that end it.
fn hash_number(text: &str) -> Option<u32> {
    text.match_indices('#').find_map(|(i, _)| {
        let word_start = !text[..i].ends_with(|c: char| c.is_alphanumeric());
        let rest = &text[i + 1..];
        let count = rest.bytes().take_while(u8::is_ascii_digit).count();
        let (number, after) = rest.split_at(count);
        let word_end = !after.starts_with(|c: char| c.is_alphanumeric());
        if !word_start || count == 0 || !word_end {
            return None;
        }
        issue_number(number, after)
    })
}

/// A number ending the text, after a word: `This Week in Rust 91`.
fn trailing_number(text: &str) -> Option<u32> {
    let text = text.trim_end();
    let count = text.bytes().rev().take_while(u8::is_ascii_digit).count();
    let (before, number) = text.split_at(text.len() - count);
    let before = before.strip_suffix(' ')?.trim_end();
    let last_word = before.rsplit(' ').next().unwrap_or(before);
    let after_word =
        last_word.ends_with(|c: char| c.is_alphabetic()) && !NOT_ISSUE_WORDS.contains(&last_word);
    if count == 0 || !after_word {
        return None;
    }
    issue_number(number, "")
}

/// `number` as an issue number, unless it is too long, a year, or starts a date or
/// a version (`after` is the text after it).
fn issue_number(number: &str, after: &str) -> Option<u32> {
    let n: u32 = number.parse().ok().filter(|_| number.len() <= 9)?;
    let year = number.len() == 4 && (1900..=2100).contains(&n);
    (!year && !starts_date_or_version(after)).then_some(n)
}

/// True when `after`, the text after a number, makes it part of a date or a version:
/// `-06-03`, `.1`, `/6`, `年`.
fn starts_date_or_version(after: &str) -> bool {
    let mut chars = after.chars();
    match chars.next() {
        Some('-' | '.' | '/' | '_') => chars.next().is_some_and(|c| c.is_ascii_digit()),
        Some('年' | '月') => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_front_matter_is_skipped_and_read() {
        let text = "---\nlayout: default\ntitle: \"Weekly 3\"\ndate: 2021-02-03 10:00\n---\n# T\n";
        let header = read_header(text);
        assert_eq!(header.title.as_deref(), Some("Weekly 3"));
        assert_eq!(header.date.as_deref(), Some("2021-02-03"));
        assert_eq!(&text[header.body_start..], "# T\n");
    }

    #[test]
    fn unterminated_front_matter_is_body() {
        let header = read_header("---\n\nSome text\n");
        assert_eq!(header.body_start, 0);
    }

    #[test]
    fn pelican_lines_are_read_until_the_first_other_line() {
        let text = "Title: 周报\nDate: 2019/4/7\nNumber: 12\n\n正文: not metadata\n";
        let header = read_header(text);
        assert_eq!(header.title.as_deref(), Some("周报"));
        assert_eq!(header.date.as_deref(), Some("2019-04-07"));
        assert_eq!(header.number, Some(12));
        assert_eq!(&text[header.body_start..], "\n正文: not metadata\n");
    }

    #[test]
    fn ordinary_first_lines_are_not_metadata() {
        assert_eq!(read_header("Note: hello\n").body_start, 0);
        assert_eq!(read_header("摘要：hello\n").body_start, 0);
    }

    #[test]
    fn dates_are_found_in_titles_and_names() {
        assert_eq!(
            find_date("嵌入式AI简报 (2020-06-03)").as_deref(),
            Some("2020-06-03")
        );
        assert_eq!(find_date("2021年8月1日").as_deref(), Some("2021-08-01"));
        assert_eq!(find_date("v12020-13-01"), None);
        assert_eq!(find_date("no date"), None);
    }

    #[test]
    fn numbers_are_found_in_their_usual_forms() {
        assert_eq!(find_number("机器学习周刊 第 12 期"), Some(12));
        assert_eq!(find_number("Weekly Vol.7"), Some(7));
        assert_eq!(find_number("issue-42"), Some(42));
        assert_eq!(find_number("Issue #3: news"), Some(3));
        assert_eq!(find_number("2020-06-03"), None);
        assert_eq!(find_number("tissue 4 samples"), None);
    }

    #[test]
    fn numbers_of_the_usual_digests() {
        assert_eq!(
            find_number("科技爱好者周刊（第 368 期）：最好的工具"),
            Some(368)
        );
        assert_eq!(find_number("《HelloGitHub》第 99 期"), Some(99));
        assert_eq!(find_number("This Week in Rust 91"), Some(91));
        assert_eq!(find_number("Vol. 12"), Some(12));
        assert_eq!(find_number("Weekly #45: news"), Some(45));
        assert_eq!(find_number("#45"), Some(45));
        assert_eq!(find_number("No. 7"), Some(7));
        assert_eq!(find_number("Issue 12"), Some(12));
        assert_eq!(find_number_in_name("issue-368"), Some(368));
        assert_eq!(find_number_in_name("HelloGitHub99"), Some(99));
    }

    #[test]
    fn years_dates_versions_and_counts_are_no_numbers() {
        for text in [
            "Top 10 crates of the year",
            "The top 10",
            "Rust in 2024",
            "Weekly 2024-01-08",
            "Issue 2020-06-03",
            "嵌入式AI简报 (2020-06-03)",
            "Release 1.2",
            "C#10 features",
            "Part 2",
            "Rust 1.75",
            "#1st place",
            "no date",
        ] {
            assert_eq!(find_number(text), None, "{text}");
        }
        for stem in [
            "2020-06-03",
            "top10",
            "v2",
            "README",
            "note-1",
            "chapter12",
            "2015-07-27-this-week-in-rust",
        ] {
            assert_eq!(find_number_in_name(stem), None, "{stem}");
        }
    }
}
