//! A fresh network checked against the f64 reference: one forward pass and one training step.
//!
//! In: sizes, activations, a batch, a cost, a seed and the GEMM tile. Out: a
//! [`NetworkVerification`]: the output, the updated weights and biases, the weight updates
//! alone, and the loss, each against [`reference_step`]. Tolerances add up per layer: a GEMM's
//! summation error (`8·ε·√inputs`) and the activation's (2e-5); the gradients add a batch-long
//! sum. Every buffer the kernels write starts NaN-poisoned, so a dispatch that never ran fails
//! as non-finite.

use rand::{RngExt, SeedableRng};
use serde::{Deserialize, Serialize};

use super::model::Network;
use super::reference::reference_step;
use crate::gpu::device::Gpu;
use crate::gpu::error::GpuError;
use crate::gpu::kernel::GemmTile;
use crate::gpu::kernels::{self, Activation, Cost, Reference, Verification};

/// A network step checked against its f64 reference (`reference.rs`).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
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

/// A fresh network on fresh random data (from `seed`), its GEMMs built for `tile`: one forward
/// pass and one training step on the device, compared with the f64 reference. Sizes should be
/// small: the reference is a plain triple loop.
pub fn verify_network(
    gpu: &Gpu,
    sizes: &[usize],
    activations: &[Activation],
    batch: usize,
    cost: Cost,
    seed: u64,
    tile: GemmTile,
) -> Result<NetworkVerification, GpuError> {
    let mut network = Network::with_gemm_tile(gpu, sizes, activations, batch, seed, tile)?;
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
    let forward = kernels::verify(
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
        weight_updates.push(kernels::verify(
            &update,
            &whole(update_ref, layer.inputs),
            update_tolerance,
        ));
        weights.push(kernels::verify(
            &w,
            &whole(w_ref, layer.inputs),
            update_tolerance,
        ));
        biases.push(kernels::verify(
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
