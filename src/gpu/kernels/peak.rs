//! The adapter's measured peaks: an FMA-chain kernel (scalar and vec4) for FLOP/s and a large
//! buffer copy for bytes/s, both in `shaders/nn/` and run like every other kernel (verified,
//! then timed).
//!
//! In: a peak [`KernelId`] and its [`Shape`]. Out: a [`Workload`] with its f64 reference, and
//! the dispatches that compute it. The FMA chains are checked against the closed form of the
//! recurrence `x ← a·x + b`, `x_n = aⁿ·x₀ + b·(1 − aⁿ)/(1 − a)`, so the reference costs nothing
//! however long the chains are; the copy is compared with its source exactly.
//!
//! The trap: a kernel that does no observable work is deleted by the compiler. Each FMA
//! invocation writes the sum of its chains, and the multiplier and chain length come from a
//! uniform, so neither the chains nor the loop can be folded away.

use rand::{RngExt, SeedableRng};

use super::bind::{dispatch_1d, operands};
use super::functions::EPS;
use super::id::{KernelId, Shape, Width};
use super::workload::{checked_rows, Reference, Workload};
use crate::gpu::device::Gpu;
use crate::gpu::error::GpuError;
use crate::gpu::kernel::KernelCache;
use crate::gpu::timing::Dispatch;
/// Independent chains per invocation (each a float or a vec4), as in the kernel.
const CHAINS: usize = 8;
/// The multiplier `a = 1 − 2⁻¹³` and the step `b_c = (c + 1)·2⁻¹³`, all exact in f32, so chain
/// `c` drifts from its start towards `c + 1` and its start still shows after 4096 steps.
const A: f32 = 1.0 - 1.0 / 8192.0;
const B_STEP: f32 = 1.0 / 8192.0;
/// Floats per reference row of the copy (rows are sampled for large buffers).
const COPY_ROW: usize = 1024;

/// The peak cases: small on a CPU device or with `--quick`, large enough to fill a GPU
/// otherwise.
pub(crate) fn cases(small: bool) -> Vec<(KernelId, Shape)> {
    let (invocations, iterations, floats) = if small {
        (8192, 512, 4 << 20)
    } else {
        (1 << 20, 4096, 64 << 20)
    };
    let chains = Shape::Chains {
        invocations,
        iterations,
    };
    vec![
        (KernelId::FmaPeak(Width::Scalar), chains),
        (KernelId::FmaPeak(Width::Vec4), chains),
        (KernelId::CopyPeak, Shape::Vector { floats }),
    ]
}

fn lanes(width: Width) -> usize {
    match width {
        Width::Scalar => 1,
        Width::Vec4 => 4,
    }
}

/// The start of chain `c`, lane `l`, of invocation `i`: as `start()` in the kernel.
fn start(i: usize, c: usize, l: usize) -> f64 {
    ((i * 8 + c * 4 + l) % 1024) as f64 / 1024.0
}

/// What invocation `i` writes, in f64.
pub(crate) fn fma_reference(width: Width, i: usize, iterations: usize) -> f64 {
    let a = f64::from(A);
    let an = a.powi(iterations as i32);
    (0..CHAINS)
        .flat_map(|c| (0..lanes(width)).map(move |l| (c, l)))
        .map(|(c, l)| {
            let b = f64::from(B_STEP) * (c + 1) as f64;
            an * start(i, c, l) + b * (1.0 - an) / (1.0 - a)
        })
        .sum()
}

/// Inputs, reference and costs of a peak kernel.
pub(crate) fn workload(kernel: KernelId, shape: Shape, seed: u64) -> Workload {
    match (kernel, shape) {
        (
            KernelId::FmaPeak(width),
            Shape::Chains {
                invocations,
                iterations,
            },
        ) => {
            let values = (0..invocations)
                .map(|i| fma_reference(width, i, iterations))
                .collect();
            let flops = (invocations * CHAINS * lanes(width) * iterations) as f64 * 2.0;
            Workload {
                kernel,
                shape,
                inputs: Vec::new(),
                output_len: invocations,
                reference: Reference {
                    rows: (0..invocations).collect(),
                    row_len: 1,
                    values,
                },
                // Each step rounds once (twice where the FMA is split into a multiply and an
                // add); the chain is contractive, so the error stays under steps · 2ε.
                tolerance: 2.0 * EPS * iterations.max(1) as f64,
                flops,
                bytes: 4.0 * invocations as f64,
            }
        }
        (KernelId::CopyPeak, Shape::Vector { floats }) => {
            let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
            // A random row pattern, shifted per row: cheap to make at 256 MB and still
            // different at every offset a wrong index could read.
            let pattern: Vec<f32> = (0..COPY_ROW).map(|_| rng.random_range(-1.0..1.0)).collect();
            let source: Vec<f32> = (0..floats)
                .map(|i| pattern[i % COPY_ROW] + (i / COPY_ROW) as f32)
                .collect();
            let rows = checked_rows(floats / COPY_ROW, COPY_ROW as f64);
            let values = rows
                .iter()
                .flat_map(|&r| &source[r * COPY_ROW..(r + 1) * COPY_ROW])
                .map(|&v| f64::from(v))
                .collect();
            Workload {
                kernel,
                shape,
                inputs: vec![(1, source)],
                output_len: floats,
                reference: Reference {
                    rows,
                    row_len: COPY_ROW,
                    values,
                },
                tolerance: 0.0,
                flops: 0.0,
                bytes: 8.0 * floats as f64,
            }
        }
        _ => Workload::unfit(kernel, shape),
    }
}

/// The dispatches of a peak workload whose inputs are uploaded and whose output is poisoned.
pub(crate) fn dispatches(
    gpu: &Gpu,
    cache: &mut KernelCache,
    work: &Workload,
    output: &wgpu::Buffer,
    inputs: &[(u32, wgpu::Buffer)],
) -> Result<Vec<Dispatch>, GpuError> {
    let name = work.kernel.name();
    let (kernel, params, groups) = match (work.kernel, work.shape) {
        (
            KernelId::FmaPeak(width),
            Shape::Chains {
                invocations,
                iterations,
            },
        ) => {
            let vec4 = u32::from(width == Width::Vec4).to_string();
            let kernel = cache.get(gpu, work.kernel.source(), &[("VEC4", vec4)])?;
            let counts = [invocations, iterations].map(|n| u32::try_from(n).ok());
            let [Some(invocations_u32), Some(iterations_u32)] = counts else {
                return Err(too_large(&name, invocations * iterations));
            };
            let params = [
                invocations_u32,
                iterations_u32,
                A.to_bits(),
                B_STEP.to_bits(),
            ];
            (kernel, params, invocations.div_ceil(256))
        }
        (KernelId::CopyPeak, Shape::Vector { floats }) if floats % 4 == 0 => {
            let kernel = cache.get(gpu, work.kernel.source(), &[])?;
            let count = u32::try_from(floats / 4).map_err(|_| too_large(&name, floats))?;
            (kernel, [count, 0, 0, 0], (floats / 4).div_ceil(256))
        }
        _ => {
            return Err(GpuError::Validation {
                what: name,
                message: format!(
                    "shape {} does not fit this kernel (the copy needs a multiple of 4 floats)",
                    work.shape.describe()
                ),
            })
        }
    };
    Ok(vec![dispatch_1d(
        gpu,
        kernel,
        &name,
        params,
        &operands(output, inputs),
        groups,
    )?])
}

fn too_large(name: &str, elements: usize) -> GpuError {
    GpuError::TooLarge {
        what: name.to_string(),
        bytes: 4 * elements as u64,
        limit: 4 * u64::from(u32::MAX),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The closed form agrees with running the recurrence in f64.
    #[test]
    fn closed_form_matches_the_recurrence() {
        for width in [Width::Scalar, Width::Vec4] {
            let i = 77;
            let iterations = 300;
            let mut sum = 0.0;
            for c in 0..CHAINS {
                for l in 0..lanes(width) {
                    let mut x = start(i, c, l);
                    let b = f64::from(B_STEP) * (c + 1) as f64;
                    for _ in 0..iterations {
                        x = x * f64::from(A) + b;
                    }
                    sum += x;
                }
            }
            let closed = fma_reference(width, i, iterations);
            assert!((closed - sum).abs() < 1e-9 * sum.abs(), "{closed} vs {sum}");
        }
    }

    #[test]
    fn costs_count_every_lane() {
        let work = workload(
            KernelId::FmaPeak(Width::Vec4),
            Shape::Chains {
                invocations: 10,
                iterations: 5,
            },
            1,
        );
        assert_eq!(work.flops, (10 * 8 * 4 * 5 * 2) as f64);
        let copy = workload(KernelId::CopyPeak, Shape::Vector { floats: 4096 }, 1);
        assert_eq!(copy.bytes, 8.0 * 4096.0);
        assert_eq!(copy.reference.values.len(), 4096);
    }
}
