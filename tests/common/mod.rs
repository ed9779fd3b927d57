//! Shared helpers of the fetch tests: the loopback server, fixtures, fetch options.
#![allow(dead_code)]

#[path = "../corpus_dir/mod.rs"]
mod corpus_dir;
#[path = "../isolate/mod.rs"]
pub mod isolate;
pub mod server;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use brief::library::cancel::Cancel;
use brief::library::remote::{self, FetchOptions, FetchReport, Status};
use brief::library::source::Source;
use server::Server;

/// Folder of the fixture issues on the server.
pub const FOLDER: &str = "r";

/// The Markdown of fixture issue `n`: a synthetic issue without its archive section.
pub fn issue_text(n: usize) -> String {
    let text = brief::testing::synth::issue_markdown(n);
    let end = text.find("\n## 往期回顾").unwrap_or(text.len());
    text[..end].to_string()
}

pub fn issue_id(n: usize) -> String {
    brief::testing::synth::issue_id(n)
}

pub fn issue_path(n: usize) -> String {
    format!("{FOLDER}/{}.md", issue_id(n))
}

/// A repository of `count` issues whose README links all but the last (the contents
/// listing is how that one is found, as upstream).
pub fn repository(count: usize) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut index = String::from("# Index\n\n| issues |\n|---|\n");
    for n in 0..count {
        files.insert(issue_path(n), issue_text(n).into_bytes());
        if n + 1 < count {
            index.push_str(&format!("| [{}](./{}) |\n", issue_id(n), issue_path(n)));
        }
    }
    files.insert("README.md".to_string(), index.into_bytes());
    files
}

/// The `brief` binary with its cache under `cache` (its reading state there too, in
/// a folder the cache does not use), GitHub pointed at `server`, and no proxy
/// between it and the loopback server.
pub fn brief_command(server: &Server, cache: &Path) -> std::process::Command {
    let brief = std::process::Command::new(env!("CARGO_BIN_EXE_brief"));
    let mut command = isolate::isolated(brief, cache);
    command
        .env("BRIEF_CACHE_DIR", cache)
        .env("BRIEF_DATA_DIR", test_data_dir(cache))
        .env("BRIEF_GITHUB_API", server.api_base())
        .env("BRIEF_GITHUB_RAW_HOSTS", server.host());
    for proxy in PROXY_VARIABLES {
        command.env_remove(proxy);
    }
    command
}

/// The data directory of a test's brief whose cache is `cache`: never the user's,
/// and gone with the test's cache.
pub fn test_data_dir(cache: &Path) -> PathBuf {
    cache.join("test-state")
}

/// What would send the loopback requests elsewhere.
pub const PROXY_VARIABLES: [&str; 6] = [
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "http_proxy",
    "https_proxy",
    "all_proxy",
];

/// Fetch options for `server` with the cache under `root`: short timeouts and backoff.
pub fn options(server: &Server, root: &Path) -> FetchOptions {
    let mut options = FetchOptions::with_cache_root(root.to_path_buf());
    options.github_api = server.api_base();
    options.github_raw_hosts = vec![server.host()];
    options.http.request_timeout = Duration::from_secs(2);
    options.http.connect_timeout = Duration::from_secs(2);
    options.http.backoff = Duration::from_millis(10);
    options
}

pub fn source(server: &Server) -> Source {
    Source::parse(&server.index_url()).expect("loopback source")
}

pub fn fetch(server: &Server, options: &FetchOptions) -> FetchReport {
    remote::fetch(&source(server), options, &mut |_, _| {}, &Cancel::new())
}

/// The status of the issue with `id` in `report`.
pub fn status_of<'a>(report: &'a FetchReport, id: &str) -> &'a Status {
    &report
        .issues
        .iter()
        .find(|i| i.id == id)
        .unwrap_or_else(|| panic!("{id} not in the report: {:?}", report.issues))
        .status
}

/// Every file under `dir`, by path, with its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect()
}

/// The cached issue bodies (`*.body` files) under `dir`.
pub fn bodies(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    snapshot(dir)
        .into_iter()
        .filter(|(path, _)| path.extension().is_some_and(|e| e == "body"))
        .collect()
}

/// The corpus folder, or None (with a note) when it is absent and not required.
pub fn corpus() -> Option<PathBuf> {
    corpus_dir::root()
}
