//! Tests of `sampler_index`: the selection picks element k for index k, keeps lines, and
//! the dialect's index rules.

use super::*;
use crate::front::glsl::preprocess::{preprocess, PreprocessOptions};
use crate::source::{SourceFile, SourceFiles};

fn tokens(source: &str) -> Vec<Token> {
    let mut files = SourceFiles::new();
    let root = files.add(SourceFile::new("t.frag", None, source));
    match preprocess(&mut files, root, &PreprocessOptions::default()) {
        Ok(pre) => pre.tokens,
        Err(e) => panic!("preprocess failed: {e:?}"),
    }
}

fn texts(tokens: &[Token]) -> Vec<String> {
    tokens.iter().map(|t| t.text.clone()).collect()
}

/// Evaluates a selection as naga would for an index value `v`: the literal element the
/// taken leaf passes (`maps [ k ]`), and the number of leaves.
fn eval(t: &[String], v: i64) -> (i64, usize) {
    fn node(t: &[String], at: &mut usize, v: i64, leaves: &mut usize) -> Option<i64> {
        if t[*at] == "(" && t[*at + 1] == "int" {
            // ( int ( i ) < mid ? low : high )
            *at += 2;
            let close = *at + t[*at..].iter().position(|x| x == "<").unwrap() - 1;
            let mid: i64 = t[close + 2].parse().unwrap();
            *at = close + 4;
            let low = node(t, at, v, leaves);
            assert_eq!(t[*at], ":");
            *at += 1;
            let high = node(t, at, v, leaves);
            assert_eq!(t[*at], ")");
            *at += 1;
            return if v < mid { low } else { high };
        }
        // a leaf call: `name ( ... )`, balanced
        *leaves += 1;
        let mut depth = 0;
        let mut element = None;
        loop {
            let x = &t[*at];
            if x == "maps" && t[*at + 1] == "[" {
                element = t[*at + 2].parse().ok();
            }
            *at += 1;
            if x == "(" {
                depth += 1;
            } else if x == ")" {
                depth -= 1;
                if depth == 0 {
                    return element;
                }
            }
        }
    }
    let start = (0..t.len())
        .find(|&i| t[i] == "=" && (t[i + 1] == "texture2D" || t[i + 2] == "int"))
        .unwrap()
        + 1;
    let mut at = start;
    let mut leaves = 0;
    let k = node(t, &mut at, v, &mut leaves).unwrap();
    (k, leaves)
}

const LOOP: &str = "precision mediump float;\nuniform sampler2D maps[SIZE];\nvarying vec2 uv;\nvoid main() {\n vec4 c = vec4(0.0);\n for (int i = 0; i < SIZE; i++) {\n  c = texture2D(maps[i], uv * float(i));\n }\n gl_FragColor = c;\n}\n";

#[test]
fn each_index_takes_its_own_element() {
    for size in [1u32, 2, 3, 4, 5, 7, 8, 32] {
        let source = LOOP.replace("SIZE", &size.to_string());
        let out = select_elements(tokens(&source), Dialect::Es100).unwrap();
        let t = texts(&out);
        for v in 0..size as i64 {
            let (k, leaves) = eval(&t, v);
            assert_eq!(k, v, "size {size}: index {v} took element {k}");
            assert_eq!(leaves, size as usize, "size {size}: one call per element");
        }
        // Out of range: the nearest element.
        assert_eq!(eval(&t, -1).0, 0);
        assert_eq!(eval(&t, size as i64).0, size as i64 - 1);
    }
}

#[test]
fn copies_keep_the_users_lines() {
    let source = LOOP.replace("SIZE", "3");
    let before = tokens(&source);
    let out = select_elements(before.clone(), Dialect::Es100).unwrap();
    let line = |t: &Token| source[..t.loc.start as usize].matches('\n').count();
    let call_line = before
        .iter()
        .find(|t| t.text == "texture2D")
        .map(line)
        .unwrap();
    let uv = out
        .iter()
        .filter(|t| t.text == "uv" && line(t) == call_line)
        .count();
    assert_eq!(uv, 3, "each copy keeps the call's line");
    let lines: Vec<usize> = out.iter().map(line).collect();
    assert!(
        lines.windows(2).all(|w| w[0] <= w[1]),
        "no token moves to another line"
    );
}

#[test]
fn same_index_in_one_call_is_one_selection() {
    let source = "precision mediump float;\nuniform sampler2D maps[4];\nfloat f(sampler2D a, vec4 b) { return b.x; }\nvoid main() {\n float c = 0.0;\n for (int i = 0; i < 4; i++) { c += f(maps[i], texture2D(maps[i], vec2(0.5))); }\n gl_FragColor = vec4(c);\n}\n";
    let out = select_elements(tokens(source), Dialect::Es100).unwrap();
    let calls = out.iter().filter(|t| t.text == "f").count();
    assert_eq!(calls, 1 + 4, "one definition and one call per element");
    assert!(!texts(&out)
        .windows(3)
        .any(|w| w[0] == "maps" && w[2] == "i"));
}

#[test]
fn a_void_call_becomes_an_if_chain() {
    let source = "precision mediump float;\nuniform sampler2D maps[2];\nvec4 acc;\nvoid add(sampler2D s) { acc += texture2D(s, vec2(0.5)); }\nvoid main() {\n for (int i = 0; i < 2; i++) add(maps[i]);\n gl_FragColor = acc;\n}\n";
    let out = select_elements(tokens(source), Dialect::Es100).unwrap();
    let text = texts(&out).join(" ");
    assert!(
        text.contains(
            "{ if ( int ( i ) < 1 ) { add ( maps [ 0 ] ) ; } else { add ( maps [ 1 ] ) ; } }"
        ),
        "{text}"
    );
}

#[test]
fn the_dialect_decides_which_indices_are_allowed() {
    let dynamic = "precision mediump float;\nuniform sampler2D maps[2];\nuniform int k;\nvoid main() {\n gl_FragColor = texture2D(maps[k], vec2(0.5));\n}\n";
    let errors = select_elements(tokens(dynamic), Dialect::Es100).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert!(errors[0].message.contains("constant-index-expression"));
    let es3 = "#version 300 es\nprecision mediump float;\nuniform sampler2D maps[2];\nconst int K = 1;\nout vec4 o;\nvoid main() {\n o = texture(maps[K], vec2(0.5));\n for (int i = 0; i < 2; i++) o += texture(maps[i], vec2(0.5));\n}\n";
    let errors = select_elements(tokens(es3), Dialect::Es3(300)).unwrap_err();
    assert_eq!(
        errors.len(),
        1,
        "the constant is fine, the loop index is not"
    );
    assert!(errors[0].message.contains("loop index"));
    let writes = "#version 450\nlayout(binding = 0) uniform sampler2DShadow sh[2];\nlayout(location = 0) out vec4 o;\nvoid main() {\n int k = 0;\n o = vec4(texture(sh[k++], vec3(0.5)));\n}\n";
    let errors = select_elements(tokens(writes), Dialect::Modern(450)).unwrap_err();
    assert!(errors[0].message.contains("writes"));
}
