//! The suite: which kernels at which shapes, and running each one verify-then-time.
//!
//! In: an open [`Gpu`], a list of [`Case`]s, [`Settings`]. Out: one [`Row`] per case. A case
//! that fails verification is reported as failed and never timed; a case that errors (a
//! kernel that does not compile, a shape over the adapter's limits) becomes a row with the
//! error and the run goes on.

use serde::{Deserialize, Serialize};

use super::kernel::KernelCache;
use super::nn::{self, KernelId, Shape, Verification};
use super::timing::{self, TimingPlan, TimingStats};
use super::tune::GemmTile;
use super::{Gpu, GpuError};

/// One kernel at one shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Case {
    pub kernel: KernelId,
    pub shape: Shape,
}

/// How the suite runs.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Settings {
    pub plan: TimingPlan,
    /// Case `i` draws its inputs from `seed + i`.
    pub seed: u64,
}

/// The quick suite: every kernel, small shapes, including sizes that are not multiples of
/// the tile or of 4 (the scalar-load and edge paths) and a two-pass reduction.
pub fn quick_cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for kernel in KernelId::all() {
        let shapes: Vec<Shape> = match kernel {
            KernelId::Gemm { .. } => vec![
                Shape::Gemm {
                    m: 128,
                    n: 128,
                    k: 128,
                },
                Shape::Gemm {
                    m: 67,
                    n: 45,
                    k: 33,
                },
            ],
            KernelId::GemmBiasAct(_) => vec![Shape::Gemm {
                m: 96,
                n: 72,
                k: 100,
            }],
            KernelId::BiasAct(_) | KernelId::ActGrad(_) => {
                vec![Shape::Matrix { rows: 67, cols: 45 }]
            }
            KernelId::ColumnSum => vec![
                Shape::Matrix {
                    rows: 1000,
                    cols: 67,
                },
                Shape::Matrix { rows: 64, cols: 10 },
            ],
            KernelId::FmaPeak(_) | KernelId::CopyPeak => Vec::new(),
            KernelId::Train(_) => vec![Shape::Matrix { rows: 67, cols: 45 }],
        };
        cases.extend(shapes.into_iter().map(|shape| Case { kernel, shape }));
    }
    cases
}

/// The peak kernels ([`super::peak`]): small shapes on a CPU device or with `--quick`.
pub fn peak_cases(small: bool) -> Vec<Case> {
    super::peak::cases(small)
        .into_iter()
        .map(|(kernel, shape)| Case { kernel, shape })
        .collect()
}

/// `kernels` at square sizes.
pub fn cases_for(kernels: &[KernelId], sizes: &[usize]) -> Vec<Case> {
    kernels
        .iter()
        .flat_map(|&kernel| {
            sizes.iter().map(move |&s| Case {
                kernel,
                shape: Shape::square(kernel, s),
            })
        })
        .collect()
}

/// Sizes when none are given: small on a CPU device (it emulates the GPU), larger on a GPU.
pub fn default_sizes(is_cpu: bool) -> Vec<usize> {
    if is_cpu {
        vec![256, 512]
    } else {
        vec![1024, 2048, 4096]
    }
}

/// How a case ended.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
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
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
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
    pub roofline: Option<super::roofline::RowRoofline>,
}

/// Verify one case: bind, dispatch once, read back, compare. The bound buffers come back
/// for timing.
pub fn verify_case(
    gpu: &Gpu,
    cache: &mut KernelCache,
    work: &nn::Workload,
) -> Result<(nn::Bound, Verification), GpuError> {
    let bound = nn::bind(gpu, cache, work)?;
    timing::run(gpu, &bound.dispatches, 1)?;
    let output = bound.read_output(gpu)?;
    let verification = nn::verify(&output, &work.reference, work.tolerance);
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
    let work = nn::workload(case.kernel, case.shape, seed);
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

/// Run every case in order; `progress` hears about each finished row.
pub fn run_suite(
    gpu: &Gpu,
    cases: &[Case],
    settings: Settings,
    progress: &mut dyn FnMut(usize, &Row),
) -> Vec<Row> {
    run_suite_with_tile(gpu, cases, settings, GemmTile::default(), progress)
}

/// [`run_suite`] with the GEMM kernels built for `tile` (the [`super::tune`] choice).
pub fn run_suite_with_tile(
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quick_suite_covers_every_kernel() {
        let cases = quick_cases();
        for kernel in KernelId::all() {
            assert!(
                cases.iter().any(|c| c.kernel == kernel),
                "{kernel:?} missing"
            );
        }
        assert_eq!(cases_for(&[KernelId::ColumnSum], &[8, 16]).len(), 2);
    }
}
