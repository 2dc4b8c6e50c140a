//! Declarations and function ends that naga's GLSL reader gets wrong on its own, in the forms
//! fuzzed and hand-written ES 3.x shaders use: several array declarators in one declaration,
//! arrays sized by their initializer, and functions that can fall off their end.

use prism::back::Target;
use prism::pipeline::{compile_text, Compilation, CompileOptions};
use prism::shader::{InputKind, Stage};

fn compile(name: &str, text: &str) -> Compilation {
    compile_text(
        name,
        text,
        InputKind::Glsl,
        Some(Stage::Fragment),
        &CompileOptions::default(),
    )
    .unwrap_or_else(|f| {
        let messages: Vec<String> = f.diagnostics.iter().map(|d| d.message.clone()).collect();
        panic!("{name}: {messages:?}")
    })
}

fn spirv_asm(c: &Compilation) -> String {
    c.emit(Target::SpirvAsm)
        .expect("spirv")
        .as_text()
        .expect("text")
        .to_string()
}

#[test]
fn each_array_declarator_keeps_its_own_size() {
    let c = compile(
        "sizes.frag",
        "#version 310 es\nprecision highp float;\nlayout(location = 0) out vec4 o;\n\
         int a[2], b[3];\nvoid main() {\n  float x[4], y;\n  y = float(b.length() + x.length());\n  \
         o = vec4(y);\n}\n",
    );
    let asm = spirv_asm(&c);
    // naga alone typed `b` int[2] and `y` float[4]: b.length() + x.length() folded to 6, not 7.
    assert!(asm.contains("%float_7"), "{asm}");
    assert!(!asm.contains("%float_6"), "{asm}");
}

#[test]
fn an_unsized_array_takes_its_initializer_size() {
    let c = compile(
        "unsized.frag",
        "#version 300 es\nprecision highp float;\nout vec4 o;\n\
         const float k[] = float[](0.25, 0.5, 0.25);\nvoid main() {\n  vec2 p[] = vec2[](vec2(1.0), vec2(2.0));\n  \
         o = vec4(k[1], p[1], float(k.length()));\n}\n",
    );
    assert!(spirv_asm(&c).contains("%float_3"));
}

#[test]
fn falling_off_a_function_returns_zero_with_a_warning() {
    let c = compile(
        "fall.frag",
        "#version 310 es\nprecision highp float;\nlayout(location = 0) out vec4 o;\n\
         float f(float x) {\n  if (x > 0.0) return 1.0;\n}\nvoid main() { o = vec4(f(o.x)); }\n",
    );
    let warning = c
        .parsed
        .warnings
        .iter()
        .find(|d| d.message.contains("without returning a value"))
        .expect("a warning");
    assert!(warning.message.contains("`f`"), "{}", warning.message);
    let asm = spirv_asm(&c);
    let null = asm
        .lines()
        .find(|l| l.contains("OpConstantNull %float"))
        .and_then(|l| l.split_whitespace().next())
        .expect("a float zero");
    assert!(asm.contains(&format!("OpReturnValue {null}")), "{asm}");
}

#[test]
fn a_written_return_without_value_is_still_an_error() {
    let failure = compile_text(
        "bare.frag",
        "#version 450\nlayout(location = 0) out vec4 o;\n\
         float f(float x) { if (x > 0.0) return 1.0; return; }\nvoid main() { o = vec4(f(o.x)); }\n",
        InputKind::Glsl,
        Some(Stage::Fragment),
        &CompileOptions::default(),
    )
    .err()
    .expect("refused");
    assert!(!failure.diagnostics.is_empty());
}

#[test]
fn shared_and_packed_blocks_compile_as_std140() {
    // naga alone: "Unexpected qualifier" at `packed`.
    let c = compile(
        "packed.frag",
        "#version 300 es\nprecision highp float;\nlayout(packed) uniform A { vec3 a; float k; };\n\
         layout(shared) uniform B { vec4 b; };\nout vec4 o;\nvoid main() { o = vec4(a * k, 1.0) + b; }\n",
    );
    let asm = spirv_asm(&c);
    assert!(asm.contains("OpMemberDecorate %A 1 Offset 12"), "{asm}");
}
