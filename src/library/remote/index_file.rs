//! Fetching a source's index, on its own thread so that a cancel returns at once even
//! while a server keeps the request hanging.

use std::sync::Arc;
use std::thread;

use crossbeam_channel::select;

use super::file::{ASK_INDEX, fetch_file};
use super::{IndexStatus, Run, Status};
use crate::library::cancel::Cancel;

impl Run<'_> {
    /// The index text, fetched or (when unchanged) from the cache.
    pub(super) fn fetch_index(&mut self, cancel: &Cancel) -> Result<String, String> {
        let (tx, rx) = crossbeam_channel::bounded(1);
        let shared = Arc::clone(&self.shared);
        let (url, asked_cancel) = (self.source.index.clone(), cancel.clone());
        // Nobody waits for this thread after a cancel: it ends with its request.
        thread::spawn(move || {
            let mut warnings = Vec::new();
            let got = fetch_file(&shared, &url, ASK_INDEX, &asked_cancel, &mut warnings);
            let _ = tx.send((got, warnings));
        });
        let ((status, bytes), warnings) = select! {
            recv(rx) -> got => got.map_err(|_| "the index could not be fetched".to_string())?,
            recv(cancel.woken()) -> _ => {
                self.cancelled = true;
                return Err("cancelled".to_string());
            }
        };
        self.warnings.extend(warnings);
        self.index_status = match status {
            Status::New | Status::Updated => IndexStatus::Fetched,
            Status::Unchanged => IndexStatus::Unchanged,
            Status::Missing => return Err("not found".into()),
            Status::Failed(reason) | Status::Skipped(reason) => return Err(reason),
        };
        let bytes = bytes.ok_or("no content")?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }
}
