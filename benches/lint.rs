//! Lint throughput over the fixture corpus (every shader fixture that compiles, the lint
//! fixtures included), in shaders per second:
//! - `rules`: every rule (`--select ALL`) on shaders compiled outside the timed loop; cost
//!   findings pull in the per-line costs of `annotate` for their notes.
//! - `rules+measure`: as `prism lint` runs by default: each fix is applied in memory,
//!   recompiled and its optimized SPIR-V counted.
//! - `compile+rules+measure`: the same, compiling each shader from its file too.
//!
//! Run: `cargo bench --bench lint`. Figures go to benches/README.md with the machine.

use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use prism::lint::{lint, LintOptions};
use prism::pipeline::{compile_path, CompileOptions};
use prism::robustness::{Preset, Robustness};

fn corpus() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(&root)
        .into_iter()
        .filter_map(|e| e.ok())
        .map(|e| e.into_path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("vert" | "frag" | "comp" | "wgsl")
            ) && !p.components().any(|c| c.as_os_str() == "malformed")
        })
        .collect();
    files.sort();
    files
}

fn bench_lint(c: &mut Criterion) {
    let options = CompileOptions {
        robustness: Robustness::preset(Preset::Webgpu),
        ..Default::default()
    };
    // Each shader is compiled once here: the ones that fail are left out.
    let (files, compiled): (Vec<PathBuf>, Vec<_>) = corpus()
        .into_iter()
        .filter_map(|f| {
            let compiled = compile_path(&f, &options).ok()?;
            Some((f, compiled))
        })
        .unzip();
    let all = LintOptions {
        select: vec!["ALL".into()],
        ..Default::default()
    };
    let measured = LintOptions {
        measure_fixes: true,
        ..all.clone()
    };
    let mut group = c.benchmark_group("lint");
    group.sample_size(10);
    group.throughput(Throughput::Elements(files.len() as u64));
    let n = files.len();
    group.bench_function(format!("rules/{n}-shaders"), |b| {
        b.iter(|| {
            compiled
                .iter()
                .map(|c| lint(c, &all).findings.len())
                .sum::<usize>()
        })
    });
    group.bench_function(format!("rules+measure/{n}-shaders"), |b| {
        b.iter(|| {
            compiled
                .iter()
                .map(|c| lint(c, &measured).findings.len())
                .sum::<usize>()
        })
    });
    group.bench_function(format!("compile+rules+measure/{n}-shaders"), |b| {
        b.iter(|| {
            files
                .iter()
                .map(|f| {
                    lint(&compile_path(f, &options).unwrap(), &measured)
                        .findings
                        .len()
                })
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, bench_lint);
criterion_main!(benches);
