//! `brief list`.
use std::process::ExitCode;

use crate::model::Library;

pub fn run(library: &Library, json: bool) -> anyhow::Result<ExitCode> {
    let _ = (library, json);
    Ok(ExitCode::SUCCESS)
}
