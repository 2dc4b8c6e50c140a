//! The training kernels the forward kernels do not cover: the output layer's error
//! (`output_delta`, for the quadratic and the cross-entropy cost) and the SGD update with
//! momentum (`sgd`), with their f64 references and dispatches. The backward pass through a
//! layer reuses the other families: GEMM for Wᵀ·δ and δ·aᵀ, `act_grad` for ⊙ f′(z),
//! `column_sum` for the bias gradient.
//!
//! The trap: the SGD update is in place, so its output (the weights, binding 3) cannot be
//! poisoned. It starts as the weights, and the workload's rate and momentum make every update
//! large against them, so a skipped element still fails verification.

use rand::{RngExt, SeedableRng};

use super::bind::{dims_u32, dispatch_1d, operands, Bound};
use super::functions::{Activation, Cost, EPS};
use super::id::{KernelId, Shape, TrainKernel};
use super::workload::{random, Reference, Workload};
use crate::gpu::buffers;
use crate::gpu::device::Gpu;
use crate::gpu::error::GpuError;
use crate::gpu::kernel::KernelCache;

/// The learning rate and momentum the SGD kernel's workload uses: large enough that an
/// element the kernel skipped is far outside the tolerance.
const SGD_RATE: f32 = 0.5;
const SGD_MOMENTUM: f32 = 0.9;

/// The SGD kernel's uniform: n, then the rate and momentum as f32 bits.
pub(crate) fn sgd_params(n: u32, rate: f32, momentum: f32) -> [u32; 4] {
    [n, rate.to_bits(), momentum.to_bits(), 0]
}

/// Fresh random inputs for a training kernel at `shape` from `seed`, and the f64 reference.
pub(crate) fn workload(kernel: TrainKernel, shape: Shape, seed: u64) -> Workload {
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let (rows, cols) = shape.output_dims();
    let n = rows * cols;
    let everything = |values: Vec<f64>| Reference {
        rows: (0..rows).collect(),
        row_len: cols,
        values,
    };
    match kernel {
        TrainKernel::QuadraticDelta(_) | TrainKernel::CrossEntropyDelta => {
            let (cost, act) = match kernel {
                TrainKernel::QuadraticDelta(act) => (Cost::Quadratic, act),
                _ => (Cost::CrossEntropy, Activation::Sigmoid),
            };
            let z = random(&mut rng, n, 3.0);
            let a: Vec<f32> = z.iter().map(|&z| act.apply(f64::from(z)) as f32).collect();
            let y: Vec<f32> = (0..n).map(|_| rng.random_range(0.0..1.0)).collect();
            let values = (0..n)
                .map(|i| {
                    let (a, y, z) = (f64::from(a[i]), f64::from(y[i]), f64::from(z[i]));
                    cost.delta(act, a, y, z)
                })
                .collect();
            let mut inputs = vec![(1, a), (2, y)];
            let tolerance = match cost {
                Cost::Quadratic => {
                    inputs.push((4, z));
                    act.derivative_tolerance() + 4.0 * EPS
                }
                Cost::CrossEntropy => 4.0 * EPS,
            };
            Workload {
                kernel: KernelId::Train(kernel),
                shape,
                inputs,
                output_len: n,
                reference: everything(values),
                tolerance,
                flops: 2.0 * n as f64,
                bytes: 4.0 * n as f64 * (inputs_len(cost) + 1.0),
            }
        }
        TrainKernel::SgdMomentum => {
            let g = random(&mut rng, n, 1.0);
            let v = random(&mut rng, n, 0.5);
            let w = random(&mut rng, n, 1.0);
            let (rate, momentum) = (f64::from(SGD_RATE), f64::from(SGD_MOMENTUM));
            let values = (0..n)
                .map(|i| {
                    let velocity = momentum * f64::from(v[i]) - rate * f64::from(g[i]);
                    f64::from(w[i]) + velocity
                })
                .collect();
            Workload {
                kernel: KernelId::Train(kernel),
                shape,
                // Binding 3 is in place: the weights go in there and come out updated.
                inputs: vec![(1, g), (2, v), (3, w)],
                output_len: n,
                reference: everything(values),
                tolerance: 8.0 * EPS,
                flops: 4.0 * n as f64,
                // g, v and w read; v and w written.
                bytes: 20.0 * n as f64,
            }
        }
    }
}

fn inputs_len(cost: Cost) -> f64 {
    match cost {
        Cost::Quadratic => 3.0,
        Cost::CrossEntropy => 2.0,
    }
}

/// Upload the workload's inputs (the SGD's weights at binding 3 are its output), poison the
/// output of the others, and prepare the dispatch.
pub(crate) fn bind(
    gpu: &Gpu,
    cache: &mut KernelCache,
    kernel: TrainKernel,
    work: &Workload,
) -> Result<Bound, GpuError> {
    let name = work.kernel.name();
    let (rows, cols) = work.shape.output_dims();
    let d = dims_u32(&name, &[rows, cols, rows * cols])?;
    let compiled = cache.get(gpu, work.kernel.source(), &kernel.defines())?;
    let mut inputs = Vec::new();
    let mut output = None;
    for (binding, data) in &work.inputs {
        let buffer = buffers::upload(gpu, &format!("{name} input {binding}"), data)?;
        if *binding == 3 {
            output = Some(buffer);
        } else {
            inputs.push((*binding, buffer));
        }
    }
    let output = match output {
        Some(weights) => weights,
        None => buffers::poisoned(gpu, &format!("{name} output"), work.output_len)?,
    };
    let params = match kernel {
        TrainKernel::SgdMomentum => sgd_params(d[2], SGD_RATE, SGD_MOMENTUM),
        _ => [d[0], d[1], 0, 0],
    };
    let dispatch = dispatch_1d(
        gpu,
        compiled,
        &name,
        params,
        &operands(&output, &inputs),
        (rows * cols).div_ceil(256),
    )?;
    Ok(Bound {
        dispatches: vec![dispatch],
        output,
        output_len: work.output_len,
        scratch: Vec::new(),
        _inputs: inputs.into_iter().map(|(_, b)| b).collect(),
    })
}
