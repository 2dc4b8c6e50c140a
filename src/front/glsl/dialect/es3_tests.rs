//! Tests of the GLSL ES 3.00 (WebGL 2) strict rules: the valid forms around each rule pass
//! (a false rejection is worse than a missed error), and the rules glslang does not check
//! before linking, or at all, but browsers (ANGLE) do, are reported where prism says. The
//! rules glslang checks have malformed fixtures, cross-checked in `tests/glslang_crosscheck.rs`.

use super::strict_tests::error_lines;
use crate::shader::Stage;

fn frag(source: &str) -> Vec<usize> {
    error_lines(source, Stage::Fragment)
}

fn vert(source: &str) -> Vec<usize> {
    error_lines(source, Stage::Vertex)
}

#[test]
fn valid_layouts_pass() {
    let source = "#version 300 es
precision mediump float;
layout(std140, row_major) uniform;
layout(packed, column_major) uniform A { layout(row_major) mat4 m; vec4 v; };
layout(shared) uniform B { mat3 n; } b;
layout(location = 0) out vec4 o;
layout(location = 3) out vec4 p[2];
void main() { o = m[0] + v + vec4(b.n[0], 1.0); p[0] = o; p[1] = o; }
";
    assert_eq!(frag(source), Vec::<usize>::new());
    let vertex = "#version 300 es
layout(location = 0) in mat4 model;
layout(location = 4) in vec4 position;
in vec2 uv;
out vec2 vUv;
flat out int vId;
smooth centroid out vec4 vColor;
invariant out vec4 vKept;
invariant gl_Position;
void main() { vUv = uv; vId = gl_InstanceID; vColor = position; vKept = position; gl_Position = model * position; }
";
    assert_eq!(vert(vertex), Vec::<usize>::new());
}

#[test]
fn valid_declarations_and_scopes_pass() {
    let source = "#version 300 es
precision mediump float;
precision highp int;
uniform highp sampler2D t;
struct Light { vec3 color; lowp float k; };
uniform Lights { Light lights[2]; };
in vec2 vUv;
flat in ivec2 vCell;
out vec4 o;
const int N = 2;
float f(const in float x, highp float y);
float f(const in float x, highp float y) { return x * y; }
float[2] pair() { return float[2](1.0, 2.0); }
void main() {
  float x = 1.0;
  { float x = 2.0; o = vec4(x); }
  for (int i = 0; i < N; i++) { float y = float(i); o += vec4(y); }
  for (int i = 0; i < N; i++) { o += vec4(lights[i].color, 1.0); }
  float sin2 = sin(x);
  int m = vCell.x % 3;
  float r = vCell.y > 0 ? 1.0 : 0.5;
  switch (m) { case 0: case N: o *= 2.0; break; case -1: break; default: o += vec4(r); }
  o += textureOffset(t, vUv, ivec2(-8, 7)) * f(sin2, pair()[1]);
}
";
    assert_eq!(frag(source), Vec::<usize>::new());
}

#[test]
fn several_fragment_outputs_need_locations_as_in_browsers() {
    // glslang reports this only when linking, without a line; ANGLE at compile time.
    let source = "#version 300 es
precision mediump float;
layout(location = 0) out vec4 a;
out vec4 b;
void main() { a = vec4(1.0); b = a; }
";
    assert_eq!(frag(source), vec![4]);
    let one = "#version 300 es
precision mediump float;
out vec4 a;
void main() { a = vec4(1.0); }
";
    assert_eq!(frag(one), Vec::<usize>::new());
}

#[test]
fn webgl_reserved_names_as_in_browsers() {
    // glslang accepts these in ES 3.00; ANGLE rejects them in WebGL.
    let source = "#version 300 es
precision mediump float;
out vec4 o;
float my__helper(float x) { return x; }
void main() {
  float webgl_scale = 2.0;
  o = vec4(my__helper(webgl_scale));
}
";
    assert_eq!(frag(source), vec![4, 6]);
}

#[test]
fn struct_varyings_with_bools_are_rejected_at_the_declaration() {
    // glslang lets it through; the specification (ES 3.00 §4.3.6) and naga do not.
    let source = "#version 300 es
struct S { bool on; vec4 c; };
in vec4 p;
out S s;
void main() { s.on = true; s.c = p; gl_Position = p; }
";
    assert_eq!(vert(source), vec![4]);
}

#[test]
fn extensions_add_their_built_ins() {
    let source = "#version 300 es
#extension GL_OES_sample_variables : require
precision mediump float;
out vec4 o;
void main() { gl_SampleMask[0] = 1; o = vec4(float(gl_SampleID)); }
";
    assert_eq!(frag(source), Vec::<usize>::new());
    let missing = "#version 300 es
precision mediump float;
out vec4 o;
void main() { o = vec4(float(gl_SampleID)); }
";
    assert_eq!(frag(missing), vec![4]);
}

#[test]
fn es310_keeps_its_own_rules() {
    // The ES 3.00 limits (locations on varyings, arrays of arrays, ...) are not ES 3.10's.
    let source = "#version 310 es
precision mediump float;
layout(location = 2) in vec2 vUv;
layout(location = 0) out vec4 o;
void main() { o = vec4(vUv, 0.0, 1.0); }
";
    assert_eq!(frag(source), Vec::<usize>::new());
}
