//! brief: a terminal reader for Markdown newsletters.

pub mod app;
pub mod cli;
pub mod library;
pub mod model;
pub mod parse;
pub mod search;
#[doc(hidden)]
pub mod synth;
pub mod tui;
pub mod ui;
