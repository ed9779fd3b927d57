use super::*;

fn pieces(body: &str, budget: usize) -> Vec<&str> {
    plan(body, budget)
        .pieces
        .into_iter()
        .map(|range| &body[range])
        .collect()
}

#[test]
fn a_body_within_budget_is_one_piece() {
    let body = "# T\n\n## A\n\n- [a](https://a.io)\n";
    assert_eq!(cost(body), markup(body.as_bytes()));
    assert_eq!(
        plan(body, 1000),
        Plan {
            pieces: std::iter::once(0..body.len()).collect(),
            rough_cuts: 0,
            // Not counted: no bigger than its length.
            cost: body.len(),
        }
    );
}

#[test]
fn pieces_cover_the_body_and_end_before_headings_when_they_can() {
    let section = "## S\n\n- [a](b) text\n- [c](d) more\n\n";
    let body = section.repeat(20);
    let plan = plan(&body, 60);
    assert_eq!(plan.rough_cuts, 0);
    assert!(plan.pieces.len() > 2);
    let mut end = 0;
    for range in &plan.pieces {
        assert_eq!(range.start, end);
        assert!(body[range.clone()].starts_with("## S"), "{range:?}");
        assert!(cost(&body[range.clone()]) <= 60);
        end = range.end;
    }
    assert_eq!(end, body.len());
}

#[test]
fn no_cut_inside_fenced_code_or_html_comments() {
    let body = format!(
        "## A\n\n```\n\n## not a heading\n{}\n```\n\n## B\n\n<!--\n\n## hidden\n-->\n\n## C\n\ntext\n",
        "x|".repeat(10)
    );
    for piece in pieces(&body, 30) {
        assert!(
            !piece.starts_with("## not") && !piece.starts_with("## hidden"),
            "{piece:?}"
        );
    }
}

#[test]
fn table_rows_cost_the_columns_they_may_be_padded_to() {
    let mut body = format!("|{}\n|{}\n", "a|".repeat(100), "-|".repeat(100));
    body.push_str(&"x|\n".repeat(50));
    assert!(cost(&body) >= 50 * 100);
    let plan = plan(&body, 1000);
    assert!(plan.rough_cuts > 0);
    // The header costs ~300 and each row under it 101: the table is cut after a few
    // rows, and the rows after the cut, with no header above them, are no table rows.
    let first = &body[plan.pieces[0].clone()];
    assert_eq!(first.lines().count(), 8);
    assert!(
        plan.pieces[1..]
            .iter()
            .all(|r| cost(&body[r.clone()]) <= 1000)
    );
}

#[test]
fn a_line_longer_than_a_piece_is_cut_between_characters() {
    let body = "[链接](u) ".repeat(1000);
    let plan = plan(&body, 100);
    assert!(plan.pieces.len() > 10);
    for range in &plan.pieces {
        assert!(body.is_char_boundary(range.start));
        assert!(cost(&body[range.clone()]) <= 100, "{range:?}");
    }
}

#[test]
fn html_blocks_end_at_their_marker() {
    let mut blocks = Containers::default();
    blocks.line("<!-- 中文注释\n");
    assert!(blocks.open());
    blocks.line("still -->\n");
    assert!(!blocks.open());
    blocks.line("<prefix>\n");
    assert!(!blocks.open());
    blocks.line("<PRE class=x>\n");
    assert!(blocks.open());
    blocks.line("</pre>\n");
    blocks.line("   ~~~~ rust\n");
    assert!(blocks.open());
    blocks.line("~~~\n");
    assert!(blocks.open());
    blocks.line("  ~~~~~ \n");
    assert!(!blocks.open());
}
