//! Folder listings through the GitHub contents API.

use serde::Deserialize;
use url::Url;

use super::Shared;
use super::file::{Ask, fetch_file};
use super::plausible::Kind;
use super::report::Status;
use crate::library::source::GithubRepo;
use crate::parse::index;

/// A folder to list through the GitHub contents API.
#[derive(Debug, Clone)]
pub(super) struct Listing {
    pub(super) url: Url,
    pub(super) repo: GithubRepo,
    /// Raw URLs of listed files are built on this URL's host.
    pub(super) index: Url,
    pub(super) folder: String,
}

/// What listing a folder gave.
pub(super) struct Listed {
    pub(super) folder: String,
    pub(super) found: Result<Vec<Url>, String>,
    pub(super) warnings: Vec<String>,
}

pub(super) fn list_folder(shared: &Shared, listing: Listing) -> Listed {
    let mut warnings = Vec::new();
    let found = read_listing(shared, &listing, &mut warnings);
    Listed {
        folder: listing.folder,
        found,
        warnings,
    }
}

pub(super) fn read_listing(
    shared: &Shared,
    listing: &Listing,
    warnings: &mut Vec<String>,
) -> Result<Vec<Url>, String> {
    let ask = Ask {
        accept: Some("application/vnd.github+json"),
        halts_on_rate_limit: false,
        kind: Kind::Listing,
    };
    let (status, bytes) = fetch_file(shared, &listing.url, ask, &shared.stop, warnings);
    match status {
        Status::Failed(reason) | Status::Skipped(reason) => return Err(reason),
        Status::Missing => return Err("not found".into()),
        _ => {}
    }
    let items: Vec<ListedItem> = serde_json::from_slice(&bytes.unwrap_or_default())
        .map_err(|err| format!("unexpected answer: {err}"))?;
    Ok(items
        .iter()
        .filter(|item| item.kind == "file" && is_listed_issue(&item.name))
        .filter_map(|item| listing.repo.raw_url(&listing.index, &item.path))
        .collect())
}

/// One entry of a contents-API folder listing.
#[derive(Debug, Deserialize)]
pub(super) struct ListedItem {
    pub(super) name: String,
    pub(super) path: String,
    #[serde(rename = "type")]
    pub(super) kind: String,
}

pub(super) fn is_listed_issue(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    index::is_markdown_path(&lower) && !lower.starts_with("readme.")
}
