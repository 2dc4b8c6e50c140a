//! The elementwise kernels and the reduction: `bias_act` (out = act(z + bias), the forward
//! activation), `act_grad` (out = g ⊙ act′(z), the backward one) and `column_sum` (the bias
//! gradient, a sum over the batch), with their f64 references and dispatches.
//!
//! In: a matrix shape (rows × cols) and the activation. Out: a [`Workload`], or the
//! dispatches. The column sum reduces 256 rows per workgroup; more rows take a second pass over
//! per-chunk partials, which are poisoned like the output, and more than 65536 rows (a third
//! pass) are [`GpuError::TooLarge`]. The suite and the network share [`column_sum`].

use std::sync::Arc;

use rand::SeedableRng;

use super::bind::{dims_u32, dispatch_1d, operands, u32_of};
use super::functions::{Activation, EPS};
use super::id::{KernelId, Shape};
use super::workload::{checked_rows, random, Reference, Workload};
use crate::gpu::buffers;
use crate::gpu::device::Gpu;
use crate::gpu::error::GpuError;
use crate::gpu::kernel::{self, KernelCache};
use crate::gpu::timing::Dispatch;

/// The reference of an elementwise kernel over a `rows × cols` matrix: `value(i)` at each
/// flat index of the checked rows.
fn elementwise_reference(rows: usize, cols: usize, value: impl Fn(usize) -> f64) -> Reference {
    let checked = checked_rows(rows, cols as f64);
    let values = checked
        .iter()
        .flat_map(|&r| (r * cols..(r + 1) * cols).map(&value))
        .collect();
    Reference {
        rows: checked,
        row_len: cols,
        values,
    }
}

/// Fresh random inputs for `bias_act` from `seed`, and the f64 reference.
pub(crate) fn bias_act_workload(
    act: Activation,
    (rows, cols): (usize, usize),
    seed: u64,
) -> Workload {
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let (kernel, shape) = (KernelId::BiasAct(act), Shape::Matrix { rows, cols });
    let z = random(&mut rng, rows * cols, 3.0);
    let bias = random(&mut rng, cols, 1.0);
    let reference = elementwise_reference(rows, cols, |i| {
        act.apply(f64::from(z[i]) + f64::from(bias[i % cols]))
    });
    let n = (rows * cols) as f64;
    Workload {
        kernel,
        shape,
        inputs: vec![(1, z), (2, bias)],
        output_len: rows * cols,
        reference,
        tolerance: act.tolerance() + 4.0 * EPS,
        flops: 2.0 * n,
        bytes: 4.0 * (2.0 * n + cols as f64),
    }
}

/// Fresh random inputs for `act_grad` from `seed`, and the f64 reference.
pub(crate) fn act_grad_workload(
    act: Activation,
    (rows, cols): (usize, usize),
    seed: u64,
) -> Workload {
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let (kernel, shape) = (KernelId::ActGrad(act), Shape::Matrix { rows, cols });
    let z = random(&mut rng, rows * cols, 3.0);
    let g = random(&mut rng, rows * cols, 1.0);
    let reference = elementwise_reference(rows, cols, |i| {
        f64::from(g[i]) * act.derivative(f64::from(z[i]))
    });
    let n = (rows * cols) as f64;
    Workload {
        kernel,
        shape,
        inputs: vec![(1, z), (2, g)],
        output_len: rows * cols,
        reference,
        tolerance: act.derivative_tolerance() + 4.0 * EPS,
        flops: 2.0 * n,
        bytes: 12.0 * n,
    }
}

/// Fresh random input for `column_sum` from `seed`, and the f64 reference (every column).
pub(crate) fn column_sum_workload((rows, cols): (usize, usize), seed: u64) -> Workload {
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let (kernel, shape) = (KernelId::ColumnSum, Shape::Matrix { rows, cols });
    let x = random(&mut rng, rows * cols, 1.0);
    let values = (0..cols)
        .map(|c| (0..rows).map(|r| f64::from(x[r * cols + c])).sum())
        .collect();
    let n = (rows * cols) as f64;
    Workload {
        kernel,
        shape,
        inputs: vec![(1, x)],
        output_len: cols,
        reference: Reference {
            rows: vec![0],
            row_len: cols,
            values,
        },
        tolerance: 8.0 * EPS * (rows.max(1) as f64).sqrt(),
        flops: n,
        bytes: 4.0 * (n + cols as f64),
    }
}

/// The dispatches of an elementwise or column-sum workload whose inputs are uploaded and
/// whose output is poisoned; partial sums go to `scratch`, to be poisoned with the output.
pub(crate) fn dispatches(
    gpu: &Gpu,
    cache: &mut KernelCache,
    work: &Workload,
    output: &wgpu::Buffer,
    inputs: &[(u32, wgpu::Buffer)],
    scratch: &mut Vec<(wgpu::Buffer, usize)>,
) -> Result<Vec<Dispatch>, GpuError> {
    let name = work.kernel.name();
    match (work.kernel, work.shape) {
        (KernelId::BiasAct(act) | KernelId::ActGrad(act), Shape::Matrix { rows, cols }) => {
            let kernel = cache.get(
                gpu,
                work.kernel.source(),
                &[("ACT", act.code().to_string())],
            )?;
            let d = dims_u32(&name, &[rows, cols, rows * cols])?;
            Ok(vec![dispatch_1d(
                gpu,
                kernel,
                &name,
                [d[0], d[1], 0, 0],
                &operands(output, inputs),
                (rows * cols).div_ceil(256),
            )?])
        }
        (KernelId::ColumnSum, Shape::Matrix { rows, cols }) => {
            dims_u32(&name, &[rows, cols, rows * cols])?;
            let x = &inputs
                .iter()
                .find(|(binding, _)| *binding == 1)
                .ok_or_else(|| GpuError::Validation {
                    what: name.clone(),
                    message: "the column sum has no input at binding 1".to_string(),
                })?
                .1;
            let chunks = rows.div_ceil(256).max(1);
            let partials = if chunks > 1 {
                let len = chunks * cols;
                let partials = buffers::poisoned(gpu, &format!("{name} partials"), len)?;
                scratch.push((partials, len));
                scratch.last().map(|(buffer, _)| buffer)
            } else {
                None
            };
            column_sum(gpu, cache, &name, (rows, cols), x, partials, output)
        }
        _ => Err(GpuError::Validation {
            what: name,
            message: format!("shape {} does not fit this kernel", work.shape.describe()),
        }),
    }
}

/// The widest matrix the subgroup column sum takes: past it, `column_sum.comp`'s 64 columns
/// across the lanes leave few lanes idle.
pub(crate) const SUBGROUP_MAX_COLS: usize = 16;

/// The column sums of a rows × cols matrix `x` into `out`: one pass, or two through `partials`
/// (⌈rows / 256⌉ × cols floats; needed past 256 rows).
pub(crate) fn column_sum(
    gpu: &Gpu,
    cache: &mut KernelCache,
    what: &str,
    (rows, cols): (usize, usize),
    x: &wgpu::Buffer,
    partials: Option<&wgpu::Buffer>,
    out: &wgpu::Buffer,
) -> Result<Vec<Dispatch>, GpuError> {
    // Narrow matrices (the output layer's bias gradient) on a device with subgroups: the
    // subgroup kernel, same grid and bindings; `Gpu::subgroups` off forces the fallback.
    let source = if gpu.subgroups && cols <= SUBGROUP_MAX_COLS {
        kernel::COLUMN_SUM_SUBGROUP
    } else {
        kernel::COLUMN_SUM
    };
    let kernel = cache.get(gpu, source, &[])?;
    let gx = u32_of(what, cols.div_ceil(64).max(1))?;
    let chunks = rows.div_ceil(256).max(1);
    let (r, c) = (u32_of(what, rows)?, u32_of(what, cols)?);
    let pass = |kernel: Arc<kernel::Kernel>,
                params: [u32; 4],
                input: &wgpu::Buffer,
                output: &wgpu::Buffer,
                gy: u32|
     -> Result<Dispatch, GpuError> {
        let params = buffers::params(gpu, what, params)?;
        let group = buffers::bind_group(
            gpu,
            &kernel.layout,
            &[(0, &params), (1, input), (3, output)],
        )?;
        Ok(Dispatch {
            kernel,
            group,
            workgroups: [gx, gy, 1],
        })
    };
    match partials {
        None => Ok(vec![pass(kernel, [r, c, 0, 0], x, out, 1)?]),
        Some(partials) => {
            if chunks > 256 {
                return Err(GpuError::TooLarge {
                    what: format!("{what} (more than 65536 rows needs a third pass)"),
                    bytes: 4 * (rows * cols) as u64,
                    limit: 4 * (65536 * cols) as u64,
                });
            }
            let k = u32_of(what, chunks)?;
            Ok(vec![
                pass(kernel.clone(), [r, c, 0, 0], x, partials, k)?,
                pass(kernel, [k, c, 0, 0], partials, out, 1)?,
            ])
        }
    }
}
