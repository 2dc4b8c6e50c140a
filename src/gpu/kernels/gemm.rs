//! The GEMM kernels (`shaders/nn/gemm.comp`, the classic 4×4 one, and `shaders/nn/gemm_reg.comp`,
//! register-blocked and double-buffered): C = op(A)·op(B), optionally with a fused bias and
//! activation epilogue (a fully connected layer's forward pass), its f64 reference, its
//! `#define`s, and its dispatch.
//!
//! In: the operand layouts, the shape (m, n, k), the epilogue, and the tile from the
//! [`KernelCache`]. Out: a [`Workload`] with the reference, or one [`Dispatch`]. The suite and
//! the network both dispatch through [`dispatch`], so the tile the tuner picks reaches every
//! GEMM, and every GEMM compiles with its tile's defines named.
//!
//! Tolerance: `8·ε·√k` for the k-long sums (see [`super::functions`]), plus the activation's.

use rand::SeedableRng;

use super::bind::{self, dims_u32};
use super::functions::{Activation, EPS};
use super::id::{KernelId, Op, Shape};
use super::workload::{checked_rows, random, Reference, Workload};
use crate::gpu::device::Gpu;
use crate::gpu::error::GpuError;
use crate::gpu::kernel::{GemmTile, KernelCache, KernelSource};
use crate::gpu::timing::Dispatch;

/// The operand layouts and epilogue of a GEMM kernel; `None` for the other kernels.
pub(crate) fn operation(kernel: KernelId) -> Option<((Op, Op), Option<Activation>)> {
    match kernel {
        KernelId::Gemm { a, b } => Some(((a, b), None)),
        KernelId::GemmBiasAct(act) => Some(((Op::N, Op::T), Some(act))),
        _ => None,
    }
}

/// Fresh random A, B (and bias) for C (m × n) = op(A)·op(B) from `seed`, and the f64
/// reference of the checked rows.
pub(crate) fn workload(
    kernel: KernelId,
    (op_a, op_b): (Op, Op),
    act: Option<Activation>,
    (m, n, k): (usize, usize, usize),
    seed: u64,
) -> Workload {
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let a = random(&mut rng, m * k, 1.0);
    let b = random(&mut rng, k * n, 1.0);
    let a_at = |i: usize, l: usize| match op_a {
        Op::N => a[i * k + l],
        Op::T => a[l * m + i],
    };
    let b_at = |l: usize, j: usize| match op_b {
        Op::N => b[l * n + j],
        Op::T => b[j * k + l],
    };
    let bias = act.map(|_| random(&mut rng, n, 1.0));
    let rows = checked_rows(m, (n * k) as f64);
    let mut values = Vec::with_capacity(rows.len() * n);
    for &i in &rows {
        let a_row: Vec<f64> = (0..k).map(|l| f64::from(a_at(i, l))).collect();
        for j in 0..n {
            let mut sum = 0.0f64;
            for (l, a_il) in a_row.iter().enumerate() {
                sum += a_il * f64::from(b_at(l, j));
            }
            values.push(match (act, &bias) {
                (Some(act), Some(bias)) => act.apply(sum + f64::from(bias[j])),
                _ => sum,
            });
        }
    }
    let gemm_tol = 8.0 * EPS * (k.max(1) as f64).sqrt();
    let (mf, nf, kf) = (m as f64, n as f64, k as f64);
    let mut inputs = vec![(1, a), (2, b)];
    let (tolerance, flops, bytes) = match (act, bias) {
        (Some(act), Some(bias)) => {
            inputs.push((4, bias));
            (
                gemm_tol + act.tolerance(),
                2.0 * mf * nf * kf + 2.0 * mf * nf,
                4.0 * (mf * kf + kf * nf + mf * nf + nf),
            )
        }
        _ => (
            gemm_tol,
            2.0 * mf * nf * kf,
            4.0 * (mf * kf + kf * nf + mf * nf),
        ),
    };
    Workload {
        kernel,
        shape: Shape::Gemm { m, n, k },
        inputs,
        output_len: m * n,
        reference: Reference {
            rows,
            row_len: n,
            values,
        },
        tolerance,
        flops,
        bytes,
    }
}

fn flag(on: bool) -> String {
    u32::from(on).to_string()
}

/// The workgroup grid of an m × n GEMM output in `side` × `side` tiles.
fn gemm_grid(
    gpu: &Gpu,
    what: &str,
    (m, n): (usize, usize),
    side: usize,
) -> Result<[u32; 3], GpuError> {
    let max = gpu.limits.max_compute_workgroups_per_dimension as usize;
    let (gx, gy) = (n.div_ceil(side).max(1), m.div_ceil(side).max(1));
    if gx > max || gy > max {
        return Err(GpuError::TooLarge {
            what: what.to_string(),
            bytes: 4 * (m * n) as u64,
            limit: 4 * (side * max * side * max) as u64,
        });
    }
    Ok([gx as u32, gy as u32, 1])
}

/// The GEMM kernel's defines for C (m × n) = op(A)·op(B) with an optional bias-and-activation
/// epilogue: operand layouts, which operands load as `vec4`, and the epilogue. The tile's
/// defines (and which of the two GEMM kernels) are [`dispatch`]'s.
fn gemm_defines(
    (a, b): (Op, Op),
    (m, n, k): (usize, usize, usize),
    epilogue: Option<Activation>,
) -> Vec<(&'static str, String)> {
    let vec_a = match a {
        Op::N => k % 4 == 0,
        Op::T => m % 4 == 0,
    };
    let vec_b = match b {
        Op::N => n % 4 == 0,
        Op::T => k % 4 == 0,
    };
    vec![
        ("TRANS_A", flag(a == Op::T)),
        ("TRANS_B", flag(b == Op::T)),
        ("VEC_A", flag(vec_a)),
        ("VEC_B", flag(vec_b)),
        ("VEC_C", flag(n % 4 == 0)),
        ("EPILOGUE", flag(epilogue.is_some())),
        ("ACT", epilogue.map_or(0, Activation::code).to_string()),
    ]
}

/// The GEMM kernel `tile` picks and every define it is built with for this shape and epilogue:
/// what [`dispatch`] compiles, and what the ISA section measures.
pub(crate) fn source_and_defines(
    tile: GemmTile,
    ops: (Op, Op),
    shape: (usize, usize, usize),
    epilogue: Option<Activation>,
) -> (KernelSource, Vec<(&'static str, String)>) {
    let (source, tile_defines) = tile.source_and_defines();
    let mut defines = gemm_defines(ops, shape, epilogue);
    defines.extend(tile_defines);
    (source, defines)
}

/// One dispatch of the GEMM kernel built with the cache's tile: C (m × n) = op(A)·op(B), plus
/// the bias and `epilogue` when given. `operands` are at their bindings: A at 1, B at 2, C at
/// 3, the bias at 4.
pub(crate) fn dispatch(
    gpu: &Gpu,
    cache: &mut KernelCache,
    ops: (Op, Op),
    (m, n, k): (usize, usize, usize),
    epilogue: Option<Activation>,
    operands: &[(u32, &wgpu::Buffer)],
) -> Result<Dispatch, GpuError> {
    let what = match epilogue {
        Some(act) => KernelId::GemmBiasAct(act),
        None => KernelId::Gemm { a: ops.0, b: ops.1 },
    }
    .name();
    let tile = cache.gemm_tile();
    let (source, defines) = source_and_defines(tile, ops, (m, n, k), epilogue);
    let kernel = cache.get(gpu, source, &defines)?;
    let d = dims_u32(&what, &[m, n, k])?;
    let workgroups = gemm_grid(gpu, &what, (m, n), tile.side())?;
    bind::dispatch(
        gpu,
        kernel,
        &what,
        [d[0], d[1], d[2], 0],
        operands,
        workgroups,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gemm_reference_matches_hand_computation() {
        let work = crate::gpu::kernels::workload(
            KernelId::Gemm { a: Op::T, b: Op::N },
            Shape::Gemm { m: 2, n: 3, k: 4 },
            7,
        );
        let (a, b) = (&work.inputs[0].1, &work.inputs[1].1);
        // Aᵀ stored k × m: op(A)[i][l] = a[l * m + i].
        let c01: f64 = (0..4)
            .map(|l| f64::from(a[l * 2]) * f64::from(b[l * 3 + 1]))
            .sum();
        assert!((work.reference.values[1] - c01).abs() < 1e-12);
        assert_eq!(work.flops, 2.0 * 2.0 * 3.0 * 4.0);
    }
}
