//! What prism's back end does around naga's writers so that no output is invalid: the
//! version or shader model it picks when the user picked none, and the located `E-TARGET`
//! errors when the user's choice (or the writer) cannot express the shader. The outputs
//! themselves are read back in `tests/snapshots.rs`.

mod common;

use codespan_reporting::diagnostic::Diagnostic;
use prism::back::{glsl, hlsl, Output, Target};
use prism::pipeline::{compile_path, Compilation, CompileOptions};
use prism::source::FileId;

use common::{fixture_arg, prism, run, stderr, stdout};

fn compile(rel: &str, options: &CompileOptions) -> Compilation {
    let mut options = options.clone();
    options.preprocess.include_dirs = vec![common::fixture_root().join("include").join("sys")];
    compile_path(&common::fixture_root().join(rel), &options)
        .unwrap_or_else(|_| panic!("{rel} compiles"))
}

/// The 1-based line of the error's primary label and the text it underlines.
fn located(compilation: &Compilation, diagnostic: &Diagnostic<FileId>) -> (usize, String) {
    let label = diagnostic.labels.first().expect("a label");
    let text = &compilation.files.get(label.file_id).text;
    let line = text[..label.range.start].matches('\n').count() + 1;
    (line, text[label.range.clone()].to_string())
}

fn text(output: Output) -> String {
    output.as_text().expect("text").to_string()
}

#[test]
fn glsl_es_storage_images_have_no_unknown_extension() {
    // naga's GLSL reader adds `r16f`/`r8ui`/... image types for the `imageLoad` overloads, and
    // the writer then asked for GL_NV_image_formats, which glslang does not know.
    let c = compile("vulkan/image_blur.comp", &CompileOptions::default());
    let out = text(c.emit(Target::Glsl).unwrap());
    assert!(out.starts_with("#version 310 es"), "{out}");
    assert!(!out.contains("GL_NV_image_formats"), "{out}");
}

#[test]
fn glsl_r8_images_go_to_desktop_or_are_refused_on_es() {
    let c = compile("include/clouds.comp", &CompileOptions::default());
    let out = text(c.emit(Target::Glsl).unwrap());
    assert!(
        out.starts_with("#version 450"),
        "auto picks 450 for r8: {out}"
    );

    let mut options = CompileOptions::default();
    options.targets.glsl.version = glsl::Flavor::Es310;
    let c = compile("include/clouds.comp", &options);
    let err = c.emit(Target::Glsl).unwrap_err();
    assert_eq!(err.code.as_deref(), Some("E-TARGET"));
    assert!(
        err.message.contains("GL_NV_image_formats"),
        "{}",
        err.message
    );
    assert_eq!(located(&c, &err), (8, "densityImage".to_string()));
}

#[test]
fn hlsl_picks_the_shader_model_the_view_index_needs() {
    let c = compile("vulkan/multiview.vert", &CompileOptions::default());
    let (output, notes) = c
        .emit_entry_with_notes(Target::Hlsl, c.entry.as_ref())
        .unwrap();
    assert!(text(output).contains("SV_ViewID"));
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(notes[0].message.contains("shader model 6.1"), "{notes:?}");

    // A model the user chose stays theirs: too low is an error at the read.
    let mut options = CompileOptions::default();
    options.targets.hlsl.shader_model = Some("6.0".parse::<hlsl::Model>().unwrap());
    let c = compile("vulkan/multiview.vert", &options);
    let err = c.emit(Target::Hlsl).unwrap_err();
    assert_eq!(err.code.as_deref(), Some("E-TARGET"));
    assert!(err.message.contains("needs 6.1"), "{}", err.message);
    assert_eq!(located(&c, &err), (25, "gl_ViewIndex".to_string()));

    // Nothing that needs more keeps the default, without a note.
    let c = compile("vulkan/pbr.vert", &CompileOptions::default());
    let (_, notes) = c
        .emit_entry_with_notes(Target::Hlsl, c.entry.as_ref())
        .unwrap();
    assert!(notes.is_empty(), "{notes:?}");
}

#[test]
fn hlsl_wave_operations_need_shader_model_6() {
    let wgsl = "@group(0) @binding(0) var<storage, read_write> data: array<f32>;\n\
        @compute @workgroup_size(64)\n\
        fn main(@builtin(global_invocation_id) id: vec3<u32>) {\n\
        \x20   data[id.x] = subgroupAdd(data[id.x]);\n\
        }\n";
    let compile = |model: Option<&str>| {
        let mut options = CompileOptions::default();
        options.targets.hlsl.shader_model = model.map(|m| m.parse().unwrap());
        prism::pipeline::compile_text(
            "wave.wgsl",
            wgsl,
            prism::shader::InputKind::Wgsl,
            None,
            &options,
        )
        .unwrap_or_else(|_| panic!("wave.wgsl compiles"))
    };
    let c = compile(None);
    let (output, notes) = c.emit_entry_with_notes(Target::Hlsl, None).unwrap();
    assert!(text(output).contains("WaveActiveSum"));
    assert!(notes[0].message.contains("shader model 6.0"), "{notes:?}");
    let c = compile(Some("5.1"));
    let err = c.emit(Target::Hlsl).unwrap_err();
    assert!(err.message.contains("subgroup"), "{}", err.message);
    assert_eq!(located(&c, &err), (4, "subgroupAdd".to_string()));
}

/// naga reads the WGSL back and validates it.
fn read_back_wgsl(text: &str) {
    let module =
        naga::front::wgsl::parse_str(text).unwrap_or_else(|e| panic!("{}", e.emit_to_string(text)));
    naga::valid::Validator::new(
        naga::valid::ValidationFlags::all(),
        naga::valid::Capabilities::all(),
    )
    .validate(&module)
    .unwrap_or_else(|e| panic!("{text}\n{e:?}"));
}

fn glsl(name: &str, text: &str) -> Compilation {
    prism::pipeline::compile_text(
        name,
        text,
        prism::shader::InputKind::Glsl,
        Some(prism::shader::Stage::Fragment),
        &CompileOptions::default(),
    )
    .unwrap_or_else(|_| panic!("{name} compiles"))
}

#[test]
fn wgsl_reads_std140_arrays_through_vec4_elements() {
    // Before: `array<f32, 3>` in a uniform struct, which naga and Tint reject.
    let c = compile("vulkan/arrays_of_arrays.comp", &CompileOptions::default());
    let (output, notes) = c
        .emit_entry_with_notes(Target::Wgsl, c.entry.as_ref())
        .unwrap();
    let out = text(output);
    read_back_wgsl(&out);
    assert!(
        out.contains("weights: array<array<vec4<f32>, 3>, 2>"),
        "{out}"
    );
    assert!(notes[0].message.contains("(tile)"), "{notes:?}");

    let taps = "#version 450
layout(std140, binding = 0) uniform Taps { vec2 offsets[4]; float weights[4]; vec4 tint; };
layout(binding = 1) uniform sampler2D uTex;
layout(location = 0) in vec2 vUv;
layout(location = 0) out vec4 color;
void main() {
    color = tint;
    for (int i = 0; i < 4; i++) { color += texture(uTex, vUv + offsets[i]) * weights[i]; }
}
";
    let c = glsl("taps.frag", taps);
    let out = text(c.emit(Target::Wgsl).unwrap());
    read_back_wgsl(&out);
    // The copies read `.xy` of each `vec4` for a `vec2`, `.x` for a `float`.
    assert!(
        out.contains("offsets[3] = _e") && out.contains(".xy;"),
        "{out}"
    );
    assert!(out.contains(".weights[3].x;"), "{out}");
    // The other targets keep the block as it was.
    let hlsl = text(c.emit(Target::Hlsl).unwrap());
    assert!(!hlsl.contains("offsets[3] ="), "{hlsl}");
}

#[test]
fn wgsl_reads_std140_arrays_of_named_blocks_and_instance_arrays() {
    // Before: E-TARGET "an array of f32 has a stride of 16 bytes, WGSL's is 4" for both
    // blocks: naga reads `xf.viewProj` by loading the whole block, and an instance array
    // is an array of blocks; the copies covered only members read through a pointer.
    let vert = "#version 450
layout(std140, binding = 0) uniform Transforms { mat4 viewProj; float scale[4]; } xf;
layout(std140, binding = 1) uniform Morph { vec4 tint; float weights[3]; bool on; } morphs[2];
layout(push_constant) uniform Pick { int index; } pick;
layout(location = 0) in vec3 aPos;
layout(location = 0) out vec4 vTint;
void main() {
    float w = morphs[pick.index].weights[2] * (morphs[1].on ? 1.0 : 0.5);
    vTint = morphs[0].tint * morphs[1].weights[0];
    gl_Position = xf.viewProj * vec4(aPos * xf.scale[pick.index] * w, 1.0);
}
";
    let c = prism::pipeline::compile_text(
        "morph.vert",
        vert,
        prism::shader::InputKind::Glsl,
        Some(prism::shader::Stage::Vertex),
        &CompileOptions::default(),
    )
    .unwrap_or_else(|f| panic!("morph.vert compiles: {f:?}"));
    let (output, notes) = c.emit_entry_with_notes(Target::Wgsl, None).unwrap();
    let out = text(output);
    read_back_wgsl(&out);
    assert!(
        out.contains("var<uniform> morphs: array<Morph_1, 2>;")
            && out.contains("weights: array<vec4<f32>, 3>,"),
        "{out}"
    );
    // One copy per instance, filled from each instance's `vec4`s, read at the dynamic index.
    assert!(
        out.contains("var<private> weights: array<array<f32, 3>, 2>;"),
        "{out}"
    );
    assert!(
        out.contains("weights[1][2] = _e") && out.contains("morphs[1].weights[2].x;"),
        "{out}"
    );
    assert!(out.contains("var<private> scale: array<f32, 4>;"), "{out}");
    assert!(notes[0].message.contains("(scale, weights)"), "{notes:?}");
    // The other targets keep the blocks as they were.
    let hlsl = text(c.emit(Target::Hlsl).unwrap());
    assert!(!hlsl.contains("weights[1][2] ="), "{hlsl}");
}

#[test]
fn wgsl_refuses_std140_layouts_it_cannot_write() {
    // Beyond the copies prism makes at entry (1024 scalars per member): E-TARGET at the
    // block, instead of WGSL with the wrong stride.
    let big = "#version 450
layout(std140, binding = 0) uniform Table { float values[1100]; };
layout(location = 0) flat in int vIndex;
layout(location = 0) out vec4 color;
void main() { color = vec4(values[vIndex]); }
";
    let c = glsl("big.frag", big);
    let err = c.emit(Target::Wgsl).unwrap_err();
    assert_eq!(err.code.as_deref(), Some("E-TARGET"));
    assert!(
        err.message.contains("uniform buffer `Table`: member `values`: an array of f32 has a stride of 16 bytes, WGSL's is 4"),
        "{}",
        err.message
    );
    assert_eq!(located(&c, &err), (2, "Table".to_string()));
}

#[test]
fn wgsl_explicit_layouts_are_refused_not_dropped() {
    // `@size` / `@align` in WGSL input: the writer does not write them back, so the output
    // would lay the buffer out differently.
    let wgsl = "struct P { a: f32, @align(16) b: f32 }\n\
        @group(0) @binding(0) var<uniform> p: P;\n\
        @group(0) @binding(1) var<storage, read_write> out: array<f32>;\n\
        @compute @workgroup_size(1) fn main() { out[0] = p.a + p.b; }\n";
    let c = prism::pipeline::compile_text(
        "align.wgsl",
        wgsl,
        prism::shader::InputKind::Wgsl,
        None,
        &CompileOptions::default(),
    )
    .unwrap_or_else(|_| panic!("align.wgsl compiles"));
    let err = c.emit(Target::Wgsl).unwrap_err();
    assert!(
        err.message
            .contains("member `b` is at offset 16, WGSL puts it at 4"),
        "{}",
        err.message
    );
    assert_eq!(located(&c, &err).0, 2);
    // The other targets keep the layout.
    assert!(c.emit(Target::Hlsl).is_ok());
}

#[test]
fn cli_prints_the_chosen_shader_model() {
    let out = run(prism().args([
        "compile",
        &fixture_arg("vulkan/multiview.vert"),
        "--target",
        "hlsl",
    ]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("shader model 6.1, the lowest this shader needs"),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).contains("SV_ViewID"));

    let out = run(prism().args([
        "compile",
        &fixture_arg("vulkan/multiview.vert"),
        "--target",
        "hlsl",
        "--shader-model",
        "5.1",
    ]));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("E-TARGET"), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("multiview.vert:25:"),
        "{}",
        stderr(&out)
    );
}

fn wgsl_input(name: &str, wgsl: &str, msl: Option<(u8, u8)>) -> Compilation {
    let mut options = CompileOptions::default();
    options.targets.msl.version = msl;
    prism::pipeline::compile_text(name, wgsl, prism::shader::InputKind::Wgsl, None, &options)
        .unwrap_or_else(|_| panic!("{name} compiles"))
}

#[test]
fn msl_picks_the_version_image_atomics_need() {
    // Before: MSL 2.4 always, and image atomics refused unless the user passed 3.1.
    let c = compile("vulkan/image_histogram.comp", &CompileOptions::default());
    let (output, notes) = c
        .emit_entry_with_notes(Target::Msl, c.entry.as_ref())
        .unwrap();
    let out = text(output);
    assert!(out.contains("// language: metal3.1"), "{out}");
    assert!(out.contains(".atomic_fetch_add("), "{out}");
    assert!(
        out.starts_with("// prism: MSL 3.1, the lowest version this shader needs: image atomics"),
        "{out}"
    );
    assert_eq!(notes.len(), 1, "{notes:?}");

    // A version the user chose stays theirs: too low is an error at the atomic.
    let mut options = CompileOptions::default();
    options.targets.msl.version = Some((3, 0));
    let c = compile("vulkan/image_histogram.comp", &options);
    let err = c.emit(Target::Msl).unwrap_err();
    assert_eq!(err.code.as_deref(), Some("E-TARGET"));
    assert!(
        err.message
            .contains("version 3.0 cannot express image atomics: that needs MSL 3.1"),
        "{}",
        err.message
    );
    let (line, underlined) = located(&c, &err);
    assert_eq!(line, 31);
    assert!(underlined.starts_with("imageAtomicAdd"), "{underlined}");

    // Nothing that needs more keeps the default, without a note.
    let c = compile("vulkan/pbr.vert", &CompileOptions::default());
    let (output, notes) = c
        .emit_entry_with_notes(Target::Msl, c.entry.as_ref())
        .unwrap();
    assert!(text(output).contains("// language: metal2.4"));
    assert!(notes.is_empty(), "{notes:?}");
}

#[test]
fn msl_float_atomics_need_3_0_and_subgroups_2_1() {
    let float_atomics = "@group(0) @binding(0) var<storage, read_write> sum: atomic<f32>;\n\
        @group(0) @binding(1) var<storage, read> data: array<f32>;\n\
        @compute @workgroup_size(64)\n\
        fn main(@builtin(global_invocation_id) id: vec3<u32>) {\n\
        \x20   atomicAdd(&sum, data[id.x]);\n\
        }\n";
    let c = wgsl_input("float_atomic.wgsl", float_atomics, None);
    let (output, notes) = c.emit_entry_with_notes(Target::Msl, None).unwrap();
    assert!(text(output).contains("// language: metal3.0"));
    assert!(notes[0].message.contains("atomics on floats"), "{notes:?}");
    let c = wgsl_input("float_atomic.wgsl", float_atomics, Some((2, 4)));
    let err = c.emit(Target::Msl).unwrap_err();
    assert!(err.message.contains("needs MSL 3.0"), "{}", err.message);
    assert_eq!(located(&c, &err).0, 5);

    // Subgroups are below the default 2.4: no note, but an explicit 2.0 is refused.
    let wave = "@group(0) @binding(0) var<storage, read_write> data: array<f32>;\n\
        @compute @workgroup_size(64)\n\
        fn main(@builtin(global_invocation_id) id: vec3<u32>) {\n\
        \x20   data[id.x] = subgroupAdd(data[id.x]);\n\
        }\n";
    let c = wgsl_input("wave.wgsl", wave, None);
    let (output, notes) = c.emit_entry_with_notes(Target::Msl, None).unwrap();
    assert!(text(output).contains("simd_sum("));
    assert!(notes.is_empty(), "{notes:?}");
    let c = wgsl_input("wave.wgsl", wave, Some((2, 0)));
    let err = c.emit(Target::Msl).unwrap_err();
    assert!(
        err.message
            .contains("subgroup (SIMD-group) operations: that needs MSL 2.1"),
        "{}",
        err.message
    );
    assert_eq!(located(&c, &err), (4, "subgroupAdd".to_string()));
    assert!(wgsl_input("wave.wgsl", wave, Some((2, 1)))
        .emit(Target::Msl)
        .is_ok());
}

#[test]
fn cli_prints_the_chosen_msl_version() {
    let out = run(prism().args([
        "compile",
        &fixture_arg("vulkan/image_histogram.comp"),
        "--target",
        "msl",
    ]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("MSL 3.1, the lowest version this shader needs"),
        "{}",
        stderr(&out)
    );
    let out = run(prism().args([
        "compile",
        &fixture_arg("vulkan/image_histogram.comp"),
        "--target",
        "msl",
        "--msl-version",
        "2.4",
    ]));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("image_histogram.comp:31:"),
        "{}",
        stderr(&out)
    );
}

/// glslangValidator accepts the GLSL (skipped, as the other read-backs, without it).
fn read_back_glsl(text: &str, ext: &str) {
    let Some(glslang) = common::glslang() else {
        common::skip("glslangValidator not found: GLSL output not read back");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("out.{ext}"));
    std::fs::write(&path, text).unwrap();
    let run = common::run_tool(&glslang, &[], &path);
    assert!(run.success, "{text}\n{}", run.output);
}

#[test]
fn glsl_gives_each_texture_sampler_pair_a_combined_sampler() {
    // Before: E-TARGET "A image was used with multiple samplers" at 1:1.
    let c = compile(
        "vulkan/shared_texture_samplers.frag",
        &CompileOptions::default(),
    );
    let (output, notes) = c
        .emit_entry_with_notes(Target::Glsl, c.entry.as_ref())
        .unwrap();
    let out = text(output);
    read_back_glsl(&out, "frag");
    // `albedo` with `nearestClamp` (first, in the helper) keeps binding 0; with
    // `linearRepeat` it is binding 4, one above the set's highest.
    assert!(
        out.starts_with("#version 300 es\n// prism: texture `albedo`"),
        "{out}"
    );
    assert!(
        out.contains("texture(_group_0_binding_0_fs, vec2((floor("),
        "{out}"
    );
    assert!(
        out.contains("texture(_group_0_binding_4_fs, vec2(_e"),
        "{out}"
    );
    assert!(
        out.contains("uniform highp sampler2D _group_0_binding_3_fs;"),
        "{out}"
    );
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0].message.contains(
            "`albedo` with `linearRepeat` is a combined sampler of its own at set 0, binding 4"
        ),
        "{notes:?}"
    );
    // Desktop GLSL too.
    let mut options = CompileOptions::default();
    options.targets.glsl.version = glsl::Flavor::Desktop450;
    let c = compile("vulkan/shared_texture_samplers.frag", &options);
    read_back_glsl(&text(c.emit(Target::Glsl).unwrap()), "frag");

    // Through a function parameter: one more parameter per extra sampler.
    let through_parameter = "#version 450
layout(set = 0, binding = 0) uniform texture2D tex;
layout(set = 0, binding = 1) uniform sampler a;
layout(set = 0, binding = 2) uniform sampler b;
layout(location = 0) out vec4 o;
vec4 both(texture2D t) { return texture(sampler2D(t, a), vec2(0.5)) + texture(sampler2D(t, b), vec2(0.5)); }
void main() { o = both(tex); }
";
    let c = glsl("param.frag", through_parameter);
    let out = text(c.emit(Target::Glsl).unwrap());
    read_back_glsl(&out, "frag");
    assert!(
        out.contains("both(_group_0_binding_0_fs, _group_0_binding_3_fs)"),
        "{out}"
    );
    // A caller that passes its own parameter on: not split, a located error.
    let nested = through_parameter.replace(
        "void main() { o = both(tex); }",
        "vec4 outer(texture2D t) { return both(t); }\nvoid main() { o = outer(tex); }",
    );
    let c = glsl("nested.frag", &nested);
    let err = c.emit(Target::Glsl).unwrap_err();
    assert_eq!(err.code.as_deref(), Some("E-TARGET"));
    assert!(
        err.message
            .contains("texture parameter `t` of `both` is sampled with more than one sampler"),
        "{}",
        err.message
    );
    let (line, underlined) = located(&c, &err);
    assert_eq!(line, 6);
    assert!(
        underlined.starts_with("texture(sampler2D(t, b)"),
        "{underlined}"
    );
}

#[test]
fn binding_arrays_are_refused_at_their_declaration() {
    // naga's GLSL writer cannot declare arrays of textures (it panicked before prism refused
    // them); before, the refusal had no place in the shader.
    let c = compile("vulkan/bindless.frag", &CompileOptions::default());
    let err = c.emit(Target::Glsl).unwrap_err();
    assert_eq!(err.code.as_deref(), Some("E-TARGET"));
    assert!(
        err.message
            .contains("arrays of textures or samplers (naga binding arrays) have no GLSL output"),
        "{}",
        err.message
    );
    assert_eq!(located(&c, &err), (4, "textures[16]".to_string()));
    // Every other target writes them.
    for target in [Target::Hlsl, Target::Msl, Target::Wgsl, Target::Spirv] {
        assert!(c.emit(target).is_ok(), "{target}");
    }
}

#[test]
fn wgsl_pads_std140_struct_arrays_to_their_stride() {
    // Before: E-TARGET "an array of struct `Light` has a stride of 32 bytes, WGSL's is 24"
    // (no `vec3`/`vec4` member: WGSL aligns the struct to 8 and ends it at 24).
    let lights = "#version 450
struct Light { vec2 position; float radius; float intensity; vec2 falloff; };
layout(std140, binding = 0) uniform Lights { Light lights[3]; float ambient; };
layout(location = 0) in vec2 vPos;
layout(location = 0) out vec4 color;
void main() {
    vec3 sum = vec3(ambient);
    for (int i = 0; i < 3; i++) {
        float d = length(vPos - lights[i].position) / lights[i].radius;
        sum += vec3(lights[i].intensity * max(lights[i].falloff.x - d, lights[i].falloff.y));
    }
    color = vec4(sum, 1.0);
}
";
    // prism's own GLSL front end pads such a struct to its std140 size already (the dialect
    // layer), so the writer's padding is reached through glslang's SPIR-V, where `Light` is
    // 24 bytes and the array's stride 32.
    let Some(glslang) = common::glslang() else {
        common::skip("glslangValidator not found: no SPIR-V input for the std140 struct arrays");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("lights.frag");
    std::fs::write(&source, lights).unwrap();
    let spv = dir.path().join("lights.spv");
    let run = common::run_tool(
        &glslang,
        &["-V".into(), "-o".into(), spv.clone().into_os_string()],
        &source,
    );
    assert!(run.success, "{}", run.output);
    let c = prism::pipeline::compile_path(&spv, &CompileOptions::default())
        .unwrap_or_else(|_| panic!("lights.spv compiles"));
    let (output, notes) = c.emit_entry_with_notes(Target::Wgsl, None).unwrap();
    let out = text(output);
    read_back_wgsl(&out);
    assert!(out.contains("_pad0_: f32,"), "{out}");
    assert!(
        notes[0]
            .message
            .contains("arrays of structs at GLSL's std140 stride (lights)"),
        "{notes:?}"
    );
    // The WGSL, read back, lays the block out as std140 does: the array 32 bytes apart,
    // `ambient` after three of them.
    let module = naga::front::wgsl::parse_str(&out).unwrap();
    let (_, block) = module
        .global_variables
        .iter()
        .find(|(_, g)| g.space == naga::AddressSpace::Uniform)
        .unwrap();
    let naga::TypeInner::Struct { ref members, .. } = module.types[block.ty].inner else {
        panic!("a struct");
    };
    let naga::TypeInner::Array { stride, .. } = module.types[members[0].ty].inner else {
        panic!("an array");
    };
    assert_eq!((stride, members[1].offset), (32, 96), "{out}");
}

#[test]
fn glsl_auto_goes_past_es300_for_multisampling_and_sample_id() {
    // Before: `#version 300 es` text glslang rejects (`sampler2DMS` is ES 3.10; naga's
    // writer stores the int `gl_SampleID` into a `uint`, which ES does not convert).
    let ms = "#version 450
layout(binding = 0) uniform sampler2DMS colorMs;
layout(location = 0) out vec4 o;
void main() {
    ivec2 p = ivec2(gl_FragCoord.xy);
    o = (texelFetch(colorMs, p, 0) + texelFetch(colorMs, p, 1)) * 0.5;
}
";
    let c = glsl("ms.frag", ms);
    let out = text(c.emit(Target::Glsl).unwrap());
    assert!(out.starts_with("#version 310 es"), "{out}");
    read_back_glsl(&out, "frag");
    let mut es300 = CompileOptions::default();
    es300.targets.glsl.version = glsl::Flavor::Es300;
    let c = prism::pipeline::compile_text(
        "ms.frag",
        ms,
        prism::shader::InputKind::Glsl,
        Some(prism::shader::Stage::Fragment),
        &es300,
    )
    .unwrap();
    let err = c.emit(Target::Glsl).unwrap_err();
    assert!(
        err.message
            .contains("GLSL es300 cannot express multisampled textures"),
        "{}",
        err.message
    );

    let sample_id = "#version 450
layout(location = 0) out vec4 o;
void main() { o = vec4(float(gl_SampleID)); }
";
    let c = glsl("sample_id.frag", sample_id);
    let out = text(c.emit(Target::Glsl).unwrap());
    assert!(out.starts_with("#version 450"), "{out}");
    read_back_glsl(&out, "frag");
}

#[test]
fn glsl_auto_picks_es_310_for_bit_operations_and_integer_mix() {
    // naga wrote these into `#version 300 es` output, where ES 3.00 compilers reject them.
    for (name, body) in [
        (
            "bits.frag",
            "o = vec4(float(bitCount(u) + findMSB(u) + bitfieldExtract(u, 1, 2)));",
        ),
        (
            "mix.frag",
            "o = vec4(mix(ivec2(u), ivec2(2), bvec2(u > 1, true)), 0.0, 1.0);",
        ),
        (
            "pack.frag",
            "o = unpackUnorm4x8(packUnorm4x8(vec4(float(u))));",
        ),
    ] {
        let source = format!(
            "#version 310 es\nprecision highp float;\nprecision highp int;\nuniform int u;\n\
             layout(location = 0) out vec4 o;\nvoid main() {{ {body} }}\n"
        );
        let out = text(glsl(name, &source).emit(Target::Glsl).unwrap());
        assert!(out.starts_with("#version 310 es"), "{name}: {out}");
        read_back_glsl(&out, "frag");
    }
    // Float mix by a bool vector is ES 3.00.
    let out = text(
        glsl(
            "float_mix.frag",
            "#version 300 es\nprecision highp float;\nuniform float u;\nout vec4 o;\n\
             void main() { o = vec4(mix(vec2(u), vec2(2.0), bvec2(u > 1.0, true)), 0.0, 1.0); }\n",
        )
        .emit(Target::Glsl)
        .unwrap(),
    );
    assert!(out.starts_with("#version 300 es"), "{out}");
}

#[test]
fn glsl_draw_parameters_go_to_desktop_with_their_extension() {
    let c = compile("vulkan/draw_parameters.vert", &CompileOptions::default());
    let out = text(c.emit(Target::Glsl).unwrap());
    assert!(
        out.starts_with("#version 450 core\n#extension GL_ARB_shader_draw_parameters : require\n"),
        "{out}"
    );
    assert!(
        out.contains("gl_BaseInstanceARB") && out.contains("gl_DrawIDARB"),
        "{out}"
    );
    read_back_glsl(&out, "vert");
    let es = CompileOptions {
        targets: prism::back::TargetOptions {
            glsl: glsl::Options {
                version: glsl::Flavor::Es310,
            },
            ..Default::default()
        },
        ..Default::default()
    };
    let error = compile("vulkan/draw_parameters.vert", &es)
        .emit(Target::Glsl)
        .expect_err("ES has no draw parameters");
    assert!(error.message.contains("GLSL ES lacks"), "{}", error.message);
}

#[test]
fn wgsl_value_functions_return_after_discard() {
    // WGSL's `discard` does not end the invocation: `shade` would fall off its end after it,
    // which WGSL compilers refuse ("missing return at end of function"); naga's IR ends the
    // path at `Kill` and wrote no return. The entry point's own `discard` needs none.
    let glsl = "#version 300 es\nprecision highp float;\nin vec2 uv;\nout vec4 color;\n\
        float shade(float x) {\n  if (x < 0.0) {\n    discard;\n  } else {\n    return sqrt(x);\n  }\n}\n\
        void main() {\n  if (uv.y > 0.9) discard;\n  color = vec4(shade(uv.x));\n}\n";
    let c = prism::pipeline::compile_text(
        "discard.frag",
        glsl,
        prism::shader::InputKind::Glsl,
        Some(prism::shader::Stage::Fragment),
        &CompileOptions::default(),
    )
    .unwrap_or_else(|_| panic!("discard.frag compiles"));
    let wgsl = text(c.emit(Target::Wgsl).expect("wgsl"));
    let lines: Vec<&str> = wgsl.lines().map(str::trim).collect();
    let followed: Vec<&str> = lines
        .windows(2)
        .filter(|w| w[0] == "discard;")
        .map(|w| w[1])
        .collect();
    assert_eq!(followed.len(), 2, "{wgsl}");
    assert!(
        followed.iter().filter(|l| l.starts_with("return ")).count() == 1,
        "one return, in shade:\n{wgsl}"
    );
    // The other targets end the invocation at `discard`: nothing added there.
    let glsl_out = text(c.emit(Target::Glsl).expect("glsl"));
    assert_eq!(glsl_out.matches("discard;").count(), 2, "{glsl_out}");
}
