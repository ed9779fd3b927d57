use super::*;
use pulldown_cmark::Parser;

fn render(markdown: &str) -> (String, Vec<(String, String)>) {
    let mut renderer = Renderer::default();
    let events: Vec<Event> = Parser::new_ext(markdown, crate::parse::options()).collect();
    renderer.events(&events);
    renderer.finish();
    let links = renderer
        .clean_links()
        .map(|(link, _)| (link.text, link.url))
        .collect();
    (renderer.out, links)
}

#[test]
fn joins_soft_breaks_without_space_between_cjk() {
    assert_eq!(render("第一行\n第二行").0, "第一行第二行");
    assert_eq!(render("中文，\n继续").0, "中文，继续");
    assert_eq!(render("English\nwords").0, "English words");
    assert_eq!(render("中文\nEnglish").0, "中文 English");
}

#[test]
fn hard_breaks_are_newlines_and_paragraphs_blank_lines() {
    assert_eq!(render("a  \nb\\\nc\n\nd").0, "a\nb\nc\n\nd");
}

#[test]
fn bare_urls_become_links_stopping_at_cjk() {
    let (text, links) = render("见：https://example.com/a_b_c，以及 <https://x.org>");
    assert_eq!(text, "见：https://example.com/a_b_c，以及 https://x.org");
    let urls: Vec<&str> = links.iter().map(|l| l.1.as_str()).collect();
    assert_eq!(urls, ["https://example.com/a_b_c", "https://x.org"]);
}

#[test]
fn images_are_links_not_text() {
    let (text, links) = render("before ![a chart](c.png) after");
    assert_eq!(text, "before after");
    assert_eq!(links, [("a chart".to_string(), "c.png".to_string())]);
}

#[test]
fn html_link_opened_after_trailing_spaces_survives_a_paragraph_break() {
    let (text, links) = render("摘要：    <a href='h'>\n\n1、</a>");
    assert_eq!(text, "摘要：\n\n1、");
    assert_eq!(links, [("1、".to_string(), "h".to_string())]);
}

#[test]
fn nested_lists_and_tables_flatten_to_lines() {
    let (text, _) = render("- a\n  1. b\n  2. c\n\n| x | y |\n|---|---|\n| 1 | 2 |\n");
    assert_eq!(text, "- a\n  1. b\n  2. c\n\nx | y\n1 | 2");
}

#[test]
fn lists_nested_on_one_line_follow_their_marker() {
    assert_eq!(render("- - x\n- 1. y\n  - z\n").0, "- - x\n- 1. y\n  - z");
}

#[test]
fn plain_urls_are_printable_ascii_at_every_length() {
    for len in 0..40 {
        let url = "h".repeat(len);
        assert!(links::is_plain_url(&url), "{len}");
        for at in 0..len {
            for bad in [" ", "\u{7f}", "\u{1b}", "é", "\u{200b}"] {
                let mut dirty = url.clone();
                dirty.replace_range(at..=at, bad);
                assert!(!links::is_plain_url(&dirty), "{dirty:?}");
            }
        }
    }
}
