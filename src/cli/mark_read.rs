//! `brief mark-read ISSUE|--all`: marks every entry of an issue (or of every issue)
//! read, for scripts.

use std::process::ExitCode;

use anyhow::{anyhow, bail};

use super::write_stdout;
use crate::model::{EntryKey, Issue, Library, plural};
use crate::store::{Change, Opened};
use crate::text::escape_line;

/// Marks the entries of issue `id` (an id, a date or `latest`), or of every issue
/// with `all`, read in `opened`'s store.
pub fn run(
    library: &Library,
    id: Option<&str>,
    all: bool,
    opened: Opened,
) -> anyhow::Result<ExitCode> {
    let Opened {
        mut store, loaded, ..
    } = opened;
    if !store.saves() {
        bail!("the reading state cannot be saved here: nothing marked");
    }
    let issues: Vec<&Issue> = match (all, id) {
        (true, _) => library.issues.iter().collect(),
        (false, Some(id)) => {
            let wanted = if id.eq_ignore_ascii_case("latest") {
                "latest"
            } else {
                id
            };
            vec![library.find(wanted).ok_or_else(|| {
                anyhow!(
                    "no issue {:?} in {} (see `brief list`)",
                    escape_line(id),
                    plural(library.issues.len(), "issue", "issues")
                )
            })?]
        }
        (false, None) => bail!("name an issue to mark read, or --all"),
    };
    let keys: Vec<EntryKey> = issues
        .iter()
        .flat_map(|issue| issue.entry_keys())
        .filter(|key| !loaded.read.contains(key))
        .collect();
    let count = keys.len();
    if count > 0 {
        store.apply(&[Change::Read(keys)])?;
    }
    let what = match issues.as_slice() {
        [issue] => format!("of {}", escape_line(&issue.id)),
        many => format!("in {}", plural(many.len(), "issue", "issues")),
    };
    let text = match count {
        0 => format!("every entry {what} was read already\n"),
        n => format!("marked {} {what} read\n", plural(n, "entry", "entries")),
    };
    write_stdout(&text)?;
    Ok(ExitCode::SUCCESS)
}
