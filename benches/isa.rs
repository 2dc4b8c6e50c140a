//! How long `prism isa` takes per GPU family, for one shader (`fixtures/vulkan/pbr.frag`,
//! the biggest common fragment shader): a one-shot run (worker start, Vulkan instance and
//! null device, pipeline compile, statistics) and the per-shader cost inside a batch of 8
//! (one worker: what `prism check` over a folder pays).
//!
//! Run: `cargo bench --bench isa`. Rows are skipped, with a message, when Vulkan or Mesa's
//! RADV is not installed.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use prism::isa::{self, GpuSpec, IsaError, IsaOptions};
use prism::pipeline::{compile_path, Compilation, CompileOptions};

const FAMILIES: [&str; 4] = ["vega10", "navi21", "gfx1100", "polaris10"];
const BATCH: usize = 8;

fn options() -> IsaOptions {
    IsaOptions::new(env!("CARGO_BIN_EXE_prism"))
}

fn shader() -> Option<Compilation> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/vulkan/pbr.frag");
    match compile_path(&path, &CompileOptions::default()) {
        Ok(compilation) => Some(compilation),
        Err(failure) => {
            eprintln!("skipping the ISA benchmarks: pbr.frag does not compile: {failure:?}");
            None
        }
    }
}

/// One run that must succeed, or the reason to skip.
fn check(compilation: &Compilation, family: &str) -> Result<(), IsaError> {
    let gpu = GpuSpec::Family(family.into());
    isa::run(compilation, &[gpu], &options())
        .remove(0)
        .map(|_| ())
}

fn bench_isa(c: &mut Criterion) {
    let Some(compilation) = shader() else {
        return;
    };
    if let Err(error) = check(&compilation, "vega10") {
        eprintln!("skipping the ISA benchmarks: RADV is unavailable: {error}");
        return;
    }
    let options = options();
    let mut group = c.benchmark_group("isa");
    group.sample_size(10);
    for family in FAMILIES {
        if let Err(error) = check(&compilation, family) {
            eprintln!("skipping {family}: {error}");
            continue;
        }
        let gpu = [GpuSpec::Family(family.into())];
        group.throughput(Throughput::Elements(1));
        group.bench_function(format!("one-shot/{family}"), |b| {
            b.iter(|| isa::run(&compilation, &gpu, &options))
        });
        let batch = vec![&compilation; BATCH];
        group.throughput(Throughput::Elements(BATCH as u64));
        group.bench_function(format!("batch-of-{BATCH}/{family}"), |b| {
            b.iter(|| isa::run_many(&batch, &gpu[0], &options))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_isa);
criterion_main!(benches);
