//! Throughput of the whole pipeline over `fixtures/`, per target, and side by side in the
//! same run the peers a user would otherwise reach for: `glslangValidator -V` (GLSL to
//! SPIR-V) and `spirv-cross --hlsl` (SPIR-V to HLSL). Rows for a peer are skipped, with a
//! message, when the tool is not installed.
//!
//! Run: `cargo bench --bench compile`. Figures go to benches/README.md with the machine.
//!
//! What is measured: prism runs in-process (read, preprocess, dialect layer, naga parse and
//! validate, one target) over the Vulkan fixture set; the peers run as processes over the
//! same files, so their rows include process start-up, as they do for a user.

use std::path::{Path, PathBuf};
use std::process::Command;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use prism::back::Target;
use prism::pipeline::{compile_path, CompileOptions};

fn fixtures(folder: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(folder);
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("vert" | "frag" | "comp")
            )
        })
        .collect();
    files.sort();
    files
}

/// The Vulkan fixtures every tool accepts (prism's known gaps are left out).
fn common_set() -> Vec<PathBuf> {
    fixtures("vulkan")
        .into_iter()
        .filter(|p| compile_path(p, &CompileOptions::default()).is_ok())
        .collect()
}

fn tool(name: &str) -> Option<PathBuf> {
    let found = Command::new(name).arg("--version").output().is_ok()
        || Command::new(name).arg("-v").output().is_ok();
    found.then(|| PathBuf::from(name))
}

fn bench_prism(c: &mut Criterion) {
    let files = common_set();
    // naga's HLSL writer rejects a few shaders (point size, inverse()): the HLSL rows,
    // prism's and spirv-cross's alike, run over the ones it writes.
    let hlsl_files: Vec<PathBuf> = files
        .iter()
        .filter(|f| {
            compile_path(f, &CompileOptions::default()).is_ok_and(|c| c.emit(Target::Hlsl).is_ok())
        })
        .cloned()
        .collect();
    eprintln!(
        "{} Vulkan fixtures compile; {} of them to HLSL",
        files.len(),
        hlsl_files.len()
    );
    let mut group = c.benchmark_group("vulkan-fixtures");
    group.throughput(Throughput::Elements(files.len() as u64));
    group.sample_size(10);
    let options = CompileOptions::default();
    group.bench_function("prism front end (parse+validate)", |b| {
        b.iter(|| {
            for file in &files {
                compile_path(file, &options).unwrap();
            }
        })
    });
    for target in [
        Target::Spirv,
        Target::Hlsl,
        Target::Msl,
        Target::Wgsl,
        Target::Glsl,
    ] {
        let set = if target == Target::Hlsl {
            &hlsl_files
        } else {
            &files
        };
        group.bench_function(format!("prism -> {target}"), |b| {
            b.iter(|| {
                for file in set {
                    let compiled = compile_path(file, &options).unwrap();
                    let _ = compiled.emit(target);
                }
            })
        });
    }

    // The same work as the peers below, as a user runs it: one process per shader.
    let out = tempfile::tempdir().unwrap();
    let prism_bin = env!("CARGO_BIN_EXE_prism");
    group.bench_function("prism process -> spirv", |b| {
        b.iter(|| {
            for file in &files {
                let run = Command::new(prism_bin)
                    .args(["compile", "--target", "spirv", "-o"])
                    .arg(out.path().join("prism.spv"))
                    .arg(file)
                    .output()
                    .unwrap();
                assert!(run.status.success(), "{}", file.display());
            }
        })
    });
    group.bench_function("prism process -> hlsl", |b| {
        b.iter(|| {
            for file in &hlsl_files {
                let run = Command::new(prism_bin)
                    .args(["compile", "--target", "hlsl"])
                    .arg(file)
                    .output()
                    .unwrap();
                assert!(run.status.success(), "{}", file.display());
            }
        })
    });
    match tool("glslangValidator") {
        Some(glslang) => {
            group.bench_function("glslangValidator -V", |b| {
                b.iter(|| {
                    for file in &files {
                        let status = Command::new(&glslang)
                            .arg("-V")
                            .arg("-o")
                            .arg(out.path().join("out.spv"))
                            .arg(file)
                            .output()
                            .unwrap();
                        assert!(status.status.success(), "{}", file.display());
                    }
                })
            });
            // spirv-cross needs SPIR-V in: make it once with glslang, outside the timing.
            if let Some(cross) = tool("spirv-cross") {
                let spvs: Vec<PathBuf> = hlsl_files
                    .iter()
                    .enumerate()
                    .map(|(i, file)| {
                        let spv = out.path().join(format!("{i}.spv"));
                        Command::new(&glslang)
                            .arg("-V")
                            .arg("-o")
                            .arg(&spv)
                            .arg(file)
                            .output()
                            .unwrap();
                        spv
                    })
                    .collect();
                group.bench_function("spirv-cross --hlsl (from SPIR-V)", |b| {
                    b.iter(|| {
                        for spv in &spvs {
                            let _ = Command::new(&cross)
                                .args(["--hlsl", "--shader-model", "51"])
                                .arg(spv)
                                .output()
                                .unwrap();
                        }
                    })
                });
            } else {
                eprintln!(
                    "SKIPPED spirv-cross rows: spirv-cross not found (apt-get install spirv-cross)"
                );
            }
        }
        None => eprintln!(
            "SKIPPED peer rows: glslangValidator not found (apt-get install glslang-tools)"
        ),
    }
    group.finish();
}

criterion_group!(benches, bench_prism);
criterion_main!(benches);
