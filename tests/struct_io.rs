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
