//! Reading an [`Entry`] back from what its `Serialize` writes (title, source, tags,
//! URL, links, summary, number), and a [`Section`] from what its own writes (title,
//! path, link, body, links, entries: the parents are the path less its last title), so that a library written with serde (the persisted library
//! of `library::store`) reads back equal, whatever format carries it. The strings are
//! borrowed from the input where the format allows, and land in one buffer.

use serde::{Deserialize, Deserializer};

use super::{Entry, EntryParts, Link, LinkSpan, Section, Span};

#[derive(Deserialize)]
struct LinkFields<'a> {
    #[serde(borrow)]
    text: std::borrow::Cow<'a, str>,
    #[serde(borrow)]
    url: std::borrow::Cow<'a, str>,
}

/// The fields of `impl Serialize for Entry`, in its order.
#[derive(Deserialize)]
#[serde(rename = "Entry")]
struct EntryFields<'a> {
    #[serde(borrow)]
    title: std::borrow::Cow<'a, str>,
    #[serde(borrow)]
    source: Option<std::borrow::Cow<'a, str>>,
    #[serde(borrow)]
    tags: Vec<std::borrow::Cow<'a, str>>,
    #[serde(borrow)]
    url: Option<std::borrow::Cow<'a, str>>,
    #[serde(borrow)]
    links: Vec<LinkFields<'a>>,
    #[serde(borrow)]
    summary: std::borrow::Cow<'a, str>,
    number: Option<u32>,
}

/// The fields of `impl Serialize for Section`, in its order.
#[derive(Deserialize)]
#[serde(rename = "Section")]
struct SectionFields {
    title: String,
    path: Vec<String>,
    link: Option<Link>,
    body: String,
    links: Vec<Link>,
    entries: Vec<Entry>,
}

impl<'de> Deserialize<'de> for Section {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Section, D::Error> {
        let SectionFields {
            title,
            mut path,
            link,
            body,
            links,
            entries,
        } = SectionFields::deserialize(deserializer)?;
        // The path ends with the section's own title; what comes before are its parents.
        path.pop();
        Ok(Section {
            title,
            parents: path,
            link,
            body,
            links,
            entries,
        })
    }
}

impl<'de> Deserialize<'de> for Entry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Entry, D::Error> {
        let fields = EntryFields::deserialize(deserializer)?;
        let strings = [&fields.title, &fields.summary]
            .into_iter()
            .chain(&fields.source)
            .chain(&fields.tags)
            .chain(&fields.url)
            .chain(fields.links.iter().flat_map(|l| [&l.text, &l.url]));
        let mut text = String::with_capacity(strings.map(|s| s.len()).sum());
        let mut push = |part: &str| {
            let start = text.len();
            text.push_str(part);
            Span::new(start, text.len())
        };
        let parts = EntryParts {
            title: push(&fields.title),
            summary: push(&fields.summary),
            source: fields.source.as_deref().map(&mut push),
            tags: fields.tags.iter().map(|t| push(t)).collect(),
            url: fields.url.as_deref().map(&mut push),
            links: fields
                .links
                .iter()
                .map(|l| LinkSpan {
                    text: push(&l.text),
                    url: push(&l.url),
                })
                .collect(),
            number: fields.number,
        };
        Ok(Entry::from_parts(text, parts))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_reads_back_equal_through_json() {
        let entry = Entry::new("标题 title", Some("知乎"), "摘要 summary")
            .with_tag("tag")
            .with_url("https://a.example/x")
            .with_link("标题 title", "https://a.example/x")
            .with_link("more", "https://b.example/")
            .with_number(12);
        let json = serde_json::to_string(&entry).unwrap();
        let back: Entry = serde_json::from_str(&json).unwrap();
        assert_eq!(back, entry);
        let bare = Entry::new("", None, "");
        let back: Entry = serde_json::from_str(&serde_json::to_string(&bare).unwrap()).unwrap();
        assert_eq!(back, bare);
    }

    #[test]
    fn a_section_reads_back_equal_through_json_with_its_parents() {
        let link = |text: &str, url: &str| Link {
            text: text.into(),
            url: url.into(),
        };
        let section = Section {
            title: "Cargo".into(),
            parents: vec!["Updates".into(), "Project".into()],
            link: Some(link("Cargo", "https://c.example/")),
            body: "prose".into(),
            links: vec![link("a", "https://a.example/")],
            entries: vec![Entry::new("t", None, "s").with_number(3)],
        };
        let json = serde_json::to_string(&section).unwrap();
        assert!(
            json.contains(r#""path":["Updates","Project","Cargo"]"#),
            "{json}"
        );
        let back: Section = serde_json::from_str(&json).unwrap();
        assert_eq!(back, section);
        let top = Section {
            title: "Top".into(),
            ..Section::default()
        };
        let back: Section = serde_json::from_str(&serde_json::to_string(&top).unwrap()).unwrap();
        assert_eq!(back, top);
    }
}
