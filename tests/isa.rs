//! `prism isa`: real AMD ISA statistics through Mesa RADV's null device.
//!
//! The GPU tests need Vulkan and Mesa (`apt-get install mesa-vulkan-drivers libvulkan1`);
//! without them they print a loud SKIPPED line and pass, unless `PRISM_REQUIRE_TOOLS=1`.
//! The worker-failure tests need neither: they run fake workers.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use prism::isa::{self, GpuSpec, IsaError, IsaOptions, IsaReport};
use prism::pipeline::{compile_path, compile_text, Compilation, CompileOptions};
use prism::robustness::{Preset, Robustness};
use prism::shader::InputKind;

fn options() -> IsaOptions {
    IsaOptions::new(env!("CARGO_BIN_EXE_prism"))
}

fn family(name: &str) -> GpuSpec {
    GpuSpec::Family(name.into())
}

fn fixture(path: &str) -> PathBuf {
    common::fixture_root().join(path)
}

fn compile(path: &Path, preset: Preset) -> Compilation {
    let options = CompileOptions {
        robustness: Robustness::preset(preset),
        ..Default::default()
    };
    compile_path(path, &options)
        .unwrap_or_else(|f| panic!("{} does not compile: {f:?}", path.display()))
}

fn report(result: &Result<IsaReport, IsaError>, what: &str) -> IsaReport {
    match result {
        Ok(report) => report.clone(),
        Err(error) => panic!("{what}: {error}"),
    }
}

fn instructions(report: &IsaReport) -> f64 {
    report
        .metric("Instructions")
        .expect("RADV reports Instructions")
}

fn prism() -> Command {
    let mut command = Command::cargo_bin("prism").expect("the prism binary is built");
    command.current_dir(env!("CARGO_MANIFEST_DIR"));
    command
}

fn json_of(output: &[u8]) -> serde_json::Value {
    serde_json::from_slice(output).expect("prism isa --format json prints JSON")
}

#[test]
fn gpu_specs_parse() {
    let parse = |text: &str| text.parse::<GpuSpec>().expect("parses");
    assert_eq!(parse("navi21"), family("navi21"));
    assert_eq!(parse("Vega10"), family("vega10"));
    assert_eq!(
        parse("navi31"),
        family("navi31"),
        "AMD-shaped names are families, known or not"
    );
    assert_eq!(parse("family:foo"), family("foo"));
    assert_eq!(parse("device:0"), GpuSpec::Device("device:0".into()));
    assert_eq!(parse("nvidia"), GpuSpec::Device("nvidia".into()));
    assert!("".parse::<GpuSpec>().is_err());
    assert!(isa::known_families()
        .iter()
        .any(|(name, arch)| *name == "vega10" && arch.contains("GCN5")));
    assert!(isa::known_families()
        .iter()
        .any(|(name, arch)| *name == "gfx1100" && arch.contains("RDNA3")));
}

/// The README's skinning claim: integer bone indices into a struct array beat float
/// indices into a vec4 array once webgpu's bounds checks are in.
#[test]
fn int_struct_skinning_is_cheaper_than_float_index_under_webgpu() {
    if !common::radv_or_skip("int_struct_skinning_is_cheaper_than_float_index_under_webgpu") {
        return;
    }
    let float_index = compile(&fixture("skinning/float_index.vert"), Preset::Webgpu);
    let int_struct = compile(&fixture("skinning/int_struct.vert"), Preset::Webgpu);
    let results = isa::run_many(&[&float_index, &int_struct], &family("vega10"), &options());
    let float_index = instructions(&report(&results[0], "float_index.vert"));
    let int_struct = instructions(&report(&results[1], "int_struct.vert"));
    assert!(
        int_struct < float_index,
        "int_struct.vert {int_struct} instructions, float_index.vert {float_index}"
    );
}

/// Bounds checks cost instructions: no robustness is cheaper than webgpu's, for a vertex
/// shader indexing a uniform array and a compute shader indexing storage buffers.
#[test]
fn robustness_none_is_cheaper_than_webgpu_with_dynamic_indexing() {
    if !common::radv_or_skip("robustness_none_is_cheaper_than_webgpu_with_dynamic_indexing") {
        return;
    }
    for path in ["skinning/float_index.vert", "vulkan/cull_instances.comp"] {
        let none = compile(&fixture(path), Preset::None);
        let webgpu = compile(&fixture(path), Preset::Webgpu);
        let results = isa::run_many(&[&none, &webgpu], &family("vega10"), &options());
        let none = instructions(&report(&results[0], path));
        let webgpu = instructions(&report(&results[1], path));
        assert!(
            none < webgpu,
            "{path}: none {none} instructions, webgpu {webgpu}"
        );
    }
}

/// Each stage compiles on GCN5 and RDNA2 through the CLI; the RDNA2 vertex shader is
/// reported as the NGG culling variant, the Vega one as a plain vertex shader.
#[test]
fn vertex_fragment_and_compute_compile_on_vega10_and_navi21() {
    if !common::radv_or_skip("vertex_fragment_and_compute_compile_on_vega10_and_navi21") {
        return;
    }
    for (path, stage) in [
        ("fixtures/vulkan/pbr.vert", "vertex"),
        ("fixtures/vulkan/pbr.frag", "fragment"),
        ("fixtures/vulkan/reduce_sum.comp", "compute"),
    ] {
        let output = prism()
            .args(["isa", path, "--gpu", "vega10,navi21", "--format", "json"])
            .output()
            .expect("prism runs");
        assert_eq!(
            output.status.code(),
            Some(0),
            "{path}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let doc = json_of(&output.stdout);
        assert_eq!(doc["schema"], "prism-isa/1");
        assert_eq!(doc["input"], path);
        assert_eq!(doc["robustness"]["preset"], "none");
        let gpus = doc["gpus"].as_array().expect("gpus");
        assert_eq!(gpus.len(), 2);
        for gpu in gpus {
            let report: IsaReport =
                serde_json::from_value(gpu["report"].clone()).expect("a report per GPU");
            assert_eq!(report.stage, stage, "{path}");
            let main = report.main_executable().expect("a main executable");
            assert!(
                main.stages.iter().any(|s| s == stage),
                "{path}: {:?}",
                main.stages
            );
            assert!(instructions(&report) > 0.0, "{path} on {}", report.gpu);
            assert!(report.metric("VGPRs").is_some() && report.metric("Code size").is_some());
            let variant = report.variant.as_deref().unwrap_or("");
            match (report.gpu.as_str(), stage) {
                // Mesa 22.3 adds primitive culling to navi21's NGG shaders; Mesa 25 does not.
                ("navi21", "vertex") => assert!(
                    variant.contains("NGG primitive shader"),
                    "navi21 vertex variant: {variant:?}"
                ),
                _ => assert!(
                    report.variant.is_none(),
                    "{path} on {}: {variant}",
                    report.gpu
                ),
            }
        }
    }
}

#[test]
fn text_output_and_disassembly() {
    if !common::radv_or_skip("text_output_and_disassembly") {
        return;
    }
    let output = prism()
        .args(["isa", "fixtures/vulkan/reduce_sum.comp", "--disasm"])
        .output()
        .expect("prism runs");
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("on vega10"), "{text}");
    assert!(
        text.contains("Instructions") && text.contains("VGPRs"),
        "{text}"
    );
    assert!(
        text.contains("--- Assembly") && text.contains("s_endpgm"),
        "{text}"
    );
    assert!(
        !text.contains("NIR"),
        "--disasm alone prints the assembly only"
    );

    let navi = prism()
        .args([
            "isa",
            "fixtures/skinning/float_index.vert",
            "--gpu",
            "navi21",
        ])
        .output()
        .expect("prism runs");
    let text = String::from_utf8_lossy(&navi.stdout);
    assert!(
        text.contains("note: vertex shader compiled as NGG primitive shader ("),
        "{text}"
    );
}

/// Bindings of every kind: uniform and storage buffers, textures, samplers (plain and
/// comparison), a storage image, a binding array, push constants, sparse sets; a fragment
/// shader with flat integer inputs, integer outputs at a sparse location and depth output.
/// A layout mismatch crashes RADV, so compiling at all is the assertion.
#[test]
fn every_binding_kind_gets_a_matching_layout() {
    if !common::radv_or_skip("every_binding_kind_gets_a_matching_layout") {
        return;
    }
    let source = r#"enable wgpu_binding_array;
struct Params { scale: vec4<f32>, count: u32 }
struct Push { tint: vec4<f32>, offset: vec2<f32> }
struct Data { values: array<vec4<f32>> }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(3) var<storage, read_write> data: Data;
@group(1) @binding(0) var color_tex: texture_2d<f32>;
@group(1) @binding(1) var color_sampler: sampler;
@group(1) @binding(2) var shadow_tex: texture_depth_2d;
@group(1) @binding(3) var shadow_sampler: sampler_comparison;
@group(3) @binding(5) var output_image: texture_storage_2d<rgba8unorm, write>;
@group(3) @binding(0) var layers: binding_array<texture_2d<f32>, 4>;
var<immediate> push: Push;
struct FragIn {
    @builtin(position) position: vec4<f32>,
    @location(0) uv: vec2<f32>,
    @location(2) @interpolate(flat) index: i32,
    @location(3) @interpolate(linear, centroid) weight: f32,
}
struct FragOut {
    @location(0) color: vec4<f32>,
    @location(2) id: vec2<u32>,
    @builtin(frag_depth) depth: f32,
}
@fragment
fn main(input: FragIn) -> FragOut {
    let i = u32(input.index);
    var color = textureSample(color_tex, color_sampler, input.uv) * params.scale;
    color += textureSample(layers[i & 3u], color_sampler, input.uv);
    let shadow = textureSampleCompare(shadow_tex, shadow_sampler, input.uv, input.weight);
    color = color * shadow + push.tint + data.values[i % params.count];
    data.values[i] = color;
    textureStore(output_image, vec2<i32>(input.position.xy + push.offset), color);
    var out: FragOut;
    out.color = color;
    out.id = vec2<u32>(i, params.count);
    out.depth = input.weight;
    return out;
}
"#;
    let compilation = compile_text(
        "layout.wgsl",
        source,
        InputKind::Wgsl,
        None,
        &CompileOptions::default(),
    )
    .expect("the layout shader compiles");
    let results = isa::run(
        &compilation,
        &[family("vega10"), family("navi21")],
        &options(),
    );
    for result in &results {
        assert!(instructions(&report(result, "layout.wgsl")) > 0.0);
    }
}

/// Every fixture prism compiles gets a report on vega10, one worker for all of them: a
/// layout mismatch would be a driver crash here.
#[test]
fn every_compiling_fixture_gets_a_report_on_vega10() {
    if !common::radv_or_skip("every_compiling_fixture_gets_a_report_on_vega10") {
        return;
    }
    let mut compilations = Vec::new();
    for folder in ["webgl1", "webgl2", "desktop", "vulkan", "wgsl", "skinning"] {
        for path in common::fixtures(folder) {
            let Ok(compiled) = compile_path(&path, &CompileOptions::default()) else {
                continue; // prism's own gaps are tested elsewhere
            };
            if compiled.entry.is_some() {
                compilations.push((path.display().to_string(), compiled));
                continue;
            }
            for entry in compiled.entry_points() {
                let options = CompileOptions {
                    entry: Some(entry.name.clone()),
                    ..Default::default()
                };
                let label = format!("{} ({})", path.display(), entry.name);
                compilations.push((
                    label,
                    compile_path(&path, &options).expect("compiles again"),
                ));
            }
        }
    }
    assert!(
        compilations.len() > 60,
        "only {} fixtures compiled",
        compilations.len()
    );
    let refs: Vec<&Compilation> = compilations.iter().map(|(_, c)| c).collect();
    let results = isa::run_many(&refs, &family("vega10"), &options());
    let failures: Vec<String> = compilations
        .iter()
        .zip(&results)
        .filter_map(|((label, _), result)| match result {
            // vega10 has no float atomic add: a clear error, tested below.
            Err(IsaError::MissingFeature { .. }) if label.contains("float_atomic_splat") => None,
            Ok(report) if report.metric("Instructions").is_some_and(|n| n > 0.0) => None,
            Ok(_) => Some(format!("{label}: no instruction count")),
            Err(error) => Some(format!("{label}: {error}")),
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {}:\n{}",
        failures.len(),
        results.len(),
        failures.join("\n")
    );
}

#[test]
fn unknown_family_is_an_error_naming_it() {
    if !common::radv_or_skip("unknown_family_is_an_error_naming_it") {
        return;
    }
    let output = prism()
        .args([
            "isa",
            "fixtures/vulkan/reduce_sum.comp",
            "--gpu",
            "vega10,gfx9999",
        ])
        .output()
        .expect("prism runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("unknown GPU family `gfx9999`") && stderr.contains("vega10"),
        "{stderr}"
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("on vega10"),
        "the good GPU is still reported: {stdout}"
    );
}

#[test]
fn list_gpus_shows_vega10_available() {
    if !common::radv_or_skip("list_gpus_shows_vega10_available") {
        return;
    }
    let output = prism()
        .args(["isa", "--list-gpus", "--format", "json"])
        .output()
        .expect("prism runs");
    assert_eq!(output.status.code(), Some(0));
    let doc = json_of(&output.stdout);
    let gpus = doc["gpus"].as_array().expect("gpus");
    let vega10 = gpus
        .iter()
        .find(|g| g["gpu"] == "vega10")
        .expect("vega10 is listed");
    assert_eq!(vega10["available"], true, "{vega10}");
    assert!(
        vega10["device_name"]
            .as_str()
            .is_some_and(|n| n.contains("VEGA10")),
        "{vega10}"
    );
    let rdna = gpus
        .iter()
        .filter(|g| g["kind"].as_str().is_some_and(|k| k.starts_with("RDNA")))
        .count();
    assert!(rdna >= 3, "{rdna} RDNA families listed");
}

/// Mesa 22.3's null navi24 crashes on graphics pipelines: the crash fails that shader only,
/// and the compute shaders around it still get reports from a fresh worker.
#[test]
fn a_driver_crash_fails_only_that_shader() {
    if !common::radv_or_skip("a_driver_crash_fails_only_that_shader") {
        return;
    }
    let vertex = compile(&fixture("vulkan/pbr.vert"), Preset::None);
    let kernel = common::tiny_kernel();
    let results = isa::run_many(
        &[&kernel, &vertex, &kernel, &vertex, &kernel],
        &family("navi24"),
        &options(),
    );
    for (i, result) in results.iter().enumerate() {
        match (i % 2, result) {
            (0, Ok(report)) => assert!(instructions(report) > 0.0),
            (0, Err(error)) => panic!("compute shader {i} on navi24: {error}"),
            (_, Ok(_)) => {
                eprintln!("note: this Mesa no longer crashes on navi24 graphics pipelines")
            }
            (_, Err(IsaError::WorkerCrashed { how, .. })) => {
                assert!(how.contains("signal") && how.contains("navi23"), "{how}")
            }
            (_, Err(error)) => panic!("vertex shader {i} on navi24: unexpected {error}"),
        }
    }
}

#[cfg(unix)]
mod fake_workers {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn fake(dir: &Path, name: &str, script: &str) -> IsaOptions {
        let path = dir.join(name);
        std::fs::write(&path, format!("#!/bin/sh\n{script}\n")).expect("writes the script");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        IsaOptions {
            timeout: Duration::from_secs(1),
            ..IsaOptions::new(path)
        }
    }

    fn run_with(options: &IsaOptions) -> IsaError {
        match isa::run(&common::tiny_kernel(), &[family("vega10")], options).remove(0) {
            Ok(report) => panic!("a fake worker gave a report: {report:?}"),
            Err(error) => error,
        }
    }

    /// Crashes, hangs, garbage and silence each become a clear error, quickly.
    #[test]
    fn worker_failures_become_errors() {
        let dir = tempfile::tempdir().expect("temp dir");
        let crash = run_with(&fake(
            dir.path(),
            "crash",
            "echo 'dying words' >&2\nkill -SEGV $$",
        ));
        let IsaError::WorkerCrashed { how, stderr, .. } = &crash else {
            panic!("crash: {crash:?}");
        };
        assert!(
            how.contains("SIGSEGV") && stderr.contains("dying words"),
            "{crash}"
        );

        let started = Instant::now();
        let hang = run_with(&fake(dir.path(), "hang", "exec sleep 30"));
        assert!(matches!(hang, IsaError::Timeout { .. }), "hang: {hang:?}");
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the hang was not cut short"
        );

        let garbage = run_with(&fake(
            dir.path(),
            "garbage",
            "cat >/dev/null\necho 'PRISM-ISA {not json'",
        ));
        assert!(
            matches!(garbage, IsaError::Protocol(_)),
            "garbage: {garbage:?}"
        );

        let silent = run_with(&fake(dir.path(), "silent", "exit 0"));
        assert!(
            matches!(silent, IsaError::Protocol(_)),
            "silent: {silent:?}"
        );

        let failing = run_with(&fake(dir.path(), "failing", "exit 3"));
        assert!(
            matches!(&failing, IsaError::WorkerCrashed { how, .. } if how.contains("status 3")),
            "failing: {failing:?}"
        );

        let missing = run_with(&IsaOptions::new(dir.path().join("no-such-worker")));
        assert!(
            matches!(missing, IsaError::Spawn { .. }),
            "missing: {missing:?}"
        );
    }
}

/// The families come from the installed driver: whatever Mesa this is, it knows vega10 and
/// one RDNA3 name; every family it lists opened a null device of that name; and the names
/// of other Mesa releases it does not know are listed as such, with this driver's name for
/// the same chip where it has one.
#[test]
fn the_driver_lists_its_own_families() {
    if !common::radv_or_skip("the_driver_lists_its_own_families") {
        return;
    }
    let found = isa::driver_families(&options()).expect("RADV is installed");
    assert!(found.driver.contains("Mesa"), "{}", found.driver);
    assert!(found.knows("vega10"), "{}", found.names());
    assert!(
        found.knows("gfx1100") != found.knows("navi31"),
        "exactly one of Mesa's two names for RDNA3's Navi 31: {}",
        found.names()
    );
    for family in &found.families {
        assert!(
            family
                .device_name
                .to_lowercase()
                .contains(&family.name.to_lowercase()),
            "{} opened {}",
            family.name,
            family.device_name
        );
    }
    let defaults = isa::default_families(&|name| found.knows(name));
    assert_eq!(defaults[0], "vega10");
    assert!(defaults.len() >= 2, "{defaults:?}");
    let listing = isa::list_gpus(&options());
    let unknown_rdna3 = if found.knows("navi31") {
        "gfx1100"
    } else {
        "navi31"
    };
    let entry = listing
        .iter()
        .find(|g| g.gpu == unknown_rdna3)
        .expect("the other RDNA3 name is listed");
    assert!(!entry.available);
    assert!(
        entry
            .reason
            .as_deref()
            .unwrap_or_default()
            .contains("calls this chip"),
        "{entry:?}"
    );
}

/// A baseline recorded as `gfx1100` on Mesa 22 is measured on Mesa 25 (which calls the chip
/// `navi31`) and the other way round: both names measure, one of them under its other name,
/// and the report says which.
#[test]
fn a_renamed_family_is_measured_under_this_drivers_name() {
    if !common::radv_or_skip("a_renamed_family_is_measured_under_this_drivers_name") {
        return;
    }
    let compilation = compile(&fixture("vulkan/reduce_sum.comp"), Preset::None);
    let results = isa::run(
        &compilation,
        &[family("gfx1100"), family("navi31")],
        &options(),
    );
    let old = report(&results[0], "gfx1100");
    let new = report(&results[1], "navi31");
    assert_eq!(instructions(&old), instructions(&new));
    assert!(
        old.measured_as.as_deref() == Some("navi31")
            || new.measured_as.as_deref() == Some("gfx1100"),
        "{:?} / {:?}",
        old.measured_as,
        new.measured_as
    );
    assert!(old.measured_as.is_none() || new.measured_as.is_none());
    let made_up = isa::run(&compilation, &[family("gfx9999")], &options());
    match &made_up[0] {
        Err(IsaError::UnknownFamily { known, .. }) => {
            assert!(
                known.contains("vega10") && known.contains("Mesa"),
                "{known}"
            )
        }
        other => panic!("gfx9999: {other:?}"),
    }
}

/// A shader using a feature the device lacks gets a clear error for that GPU, before the
/// driver sees the pipeline (RADV aborts in ACO on a float atomic add on vega10); a GPU that
/// has it reports figures.
#[test]
fn float_atomic_add_is_a_missing_feature_on_vega10_and_figures_on_navi31() {
    if !common::radv_or_skip(
        "float_atomic_add_is_a_missing_feature_on_vega10_and_figures_on_navi31",
    ) {
        return;
    }
    let path = "fixtures/vulkan/float_atomic_splat.comp";
    let compiled = compile_path(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join(path),
        &CompileOptions::default(),
    )
    .expect("compiles");
    let found = isa::driver_families(&options()).expect("RADV is installed");
    let newer = ["navi31", "gfx1100"]
        .into_iter()
        .find(|name| found.knows(name))
        .expect("the driver knows RDNA3");
    let results = isa::run(&compiled, &[family("vega10"), family(newer)], &options());
    match &results[0] {
        Err(IsaError::MissingFeature { feature, needed_by }) => {
            assert_eq!(feature, "shaderBufferFloat32AtomicAdd");
            assert!(needed_by.contains("AtomicFAddEXT"), "{needed_by}");
        }
        other => panic!("vega10 should lack float atomic add: {other:?}"),
    }
    assert!(instructions(&report(&results[1], newer)) > 0.0);

    let output = prism()
        .args(["isa", path, "--gpu", &format!("vega10,{newer}")])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("vega10")
            && stderr.contains("the driver lacks shaderBufferFloat32AtomicAdd"),
        "{stderr}"
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains(&format!("on {newer}")), "{stdout}");
}
