//! The GLSL ES rules browsers enforce and naga cannot check after the upgrade, each reported
//! on the line glslangValidator names (checked case by case; `tests/glslang_crosscheck.rs`
//! keeps the malformed fixtures honest):
//!
//! - reserved words and reserved names ([`super::es_names`]);
//! - interface variables: `bool` inputs and outputs (every dialect), integer and array
//!   attributes and integer varyings in ES 1.00, `attribute` in a fragment shader, and in
//!   ES 3.00 integer vertex outputs and fragment inputs without `flat`;
//! - arrays of arrays (ES 1.00 and 3.00) and array constructors (ES 1.00);
//! - the integer operators ES 1.00 lacks: `%`, shifts, bitwise operators.
//!
//! And in every dialect: recursion, which GLSL forbids ([`recursion`]); glslang reports it
//! only when linking, without a line, so prism names the call. (16-bit floats, which need an
//! extension and no WebGL has, are [`super::f16`]'s.)
//!
//! The loop forms of ES 1.00 Appendix A, which browsers enforce, are in [`super::loops`].

use std::collections::{HashMap, HashSet};

use super::arrays;
use super::es_names::is_reserved;
use super::items::{self, ItemKind};
use super::version::Dialect;
use crate::diagnostic::{error_at, Diagnostic};
use crate::front::glsl::preprocess::{Token, TokenKind};
use crate::shader::Stage;

/// Operators GLSL ES 1.00 reserves for later versions.
const ES100_INTEGER_OPERATORS: &[&str] = &[
    "%", "%=", "<<", ">>", "<<=", ">>=", "&", "|", "^", "&=", "|=", "^=", "~",
];

fn is_integer(ty: &str) -> bool {
    matches!(ty, "int" | "uint") || ty.starts_with("ivec") || ty.starts_with("uvec")
}

/// The rules of the module docs, for a shader whose items split.
pub(super) fn check(
    tokens: &[Token],
    items: &[items::Item],
    dialect: Dialect,
    stage: Stage,
    enabled: &HashSet<&str>,
) -> Vec<Diagnostic> {
    let mut errors = recursion(tokens, items);
    let es100 = dialect == Dialect::Es100;
    let es = matches!(dialect, Dialect::Es100 | Dialect::Es3(_));
    for (i, t) in tokens.iter().enumerate() {
        if t.kind == TokenKind::Ident && is_reserved(&t.text, dialect, enabled) {
            errors.push(error_at(
                "E-DIALECT",
                format!("`{}` is a reserved word in {}", t.text, dialect.describe()),
                t.loc,
                super::es_names::reserved_label(&t.text),
            ));
        }
        if es100 && t.kind == TokenKind::Punct && ES100_INTEGER_OPERATORS.contains(&t.text.as_str())
        {
            errors.push(error_at(
                "E-DIALECT",
                format!("`{}` is not in GLSL ES 1.00 (WebGL 1)", t.text),
                t.loc,
                "integer operators arrived in GLSL ES 3.00",
            ));
        }
        let array_constructor = es100
            && t.kind == TokenKind::Ident
            && arrays::is_builtin_type(&t.text)
            && tokens.get(i + 1).is_some_and(|n| n.is_punct("["))
            && items::matching_close(tokens, i + 1, tokens.len())
                .is_some_and(|c| tokens.get(c + 1).is_some_and(|n| n.is_punct("(")));
        if array_constructor {
            errors.push(error_at(
                "E-DIALECT",
                "array constructors are not in GLSL ES 1.00 (WebGL 1)",
                t.loc,
                "initialize the elements one by one",
            ));
        }
    }
    if matches!(dialect, Dialect::Es100 | Dialect::Es3(300)) {
        for run in arrays::declaration_runs(tokens) {
            if run.groups.len() > 1 {
                errors.push(error_at(
                    "E-DIALECT",
                    format!("arrays of arrays are not in {}", dialect.describe()),
                    tokens[run.groups[1].start].loc,
                    "arrays of arrays arrived in GLSL ES 3.10",
                ));
            }
        }
    }
    if es {
        errors.extend(super::es_names::reserved_names(tokens, items, dialect));
    }
    for item in items {
        if item.kind == ItemKind::Declaration {
            errors.extend(interface_types(tokens, item, dialect, stage));
        }
    }
    errors
}

/// The type rules of inputs and outputs (see the module docs).
fn interface_types(
    tokens: &[Token],
    item: &items::Item,
    dialect: Dialect,
    stage: Stage,
) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let q = items::qualifiers(tokens, item.range.clone());
    let Some(ty) = tokens.get(q.type_start) else {
        return errors;
    };
    if q.opens_block(tokens) || ty.is_punct(";") || ty.is_ident("struct") {
        return errors;
    }
    let word = ["attribute", "varying", "in", "out"]
        .into_iter()
        .find_map(|w| q.index_of(w).map(|at| (w, at)));
    let Some((word, at)) = word else {
        return errors;
    };
    let mut error = |message: String, loc, label: &str| {
        errors.push(error_at("E-DIALECT", message, loc, label));
    };
    if ty.text == "bool" || ty.text.starts_with("bvec") {
        error(
            format!("`{word}` variables cannot be `{}`", ty.text),
            tokens[at].loc,
            "use `int` or `float`",
        );
        return errors;
    }
    if dialect == Dialect::Es100 {
        if word == "attribute" && stage == Stage::Fragment {
            error(
                "`attribute` is not allowed in a fragment shader".into(),
                tokens[at].loc,
                "use `varying`",
            );
        } else if is_integer(&ty.text) {
            error(
                format!("`{word}` variables cannot be integers in GLSL ES 1.00 (WebGL 1)"),
                tokens[at].loc,
                "use `float`",
            );
        } else if word == "attribute"
            && tokens
                .get(q.type_start + 2)
                .is_some_and(|t| t.is_punct("["))
        {
            error(
                "attribute arrays are not in GLSL ES 1.00 (WebGL 1)".into(),
                tokens[at].loc,
                "declare one attribute per element",
            );
        }
    }
    let needs_flat = matches!(dialect, Dialect::Es3(_))
        && is_integer(&ty.text)
        && ((stage == Stage::Vertex && word == "out")
            || (stage == Stage::Fragment && word == "in"))
        && !q.has("flat");
    if needs_flat {
        error(
            format!("an integer `{word}` must be qualified `flat` in GLSL ES 3.00"),
            ty.loc,
            "add `flat`",
        );
    }
    errors
}

/// A function by name and number of parameters.
type FunctionKey = (String, usize);

/// Each function's calls: the callee and the token index of the call.
type CallGraph = HashMap<FunctionKey, Vec<(FunctionKey, usize)>>;

/// Calls that close a cycle of the call graph: GLSL forbids recursion, and naga crashes on
/// it. Overloads of one name with the same number of parameters cannot be told apart on
/// tokens; calls to such a name are left out of the graph.
fn recursion(tokens: &[Token], items: &[items::Item]) -> Vec<Diagnostic> {
    // (name, arity) of every definition, and the calls in its body with their token index.
    let mut defined: HashMap<(String, usize), usize> = HashMap::new();
    let mut bodies = Vec::new();
    for item in items {
        if let ItemKind::Function { name, params, body } = &item.kind {
            let key = (name.clone(), arity(tokens, params.clone()));
            *defined.entry(key.clone()).or_default() += 1;
            bodies.push((key, body.clone()));
        }
    }
    let arities: HashMap<&str, Vec<usize>> = defined.keys().fold(HashMap::new(), |mut m, k| {
        m.entry(k.0.as_str()).or_default().push(k.1);
        m
    });
    let mut calls: CallGraph = HashMap::new();
    for (key, body) in &bodies {
        for i in body.clone() {
            let t = &tokens[i];
            let is_call = t.kind == TokenKind::Ident
                && tokens.get(i + 1).is_some_and(|n| n.is_punct("("))
                && !(i > 0 && tokens[i - 1].is_punct("."));
            if !is_call || !arities.contains_key(t.text.as_str()) {
                continue;
            }
            let Some(close) = items::matching_close(tokens, i + 1, body.end) else {
                continue;
            };
            let callee = (t.text.clone(), arity(tokens, i + 2..close));
            if defined.get(&callee) == Some(&1) {
                calls.entry(key.clone()).or_default().push((callee, i));
            }
        }
    }
    let mut errors = Vec::new();
    for (key, _) in &bodies {
        let Some(out) = calls.get(key) else { continue };
        for (callee, at) in out {
            if reaches(&calls, callee, key) {
                let t = &tokens[*at];
                errors.push(error_at(
                    "E-DIALECT",
                    format!(
                        "recursive call of `{}`: GLSL does not allow recursion",
                        t.text
                    ),
                    t.loc,
                    format!("`{}` calls itself through here", key.0),
                ));
            }
        }
    }
    errors
}

/// Whether `to` is reachable from `from` in the call graph.
fn reaches(calls: &CallGraph, from: &(String, usize), to: &(String, usize)) -> bool {
    let mut seen = HashSet::new();
    let mut stack = vec![from.clone()];
    while let Some(f) = stack.pop() {
        if &f == to {
            return true;
        }
        if seen.insert(f.clone()) {
            if let Some(out) = calls.get(&f) {
                stack.extend(out.iter().map(|(c, _)| c.clone()));
            }
        }
    }
    false
}

/// Parameters (or arguments) in `range`: top-level commas plus one, none when empty or
/// `void`.
fn arity(tokens: &[Token], range: std::ops::Range<usize>) -> usize {
    let slice = &tokens[range];
    if slice.is_empty() || (slice.len() == 1 && slice[0].is_ident("void")) {
        return 0;
    }
    let mut depth = 0i32;
    let mut n = 1;
    for t in slice {
        match t.text.as_str() {
            "(" | "[" | "{" if t.kind == TokenKind::Punct => depth += 1,
            ")" | "]" | "}" if t.kind == TokenKind::Punct => depth -= 1,
            "," if t.kind == TokenKind::Punct && depth == 0 => n += 1,
            _ => {}
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::front::glsl::preprocess::{preprocess, PreprocessOptions};
    use crate::source::{SourceFile, SourceFiles};

    /// The 1-based lines of the recursion errors in `source`.
    fn recursive_calls(source: &str) -> Vec<usize> {
        let mut files = SourceFiles::new();
        let root = files.add(SourceFile::new("t.frag", None, source));
        let pre = match preprocess(&mut files, root, &PreprocessOptions::default()) {
            Ok(pre) => pre,
            Err(e) => panic!("preprocess failed: {e:?}"),
        };
        let items = items::split_items(&pre.tokens).expect("items split");
        recursion(&pre.tokens, &items)
            .iter()
            .map(|d| {
                let start = d.labels[0].range.start;
                source[..start].matches('\n').count() + 1
            })
            .collect()
    }

    #[test]
    fn direct_recursion_is_named_at_the_call() {
        let source = "float f(float n) {\n  return n < 1.0 ? 1.0 : n * f(n - 1.0);\n}\nvoid main() { f(2.0); }\n";
        assert_eq!(recursive_calls(source), vec![2]);
    }

    #[test]
    fn mutual_recursion_through_a_prototype_names_both_calls() {
        let source = "float b(float x);\nfloat a(float x) { return b(x); }\nfloat b(float x) {\n  return a(x);\n}\nvoid main() { a(1.0); }\n";
        assert_eq!(recursive_calls(source), vec![2, 4]);
    }

    #[test]
    fn an_overload_calling_another_is_not_recursion() {
        let source = "float g(float x) { return x; }\nvec2 g(vec2 v, float k) { return vec2(g(v.x), g(v.y)) * k; }\nvoid main() { g(vec2(1.0), 2.0); }\n";
        assert!(recursive_calls(source).is_empty());
    }

    #[test]
    fn reserved_words_follow_the_version() {
        let none = HashSet::new();
        assert!(is_reserved("dvec2", Dialect::Es100, &none));
        assert!(is_reserved("switch", Dialect::Es100, &none));
        assert!(!is_reserved("switch", Dialect::Es3(300), &none));
        assert!(is_reserved("sample", Dialect::Es3(300), &none));
        assert!(!is_reserved("image2D", Dialect::Es3(310), &none));
        assert!(!is_reserved("double", Dialect::Modern(450), &none));
        let texture3d: HashSet<&str> = ["GL_OES_texture_3D"].into_iter().collect();
        assert!(is_reserved("sampler3D", Dialect::Es100, &none));
        assert!(!is_reserved("sampler3D", Dialect::Es100, &texture3d));
    }
}
