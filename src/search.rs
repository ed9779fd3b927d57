//! Keyword search over a library. Pure: no IO, no UI types.
