//! `texture` & co. of integer textures: a fetch of the texel the coordinate falls in, with a
//! warning at each call; the forms a fetch cannot stand for stay located refusals.

use prism::back::Target;
use prism::pipeline::{compile_text, CompileOptions};
use prism::shader::{InputKind, Stage};

const PRELUDE: &str = "#version 300 es\nprecision highp float;\nprecision highp int;\n\
    uniform highp usampler2D ids;\nin vec2 uv;\nout uvec4 o;\n";

fn compile(body: &str) -> Result<prism::pipeline::Compilation, prism::pipeline::Failure> {
    compile_text(
        "ids.frag",
        &format!("{PRELUDE}void main() {{ {body} }}\n"),
        InputKind::Glsl,
        Some(Stage::Fragment),
        &CompileOptions::default(),
    )
}

#[test]
fn texture_of_an_integer_texture_fetches_the_clamped_texel_and_warns() {
    let c = compile("o = texture(ids, uv);").unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    let warning = c
        .parsed
        .warnings
        .iter()
        .find(|d| d.message.contains("integer texture"))
        .expect("a warning at the call");
    assert!(
        warning.message.contains("CLAMP_TO_EDGE"),
        "{}",
        warning.message
    );
    let wgsl = c.emit(Target::Wgsl).unwrap().as_text().unwrap().to_string();
    assert!(wgsl.contains("textureLoad("), "{wgsl}");
    assert!(wgsl.contains("clamp("), "{wgsl}");
    assert!(!wgsl.contains("textureSample"), "{wgsl}");
    // Only the overload the shader calls is left.
    assert_eq!(wgsl.matches("fn prism_texel").count(), 1, "{wgsl}");
}

#[test]
fn forms_a_fetch_cannot_stand_for_stay_refused_at_the_call() {
    for body in [
        "o = textureGrad(ids, uv, vec2(0.01), vec2(0.01));",
        "o = textureProj(ids, vec3(uv, 1.0));",
        "o = texture(ids, uv, 1.0);",
    ] {
        let failure = compile(body)
            .err()
            .unwrap_or_else(|| panic!("{body} compiled"));
        let first = &failure.diagnostics[0];
        assert_eq!(
            first.code.as_deref(),
            Some("E-UNSUPPORTED"),
            "{body}: {}",
            first.message
        );
        assert!(
            first.message.contains("integer texture"),
            "{body}: {}",
            first.message
        );
    }
}
