//! Reading an [`Entry`] back from what its `Serialize` writes (title, source, tags,
//! URL, links, summary), so that a library written with serde (the persisted library
//! of `library::store`) reads back equal, whatever format carries it. The strings are
//! borrowed from the input where the format allows, and land in one buffer.

use serde::{Deserialize, Deserializer};

use super::Entry;

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
}

impl<'de> Deserialize<'de> for Entry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Entry, D::Error> {
        let fields = EntryFields::deserialize(deserializer)?;
        let mut entry = Entry::new(&fields.title, fields.source.as_deref(), &fields.summary);
        for tag in &fields.tags {
            entry = entry.with_tag(tag);
        }
        if let Some(url) = &fields.url {
            entry = entry.with_url(url);
        }
        for link in &fields.links {
            entry = entry.with_link(&link.text, &link.url);
        }
        Ok(entry)
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
            .with_link("more", "https://b.example/");
        let json = serde_json::to_string(&entry).unwrap();
        let back: Entry = serde_json::from_str(&json).unwrap();
        assert_eq!(back, entry);
        let bare = Entry::new("", None, "");
        let back: Entry = serde_json::from_str(&serde_json::to_string(&bare).unwrap()).unwrap();
        assert_eq!(back, bare);
    }
}
