//! Desktop and Vulkan GLSL's implicit conversions that naga's reader misses (`return 0;` from
//! a `uint` function, `min(count, 256)`), and the `int` result GLSL gives `bitCount` of a
//! `uint`: each compiles for every target, with the conversion GLSL makes. GLSL ES converts
//! nothing, and its shaders keep failing; a desktop version without a conversion keeps
//! naga's error.

use prism::back::Target;
use prism::pipeline::{compile_text, Compilation, CompileOptions, Failure};
use prism::shader::{InputKind, Stage};

const TARGETS: &[Target] = &[
    Target::Spirv,
    Target::Hlsl,
    Target::Msl,
    Target::Glsl,
    Target::Wgsl,
];

fn compile(name: &str, stage: Stage, text: &str) -> Result<Compilation, Failure> {
    compile_text(
        name,
        text,
        InputKind::Glsl,
        Some(stage),
        &CompileOptions::default(),
    )
}

/// The WGSL of a shader that must compile for every target.
fn wgsl(name: &str, stage: Stage, text: &str) -> String {
    let c = compile(name, stage, text).unwrap_or_else(|f| panic!("{name}: {f:?}"));
    for &target in TARGETS {
        if let Err(e) = c.emit(target) {
            panic!("{name}: {target}: {}", e.message);
        }
    }
    let out = c.emit(Target::Wgsl).expect("wgsl");
    out.as_text().expect("text").to_string()
}

/// The first diagnostic's code and 1-based line of a shader that must fail.
fn failure(name: &str, stage: Stage, text: &str) -> (String, usize) {
    let Err(f) = compile(name, stage, text) else {
        panic!("{name} compiled; it must not");
    };
    let first = &f.diagnostics[0];
    let label = first.labels.first().expect("a located error");
    let loc = prism::source::Loc {
        file: label.file_id,
        start: label.range.start as u32,
        end: label.range.end as u32,
    };
    (f.kind().to_string(), f.files.line_col(loc).0)
}

const COMPUTE: &str = "#version 450\nlayout(local_size_x = 64) in;\n\
    layout(std430, binding = 0) buffer B { uint counts[]; };\n";

#[test]
fn return_values_take_the_declared_type() {
    let text = wgsl(
        "returns.comp",
        Stage::Compute,
        &format!(
            "{COMPUTE}uint bin(float v) {{ if (v < 0.0) return 0; return uint(v); }}\n\
             float half_of(int i) {{ return i / 2; }}\n\
             uvec2 pair(ivec2 p) {{ return p + 1; }}\n\
             void main() {{ uvec2 q = pair(ivec2(3)); counts[0] = bin(half_of(5)) + q.y; }}\n"
        ),
    );
    assert!(text.contains("return 0u;"), "{text}");
    assert!(text.contains("return f32(("), "{text}");
    assert!(text.contains("return vec2<u32>(("), "{text}");
}

#[test]
fn older_desktop_glsl_converts_integers_to_float_only() {
    let float = wgsl(
        "weights.frag",
        Stage::Fragment,
        "#version 330 core\nuniform uint frame;\nout vec4 o;\n\
         float weight(int tap) { if (tap == 0) return 1; return frame % 4u; }\n\
         void main() { o = vec4(weight(2)); }\n",
    );
    assert!(float.contains("return 1f;"), "{float}");
    assert!(float.contains("return f32(("), "{float}");
    // int -> uint needs GLSL 4.00: glslang rejects this, and naga's error stays.
    let (code, line) = failure(
        "uint_330.frag",
        Stage::Fragment,
        "#version 330 core\nout vec4 o;\nuint one() {\n  return 1;\n}\nvoid main() { o = vec4(one()); }\n",
    );
    assert_eq!((code.as_str(), line), ("E-VALID", 3));
}

#[test]
fn int_arguments_of_a_uint_built_in_become_uint() {
    let text = wgsl(
        "limits.comp",
        Stage::Compute,
        &format!(
            "{COMPUTE}void main() {{\n  uint n = min(counts[0], 256);\n  uint s = clamp(counts[1], 0, 15);\n\
             uvec2 v = max(uvec2(counts[2], counts[3]), 1);\n\
             bvec2 lt = lessThan(v, ivec2(4, 8));\n  int i = int(counts[4]);\n  uint m = min(i, n);\n\
             counts[5] = n + s + v.x + m + (lt.y ? 1u : 0u);\n}}\n"
        ),
    );
    for needle in [
        "min(_e", // min(counts[0], 256u)
        ", 256u)",
        ", 0u, 15u)",
        "max(vec2<u32>(",
        "< vec2<u32>(4u, 8u))",
        "min(u32(",
    ] {
        assert!(text.contains(needle), "no `{needle}` in\n{text}");
    }
}

#[test]
fn a_float_among_the_arguments_keeps_the_float_overload() {
    // `f * 2` is a float: converting it to uint would be a wrong rewrite.
    let text = wgsl(
        "mixed.comp",
        Stage::Compute,
        &format!(
            "{COMPUTE}layout(std430, binding = 1) buffer F {{ float f; }};\n\
             void main() {{ f = max(f * 2, counts[0]) + min(counts[1], 0.5); }}\n"
        ),
    );
    assert!(!text.contains("u32((_e"), "{text}");
    assert!(text.contains("max((_e"), "{text}");
}

#[test]
fn bit_count_of_a_uint_is_an_int() {
    let text = wgsl(
        "popcount.comp",
        Stage::Compute,
        &format!(
            "{COMPUTE}layout(std430, binding = 1) buffer O {{ int bits[]; }};\n\
             void main() {{\n  uint k = counts[gl_GlobalInvocationID.x];\n  int b = bitCount(k);\n\
             ivec2 h = bitCount(uvec2(k & 0xFFFFu, k >> 16));\n\
             bits[0] = b + h.x + ((bitCount(k) - 1 < 0) ? 1 : 0);\n  counts[1] = uvec4(bitCount(uvec4(k))).x;\n}}\n"
        ),
    );
    assert!(text.contains("b = i32(countOneBits("), "{text}");
    assert!(text.contains("vec2<i32>(countOneBits("), "{text}");
    // `bitCount(k) - 1 < 0`: an int subtraction, true for k == 0 (a uint one never is).
    assert!(text.contains("(i32(countOneBits(_e"), "{text}");
    // Converted straight back to `uvec4`: no round trip through `ivec4`.
    assert!(!text.contains("vec4<i32>(countOneBits"), "{text}");
}

#[test]
fn primitive_and_sample_ids_are_int() {
    let text = wgsl(
        "ids.frag",
        Stage::Fragment,
        "#version 450\nlayout(location = 0) out ivec2 o;\nvoid main() {\n\
         int p = gl_PrimitiveID - 1;\n  o = ivec2(-p, gl_SampleID % 2);\n}\n",
    );
    assert!(text.contains("i32("), "{text}");
}

#[test]
fn glsl_es_shaders_keep_failing() {
    // WebGL 2 has no implicit conversions: prism's ES checks report these, on their line.
    let (code, line) = failure(
        "return_es.frag",
        Stage::Fragment,
        "#version 300 es\nprecision highp float;\nout vec4 o;\nuint one() {\n  return 1;\n}\nvoid main() { o = vec4(one()); }\n",
    );
    assert_eq!((code.as_str(), line), ("E-DIALECT", 5));
    let (code, line) = failure(
        "min_es.frag",
        Stage::Fragment,
        "#version 300 es\nprecision highp float;\nuniform uint n;\nout vec4 o;\nvoid main() {\n  o = vec4(min(n, 4));\n}\n",
    );
    assert_eq!((code.as_str(), line), ("E-DIALECT", 6));
}
