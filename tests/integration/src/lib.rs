//! Tests only: see tests/. The simulated ID card reader is here so the end-to-end suite's
//! `card-reader-sim` program and the Rust tests share it.

pub mod card_sim;
