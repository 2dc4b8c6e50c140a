//! The loop limits of GLSL ES 1.00 Appendix A, which every WebGL 1 implementation (ANGLE)
//! enforces although the core ES 1.00 grammar allows more:
//!
//! - no `while` and no `do ... while` loops;
//! - a `for` loop has the form `for (type i = constant; i relop constant; step)`, where the
//!   step is `i++`, `i--`, `i += constant` or `i -= constant` (ANGLE also takes `++i` and
//!   `--i`, so prism does too; glslang does not);
//! - the loop index is not modified in the body: not assigned, incremented, or passed as an
//!   `out` / `inout` argument.
//!
//! Each is reported where glslang reports it (with the Appendix A limits switched on, as in
//! `fixtures/glslang/webgl1_appendixA.conf`): the `while` or `do` keyword, the `for` keyword
//! for a loop header of the wrong form, and the modifying use of the index.
//!
//! Sampler-array indexing (Appendix A's constant-index-expressions, which include loop
//! indices) is checked by the sampler rewrite, not here.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::items::{self, ItemKind};
use crate::diagnostic::{error_at, Diagnostic};
use crate::front::glsl::preprocess::{Token, TokenKind};

const RELATIONAL: &[&str] = &["<", ">", "<=", ">=", "==", "!="];

const MODIFYING: &[&str] = &[
    "=", "+=", "-=", "*=", "/=", "%=", "<<=", ">>=", "&=", "^=", "|=", "++", "--",
];

/// Appendix A violations of a GLSL ES 1.00 shader whose items split.
pub(super) fn check(tokens: &[Token], items: &[items::Item]) -> Vec<Diagnostic> {
    let consts = const_names(tokens);
    let user = items::user_function_names(tokens);
    let out_params = out_parameters(tokens, items);
    let mut errors = Vec::new();
    for item in items {
        let ItemKind::Function { body, .. } = &item.kind else {
            continue;
        };
        let scope = Scope {
            tokens,
            consts: &consts,
            user: &user,
            out_params: &out_params,
        };
        scope.body(body.clone(), &mut errors);
    }
    errors
}

struct Scope<'a> {
    tokens: &'a [Token],
    consts: &'a HashSet<String>,
    user: &'a HashSet<String>,
    out_params: &'a HashMap<String, Vec<bool>>,
}

impl Scope<'_> {
    fn body(&self, body: Range<usize>, errors: &mut Vec<Diagnostic>) {
        let tokens = self.tokens;
        let mut do_whiles = HashSet::new();
        for i in body.clone() {
            let t = &tokens[i];
            if t.kind != TokenKind::Ident || (i > 0 && tokens[i - 1].is_punct(".")) {
                continue;
            }
            match t.text.as_str() {
                "do" => {
                    if let Some(last) = statement_end(tokens, i + 1, body.end) {
                        do_whiles.insert(last + 1); // the `while` after the body
                    }
                    errors.push(error_at(
                        "E-DIALECT",
                        "`do`-`while` loops are not allowed in WebGL 1 (GLSL ES 1.00 Appendix A)",
                        t.loc,
                        "use a `for` loop with a constant bound and `break`",
                    ));
                }
                "while" if !do_whiles.contains(&i) => errors.push(error_at(
                    "E-DIALECT",
                    "`while` loops are not allowed in WebGL 1 (GLSL ES 1.00 Appendix A)",
                    t.loc,
                    "use a `for` loop with a constant bound and `break`",
                )),
                "for" => {
                    if let Some(e) = self.for_loop(i, body.end) {
                        errors.push(e);
                    }
                }
                _ => {}
            }
        }
    }

    /// The error of the `for` loop at `at`, if any.
    fn for_loop(&self, at: usize, end: usize) -> Option<Diagnostic> {
        let tokens = self.tokens;
        let open = at + 1;
        if !tokens.get(open)?.is_punct("(") {
            return None;
        }
        let close = items::matching_close(tokens, open, end)?;
        let parts = split_top(tokens, open + 1..close, ";");
        let [init, cond, step] = parts.as_slice() else {
            return None; // not a `for` naga reads either; its error says more
        };
        let form = |what: &str, form: &str| {
            Some(error_at(
                "E-DIALECT",
                format!(
                    "WebGL 1 (GLSL ES 1.00 Appendix A) requires the loop {what} to have the form `{form}`"
                ),
                tokens[at].loc,
                "this loop is not of the form WebGL 1 allows",
            ))
        };
        let Some(index) = self.init_index(init.clone()) else {
            return form("initializer", "int i = constant");
        };
        if !self.condition_ok(cond.clone(), &index) {
            return form("condition", "i < constant (or <=, >, >=, ==, !=)");
        }
        if !self.step_ok(step.clone(), &index) {
            return form("step", "i++, i--, i += constant or i -= constant");
        }
        let body_start = close + 1;
        let body_end = statement_end(tokens, body_start, end)?;
        self.modification(&index, body_start..body_end + 1)
    }

    /// `[precision] int|float i = constant`: the loop index's name.
    fn init_index(&self, range: Range<usize>) -> Option<String> {
        let tokens = self.tokens;
        let mut k = range.start;
        while k < range.end && items::PRECISIONS.contains(&tokens[k].text.as_str()) {
            k += 1;
        }
        let ty = tokens.get(k).filter(|_| k < range.end)?;
        if !(ty.is_ident("int") || ty.is_ident("float")) {
            return None;
        }
        let name = tokens.get(k + 1).filter(|n| n.kind == TokenKind::Ident)?;
        if !tokens.get(k + 2)?.is_punct("=") || k + 3 >= range.end {
            return None;
        }
        let value = k + 3..range.end;
        if !self.constant(value) {
            return None;
        }
        Some(name.text.clone())
    }

    fn condition_ok(&self, range: Range<usize>, index: &str) -> bool {
        let tokens = self.tokens;
        let (Some(first), Some(op)) = (tokens.get(range.start), tokens.get(range.start + 1)) else {
            return false;
        };
        range.len() > 2
            && first.is_ident(index)
            && op.kind == TokenKind::Punct
            && RELATIONAL.contains(&op.text.as_str())
            && self.constant(range.start + 2..range.end)
    }

    fn step_ok(&self, range: Range<usize>, index: &str) -> bool {
        let t: Vec<&Token> = self.tokens[range.clone()].iter().collect();
        let incdec = |t: &Token| t.is_punct("++") || t.is_punct("--");
        match t.as_slice() {
            [a, b] => (a.is_ident(index) && incdec(b)) || (incdec(a) && b.is_ident(index)),
            [a, op, ..] if a.is_ident(index) && (op.is_punct("+=") || op.is_punct("-=")) => {
                self.constant(range.start + 2..range.end)
            }
            _ => false,
        }
    }

    fn constant(&self, range: Range<usize>) -> bool {
        is_constant(self.tokens, range, self.consts, self.user)
    }

    /// The first write to the loop index `index` in `body`: an assignment, `++`/`--`, or an
    /// `out`/`inout` argument of a user function. A body that declares another variable of
    /// the same name is left alone (shadowing is not tracked).
    fn modification(&self, index: &str, body: Range<usize>) -> Option<Diagnostic> {
        let tokens = self.tokens;
        let redeclared = body.clone().any(|i| {
            tokens[i].is_ident(index)
                && i > 0
                && tokens[i - 1].kind == TokenKind::Ident
                && !matches!(tokens[i - 1].text.as_str(), "return" | "else" | "case")
        });
        if redeclared {
            return None;
        }
        let error = |t: &Token| {
            Some(error_at(
                "E-DIALECT",
                format!(
                    "the loop index `{index}` is modified in the loop body, which WebGL 1 (GLSL ES 1.00 Appendix A) forbids"
                ),
                t.loc,
                "loop index written here",
            ))
        };
        for i in body.clone() {
            let t = &tokens[i];
            if t.is_ident(index) && !(i > 0 && tokens[i - 1].is_punct(".")) {
                let after = tokens.get(i + 1).is_some_and(|n| {
                    n.kind == TokenKind::Punct && MODIFYING.contains(&n.text.as_str())
                });
                let before =
                    i > 0 && (tokens[i - 1].is_punct("++") || tokens[i - 1].is_punct("--"));
                if after || before {
                    return error(t);
                }
            }
            // `f(..., i, ...)` where that parameter of `f` is `out` or `inout`.
            let Some(outs) = self.out_params.get(&t.text) else {
                continue;
            };
            if t.kind != TokenKind::Ident || !tokens.get(i + 1).is_some_and(|n| n.is_punct("(")) {
                continue;
            }
            let Some(close) = items::matching_close(tokens, i + 1, body.end) else {
                continue;
            };
            for (k, arg) in split_top(tokens, i + 2..close, ",").into_iter().enumerate() {
                if arg.len() == 1 && tokens[arg.start].is_ident(index) && outs.get(k) == Some(&true)
                {
                    return error(&tokens[arg.start]);
                }
            }
        }
        None
    }
}

/// Whether `tokens[range]` is a constant expression as GLSL ES reads it: literals, `const`
/// variables (`consts`), `.length()` and members, and constructors or built-in functions
/// (not texture lookups) of them. No uniform, variable, parameter, loop index or call of a
/// user function (`user`); no assignment or sequence.
pub(super) fn is_constant(
    tokens: &[Token],
    range: Range<usize>,
    consts: &HashSet<String>,
    user: &HashSet<String>,
) -> bool {
    if range.is_empty() {
        return false;
    }
    let mut depth = 0i32;
    range.clone().all(|i| {
        let t = &tokens[i];
        match t.kind {
            TokenKind::Int | TokenKind::Float => true,
            TokenKind::Punct => {
                match t.text.as_str() {
                    "(" | "[" => depth += 1,
                    ")" | "]" => depth -= 1,
                    _ => {}
                }
                let sequence = t.text == "," && depth == 0;
                !(MODIFYING.contains(&t.text.as_str()) || sequence)
            }
            TokenKind::Ident => {
                let member = i > 0 && tokens[i - 1].is_punct(".");
                let call = tokens.get(i + 1).is_some_and(|n| n.is_punct("("));
                member
                    || t.is_ident("true")
                    || t.is_ident("false")
                    || consts.contains(&t.text)
                    || t.text.starts_with("gl_Max")
                    || super::arrays::is_builtin_type(&t.text)
                    || (call && !user.contains(&t.text) && !t.text.starts_with("texture"))
            }
        }
    })
}

/// `range` split at the top-level `sep` tokens.
pub(super) fn split_top(tokens: &[Token], range: Range<usize>, sep: &str) -> Vec<Range<usize>> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut start = range.start;
    for i in range.clone() {
        let t = &tokens[i];
        if t.kind != TokenKind::Punct {
            continue;
        }
        match t.text.as_str() {
            "(" | "[" | "{" => depth += 1,
            ")" | "]" | "}" => depth -= 1,
            s if s == sep && depth == 0 => {
                parts.push(start..i);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(start..range.end);
    parts
}

/// The index of the last token of the statement starting at `at`: a `{ ... }` block's `}`,
/// or the `;` ending a simple statement (a nested `for (...)`'s header is skipped).
fn statement_end(tokens: &[Token], at: usize, end: usize) -> Option<usize> {
    if tokens.get(at)?.is_punct("{") {
        return items::matching_close(tokens, at, end);
    }
    let mut i = at;
    while i < end {
        let t = &tokens[i];
        if t.is_punct("(") || t.is_punct("[") || t.is_punct("{") {
            i = items::matching_close(tokens, i, end)?;
            if t.is_punct("{") {
                return Some(i);
            }
        } else if t.is_punct(";") {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// Every name declared `const` anywhere (shadowing is not tracked: a name declared `const`
/// somewhere counts as constant everywhere, which only makes the rules more lenient).
pub(super) fn const_names(tokens: &[Token]) -> HashSet<String> {
    let mut names = HashSet::new();
    for (i, t) in tokens.iter().enumerate() {
        if !t.is_ident("const") {
            continue;
        }
        // `const [precision] type name [= ...] {, name [= ...]} ;`
        let mut k = i + 1;
        while tokens
            .get(k)
            .is_some_and(|t| items::PRECISIONS.contains(&t.text.as_str()))
        {
            k += 1;
        }
        let Some(end) = (k..tokens.len()).find(|&j| {
            tokens[j].is_punct(";") || tokens[j].is_punct(")") || tokens[j].is_punct("{")
        }) else {
            continue;
        };
        names.extend(
            items::declarators(tokens, k + 1, end)
                .into_iter()
                .map(|(n, _)| n),
        );
    }
    names
}

/// For each user function, whether each parameter is `out` or `inout` (overloads merged:
/// a position is `out` when it is in any overload).
fn out_parameters(tokens: &[Token], items: &[items::Item]) -> HashMap<String, Vec<bool>> {
    let mut map: HashMap<String, Vec<bool>> = HashMap::new();
    for item in items {
        let (Some(name), Some(params)) = (
            items::function_name(tokens, item),
            items::param_range(tokens, item),
        ) else {
            continue;
        };
        let outs: Vec<bool> = split_top(tokens, params, ",")
            .into_iter()
            .map(|p| {
                tokens[p]
                    .iter()
                    .any(|t| t.is_ident("out") || t.is_ident("inout"))
            })
            .collect();
        let entry = map.entry(name).or_default();
        if entry.len() < outs.len() {
            entry.resize(outs.len(), false);
        }
        for (k, o) in outs.into_iter().enumerate() {
            entry[k] |= o;
        }
    }
    map
}
