//! Parsing takes memory in proportion to its input, whatever the input's shape: peak
//! allocated bytes of `parse_issue` stay within `brief::parse::memory_bound`, and
//! within ten times the input for large inputs. Measured with a counting allocator;
//! one test at a time, as the allocator counts the whole process.

use std::sync::Mutex;

use brief::parse::{MAX_INPUT, memory_bound, parse_issue, parse_issue_report};
use peak_alloc::PeakAlloc;

#[global_allocator]
static ALLOC: PeakAlloc = PeakAlloc;

static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// Peak bytes allocated while parsing `text`, the returned issue included.
fn peak_of_parse(text: &str) -> usize {
    ALLOC.reset_peak_usage();
    let before = ALLOC.current_usage();
    let issue = parse_issue(text, "2021-01-01", "memory");
    let peak = ALLOC.peak_usage().saturating_sub(before);
    drop(issue);
    peak
}

/// `unit` repeated to `len` bytes, after `head`.
fn repeat(head: &str, unit: &str, len: usize) -> String {
    let mut text = String::with_capacity(len + unit.len());
    text.push_str(head);
    while text.len() + unit.len() <= len {
        text.push_str(unit);
    }
    text
}

fn wide_table(columns: usize, row: &str, len: usize) -> String {
    let head = format!("|{}\n|{}\n", "a|".repeat(columns), "-|".repeat(columns));
    repeat(&head, row, len)
}

/// Inputs of `len` bytes whose parse costs much more than their size when parsed
/// naively: dense markup, tables padded with empty cells, deep nesting, huge lines.
fn shapes(len: usize) -> Vec<(&'static str, String)> {
    let padded_tables = {
        let one = wide_table(1000, "x|\n", 5000) + "\n";
        one.repeat(len / one.len())
    };
    vec![
        (
            "table",
            repeat("| a | b |\n|---|---|\n", "| 1 | 2 |\n", len),
        ),
        ("tight table", repeat("|a|b|\n|-|-|\n", "|1|2|\n", len)),
        (
            "short rows under a wide header",
            wide_table(1000, "x|\n", len),
        ),
        ("many padded tables", padded_tables),
        ("tiny links", repeat("", "[a](b)", len)),
        ("tiny link entries", repeat("## S\n\n", "- [a](b)\n", len)),
        ("tiny entries", repeat("## S\n\n", "- a\n", len)),
        ("sections", repeat("", "## a\n", len)),
        ("archive links", repeat("## 往期\n\n", "- [a](b.md)\n", len)),
        ("emphasis", repeat("", "*a*", len)),
        ("nested quotes", repeat("", "> ", len)),
        ("nested lists on one line", repeat("", "- ", len - 1) + "x"),
        ("nested ordered lists", repeat("", "1. ", len - 1) + "x"),
        ("indented lists", {
            let mut text = String::new();
            for depth in (0..).map(|i| i % 100) {
                if text.len() > len - 300 {
                    break;
                }
                text.push_str(&"  ".repeat(depth));
                text.push_str("- x\n");
            }
            text
        }),
        ("one huge line", "a".repeat(len)),
        (
            "nested headings",
            repeat("", "# a\n## b\n### c\n#### d\n##### e\n###### f\n", len),
        ),
        ("subheadings under a huge heading", {
            let mut text = format!("# {}\n", "h".repeat(len / 2));
            text.push_str(&"## a\n".repeat((len - text.len()) / 5));
            text
        }),
        ("subheadings under huge headings", {
            let one = format!("# {}\n## a\n### b\n", "h".repeat(2000));
            one.repeat(len / one.len())
        }),
        ("intro links", repeat("", "[a](b) ", len - 6) + "\n\n# S\n"),
        ("prose links", repeat("## S\n\nsee ", "[a](b) ", len)),
        ("heading links", repeat("", "## [a](b) [c](d)\n", len)),
        (
            "numbered prose entries",
            repeat("## S\n\n", "1、a\n\n", len),
        ),
        ("bare urls", repeat("", "https://x.io ", len)),
        ("code spans", repeat("", "`a`", len)),
        ("inline html", repeat("", "<b>", len)),
        ("unclosed comment", repeat("<!--\n", "a\n", len)),
        ("unclosed fence", repeat("```\n", "a|b\n", len)),
        ("soft breaks", repeat("", "a\n", len)),
        ("hard breaks", repeat("", "a  \n", len)),
        ("entities", repeat("", "&amp;&#10;", len)),
        ("reference definitions", {
            let mut text = String::from("[x][d1] [y][d99999]\n\n");
            for i in 0.. {
                let line = format!("[d{i}]: u\n");
                if text.len() + line.len() > len {
                    break;
                }
                text.push_str(&line);
            }
            text
        }),
    ]
}

#[test]
fn large_inputs_of_any_shape_parse_within_ten_times_their_size() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let mut report = Vec::new();
    for (name, text) in shapes(2 << 20) {
        let peak = peak_of_parse(&text);
        report.push(format!("{name}: {:.1}x", peak as f64 / text.len() as f64));
        assert!(
            peak <= 10 * text.len(),
            "{name}: {peak} bytes at the peak for {} bytes of input\n{report:#?}",
            text.len()
        );
    }
    eprintln!("{report:#?}");
}

#[test]
fn small_inputs_of_any_shape_stay_within_the_bound() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    for len in [4 << 10, 64 << 10] {
        for (name, text) in shapes(len) {
            let peak = peak_of_parse(&text);
            assert!(
                peak <= memory_bound(text.len()),
                "{name} ({len} bytes): {peak} bytes at the peak"
            );
        }
    }
}

#[test]
fn input_at_the_cap_and_beyond_stays_within_ten_times_the_cap() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let text = wide_table(1000, "x|\n", MAX_INPUT + (1 << 20));
    let peak = peak_of_parse(&text);
    assert!(peak <= 10 * MAX_INPUT, "{peak} bytes at the peak");
    let (_, notes) = parse_issue_report(&text, "id", "here");
    assert!(
        notes[0].starts_with("read only the first 4,194,304 of"),
        "{notes:?}"
    );
}
