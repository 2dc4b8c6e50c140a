//! The member offsets prism's SPIR-V gives uniform and storage blocks are the ones
//! glslangValidator gives the same shader: std140 (rule 9: structs aligned and sized to
//! 16) for uniform blocks, std430 for storage blocks. naga's GLSL reader alone rounds a
//! struct only to its widest member; `dialect::std140` pads to make up for it.
//!
//! Offsets are compared by (struct name, member name), from the `OpName` / `OpMemberName`
//! / `OpMemberDecorate Offset` of both modules, and so are the `ArrayStride`s of array
//! members (as `member[]`); prism's own padding members (`prism_*`) are left out. The WGSL
//! prism writes is compared the same way, read back by naga: the blocks it rewrites for WGSL
//! (std140 arrays as `vec4` arrays, `bool` members as `u32`) must keep glslang's layout.
//! Without glslangValidator the test prints `SKIPPED:` and passes, unless
//! `PRISM_REQUIRE_TOOLS=1`.

mod common;

use std::ffi::OsString;
use std::path::Path;

use prism::back::Target;
use prism::pipeline::{compile_path, CompileOptions};

use common::spirv_offsets::{self, array_strides, inline_shader, mismatches, Offsets};
use common::{fixture_root, glslang_or_skip, run_tool};

/// The member offsets of a SPIR-V module and each array member's stride (keyed `member[]`).
fn offsets(spirv: &[u8]) -> Offsets {
    let mut out = spirv_offsets::offsets(spirv);
    out.extend(array_strides(spirv));
    out
}

/// The member offsets and array strides of the structs that the buffers of the WGSL module
/// `text` hold, read back by naga, keyed as [`offsets`] keys them. naga's WGSL writer names
/// a rewritten struct apart from the original (`Light_1`): the `_N` goes.
fn wgsl_offsets(text: &str) -> Offsets {
    let module = naga::front::wgsl::parse_str(&prism::front::wgsl::naga_readable(text))
        .unwrap_or_else(|e| panic!("{}", e.emit_to_string(text)));
    fn walk(module: &naga::Module, ty: naga::Handle<naga::Type>, out: &mut Offsets, depth: u32) {
        if depth > 16 {
            return;
        }
        match module.types[ty].inner {
            naga::TypeInner::Array { base, .. } => walk(module, base, out, depth + 1),
            naga::TypeInner::Struct { ref members, .. } => {
                let name = module.types[ty].name.clone().unwrap_or_default();
                let name = match name.rsplit_once('_') {
                    Some((base, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
                        base.to_string()
                    }
                    _ => name,
                };
                for m in members {
                    let member = m.name.clone().unwrap_or_default();
                    if member.starts_with("prism_") || member.starts_with("_pad") {
                        continue;
                    }
                    out.entry((name.clone(), member.clone()))
                        .or_default()
                        .insert(m.offset);
                    if let naga::TypeInner::Array { stride, .. } = module.types[m.ty].inner {
                        out.entry((name.clone(), format!("{member}[]")))
                            .or_default()
                            .insert(stride);
                    }
                    walk(module, m.ty, out, depth + 1);
                }
            }
            _ => {}
        }
    }
    let mut out = Offsets::new();
    for (_, g) in module.global_variables.iter() {
        if matches!(
            g.space,
            naga::AddressSpace::Uniform
                | naga::AddressSpace::Storage { .. }
                | naga::AddressSpace::Immediate
        ) {
            walk(&module, g.ty, &mut out, 0);
        }
    }
    out
}

fn prism_offsets(path: &Path, target: Target) -> Offsets {
    let compilation = compile_path(path, &CompileOptions::default())
        .unwrap_or_else(|f| panic!("prism compiles {}: {f:?}", path.display()));
    let output = compilation
        .emit(target)
        .unwrap_or_else(|d| panic!("{target} for {}: {d:?}", path.display()));
    match target {
        Target::Wgsl => wgsl_offsets(&String::from_utf8_lossy(output.as_bytes())),
        _ => offsets(output.as_bytes()),
    }
}

/// glslang's offsets for the shader at `path`, compiled for Vulkan with bindings and
/// locations assigned; a GLSL ES 3.00 shader is read as 3.10 (SPIR-V needs 3.10, and the
/// layout rules are the same).
fn glslang_offsets(glslang: &Path, path: &Path, name: &str) -> Offsets {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("std140_offsets");
    std::fs::create_dir_all(&dir).expect("temp dir");
    let text = std::fs::read_to_string(path).expect("readable shader");
    let input = dir.join(name);
    std::fs::write(
        &input,
        text.replacen("#version 300 es", "#version 310 es", 1),
    )
    .expect("write shader copy");
    let spv = dir.join(format!("{name}.spv"));
    let args: Vec<OsString> = vec![
        "-V".into(),
        "--amb".into(),
        "--aml".into(),
        "-o".into(),
        spv.clone().into(),
    ];
    let run = run_tool(glslang, &args, &input);
    assert!(run.success, "{}\n{}", run.command, run.output);
    offsets(&std::fs::read(&spv).expect("glslang's SPIR-V"))
}

/// Every (struct, member) glslang lays out has the same offsets in prism's module.
fn assert_same_offsets(glslang: &Path, path: &Path) {
    assert_offsets_of(glslang, path, path);
}

/// Every (struct, member) glslang lays out in `reference` has the same offsets in prism's
/// module for `path`.
fn assert_offsets_of(glslang: &Path, path: &Path, reference: &Path) {
    assert_target_offsets_of(glslang, path, reference, Target::Spirv);
}

/// The same for prism's output for `target` (SPIR-V or WGSL).
fn assert_target_offsets_of(glslang: &Path, path: &Path, reference: &Path, target: Target) {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let reference_name = reference
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let reference = glslang_offsets(glslang, reference, &reference_name);
    assert!(!reference.is_empty(), "{name}: glslang laid nothing out");
    let wrong = mismatches(&reference, &prism_offsets(path, target));
    assert!(wrong.is_empty(), "{name} ({target}):\n{}", wrong.join("\n"));
}

const OUT: &str = "layout(location = 0) out vec4 o;\n";

#[test]
fn fixtures_have_glslangs_offsets() {
    let Some(glslang) = glslang_or_skip() else {
        return;
    };
    for rel in [
        "vulkan/std140_nested_structs.frag",
        "webgl2/std140_uniform_block.frag",
        "desktop/std140_material.vert",
        "webgl2/ubo_bool_members.frag",
        "webgl2/ubo_std140_arrays.vert",
        "desktop/ubo_bool_members.frag",
        "vulkan/ubo_instance_arrays.frag",
        "vulkan/buffer_bools.comp",
    ] {
        assert_same_offsets(&glslang, &fixture_root().join(rel));
    }
}

#[test]
fn wgsl_blocks_have_glslangs_offsets() {
    // Before: no WGSL at all for these (`E-TARGET`: a std140 array in an instance array or
    // in a named block read by member; naga's `E-VALID` for `bool` members).
    let Some(glslang) = glslang_or_skip() else {
        return;
    };
    for rel in [
        "webgl2/std140_uniform_block.frag",
        "webgl2/ubo_bool_members.frag",
        "webgl2/ubo_std140_arrays.vert",
        "webgl2/ubo_row_major.vert",
        "desktop/ubo_bool_members.frag",
        "vulkan/ubo_instance_arrays.frag",
    ] {
        let path = fixture_root().join(rel);
        assert_target_offsets_of(&glslang, &path, &path, Target::Wgsl);
    }
}

#[test]
fn small_structs_in_every_shape_have_glslangs_offsets() {
    let Some(glslang) = glslang_or_skip() else {
        return;
    };
    let shapes = [
        (
            "after_float.frag",
            "struct L { float a; };\n\
             layout(std140, binding = 0) uniform U { L l; float b; };\n\
             void main() { o = vec4(l.a + b); }",
        ),
        (
            "after_vec3.frag",
            "struct L { float a; vec2 b; };\n\
             layout(std140, binding = 0) uniform U { vec3 v; L l; vec2 w; L m; float c; };\n\
             void main() { o = vec4(v, l.a + w.x + m.b.y + c); }",
        ),
        (
            "two_declarators.frag",
            "struct L { float a; };\n\
             layout(std140, binding = 0) uniform U { float x; L p, q; float b; } u;\n\
             void main() { o = vec4(u.x + u.p.a + u.q.a + u.b); }",
        ),
        (
            "nested_three_deep.frag",
            "struct A { float a; };\nstruct B { A a; float b; };\nstruct C { float c; B b; vec2 d; };\n\
             layout(std140, binding = 0) uniform U { float x; C c; C cs[2]; float y; };\n\
             void main() { o = vec4(x + c.b.a.a + cs[1].d.y + y); }",
        ),
        (
            "const_length.frag",
            "const int N = 3;\nstruct L { float a; };\n\
             layout(std140, binding = 0) uniform U { float w[N]; L l; float b; };\n\
             void main() { o = vec4(w[1] + l.a + b); }",
        ),
        (
            "std430_untouched.comp",
            "layout(local_size_x = 1) in;\nstruct L { float a; vec2 b; };\n\
             layout(std430, binding = 0) buffer B { float x; L l; float y; L ls[2]; float z; };\n\
             void main() { z = x + l.a + y + ls[1].b.x; }",
        ),
        (
            "matrices_and_small_structs.frag",
            "struct L { float a; };\nstruct Q { mat2 m; L l; float f; };\n\
             layout(std140, binding = 0) uniform U { float x; Q q; L l; mat3 r; float b; };\n\
             void main() { o = vec4(x + q.m[1][0] + q.l.a + q.f + l.a + r[2].z + b); }",
        ),
    ];
    for (name, body) in shapes {
        let out = if name.ends_with(".frag") { OUT } else { "" };
        let text = format!("#version 450\n{out}{body}\n");
        assert_same_offsets(&glslang, &inline_shader(name, &text));
    }
}

#[test]
fn gathered_loose_uniforms_have_the_offsets_of_the_same_block() {
    let Some(glslang) = glslang_or_skip() else {
        return;
    };
    // fixtures/webgl1/nested_small_structs.frag's uniforms, in the block prism gathers them
    // into, for glslang (which takes no loose uniforms for SPIR-V).
    let reference = inline_shader(
        "nested_small_structs_block.frag",
        "#version 450\n\
         struct Range { float lo; float hi; };\n\
         struct Grade { vec2 scale; Range clampTo; float gamma; };\n\
         layout(std140, binding = 0) uniform prism_globals {\n\
         float exposure; Grade grade; vec3 tint; Range levels; float strength; };\n\
         layout(location = 0) out vec4 o;\n\
         void main() { o = vec4(exposure + grade.scale.x + grade.clampTo.hi + grade.gamma\n\
         + tint.x + levels.lo + strength); }\n",
    );
    let fixture = fixture_root().join("webgl1/nested_small_structs.frag");
    assert_offsets_of(&glslang, &fixture, &reference);
}
