//! Every fixture through every target, snapshotted under `snapshots/`.
//!
//! Besides the snapshots themselves this asserts, for every fixture: that prism compiles it
//! (or that it is a listed known gap, which must still fail so the list stays honest), that
//! every SPIR-V module passes spirv-val, that naga reads back and validates every WGSL output
//! and glslangValidator (when installed) accepts every GLSL output, and that no file under
//! `snapshots/` is left unreferenced by a fixture.

mod common;

use std::collections::BTreeSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use prism::back::{Output, Target};
use prism::pipeline::{compile_path, CompileOptions};
use prism::shader::InputKind;

/// Fixtures prism does not compile yet, and why. Each must still fail: when one starts
/// compiling, remove it here (the test says so).
const KNOWN_GAPS: &[(&str, &str)] = &[];

/// Targets a compiled fixture cannot be written to, because of a limit of naga's writer.
/// Each must still fail, like [`KNOWN_GAPS`].
const KNOWN_TARGET_GAPS: &[(&str, Target, &str)] = &[
    (
        "desktop/double_sum_400.comp",
        Target::Msl,
        "64-bit floats: Metal has no doubles (refused, see back/writer_gaps.rs)",
    ),
    (
        "desktop/double_sum_400.comp",
        Target::Wgsl,
        "64-bit floats: WGSL has no f64 (refused, see back/writer_gaps.rs)",
    ),
    (
        "vulkan/draw_parameters.vert",
        Target::Hlsl,
        "gl_BaseVertex / gl_BaseInstance / gl_DrawID: naga's HLSL writer has no mapping (refused, see back/writer_gaps.rs)",
    ),
    (
        "vulkan/draw_parameters.vert",
        Target::Msl,
        "gl_DrawID: Metal has no draw-index built-in (refused, see back/writer_gaps.rs)",
    ),
    (
        "vulkan/draw_parameters.vert",
        Target::Wgsl,
        "gl_BaseVertex / gl_BaseInstance: WGSL has no such built-in (refused, see back/writer_gaps.rs)",
    ),
    (
        "vulkan/msaa_resolve_samples.frag",
        Target::Wgsl,
        "multisampled array textures: WGSL has no texture_multisampled_2d_array (refused, see back/writer_gaps.rs)",
    ),
    (
        "vulkan/half_tonemap.frag",
        Target::Glsl,
        "16-bit floats: naga's GLSL writer has no float16_t (refused, see back/half_floats.rs)",
    ),
    (
        "vulkan/half_pack.comp",
        Target::Glsl,
        "16-bit floats: naga's GLSL writer has no float16_t (refused, see back/half_floats.rs)",
    ),
    (
        "vulkan/half_reduce.comp",
        Target::Glsl,
        "16-bit floats: naga's GLSL writer has no float16_t (refused, see back/half_floats.rs)",
    ),
    (
        "vulkan/bindless.frag",
        Target::Glsl,
        "binding arrays: naga's GLSL writer cannot declare arrays of textures, and naga's IR has no other form of them (src/back/mod.rs, refuse_panics)",
    ),
    (
        "vulkan/image_atomic_layers.comp",
        Target::Msl,
        "naga's MSL writer drops an array image's index from image atomics",
    ),
    (
        "vulkan/image_atomic_layers.comp",
        Target::Glsl,
        "image atomics on array images: naga's GLSL writer drops the layer from the coordinate",
    ),
    (
        "vulkan/clip_planes.vert",
        Target::Hlsl,
        "naga's HLSL writer declares SV_ClipDistance without its array size (refused, see back/writer_gaps.rs)",
    ),
    (
        "vulkan/clip_implicit.vert",
        Target::Hlsl,
        "naga's HLSL writer declares SV_ClipDistance without its array size (refused, see back/writer_gaps.rs)",
    ),
    (
        "desktop/clip_redeclared_410.vert",
        Target::Hlsl,
        "naga's HLSL writer declares SV_ClipDistance without its array size (refused, see back/writer_gaps.rs)",
    ),
    (
        "vulkan/cull_distance.vert",
        Target::Hlsl,
        "naga's HLSL writer declares SV_CullDistance without its array size (refused, see back/writer_gaps.rs)",
    ),
    (
        "vulkan/cull_distance.vert",
        Target::Glsl,
        "naga's GLSL writer leaves gl_CullDistance unsized (refused, see back/writer_gaps.rs)",
    ),
    (
        "vulkan/cull_distance.vert",
        Target::Msl,
        "Metal has no cull distances (naga's MSL writer refuses BuiltIn::CullDistance)",
    ),
    (
        "vulkan/shadow_gather_cube.frag",
        Target::Glsl,
        "naga's GLSL writer adds gradients to gathers on cube / 2D-array shadow samplers (refused, see back/writer_gaps.rs)",
    ),
    (
        "vulkan/shadow_gather_cube_array.frag",
        Target::Glsl,
        "naga's GLSL writer requires GL_EXT_texture_shadow_lod for a cube-array shadow gather (refused, see back/writer_gaps.rs)",
    ),
    (
        "vulkan/cull_distance.vert",
        Target::Wgsl,
        "WGSL has no cull distances (naga's WGSL writer refuses BuiltIn::CullDistance)",
    ),
    (
        "vulkan/image_array_formats.comp",
        Target::Msl,
        "arrays of read-write textures need a newer MSL than the default 2.4",
    ),
    (
        "vulkan/image_array_formats.comp",
        Target::Glsl,
        "binding arrays: GLSL has no arrays of images indexed at run time",
    ),
    (
        "vulkan/float_atomic_splat.comp",
        Target::Hlsl,
        "HLSL has no float atomic add or exchange",
    ),
    (
        "vulkan/float_atomic_splat.comp",
        Target::Glsl,
        "float atomics: naga's GLSL writer cannot write them",
    ),
];

/// Outputs a writer produces that the read-back check rejects, and why. Each must still be
/// rejected, like [`KNOWN_GAPS`]. (target name: `wgsl`, `glsl` or `glsl_ENTRY`)
const KNOWN_INVALID_OUTPUTS: &[(&str, &str, &str)] = &[];

/// Record the read-back verdict on one output, against [`KNOWN_INVALID_OUTPUTS`].
fn judge_read_back(
    rel: &str,
    target: &str,
    verdict: Result<(), String>,
    failures: &mut Vec<String>,
) {
    let known = KNOWN_INVALID_OUTPUTS
        .iter()
        .find(|(name, t, _)| *name == rel && *t == target);
    match (verdict, known) {
        (Ok(()), Some((_, _, why))) => failures.push(format!(
            "{rel}: {target} output is listed as invalid ({why}) but reads back now; remove it from KNOWN_INVALID_OUTPUTS"
        )),
        (Err(_), Some(_)) | (Ok(()), None) => {}
        (Err(why), None) => failures.push(format!("{rel}: {target} output is invalid: {why}")),
    }
}

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

/// naga reads the WGSL prism wrote and validates it (with `enable subgroups;` blanked, as
/// prism's WGSL front end does: naga 30 reads subgroup operations but not the directive).
fn read_back_wgsl(text: &str) -> Result<(), String> {
    let text = &prism::front::wgsl::naga_readable(text);
    let module = naga::front::wgsl::parse_str(text).map_err(|e| e.emit_to_string(text))?;
    naga::valid::Validator::new(
        naga::valid::ValidationFlags::all(),
        naga::valid::Capabilities::all(),
    )
    .validate(&module)
    .map(|_| ())
    .map_err(|e| format!("naga rejects it: {}", e.into_inner()))
}

/// glslangValidator accepts the GLSL prism wrote (skipped without glslang, unless
/// `PRISM_REQUIRE_TOOLS=1`).
fn read_back_glsl(text: &str, stage: naga::ShaderStage) -> Result<(), String> {
    let Some(glslang) = common::glslang() else {
        common::skip("glslangValidator not found (apt-get install glslang-tools): GLSL outputs are not read back");
        return Ok(());
    };
    let ext = match stage {
        naga::ShaderStage::Vertex => "vert",
        naga::ShaderStage::Fragment => "frag",
        naga::ShaderStage::Compute => "comp",
        _ => return Ok(()),
    };
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let path = dir.path().join(format!("out.{ext}"));
    std::fs::write(&path, text).map_err(|e| e.to_string())?;
    let run = common::run_tool(&glslang, &[], &path);
    if run.success {
        Ok(())
    } else {
        Err(format!("glslangValidator rejects it:\n{}", run.output))
    }
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
                        Ok(out) => {
                            let text = out.as_text().unwrap_or_default().to_string();
                            let verdict = read_back_glsl(&text, ep.stage);
                            judge_read_back(
                                rel,
                                &format!("glsl_{}", ep.name),
                                verdict,
                                &mut failures,
                            );
                            outputs.push((format!("glsl_{}", ep.name), text));
                        }
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
                (Ok(Output::Text(text)), None) => {
                    let stage = compilation.parsed.module.entry_points.first().map(|ep| ep.stage);
                    let verdict = match (target, stage) {
                        (Target::Wgsl, _) => read_back_wgsl(&text),
                        (Target::Glsl, Some(stage)) => read_back_glsl(&text, stage),
                        _ => Ok(()),
                    };
                    judge_read_back(rel, target.name(), verdict, &mut failures);
                    outputs.push((target.name().into(), text))
                }
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
