//! Query syntax: words (all must match), `"quoted phrases"`, `-excluded`, and the
//! filters `title:`, `source:`, `section:`, `date:` (a prefix), `from:` (a prefix of
//! the newsletter's name or title) and `in:this`.

use super::fold::fold;

/// Where a term must occur.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// Any text of the entry: title, source, tags, summary, links' text and URLs.
    Any,
    Title,
    Source,
    /// The title of the entry's section.
    Section,
    /// A prefix of the issue's date, `YYYY-MM-DD`.
    Date,
    /// A prefix of the name (id) or title of the newsletter the issue belongs to.
    From,
}

/// One condition of a query, its text already folded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub field: Field,
    pub text: String,
    pub negated: bool,
}

/// A parsed query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    pub(crate) terms: Vec<Term>,
    /// `in:this` → Some(true), `-in:this` → Some(false).
    pub(crate) in_this: Option<bool>,
}

impl Query {
    /// Parses a query. Never fails: an unfinished quote runs to the end, an empty
    /// filter (`title:` while typing) is ignored, an unknown `name:` is plain text.
    pub fn parse(input: &str) -> Query {
        let folded = fold(input);
        let mut query = Query::default();
        let mut rest = folded.trim_start();
        while !rest.is_empty() {
            let (token, after) = next_token(rest);
            query.add(token);
            rest = after.trim_start();
        }
        query
    }

    /// True when the query sets no condition at all.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty() && self.in_this.is_none()
    }

    /// Terms whose text is worth highlighting: positive words and phrases of text fields.
    pub(crate) fn highlighted_terms(&self) -> impl Iterator<Item = &Term> {
        self.terms
            .iter()
            .filter(|t| !t.negated && matches!(t.field, Field::Any | Field::Title | Field::Source))
    }

    fn add(&mut self, token: Token) {
        if token.field == Some(FieldName::In) {
            if token.text == "this" {
                self.in_this = Some(!token.negated);
                return;
            }
            // `in:` something else is not a filter: search for the words as written.
            self.push(Field::Any, format!("in:{}", token.text), token.negated);
            return;
        }
        let field = match token.field {
            None => Field::Any,
            Some(FieldName::Title) => Field::Title,
            Some(FieldName::Source) => Field::Source,
            Some(FieldName::Section) => Field::Section,
            Some(FieldName::Date) => Field::Date,
            Some(FieldName::From) => Field::From,
            Some(FieldName::In) => unreachable!("handled above"),
        };
        self.push(field, token.text, token.negated);
    }

    fn push(&mut self, field: Field, text: String, negated: bool) {
        let text = text.trim().to_string();
        if !text.is_empty() {
            self.terms.push(Term {
                field,
                text,
                negated,
            });
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FieldName {
    Title,
    Source,
    Section,
    Date,
    From,
    In,
}

const FIELD_NAMES: &[(&str, FieldName)] = &[
    ("title:", FieldName::Title),
    ("source:", FieldName::Source),
    ("section:", FieldName::Section),
    ("date:", FieldName::Date),
    ("from:", FieldName::From),
    ("in:", FieldName::In),
];

#[derive(Debug)]
struct Token {
    field: Option<FieldName>,
    text: String,
    negated: bool,
}

/// Splits the first token off folded, left-trimmed, non-empty `input`.
fn next_token(input: &str) -> (Token, &str) {
    let (negated, body) = match input.strip_prefix('-') {
        Some(body) if !body.is_empty() && !body.starts_with(' ') => (true, body),
        _ => (false, input),
    };
    let (field, value) = split_field(body);
    let (text, rest) = match value.strip_prefix(is_quote) {
        Some(quoted) => match quoted.find(is_quote) {
            Some(close) => (
                &quoted[..close],
                &quoted[close + quote_len(quoted, close)..],
            ),
            None => (quoted, ""),
        },
        None => value.split_at(value.find(' ').unwrap_or(value.len())),
    };
    let token = Token {
        field,
        text: text.to_string(),
        negated,
    };
    (token, rest)
}

fn split_field(body: &str) -> (Option<FieldName>, &str) {
    for (name, field) in FIELD_NAMES {
        if let Some(value) = body.strip_prefix(name) {
            return (Some(*field), value);
        }
    }
    (None, body)
}

/// ASCII and Chinese double quotes (NFKC already turned full-width `＂` into `"`).
fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”')
}

fn quote_len(text: &str, at: usize) -> usize {
    text[at..].chars().next().map_or(0, char::len_utf8)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(field: Field, text: &str, negated: bool) -> Term {
        Term {
            field,
            text: text.to_string(),
            negated,
        }
    }

    #[test]
    fn words_are_folded_and_split_on_whitespace() {
        let q = Query::parse("  ＴＶＭ　量化 int8 ");
        assert_eq!(
            q.terms,
            vec![
                term(Field::Any, "tvm", false),
                term(Field::Any, "量化", false),
                term(Field::Any, "int8", false),
            ]
        );
    }

    #[test]
    fn phrases_filters_and_exclusions() {
        let q = Query::parse(
            r#""Paddle  Lite" -剪枝 title:TVM source:"机器 之心" -section:论文 date:2020-06 -from:TWiR"#,
        );
        assert_eq!(
            q.terms,
            vec![
                term(Field::Any, "paddle lite", false),
                term(Field::Any, "剪枝", true),
                term(Field::Title, "tvm", false),
                term(Field::Source, "机器 之心", false),
                term(Field::Section, "论文", true),
                term(Field::Date, "2020-06", false),
                term(Field::From, "twir", true),
            ]
        );
    }

    #[test]
    fn chinese_quotes_and_unfinished_quotes() {
        let q = Query::parse("“模型 压缩” \"低比特");
        assert_eq!(
            q.terms,
            vec![
                term(Field::Any, "模型 压缩", false),
                term(Field::Any, "低比特", false)
            ]
        );
    }

    #[test]
    fn in_this_and_its_negation() {
        assert_eq!(Query::parse("in:this").in_this, Some(true));
        assert!(!Query::parse("in:this").is_empty());
        assert_eq!(Query::parse("-in:THIS x").in_this, Some(false));
        let other = Query::parse("in:that");
        assert_eq!(other.in_this, None);
        assert_eq!(other.terms, vec![term(Field::Any, "in:that", false)]);
    }

    #[test]
    fn empty_filters_lone_dash_and_urls() {
        assert!(Query::parse("title: ").is_empty());
        assert!(Query::parse("\"\"").is_empty());
        assert!(Query::parse("   ").is_empty());
        assert_eq!(Query::parse("-").terms, vec![term(Field::Any, "-", false)]);
        assert_eq!(
            Query::parse("https://github.com/google/ruy").terms,
            vec![term(Field::Any, "https://github.com/google/ruy", false)]
        );
    }
}
