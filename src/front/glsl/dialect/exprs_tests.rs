//! Tests of the expression typer ([`super::exprs`]).

use super::exprs::{scalar_type_of, type_of};
use super::types::Types;
use crate::front::glsl::preprocess::TokenKind;
use crate::front::glsl::preprocess::{preprocess, PreprocessOptions};
use crate::source::{SourceFile, SourceFiles};

const DECLS: &str = "struct L { vec3 c; mat3 m; float k[2]; }; uniform L l; uniform L ls[2]; \
    uniform vec4 v; uniform mat4 m4; uniform mat3x2 m32; uniform float f; uniform int i; \
    uniform sampler2D s; uniform sampler2DShadow sh; uniform isampler2D si; \
    L make(float x) { return l; } float g(float x) { return x; } \
    vec2 h(vec2 a) { return a; } vec3 h(vec3 a) { return a; }";

/// The type of `expr`, declared after [`DECLS`], as text (`[]` for an array).
fn ty(expr: &str) -> Option<String> {
    ty_after(DECLS, expr)
}

/// The type of `expr` in `main`, declared after `decls`.
fn ty_after(decls: &str, expr: &str) -> Option<String> {
    let source = format!("{decls} void main() {{ x = {expr} ; }}");
    let mut files = SourceFiles::new();
    let root = files.add(SourceFile::new("t.frag", None, &source));
    let tokens = match preprocess(&mut files, root, &PreprocessOptions::default()) {
        Ok(pre) => pre.tokens,
        Err(e) => panic!("preprocess failed: {e:?}"),
    };
    let eq = tokens.iter().rposition(|t| t.is_punct("="))?;
    let end = tokens.iter().rposition(|t| t.is_punct(";"))?;
    let types = Types::of(&tokens);
    type_of(&types, &tokens, eq + 1..end).map(
        |d| {
            if d.array {
                format!("{}[]", d.ty)
            } else {
                d.ty
            }
        },
    )
}

#[test]
fn types_literals_names_members_and_swizzles() {
    assert_eq!(ty("1.0").as_deref(), Some("float"));
    assert_eq!(ty("3").as_deref(), Some("int"));
    assert_eq!(ty("3u").as_deref(), Some("uint"));
    assert_eq!(ty("true").as_deref(), Some("bool"));
    assert_eq!(ty("l.c.x").as_deref(), Some("float"));
    assert_eq!(ty("ls[i + 1].c.xy").as_deref(), Some("vec2"));
    assert_eq!(ty("l.k").as_deref(), Some("float[]"));
    assert_eq!(ty("l.k[0]").as_deref(), Some("float"));
    assert_eq!(ty("l.m[1]").as_deref(), Some("vec3"));
    assert_eq!(ty("m4[0][1]").as_deref(), Some("float"));
    assert_eq!(ty("vec3(1.0).zx").as_deref(), Some("vec2"));
    assert_eq!(ty("ls.length()").as_deref(), Some("int"));
    assert_eq!(ty("unknown"), None);
    assert_eq!(ty("l.missing"), None);
}

#[test]
fn types_calls() {
    assert_eq!(ty("make(f)").as_deref(), Some("L"));
    assert_eq!(ty("make(f).c").as_deref(), Some("vec3"));
    assert_eq!(ty("g(2.0)").as_deref(), Some("float"));
    assert_eq!(ty("h(v.xy)"), None, "overloads that disagree");
    assert_eq!(
        ty("L(vec3(0.0), mat3(1.0), float[2](0.0, 1.0))").as_deref(),
        Some("L")
    );
    assert_eq!(ty("max(f, 0.1)").as_deref(), Some("float"));
    assert_eq!(ty("clamp(v.xyz, 0.0, 1.0)").as_deref(), Some("vec3"));
    assert_eq!(ty("step(0.5, v)").as_deref(), Some("vec4"));
    assert_eq!(ty("dot(v, v)").as_deref(), Some("float"));
    assert_eq!(ty("cross(v.xyz, v.xyz)").as_deref(), Some("vec3"));
    assert_eq!(ty("transpose(m32)").as_deref(), Some("mat2x3"));
    assert_eq!(ty("lessThan(v, v)").as_deref(), Some("bvec4"));
    assert_eq!(ty("texture(s, v.xy)").as_deref(), Some("vec4"));
    assert_eq!(ty("texture(sh, v.xyz)").as_deref(), Some("float"));
    assert_eq!(ty("texture(si, v.xy)").as_deref(), Some("ivec4"));
    assert_eq!(ty("mystery(1.0)"), None);
    assert_eq!(ty("gl_FragCoord.xy").as_deref(), Some("vec2"));
    assert_eq!(ty("gl_FragData[0]").as_deref(), Some("vec4"));
}

#[test]
fn scalar_types_of_float_only_builtins_need_no_argument_type() {
    let scalar = |expr: &str| {
        let source =
            format!("{DECLS} float dot(int a, int b) {{ return 1.0; }} void main() {{ }} {expr}");
        let mut files = SourceFiles::new();
        let root = files.add(SourceFile::new("t.frag", None, &source));
        let tokens = preprocess(&mut files, root, &PreprocessOptions::default())
            .map(|p| p.tokens)
            .unwrap_or_default();
        let start = tokens.len() - expr.split(' ').count();
        scalar_type_of(&Types::of(&tokens), &tokens, start..tokens.len())
    };
    assert_eq!(scalar("sin ( mystery )"), Some("float"));
    assert_eq!(scalar("normalize ( mystery ) . x"), Some("float"));
    assert_eq!(
        scalar("dot ( i , i )"),
        None,
        "the user's overload or the built-in"
    );
    assert_eq!(scalar("clamp ( i , 0 , 1 )"), Some("int"));
    assert_eq!(scalar("ls"), None, "an array");
}

#[test]
fn locals_are_typed_in_their_own_function() {
    let source = "struct H { float t; }; float g(float h) { return h; } \
        void main() { H h; x = h ; } vec2 h2; void k() { x = h2 ; x = h ; }";
    let mut files = SourceFiles::new();
    let root = files.add(SourceFile::new("t.frag", None, source));
    let tokens = match preprocess(&mut files, root, &PreprocessOptions::default()) {
        Ok(pre) => pre.tokens,
        Err(e) => panic!("preprocess failed: {e:?}"),
    };
    let types = Types::of(&tokens);
    let uses: Vec<usize> = (1..tokens.len())
        .filter(|&i| tokens[i - 1].is_punct("=") && tokens[i].kind == TokenKind::Ident)
        .collect();
    let at = |k: usize| type_of(&types, &tokens, uses[k]..uses[k] + 1).map(|d| d.ty);
    assert_eq!(
        at(0).as_deref(),
        Some("H"),
        "main's local, not g's parameter"
    );
    assert_eq!(at(1).as_deref(), Some("vec2"), "a global");
    assert_eq!(at(2), None, "k has no `h`: neither function's is visible");
}

#[test]
fn types_operators() {
    assert_eq!(ty("v * 2.0 - 1.0").as_deref(), Some("vec4"));
    assert_eq!(ty("2.0 * f").as_deref(), Some("float"));
    assert_eq!(ty("m4 * v").as_deref(), Some("vec4"));
    assert_eq!(ty("v.xyz * l.m").as_deref(), Some("vec3"));
    assert_eq!(ty("m32 * v.xyz").as_deref(), Some("vec2"));
    assert_eq!(ty("m4 * m4").as_deref(), Some("mat4"));
    assert_eq!(ty("-(f + 1.0)").as_deref(), Some("float"));
    assert_eq!(ty("f > 0.0 ? l : make(f)").as_deref(), Some("L"));
    assert_eq!(ty("f > 0.0 && i == 2").as_deref(), Some("bool"));
    assert_eq!(ty("!(f > 0.0)").as_deref(), Some("bool"));
    assert_eq!(ty("i << 2").as_deref(), Some("int"));
    assert_eq!(ty("v.xy * v.xyz"), None, "mismatched vectors");
}

#[test]
fn types_instances_of_structs_and_blocks() {
    let decls = "struct S { float w[3]; vec2 p; } s, ss[2]; \
        layout(binding = 0) uniform B { layout(offset = 0) vec4 a; float b[2]; } blk; \
        layout(binding = 1) uniform A { int anon; float taps[4]; }; \
        layout(binding = 2) buffer R { readonly mat3 rot; } rs[2];";
    let ty = |expr: &str| ty_after(decls, expr);
    assert_eq!(ty("s.w").as_deref(), Some("float[]"));
    assert_eq!(ty("ss[1].p.y").as_deref(), Some("float"));
    assert_eq!(ty("blk.a.xy").as_deref(), Some("vec2"));
    assert_eq!(ty("blk.b").as_deref(), Some("float[]"));
    assert_eq!(ty("anon").as_deref(), Some("int"));
    assert_eq!(ty("taps").as_deref(), Some("float[]"));
    assert_eq!(ty("rs[1].rot[0]").as_deref(), Some("vec3"));
    assert_eq!(
        ty("a"),
        None,
        "a member of a block with an instance is no variable"
    );
}

#[test]
fn types_scalar_swizzles_and_refuses_arrays_of_arrays() {
    let decls = "uniform float f; uniform int i; vec2 grid[2][3]; \
        struct T { float k[2][2]; }; uniform T t; float[2] pair() { return float[2](0.0, 1.0); }";
    let ty = |expr: &str| ty_after(decls, expr);
    assert_eq!(ty("f.xxx").as_deref(), Some("vec3"));
    assert_eq!(ty("f.r").as_deref(), Some("float"));
    assert_eq!(ty("i.ss").as_deref(), Some("ivec2"));
    assert_eq!(ty("max(f, 1.0).rr").as_deref(), Some("vec2"));
    assert_eq!(ty("f.x.xx").as_deref(), Some("vec2"));
    assert_eq!(ty("f.xy"), None, "a scalar has one component");
    assert_eq!(ty("grid[0][1].x"), None, "an element of an array of arrays");
    assert_eq!(ty("t.k[0][1]"), None);
    assert_eq!(ty("pair()[0]"), None, "a function returning an array");
}
