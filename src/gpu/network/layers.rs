//! A network's layers and the device buffers each one owns.
//!
//! In: the sizes, one activation per layer, the batch and a seed. Out: the [`Layer`]s, their
//! initial parameters (Glorot-uniform weights, small biases) and a [`LayerBuffers`] per layer,
//! all allocated once. Every buffer a kernel writes starts NaN-poisoned; the velocities and the
//! zero bias start at zero, the parameters at their initial values.

use rand::{RngExt, SeedableRng};
use serde::{Deserialize, Serialize};

use crate::gpu::buffers;
use crate::gpu::device::Gpu;
use crate::gpu::error::GpuError;
use crate::gpu::kernels::train::sgd_params;
use crate::gpu::kernels::Activation;

/// One fully connected layer.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct Layer {
    pub inputs: usize,
    pub outputs: usize,
    pub activation: Activation,
}

impl Layer {
    /// Multiply-adds ×2 of the layer's forward GEMM over a batch.
    pub(crate) fn forward_flops(&self, batch: usize) -> f64 {
        2.0 * (batch * self.inputs * self.outputs) as f64
    }
}

/// The layers for `sizes` (n + 1 sizes for n layers) and one activation per layer.
pub(crate) fn layers(sizes: &[usize], activations: &[Activation]) -> Result<Vec<Layer>, GpuError> {
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

pub(crate) fn shape_error(message: String) -> GpuError {
    GpuError::Validation {
        what: "the network".to_string(),
        message,
    }
}

/// Glorot-uniform weights, small random biases: a fresh network from `seed`.
pub(crate) fn initial_parameters(layers: &[Layer], seed: u64) -> Vec<(Vec<f32>, Vec<f32>)> {
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

/// A layer's device buffers.
pub(crate) struct LayerBuffers {
    pub(crate) weights: wgpu::Buffer,
    pub(crate) biases: wgpu::Buffer,
    pub(crate) weight_velocity: wgpu::Buffer,
    pub(crate) bias_velocity: wgpu::Buffer,
    pub(crate) z: wgpu::Buffer,
    pub(crate) activations: wgpu::Buffer,
    pub(crate) delta: wgpu::Buffer,
    pub(crate) weight_grad: wgpu::Buffer,
    pub(crate) bias_grad: wgpu::Buffer,
    /// `δ[l+1]·W[l+1]`, written by the layer above; unused (4 bytes) in the last layer.
    pub(crate) error: wgpu::Buffer,
    /// The zero bias of the `bias_act` after the GEMM (the GEMM already added the bias).
    pub(crate) zero_bias: wgpu::Buffer,
    /// The column sum's per-chunk partials (batch > 256 only).
    pub(crate) partials: Option<wgpu::Buffer>,
    /// The SGD kernel's uniforms for the weights and the biases (rate and momentum).
    pub(crate) sgd_params: [wgpu::Buffer; 2],
}

impl LayerBuffers {
    /// Layer `l`'s buffers with its initial `weights` and `biases`; `last` says whether it is the
    /// output layer (which has no error buffer: nothing above it propagates one).
    pub(crate) fn allocate(
        gpu: &Gpu,
        (l, layer): (usize, &Layer),
        (weights, biases): (&[f32], &[f32]),
        batch: usize,
        last: bool,
    ) -> Result<LayerBuffers, GpuError> {
        let label = |what: &str| format!("layer {l} {what}");
        let (n_in, n_out) = (layer.inputs, layer.outputs);
        let zeros = |n: usize| vec![0.0f32; n];
        let error_len = if last { 0 } else { batch * n_out };
        Ok(LayerBuffers {
            weights: buffers::upload(gpu, &label("weights"), weights)?,
            biases: buffers::upload(gpu, &label("biases"), biases)?,
            weight_velocity: buffers::upload(gpu, &label("weight velocity"), &zeros(n_in * n_out))?,
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
                buffers::params(gpu, &label("sgd"), sgd_params(0, 0.0, 0.0))?,
                buffers::params(gpu, &label("sgd"), sgd_params(0, 0.0, 0.0))?,
            ],
        })
    }
}
