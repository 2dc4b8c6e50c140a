//! Tests of the strict rules (`strict`, `loops`, `gating`, `decl_rules`, `conversions`): each
//! rule rejects what glslang rejects on the same line, and leaves the valid forms around it
//! alone (a false rejection of a valid shader is worse than a missed error).

use super::strict;
use super::version::detect;
use crate::front::glsl::preprocess::{preprocess, PreprocessOptions};
use crate::shader::Stage;
use crate::source::{SourceFile, SourceFiles};

/// The 1-based lines of the strict errors in `source` (preprocess errors count too).
pub(super) fn error_lines(source: &str, stage: Stage) -> Vec<usize> {
    let mut files = SourceFiles::new();
    let root = files.add(SourceFile::new("t.glsl", None, source));
    let options = PreprocessOptions {
        no_version_is_es: true,
        ..PreprocessOptions::default()
    };
    let line = |d: &crate::diagnostic::Diagnostic| {
        let start = d.labels.first().map_or(0, |l| l.range.start);
        source[..start].matches('\n').count() + 1
    };
    let pre = match preprocess(&mut files, root, &options) {
        Ok(pre) => pre,
        Err(errors) => return errors.iter().map(line).collect(),
    };
    let dialect = detect(pre.version.as_ref()).expect("a known version");
    strict::check(&pre, dialect, stage)
        .iter()
        .map(line)
        .collect()
}

fn frag(source: &str) -> Vec<usize> {
    error_lines(source, Stage::Fragment)
}

#[test]
fn appendix_a_loops_that_browsers_accept_pass() {
    let source = "precision mediump float;
uniform vec4 c[4];
const int N = 4;
#define COUNT 4
void main() {
  vec4 s = vec4(0.0);
  const int M = 3;
  for (int i = 0; i < N + 0; i++) { s += c[i]; }
  for (float f = 0.0; f < 2.0; f += 0.5) { s.x += f; }
  for (int j = 3; j >= 0; j -= 1) { s += c[j]; }
  for (int k = 0; k != COUNT; ++k) { if (k == 2) continue; s += c[k]; }
  for (int m = int(2.0); m < M; m++) { int q = m; q++; s += c[q]; }
  for (int i = 0; i < 4; i++) { for (int j = 0; j < 2; j++) { s += c[i] * float(j); } }
  gl_FragColor = s;
}
";
    assert_eq!(frag(source), Vec::<usize>::new());
}

#[test]
fn appendix_a_loops_are_rejected_where_glslang_says() {
    let source = "precision mediump float;
uniform int n;
void bump(inout int k) { k++; }
void main() {
  float x = 0.0;
  while (x < 1.0) { x += 0.1; }
  do { x -= 0.1; } while (x > 0.0);
  for (int i = 0; i < n; i++) { x += 1.0; }
  for (int i = 0; i < 4; i = i + 1) { x += 1.0; }
  int k;
  for (k = 0; k < 4; k++) { x += 1.0; }
  for (int i = 0; i < 4; i++) {
    i += 1;
  }
  for (int i = 0; i < 4; i++) { bump(i); }
  gl_FragColor = vec4(x);
}
";
    assert_eq!(frag(source), vec![6, 7, 8, 9, 11, 13, 15]);
}

#[test]
fn appendix_a_is_webgl1_only() {
    let source = "#version 300 es
precision mediump float;
uniform int n;
out vec4 o;
void main() {
  float x = 0.0;
  while (x < 1.0) { x += 0.1; }
  for (int i = 0; i < n; i++) { x += 1.0; }
  o = vec4(x);
}
";
    assert_eq!(frag(source), Vec::<usize>::new());
}

#[test]
fn es_operands_of_one_kind_pass() {
    let source = "#version 300 es
precision highp float;
precision highp int;
uniform float s;
uniform uint m;
uniform int n;
uniform vec3 v;
uniform sampler2D t;
struct L { vec3 c; int k; };
uniform L l;
out vec4 o;
float f(float x) { return x * 2.0; }
void main() {
  float a = s * 2.0 + float(n) * s;
  uint b = m & 1u;
  int c = n << 2u;
  uint d = m << 2 & m;
  float e = (s + 1.0) * 2.0;
  vec3 h = l.c * float(l.k) + vec3(1.0);
  int i = l.k * 2 + n % 3;
  float j = n > 2 ? 1.0 : 2.0;
  bool q = s < 2.0 && n == 3;
  float r = f(s * 3.0) * -s + max(s, 0.0) + pow(s, 2.0) + clamp(v.x, 0.0, 1.0);
  float w = texture(t, vec2(0.5)).r * 2.0 + gl_FragCoord.x * 0.5;
  float arr[2] = float[2](1.0, 2.0);
  arr[0] = arr[1] * s;
  int y = int(s) * n + min(n, 3);
  o = vec4(a + float(b + uint(c) + d) + e + h.x + float(i) + j + r + w + float(y), float(q), 0.0, 1.0);
}
";
    assert_eq!(frag(source), Vec::<usize>::new());
}

#[test]
fn es_implicit_conversions_are_rejected_where_glslang_says() {
    let source = "#version 300 es
precision highp float;
uniform float s;
uniform uint m;
out vec4 o;
float g(float x) { return 1; }
void main() {
  float a = s * 2;
  float b = 1;
  uint c = m + 1;
  a += 1;
  float d = pow(s, 2) + max(s,
    0);
  float e = g(3);
  o = vec4(a + b + d + e);
}
";
    assert_eq!(frag(source), vec![6, 8, 9, 10, 11, 12, 13, 14]);
}

#[test]
fn desktop_glsl_converts_int_to_float() {
    let source = "#version 330 core
uniform float s;
out vec4 o;
void main() { float a = s * 2; o = vec4(a + max(s, 0)); }
";
    assert_eq!(frag(source), Vec::<usize>::new());
}

#[test]
fn stage_and_version_gating() {
    let es1 = "precision mediump float;
uniform sampler2D t;
float round(float x) { return floor(x + 0.5); }
void main() {
  gl_Position = vec4(0.0);
  gl_FragColor = texture2DLod(t, vec2(0.0), 0.0) + vec4(round(0.5)) + vec4(transpose(mat2(1.0))[0], 0.0, 0.0);
}
";
    assert_eq!(frag(es1), vec![5, 6, 6]);
    let es3 = "#version 300 es
layout(location = 0) in vec4 p;
layout(std140, row_major) uniform B { mat4 m; };
layout(std140, binding = 1) uniform C { mat4 n; };
void main() {
  if (p.w < 0.0) discard;
  gl_Position = m * n * p + vec4(float(bitCount(1)));
  gl_PointSize = 1.0;
}
";
    assert_eq!(error_lines(es3, Stage::Vertex), vec![4, 6, 7]);
}

#[test]
fn declaration_rules() {
    let es3 = "#version 300 es
precision mediump float;
precision highp sampler2DArray;
uniform float a;
uniform float b = 1.0;
uniform sampler2DArray arr;
uniform mediump isampler2D ids;
uniform sampler3D vol;
const vec4 w = normalize(vec4(1.0));
const float z = length(w) + float(3) + a;
const float k[2] = float[2](1.0, 2.0);
struct S { vec4 c; };
out S s;
void main() { const int n = k.length(); s.c = vec4(z); }
";
    assert_eq!(frag(es3), vec![5, 8, 10, 13]);
}

#[test]
fn preprocessor_reserved_names_and_extension_all() {
    let source = "precision mediump float;
#extension all : warn
#extension all : require
#define GL_MINE 1
#undef GL_ES
void main() { gl_FragColor = vec4(1.0); }
";
    assert_eq!(frag(source), vec![3, 4, 5]);
}

#[test]
fn constructors_count_their_components() {
    let source = "precision mediump float;
uniform vec3 v;
uniform vec4 w;
uniform mat3 m;
void main() {
  vec4 a = vec4(v, 1.0) + vec4(w.xy, v.z, 1.0) + vec4(1.0) + vec4(m[0], 0.0);
  vec2 b = vec2(w) + vec2(w.x, 1.0);
  mat2 c = mat2(1.0, 0.0, 0.0, 1.0) * mat2(w) * mat2(m);
  vec3 d = vec3(v.xy, m[1][2]);
  vec4 e = vec4(v);
  vec4 f = vec4(v, 1.0, 2.0);
  gl_FragColor = a + vec4(b, c[0]) + vec4(d, 1.0) + e + f;
}
";
    assert_eq!(frag(source), vec![10, 11]);
}

#[test]
fn initializers_of_globals_inputs_and_consts() {
    let es3 = "#version 300 es
precision mediump float;
uniform float u;
const float K = 2.0;
float g = K * 3.0;
float h = u;
in float vIn = 1.0;
const float z;
out vec4 o;
void main() { o = vec4(g + h + vIn); }
";
    assert_eq!(frag(es3), vec![6, 7, 8]);
    // ANGLE accepts non-constant global initializers in ES 1.00 (with a warning).
    let es1 = "precision mediump float;
uniform float u;
float h = u * 2.0;
void main() { gl_FragColor = vec4(h); }
";
    assert_eq!(frag(es1), Vec::<usize>::new());
}

#[test]
fn layout_is_an_identifier_in_es100() {
    let source = "precision mediump float;
float layout(float x) { return x; }
void main() {
  float sample = 1.0;
  gl_FragColor = vec4(layout(sample));
}
";
    assert_eq!(frag(source), Vec::<usize>::new());
    assert_eq!(
        frag("precision mediump float;\nlayout(location = 0) varying vec2 v;\nvoid main() { gl_FragColor = vec4(v, 0.0, 1.0); }\n"),
        vec![2]
    );
}

#[test]
fn user_overloads_of_built_ins() {
    // ES 1.00 allows new overloads of a built-in; calls of the built-in stay unchecked.
    let es1 = "precision mediump float;
uniform float u;
int mod(int a, int b) { return a - (a / b) * b; }
void main() { gl_FragColor = vec4(float(mod(3, 2)) + mod(u, 2.0)); }
";
    assert_eq!(frag(es1), Vec::<usize>::new());
    let es3 = "#version 300 es
precision mediump float;
out vec4 o;
float max(vec3 v) { return max(max(v.x, v.y), v.z); }
float luminance(vec3 c) { return dot(c, vec3(0.3, 0.6, 0.1)); }
void main() { o = vec4(max(vec3(1.0)) + luminance(vec3(1.0))); }
";
    assert_eq!(frag(es3), vec![4]);
}

#[test]
fn precision_statements_and_struct_redefinitions() {
    let source = "precision mediump vec4;
precision highp float;
precision lowp sampler2D;
struct S { float a; };
struct S { float b; };
void main() { struct T { float c; }; gl_FragColor = vec4(1.0); }
";
    assert_eq!(frag(source), vec![1, 5]);
}
