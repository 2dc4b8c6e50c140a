//! `prism bench --network neanderthal [--train]`: the whole network, verified on a small
//! instance, then timed per layer and in total; markdown on stdout, JSON + markdown in --out.

use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::Context as _;
use clap::ValueEnum;

use prism::gpu::device::Gpu;
use prism::gpu::network_bench::{self, CPU_SCALE};
use prism::gpu::timing::TimingPlan;

use super::bench::{slug, write, BenchArgs};
use super::common::Outcome;

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum NetworkName {
    /// 10000 → 5000 tanh → 1000 sigmoid → 10 sigmoid, batch 10000.
    Neanderthal,
}

pub fn run(args: &BenchArgs) -> anyhow::Result<Outcome> {
    let gpu = Gpu::open(args.adapter).context("opening the GPU")?;
    let cpu = gpu.adapter.is_cpu;
    let scale = if cpu { CPU_SCALE } else { 1 };
    let (sizes, batch) = network_bench::shapes(scale);
    let seed = args.seed.unwrap_or(1);
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
        warmup: args.warmup.unwrap_or(if cpu { 1 } else { 3 }),
        repeats: args.repeats.unwrap_or(if cpu { 3 } else { 20 }).max(1),
    };
    let result =
        network_bench::run(&gpu, scale, args.train, plan, seed).context("running the network")?;
    let md = result.to_markdown(&gpu.adapter.name, cpu);
    let started = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let stem = format!("network-{}-{started}", slug(&gpu.adapter.name));
    let json_path = args.out.join(format!("{stem}.json"));
    let md_path = args.out.join(format!("{stem}.md"));
    write(
        &json_path,
        serde_json::to_string_pretty(&result)?.as_bytes(),
    )?;
    write(&md_path, md.as_bytes())?;
    print!("{md}");
    println!();
    println!("report: {} and {}", json_path.display(), md_path.display());
    if !result.verification.passed() {
        eprintln!("the network failed verification: not timed");
        return Ok(Outcome::Findings);
    }
    Ok(Outcome::Clean)
}
