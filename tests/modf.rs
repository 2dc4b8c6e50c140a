//! `modf(x, out i)`: naga's GLSL reader lacks it; prism's overload computes `i = trunc(x)`,
//! returns `x - i`, and only the overloads a shader calls reach the output.

use prism::back::Target;
use prism::pipeline::{compile_text, CompileOptions};
use prism::shader::{InputKind, Stage};

fn wgsl(name: &str, text: &str) -> String {
    let c = compile_text(
        name,
        text,
        InputKind::Glsl,
        Some(Stage::Fragment),
        &CompileOptions::default(),
    )
    .unwrap_or_else(|f| panic!("{name}: {f:?}"));
    let out = c.emit(Target::Wgsl).expect("wgsl");
    out.as_text().expect("text").to_string()
}

#[test]
fn modf_is_trunc_and_the_remainder() {
    let text = wgsl(
        "modf.frag",
        "#version 300 es\nprecision highp float;\nin vec2 uv;\nout vec4 o;\nvoid main() {\n  vec2 ip;\n  vec2 fp = modf(uv * 4.0, ip);\n  o = vec4(fp, ip);\n}\n",
    );
    assert!(text.contains("trunc("), "{text}");
    assert_eq!(
        text.matches("fn prism_modf").count(),
        1,
        "unused overloads left:\n{text}"
    );
    assert!(text.contains("-> vec2<f32>"), "{text}");
}

#[test]
fn a_webgl1_function_named_modf_is_the_users() {
    let text = wgsl(
        "own_modf.frag",
        "precision mediump float;\nvarying vec2 uv;\nfloat modf(float x) { return x * 2.0; }\nvoid main() { gl_FragColor = vec4(modf(uv.x)); }\n",
    );
    assert!(!text.contains("prism_modf"), "{text}");
    assert!(!text.contains("trunc("), "{text}");
}
