//! What robustness costs at run time: the same kernels built with no bounds checks, Restrict
//! (`webgpu`) and read-zero-skip-write checks (trusted modules, loop bounding off: see
//! [`KernelBuild`]) and as wgpu builds them by default, each verified then timed, side by side; the slowdown is each build's median over
//! the `none` build's.
//!
//! In: an open [`Gpu`], the kernels, a size, the GEMM tile, the timing plan. Out: a
//! [`RobustnessSection`]. The `none` build has no bounds checks at all, so it runs only at sizes
//! where every access is in bounds under the kernels' own guards: GEMM sizes are rounded up to
//! a multiple of 128 (the largest tile), where no guard of `gemm.comp` (whose `?:` loads read
//! both sides) ever reads past a buffer.

use serde::{Deserialize, Serialize};

use super::cases::Case;
use super::row::Status;
use super::run::run_case;
use crate::gpu::device::Gpu;
use crate::gpu::kernel::{GemmTile, KernelBuild, KernelCache};
use crate::gpu::kernels::{KernelId, Shape};
use crate::gpu::timing::TimingPlan;

/// The robustness-cost section of a report.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct RobustnessSection {
    /// The GEMM tile the GEMM rows used (its short name).
    pub gemm_tile: String,
    pub rows: Vec<RobustnessRow>,
}

/// One kernel at one shape, in every build.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct RobustnessRow {
    pub kernel: String,
    pub shape: Shape,
    pub builds: Vec<BuildTiming>,
}

/// One build of a kernel, verified then timed.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct BuildTiming {
    pub build: KernelBuild,
    pub status: Status,
    pub median_ns: Option<f64>,
    /// This build's median over the `none` build's (1.0 for `none` itself).
    pub slowdown: Option<f64>,
    pub error: Option<String>,
}

/// The shape a kernel gets at `size`: GEMMs rounded up to a multiple of 128 (see the module
/// docs).
pub fn shape_for(kernel: KernelId, size: usize) -> Shape {
    let size = size.max(1);
    if kernel.is_gemm() {
        Shape::square(kernel, size.div_ceil(128) * 128)
    } else {
        Shape::square(kernel, size)
    }
}

/// Every kernel in every build of [`KernelBuild::ALL`].
pub fn measure(
    gpu: &Gpu,
    kernels: &[KernelId],
    size: usize,
    tile: GemmTile,
    plan: TimingPlan,
    seed: u64,
) -> RobustnessSection {
    let mut caches: Vec<(KernelBuild, KernelCache)> = KernelBuild::ALL
        .iter()
        .map(|&b| (b, KernelCache::with_build(tile, b)))
        .collect();
    let rows = kernels
        .iter()
        .enumerate()
        .map(|(i, &kernel)| {
            let case = Case {
                kernel,
                shape: shape_for(kernel, size),
            };
            let mut builds: Vec<BuildTiming> = caches
                .iter_mut()
                .map(|(build, cache)| {
                    if let Err(why) = build.runs(kernel.is_gemm()) {
                        return BuildTiming {
                            build: *build,
                            status: Status::Error,
                            median_ns: None,
                            slowdown: None,
                            error: Some(why.to_string()),
                        };
                    }
                    let row = run_case(gpu, cache, case, seed.wrapping_add(i as u64), plan);
                    BuildTiming {
                        build: *build,
                        status: row.status,
                        median_ns: row.timing.map(|t| t.median_ns),
                        slowdown: None,
                        error: row.error,
                    }
                })
                .collect();
            let base = builds
                .iter()
                .find(|b| b.build == KernelBuild::Unchecked && b.status == Status::Passed)
                .and_then(|b| b.median_ns)
                .filter(|&ns| ns > 0.0);
            for b in &mut builds {
                b.slowdown = base.zip(b.median_ns).map(|(base, ns)| ns / base);
            }
            RobustnessRow {
                kernel: kernel.name(),
                shape: case.shape,
                builds,
            }
        })
        .collect();
    RobustnessSection {
        gemm_tile: tile.name(),
        rows,
    }
}
