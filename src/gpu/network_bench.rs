//! The Neanderthal network timed: 10000 → 5000 (tanh) → 1000 (sigmoid) → 10 (sigmoid),
//! batch 10000 (`../shared/PLATFORM.md`), forward pass and training step, per layer and in
//! total, after one small instance of the same network, with the same GEMM tile, has been
//! verified against the f64 reference ([`super::network::verify_network`]).
//!
//! On a CPU device the input size, the hidden sizes and the batch are divided by
//! [`CPU_SCALE`] (the 10-way output stays); the result says so. Per-layer rows time that
//! layer's dispatches alone (forward: GEMM + activation; training: the error, the two
//! gradients, the propagated error and the SGD updates); the totals time the whole list in
//! one compute pass. The GEMMs use the default tile, or the tuner's choice when one is given
//! (`prism bench --network … --tune`); the result records which.

use rand::{RngExt, SeedableRng};
use serde::{Deserialize, Serialize};

use super::device::Gpu;
use super::error::GpuError;
use super::kernel::GemmTile;
use super::kernels::{Activation, Cost, Verification};
use super::network::{verify_network, Network, NetworkVerification};
use super::suite::tune::Tuning;
use super::timing::{self, TimingPlan, TimingStats};

/// The full network's sizes, activations and batch.
const SIZES: [usize; 4] = [10000, 5000, 1000, 10];
const ACTIVATIONS: [Activation; 3] = [Activation::Tanh, Activation::Sigmoid, Activation::Sigmoid];
const BATCH: usize = 10000;
/// The divisor of every size but the output (and of the batch) on a CPU device.
pub const CPU_SCALE: usize = 10;

/// The cost the training step is timed with (sigmoid output, as in Neanderthal's example).
const COST: Cost = Cost::CrossEntropy;
const RATE: f32 = 0.01;
const MOMENTUM: f32 = 0.9;

/// The sizes and batch at `scale` (1 = full).
pub fn shapes(scale: usize) -> (Vec<usize>, usize) {
    let scale = scale.max(1);
    let last = SIZES.len() - 1;
    let sizes = SIZES
        .iter()
        .enumerate()
        .map(|(i, &s)| if i == last { s } else { (s / scale).max(1) })
        .collect();
    (sizes, (BATCH / scale).max(1))
}

/// The name and version of `prism bench --network`'s JSON report.
pub const NETWORK_SCHEMA: &str = "prism-network/1";

/// `prism bench --network --format json`: `{"schema": "prism-network/1", ...the measurement}`.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct NetworkDocument {
    /// Always `prism-network/1`.
    pub schema: String,
    #[serde(flatten)]
    pub network: NetworkBench,
}

impl NetworkDocument {
    pub fn new(network: NetworkBench) -> Self {
        NetworkDocument {
            schema: NETWORK_SCHEMA.to_string(),
            network,
        }
    }
}

/// One timed part of the network.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct NetworkRow {
    /// `forward layer 1`, `forward total`, `train layer 3`, `train total`.
    pub part: String,
    pub flops: f64,
    pub timing: TimingStats,
    pub gflops: f64,
}

/// The whole measurement.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct NetworkBench {
    pub sizes: Vec<usize>,
    pub activations: Vec<Activation>,
    pub batch: usize,
    /// 1 for the full network; [`CPU_SCALE`] on a CPU device.
    pub scale: usize,
    pub cost: Cost,
    /// The tile every GEMM (verified and timed) was built with.
    pub gemm_tile: GemmTile,
    /// Where the tile came from, when it was tuned (`--tune`, `--no-tune-cache`); `None` for
    /// the default tile.
    pub tuning: Option<Tuning>,
    pub verification: NetworkVerification,
    pub rows: Vec<NetworkRow>,
}

/// The small instance verified before timing: the same activations and cost, ragged sizes,
/// a batch over 256.
const VERIFY_SIZES: [usize; 4] = [37, 23, 11, 10];
const VERIFY_BATCH: usize = 300;

/// Verify the small instance ([`VERIFY_SIZES`], batch [`VERIFY_BATCH`]) with `tile`.
fn verify_small(gpu: &Gpu, seed: u64, tile: GemmTile) -> Result<NetworkVerification, GpuError> {
    verify_network(
        gpu,
        &VERIFY_SIZES,
        &ACTIVATIONS,
        VERIFY_BATCH,
        COST,
        seed,
        tile,
    )
}

/// `a → b → c` for the markdown.
fn arrows(sizes: &[usize]) -> String {
    sizes
        .iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(" → ")
}

/// Build the network at `scale` with the tuned tile (the default without `tuning`), verify the
/// small instance with the same tile, then time the forward pass and (with `train`) the
/// training step. A failed verification returns with no rows.
pub fn run(
    gpu: &Gpu,
    scale: usize,
    train: bool,
    plan: TimingPlan,
    seed: u64,
    tuning: Option<Tuning>,
) -> Result<NetworkBench, GpuError> {
    let (sizes, batch) = shapes(scale);
    let tile = tuning.as_ref().map(|t| t.tile).unwrap_or_default();
    let verification = verify_small(gpu, seed, tile)?;
    let mut bench = NetworkBench {
        sizes: sizes.clone(),
        activations: ACTIVATIONS.to_vec(),
        batch,
        scale,
        cost: COST,
        gemm_tile: tile,
        tuning,
        verification,
        rows: Vec::new(),
    };
    if !bench.verification.passed() {
        return Ok(bench);
    }
    let mut net = Network::with_gemm_tile(gpu, &sizes, &ACTIVATIONS, batch, seed, tile)?;
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let input: Vec<f32> = (0..batch * sizes[0])
        .map(|_| rng.random_range(-1.0..1.0))
        .collect();
    let outputs = sizes[sizes.len() - 1];
    let mut target = vec![0.0f32; batch * outputs];
    for r in 0..batch {
        target[r * outputs + rng.random_range(0..outputs)] = 1.0;
    }
    net.load_batch(gpu, &input, &target)?;
    net.set_training(gpu, RATE, MOMENTUM)?;
    let layers = net.layers.clone();
    let mut row = |part: String, flops: f64, dispatches: &[timing::Dispatch]| {
        let timing = timing::time(gpu, dispatches, plan)?;
        let gflops = flops / (timing.median_ns * 1e-9).max(1e-30) * 1e-9;
        bench.rows.push(NetworkRow {
            part,
            flops,
            timing,
            gflops,
        });
        Ok::<(), GpuError>(())
    };
    let forward: Vec<f64> = layers.iter().map(|l| l.forward_flops(batch)).collect();
    for (l, &flops) in forward.iter().enumerate() {
        row(
            format!("forward layer {}", l + 1),
            flops,
            net.layer_forward(l),
        )?;
    }
    row(
        "forward total".to_string(),
        forward.iter().sum(),
        net.forward_dispatches(),
    )?;
    if train {
        // Backward: the weight gradient for every layer, the propagated error below the first.
        let backward: Vec<f64> = forward
            .iter()
            .enumerate()
            .map(|(l, &f)| if l == 0 { f } else { 2.0 * f })
            .collect();
        for (l, &flops) in backward.iter().enumerate() {
            row(
                format!("train layer {} (backward + update)", l + 1),
                flops,
                net.layer_backward(l, COST),
            )?;
        }
        row(
            "train total (forward + backward + update)".to_string(),
            forward.iter().sum::<f64>() + backward.iter().sum::<f64>(),
            net.train_dispatches(COST),
        )?;
    }
    Ok(bench)
}

impl NetworkBench {
    /// A markdown table of the rows.
    pub fn to_markdown(&self, adapter: &str, cpu: bool) -> String {
        let mut md = format!(
            "# Neanderthal network on {adapter}{}\n\n",
            if cpu { " (CPU-emulated)" } else { "" }
        );
        md.push_str(&format!(
            "Sizes {:?} ({}), batch {}, {} cost{}.\n\n",
            self.sizes,
            self.activations
                .iter()
                .map(|a| a.name())
                .collect::<Vec<_>>()
                .join(", "),
            self.batch,
            self.cost.name(),
            if self.scale > 1 {
                format!(
                    "; **scaled down {}x** from {}, batch {BATCH} (CPU device)",
                    self.scale,
                    arrows(&SIZES)
                )
            } else {
                String::new()
            }
        ));
        md.push_str(&format!(
            "GEMM tile: {} ({}).\n\n",
            self.gemm_tile.describe(),
            self.tuning
                .as_ref()
                .map_or("the default", |t| t.source.describe())
        ));
        let v = &self.verification;
        let err = |v: &Verification| {
            v.relative_error
                .map_or("non-finite".to_string(), |e| format!("{e:.1e}"))
        };
        md.push_str(&format!(
            "Verification ({}, batch {VERIFY_BATCH}, f64 reference): {}; output {}, weight \
             updates {}, loss {:.6} vs {:.6}.\n\n",
            arrows(&VERIFY_SIZES),
            if v.passed() { "passed" } else { "FAILED" },
            err(&v.forward),
            v.weight_updates
                .iter()
                .map(err)
                .collect::<Vec<_>>()
                .join(" / "),
            v.loss,
            v.reference_loss
        ));
        md.push_str("| part | GFLOP | median ms | min ms | GFLOP/s | timing |\n");
        md.push_str("|---|---:|---:|---:|---:|---|\n");
        for r in &self.rows {
            md.push_str(&format!(
                "| {} | {:.2} | {:.2} | {:.2} | {:.1}{} | {} |\n",
                r.part,
                r.flops * 1e-9,
                r.timing.median_ns * 1e-6,
                r.timing.min_ns * 1e-6,
                r.gflops,
                if cpu { " (CPU-emulated)" } else { "" },
                r.timing.source.describe()
            ));
        }
        md
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_scale_keeps_the_output() {
        assert_eq!(shapes(1), (SIZES.to_vec(), BATCH));
        assert_eq!(shapes(10), (vec![1000, 500, 100, 10], 1000));
    }
}
