//! 16-bit floats (`float16_t`, `f16vecN`, `1.0hf`): what naga's GLSL reader lacks and prism
//! supplies (literals, GLSL's widening conversions, built-ins on 16-bit values), the errors
//! glslang gives for what GLSL forbids (implicit narrowing, 16-bit floats with integers,
//! ambiguous built-in calls, WebGL, no extension), and located errors for what naga's IR or
//! writers cannot hold.

use prism::back::Target;
use prism::pipeline::{compile_text, CompileOptions, Failure};
use prism::shader::{InputKind, Stage};

const HEAD: &str = "#version 450\n#extension GL_EXT_shader_explicit_arithmetic_types_float16 : require\nlayout(location = 0) in vec4 inColor;\nlayout(location = 0) out vec4 outColor;\n";

fn compile(body: &str) -> Result<prism::pipeline::Compilation, Failure> {
    compile_text(
        "half.frag",
        &format!("{HEAD}{body}"),
        InputKind::Glsl,
        Some(Stage::Fragment),
        &CompileOptions::default(),
    )
}

fn text(body: &str, target: Target) -> String {
    let compiled = compile(body).unwrap_or_else(|f| panic!("{body}: {f:?}"));
    let out = compiled
        .emit(target)
        .unwrap_or_else(|d| panic!("{body} to {target:?}: {d:?}"));
    out.as_text().expect("text").to_string()
}

/// The first error's code, message and (line, column).
fn error(body: &str) -> (String, String, (usize, usize)) {
    let failure = match compile(body) {
        Ok(_) => panic!("compiled, expected an error:\n{body}"),
        Err(f) => f,
    };
    let first = &failure.diagnostics[0];
    let label = first.labels.first().expect("located");
    let loc = prism::source::Loc {
        file: label.file_id,
        start: label.range.start as u32,
        end: label.range.end as u32,
    };
    (
        first.code.clone().unwrap_or_default(),
        first.message.clone(),
        failure.files.line_col(loc),
    )
}

#[test]
fn hf_literals_are_16_bit_constants() {
    let wgsl = text(
        "const float16_t K = 0.5hf;\nvoid main() { float16_t h = 2.0HF * K + 1.hf; outColor = vec4(float(h)); }\n",
        Target::Wgsl,
    );
    assert!(wgsl.contains("enable f16;"), "{wgsl}");
    assert!(wgsl.contains("const K: f16 = 0.5h;"), "{wgsl}");
}

#[test]
fn a_16_bit_operand_widens_where_it_meets_a_float() {
    // GLSL: `h * 3.0` is `float(h) * 3.0`; naga alone would narrow 3.0 to 16 bits.
    let wgsl = text(
        "float g(float x) { return x; }\nvoid main() { float16_t h = float16_t(inColor.x);\n  float x = h * 3.0;\n  vec3 v = f16vec3(inColor.rgb) + inColor.gba;\n  outColor = vec4(v, g(h) + x + pow(h, 2.0)); }\n",
        Target::Wgsl,
    );
    assert!(wgsl.contains("3f"), "{wgsl}");
    assert!(!wgsl.contains("3h"), "narrowed instead of widened:\n{wgsl}");
    assert!(!wgsl.contains("2h"), "pow's 2.0 narrowed:\n{wgsl}");
}

#[test]
fn built_ins_on_16_bit_values_stay_16_bit() {
    let body = "void main() { f16vec3 c = f16vec3(inColor.rgb);\n  f16vec3 n = normalize(c);\n  float16_t d = dot(n, c);\n  f16vec3 m = mix(n, clamp(c, 0.0hf, 1.0hf), d);\n  outColor = vec4(m, length(m)); }\n";
    let hlsl = text(body, Target::Hlsl);
    for call in ["normalize(", "dot(", "lerp(", "clamp("] {
        assert!(hlsl.contains(call), "{call} missing:\n{hlsl}");
    }
    // The overloads compute on `half`, not through `float`.
    assert!(!hlsl.contains("float3(prism_f16_a"), "{hlsl}");
    let spirv = text(body, Target::SpirvAsm);
    assert!(spirv.contains("OpCapability Float16"), "{spirv}");
}

#[test]
fn packing_16_bit_pairs() {
    let wgsl = text(
        "void main() { uint p = packFloat2x16(f16vec2(inColor.xy));\n  f16vec2 u = unpackFloat2x16(p);\n  outColor = vec4(u, u); }\n",
        Target::Wgsl,
    );
    assert!(wgsl.contains("pack2x16float"), "{wgsl}");
    assert!(wgsl.contains("unpack2x16float"), "{wgsl}");
}

#[test]
fn what_glsl_forbids_is_an_error_where_glslang_puts_it() {
    let cases: &[(&str, &str, usize)] = &[
        (
            "void main() {\n  float16_t g = 0.5;\n  outColor = vec4(g); }\n",
            "cannot convert from `float` to `float16_t`",
            6,
        ),
        (
            "void main() { float16_t g = float16_t(1);\n  g += 1.0;\n  outColor = vec4(g); }\n",
            "cannot convert",
            6,
        ),
        (
            "void main() { f16vec4 c = f16vec4(inColor);\n  outColor = vec4(c * 2); }\n",
            "no implicit conversion",
            6,
        ),
        (
            "void main() { f16vec3 c = f16vec3(inColor.rgb);\n  outColor = vec4(clamp(c, 0.0, 1.0), 1.0); }\n",
            "ambiguous",
            6,
        ),
        (
            "float16_t half_of(float16_t x) { return x * 0.5hf; }\nvoid main() { outColor = vec4(half_of(inColor.x)); }\n",
            "cannot convert",
            6,
        ),
    ];
    for (body, words, line) in cases {
        let (code, message, at) = error(body);
        assert_eq!(code, "E-DIALECT", "{body}: {message}");
        assert!(message.contains(words), "{body}: {message}");
        assert_eq!(at.0, *line, "{body}: {message}");
    }
}

#[test]
fn webgl_and_missing_extensions_have_no_16_bit_floats() {
    let webgl2 = "#version 300 es\nprecision mediump float;\nout vec4 o;\nvoid main() { float16_t h = float16_t(0.5); o = vec4(float(h)); }\n";
    let Err(failure) = compile_text(
        "w.frag",
        webgl2,
        InputKind::Glsl,
        Some(Stage::Fragment),
        &CompileOptions::default(),
    ) else {
        panic!("WebGL 2 has no float16_t");
    };
    assert!(failure.diagnostics[0].message.contains("WebGL 2"));
    let plain =
        "#version 450\nlayout(location = 0) out vec4 o;\nvoid main() { o = vec4(1.0hf); }\n";
    let Err(failure) = compile_text(
        "p.frag",
        plain,
        InputKind::Glsl,
        Some(Stage::Fragment),
        &CompileOptions::default(),
    ) else {
        panic!("no extension");
    };
    assert!(failure.diagnostics[0].message.contains("extension"));
}

#[test]
fn what_naga_cannot_hold_is_unsupported_at_the_member() {
    let push = "layout(push_constant) uniform P { float16_t gain; } pc;\nvoid main() { outColor = inColor * float(pc.gain); }\n";
    let (code, message, at) = error(push);
    assert_eq!(code, "E-UNSUPPORTED", "{message}");
    assert!(message.contains("push-constant"), "{message}");
    assert_eq!(at, (5, 35));
    let std140 = "layout(binding = 0) uniform M { f16mat3 basis; };\nvoid main() { outColor = vec4(vec3(basis[0]), 1.0); }\n";
    let (code, message, at) = error(std140);
    assert_eq!(code, "E-UNSUPPORTED", "{message}");
    assert!(message.contains("std140"), "{message}");
    assert_eq!(at, (5, 33));
}

#[test]
fn writers_that_cannot_write_them_refuse_at_the_line() {
    let compiled = compile(
        "void main() {\n  float16_t h = float16_t(inColor.x);\n  outColor = vec4(float(h)); }\n",
    )
    .unwrap_or_else(|f| panic!("{f:?}"));
    let refused = compiled
        .emit(Target::Glsl)
        .expect_err("GLSL has no f16 in naga");
    assert_eq!(refused.code.as_deref(), Some("E-TARGET"));
    assert!(refused.message.contains("16-bit"), "{}", refused.message);
    // A 16-bit member 2 bytes after the end of the one before it: DXC would pack it early.
    let gapped = compile("layout(binding = 0) uniform U { float16_t a; f16vec2 b; };\nvoid main() { outColor = vec4(float(a), vec2(b), 1.0); }\n")
        .unwrap_or_else(|f| panic!("{f:?}"));
    let refused = gapped.emit(Target::Hlsl).expect_err("cbuffer packing");
    assert_eq!(refused.code.as_deref(), Some("E-TARGET"));
    for target in [Target::Spirv, Target::Msl, Target::Wgsl] {
        gapped
            .emit(target)
            .unwrap_or_else(|d| panic!("{target:?}: {d:?}"));
    }
}
