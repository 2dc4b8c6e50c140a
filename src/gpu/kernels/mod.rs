//! The kernels of `shaders/nn/`, as an explicit list: what each computes, its inputs, its f64
//! CPU reference, its tolerance, and how it is bound and dispatched.
//!
//! In: a [`KernelId`] and a [`Shape`]. Out: a [`Workload`] (fresh random inputs from a seed,
//! the reference, the costs) from [`workload()`]; a [`Bound`] (inputs uploaded, output poisoned
//! with NaN, the dispatches recorded) from [`bind()`]; a [`Verification`] of the output read back
//! from [`verify`]. Verification always comes before timing (`suite::run`).
//!
//! The files, each importing only from the ones above it:
//! - `functions.rs`: the activations and costs in f64, and the tolerances built on them;
//! - `id.rs`: the kernels and shapes; `workload.rs`: workloads and the check;
//! - `bind.rs`: the buffers a dispatch list keeps alive, grids, the one-pass dispatch;
//! - one file per family: `gemm.rs`, `elementwise.rs` (bias + activation, its derivative, the
//!   column sum), `peak.rs` (the FMA chains and the copy that measure the adapter), `train.rs`
//!   (the output error and the SGD update).
//!
//! This file is the table of contents and the two entry points that pick the family.

pub(crate) mod bind;
pub(crate) mod elementwise;
mod functions;
pub(crate) mod gemm;
mod id;
pub(crate) mod peak;
pub(crate) mod train;
mod workload;

pub use bind::Bound;
pub use functions::{Activation, Cost};
pub use id::{KernelId, Op, Shape, TrainKernel, Width};
pub use workload::{verify, Reference, Verification, Workload};

use crate::gpu::buffers;
use crate::gpu::device::Gpu;
use crate::gpu::error::GpuError;
use crate::gpu::kernel::{GemmTile, KernelCache, KernelSource};

/// Fresh random inputs for `kernel` at `shape` from `seed`, and the f64 reference.
pub fn workload(kernel: KernelId, shape: Shape, seed: u64) -> Workload {
    match (kernel, shape, gemm::operation(kernel)) {
        (KernelId::FmaPeak(_) | KernelId::CopyPeak, ..) => peak::workload(kernel, shape, seed),
        (KernelId::Train(t), ..) => train::workload(t, shape, seed),
        (_, Shape::Gemm { m, n, k }, Some((ops, act))) => {
            gemm::workload(kernel, ops, act, (m, n, k), seed)
        }
        (KernelId::BiasAct(act), Shape::Matrix { rows, cols }, _) => {
            elementwise::bias_act_workload(act, (rows, cols), seed)
        }
        (KernelId::ActGrad(act), Shape::Matrix { rows, cols }, _) => {
            elementwise::act_grad_workload(act, (rows, cols), seed)
        }
        (KernelId::ColumnSum, Shape::Matrix { rows, cols }, _) => {
            elementwise::column_sum_workload((rows, cols), seed)
        }
        // A GEMM kernel with a matrix shape or the reverse: nothing to compute.
        _ => Workload::unfit(kernel, shape),
    }
}

/// The source and `#define`s `kernel` is built with at `shape` (GEMMs with `tile`), as
/// [`bind`] builds it; `None` for the peak kernels, whose variants are their own.
pub fn build_defines(
    kernel: KernelId,
    shape: Shape,
    tile: GemmTile,
) -> Option<(KernelSource, Vec<(&'static str, String)>)> {
    match (kernel, shape, gemm::operation(kernel)) {
        (_, Shape::Gemm { m, n, k }, Some((ops, act))) => {
            Some(gemm::source_and_defines(tile, ops, (m, n, k), act))
        }
        (KernelId::BiasAct(act) | KernelId::ActGrad(act), ..) => {
            Some((kernel.source(), vec![("ACT", act.code().to_string())]))
        }
        (KernelId::ColumnSum, ..) => Some((kernel.source(), Vec::new())),
        (KernelId::Train(t), ..) => Some((kernel.source(), t.defines())),
        _ => None,
    }
}

/// Upload the workload's inputs, poison its output, and prepare the dispatches.
pub fn bind(gpu: &Gpu, cache: &mut KernelCache, work: &Workload) -> Result<Bound, GpuError> {
    if let KernelId::Train(t) = work.kernel {
        return train::bind(gpu, cache, t, work);
    }
    let name = work.kernel.name();
    let mut inputs = Vec::new();
    for (binding, data) in &work.inputs {
        inputs.push((
            *binding,
            buffers::upload(gpu, &format!("{name} input {binding}"), data)?,
        ));
    }
    let output = buffers::poisoned(gpu, &format!("{name} output"), work.output_len)?;
    let mut scratch = Vec::new();
    let dispatches = match (work.kernel, work.shape, gemm::operation(work.kernel)) {
        (KernelId::FmaPeak(_) | KernelId::CopyPeak, ..) => {
            peak::dispatches(gpu, cache, work, &output, &inputs)?
        }
        (_, Shape::Gemm { m, n, k }, Some((ops, act))) => {
            vec![gemm::dispatch(
                gpu,
                cache,
                ops,
                (m, n, k),
                act,
                &bind::operands(&output, &inputs),
            )?]
        }
        _ => elementwise::dispatches(gpu, cache, work, &output, &inputs, &mut scratch)?,
    };
    Ok(Bound {
        dispatches,
        output,
        output_len: work.output_len,
        scratch,
        _inputs: inputs.into_iter().map(|(_, b)| b).collect(),
    })
}
