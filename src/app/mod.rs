//! The reader's state machine: state, actions, update, keymap. No terminal, clock or IO.
