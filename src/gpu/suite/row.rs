//! One row of the report: how a case ended, its verification, its timing, its costs, and
//! where it stands against the peaks.
//!
//! A leaf of the suite: [`run`](super::run) fills the rows, the report's roofline
//! ([`crate::gpu::report::roofline`]) sets each one's [`RowRoofline`], and the report renders
//! them. The roofline's types live here, with the row that holds them, so that the suite below
//! and the report above both name them without naming each other.

use serde::{Deserialize, Serialize};

use crate::gpu::kernels::{Shape, Verification};
use crate::gpu::timing::TimingStats;

/// How a case ended.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Verified, then timed.
    Passed,
    /// The output did not match the reference: not timed.
    FailedVerification,
    /// The case could not run (see `error`).
    Error,
}

/// One row of the report.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct Row {
    pub kernel: String,
    pub family: String,
    pub shape: Shape,
    pub seed: u64,
    pub status: Status,
    pub verification: Option<Verification>,
    pub timing: Option<TimingStats>,
    pub flops: f64,
    pub bytes: f64,
    /// From the median time.
    pub gflops: Option<f64>,
    pub gbytes_per_s: Option<f64>,
    pub error: Option<String>,
    /// Against the measured and spec peaks (passed rows, once the peaks are measured).
    #[serde(default)]
    pub roofline: Option<RowRoofline>,
}

/// Compute- or memory-bound by arithmetic intensity against the ridge point.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Bound {
    Compute,
    Memory,
}

impl Bound {
    pub fn name(self) -> &'static str {
        match self {
            Bound::Compute => "compute",
            Bound::Memory => "memory",
        }
    }
}

/// One row against the peaks.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct RowRoofline {
    /// FLOP per byte of minimum traffic.
    pub flop_per_byte: f64,
    pub bound: Bound,
    /// GFLOP/s ÷ the measured FMA peak, in percent.
    pub pct_fma_peak: Option<f64>,
    /// GB/s ÷ the measured copy bandwidth, in percent.
    pub pct_copy_peak: Option<f64>,
    /// GFLOP/s ÷ the spec FLOP peak; `None` where the adapter is not in the report's spec table
    /// (`report::roofline::SPECS`).
    pub pct_spec_flops: Option<f64>,
    pub pct_spec_bandwidth: Option<f64>,
}

impl RowRoofline {
    /// % of the measured peak that matters for the row: FLOPs when compute-bound, bytes when
    /// memory-bound.
    pub(crate) fn pct_of_its_peak(&self) -> Option<f64> {
        match self.bound {
            Bound::Compute => self.pct_fma_peak,
            Bound::Memory => self.pct_copy_peak,
        }
    }
}
