//! Block layouts prism must give as glslang does (`dialect::block_layout`,
//! `dialect::struct_twins`): explicit `layout(offset)` on members of any sized type, push
//! constants by std430, and a struct that a std140 uniform and a std430 block both hold.
//! Offsets are compared with glslangValidator's SPIR-V by (struct, member) name; without
//! glslang those tests print `SKIPPED:` and pass, unless `PRISM_REQUIRE_TOOLS=1`. The
//! first tests assert hand-computed offsets and run everywhere.

mod common;

use common::spirv_offsets::{assert_glslangs_offsets, inline_shader, offsets, prism_spirv};
use common::{fixture_root, glslang_or_skip};

/// The offsets prism gives the members of `ty`, in member order, from its SPIR-V for `text`.
fn prism_offsets(name: &str, text: &str, ty: &str, members: &[&str]) -> Vec<Option<u32>> {
    let found = offsets(&prism_spirv(&inline_shader(name, text)));
    members
        .iter()
        .map(|m| {
            let set = found.get(&(ty.to_string(), m.to_string()))?;
            (set.len() == 1).then(|| *set.iter().next().unwrap())
        })
        .collect()
}

#[test]
fn push_constants_are_std430() {
    // std430: a float array has a stride of 4 and an 8-byte struct stays 8 bytes.
    let text = "#version 450\n\
        struct Pair { float a; float b; };\n\
        layout(push_constant) uniform PC { float arr[3]; Pair p; float after; vec2 two[2]; } pc;\n\
        void main() { gl_Position = vec4(pc.arr[1] + pc.p.b + pc.after + pc.two[1].x); }\n";
    assert_eq!(
        prism_offsets("pc.vert", text, "PC", &["arr", "p", "after", "two"]),
        [Some(0), Some(12), Some(20), Some(24)]
    );
}

#[test]
fn explicit_offsets_place_structs_arrays_and_matrices() {
    let text = "#version 450\nlayout(local_size_x = 1) in;\n\
        const int N = 3;\n\
        struct Pair { float a; float b; };\n\
        layout(std140, binding = 0) uniform U {\n\
          float x; layout(offset = 32) Pair s; layout(offset = N * 16 + 16) vec3 v;\n\
          float w[N]; layout(offset = 176) mat4 m; float tail; } u;\n\
        layout(std430, binding = 1) buffer B { float y; layout(offset = 8) Pair t;\n\
          layout(offset = 32) float arr[N]; layout(offset = 48) vec2 p; } b;\n\
        void main() { b.y = u.x + u.s.b + u.v.x + u.w[1] + u.m[1][1] + u.tail;\n\
          b.p = vec2(b.t.a, b.arr[2]); }\n";
    assert_eq!(
        prism_offsets(
            "offsets_u.comp",
            text,
            "U",
            &["x", "s", "v", "w", "m", "tail"]
        ),
        [Some(0), Some(32), Some(64), Some(80), Some(176), Some(240)]
    );
    assert_eq!(
        prism_offsets("offsets_b.comp", text, "B", &["y", "t", "arr", "p"]),
        [Some(0), Some(8), Some(32), Some(48)]
    );
}

#[test]
fn a_struct_in_both_layouts_gets_each() {
    // `Pair` is 8 bytes aligned to 4 in std430, 16 aligned to 16 in std140: `after` follows
    // it at 12 in the buffer, at 32 in the uniform block.
    let text = "#version 450\nlayout(local_size_x = 1) in;\n\
        struct Pair { float a; float b; };\n\
        layout(std140, binding = 0) uniform U { float x; Pair s; float after; } u;\n\
        layout(std430, binding = 1) buffer B { float x; Pair s; float after; } b;\n\
        float sum(Pair p) { return p.a + p.b; }\n\
        void main() { Pair local = u.s; b.s = u.s; b.after = sum(u.s) + sum(local) + u.after; }\n";
    let found = offsets(&prism_spirv(&inline_shader("twins.comp", text)));
    let at = |ty: &str, m: &str| found.get(&(ty.to_string(), m.to_string())).cloned();
    assert_eq!(at("U", "after"), Some([32].into()));
    assert_eq!(at("B", "after"), Some([12].into()));
    // Both layouts of `Pair` keep the user's name, as glslang's do.
    assert_eq!(at("Pair", "b"), Some([4].into()));
}

#[test]
fn fixtures_have_glslangs_offsets() {
    let Some(glslang) = glslang_or_skip() else {
        return;
    };
    for rel in [
        "vulkan/block_offsets.comp",
        "vulkan/shared_struct_layouts.frag",
    ] {
        assert_glslangs_offsets(&glslang, &fixture_root().join(rel));
    }
}

#[test]
fn shapes_have_glslangs_offsets() {
    let Some(glslang) = glslang_or_skip() else {
        return;
    };
    let shapes = [
        (
            // An offset after a struct both layouts hold, in each kind of block.
            "offset_after_twin.comp",
            "layout(local_size_x = 1) in;\nstruct Small { float a; float b; };\n\
             layout(std140, binding = 0) uniform U { float x; layout(offset = 32) Small s;\n\
               layout(offset = 64) vec3 v; float after; } u;\n\
             layout(std430, binding = 1) buffer B { uint n; layout(offset = 16) Small t; float z; } b;\n\
             layout(push_constant) uniform PC { layout(offset = 16) vec4 tint; layout(offset = 40) Small sm; uint count; } pc;\n\
             void main() { b.z = u.x + u.s.a + u.v.x + u.after + pc.tint.x + pc.sm.b + float(pc.count) + b.t.a; }",
        ),
        (
            // Nested twins, an array of them, whole reads into calls and locals.
            "nested_twins.comp",
            "layout(local_size_x = 1) in;\nstruct Range { float lo; float hi; };\n\
             struct Light { vec3 pos; float radius; Range fade; };\n\
             struct Pair { Range r; Range rs[2]; float w; };\n\
             layout(std140, binding = 0) uniform Scene { float exposure; Light key; Light fill[2]; Pair pair; float tail; } scene;\n\
             layout(std430, binding = 1) buffer Lights { Light lights[]; };\n\
             layout(std430, binding = 2) buffer Out { Pair pairs[]; };\n\
             float width(Range r) { return r.hi - r.lo; }\n\
             void main() { Light k = scene.key; Range r = scene.fill[1].fade;\n\
               pairs[0].w = width(r) + width(scene.pair.rs[1]) + k.radius + scene.tail + lights[0].fade.hi; }",
        ),
        (
            // std430 push constants: arrays and small structs without offsets.
            "push_std430.vert",
            "struct Pair { float a; float b; };\n\
             layout(push_constant) uniform PC { float arr[3]; Pair p; float after; vec2 two[2]; mat2 m; float end; } pc;\n\
             void main() { gl_Position = vec4(pc.arr[1] + pc.p.b + pc.after + pc.two[1].x + pc.m[1][0] + pc.end); }",
        ),
    ];
    for (name, body) in shapes {
        let path = inline_shader(name, &format!("#version 450\n{body}\n"));
        assert_glslangs_offsets(&glslang, &path);
    }
}

#[test]
fn structs_with_arrays_move_whole_between_std430_and_their_own_layout() {
    // `Vertex` is 32 bytes in std430 (its float arrays 4 bytes apart), 128 as naga lays
    // the struct out by std140; copies, arguments, returns and stores cross between the two.
    let path = fixture_root().join("vulkan/vertex_pulling_arrays.vert");
    let found = offsets(&prism_spirv(&path));
    let at = |m: &str| found.get(&("Vertex".to_string(), m.to_string())).cloned();
    assert!(at("normal").is_some_and(|o| o.contains(&12)), "{found:?}");
    assert!(at("uv").is_some_and(|o| o.contains(&24)), "{found:?}");
    every_target_and_glslangs_offsets(&path, &found);
}

#[test]
fn two_row_matrices_in_std430_structs_take_std430_offsets() {
    // `Body` holds a `mat2` and a `mat3x2`, 16 and 24 bytes in std430 (columns 8 bytes apart),
    // 32 and 48 in std140. The std430 buffers and push constants hold one layout, the std140
    // uniform its twin; both keep the name `Body`. Before, both took std140's.
    let path = fixture_root().join("vulkan/std430_matrix_columns.comp");
    let found = offsets(&prism_spirv(&path));
    for (member, std430, std140) in [
        ("orientation", 8, 16),
        ("invMass", 24, 48),
        ("affine", 32, 64),
        ("velocity", 56, 112),
    ] {
        let at = found
            .get(&("Body".to_string(), member.to_string()))
            .cloned()
            .unwrap_or_default();
        assert!(
            at.contains(&std430) && at.contains(&std140),
            "Body.{member}: {at:?}"
        );
    }
    every_target_and_glslangs_offsets(&path, &found);
}

/// `path` compiles for every text target, and every (struct, member) offset glslang gives is
/// among prism's (`found`): glslang lays out the copies its blocks hold, prism's module holds
/// the struct's own declaration too.
fn every_target_and_glslangs_offsets(
    path: &std::path::Path,
    found: &common::spirv_offsets::Offsets,
) {
    let compilation =
        prism::pipeline::compile_path(path, &prism::pipeline::CompileOptions::default())
            .expect("compiles");
    for target in [
        prism::back::Target::Hlsl,
        prism::back::Target::Msl,
        prism::back::Target::Glsl,
        prism::back::Target::Wgsl,
    ] {
        compilation
            .emit(target)
            .unwrap_or_else(|d| panic!("{target:?}: {d:?}"));
    }
    let Some(glslang) = glslang_or_skip() else {
        return;
    };
    let reference = offsets(&common::spirv_offsets::glslang_spirv(&glslang, path));
    for (key, want) in &reference {
        let ours = found.get(key).cloned().unwrap_or_default();
        assert!(
            want.is_subset(&ours),
            "{key:?}: glslang {want:?}, prism {ours:?}"
        );
    }
}
