//! A small fully connected network on the GPU: layers, a forward pass and an SGD training
//! step, built from the kernels of [`super::nn`].
//!
//! In: layer sizes, activations, a batch size and a seed. Out: a [`Network`] whose buffers are
//! all allocated once, in [`Network::new`], with every dispatch of the forward pass and of the
//! training step recorded as bind groups then too: [`Network::forward`] and
//! [`Network::train_step`] only upload the batch and submit, so nothing is allocated on the
//! device in a timed loop.
//!
//! Layout (row-major, batch-major, as in [`super::nn`]): layer `l` maps `A[l−1]` (batch × in)
//! to `Z[l] = A[l−1]·W[l]ᵀ + b[l]` and `A[l] = f(Z[l])`, with `W[l]` out × in. The training
//! step, per layer from the last:
//! - the error `δ[L]`: `output_delta` for the cost; for a hidden layer `δ[l] = E[l] ⊙ f′(Z[l])`
//!   (`act_grad`), where `E[l] = δ[l+1]·W[l+1]` came from the layer above (GEMM `nn`: with the
//!   batch as rows this is Wᵀ·δ of the column-major formulation);
//! - the weight gradient `δ[l]ᵀ·A[l−1]` (GEMM `tn`), the bias gradient the column sum of `δ[l]`
//!   over the batch;
//! - `E[l−1] = δ[l]·W[l]`, then the SGD update of `W[l]` and `b[l]` (after `E[l−1]` has read
//!   `W[l]`).
//!
//! The loss is the mean over the batch of each sample's cost; gradients are sums over the batch,
//! so the SGD kernel gets `rate / batch`. The loss is computed on the host, in f64, from the
//! output read back after the step (batch × outputs floats, into a staging buffer allocated
//! once): it is the loss of the forward pass the step's gradients came from.
//!
//! The traps: `Z` is kept for the backward pass, so the forward pass is the GEMM with a linear
//! epilogue (bias added) into `Z` and then `bias_act` with a zero bias into `A`, not the fused
//! GEMM + activation. Every buffer a kernel writes starts NaN-poisoned, so a dispatch that
//! never ran shows up in verification as NaN.

use std::ops::Range;
use std::sync::Arc;

use rand::{RngExt, SeedableRng};
use serde::{Deserialize, Serialize};

use super::buffers;
use super::kernel::{Kernel, KernelCache};
use super::nn::{
    self, u32_of, Activation, Cost, KernelId, Op, Reference, TrainKernel, Verification,
};
use super::timing::{self, Dispatch};
use super::tune::GemmTile;
use super::{Gpu, GpuError};

/// One fully connected layer.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Layer {
    pub inputs: usize,
    pub outputs: usize,
    pub activation: Activation,
}

impl Layer {
    /// Multiply-adds ×2 of the layer's forward GEMM over a batch.
    pub fn forward_flops(&self, batch: usize) -> f64 {
        2.0 * (batch * self.inputs * self.outputs) as f64
    }
}

/// The layers for `sizes` (n + 1 sizes for n layers) and one activation per layer.
pub fn layers(sizes: &[usize], activations: &[Activation]) -> Result<Vec<Layer>, GpuError> {
    if sizes.len() < 2 || activations.len() != sizes.len() - 1 || sizes.contains(&0) {
        return Err(shape_error(format!(
            "{} sizes and {} activations: a network needs at least 2 positive sizes and one \
             activation per layer (sizes − 1)",
            sizes.len(),
            activations.len()
        )));
    }
    Ok(sizes
        .windows(2)
        .zip(activations)
        .map(|(pair, &activation)| Layer {
            inputs: pair[0],
            outputs: pair[1],
            activation,
        })
        .collect())
}

fn shape_error(message: String) -> GpuError {
    GpuError::Validation {
        what: "the network".to_string(),
        message,
    }
}

/// A layer's device buffers.
struct LayerBuffers {
    weights: wgpu::Buffer,
    biases: wgpu::Buffer,
    weight_velocity: wgpu::Buffer,
    bias_velocity: wgpu::Buffer,
    z: wgpu::Buffer,
    activations: wgpu::Buffer,
    delta: wgpu::Buffer,
    weight_grad: wgpu::Buffer,
    bias_grad: wgpu::Buffer,
    /// `δ[l+1]·W[l+1]`, written by the layer above; unused (4 bytes) in the last layer.
    error: wgpu::Buffer,
    /// The zero bias of the `bias_act` after the GEMM (the GEMM already added the bias).
    zero_bias: wgpu::Buffer,
    /// The column sum's per-chunk partials (batch > 256 only).
    partials: Option<wgpu::Buffer>,
    /// The SGD kernel's uniforms for the weights and the biases (rate and momentum).
    sgd_params: [wgpu::Buffer; 2],
}

/// A network of fully connected layers with every buffer allocated.
pub struct Network {
    pub layers: Vec<Layer>,
    pub batch: usize,
    input: wgpu::Buffer,
    target: wgpu::Buffer,
    buffers: Vec<LayerBuffers>,
    staging: wgpu::Buffer,
    /// Forward dispatches, `forward_ranges[l]` for layer `l`.
    forward: Vec<Dispatch>,
    forward_ranges: Vec<Range<usize>>,
    /// The whole training step per cost (forward, then backward and update from the last
    /// layer), `train_ranges[l]` for layer `l`'s backward pass and update.
    train: [Vec<Dispatch>; 2],
    train_ranges: Vec<Range<usize>>,
    /// The rate and momentum the SGD uniforms hold now.
    sgd_settings: Option<(f32, f32)>,
    /// The last output read back (batch × outputs), reused across steps.
    output: Vec<f32>,
}

fn cost_index(cost: Cost) -> usize {
    match cost {
        Cost::Quadratic => 0,
        Cost::CrossEntropy => 1,
    }
}

fn elementwise(
    gpu: &Gpu,
    kernel: Arc<Kernel>,
    what: &str,
    params: [u32; 4],
    elements: usize,
    entries: &[(u32, &wgpu::Buffer)],
) -> Result<Dispatch, GpuError> {
    let params = buffers::params(gpu, what, params)?;
    let mut all = vec![(0, &params)];
    all.extend_from_slice(entries);
    let group = buffers::bind_group(gpu, &kernel.layout, &all)?;
    Ok(Dispatch {
        kernel,
        group,
        workgroups: nn::grid_1d(gpu, what, elements.div_ceil(256))?,
    })
}

/// C (m × n) = op(A)·op(B) (+ bias, linear epilogue when `bias` is given).
#[allow(clippy::too_many_arguments)]
fn gemm(
    gpu: &Gpu,
    cache: &mut KernelCache,
    (a_op, b_op): (Op, Op),
    (m, n, k): (usize, usize, usize),
    a: &wgpu::Buffer,
    b: &wgpu::Buffer,
    c: &wgpu::Buffer,
    bias: Option<&wgpu::Buffer>,
) -> Result<Dispatch, GpuError> {
    let id = match bias {
        Some(_) => KernelId::GemmBiasAct(Activation::Linear),
        None => KernelId::Gemm { a: a_op, b: b_op },
    };
    let what = id.name();
    // The bias epilogue is linear (ACT 0): the activation is a separate `bias_act`.
    let defines = nn::gemm_defines((a_op, b_op), (m, n, k), bias.map(|_| Activation::Linear));
    let kernel = cache.get(gpu, id.source(), &defines)?;
    let params = buffers::params(
        gpu,
        &what,
        [u32_of(&what, m)?, u32_of(&what, n)?, u32_of(&what, k)?, 0],
    )?;
    let mut entries = vec![(0, &params), (1, a), (2, b), (3, c)];
    if let Some(bias) = bias {
        entries.push((4, bias));
    }
    let group = buffers::bind_group(gpu, &kernel.layout, &entries)?;
    // No `WG`/`BK` defines: the kernel's own default tile, which is `GemmTile::default()`.
    let side = GemmTile::default().side();
    Ok(Dispatch {
        kernel,
        group,
        workgroups: nn::gemm_grid(gpu, &what, (m, n), side)?,
    })
}

/// The column sum of a rows × cols matrix into `out`, in one pass or two.
fn column_sum(
    gpu: &Gpu,
    cache: &mut KernelCache,
    (rows, cols): (usize, usize),
    x: &wgpu::Buffer,
    partials: Option<&wgpu::Buffer>,
    out: &wgpu::Buffer,
) -> Result<Vec<Dispatch>, GpuError> {
    let kernel = cache.get(gpu, KernelId::ColumnSum.source(), &[])?;
    let what = "column_sum";
    let gx = u32_of(what, cols.div_ceil(64).max(1))?;
    let chunks = rows.div_ceil(256).max(1);
    let (r, c) = (u32_of(what, rows)?, u32_of(what, cols)?);
    let pass = |params: [u32; 4],
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
            kernel: kernel.clone(),
            group,
            workgroups: [gx, gy, 1],
        })
    };
    match partials {
        None => Ok(vec![pass([r, c, 0, 0], x, out, 1)?]),
        Some(partials) => {
            if chunks > 256 {
                return Err(GpuError::TooLarge {
                    what: "the bias gradient (a batch over 65536 needs a third pass)".into(),
                    bytes: 4 * (rows * cols) as u64,
                    limit: 4 * (65536 * cols) as u64,
                });
            }
            let k = u32_of(what, chunks)?;
            Ok(vec![
                pass([r, c, 0, 0], x, partials, k)?,
                pass([k, c, 0, 0], partials, out, 1)?,
            ])
        }
    }
}

fn clone_dispatch(d: &Dispatch) -> Dispatch {
    Dispatch {
        kernel: d.kernel.clone(),
        group: d.group.clone(),
        workgroups: d.workgroups,
    }
}

/// Glorot-uniform weights, small random biases: a fresh network from `seed`.
fn initial_parameters(layers: &[Layer], seed: u64) -> Vec<(Vec<f32>, Vec<f32>)> {
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    layers
        .iter()
        .map(|layer| {
            let limit = (6.0 / (layer.inputs + layer.outputs) as f64).sqrt() as f32;
            let weights = (0..layer.inputs * layer.outputs)
                .map(|_| rng.random_range(-limit..limit))
                .collect();
            let biases = (0..layer.outputs)
                .map(|_| rng.random_range(-0.1..0.1))
                .collect();
            (weights, biases)
        })
        .collect()
}

impl Network {
    /// Allocate every buffer and record every dispatch for `sizes` (input, then each layer's
    /// outputs), one activation per layer, `batch` samples per step, weights from `seed`.
    pub fn new(
        gpu: &Gpu,
        sizes: &[usize],
        activations: &[Activation],
        batch: usize,
        seed: u64,
    ) -> Result<Network, GpuError> {
        let layers = layers(sizes, activations)?;
        if batch == 0 {
            return Err(shape_error(
                "the batch must hold at least one sample".into(),
            ));
        }
        let mut cache = KernelCache::default();
        let params = initial_parameters(&layers, seed);
        let last = layers.len() - 1;
        let input = buffers::poisoned(gpu, "network input", batch * sizes[0])?;
        let target = buffers::poisoned(gpu, "network target", batch * layers[last].outputs)?;
        let mut all = Vec::with_capacity(layers.len());
        for (l, (layer, (weights, biases))) in layers.iter().zip(&params).enumerate() {
            let label = |what: &str| format!("layer {l} {what}");
            let (n_in, n_out) = (layer.inputs, layer.outputs);
            let zeros = |n: usize| vec![0.0f32; n];
            let error_len = if l == last { 0 } else { batch * n_out };
            all.push(LayerBuffers {
                weights: buffers::upload(gpu, &label("weights"), weights)?,
                biases: buffers::upload(gpu, &label("biases"), biases)?,
                weight_velocity: buffers::upload(
                    gpu,
                    &label("weight velocity"),
                    &zeros(n_in * n_out),
                )?,
                bias_velocity: buffers::upload(gpu, &label("bias velocity"), &zeros(n_out))?,
                z: buffers::poisoned(gpu, &label("z"), batch * n_out)?,
                activations: buffers::poisoned(gpu, &label("activations"), batch * n_out)?,
                delta: buffers::poisoned(gpu, &label("delta"), batch * n_out)?,
                weight_grad: buffers::poisoned(gpu, &label("weight gradient"), n_in * n_out)?,
                bias_grad: buffers::poisoned(gpu, &label("bias gradient"), n_out)?,
                error: buffers::poisoned(gpu, &label("error"), error_len)?,
                zero_bias: buffers::upload(gpu, &label("zero bias"), &zeros(n_out))?,
                partials: match batch.div_ceil(256) {
                    1 => None,
                    chunks => Some(buffers::poisoned(
                        gpu,
                        &label("bias partials"),
                        chunks * n_out,
                    )?),
                },
                sgd_params: [
                    buffers::params(gpu, &label("sgd"), nn::sgd_params(0, 0.0, 0.0))?,
                    buffers::params(gpu, &label("sgd"), nn::sgd_params(0, 0.0, 0.0))?,
                ],
            });
        }
        let staging = gpu.device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("network output read-back"),
            size: (4 * batch * layers[last].outputs) as u64,
            usage: wgpu::BufferUsages::MAP_READ | wgpu::BufferUsages::COPY_DST,
            mapped_at_creation: false,
        });
        gpu.check("the network's buffers")?;

        // Forward.
        let mut forward = Vec::new();
        let mut forward_ranges = Vec::new();
        for (l, layer) in layers.iter().enumerate() {
            let start = forward.len();
            let b = &all[l];
            let previous = if l == 0 {
                &input
            } else {
                &all[l - 1].activations
            };
            forward.push(gemm(
                gpu,
                &mut cache,
                (Op::N, Op::T),
                (batch, layer.outputs, layer.inputs),
                previous,
                &b.weights,
                &b.z,
                Some(&b.biases),
            )?);
            let act = cache.get(
                gpu,
                KernelId::BiasAct(layer.activation).source(),
                &[("ACT", (layer.activation as u32).to_string())],
            )?;
            let (rows, cols) = (
                u32_of("bias_act", batch)?,
                u32_of("bias_act", layer.outputs)?,
            );
            forward.push(elementwise(
                gpu,
                act,
                "bias_act",
                [rows, cols, 0, 0],
                batch * layer.outputs,
                &[(1, &b.z), (2, &b.zero_bias), (3, &b.activations)],
            )?);
            forward_ranges.push(start..forward.len());
        }

        // Backward and update, per cost; the ranges are the same for both.
        let mut train: [Vec<Dispatch>; 2] = [Vec::new(), Vec::new()];
        let mut train_ranges = vec![0..0; layers.len()];
        for cost in [Cost::Quadratic, Cost::CrossEntropy] {
            let list = &mut train[cost_index(cost)];
            list.extend(forward.iter().map(clone_dispatch));
            for l in (0..layers.len()).rev() {
                let start = list.len();
                let layer = layers[l];
                let b = &all[l];
                let (rows, cols) = (u32_of("delta", batch)?, u32_of("delta", layer.outputs)?);
                let elements = batch * layer.outputs;
                if l == last {
                    let kernel = TrainKernel::delta(cost, layer.activation);
                    let compiled =
                        cache.get(gpu, KernelId::Train(kernel).source(), &kernel.defines())?;
                    let mut entries = vec![(1, &b.activations), (2, &target), (3, &b.delta)];
                    if cost == Cost::Quadratic {
                        entries.push((4, &b.z));
                    }
                    list.push(elementwise(
                        gpu,
                        compiled,
                        "output_delta",
                        [rows, cols, 0, 0],
                        elements,
                        &entries,
                    )?);
                } else {
                    let compiled = cache.get(
                        gpu,
                        KernelId::ActGrad(layer.activation).source(),
                        &[("ACT", (layer.activation as u32).to_string())],
                    )?;
                    list.push(elementwise(
                        gpu,
                        compiled,
                        "act_grad",
                        [rows, cols, 0, 0],
                        elements,
                        &[(1, &b.z), (2, &b.error), (3, &b.delta)],
                    )?);
                }
                let previous = if l == 0 {
                    &input
                } else {
                    &all[l - 1].activations
                };
                // ∂W = δᵀ·A[l−1]: (out × batch)·(batch × in).
                list.push(gemm(
                    gpu,
                    &mut cache,
                    (Op::T, Op::N),
                    (layer.outputs, layer.inputs, batch),
                    &b.delta,
                    previous,
                    &b.weight_grad,
                    None,
                )?);
                list.extend(column_sum(
                    gpu,
                    &mut cache,
                    (batch, layer.outputs),
                    &b.delta,
                    b.partials.as_ref(),
                    &b.bias_grad,
                )?);
                if l > 0 {
                    // E[l−1] = δ·W: (batch × out)·(out × in), before W changes.
                    list.push(gemm(
                        gpu,
                        &mut cache,
                        (Op::N, Op::N),
                        (batch, layer.inputs, layer.outputs),
                        &b.delta,
                        &b.weights,
                        &all[l - 1].error,
                        None,
                    )?);
                }
                let sgd = cache.get(gpu, nn::SGD, &[])?;
                let updates = [
                    (
                        &b.weight_grad,
                        &b.weight_velocity,
                        &b.weights,
                        layer.inputs * layer.outputs,
                    ),
                    (&b.bias_grad, &b.bias_velocity, &b.biases, layer.outputs),
                ];
                for ((grad, velocity, values, n), params) in updates.into_iter().zip(&b.sgd_params)
                {
                    let group = buffers::bind_group(
                        gpu,
                        &sgd.layout,
                        &[(0, params), (1, grad), (2, velocity), (3, values)],
                    )?;
                    list.push(Dispatch {
                        kernel: sgd.clone(),
                        group,
                        workgroups: nn::grid_1d(gpu, "sgd", n.div_ceil(256))?,
                    });
                }
                train_ranges[l] = start..list.len();
            }
        }
        gpu.check("the network's dispatches")?;
        Ok(Network {
            layers,
            batch,
            input,
            target,
            buffers: all,
            staging,
            forward,
            forward_ranges,
            train,
            train_ranges,
            sgd_settings: None,
            output: Vec::new(),
        })
    }

    fn upload(
        &self,
        gpu: &Gpu,
        buffer: &wgpu::Buffer,
        what: &str,
        data: &[f32],
        len: usize,
    ) -> Result<(), GpuError> {
        if data.len() != len {
            return Err(shape_error(format!(
                "{what} holds {} floats; this network takes batch × size = {len}",
                data.len()
            )));
        }
        buffers::write_f32(gpu, buffer, data);
        Ok(())
    }

    fn output_len(&self) -> usize {
        self.batch * self.layers[self.layers.len() - 1].outputs
    }

    /// Set the SGD uniforms without running a step: `rate / batch` (gradients are sums over the
    /// batch) and momentum. Unchanged settings are not written again.
    pub fn set_training(&mut self, gpu: &Gpu, rate: f32, momentum: f32) -> Result<(), GpuError> {
        if self.sgd_settings == Some((rate, momentum)) {
            return Ok(());
        }
        let scaled = rate / self.batch as f32;
        for (layer, b) in self.layers.iter().zip(&self.buffers) {
            let sizes = [layer.inputs * layer.outputs, layer.outputs];
            for (params, n) in b.sgd_params.iter().zip(sizes) {
                let values = nn::sgd_params(u32_of("sgd", n)?, scaled, momentum);
                buffers::write_params(gpu, params, values);
            }
        }
        self.sgd_settings = Some((rate, momentum));
        Ok(())
    }

    /// Submit the forward pass or the training step for `cost` in one compute pass, copy the
    /// output to the staging buffer, wait, and read it into `self.output`.
    fn submit_and_read(&mut self, gpu: &Gpu, cost: Option<Cost>) -> Result<(), GpuError> {
        let dispatches = match cost {
            None => &self.forward,
            Some(cost) => &self.train[cost_index(cost)],
        };
        let mut encoder = gpu
            .device
            .create_command_encoder(&wgpu::CommandEncoderDescriptor::default());
        timing::record(&mut encoder, "prism network", dispatches, None);
        let last = &self.buffers[self.buffers.len() - 1].activations;
        let size = 4 * self.output_len() as u64;
        encoder.copy_buffer_to_buffer(last, 0, &self.staging, 0, size);
        gpu.queue.submit([encoder.finish()]);
        buffers::map_for_reading(gpu, &self.staging, "the network step")?;
        {
            let view = self
                .staging
                .get_mapped_range(..)
                .map_err(|e| GpuError::Readback(e.to_string()))?;
            self.output.clear();
            self.output.extend(buffers::f32s_of_bytes(&view));
        }
        self.staging.unmap();
        Ok(())
    }

    /// The output of the last forward pass or training step (batch × outputs).
    pub fn output(&self) -> &[f32] {
        &self.output
    }

    /// The forward pass over one batch (batch × inputs floats); returns the output
    /// (batch × outputs).
    pub fn forward(&mut self, gpu: &Gpu, input: &[f32]) -> Result<&[f32], GpuError> {
        let len = self.batch * self.layers[0].inputs;
        self.upload(gpu, &self.input, "the input", input, len)?;
        self.submit_and_read(gpu, None)?;
        Ok(&self.output)
    }

    /// One SGD step on one batch; returns the batch's mean loss before the update, computed on
    /// the host in f64 from the output read back.
    pub fn train_step(
        &mut self,
        gpu: &Gpu,
        input: &[f32],
        target: &[f32],
        cost: Cost,
        rate: f32,
        momentum: f32,
    ) -> Result<f32, GpuError> {
        self.load_batch(gpu, input, target)?;
        self.set_training(gpu, rate, momentum)?;
        self.submit_and_read(gpu, Some(cost))?;
        Ok(mean_loss(cost, &self.output, target, self.batch) as f32)
    }

    /// Upload one batch and its target without running anything (for timing).
    pub fn load_batch(&mut self, gpu: &Gpu, input: &[f32], target: &[f32]) -> Result<(), GpuError> {
        let len = self.batch * self.layers[0].inputs;
        self.upload(gpu, &self.input, "the input", input, len)?;
        self.upload(gpu, &self.target, "the target", target, self.output_len())
    }

    /// Every forward dispatch, in order.
    pub fn forward_dispatches(&self) -> &[Dispatch] {
        &self.forward
    }

    /// Layer `l`'s forward dispatches (its GEMM and activation).
    pub fn layer_forward(&self, l: usize) -> &[Dispatch] {
        &self.forward[self.forward_ranges[l].clone()]
    }

    /// The whole training step: forward, backward, update.
    pub fn train_dispatches(&self, cost: Cost) -> &[Dispatch] {
        &self.train[cost_index(cost)]
    }

    /// Layer `l`'s backward pass and update within the training step.
    pub fn layer_backward(&self, l: usize, cost: Cost) -> &[Dispatch] {
        &self.train[cost_index(cost)][self.train_ranges[l].clone()]
    }

    /// Layer `l`'s weights and biases, read back.
    pub fn parameters(&self, gpu: &Gpu, l: usize) -> Result<(Vec<f32>, Vec<f32>), GpuError> {
        let layer = self.layers[l];
        let b = &self.buffers[l];
        Ok((
            buffers::read_f32(gpu, &b.weights, layer.inputs * layer.outputs)?,
            buffers::read_f32(gpu, &b.biases, layer.outputs)?,
        ))
    }
}

/// The mean over the batch of each sample's summed cost.
pub fn mean_loss(cost: Cost, output: &[f32], target: &[f32], batch: usize) -> f64 {
    let total: f64 = output
        .iter()
        .zip(target)
        .map(|(&a, &y)| cost.of(f64::from(a), f64::from(y)))
        .sum();
    total / batch.max(1) as f64
}

/// The same network on the host in f64: one forward pass and one SGD step from zero
/// velocities, as [`Network::train_step`] runs it on a fresh network.
pub struct ReferenceStep {
    /// The output of the forward pass (batch × outputs).
    pub output: Vec<f64>,
    pub loss: f64,
    /// Updated (weights, biases) per layer.
    pub parameters: Vec<(Vec<f64>, Vec<f64>)>,
}

/// The f64 reference of one training step from `parameters` (as read from the network).
pub fn reference_step(
    layers: &[Layer],
    batch: usize,
    parameters: &[(Vec<f32>, Vec<f32>)],
    input: &[f32],
    target: &[f32],
    cost: Cost,
    rate: f32,
) -> ReferenceStep {
    let widen = |v: &[f32]| v.iter().map(|&x| f64::from(x)).collect::<Vec<f64>>();
    let mut activations = vec![widen(input)];
    let mut zs = Vec::new();
    for (layer, (w, b)) in layers.iter().zip(parameters) {
        let a = activations.last().expect("the input is there");
        let mut z = vec![0.0; batch * layer.outputs];
        for r in 0..batch {
            for o in 0..layer.outputs {
                let row = &a[r * layer.inputs..(r + 1) * layer.inputs];
                let weights = &w[o * layer.inputs..(o + 1) * layer.inputs];
                let dot: f64 = row
                    .iter()
                    .zip(weights)
                    .map(|(&x, &w)| x * f64::from(w))
                    .sum();
                z[r * layer.outputs + o] = dot + f64::from(b[o]);
            }
        }
        activations.push(z.iter().map(|&z| layer.activation.apply(z)).collect());
        zs.push(z);
    }
    let last = layers.len() - 1;
    let output = activations[last + 1].clone();
    let loss = output
        .iter()
        .zip(target)
        .map(|(&a, &y)| cost.of(a, f64::from(y)))
        .sum::<f64>()
        / batch as f64;
    let mut delta: Vec<f64> = (0..output.len())
        .map(|i| {
            cost.delta(
                layers[last].activation,
                output[i],
                f64::from(target[i]),
                zs[last][i],
            )
        })
        .collect();
    let step = f64::from(rate) / batch as f64;
    let mut updated = vec![(Vec::new(), Vec::new()); layers.len()];
    for l in (0..layers.len()).rev() {
        let layer = layers[l];
        let (w, b) = &parameters[l];
        let a = &activations[l];
        let mut weights = widen(w);
        for o in 0..layer.outputs {
            for i in 0..layer.inputs {
                let grad: f64 = (0..batch)
                    .map(|r| delta[r * layer.outputs + o] * a[r * layer.inputs + i])
                    .sum();
                weights[o * layer.inputs + i] -= step * grad;
            }
        }
        let biases = (0..layer.outputs)
            .map(|o| {
                let grad: f64 = (0..batch).map(|r| delta[r * layer.outputs + o]).sum();
                f64::from(b[o]) - step * grad
            })
            .collect();
        if l > 0 {
            let below = layers[l - 1];
            delta = (0..batch * layer.inputs)
                .map(|idx| {
                    let (r, i) = (idx / layer.inputs, idx % layer.inputs);
                    let error: f64 = (0..layer.outputs)
                        .map(|o| delta[r * layer.outputs + o] * f64::from(w[o * layer.inputs + i]))
                        .sum();
                    error * below.activation.derivative(zs[l - 1][idx])
                })
                .collect();
        }
        updated[l] = (weights, biases);
    }
    ReferenceStep {
        output,
        loss,
        parameters: updated,
    }
}

/// A network step checked against [`reference_step`].
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct NetworkVerification {
    /// The forward pass's output.
    pub forward: Verification,
    /// Per layer: the updated weights and biases.
    pub weights: Vec<Verification>,
    pub biases: Vec<Verification>,
    /// Per layer: the weight update alone (new − old), a stricter check of the gradient than
    /// the updated weights, whose norm the update barely moves.
    pub weight_updates: Vec<Verification>,
    pub loss: f32,
    pub reference_loss: f64,
}

impl NetworkVerification {
    pub fn passed(&self) -> bool {
        let loss_ok = (f64::from(self.loss) - self.reference_loss).abs()
            <= 1e-4 * self.reference_loss.abs().max(1.0);
        loss_ok
            && self.forward.passed
            && self
                .weights
                .iter()
                .chain(&self.biases)
                .chain(&self.weight_updates)
                .all(|v| v.passed)
    }
}

fn whole(values: Vec<f64>, row_len: usize) -> Reference {
    let rows = values.len() / row_len.max(1);
    Reference {
        rows: (0..rows).collect(),
        row_len,
        values,
    }
}

/// A fresh network on fresh random data (from `seed`): one forward pass and one training step
/// on the device, compared with the f64 reference. Sizes should be small: the reference is a
/// plain triple loop.
pub fn verify_network(
    gpu: &Gpu,
    sizes: &[usize],
    activations: &[Activation],
    batch: usize,
    cost: Cost,
    seed: u64,
) -> Result<NetworkVerification, GpuError> {
    let mut network = Network::new(gpu, sizes, activations, batch, seed)?;
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed ^ 0x5eed);
    let input: Vec<f32> = (0..batch * sizes[0])
        .map(|_| rng.random_range(-1.0..1.0))
        .collect();
    let outputs = sizes[sizes.len() - 1];
    let target: Vec<f32> = (0..batch * outputs)
        .map(|_| rng.random_range(0.0..1.0))
        .collect();
    let parameters = (0..network.layers.len())
        .map(|l| network.parameters(gpu, l))
        .collect::<Result<Vec<_>, _>>()?;
    let (rate, momentum) = (0.5, 0.9);
    let reference = reference_step(
        &network.layers,
        batch,
        &parameters,
        &input,
        &target,
        cost,
        rate,
    );

    // Tolerance: each layer adds a GEMM's summation error and its activation's.
    let eps = f64::from(f32::EPSILON);
    let forward_tolerance: f64 = network
        .layers
        .iter()
        .map(|l| 8.0 * eps * (l.inputs as f64).sqrt() + 2e-5)
        .sum();
    let output = network.forward(gpu, &input)?;
    let forward = nn::verify(
        output,
        &whole(reference.output.clone(), outputs),
        forward_tolerance,
    );

    let loss = network.train_step(gpu, &input, &target, cost, rate, momentum)?;
    let mut weights = Vec::new();
    let mut biases = Vec::new();
    let mut weight_updates = Vec::new();
    // The gradient adds a batch-long sum to the forward pass's error.
    let update_tolerance = forward_tolerance + 8.0 * eps * (batch as f64).sqrt();
    for (l, layer) in network.layers.clone().iter().enumerate() {
        let (w, b) = network.parameters(gpu, l)?;
        let (w_ref, b_ref) = reference.parameters[l].clone();
        let old = &parameters[l].0;
        let update: Vec<f32> = w.iter().zip(old).map(|(new, old)| new - old).collect();
        let update_ref = w_ref
            .iter()
            .zip(old)
            .map(|(new, &old)| new - f64::from(old))
            .collect();
        weight_updates.push(nn::verify(
            &update,
            &whole(update_ref, layer.inputs),
            update_tolerance,
        ));
        weights.push(nn::verify(
            &w,
            &whole(w_ref, layer.inputs),
            update_tolerance,
        ));
        biases.push(nn::verify(
            &b,
            &whole(b_ref, layer.outputs),
            update_tolerance,
        ));
    }
    Ok(NetworkVerification {
        forward,
        weights,
        biases,
        weight_updates,
        loss,
        reference_loss: reference.loss,
    })
}

/// A seeded classification problem: `classes` blobs in `inputs` dimensions.
pub struct Dataset {
    pub inputs: usize,
    pub classes: usize,
    /// samples × inputs.
    pub x: Vec<f32>,
    /// samples × classes, one-hot.
    pub y: Vec<f32>,
    pub labels: Vec<usize>,
}

impl Dataset {
    /// Each class a random centre in [−1, 1]ⁿ; each sample its class's centre plus uniform
    /// noise of `noise` per coordinate.
    pub fn blobs(inputs: usize, classes: usize, samples: usize, noise: f32, seed: u64) -> Dataset {
        let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
        let centres: Vec<f32> = (0..classes * inputs)
            .map(|_| rng.random_range(-1.0..1.0))
            .collect();
        let mut x = Vec::with_capacity(samples * inputs);
        let mut y = vec![0.0; samples * classes];
        let mut labels = Vec::with_capacity(samples);
        for s in 0..samples {
            let class = rng.random_range(0..classes.max(1));
            let centre = &centres[class * inputs..(class + 1) * inputs];
            x.extend(centre.iter().map(|c| c + rng.random_range(-noise..=noise)));
            y[s * classes + class] = 1.0;
            labels.push(class);
        }
        Dataset {
            inputs,
            classes,
            x,
            y,
            labels,
        }
    }

    pub fn samples(&self) -> usize {
        self.labels.len()
    }

    /// Batch `b` of size `batch`: (inputs, targets, labels).
    pub fn batch(&self, b: usize, batch: usize) -> (&[f32], &[f32], &[usize]) {
        let rows = b * batch..(b + 1) * batch;
        (
            &self.x[rows.start * self.inputs..rows.end * self.inputs],
            &self.y[rows.start * self.classes..rows.end * self.classes],
            &self.labels[rows],
        )
    }
}

/// How many of a batch's outputs (batch × classes) pick the right class.
pub fn correct(output: &[f32], labels: &[usize], classes: usize) -> usize {
    output
        .chunks_exact(classes.max(1))
        .zip(labels)
        .filter(|(row, &label)| {
            let best = row
                .iter()
                .enumerate()
                .max_by(|a, b| a.1.total_cmp(b.1))
                .map(|(i, _)| i);
            best == Some(label)
        })
        .count()
}
