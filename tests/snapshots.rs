//! Every fixture through every target, snapshotted under `snapshots/`.
//!
//! Besides the snapshots themselves this asserts, for every fixture: that prism compiles it
//! (or that it is a listed known gap, which must still fail so the list stays honest), that
//! every SPIR-V module passes spirv-val, and that no file under `snapshots/` is left
//! unreferenced by a fixture.

mod common;

use std::collections::BTreeSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use prism::back::{Output, Target};
use prism::pipeline::{compile_path, CompileOptions};
use prism::shader::InputKind;

/// Fixtures prism does not compile yet, and why. Each must still fail: when one starts
/// compiling, remove it here (the test says so).
const KNOWN_GAPS: &[(&str, &str)] = &[
    (
        "desktop/gl400.frag",
        "textureGather with a depth reference: prism lowers only colour gathers",
    ),
    (
        "desktop/legacy_120.frag",
        "mat3x2 uniform: naga rejects matCx2 in std140 blocks (gfx-rs/wgpu#4375)",
    ),
    (
        "desktop/legacy_120.vert",
        "mat3x2 uniform: naga rejects matCx2 in std140 blocks (gfx-rs/wgpu#4375)",
    ),
];

/// Targets a compiled fixture cannot be written to, because of a limit of naga's writer.
/// Each must still fail, like [`KNOWN_GAPS`].
const KNOWN_TARGET_GAPS: &[(&str, Target, &str)] = &[
    (
        "vulkan/multiview.vert",
        Target::Hlsl,
        "SV_ViewID needs shader model 6.1 (the HLSL default is lower)",
    ),
    (
        "vulkan/bindless.frag",
        Target::Glsl,
        "binding arrays: GLSL has no arrays of textures indexed at run time",
    ),
    (
        "webgl1/sprite.frag",
        Target::Hlsl,
        "gl_PointCoord: unsupported by naga's HLSL writer",
    ),
    (
        "webgl1/sprite.frag",
        Target::Wgsl,
        "gl_PointCoord: WGSL has no point coordinate",
    ),
    (
        "webgl1/sprite.vert",
        Target::Hlsl,
        "gl_PointSize: HLSL has no point size",
    ),
    (
        "webgl1/sprite.vert",
        Target::Wgsl,
        "gl_PointSize: WGSL has no point size",
    ),
    (
        "vulkan/particle_render.vert",
        Target::Hlsl,
        "gl_PointSize: HLSL has no point size",
    ),
    (
        "vulkan/particle_render.vert",
        Target::Wgsl,
        "gl_PointSize: WGSL has no point size",
    ),
    (
        "vulkan/particle_render.frag",
        Target::Hlsl,
        "gl_PointCoord: unsupported by naga's HLSL writer",
    ),
    (
        "vulkan/particle_render.frag",
        Target::Wgsl,
        "gl_PointCoord: WGSL has no point coordinate",
    ),
    (
        "desktop/gl330.vert",
        Target::Hlsl,
        "inverse(): not implemented in naga's HLSL writer",
    ),
    (
        "desktop/gl330.vert",
        Target::Msl,
        "inverse(): not implemented in naga's MSL writer",
    ),
    (
        "vulkan/gbuffer.vert",
        Target::Hlsl,
        "inverse(): not implemented in naga's HLSL writer",
    ),
    (
        "vulkan/gbuffer.vert",
        Target::Msl,
        "inverse(): not implemented in naga's MSL writer",
    ),
    (
        "vulkan/texture.vert",
        Target::Hlsl,
        "inverse(): not implemented in naga's HLSL writer",
    ),
    (
        "vulkan/texture.vert",
        Target::Msl,
        "inverse(): not implemented in naga's MSL writer",
    ),
];

const FOLDERS: &[&str] = &[
    "webgl1", "webgl2", "desktop", "vulkan", "include", "wgsl", "spirv", "skinning", "annotate",
];
const TARGETS: &[Target] = &[
    Target::Hlsl,
    Target::SpirvAsm,
    Target::Wgsl,
    Target::Msl,
    Target::Glsl,
];

fn snapshot_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots")
}

fn options() -> CompileOptions {
    let mut options = CompileOptions::default();
    options.preprocess.include_dirs = vec![common::fixture_root().join("include").join("sys")];
    options
}

/// Fixtures prism can compile on their own: shader stages by extension, WGSL and SPIR-V
/// (`.glsl` files are includes).
fn fixture_files() -> Vec<(String, PathBuf)> {
    let root = common::fixture_root();
    let mut out = Vec::new();
    for folder in FOLDERS {
        for entry in walkdir::WalkDir::new(root.join(folder)).sort_by_file_name() {
            let entry = entry.unwrap();
            let path = entry.path();
            let compilable = match InputKind::from_path(path) {
                Some((InputKind::Glsl, stage)) => stage.is_some(),
                Some(_) => true,
                None => false,
            };
            if entry.file_type().is_file() && compilable {
                let rel = path
                    .strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((rel, path.to_path_buf()));
            }
        }
    }
    out
}

fn snapshot_name(rel: &str, target: &str) -> String {
    format!("{}__{}", rel.replace(['/', '.'], "_"), target)
}

#[test]
fn every_fixture_every_target() {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(snapshot_dir());
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);

    let mut referenced = BTreeSet::new();
    let mut failures = Vec::new();
    let fixtures = fixture_files();
    for (rel, path) in &fixtures {
        let gap = KNOWN_GAPS.iter().find(|(name, _)| name == rel);
        let compilation = match (compile_path(path, &options()), gap) {
            (Ok(_), Some((_, why))) => {
                failures.push(format!(
                    "{rel}: listed as a known gap ({why}) but compiles now; remove it from KNOWN_GAPS"
                ));
                continue;
            }
            (Err(_), Some(_)) => continue,
            (Err(failure), None) => {
                let messages: Vec<String> = failure
                    .diagnostics
                    .iter()
                    .map(|d| d.message.clone())
                    .collect();
                failures.push(format!("{rel}: does not compile: {}", messages.join(" | ")));
                continue;
            }
            (Ok(c), None) => c,
        };
        let mut outputs: Vec<(String, String)> = Vec::new();
        if compilation.parsed.dialect.is_some() {
            if let Some(text) = &compilation.parsed.naga_text {
                outputs.push(("upgraded".into(), text.clone()));
            }
        }
        for &target in TARGETS {
            let several = compilation.parsed.module.entry_points.len() > 1;
            if target == Target::Glsl && several {
                // The GLSL writer emits one entry point at a time.
                for ep in &compilation.parsed.module.entry_points {
                    let mut options = options();
                    options.entry = Some(ep.name.clone());
                    let single = compile_path(path, &options).expect("compiles with an entry");
                    match single.emit(Target::Glsl) {
                        Ok(out) => outputs.push((
                            format!("glsl_{}", ep.name),
                            out.as_text().unwrap_or_default().to_string(),
                        )),
                        Err(e) => failures.push(format!("{rel}: glsl {}: {}", ep.name, e.message)),
                    }
                }
                continue;
            }
            let target_gap = KNOWN_TARGET_GAPS
                .iter()
                .find(|(name, t, _)| name == rel && *t == target);
            match (compilation.emit(target), target_gap) {
                (Ok(_), Some((_, _, why))) => failures.push(format!(
                    "{rel}: {target} is a known gap ({why}) but works now; remove it from KNOWN_TARGET_GAPS"
                )),
                (Err(_), Some(_)) => {}
                (Ok(Output::Text(text)), None) => outputs.push((target.name().into(), text)),
                (Ok(Output::Binary(_)), None) => {
                    failures.push(format!("{rel}: {target} came back binary"))
                }
                (Err(d), None) => failures.push(format!("{rel}: {target}: {}", d.message)),
            }
        }
        match compilation.emit(Target::Spirv) {
            Ok(Output::Binary(bytes)) => {
                let words = prism::back::spirv::bytes_to_words(&bytes).expect("whole words");
                if let Err(message) = prism::back::spirv::validate(&words) {
                    failures.push(format!("{rel}: spirv-val rejects the SPIR-V: {message}"));
                }
            }
            Ok(Output::Text(_)) => failures.push(format!("{rel}: SPIR-V came back as text")),
            Err(d) => failures.push(format!("{rel}: spirv: {}", d.message)),
        }
        for (target, text) in outputs {
            let name = snapshot_name(rel, &target);
            referenced.insert(format!("{name}.snap"));
            let result = catch_unwind(AssertUnwindSafe(|| {
                settings.bind(|| insta::assert_snapshot!(name.clone(), text));
            }));
            if result.is_err() {
                failures.push(format!(
                    "{rel}: snapshot {name} differs (review with `cargo insta review`, or rerun with INSTA_UPDATE=always)"
                ));
            }
        }
    }

    // Snapshots no fixture produces any more must be deleted, not left to rot.
    for entry in std::fs::read_dir(snapshot_dir()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().to_string();
        if name.ends_with(".snap") && !referenced.contains(&name) {
            failures.push(format!(
                "snapshots/{name} is not produced by any fixture: delete it"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(
        fixtures.len() >= 80,
        "expected the whole fixture set, found {}",
        fixtures.len()
    );
}
