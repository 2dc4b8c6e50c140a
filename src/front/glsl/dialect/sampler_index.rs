//! Arrays of combined samplers indexed by something other than a literal: each call that
//! takes `maps[e]` becomes a selection among the calls that take `maps[0]`, `maps[1]`, ...
//!
//! `samplers` splits a combined sampler array into one texture and sampler per element (naga
//! has no arrays of textures outside binding arrays), so every use must name an element.
//! GLSL ES 1.00 (Appendix A) lets a sampler array be indexed by a constant-index-expression:
//! constants and `for` loop indices, which is how three.js walks its shadow maps
//! (`for (int i = 0; i < N; i++) s *= getShadow(shadowMap[i], ...)`). GLSL ES 3.00 takes
//! constant integral expressions only (glslang refuses a loop index there, and so does
//! prism); constant expressions such as `maps[K + 1]` come here too.
//!
//! In: the preprocessed tokens. Out: the same tokens, where each call with a sampler-array
//! argument `arr[e]` (`e` not a literal) is replaced by a binary search on `e` whose leaves
//! are copies of the call with the literal element:
//!
//! ```text
//! texture2D(maps[i], uv)  ->  ( int ( i ) < 1 ? texture2D(maps[0], uv) : texture2D(maps[1], uv) )
//! accumulate(maps[i]);    ->  { if ( int ( i ) < 1 ) { accumulate(maps[0]); } else { accumulate(maps[1]); } }
//! ```
//!
//! Why this and not unrolling the loop: the rewrite stays inside the one call, so `break`,
//! `continue`, `return` and locals of the loop body are untouched, the index may be any
//! constant-index-expression (not only a loop counter), and every copied token keeps its
//! own location, so diagnostics and `annotate` still point at the user's line. naga reads
//! `?:` as an `if` (its GLSL reader lowers a conditional to a branch and a temporary), so each
//! execution evaluates the call's other arguments once, in the one leaf it takes. The index
//! is evaluated at each level of the search (log2 of the size): it has no side effects (a
//! constant-index-expression cannot; elsewhere prism refuses one that has). An index out of
//! range selects the nearest element. Other uses of an element with the same index inside
//! the call (`f(maps[i], g(maps[i]))`) take the same literal, so the call is copied once per
//! element, not once per element and use.
//!
//! Vulkan and desktop GLSL keep their sampler arrays as naga binding arrays (see
//! `intrinsics::binding_arrays`), except shadow samplers, which naga's reader cannot combine
//! from an array element: those are selected here too, with any index.
//!
//! Trap: a local or parameter with the name of a global sampler array is not told apart.

use std::collections::{HashMap, HashSet};

use super::items::{self, ItemKind};
use super::samplers::{array_size, constant_ints, split_type, MAX_SAMPLER_ARRAY};
use super::tokens::{gen, renamed};
use super::version::Dialect;
use crate::diagnostic::{error_at, Diagnostic};
use crate::front::glsl::preprocess::{Token, TokenKind};

/// How many tokens the selections may add, and the most calls selected: a call taking
/// elements of several arrays by different indices multiplies its copies.
const MAX_GROWTH: usize = 1 << 16;
const MAX_SELECTIONS: usize = 256;

/// Every call taking a non-literal element of a split sampler array, selected (see the
/// module docs); an index the dialect does not allow is an error at its line.
pub(super) fn select_elements(
    mut tokens: Vec<Token>,
    dialect: Dialect,
) -> Result<Vec<Token>, Vec<Diagnostic>> {
    let arrays = sampler_arrays(&tokens, dialect);
    if arrays.is_empty() {
        return Ok(tokens);
    }
    let constants = constant_names(&tokens);
    let loops = loop_indices(&tokens);
    let errors: Vec<Diagnostic> = uses(&tokens, &arrays)
        .into_iter()
        .filter(|u| !u.literal)
        .filter_map(|u| check_index(&tokens, &u, dialect, &constants, &loops))
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut selections = 0;
    let original = tokens.len();
    // Everything before a selected call is done: the next search starts there.
    let mut from = 0;
    while let Some(first) = next_selection(&tokens, &arrays, from) {
        from = select(&mut tokens, &first, &arrays)?;
        selections += 1;
        if tokens.len() > original + MAX_GROWTH || selections > MAX_SELECTIONS {
            let t = &first.name;
            return Err(vec![error_at(
                "E-UNSUPPORTED",
                format!(
                    "selecting elements of `{}` makes the shader too large for prism",
                    t.text
                ),
                t.loc,
                "index this sampler array with literals",
            )]);
        }
    }
    Ok(tokens)
}

/// The first use at or after `from` whose index is not a literal.
fn next_selection(tokens: &[Token], arrays: &HashMap<String, u32>, from: usize) -> Option<Use> {
    (from..tokens.len()).find_map(|at| use_at(tokens, arrays, at).filter(|u| !u.literal))
}

/// A use `name [ index ]` of a split sampler array.
struct Use {
    name: Token,
    /// Token index of `name`; the index is `at + 2 .. close`.
    at: usize,
    close: usize,
    size: u32,
    literal: bool,
}

/// Global arrays of combined samplers that `samplers` splits per element, with their sizes:
/// every one in GLSL ES, shadow samplers elsewhere.
fn sampler_arrays(tokens: &[Token], dialect: Dialect) -> HashMap<String, u32> {
    let es = matches!(dialect, Dialect::Es100 | Dialect::Es3(_));
    let mut out = HashMap::new();
    let sizes = constant_ints(tokens);
    let Ok(items) = items::split_items(tokens) else {
        return out; // the declaration pass reports it
    };
    for item in items.iter().filter(|i| i.kind == ItemKind::Declaration) {
        let q = items::qualifiers(tokens, item.range.clone());
        let Some(ty) = tokens.get(q.type_start).filter(|_| q.has("uniform")) else {
            continue;
        };
        if split_type(&ty.text).is_none() || !(es || ty.text.ends_with("Shadow")) {
            continue;
        }
        for (name, array) in items::declarators(tokens, q.type_start + 1, item.range.end) {
            let size = array.as_deref().and_then(|a| array_size(a, &sizes));
            if let Some(n) = size.filter(|n| (1..=MAX_SAMPLER_ARRAY).contains(n)) {
                out.insert(name, n);
            }
        }
    }
    out
}

/// Every use of a split sampler array, in order.
fn uses(tokens: &[Token], arrays: &HashMap<String, u32>) -> Vec<Use> {
    (0..tokens.len())
        .filter_map(|at| use_at(tokens, arrays, at))
        .collect()
}

/// The use of a split sampler array at token `at`, if there is one.
fn use_at(tokens: &[Token], arrays: &HashMap<String, u32>, at: usize) -> Option<Use> {
    let t = &tokens[at];
    if t.kind != TokenKind::Ident {
        return None;
    }
    let &size = arrays.get(&t.text)?;
    {
        // `.name` is a member; `TYPE name [` a declaration.
        let before = at.checked_sub(1).map(|b| &tokens[b]);
        if before.is_some_and(|b| b.is_punct(".") || b.kind == TokenKind::Ident)
            || !tokens.get(at + 1).is_some_and(|n| n.is_punct("["))
        {
            return None;
        }
        let close = items::matching_close(tokens, at + 1, tokens.len())?;
        let literal = close == at + 3 && tokens[at + 2].kind == TokenKind::Int;
        Some(Use {
            name: t.clone(),
            at,
            close,
            size,
            literal,
        })
    }
}

/// Names declared `const` anywhere (globals and locals): constant expressions may use them.
fn constant_names(tokens: &[Token]) -> HashSet<String> {
    let mut out = HashSet::new();
    for (i, t) in tokens.iter().enumerate() {
        if !t.is_ident("const") {
            continue;
        }
        // `const [precision] type name [= ...] {, name [= ...]} ;`
        let mut depth = 0usize;
        let mut expect = false;
        let mut seen_type = false;
        for u in &tokens[i + 1..] {
            if u.is_punct("(") || u.is_punct("[") || u.is_punct("{") {
                depth += 1;
            } else if u.is_punct(")") || u.is_punct("]") || u.is_punct("}") {
                if depth == 0 {
                    break; // a `const` parameter: `(const int n)`
                }
                depth -= 1;
            } else if depth == 0 && u.is_punct(";") {
                break;
            } else if depth == 0 && u.is_punct(",") {
                expect = true;
            } else if depth == 0 && u.is_punct("=") {
                expect = false;
            } else if depth == 0 && u.kind == TokenKind::Ident {
                if !seen_type {
                    seen_type = !matches!(u.text.as_str(), "lowp" | "mediump" | "highp");
                    expect = seen_type;
                } else if expect {
                    out.insert(u.text.clone());
                    expect = false;
                }
            }
        }
    }
    out
}

/// `for (int i = ...; ...) body`: each loop index with the token range where it is in scope.
fn loop_indices(tokens: &[Token]) -> Vec<(String, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if !t.is_ident("for") || !tokens.get(i + 1).is_some_and(|n| n.is_punct("(")) {
            continue;
        }
        let Some(header) = items::matching_close(tokens, i + 1, tokens.len()) else {
            continue;
        };
        let mut j = i + 2;
        while tokens
            .get(j)
            .is_some_and(|t| matches!(t.text.as_str(), "lowp" | "mediump" | "highp" | "const"))
        {
            j += 1;
        }
        let (Some(_ty), Some(name)) = (tokens.get(j), tokens.get(j + 1)) else {
            continue;
        };
        if name.kind != TokenKind::Ident || !tokens.get(j + 2).is_some_and(|e| e.is_punct("=")) {
            continue;
        }
        let end = statement_end(tokens, header + 1);
        out.push((name.text.clone(), i..end));
    }
    out
}

/// The end (exclusive) of the statement starting at `at`: a `{ ... }` block, or up to the
/// first `;` outside brackets (a little more for an `if` without `else`: scope only widens).
fn statement_end(tokens: &[Token], at: usize) -> usize {
    if tokens.get(at).is_some_and(|t| t.is_punct("{")) {
        if let Some(close) = items::matching_close(tokens, at, tokens.len()) {
            return close + 1;
        }
    }
    let mut depth = 0usize;
    for (j, t) in tokens.iter().enumerate().skip(at) {
        if t.is_punct("(") || t.is_punct("[") || t.is_punct("{") {
            depth += 1;
        } else if t.is_punct(")") || t.is_punct("]") || t.is_punct("}") {
            depth = depth.saturating_sub(1);
        } else if depth == 0 && t.is_punct(";") {
            return j + 1;
        }
    }
    tokens.len()
}

/// Whether the index of `u` is one the dialect allows; the error when it is not.
fn check_index(
    tokens: &[Token],
    u: &Use,
    dialect: Dialect,
    constants: &HashSet<String>,
    loops: &[(String, std::ops::Range<usize>)],
) -> Option<Diagnostic> {
    let index = &tokens[u.at + 2..u.close];
    let whole = u.name.loc.join(tokens[u.close].loc);
    let name = &u.name.text;
    // An operator that writes: the index would be evaluated more than once.
    if let Some(w) = index
        .iter()
        .find(|t| t.kind == TokenKind::Punct && super::exprs::WRITES.contains(&t.text.as_str()))
    {
        return Some(error_at(
            "E-UNSUPPORTED",
            format!("an index of the sampler array `{name}` that writes (`{}`)", w.text),
            whole,
            "prism selects the element by comparing the index, which evaluates it more than once; compute the index first",
        ));
    }
    let es100 = dialect == Dialect::Es100;
    if !matches!(dialect, Dialect::Es100 | Dialect::Es3(_)) {
        return None;
    }
    for (k, t) in index.iter().enumerate() {
        if t.kind != TokenKind::Ident || constants.contains(&t.text) {
            continue;
        }
        let call = index.get(k + 1).is_some_and(|n| n.is_punct("("));
        if call && matches!(t.text.as_str(), "int" | "uint") {
            continue;
        }
        let at = u.at + 2 + k;
        let loop_index = loops.iter().any(|(n, r)| n == &t.text && r.contains(&at));
        if loop_index && es100 {
            continue;
        }
        return Some(if es100 {
            error_at(
                "E-DIALECT",
                format!("`{name}` indexed by `{}`, which is not a constant-index-expression", t.text),
                whole,
                "GLSL ES 1.00 (Appendix A) indexes sampler arrays only with constants and `for` loop indices",
            )
        } else if loop_index {
            error_at(
                "E-DIALECT",
                format!("`{name}` indexed by the loop index `{}`, which is not a constant integral expression", t.text),
                whole,
                "GLSL ES 3.00 indexes sampler arrays only with constant integral expressions (ES 1.00 allowed loop indices): index with literals",
            )
        } else {
            error_at(
                "E-DIALECT",
                format!(
                    "`{name}` indexed by `{}`, which is not a constant integral expression",
                    t.text
                ),
                whole,
                "GLSL ES 3.00 indexes sampler arrays only with constant integral expressions",
            )
        });
    }
    None
}

/// The call around `u`, replaced by the selection among its per-element copies; where the
/// selection starts.
fn select(
    tokens: &mut Vec<Token>,
    u: &Use,
    arrays: &HashMap<String, u32>,
) -> Result<usize, Vec<Diagnostic>> {
    let not_an_argument =
        || {
            vec![error_at(
            "E-DIALECT",
            format!("`{}` is indexed by a non-literal outside a function argument", u.name.text),
            u.name.loc.join(tokens[u.close].loc),
            "a sampler array element can only be passed to a function (`texture2D(maps[i], uv)`)",
        )]
        };
    let direct = u.at > 0
        && (tokens[u.at - 1].is_punct("(") || tokens[u.at - 1].is_punct(","))
        && tokens
            .get(u.close + 1)
            .is_some_and(|t| t.is_punct(",") || t.is_punct(")"));
    let open = enclosing_paren(tokens, u.at).filter(|_| direct);
    let Some(open) = open.filter(|&o| o > 0 && tokens[o - 1].kind == TokenKind::Ident) else {
        return Err(not_an_argument());
    };
    let Some(close) = items::matching_close(tokens, open, tokens.len()) else {
        return Err(not_an_argument());
    };
    let start = open - 1;
    let index: Vec<Token> = tokens[u.at + 2..u.close].to_vec();
    // The other uses in the call with the same index and an array of the same size.
    let same: Vec<(usize, usize)> = (start..=close)
        .filter_map(|at| use_at(tokens, arrays, at))
        .filter(|v| v.close <= close && v.size == u.size && !v.literal)
        .filter(|v| same_text(&tokens[v.at + 2..v.close], &index))
        .map(|v| (v.at + 2, v.close))
        .collect();
    let copy = |k: u32| -> Vec<Token> {
        let mut out = Vec::new();
        let mut pos = start;
        for &(from, to) in &same {
            out.extend_from_slice(&tokens[pos..from]);
            out.push(Token {
                kind: TokenKind::Int,
                ..renamed(&tokens[from], &k.to_string())
            });
            pos = to;
        }
        out.extend_from_slice(&tokens[pos..=close]);
        out
    };
    let statement = (start == 0
        || ["{", "}", ";", ")"]
            .iter()
            .any(|p| tokens[start - 1].is_punct(p))
        || tokens[start - 1].is_ident("else"))
        && tokens.get(close + 1).is_some_and(|t| t.is_punct(";"));
    let loc = u.name.loc;
    let compare = |mid: u32| {
        let mut out = gen("int (", loc);
        out.extend(index.iter().cloned());
        out.extend(gen(&format!(") < {mid}"), loc));
        out
    };
    let (end, insert) = if statement {
        let mut insert = gen("{", loc);
        search(&STATEMENT, (0, u.size), &copy, &compare, loc, &mut insert);
        insert.extend(gen("}", loc));
        (close + 2, insert)
    } else {
        let mut insert = Vec::new();
        search(&EXPRESSION, (0, u.size), &copy, &compare, loc, &mut insert);
        (close + 1, insert)
    };
    tokens.splice(start..end, insert);
    Ok(start)
}

/// The words a selection is written with: around the comparison, between the halves, after
/// them, and after each single-element copy.
struct Shape {
    open: &'static str,
    then: &'static str,
    or_else: &'static str,
    close: &'static str,
    leaf: &'static str,
}

/// `( int(e) < mid ? low : high )`, for a call inside an expression.
const EXPRESSION: Shape = Shape {
    open: "(",
    then: "?",
    or_else: ":",
    close: ")",
    leaf: "",
};

/// `if (int(e) < mid) { low } else { high }`, for a call that is a statement (`call ;`).
const STATEMENT: Shape = Shape {
    open: "if (",
    then: ") {",
    or_else: "} else {",
    close: "}",
    leaf: ";",
};

/// The selection among the copies of elements `lo..hi`, halved down to single elements.
fn search(
    shape: &Shape,
    (lo, hi): (u32, u32),
    copy: &dyn Fn(u32) -> Vec<Token>,
    compare: &dyn Fn(u32) -> Vec<Token>,
    loc: crate::source::Loc,
    out: &mut Vec<Token>,
) {
    if hi - lo <= 1 {
        out.extend(copy(lo));
        out.extend(gen(shape.leaf, loc));
        return;
    }
    let mid = lo + (hi - lo) / 2;
    out.extend(gen(shape.open, loc));
    out.extend(compare(mid));
    out.extend(gen(shape.then, loc));
    search(shape, (lo, mid), copy, compare, loc, out);
    out.extend(gen(shape.or_else, loc));
    search(shape, (mid, hi), copy, compare, loc, out);
    out.extend(gen(shape.close, loc));
}

fn same_text(a: &[Token], b: &[Token]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.text == y.text)
}

/// The `(` that encloses token `at` (at any depth of `[`), if within the statement.
fn enclosing_paren(tokens: &[Token], at: usize) -> Option<usize> {
    let mut depth = 0usize;
    for j in (0..at).rev() {
        let t = &tokens[j];
        if t.is_punct(")") || t.is_punct("]") {
            depth += 1;
        } else if t.is_punct("(") || t.is_punct("[") {
            if depth == 0 {
                return t.is_punct("(").then_some(j);
            }
            depth -= 1;
        } else if depth == 0 && (t.is_punct(";") || t.is_punct("{") || t.is_punct("}")) {
            return None;
        }
    }
    None
}

#[cfg(test)]
#[path = "sampler_index_tests.rs"]
mod tests;
