//! `prism bench --network neanderthal [--train]`: the whole network, verified on a small
//! instance, then timed per layer and in total. `bench.rs` opens the device, picks the GEMM
//! tile and writes the report files; this file runs the network and says what it is doing.

use anyhow::Context as _;
use clap::ValueEnum;

use prism::gpu::device::Gpu;
use prism::gpu::network_bench::{self, NetworkBench, CPU_SCALE};
use prism::gpu::suite::tune::Tuning;
use prism::gpu::timing::TimingPlan;

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum NetworkName {
    /// 10000 → 5000 tanh → 1000 sigmoid → 10 sigmoid, batch 10000.
    Neanderthal,
}

/// How the network runs: from `prism bench`'s arguments.
pub struct NetworkRun {
    pub seed: Option<u64>,
    pub warmup: Option<u32>,
    pub repeats: Option<u32>,
    /// Time the training step too.
    pub train: bool,
    /// The tuned GEMM tile (`--tune`, `--no-tune-cache`); the default tile without.
    pub tuning: Option<Tuning>,
}

/// Verify the small instance, then time the network on `gpu`, scaled down on a CPU device.
pub fn run(gpu: &Gpu, options: NetworkRun) -> anyhow::Result<NetworkBench> {
    let cpu = gpu.adapter.is_cpu;
    let scale = if cpu { CPU_SCALE } else { 1 };
    let (sizes, batch) = network_bench::shapes(scale);
    let seed = options.seed.unwrap_or(1);
    eprintln!(
        "prism bench --network neanderthal: {} ({}, {}), sizes {sizes:?}, batch {batch}, seed {seed}",
        gpu.adapter.name, gpu.adapter.backend, gpu.adapter.device_type
    );
    if cpu {
        eprintln!(
            "note: {} is a CPU device: the network is scaled down {CPU_SCALE}x (sizes and batch; \
             the 10-way output stays) and times are CPU-emulated, not GPU performance",
            gpu.adapter.name
        );
    }
    let plan = TimingPlan {
        warmup: options.warmup.unwrap_or(if cpu { 1 } else { 3 }),
        repeats: options.repeats.unwrap_or(if cpu { 3 } else { 20 }).max(1),
    };
    network_bench::run(gpu, scale, options.train, plan, seed, options.tuning)
        .context("running the network")
}
