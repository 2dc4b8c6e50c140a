//! The network on the device: its buffers and recorded dispatches, and running it.
//!
//! In: the sizes, one activation per layer, the batch, a seed and the GEMM tile. Out: a
//! [`Network`] whose buffers are all allocated, and every dispatch of the forward pass and of the
//! training step recorded, in [`Network::with_gemm_tile`]: [`Network::forward`] and
//! [`Network::train_step`] only upload the batch and submit, so nothing is allocated on the
//! device in a timed loop.
//!
//! The loss is the mean over the batch of each sample's cost; gradients are sums over the batch,
//! so the SGD kernel gets `rate / batch`. The loss is computed on the host, in f64, from the
//! output read back after the step (batch × outputs floats, into a staging buffer allocated
//! once): it is the loss of the forward pass the step's gradients came from.

use super::layers::{initial_parameters, layers, shape_error, Layer, LayerBuffers};
use super::record::{self, Bindings, Recorded};
use crate::gpu::buffers;
use crate::gpu::device::Gpu;
use crate::gpu::error::GpuError;
use crate::gpu::kernel::{GemmTile, KernelCache};
use crate::gpu::kernels::bind::u32_of;
use crate::gpu::kernels::train::sgd_params;
use crate::gpu::kernels::{Activation, Cost};
use crate::gpu::timing::{self, Dispatch};

/// A network of fully connected layers with every buffer allocated.
pub struct Network {
    pub layers: Vec<Layer>,
    pub batch: usize,
    /// The tile every GEMM of the network is built with.
    pub gemm_tile: GemmTile,
    input: wgpu::Buffer,
    target: wgpu::Buffer,
    buffers: Vec<LayerBuffers>,
    staging: wgpu::Buffer,
    /// The forward pass, with each layer's range.
    forward: Recorded,
    /// The whole training step per cost (forward, then backward and update from the last
    /// layer), with each layer's range of backward pass and update.
    train: [Recorded; 2],
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

impl Network {
    /// Allocate every buffer and record every dispatch for `sizes` (input, then each layer's
    /// outputs), one activation per layer, `batch` samples per step, weights from `seed`; the
    /// GEMMs use the default tile.
    pub fn new(
        gpu: &Gpu,
        sizes: &[usize],
        activations: &[Activation],
        batch: usize,
        seed: u64,
    ) -> Result<Network, GpuError> {
        Network::with_gemm_tile(gpu, sizes, activations, batch, seed, GemmTile::default())
    }

    /// [`Network::new`] with every GEMM built for `tile` (the tuner's choice).
    pub fn with_gemm_tile(
        gpu: &Gpu,
        sizes: &[usize],
        activations: &[Activation],
        batch: usize,
        seed: u64,
        tile: GemmTile,
    ) -> Result<Network, GpuError> {
        let layers = layers(sizes, activations)?;
        if batch == 0 {
            return Err(shape_error(
                "the batch must hold at least one sample".into(),
            ));
        }
        let mut cache = KernelCache::with_gemm_tile(tile);
        let params = initial_parameters(&layers, seed);
        let last = layers.len() - 1;
        let input = buffers::poisoned(gpu, "network input", batch * sizes[0])?;
        let target = buffers::poisoned(gpu, "network target", batch * layers[last].outputs)?;
        let all = layers
            .iter()
            .zip(&params)
            .enumerate()
            .map(|(l, (layer, (weights, biases)))| {
                LayerBuffers::allocate(gpu, (l, layer), (weights, biases), batch, l == last)
            })
            .collect::<Result<Vec<_>, _>>()?;
        let staging = gpu.device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("network output read-back"),
            size: (4 * batch * layers[last].outputs) as u64,
            usage: wgpu::BufferUsages::MAP_READ | wgpu::BufferUsages::COPY_DST,
            mapped_at_creation: false,
        });
        gpu.check("the network's buffers")?;

        let bindings = Bindings {
            layers: &layers,
            batch,
            input: &input,
            target: &target,
            buffers: &all,
        };
        let forward = record::forward(gpu, &mut cache, &bindings)?;
        let train = [
            record::training(
                gpu,
                &mut cache,
                &bindings,
                Cost::Quadratic,
                &forward.dispatches,
            )?,
            record::training(
                gpu,
                &mut cache,
                &bindings,
                Cost::CrossEntropy,
                &forward.dispatches,
            )?,
        ];
        gpu.check("the network's dispatches")?;
        Ok(Network {
            layers,
            batch,
            gemm_tile: tile,
            input,
            target,
            buffers: all,
            staging,
            forward,
            train,
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
    pub(crate) fn set_training(
        &mut self,
        gpu: &Gpu,
        rate: f32,
        momentum: f32,
    ) -> Result<(), GpuError> {
        if self.sgd_settings == Some((rate, momentum)) {
            return Ok(());
        }
        let scaled = rate / self.batch as f32;
        for (layer, b) in self.layers.iter().zip(&self.buffers) {
            let sizes = [layer.inputs * layer.outputs, layer.outputs];
            for (params, n) in b.sgd_params.iter().zip(sizes) {
                let values = sgd_params(u32_of("sgd", n)?, scaled, momentum);
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
            None => &self.forward.dispatches,
            Some(cost) => &self.train[cost_index(cost)].dispatches,
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
    pub(crate) fn forward(&mut self, gpu: &Gpu, input: &[f32]) -> Result<&[f32], GpuError> {
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
    pub(crate) fn load_batch(
        &mut self,
        gpu: &Gpu,
        input: &[f32],
        target: &[f32],
    ) -> Result<(), GpuError> {
        let len = self.batch * self.layers[0].inputs;
        self.upload(gpu, &self.input, "the input", input, len)?;
        self.upload(gpu, &self.target, "the target", target, self.output_len())
    }

    /// Every forward dispatch, in order.
    pub fn forward_dispatches(&self) -> &[Dispatch] {
        &self.forward.dispatches
    }

    /// Layer `l`'s forward dispatches (its GEMM and activation).
    pub(crate) fn layer_forward(&self, l: usize) -> &[Dispatch] {
        &self.forward.dispatches[self.forward.layer_ranges[l].clone()]
    }

    /// The whole training step: forward, backward, update.
    pub(crate) fn train_dispatches(&self, cost: Cost) -> &[Dispatch] {
        &self.train[cost_index(cost)].dispatches
    }

    /// Layer `l`'s backward pass and update within the training step.
    pub(crate) fn layer_backward(&self, l: usize, cost: Cost) -> &[Dispatch] {
        let train = &self.train[cost_index(cost)];
        &train.dispatches[train.layer_ranges[l].clone()]
    }

    /// Layer `l`'s weights and biases, read back.
    pub(crate) fn parameters(&self, gpu: &Gpu, l: usize) -> Result<(Vec<f32>, Vec<f32>), GpuError> {
        let layer = self.layers[l];
        let b = &self.buffers[l];
        Ok((
            buffers::read_f32(gpu, &b.weights, layer.inputs * layer.outputs)?,
            buffers::read_f32(gpu, &b.biases, layer.outputs)?,
        ))
    }
}

/// The mean over the batch of each sample's summed cost.
fn mean_loss(cost: Cost, output: &[f32], target: &[f32], batch: usize) -> f64 {
    let total: f64 = output
        .iter()
        .zip(target)
        .map(|(&a, &y)| cost.of(f64::from(a), f64::from(y)))
        .sum();
    total / batch.max(1) as f64
}
