//! The network on the host in f64: one forward pass and one SGD step from zero velocities, the
//! reference [`super::verify`] checks the device against.
//!
//! In: the layers, the batch, the parameters as read from the device, a batch and its target,
//! the cost and the rate. Out: a [`ReferenceStep`]: the output, the loss and the updated
//! parameters. A plain triple loop, on the same formulas ([`Activation`] and [`Cost`] in f64) the
//! kernels are checked with; only small networks are worth it.
//!
//! [`Activation`]: crate::gpu::kernels::Activation

use super::layers::Layer;
use crate::gpu::kernels::Cost;

/// The same network on the host in f64: one forward pass and one SGD step from zero
/// velocities, as [`Network::train_step`](crate::gpu::network::Network::train_step) runs it on a fresh network.
pub(crate) struct ReferenceStep {
    /// The output of the forward pass (batch × outputs).
    pub(crate) output: Vec<f64>,
    pub(crate) loss: f64,
    /// Updated (weights, biases) per layer.
    pub(crate) parameters: Vec<(Vec<f64>, Vec<f64>)>,
}

/// The f64 reference of one training step from `parameters` (as read from the network).
pub(crate) fn reference_step(
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
