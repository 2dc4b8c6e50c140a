//! The suite `prism bench` runs: which cases, each verified against its f64 reference before it
//! is timed, and the GEMM tile configuration the GEMM cases are built with.
//!
//! The files, each importing only from the ones above it: `cases.rs` (which kernels at which
//! shapes), `row.rs` (what a case comes back as), `run.rs` (verify, then time), [`robustness`] (the same kernels with and without bounds
//! checks, timed side by side), [`tune`] (the
//! GEMM tile per adapter, chosen by running GEMM cases and cached in a file).

pub(crate) mod cases;
pub mod robustness;
pub(crate) mod row;
pub(crate) mod run;
pub mod tune;

pub use cases::{cases_for, default_sizes, peak_cases, quick_cases, Case};
pub use row::{Row, RowRoofline, Status};
pub use run::{run_case, run_suite, verify_case, Settings};
