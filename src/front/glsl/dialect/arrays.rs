//! Arrays of arrays: put the array specifiers of every declaration in the order naga reads.
//!
//! In GLSL, `float a[4][64]` is 4 arrays of 64 floats: the leftmost specifier is the
//! outermost array, and `a[i]` is a `float[64]`. naga 30's GLSL reader wraps the type once
//! per `[N]`, left to right, so it builds the reverse: `array<array<f32, 4>, 64>`. Dynamic
//! indices then read the wrong elements, and `a[0][5]` fails validation.
//!
//! naga reads a declaration's specifiers in two runs: the ones on the type (`float[3][4]`,
//! also in constructors and return types) wrap the base type first, then the ones after the
//! declared name wrap that. GLSL gives the name's run the outer dimensions and the type's run
//! the inner ones (`float[3] a[2]` is `float a[2][3]`), each run left to right from the
//! outside in. So reversing each run on its own makes naga build GLSL's type:
//! `float[3][4] a[2][5]` becomes `float[4][3] a[5][2]`, which naga wraps 4, 3, 5, 2 from the
//! inside out: `a[2][5][3][4]`.
//!
//! Index expressions (`a[1][2]`) are never touched. Every token keeps its own location: a
//! reversed run only moves whole `[ ... ]` groups, so diagnostics still point at the user's
//! text.

use std::collections::HashSet;
use std::ops::Range;

use crate::front::glsl::preprocess::{Token, TokenKind};

use super::items::{matching_close, QUALIFIERS};

/// Which specifier run of a declaration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunKind {
    /// After a type name: `float[4][64] a`, `float[2][3](...)`, `float[2] f()`.
    Type,
    /// After a declared name: `float a[4][64]`, members, parameters, block instances.
    Declarator,
}

/// One run of adjacent array specifiers `[..][..]` in a declaration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    pub kind: RunKind,
    /// Token range of each `[ ... ]` group, left to right.
    pub groups: Vec<Range<usize>>,
}

/// Built-in type names a specifier run can follow.
pub fn is_builtin_type(name: &str) -> bool {
    if matches!(
        name,
        "void" | "bool" | "int" | "uint" | "float" | "double" | "atomic_uint"
    ) || super::half_types::is_f16_type(name)
    {
        return true;
    }
    let vector = name
        .strip_prefix(['b', 'i', 'u', 'd'])
        .unwrap_or(name)
        .strip_prefix("vec");
    if vector.is_some_and(|n| matches!(n, "2" | "3" | "4")) {
        return true;
    }
    if let Some(dims) = name.strip_prefix('d').unwrap_or(name).strip_prefix("mat") {
        let ok = |d: &str| matches!(d, "2" | "3" | "4");
        return match dims.split_once('x') {
            Some((c, r)) => ok(c) && ok(r),
            None => ok(dims),
        };
    }
    let base = name.strip_prefix(['i', 'u']).unwrap_or(name);
    base.starts_with("sampler") || base.starts_with("texture") || base.starts_with("image")
}

/// Every specifier run of a declaration in `tokens` (index expressions excluded), in
/// order of their first token.
pub fn declaration_runs(tokens: &[Token]) -> Vec<Run> {
    let structs: HashSet<&str> = tokens
        .windows(2)
        .filter(|w| w[0].is_ident("struct") && w[1].kind == TokenKind::Ident)
        .map(|w| w[1].text.as_str())
        .collect();
    let is_type = |t: &Token| {
        t.kind == TokenKind::Ident
            && (is_builtin_type(&t.text) || structs.contains(t.text.as_str()))
    };
    // `}` closing a struct or block body (`struct S {`, `uniform B {`): a name after it is
    // declared. Statement braces follow `)`, `=`, `;`, `{`, `}`, `:`, `else` or `do`.
    let mut body_closes = HashSet::new();
    for (i, t) in tokens.iter().enumerate() {
        if t.is_punct("{")
            && i > 0
            && tokens[i - 1].kind == TokenKind::Ident
            && !matches!(tokens[i - 1].text.as_str(), "else" | "do")
        {
            if let Some(close) = matching_close(tokens, i, tokens.len()) {
                body_closes.insert(close);
            }
        }
    }

    let mut runs = Vec::new();
    // Ends (`]`) of type runs, for `float[3] a[2]`.
    let mut type_run_ends = HashSet::new();
    // Depths at which a declaration is open, so a name after its top-level commas is declared.
    let mut contexts: Vec<usize> = Vec::new();
    let mut declarator: Option<usize> = None;
    let mut depth = 0usize;
    for i in 0..tokens.len() {
        let t = &tokens[i];
        let prev = i.checked_sub(1).map(|p| &tokens[p]);
        if t.kind == TokenKind::Ident && !is_type(t) && !QUALIFIERS.contains(&t.text.as_str()) {
            let declared = prev.is_some_and(|p| {
                is_type(p)
                    || (p.is_punct("]") && type_run_ends.contains(&(i - 1)))
                    || (p.is_punct("}") && body_closes.contains(&(i - 1)))
                    || (p.is_punct(",") && contexts.last() == Some(&depth))
            });
            if declared {
                declarator = Some(i);
                if contexts.last() != Some(&depth) {
                    contexts.push(depth);
                }
            }
        }
        if t.kind != TokenKind::Punct {
            continue;
        }
        match t.text.as_str() {
            "[" if !prev.is_some_and(|p| p.is_punct("]")) => {
                let kind = match prev {
                    Some(p) if is_type(p) => Some(RunKind::Type),
                    Some(_) if declarator == Some(i - 1) => Some(RunKind::Declarator),
                    _ => None,
                };
                let mut groups = Vec::new();
                let mut j = i;
                while tokens.get(j).is_some_and(|n| n.is_punct("[")) {
                    let Some(close) = matching_close(tokens, j, tokens.len()) else {
                        break;
                    };
                    groups.push(j..close + 1);
                    j = close + 1;
                }
                if let (Some(kind), Some(last)) = (kind, groups.last()) {
                    if kind == RunKind::Type {
                        type_run_ends.insert(last.end - 1);
                    }
                    runs.push(Run { kind, groups });
                }
                depth += 1;
            }
            "(" | "[" => depth += 1,
            "{" => {
                // A function body or a struct / block body ends the declaration before it.
                if contexts.last() == Some(&depth) {
                    contexts.pop();
                }
                depth += 1;
            }
            ")" | "]" | "}" => {
                depth = depth.saturating_sub(1);
                while contexts.last().is_some_and(|&d| d > depth) {
                    contexts.pop();
                }
            }
            ";" => {
                while contexts.last().is_some_and(|&d| d >= depth) {
                    contexts.pop();
                }
            }
            _ => {}
        }
    }
    runs
}

/// Reverse the groups of every declaration run with more than one (see the module docs).
pub fn reverse_dimensions(tokens: &mut [Token]) {
    let mut runs = declaration_runs(tokens);
    // A run nested inside another's group (`float a[float[2][3](...).length()][2]`) is
    // reversed first: that keeps the group boundaries of the outer run in place.
    runs.sort_by_key(|r| std::cmp::Reverse(r.groups[0].start));
    for run in runs.iter().filter(|r| r.groups.len() > 1) {
        let start = run.groups[0].start;
        let end = run.groups[run.groups.len() - 1].end;
        let reversed: Vec<Token> = run
            .groups
            .iter()
            .rev()
            .flat_map(|g| tokens[g.clone()].iter().cloned())
            .collect();
        tokens[start..end].clone_from_slice(&reversed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::front::glsl::preprocess::{preprocess, PreprocessOptions};
    use crate::source::{SourceFile, SourceFiles};

    fn tokens(source: &str) -> Vec<Token> {
        let mut files = SourceFiles::new();
        let root = files.add(SourceFile::new("t.comp", None, source));
        match preprocess(&mut files, root, &PreprocessOptions::default()) {
            Ok(pre) => pre.tokens,
            Err(e) => panic!("preprocess failed: {e:?}"),
        }
    }

    fn join(tokens: &[Token]) -> String {
        tokens
            .iter()
            .map(|t| t.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The source with its declaration runs reversed, tokens joined by spaces.
    fn rewrite(source: &str) -> String {
        let mut t = tokens(source);
        reverse_dimensions(&mut t);
        join(&t)
    }

    fn same(source: &str) {
        assert_eq!(rewrite(source), join(&tokens(source)), "{source}");
    }

    #[test]
    fn globals_shared_and_locals() {
        assert_eq!(rewrite("float a[4][64];"), "float a [ 64 ] [ 4 ] ;");
        assert_eq!(
            rewrite("shared float s[4][64];"),
            "shared float s [ 64 ] [ 4 ] ;"
        );
        assert_eq!(
            rewrite("const int k[2][3][4] = x;"),
            "const int k [ 4 ] [ 3 ] [ 2 ] = x ;"
        );
        assert_eq!(
            rewrite("void main() { vec2 v[2][N + 1]; float w = 1.0, u[3][5]; }"),
            "void main ( ) { vec2 v [ N + 1 ] [ 2 ] ; float w = 1.0 , u [ 5 ] [ 3 ] ; }"
        );
        assert_eq!(
            rewrite("float a[2][3], b, c[4][5];"),
            "float a [ 3 ] [ 2 ] , b , c [ 5 ] [ 4 ] ;"
        );
        assert_eq!(
            rewrite("void main() { for (int i = 0, j[2][3]; i < 1; i++) {} }"),
            "void main ( ) { for ( int i = 0 , j [ 3 ] [ 2 ] ; i < 1 ; i ++ ) { } }"
        );
    }

    #[test]
    fn struct_and_block_members_and_instances() {
        assert_eq!(
            rewrite("struct S { float a[2][3], b[4][5]; mat2 m[1][2]; };"),
            "struct S { float a [ 3 ] [ 2 ] , b [ 5 ] [ 4 ] ; mat2 m [ 2 ] [ 1 ] ; } ;"
        );
        assert_eq!(
            rewrite("struct S { int x; } s[2][3]; S t[4][5];"),
            "struct S { int x ; } s [ 3 ] [ 2 ] ; S t [ 5 ] [ 4 ] ;"
        );
        assert_eq!(
            rewrite("layout(std430, binding = 0) buffer B { float d[][4]; } b[2][3];"),
            "layout ( std430 , binding = 0 ) buffer B { float d [ 4 ] [ ] ; } b [ 3 ] [ 2 ] ;"
        );
    }

    #[test]
    fn parameters_and_return_types() {
        assert_eq!(
            rewrite("float f(in float a[2][3], const vec2 b[4][5]) { return a[1][2]; }"),
            "float f ( in float a [ 3 ] [ 2 ] , const vec2 b [ 5 ] [ 4 ] ) { return a [ 1 ] [ 2 ] ; }"
        );
        assert_eq!(
            rewrite("float[2][3] g(float[4][5] p);"),
            "float [ 3 ] [ 2 ] g ( float [ 5 ] [ 4 ] p ) ;"
        );
    }

    #[test]
    fn type_specifiers_and_constructors() {
        assert_eq!(rewrite("float[4][64] a;"), "float [ 64 ] [ 4 ] a ;");
        assert_eq!(
            rewrite("void main() { float m[2][3] = float[2][3](float[3](1.0, 2.0, 3.0), r); }"),
            "void main ( ) { float m [ 3 ] [ 2 ] = float [ 3 ] [ 2 ] ( float [ 3 ] ( 1.0 , 2.0 , 3.0 ) , r ) ; }"
        );
        assert_eq!(
            rewrite("struct S { int x; }; void main() { S[2][3] s = S[2][3](p, q); }"),
            "struct S { int x ; } ; void main ( ) { S [ 3 ] [ 2 ] s = S [ 3 ] [ 2 ] ( p , q ) ; }"
        );
    }

    #[test]
    fn mixed_form_reverses_each_run_on_its_own() {
        // `float[3] a[2]` is `float a[2][3]`, which naga already builds from it.
        same("float[3] a[2];");
        assert_eq!(
            rewrite("float[3][4] a[2][5], b[6][7];"),
            "float [ 4 ] [ 3 ] a [ 5 ] [ 2 ] , b [ 7 ] [ 6 ] ;"
        );
        let runs = declaration_runs(&tokens("float[3] a[2];"));
        let kinds: Vec<_> = runs.iter().map(|r| r.kind).collect();
        assert_eq!(kinds, [RunKind::Type, RunKind::Declarator]);
    }

    #[test]
    fn index_expressions_are_left_alone() {
        same("void main() { a[1][2] = b[i][j][k]; f(x, y[1][2]); }");
        same("float v = a[1][2], w = m[0][1];");
        same("void main() { if (c) { } x[1][2] = 3.0; } ");
        same("void main() { do { } while (a[0][1] > 0.0); s.m[1][2] = t[0][0]; }");
        same("void main() { return p[1][2]; }");
        same("void main() { g(a, b[2][3]); float q = h(1, c[1][2]); }");
        same("layout(binding = 0) buffer B { float d[]; }; void main() { d[1] = e[1][2]; }");
        // Inside a declaration's initializer, only the constructor's type is reversed.
        assert_eq!(
            rewrite("float m[2][2] = float[2][2](a[1][0], a[0][1]);"),
            "float m [ 2 ] [ 2 ] = float [ 2 ] [ 2 ] ( a [ 1 ] [ 0 ] , a [ 0 ] [ 1 ] ) ;"
        );
        let runs = declaration_runs(&tokens("float m = a[1][0] + f(b, c[1][2]);"));
        assert!(runs.is_empty(), "{runs:?}");
    }

    #[test]
    fn tokens_keep_their_locations() {
        let original = tokens("float a[4][64];");
        let mut t = original.clone();
        reverse_dimensions(&mut t);
        // `[ 64 ]` now comes first, still with the location of the user's `[ 64 ]`.
        assert_eq!(t[2].loc, original[5].loc);
        assert_eq!(t[3].loc, original[6].loc);
        assert_eq!(t[5].loc, original[2].loc);
        assert!(t.iter().all(|t| !t.from_macro));
    }

    #[test]
    fn builtin_types() {
        for ty in [
            "float",
            "dvec3",
            "uvec2",
            "mat4",
            "dmat2x3",
            "sampler2D",
            "uimage2D",
        ] {
            assert!(is_builtin_type(ty), "{ty}");
        }
        for ty in ["vec5", "mat4x5", "matrix", "a", "main"] {
            assert!(!is_builtin_type(ty), "{ty}");
        }
    }
}
