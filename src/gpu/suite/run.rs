//! Running the suite: each case verify-then-time.
//!
//! In: an open [`Gpu`], a list of [`Case`]s, [`Settings`], the GEMM tile. Out: one [`Row`] per
//! case. A case that fails verification is reported as failed and never timed; a case that
//! errors (a kernel that does not compile, a shape over the adapter's limits) becomes a row with
//! the error and the run goes on.

use serde::{Deserialize, Serialize};

use super::cases::Case;
use super::row::{Row, Status};
use crate::gpu::device::Gpu;
use crate::gpu::error::GpuError;
use crate::gpu::kernel::{GemmTile, KernelCache};
use crate::gpu::kernels::{self, Bound, Verification, Workload};
use crate::gpu::timing::{self, TimingPlan};

/// How the suite runs.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct Settings {
    pub plan: TimingPlan,
    /// Case `i` draws its inputs from `seed + i`.
    pub seed: u64,
}

/// Verify one case: bind, dispatch once, read back, compare. The bound buffers come back
/// for timing.
pub fn verify_case(
    gpu: &Gpu,
    cache: &mut KernelCache,
    work: &Workload,
) -> Result<(Bound, Verification), GpuError> {
    let bound = kernels::bind(gpu, cache, work)?;
    timing::run(gpu, &bound.dispatches, 1)?;
    let output = bound.read_output(gpu)?;
    let verification = kernels::verify(&output, &work.reference, work.tolerance);
    Ok((bound, verification))
}

/// Verify, then (only if verified) time one case.
pub fn run_case(
    gpu: &Gpu,
    cache: &mut KernelCache,
    case: Case,
    seed: u64,
    plan: TimingPlan,
) -> Row {
    let work = kernels::workload(case.kernel, case.shape, seed);
    let mut row = Row {
        kernel: case.kernel.name(),
        family: case.kernel.family().to_string(),
        shape: case.shape,
        seed,
        status: Status::Error,
        verification: None,
        timing: None,
        flops: work.flops,
        bytes: work.bytes,
        gflops: None,
        gbytes_per_s: None,
        error: None,
        roofline: None,
    };
    let (bound, verification) = match verify_case(gpu, cache, &work) {
        Ok(done) => done,
        Err(e) => {
            row.error = Some(e.to_string());
            return row;
        }
    };
    let passed = verification.passed;
    row.verification = Some(verification);
    if !passed {
        row.status = Status::FailedVerification;
        return row;
    }
    match timing::time(gpu, &bound.dispatches, plan) {
        Ok(stats) => {
            let seconds = stats.median_ns * 1e-9;
            if seconds > 0.0 {
                row.gflops = Some(work.flops / seconds * 1e-9);
                row.gbytes_per_s = Some(work.bytes / seconds * 1e-9);
            }
            row.timing = Some(stats);
            row.status = Status::Passed;
        }
        Err(e) => row.error = Some(e.to_string()),
    }
    row
}

/// Run every case in order, the GEMM kernels built for `tile` (the [`super::tune`] choice);
/// `progress` hears about each finished row.
pub fn run_suite(
    gpu: &Gpu,
    cases: &[Case],
    settings: Settings,
    tile: GemmTile,
    progress: &mut dyn FnMut(usize, &Row),
) -> Vec<Row> {
    let mut cache = KernelCache::with_gemm_tile(tile);
    let mut rows = Vec::with_capacity(cases.len());
    for (i, &case) in cases.iter().enumerate() {
        let row = run_case(
            gpu,
            &mut cache,
            case,
            settings.seed.wrapping_add(i as u64),
            settings.plan,
        );
        progress(i, &row);
        rows.push(row);
    }
    rows
}
