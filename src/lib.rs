//! brief: a terminal reader for Markdown newsletters.

pub mod app;
pub mod cli;
pub mod library;
pub mod model;
pub mod parse;
pub mod search;
pub mod store;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
pub mod text;
pub mod tui;
pub mod ui;
