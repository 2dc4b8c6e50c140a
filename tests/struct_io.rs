//! Struct-typed inputs and outputs declared in place (`out struct { ... } Out;`, Dear ImGui's
//! Vulkan shaders): one variable per member, at the locations GLSL gives the members.

use prism::pipeline::{compile_text, CompileOptions};
use prism::shader::{InputKind, Stage};

/// `(name, location)` of each input or output prism declared.
fn locations(text: &str, stage: Stage) -> Vec<(String, u32)> {
    let c = compile_text(
        "io.glsl",
        text,
        InputKind::Glsl,
        Some(stage),
        &CompileOptions::default(),
    )
    .unwrap_or_else(|f| panic!("{f:?}"));
    let mut out: Vec<(String, u32)> = c
        .parsed
        .bindings
        .iter()
        .filter_map(|b| Some((b.name.clone(), b.location?)))
        .collect();
    out.sort_by_key(|(n, l)| (*l, n.clone()));
    out
}

fn named(pairs: &[(&str, u32)]) -> Vec<(String, u32)> {
    pairs.iter().map(|(n, l)| (n.to_string(), *l)).collect()
}

#[test]
fn members_take_consecutive_locations_in_both_stages() {
    let vert = "#version 450\nlayout(location = 0) in vec2 aUV;\nlayout(location = 1) out struct { vec4 Color; mat3 Basis; float Fade[2]; vec2 UV; } Out;\nvoid main() {\n  Out.Color = vec4(1.0); Out.Basis = mat3(1.0); Out.Fade[0] = 0.0; Out.Fade[1] = 1.0; Out.UV = aUV;\n  gl_Position = vec4(aUV, 0.0, 1.0);\n}\n";
    let frag = "#version 450\nlayout(location = 1) in struct { vec4 Color; mat3 Basis; float Fade[2]; vec2 UV; } In;\nlayout(location = 0) out vec4 o;\nvoid main() { o = In.Color * (In.Basis * vec3(In.UV, In.Fade[1])).x; }\n";
    // GLSL: a mat3 takes 3 locations, a float[2] 2; glslang numbers the struct's members so.
    let out = locations(vert, Stage::Vertex);
    let expected_out = [
        ("Out_Color", 1),
        ("Out_Basis", 2),
        ("Out_Fade", 5),
        ("Out_UV", 7),
    ];
    for (name, location) in expected_out {
        assert!(
            out.iter()
                .any(|(n, l)| n.starts_with(name) && *l == location),
            "{name} at {location}: {out:?}"
        );
    }
    let inputs = locations(frag, Stage::Fragment);
    for (name, location) in expected_out {
        let name = name.replace("Out_", "In_");
        assert!(
            inputs
                .iter()
                .any(|(n, l)| n.starts_with(&name) && *l == location),
            "{name} at {location}: {inputs:?}"
        );
    }
    assert_eq!(
        locations(
            "#version 450\nlayout(location = 0) in vec2 p;\nlayout(location = 0) out struct Pair { vec4 a; vec2 b; } v;\nvoid main() { v.a = vec4(p, 0.0, 1.0); v.b = p; gl_Position = v.a; }\n",
            Stage::Vertex
        ),
        named(&[("p", 0), ("v_a", 0), ("v_b", 1)])
    );
}

#[test]
fn whole_struct_values_are_rebuilt_from_the_members() {
    // `o` and its nested member `o.a` are flattened into one variable per member; reads of
    // the whole value (`copy = o`, `weight(o.a)`) rebuild it, writes (`o.a = shade(pos)`,
    // `o = copy`) store member by member. naga reported "Unknown variable: o" before.
    let vert = "#version 450\nstruct Inner { vec2 uv; float w; };\nstruct Outer { Inner a; vec3 n; };\n\
        layout(location = 0) in vec3 pos;\nlayout(location = 0) out Outer o;\n\
        Inner shade(vec3 v) { Inner r; r.uv = v.xy; r.w = v.z; return r; }\n\
        float weight(Inner i) { return i.w; }\n\
        void main() {\n  o.a = shade(pos);\n  Outer copy = o;\n  o.n = copy.n + vec3(weight(o.a));\n\
        if (pos.x > 0.0) o = copy;\n  gl_Position = vec4(pos, 1.0);\n}\n";
    assert_eq!(
        locations(vert, Stage::Vertex),
        named(&[("o_a_uv", 0), ("pos", 0), ("o_a_w", 1), ("o_n", 2)])
    );
    let c = compile_text(
        "whole.vert",
        vert,
        InputKind::Glsl,
        Some(Stage::Vertex),
        &CompileOptions::default(),
    )
    .unwrap_or_else(|f| panic!("{f:?}"));
    for target in [
        prism::back::Target::Spirv,
        prism::back::Target::Hlsl,
        prism::back::Target::Msl,
        prism::back::Target::Glsl,
        prism::back::Target::Wgsl,
    ] {
        c.emit(target)
            .unwrap_or_else(|d| panic!("{target:?}: {d:?}"));
    }
    // A function's own `o` is its own.
    let shadowed =
        "#version 450\nstruct S { vec2 uv; mat2 m; };\nlayout(location = 0) in vec3 pos;\n\
        layout(location = 0) out S o;\nfloat f(float o) { return o * 2.0; }\n\
        void main() { o.uv = pos.xy * f(pos.z); o.m = mat2(1.0); gl_Position = vec4(pos, 1.0); }\n";
    assert_eq!(
        locations(shadowed, Stage::Vertex),
        named(&[("o_uv", 0), ("pos", 0), ("o_m", 1)])
    );
}
