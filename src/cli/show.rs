//! `brief show`.
use std::process::ExitCode;

use crate::model::Library;

pub fn run(library: &Library, id: &str, json: bool) -> anyhow::Result<ExitCode> {
    let _ = (library, id, json);
    Ok(ExitCode::SUCCESS)
}
