//! Terminal setup, event loop and restore.

use crate::cli::SourceArgs;
use crate::library::LoadReport;

/// Runs the interactive reader until the user quits.
pub fn run(report: LoadReport, source: &SourceArgs) -> anyhow::Result<()> {
    let _ = (report, source);
    anyhow::bail!("the interactive reader is not built yet")
}
