//! Entries before the first section: a list of linked bullets in the intro (a digest's
//! short news, 热身小新闻) is a section of its own, named by the paragraph that
//! introduces it, else 导读 / Intro.

use std::ops::Range;

use pulldown_cmark::Event;

use super::outline::link_led;
use super::render::is_wide;
use super::trim::trim;
use crate::text::display_width;

/// The name of an intro section that no paragraph names.
const INTRO_CJK: &str = "导读";
const INTRO: &str = "Intro";

/// A paragraph wider than this (in columns) introduces no list: it is prose.
const MAX_LEAD_WIDTH: usize = 80;

/// Words that lead into a list without naming it, stripped from the front of a name.
const FILLERS: &[&str] = &[
    "好了",
    "首先是",
    "首先",
    "先是",
    "然后是",
    "接下来是",
    "下面是",
    "这里是",
    "这是",
    "来看",
    "一些",
    "其他",
    "其它",
    "几条",
    "几则",
    "几个",
    "本期",
    "here are",
    "here is",
    "here's",
    "first",
    "now",
    "some",
    "a few",
    "the",
];

/// True when a list before the first section holds entries: two items or more,
/// nearly all (three in four) led by a link.
pub(super) fn is_entry_list(all: &[Event], items: &[Range<usize>]) -> bool {
    let led = items
        .iter()
        .filter(|item| link_led(&all[(*item).clone()], false))
        .count();
    items.len() >= 2 && led * 4 >= items.len() * 3
}

/// The section's name from the rendered paragraph just before the list, if that
/// paragraph introduces it: one short line ending with a colon.
pub(super) fn lead_name(lead: &str) -> Option<String> {
    let lead = trim(lead);
    let introduces = (lead.ends_with(':') || lead.ends_with('：'))
        && !lead.contains('\n')
        && display_width(lead) <= MAX_LEAD_WIDTH;
    if !introduces {
        return None;
    }
    let text = lead.trim_end_matches([':', '：']);
    let clause = text
        .rsplit(['，', ',', '。', '；', ';', '!', '！'])
        .next()
        .unwrap_or(text);
    let end = clause.find(|c| !is_name_char(c)).unwrap_or(clause.len());
    let name = strip_fillers(trim(&clause[..end]));
    (name.chars().count() >= 2).then(|| capitalized(name))
}

/// The name of an intro section without a lead-in: 导读 for a list in CJK text.
pub(super) fn default_name(list: &[Event]) -> String {
    let cjk = list.iter().any(|event| match event {
        Event::Text(text) => text.chars().any(is_wide),
        _ => false,
    });
    (if cjk { INTRO_CJK } else { INTRO }).to_string()
}

/// Letters, digits and spaces of a name; kana and symbols (a kaomoji such as
/// `ヽ(✿゜▽゜)ノ`) end it.
fn is_name_char(c: char) -> bool {
    let kana = ('\u{3040}'..='\u{30FF}').contains(&c);
    (c.is_alphanumeric() && !kana) || matches!(c, ' ' | '-' | '&' | '\'')
}

fn strip_fillers(mut name: &str) -> &str {
    loop {
        let stripped = FILLERS.iter().find_map(|filler| {
            let head = name.get(..filler.len())?;
            let whole_word = !filler.is_ascii()
                || name[filler.len()..].starts_with([' ', ','])
                || name.len() == filler.len();
            (head.eq_ignore_ascii_case(filler) && whole_word)
                .then(|| trim(name[filler.len()..].trim_start_matches(',')))
        });
        match stripped {
            Some(rest) => name = rest,
            None => return name,
        }
    }
}

fn capitalized(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) if first.is_ascii_lowercase() => {
            first.to_ascii_uppercase().to_string() + chars.as_str()
        }
        _ => name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lead_in_names_its_list() {
        let names = [
            ("好了，先是一些热身小新闻ヽ(✿゜▽゜)ノ：", Some("热身小新闻")),
            ("先是一些其他热身小新闻：", Some("热身小新闻")),
            ("Before we start, some quick links:", Some("Quick links")),
            ("Here are the headlines:", Some("Headlines")),
            ("A paragraph that ends with a period.", None),
            ("先是：", None),
            ("Two lines\nof lead:", None),
        ];
        for (lead, name) in names {
            assert_eq!(lead_name(lead).as_deref(), name, "{lead}");
        }
    }
}
