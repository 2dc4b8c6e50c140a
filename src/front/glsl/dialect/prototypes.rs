//! Function prototypes (`vec4 blur(sampler2D, vec2);`) as naga's GLSL reader needs them.
//!
//! GLSL lets a prototype leave its parameters unnamed, repeat itself, and come in any order
//! as long as each function is declared before it is called. naga's reader:
//! - does not match a prototype with unnamed parameters to the call (`Unknown function`):
//!   each unnamed parameter gets a generated name (`prism_arg0`, ...), which also lets the
//!   sampler split of `samplers` name the texture and sampler it makes of a `sampler2D`;
//! - refuses a second prototype of the same signature: later copies are dropped;
//! - gives a function its place in the module at its first declaration, and naga's validator
//!   wants every callee placed before its caller. When a function calls one declared later
//!   than itself (`float f(float); float g(float);` with `f` calling `g`, or a function
//!   defined between `f`'s prototype and `f`'s definition and called by it), every
//!   prototype is moved to the place of the first one, one per function defined from there
//!   on, ordered callees first. A prototype is generated from the definition's header, on
//!   the line of the first prototype. Where a signature names a struct declared after that
//!   place, or the calls form a cycle (recursion: `es_rules` reports it), nothing moves.
//!
//! Trap: overloads share a name; calls are matched by name only, so all overloads of a name
//! are ordered together (a conservative superset of the real dependencies).

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::items::{self, Item, ItemKind};
use super::tokens::{self, gen, Edit, Names};
use crate::diagnostic::{error_at, Diagnostic};
use crate::front::glsl::preprocess::{Token, TokenKind};

/// The rewrite of the module docs.
pub(super) fn rewrite_prototypes(tokens: Vec<Token>, names: &Names) -> Vec<Token> {
    let Ok(items) = items::split_items(&tokens) else {
        return tokens;
    };
    let protos: Vec<&Item> = items
        .iter()
        .filter(|item| item.kind == ItemKind::Declaration)
        .filter(|item| items::param_range(&tokens, item).is_some())
        .collect();
    if protos.is_empty() {
        return tokens;
    }
    let arg = names.fresh("prism_arg");
    let edits = reordered(&tokens, &items, &protos, &arg).unwrap_or_else(|| {
        let mut edits = Vec::new();
        let mut seen = HashSet::new();
        for item in &protos {
            if !seen.insert(signature(&tokens, item)) {
                edits.push(Edit::delete(item.range.clone()));
            } else {
                edits.extend(name_parameters(&tokens, item, &arg));
            }
        }
        edits
    });
    tokens::apply(tokens, edits)
}

/// The parameters of `params`, each as a token range (empty for `()` and `(void)`).
fn parameters(tokens: &[Token], params: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = params.start;
    let mut depth = 0usize;
    for i in params.clone() {
        let t = &tokens[i];
        if t.is_punct("(") || t.is_punct("[") {
            depth += 1;
        } else if t.is_punct(")") || t.is_punct("]") {
            depth = depth.saturating_sub(1);
        } else if t.is_punct(",") && depth == 0 {
            out.push(start..i);
            start = i + 1;
        }
    }
    out.push(start..params.end);
    let void = out.len() == 1 && tokens[out[0].clone()].iter().all(|t| t.is_ident("void"));
    if void || (out.len() == 1 && out[0].is_empty()) {
        return Vec::new();
    }
    out
}

/// The type token of parameter `p` and, when it has one, its name token.
fn parameter_parts(tokens: &[Token], p: Range<usize>) -> Option<(usize, Option<usize>)> {
    let q = items::qualifiers(tokens, p.clone());
    let ty = q.type_start;
    if ty >= p.end || tokens[ty].kind != TokenKind::Ident {
        return None;
    }
    let name = tokens.get(ty + 1).filter(|_| ty + 1 < p.end);
    match name {
        Some(n) if n.kind == TokenKind::Ident => Some((ty, Some(ty + 1))),
        _ => Some((ty, None)),
    }
}

/// A name for each unnamed parameter of a prototype.
fn name_parameters(tokens: &[Token], item: &Item, arg: &str) -> Vec<Edit> {
    let Some(params) = items::param_range(tokens, item) else {
        return Vec::new();
    };
    let mut edits = Vec::new();
    for (k, p) in parameters(tokens, params).into_iter().enumerate() {
        if let Some((ty, None)) = parameter_parts(tokens, p) {
            edits.push(Edit::insert(
                ty + 1,
                gen(&format!("{arg}{k}"), tokens[ty].loc),
            ));
        }
    }
    edits
}

/// A prototype's or definition's name and parameter types, without parameter names.
fn signature(tokens: &[Token], item: &Item) -> String {
    let name = items::function_name(tokens, item).unwrap_or_default();
    let Some(params) = items::param_range(tokens, item) else {
        return name;
    };
    let mut out = name;
    for p in parameters(tokens, params) {
        let named = parameter_parts(tokens, p.clone()).and_then(|(_, n)| n);
        out.push('(');
        for i in p {
            if Some(i) != named && !items::PRECISIONS.contains(&tokens[i].text.as_str()) {
                out.push_str(&tokens[i].text);
                out.push(' ');
            }
        }
        out.push(')');
    }
    out
}

/// The edits that move every prototype to the first one's place, callees first; `None`
/// when the order is already one naga accepts, or when it cannot be fixed this way.
fn reordered(tokens: &[Token], items: &[Item], protos: &[&Item], arg: &str) -> Option<Vec<Edit>> {
    let slot = protos[0].range.start;
    // The first declaration of each function, and what each definition calls.
    let mut first: HashMap<String, usize> = HashMap::new();
    for item in items {
        if let Some(name) = items::function_name(tokens, item) {
            first.entry(name).or_insert(item.range.start);
        }
    }
    let mut calls: HashMap<String, HashSet<String>> = HashMap::new();
    for item in items {
        let ItemKind::Function { name, body, .. } = &item.kind else {
            continue;
        };
        let callees = calls.entry(name.clone()).or_default();
        for i in body.clone() {
            let t = &tokens[i];
            let called = t.kind == TokenKind::Ident
                && tokens.get(i + 1).is_some_and(|n| n.is_punct("("))
                && first.contains_key(&t.text)
                && t.text != *name;
            if called {
                callees.insert(t.text.clone());
            }
        }
    }
    let out_of_order = calls
        .iter()
        .any(|(f, callees)| callees.iter().any(|g| first.get(g) > first.get(f)));
    if !out_of_order {
        return None;
    }
    // Every function defined from the slot on, except `main`, in definition order.
    let definitions: Vec<&Item> = items
        .iter()
        .filter(|item| item.range.start > slot)
        .filter(|item| matches!(&item.kind, ItemKind::Function { name, .. } if name != "main"))
        .collect();
    let mut in_order: Vec<String> = Vec::new();
    for item in &definitions {
        if let Some(name) = items::function_name(tokens, item) {
            if !in_order.contains(&name) {
                in_order.push(name);
            }
        }
    }
    let moved: HashSet<String> = in_order.iter().cloned().collect();
    // Structs declared after the slot may not appear in a moved signature.
    let late_structs: HashSet<&str> = items
        .iter()
        .filter(|item| item.range.start > slot && item.kind == ItemKind::Declaration)
        .filter_map(|item| {
            let s = item.range.clone().find(|&i| tokens[i].is_ident("struct"))?;
            tokens.get(s + 1).map(|n| n.text.as_str())
        })
        .collect();
    let order = callees_first(&in_order, &calls)?;
    let loc = tokens[slot].loc;
    let mut insert = Vec::new();
    for name in &order {
        for item in definitions
            .iter()
            .filter(|item| items::function_name(tokens, item).as_deref() == Some(name.as_str()))
        {
            let ItemKind::Function { params, .. } = &item.kind else {
                continue;
            };
            let header = &tokens[item.range.start..params.end + 1];
            if header
                .iter()
                .any(|t| late_structs.contains(t.text.as_str()))
            {
                return None;
            }
            insert.extend(header.iter().map(|t| Token {
                loc,
                from_macro: true,
                ..t.clone()
            }));
            insert.extend(gen(";", loc));
        }
    }
    let mut edits = vec![Edit::insert(slot, insert)];
    let mut seen = HashSet::new();
    for item in protos {
        let name = items::function_name(tokens, item).unwrap_or_default();
        if moved.contains(&name) || !seen.insert(signature(tokens, item)) {
            edits.push(Edit::delete(item.range.clone()));
        } else {
            edits.extend(name_parameters(tokens, item, arg));
        }
    }
    Some(edits)
}

/// `names` ordered so that each comes after the ones it calls; `None` on a cycle.
fn callees_first(
    in_order: &[String],
    calls: &HashMap<String, HashSet<String>>,
) -> Option<Vec<String>> {
    let names: HashSet<String> = in_order.iter().cloned().collect();
    let mut order = Vec::new();
    let mut done: HashSet<String> = HashSet::new();
    let mut active: HashSet<String> = HashSet::new();
    fn visit(
        name: &str,
        names: &HashSet<String>,
        calls: &HashMap<String, HashSet<String>>,
        (done, active, order): (&mut HashSet<String>, &mut HashSet<String>, &mut Vec<String>),
        depth: usize,
    ) -> Option<()> {
        if done.contains(name) || !names.contains(name) {
            return Some(());
        }
        if depth > 256 || !active.insert(name.to_string()) {
            return None;
        }
        let mut callees: Vec<&String> = calls.get(name).into_iter().flatten().collect();
        callees.sort();
        for callee in callees {
            visit(callee, names, calls, (done, active, order), depth + 1)?;
        }
        active.remove(name);
        done.insert(name.to_string());
        order.push(name.to_string());
        Some(())
    }
    for name in in_order {
        visit(name, &names, calls, (&mut done, &mut active, &mut order), 0)?;
    }
    Some(order)
}

/// GLSL ES 1.00 (WebGL 1) allows one prototype per function: a repeated one is an error at
/// its name (glslang: "multiple prototypes for same function"; ES 3.00 allows repeats).
pub(super) fn repeated_in_es100(tokens: &[Token]) -> Vec<Diagnostic> {
    let Ok(items) = items::split_items(tokens) else {
        return Vec::new();
    };
    let mut seen = HashSet::new();
    let mut errors = Vec::new();
    for item in items
        .iter()
        .filter(|item| item.kind == ItemKind::Declaration)
    {
        let Some(params) = items::param_range(tokens, item) else {
            continue;
        };
        if !seen.insert(signature(tokens, item)) {
            let name = &tokens[params.start - 2];
            errors.push(error_at(
                "E-DIALECT",
                format!("`{}` has a second prototype", name.text),
                name.loc,
                "GLSL ES 1.00 (WebGL 1) allows one prototype per function: remove the repeat",
            ));
        }
    }
    errors
}

#[cfg(test)]
mod tests {
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

    fn rewrite(source: &str) -> String {
        let tokens = tokens(source);
        let names = Names::of(&tokens);
        let out = rewrite_prototypes(tokens, &names);
        out.iter()
            .map(|t| t.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn names_unnamed_parameters() {
        assert_eq!(
            rewrite("vec4 f(sampler2D, in vec2 p, float[2]); void main() {}"),
            "vec4 f ( sampler2D prism_arg0 , in vec2 p , float prism_arg2 [ 2 ] ) ; void main ( ) { }"
        );
        assert_eq!(
            rewrite("float f(void); float g();"),
            "float f ( void ) ; float g ( ) ;"
        );
    }

    #[test]
    fn drops_repeated_prototypes() {
        assert_eq!(
            rewrite("float f(float a); float f(highp float); float f(vec2);"),
            "float f ( float a ) ; float f ( vec2 prism_arg0 ) ;"
        );
    }

    #[test]
    fn orders_callees_first() {
        let out = rewrite(
            "float f(float); float g(float); void main() { f(1.0); } \
             float f(float x) { return g(x); } float g(float x) { return x; }",
        );
        assert!(
            out.starts_with("float g ( float x ) ; float f ( float x ) ; void main"),
            "{out}"
        );
        // Already in an order naga accepts: only the names change.
        let out = rewrite(
            "float g(float); float f(float x) { return g(x); } float g(float x) { return x; }",
        );
        assert!(
            out.starts_with("float g ( float prism_arg0 ) ; float f"),
            "{out}"
        );
    }

    #[test]
    fn refuses_repeats_in_es100_only_for_the_same_signature() {
        let errors = repeated_in_es100(&tokens(
            "float f(float a);\nfloat f(vec2);\nfloat f(float);",
        ));
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].message.contains("second prototype"),
            "{}",
            errors[0].message
        );
    }
}
