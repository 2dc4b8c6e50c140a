//! Rewrites that need the type of an operand ([`Types`]), made only where it is known:
//!
//! Operand types come from [`exprs::type_of`]: any expression whose type is certain.
//!
//! - struct equality: `a == b` / `a != b` on structs becomes member-wise comparisons
//!   `(a.x == b.x && a.y == b.y)` when both operands are names with `.member` / `[i]`
//!   suffixes (or a constructor `S(...)` on the right); any other operands (calls,
//!   conditionals, parenthesized expressions) become a call of a generated
//!   `bool prism_equal_S(S a, S b)`, declared right after the struct, so each operand is
//!   evaluated once. Nested structs compare member by member, matrices column by column,
//!   arrays of a literal length element by element (outside GLSL ES 1.00, which has no array
//!   `==`; there a struct with an array member is left for naga to report); two arrays
//!   named directly compare element by element too;
//! - `mat2(v)` of a `vec4` `v` becomes `mat2(v.xy, v.zw)` (naga composes matrices only from
//!   columns or scalars); when `v` is not a name, a call of a generated
//!   `prism_mat2_vec4(v)` doing the same, so `v` is evaluated once;
//! - `dot`, `length`, `distance`, `normalize`, `reflect`, `refract`, `faceforward` called on
//!   a `float` expression: the `float` overloads GLSL has and naga lacks are declared before
//!   the first item, only for the functions the shader calls that way.
//!
//! Every generated token carries the location of the operator or call it stands for.

use std::collections::BTreeMap;
use std::ops::Range;

use super::exprs::{self, matrix};
use super::items;
use super::tokens::{self, gen, Edit, Names};
use super::types::Types;
use crate::diagnostic::{error_at, Diagnostic};
use crate::front::glsl::preprocess::{Token, TokenKind};

/// The `float` overloads of the geometric built-ins.
const SCALAR_OVERLOADS: &[(&str, &str)] = &[
    ("dot", "float dot ( float a , float b ) { return a * b ; }"),
    ("length", "float length ( float a ) { return abs ( a ) ; }"),
    ("distance", "float distance ( float a , float b ) { return abs ( a - b ) ; }"),
    ("normalize", "float normalize ( float a ) { return sign ( a ) ; }"),
    (
        "reflect",
        "float reflect ( float i , float n ) { return i - 2.0 * n * i * n ; }",
    ),
    (
        "refract",
        "float refract ( float i , float n , float eta ) { float k = 1.0 - eta * eta * ( 1.0 - n * i * n * i ) ; return k < 0.0 ? 0.0 : eta * i - ( eta * n * i + sqrt ( k ) ) * n ; }",
    ),
    (
        "faceforward",
        "float faceforward ( float n , float i , float r ) { return r * i < 0.0 ? n : - n ; }",
    ),
];

/// The rewrites of the module docs.
pub(super) fn rewrite_typed(tokens: Vec<Token>, arrays: bool) -> Vec<Token> {
    let types = Types::of(&tokens);
    let user_functions = items::user_function_names(&tokens);
    let names = Names::of(&tokens);
    let mut helpers = Helpers {
        names: &names,
        equal: BTreeMap::new(),
        mat2: None,
        arrays,
    };
    let mut edits = Vec::new();
    let mut overloads: Vec<&str> = Vec::new();
    for (k, t) in tokens.iter().enumerate() {
        if t.is_punct("==") || t.is_punct("!=") {
            edits.extend(struct_equality(&tokens, &types, k, &mut helpers));
        } else if t.is_ident("mat2") && !(k > 0 && tokens[k - 1].is_punct(".")) {
            edits.extend(mat2_from_vec4(&tokens, &types, k, &mut helpers));
        } else if t.kind == TokenKind::Ident
            && tokens.get(k + 1).is_some_and(|n| n.is_punct("("))
            && !user_functions.contains(&t.text)
        {
            let overload = SCALAR_OVERLOADS.iter().find(|(n, _)| t.text == *n);
            if let Some(&(_, source)) = overload {
                if !overloads.contains(&source) && scalar_first_argument(&tokens, &types, k + 2) {
                    overloads.push(source);
                }
            }
        }
    }
    let mut prelude: Vec<String> = overloads.iter().map(|s| s.to_string()).collect();
    if let Some(name) = &helpers.mat2 {
        prelude.push(format!(
            "mat2 {name} ( vec4 v ) {{ return mat2 ( v . xy , v . zw ) ; }}"
        ));
    }
    if let (Some(first), false) = (tokens.first(), prelude.is_empty()) {
        edits.push(Edit::insert(0, gen(&prelude.join(" "), first.loc)));
    }
    edits.extend(equality_helpers(
        &tokens,
        &types,
        &helpers.equal,
        helpers.arrays,
    ));
    tokens::apply(tokens, edits)
}

/// The functions the rewrites call: equality per struct, `mat2` from a `vec4`.
struct Helpers<'a> {
    names: &'a Names,
    /// Struct name → its equality function's name.
    equal: BTreeMap<String, String>,
    mat2: Option<String>,
    /// Whether `==` compares arrays (not in GLSL ES 1.00).
    arrays: bool,
}

/// End (exclusive) of the postfix expression starting at `start`: a name and its `.member`
/// and `[index]` suffixes.
fn postfix_end(tokens: &[Token], start: usize) -> Option<usize> {
    if tokens.get(start)?.kind != TokenKind::Ident {
        return None;
    }
    let mut i = start + 1;
    loop {
        match tokens.get(i) {
            Some(t) if t.is_punct(".") && tokens.get(i + 1)?.kind == TokenKind::Ident => i += 2,
            Some(t) if t.is_punct("[") => i = items::matching_close(tokens, i, tokens.len())? + 1,
            _ => return Some(i),
        }
    }
}

/// Start of the postfix expression ending (exclusive) at `end`.
fn postfix_start(tokens: &[Token], end: usize) -> Option<usize> {
    let mut j = end;
    loop {
        let last = tokens.get(j.checked_sub(1)?)?;
        if last.is_punct("]") {
            j = items::matching_open(tokens, j - 1, 0)?;
        } else if last.kind == TokenKind::Ident {
            if j >= 2 && tokens[j - 2].is_punct(".") {
                j -= 2;
            } else {
                return Some(j - 1);
            }
        } else {
            return None;
        }
    }
}

/// The paths below a value of type `ty` (not an array) down to what `==` compares in naga:
/// struct members, array elements (`arrays`: GLSL ES 3.00 and desktop, where the length is
/// a literal; `None` otherwise), matrix columns (a `matCx2` element by element, since
/// `struct_members` widens it to `matCx4`), or the value itself (one empty path).
fn leaf_paths(types: &Types, ty: &str, depth: usize, arrays: bool) -> Option<Vec<Vec<String>>> {
    if depth > 8 {
        return None;
    }
    if let Some(members) = types.structs.get(ty) {
        let mut out = Vec::new();
        for (name, declared) in members {
            let inner = leaf_paths(types, &declared.ty, depth + 1, arrays)?;
            let count = match declared.array {
                true if arrays => Some(types.len(ty, name)?),
                true => return None,
                false => None,
            };
            out.extend(elements(&inner, count).into_iter().map(|path| {
                let mut full = vec![format!(". {name}")];
                full.extend(path);
                full
            }));
        }
        return Some(out);
    }
    if let Some((columns, rows)) = matrix(ty) {
        let mut out = Vec::new();
        for c in 0..columns {
            if rows == 2 {
                out.extend((0..rows).map(|r| vec![format!("[ {c} ] [ {r} ]")]));
            } else {
                out.push(vec![format!("[ {c} ]")]);
            }
        }
        return Some(out);
    }
    Some(vec![Vec::new()])
}

/// `paths` of one element, for each of `count` elements (`None`: not an array).
fn elements(paths: &[Vec<String>], count: Option<u32>) -> Vec<Vec<String>> {
    let Some(count) = count else {
        return paths.to_vec();
    };
    let mut out = Vec::new();
    for i in 0..count {
        for path in paths {
            let mut full = vec![format!("[ {i} ]")];
            full.extend(path.iter().cloned());
            out.push(full);
        }
    }
    out
}

/// The length of the array named by the postfix expression `tokens[range]` (a variable, or
/// a member `s.m`), when it is a literal.
fn array_len(tokens: &[Token], types: &Types, range: Range<usize>) -> Option<u32> {
    if range.len() == 1 {
        return types.len("", &tokens[range.start].text);
    }
    let member = range.end - 1;
    if range.len() < 3 || !tokens[member - 1].is_punct(".") {
        return None;
    }
    let base = exprs::type_of(types, tokens, range.start..member - 1)?;
    types.len(&base.ty, &tokens[member].text)
}

/// Tokens that end an operand of `==` / `!=`: the operators binding looser, and punctuation.
fn ends_equality_operand(t: &Token) -> bool {
    const STOPS: &[&str] = &[
        "(", ")", "[", "]", "{", "}", ",", ";", "?", ":", "==", "!=", "&&", "||", "^^", "&", "|",
        "^", "=", "+=", "-=", "*=", "/=", "%=", "<<=", ">>=", "&=", "|=", "^=",
    ];
    (t.kind == TokenKind::Punct && STOPS.contains(&t.text.as_str())) || t.is_ident("return")
}

/// The operands of the `==` / `!=` at `op`.
fn equality_operands(tokens: &[Token], op: usize) -> Option<(Range<usize>, Range<usize>)> {
    let mut start = op;
    while start > 0 {
        let t = &tokens[start - 1];
        if t.is_punct(")") || t.is_punct("]") {
            start = items::matching_open(tokens, start - 1, 0)?;
        } else if ends_equality_operand(t) {
            break;
        } else {
            start -= 1;
        }
    }
    let mut end = op + 1;
    while let Some(t) = tokens.get(end) {
        if t.is_punct("(") || t.is_punct("[") {
            end = items::matching_close(tokens, end, tokens.len())? + 1;
        } else if ends_equality_operand(t) {
            break;
        } else {
            end += 1;
        }
    }
    (start < op && end > op + 1).then_some((start..op, op + 1..end))
}

fn struct_equality(
    tokens: &[Token],
    types: &Types,
    op: usize,
    helpers: &mut Helpers,
) -> Option<Edit> {
    let (left, right) = equality_operands(tokens, op)?;
    let lt = exprs::type_of(types, tokens, left.clone())?;
    let array = lt.array && helpers.arrays;
    if !(array || (!lt.array && types.structs.contains_key(&lt.ty))) {
        return None;
    }
    let rt = exprs::type_of(types, tokens, right.clone())?;
    if rt != lt {
        return None;
    }
    let simple_left = postfix_start(tokens, op) == Some(left.start);
    let simple_right = postfix_end(tokens, right.start) == Some(right.end);
    let mut paths = leaf_paths(types, &lt.ty, 0, helpers.arrays)?;
    if array {
        // Arrays: element by element, only between names (no generated function).
        if !(simple_left && simple_right) {
            return None;
        }
        let count = array_len(tokens, types, left.clone())?;
        if array_len(tokens, types, right.clone()) != Some(count) {
            return None;
        }
        paths = elements(&paths, Some(count));
    }
    let loc = tokens[op].loc;
    let not = if tokens[op].is_punct("!=") { "!" } else { "" };
    let constructor = tokens[right.start].text == lt.ty
        && items::matching_close(tokens, right.start + 1, right.end) == Some(right.end - 1);
    if !(simple_left && (simple_right || constructor)) {
        let name = helpers
            .equal
            .entry(lt.ty.clone())
            .or_insert_with(|| helpers.names.fresh(&format!("prism_equal_{}", lt.ty)));
        let mut out = gen(&format!("{not} {name} ("), loc);
        out.extend(tokens[left.clone()].iter().cloned());
        out.extend(gen(",", loc));
        out.extend(tokens[right.clone()].iter().cloned());
        out.extend(gen(")", loc));
        return Some(Edit::replace(left.start..right.end, out));
    }
    let mut out = gen(&format!("{not} ("), loc);
    for (n, path) in paths.iter().enumerate() {
        if n > 0 {
            out.extend(gen("&&", loc));
        }
        let side = |range: Range<usize>, out: &mut Vec<Token>| {
            if constructor && range.start == right.start {
                out.extend(gen("(", loc));
                out.extend(tokens[range].iter().cloned());
                out.extend(gen(")", loc));
            } else {
                out.extend(tokens[range].iter().cloned());
            }
            out.extend(gen(&path.join(" "), loc));
        };
        side(left.clone(), &mut out);
        out.extend(gen("==", loc));
        side(right.clone(), &mut out);
    }
    out.extend(gen(")", loc));
    Some(Edit::replace(left.start..right.end, out))
}

/// The equality functions, each right after its struct's declaration.
fn equality_helpers(
    tokens: &[Token],
    types: &Types,
    equal: &BTreeMap<String, String>,
    arrays: bool,
) -> Vec<Edit> {
    let Ok(items) = items::split_items(tokens) else {
        return Vec::new();
    };
    let mut edits = Vec::new();
    for (ty, name) in equal {
        let declared = items::struct_declaration(tokens, &items, ty);
        let paths = leaf_paths(types, ty, 0, arrays);
        let (Some(item), Some(paths)) = (declared, paths) else {
            continue;
        };
        let compare: Vec<String> = paths
            .iter()
            .map(|p| format!("a {0} == b {0}", p.join(" ")))
            .collect();
        let text = format!(
            "bool {name} ( {ty} a , {ty} b ) {{ return {} ; }}",
            compare.join(" && ")
        );
        let loc = tokens[item.range.end - 1].loc;
        edits.push(Edit::insert(item.range.end, gen(&text, loc)));
    }
    edits
}

fn mat2_from_vec4(
    tokens: &[Token],
    types: &Types,
    at: usize,
    helpers: &mut Helpers,
) -> Option<Edit> {
    if !tokens.get(at + 1)?.is_punct("(") {
        return None;
    }
    let close = items::matching_close(tokens, at + 1, tokens.len())?;
    let arg = exprs::type_of(types, tokens, at + 2..close)?;
    if arg.array || arg.ty != "vec4" {
        return None;
    }
    let loc = tokens[at].loc;
    if postfix_end(tokens, at + 2) != Some(close) {
        let name = helpers
            .mat2
            .get_or_insert_with(|| helpers.names.fresh("prism_mat2_vec4"));
        let mut out = gen(&format!("{name} ("), loc);
        out.extend(tokens[at + 2..close].iter().cloned());
        out.extend(gen(")", loc));
        return Some(Edit::replace(at..close + 1, out));
    }
    let mut out = gen("mat2 (", loc);
    out.extend(tokens[at + 2..close].iter().cloned());
    out.extend(gen(". xy ,", loc));
    out.extend(tokens[at + 2..close].iter().cloned());
    out.extend(gen(". zw )", loc));
    Some(Edit::replace(at..close + 1, out))
}

/// Whether the argument starting at `start` is certainly a `float`.
fn scalar_first_argument(tokens: &[Token], types: &Types, start: usize) -> bool {
    let mut depth = 0usize;
    let mut end = start;
    while let Some(t) = tokens.get(end) {
        if t.is_punct("(") || t.is_punct("[") {
            depth += 1;
        } else if t.is_punct(")") || t.is_punct("]") {
            if depth == 0 {
                break;
            }
            depth -= 1;
        } else if t.is_punct(",") && depth == 0 {
            break;
        }
        end += 1;
    }
    exprs::type_of(types, tokens, start..end).is_some_and(|ty| !ty.array && ty.ty == "float")
}

/// GLSL ES 1.00 (WebGL 1) has no `==` / `!=` on arrays, nor on structs holding one: an error
/// at the operator (glslang: "array comparison"), where the operand types are known.
pub(super) fn es100_array_equality(tokens: &[Token], types: &Types) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for (op, t) in tokens.iter().enumerate() {
        if !(t.is_punct("==") || t.is_punct("!=")) {
            continue;
        }
        let Some((left, _)) = equality_operands(tokens, op) else {
            continue;
        };
        let Some(lt) = exprs::type_of(types, tokens, left) else {
            continue;
        };
        let holds_array = lt.array
            || (types.structs.contains_key(&lt.ty)
                && leaf_paths(types, &lt.ty, 0, false).is_none()
                && leaf_paths(types, &lt.ty, 0, true).is_some());
        if holds_array {
            errors.push(error_at(
                "E-DIALECT",
                format!("`{}` on an array, or a struct holding one", t.text),
                t.loc,
                "GLSL ES 1.00 (WebGL 1) compares arrays only element by element",
            ));
        }
    }
    errors
}
