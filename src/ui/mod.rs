//! Views: draw the reader's state with ratatui. One file per pane.

pub mod text;
