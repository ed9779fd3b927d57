//! What tells issues apart in a list: the part of each title that the other issues of
//! its source do not share. See [`distinct_titles`].

use crate::model::{Issue, Library, SourceId};
use crate::text::display_width;

/// A shared part shorter than this many columns is kept: `A ` of `A day`, `A night`
/// says something.
const MIN_SHARED_COLUMNS: usize = 4;

/// Characters trimmed where a shared part was cut away: spaces, separators, and
/// brackets left without their pair.
const JOINTS: &[char] = &[
    ':', '：', ',', '，', '、', '.', '。', '-', '–', '—', '|', '·', '/', ';', '；', '!', '！',
];
const OPENING: &[char] = &['(', '（', '[', '【', '《', '「', '<'];
const CLOSING: &[char] = &[')', '）', ']', '】', '》', '」', '>'];

/// For each issue of `library` (by position), its title as the issue list shows it:
/// see [`distinct_titles`], computed per source and folder (`en/HelloGitHub99` is
/// compared with the other issues of `en/`).
pub fn list_titles(library: &Library) -> Vec<String> {
    let group = |issue: &Issue| {
        let folder = issue.id.rsplit_once('/').map_or("", |(folder, _)| folder);
        (issue.source.clone(), folder.to_string())
    };
    let mut groups: Vec<((SourceId, String), Vec<usize>)> = Vec::new();
    for (at, issue) in library.issues.iter().enumerate() {
        let key = group(issue);
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, members)) => members.push(at),
            None => groups.push((key, vec![at])),
        }
    }
    let mut titles = vec![String::new(); library.issues.len()];
    for (_, members) in groups {
        let issues: Vec<&Issue> = members.iter().map(|&at| &library.issues[at]).collect();
        for (at, title) in members.into_iter().zip(distinct_titles(&issues)) {
            titles[at] = title;
        }
    }
    titles
}

/// What tells each of `issues` (of one source) apart from the others: its title
/// without a `(date)` that repeats its date, then without the beginning and end that
/// every title shares (cut between words and never inside a number, kept when under
/// [`MIN_SHARED_COLUMNS`] columns). What is left starting with a number reads `No. N`
/// (`第 N 期` when the title says `第 N`), followed by the rest: `This Week in Rust
/// 560` → `No. 560`; `科技爱好者周刊（第 368 期）：不要这样管理软件团队` → `第 368 期
/// 不要这样管理软件团队`. A title with nothing left is shown whole.
pub fn distinct_titles(issues: &[&Issue]) -> Vec<String> {
    let titles: Vec<String> = issues.iter().map(|i| without_date(i)).collect();
    if titles.len() < 2 {
        return titles;
    }
    let refs: Vec<&str> = titles.iter().map(String::as_str).collect();
    let (prefix, suffix) = shared_ends(&refs);
    titles
        .iter()
        .map(|title| {
            let middle = &title[prefix..title.len() - suffix];
            let cjk = title[..prefix].trim_end().ends_with('第');
            match label(middle, cjk) {
                Some(label) => label,
                None => title.clone(),
            }
        })
        .collect()
}

/// The title without a `(date)` that only repeats the issue's date, wherever it stands
/// (`嵌入式AI简报 (2021-07-18)：…` → `嵌入式AI简报：…`).
pub fn without_date(issue: &Issue) -> String {
    let title = issue.title.trim();
    let Some(date) = &issue.date else {
        return title.to_string();
    };
    for repeated in [format!("({date})"), format!("（{date}）")] {
        if let Some(at) = title.find(&repeated) {
            let shortened = format!(
                "{}{}",
                title[..at].trim_end(),
                &title[at + repeated.len()..]
            );
            if display_width(shortened.trim()) > 0 {
                return shortened.trim().to_string();
            }
        }
    }
    title.to_string()
}

/// Bytes of the beginning and of the end every title shares, each cut at a place
/// that splits no word and no number, and dropped when too short to matter.
fn shared_ends(titles: &[&str]) -> (usize, usize) {
    let shortest = titles.iter().map(|t| t.len()).min().unwrap_or(0);
    let first = titles[0];
    let mut prefix = 0;
    for (at, c) in first.char_indices() {
        let end = at + c.len_utf8();
        if end > shortest
            || !titles
                .iter()
                .all(|t| t.as_bytes().get(..end) == first.as_bytes().get(..end))
        {
            break;
        }
        prefix = end;
    }
    while prefix > 0 && !titles.iter().all(|t| is_cut(t, prefix)) {
        prefix = previous_boundary(first, prefix);
    }
    let mut suffix = 0;
    for (at, _) in first.char_indices().rev() {
        let len = first.len() - at;
        let shared = titles
            .iter()
            .all(|t| t.len() >= len && t.as_bytes()[t.len() - len..] == first.as_bytes()[at..]);
        if !shared || len + prefix > shortest {
            break;
        }
        suffix = len;
    }
    while suffix > 0 && !titles.iter().all(|t| is_cut(t, t.len() - suffix)) {
        let at = first.len() - suffix;
        suffix = first.len() - next_boundary(first, at);
    }
    let columns = |s: &str| display_width(s.trim());
    let prefix = if columns(&first[..prefix]) >= MIN_SHARED_COLUMNS {
        prefix
    } else {
        0
    };
    let suffix = if columns(&first[first.len() - suffix..]) >= MIN_SHARED_COLUMNS {
        suffix
    } else {
        0
    };
    (prefix, suffix)
}

/// Whether cutting `text` at byte `at` splits no word of Latin letters and digits
/// and no number (`2024-01-08` and `1.5` are one number).
fn is_cut(text: &str, at: usize) -> bool {
    let mut before = text[..at].chars().rev();
    let mut after = text[at..].chars();
    let (Some(b), Some(a)) = (before.next(), after.next()) else {
        return true;
    };
    let digit = |c: Option<char>| c.is_some_and(|c| c.is_numeric());
    let joins = |c: char| matches!(c, '-' | '.' | '/' | ':');
    let word = b.is_ascii_alphanumeric() && a.is_ascii_alphanumeric();
    let number = b.is_numeric() && a.is_numeric()
        || joins(b) && a.is_numeric() && digit(before.next())
        || joins(a) && b.is_numeric() && digit(after.next());
    !(word || number)
}

fn previous_boundary(text: &str, at: usize) -> usize {
    text[..at].char_indices().next_back().map_or(0, |(i, _)| i)
}

fn next_boundary(text: &str, at: usize) -> usize {
    text[at..]
        .chars()
        .next()
        .map_or(text.len(), |c| at + c.len_utf8())
}

/// The distinct part as shown, or `None` when nothing is left of it.
fn label(middle: &str, cjk: bool) -> Option<String> {
    let middle = trim_joints(middle);
    if middle.is_empty() {
        return None;
    }
    let digits = middle.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &middle[digits..];
    let number_alone = rest.is_empty()
        || rest.starts_with(|c: char| c.is_whitespace() || c == '期' || CLOSING.contains(&c))
        || rest.starts_with([':', '：', ',', '，']);
    let Some(number) = middle[..digits]
        .parse::<u32>()
        .ok()
        .filter(|_| number_alone)
    else {
        return Some(middle.to_string());
    };
    let rest = rest.trim_start();
    let rest = trim_joints(if cjk {
        rest.strip_prefix('期').unwrap_or(rest)
    } else {
        rest
    });
    let head = if cjk {
        format!("第 {number} 期")
    } else {
        format!("No. {number}")
    };
    Some(match rest.is_empty() {
        true => head,
        false => format!("{head} {rest}"),
    })
}

/// `text` without spaces and separators at either end, nor a closing bracket at its
/// start or an opening one at its end.
fn trim_joints(text: &str) -> &str {
    text.trim_start_matches(|c: char| {
        c.is_whitespace() || JOINTS.contains(&c) || CLOSING.contains(&c)
    })
    .trim_end_matches(|c: char| c.is_whitespace() || JOINTS.contains(&c) || OPENING.contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issue(title: &str, date: Option<&str>) -> Issue {
        Issue {
            title: title.into(),
            date: date.map(str::to_string),
            ..Issue::default()
        }
    }

    fn distinct(titles: &[&str]) -> Vec<String> {
        let issues: Vec<Issue> = titles.iter().map(|t| issue(t, None)).collect();
        distinct_titles(&issues.iter().collect::<Vec<_>>())
    }

    #[test]
    fn numbered_titles_show_their_number() {
        assert_eq!(
            distinct(&[
                "This Week in Rust 560",
                "This Week in Rust 561",
                "This Week in Rust 99"
            ]),
            ["No. 560", "No. 561", "No. 99"]
        );
        assert_eq!(
            distinct(&[
                "《HelloGitHub》第 99 期",
                "《HelloGitHub》第 98 期",
                "《HelloGitHub》第 100 期"
            ]),
            ["第 99 期", "第 98 期", "第 100 期"]
        );
        assert_eq!(
            distinct(&[
                "科技爱好者周刊（第 368 期）：不要这样管理软件团队",
                "科技爱好者周刊（第 367 期）：另一个题目",
            ]),
            ["第 368 期 不要这样管理软件团队", "第 367 期 另一个题目"]
        );
    }

    #[test]
    fn titles_that_share_little_or_nothing_stay_whole() {
        assert_eq!(distinct(&["A day", "A night"]), ["A day", "A night"]);
        assert_eq!(distinct(&["Alpha", "Beta"]), ["Alpha", "Beta"]);
        assert_eq!(distinct(&["Only one"]), ["Only one"]);
        assert_eq!(
            distinct(&["Weekly notes", "Weekly notes: extra"]),
            ["Weekly notes", "extra"],
            "a title that is all shared part stays whole"
        );
        assert_eq!(
            distinct(&["Weekly 2024-01-08", "Weekly 2024-01-22"]),
            ["2024-01-08", "2024-01-22"],
            "a date is no number"
        );
    }

    #[test]
    fn a_repeated_date_goes_before_the_shared_part_is_found() {
        let issues = [
            issue(
                "嵌入式AI简报 (2021-07-18)：上海张江GPGPU/微软SuperBench",
                Some("2021-07-18"),
            ),
            issue("嵌入式AI简报 (2021-07-01)", Some("2021-07-01")),
        ];
        let refs: Vec<&Issue> = issues.iter().collect();
        assert_eq!(
            distinct_titles(&refs),
            ["上海张江GPGPU/微软SuperBench", "嵌入式AI简报"]
        );
    }

    #[test]
    fn cuts_split_no_word_and_no_number() {
        assert_eq!(
            distinct(&["Rustacean news 12", "Rustacean newsletter 12"]),
            ["news 12", "newsletter 12"]
        );
        assert_eq!(
            distinct(&["Issue 120 out", "Issue 125 out"]),
            ["No. 120 out", "No. 125 out"]
        );
    }
}
