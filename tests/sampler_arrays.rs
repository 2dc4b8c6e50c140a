//! Arrays of combined samplers indexed by something other than a literal: WebGL 1 loop
//! indices (GLSL ES 1.00 Appendix A), ES 3.00 constant expressions, Vulkan shadow arrays.
//! prism splits such an array into one texture per element and selects among per-element
//! calls (`dialect/sampler_index.rs`; its unit tests evaluate the selection for every index).

use prism::back::Target;
use prism::pipeline::{compile_text, Compilation, CompileOptions, Failure};
use prism::shader::{InputKind, Stage};

fn compile(name: &str, text: &str) -> Result<Compilation, Failure> {
    compile_text(
        name,
        text,
        InputKind::Glsl,
        Some(Stage::Fragment),
        &CompileOptions::default(),
    )
}

/// The names of the globals sampled by each `ImageSample` of the entry point, in order.
fn sampled(c: &Compilation) -> Vec<String> {
    let module = &c.parsed.module;
    let f = &module.entry_points[0].function;
    let global = |h: naga::Handle<naga::Expression>| match f.expressions[h] {
        naga::Expression::GlobalVariable(g) => module.global_variables[g].name.clone(),
        _ => None,
    };
    // prism's entry point wraps the user's `main`: look at every function.
    let mut out = Vec::new();
    for (_, func) in module.functions.iter() {
        for (_, e) in func.expressions.iter() {
            if let naga::Expression::ImageSample { image, .. } = e {
                if let naga::Expression::GlobalVariable(g) = func.expressions[*image] {
                    out.extend(module.global_variables[g].name.clone());
                }
            }
        }
    }
    for (_, e) in f.expressions.iter() {
        if let naga::Expression::ImageSample { image, .. } = e {
            out.extend(global(*image));
        }
    }
    out
}

fn first_error_line(f: &Failure, text: &str) -> (String, usize) {
    let d = &f.diagnostics[0];
    let start = d.labels[0].range.start;
    (
        d.code.clone().unwrap_or_default(),
        text[..start].matches('\n').count() + 1,
    )
}

const THREE: &str = "precision highp float;
#define N 3
uniform sampler2D shadowMap[N];
varying vec2 vUv;
float lookup(sampler2D map, vec2 uv) { return texture2D(map, uv).r; }
void main() {
    float s = 0.0;
    for (int i = 0; i < N; i++) {
        s += texture2D(shadowMap[i], vUv).r * lookup(shadowMap[i], vUv * float(i));
    }
    gl_FragColor = vec4(s);
}
";

#[test]
fn a_loop_index_selects_one_texture_per_element() {
    let c = compile("three.frag", THREE).unwrap_or_else(|f| panic!("{f:?}"));
    for target in [
        Target::Spirv,
        Target::Hlsl,
        Target::Msl,
        Target::Glsl,
        Target::Wgsl,
    ] {
        c.emit(target)
            .unwrap_or_else(|e| panic!("{target:?}: {e:?}"));
    }
    let mut names = sampled(&c);
    names.sort();
    // `main` samples each element once (the selection's leaves), `lookup` its parameter.
    let elements: Vec<&String> = names
        .iter()
        .filter(|n| n.starts_with("shadowMap_"))
        .collect();
    assert_eq!(
        elements,
        ["shadowMap_0", "shadowMap_1", "shadowMap_2"]
            .iter()
            .collect::<Vec<_>>(),
        "{names:?}"
    );
    let textures: Vec<&str> = c
        .parsed
        .bindings
        .iter()
        .filter(|b| b.kind == prism::front::glsl::dialect::BindingKind::Texture)
        .map(|b| b.name.as_str())
        .collect();
    assert_eq!(textures, ["shadowMap_0", "shadowMap_1", "shadowMap_2"]);
}

#[test]
fn webgl1_refuses_an_index_that_is_not_a_constant_index_expression() {
    let text = "precision mediump float;\nuniform sampler2D maps[4];\nuniform int which;\nvarying vec2 vUv;\nvoid main() {\n    gl_FragColor = texture2D(maps[which], vUv);\n}\n";
    let f = compile("dynamic.frag", text).err().expect("refused");
    assert_eq!(first_error_line(&f, text), ("E-DIALECT".to_string(), 6));
    assert!(f.diagnostics[0]
        .message
        .contains("constant-index-expression"));
}

#[test]
fn webgl2_refuses_a_loop_index_as_glslang_does() {
    let text = "#version 300 es\nprecision mediump float;\nuniform sampler2D maps[2];\nin vec2 vUv;\nout vec4 o;\nvoid main() {\n    o = vec4(0.0);\n    for (int i = 0; i < 2; i++) o += texture(maps[i], vUv);\n}\n";
    let f = compile("loop.frag", text).err().expect("refused");
    assert_eq!(first_error_line(&f, text), ("E-DIALECT".to_string(), 8));
    // A constant integral expression is fine.
    let constant = text.replace("maps[i]", "maps[1 - 1]");
    let c = compile("const.frag", &constant).unwrap_or_else(|f| panic!("{f:?}"));
    let names = sampled(&c);
    assert!(names.contains(&"maps_0".to_string()), "{names:?}");
}

#[test]
fn vulkan_shadow_arrays_take_any_index() {
    let text = "#version 450\nlayout(set = 0, binding = 0) uniform sampler2DShadow maps[2];\nlayout(push_constant) uniform P { int k; } pc;\nlayout(location = 0) in vec3 p;\nlayout(location = 0) out vec4 o;\nvoid main() { o = vec4(texture(maps[pc.k], p)); }\n";
    let c = compile("shadow.frag", text).unwrap_or_else(|f| panic!("{f:?}"));
    let mut names = sampled(&c);
    names.sort();
    assert_eq!(names, ["maps_0", "maps_1"]);
}
