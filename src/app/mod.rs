//! The reader's state machine: state, actions, update, keymap. No terminal, clock or IO.

pub mod action;
pub mod detail;
pub mod keymap;
pub mod layout;
pub mod links;
pub mod loading;
pub mod log;
pub mod mark_read;
pub mod place;
pub mod prompt;
pub mod reading;
pub mod refresh;
pub mod search;
pub mod sources;
pub mod state;
pub mod titles;
pub mod update;

pub use action::{Action, Effect, Mouse, MouseKind};
pub use keymap::{Key, Keymap, Mode};
pub use mark_read::MarkRead;
pub use state::{Pane, State};
pub use update::update;
