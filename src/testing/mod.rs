//! Test and benchmark data, built only with the `testing` feature (the tests and
//! benchmarks turn it on): not part of the shipped library.

pub mod fixture;
pub mod synth;
