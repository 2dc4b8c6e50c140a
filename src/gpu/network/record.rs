//! Recording a network's dispatches once, when it is built: the forward pass and the training
//! step, each as one list with the range of every layer in it.
//!
//! In: the layers, their buffers and the kernel cache (whose GEMM tile every GEMM uses). Out:
//! [`Recorded`] dispatch lists whose bind groups point at the buffers for good, so that running
//! the network only uploads a batch and submits.
//!
//! The forward pass per layer: the GEMM with a linear epilogue (bias added) into `Z`, then
//! `bias_act` with a zero bias into `A`: `Z` is kept for the backward pass. The training step is
//! the forward pass, then per layer from the last: the error `δ` (`output_delta` for the output
//! layer, `act_grad` of the error from above for a hidden one), the weight gradient `δᵀ·A[l−1]`
//! (GEMM `tn`), the bias gradient (the column sum of `δ`), the error `δ·W` for the layer below
//! (GEMM `nn`, before `W` changes), and the SGD updates of `W` and `b`.

use std::ops::Range;

use super::layers::{Layer, LayerBuffers};
use crate::gpu::buffers;
use crate::gpu::device::Gpu;
use crate::gpu::error::GpuError;
use crate::gpu::kernel::KernelCache;
use crate::gpu::kernels::bind::{dispatch_1d, grid_1d, u32_of};
use crate::gpu::kernels::{elementwise, gemm};
use crate::gpu::kernels::{Activation, Cost, KernelId, Op, TrainKernel};
use crate::gpu::timing::Dispatch;

/// A dispatch list and the range of each layer's part in it.
pub(crate) struct Recorded {
    pub(crate) dispatches: Vec<Dispatch>,
    pub(crate) layer_ranges: Vec<Range<usize>>,
}

/// What the recording binds: the layers, the batch, the network's input and target, and each
/// layer's buffers.
pub(crate) struct Bindings<'a> {
    pub(crate) layers: &'a [Layer],
    pub(crate) batch: usize,
    pub(crate) input: &'a wgpu::Buffer,
    pub(crate) target: &'a wgpu::Buffer,
    pub(crate) buffers: &'a [LayerBuffers],
}

impl Bindings<'_> {
    /// The activations layer `l` reads: the input, or the layer below's output.
    fn below(&self, l: usize) -> &wgpu::Buffer {
        if l == 0 {
            self.input
        } else {
            &self.buffers[l - 1].activations
        }
    }
}

/// One elementwise kernel over a `batch × outputs` matrix, with its `(rows, cols)` uniform.
fn elementwise_pass(
    gpu: &Gpu,
    cache: &mut KernelCache,
    (kernel, defines): (KernelId, &[(&str, String)]),
    (rows, cols): (usize, usize),
    operands: &[(u32, &wgpu::Buffer)],
) -> Result<Dispatch, GpuError> {
    let what = kernel.family();
    let compiled = cache.get(gpu, kernel.source(), defines)?;
    let params = [u32_of(what, rows)?, u32_of(what, cols)?, 0, 0];
    dispatch_1d(
        gpu,
        compiled,
        what,
        params,
        operands,
        (rows * cols).div_ceil(256),
    )
}

fn act_define(act: Activation) -> [(&'static str, String); 1] {
    [("ACT", act.code().to_string())]
}

/// The forward pass: per layer its GEMM and its activation.
pub(crate) fn forward(
    gpu: &Gpu,
    cache: &mut KernelCache,
    net: &Bindings,
) -> Result<Recorded, GpuError> {
    let mut dispatches = Vec::new();
    let mut layer_ranges = Vec::new();
    for (l, (layer, b)) in net.layers.iter().zip(net.buffers).enumerate() {
        let start = dispatches.len();
        // The bias epilogue is linear: the activation is a separate `bias_act`.
        dispatches.push(gemm::dispatch(
            gpu,
            cache,
            (Op::N, Op::T),
            (net.batch, layer.outputs, layer.inputs),
            Some(Activation::Linear),
            &[
                (1, net.below(l)),
                (2, &b.weights),
                (3, &b.z),
                (4, &b.biases),
            ],
        )?);
        dispatches.push(elementwise_pass(
            gpu,
            cache,
            (
                KernelId::BiasAct(layer.activation),
                &act_define(layer.activation),
            ),
            (net.batch, layer.outputs),
            &[(1, &b.z), (2, &b.zero_bias), (3, &b.activations)],
        )?);
        layer_ranges.push(start..dispatches.len());
    }
    Ok(Recorded {
        dispatches,
        layer_ranges,
    })
}

/// The training step for `cost`: the `forward` dispatches, then each layer's backward pass and
/// update from the last layer down.
pub(crate) fn training(
    gpu: &Gpu,
    cache: &mut KernelCache,
    net: &Bindings,
    cost: Cost,
    forward: &[Dispatch],
) -> Result<Recorded, GpuError> {
    let mut dispatches: Vec<Dispatch> = forward.iter().map(Dispatch::clone).collect();
    let mut layer_ranges = vec![0..0; net.layers.len()];
    let last = net.layers.len() - 1;
    for l in (0..net.layers.len()).rev() {
        let start = dispatches.len();
        let (layer, b) = (net.layers[l], &net.buffers[l]);
        let dims = (net.batch, layer.outputs);
        if l == last {
            let kernel = TrainKernel::delta(cost, layer.activation);
            let mut operands = vec![(1, &b.activations), (2, net.target), (3, &b.delta)];
            if cost == Cost::Quadratic {
                operands.push((4, &b.z));
            }
            let id = KernelId::Train(kernel);
            dispatches.push(elementwise_pass(
                gpu,
                cache,
                (id, &kernel.defines()),
                dims,
                &operands,
            )?);
        } else {
            dispatches.push(elementwise_pass(
                gpu,
                cache,
                (
                    KernelId::ActGrad(layer.activation),
                    &act_define(layer.activation),
                ),
                dims,
                &[(1, &b.z), (2, &b.error), (3, &b.delta)],
            )?);
        }
        // ∂W = δᵀ·A[l−1]: (out × batch)·(batch × in).
        dispatches.push(gemm::dispatch(
            gpu,
            cache,
            (Op::T, Op::N),
            (layer.outputs, layer.inputs, net.batch),
            None,
            &[(1, &b.delta), (2, net.below(l)), (3, &b.weight_grad)],
        )?);
        dispatches.extend(elementwise::column_sum(
            gpu,
            cache,
            "the bias gradient",
            dims,
            &b.delta,
            b.partials.as_ref(),
            &b.bias_grad,
        )?);
        if l > 0 {
            // E[l−1] = δ·W: (batch × out)·(out × in), before W changes.
            dispatches.push(gemm::dispatch(
                gpu,
                cache,
                (Op::N, Op::N),
                (net.batch, layer.inputs, layer.outputs),
                None,
                &[
                    (1, &b.delta),
                    (2, &b.weights),
                    (3, &net.buffers[l - 1].error),
                ],
            )?);
        }
        let sgd = cache.get(gpu, KernelId::Train(TrainKernel::SgdMomentum).source(), &[])?;
        let updates = [
            (
                &b.weight_grad,
                &b.weight_velocity,
                &b.weights,
                layer.inputs * layer.outputs,
            ),
            (&b.bias_grad, &b.bias_velocity, &b.biases, layer.outputs),
        ];
        for ((grad, velocity, values, n), params) in updates.into_iter().zip(&b.sgd_params) {
            let group = buffers::bind_group(
                gpu,
                &sgd.layout,
                &[(0, params), (1, grad), (2, velocity), (3, values)],
            )?;
            dispatches.push(Dispatch {
                kernel: sgd.clone(),
                group,
                workgroups: grid_1d(gpu, "sgd", n.div_ceil(256))?,
            });
        }
        layer_ranges[l] = start..dispatches.len();
    }
    Ok(Recorded {
        dispatches,
        layer_ranges,
    })
}
