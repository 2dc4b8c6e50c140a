//! Annotate throughput over the fixture corpus: the per-expression SPIR-V (written twice when
//! a robustness preset is on, to find the checks), `spirv-opt -O` on both, and the HLSL and
//! MSL helper columns. Compilation happens outside the timed loop.
//!
//! Run: `cargo bench --bench annotate`. Figures go to benches/README.md with the machine.

use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use prism::annotate::{annotate, AnnotateOptions};
use prism::pipeline::{compile_path, Compilation, CompileOptions};
use prism::robustness::{Preset, Robustness};

fn corpus(preset: Preset) -> Vec<Compilation> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let options = CompileOptions {
        robustness: Robustness::preset(preset),
        ..Default::default()
    };
    let mut files: Vec<PathBuf> = Vec::new();
    for folder in ["webgl1", "webgl2", "vulkan", "skinning"] {
        for entry in std::fs::read_dir(root.join(folder)).unwrap() {
            files.push(entry.unwrap().path());
        }
    }
    files.sort();
    files
        .iter()
        .filter_map(|f| compile_path(f, &options).ok())
        .filter(|c| annotate(c, &AnnotateOptions::default()).is_ok())
        .collect()
}

fn bench_annotate(c: &mut Criterion) {
    let mut group = c.benchmark_group("annotate");
    group.sample_size(10);
    for (preset, name) in [(Preset::None, "none"), (Preset::Webgpu, "webgpu")] {
        let shaders = corpus(preset);
        group.throughput(Throughput::Elements(shaders.len() as u64));
        for (optimize, label) in [(false, "emitted"), (true, "emitted+opt")] {
            let options = AnnotateOptions {
                optimize,
                ..Default::default()
            };
            group.bench_function(format!("{name}/{label}/{}-shaders", shaders.len()), |b| {
                b.iter(|| {
                    for shader in &shaders {
                        annotate(shader, &options).unwrap();
                    }
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench_annotate);
criterion_main!(benches);
