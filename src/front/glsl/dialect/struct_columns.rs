//! `matCx2` members of the structs that only std430 blocks (storage buffers, push constants)
//! hold, with locals and parameters. `struct_members` stores a `matCx2` member as `matCx4`
//! elsewhere (std140's layout), but std430 stores its `C` columns 8 bytes apart: here the
//! member is declared `vec2 m[C]`, which naga lays out as std430 does (stride 8, aligned to 8;
//! [`std430_blocks`](super::std430_blocks) marks the blocks), and each use goes column by
//! column: a read `s.m` is `mat2(s.m[0], s.m[1])`; `s.m = X;` is
//! `{ mat2 t = X; s.m[0] = t[0]; s.m[1] = t[1]; }` (`s.m *= X;` likewise); a column `s.m[i]`
//! and an element `s.m[i][j]` are the array's own. The struct's constructors are
//! `struct_arrays`' makers, which assign member by member. `E-UNSUPPORTED`: an array of such
//! matrices there (`struct_members` reports it), a whole read or write through a base with
//! side effects (the base is repeated per column), a whole write that is not a statement. A
//! struct a std140 uniform holds too has a std140 twin
//! ([`struct_twins`](super::struct_twins)), which takes `matCx4`.

use std::collections::HashSet;

use super::block_layout::{packing, Packing};
use super::exprs::matrix;
use super::items;
use super::tokens::{self, gen, Edit};
use super::types::{held_structs, Types};
use crate::diagnostic::{error_at, Diagnostic};
use crate::front::glsl::preprocess::{Token, TokenKind};

/// What the uses of members stored as columns need: fresh names, and the errors.
pub(super) struct Columns<'n> {
    pub names: &'n tokens::Names,
    pub user_functions: HashSet<String>,
    pub errors: Vec<Diagnostic>,
}

/// The structs whose `matCx2` members are stored as columns: those std430 blocks hold and no
/// std140 uniform does (see the module docs). `struct_arrays` builds their constructors.
pub(super) fn column_structs(tokens: &[Token], types: &Types) -> HashSet<String> {
    let std140 = held_structs(tokens, types, |q| {
        q.has("uniform") && packing(q) == Packing::Std140
    });
    let std430 = held_structs(tokens, types, |q| {
        q.has("buffer") || packing(q) == Packing::Std430
    });
    std430
        .difference(&std140)
        .filter(|s| {
            let members = types.structs.get(*s).into_iter().flatten();
            members
                .map(|(_, d)| matrix(&d.ty))
                .any(|m| m.is_some_and(|(_, rows)| rows == 2))
        })
        .cloned()
        .collect()
}

/// A use of a `matCx2` member stored as `C` columns (`s.m` is `tokens[start..end]`). A
/// column or an element is the array's own. A read is `matCx2(s.m[0], ..., s.m[C - 1])`;
/// `s.m = X;` (or `s.m op= X;`) is `{ matCx2 t = X; s.m[0] = t[0]; ... }`. Both repeat the
/// base, so one with side effects (`++`, an assignment, a call of the shader's own
/// functions) is `E-UNSUPPORTED`, and so is a whole write that is not a statement.
pub(super) fn column_use(
    tokens: &[Token],
    (start, end): (usize, usize),
    (declared, c): (&str, usize),
    columns: &mut Columns,
) -> Vec<Edit> {
    let loc = tokens[end - 1].loc;
    let next = tokens.get(end);
    if next.is_some_and(|t| t.is_punct("[")) {
        return Vec::new();
    }
    let base = &tokens[start..end];
    let effect = base.iter().enumerate().find(|&(k, t)| {
        t.is_punct("++")
            || t.is_punct("--")
            || (t.kind == TokenKind::Punct && t.text.ends_with('=') && !is_comparison(&t.text))
            || (columns.user_functions.contains(&t.text)
                && base.get(k + 1).is_some_and(|n| n.is_punct("(")))
    });
    let refuse = |columns: &mut Columns, what: &str| {
        columns.errors.push(error_at(
            "E-UNSUPPORTED",
            format!("not supported by prism: a whole `{declared}` member of a struct that a std430 block holds, {what}"),
            loc,
            "std430 stores its columns 8 bytes apart: prism moves them one at a time, and repeats this expression for each",
        ));
        Vec::new()
    };
    if effect.is_some() {
        return refuse(
            columns,
            "read or written through an expression with side effects (`++`, `--`, an assignment, a call of the shader's own functions)",
        );
    }
    let matrix = format!("mat{c}x2");
    let rebuilt = || {
        let mut out = gen(&format!("{matrix} ("), loc);
        for k in 0..c {
            if k > 0 {
                out.extend(gen(",", loc));
            }
            out.extend(base.iter().cloned());
            out.extend(gen(&format!("[ {k} ]"), loc));
        }
        out.extend(gen(")", loc));
        out
    };
    let assignment = next.filter(|t| t.is_punct("=") || COMPOUND.contains(&t.text.as_str()));
    let Some(op) = assignment else {
        return vec![Edit::replace(start..end, rebuilt())];
    };
    let statement = starts_statement(tokens, start);
    let stop = operand_end(tokens, end + 1).filter(|&k| tokens[k].is_punct(";"));
    let Some(stop) = stop.filter(|_| statement) else {
        return refuse(columns, "assigned inside an expression");
    };
    let t = columns.names.fresh("prism_columns");
    let mut head = gen(&format!("{{ {matrix} {t} ="), loc);
    if op.text != "=" {
        head.extend(rebuilt());
        head.extend(gen(&format!("{} (", &op.text[..op.text.len() - 1]), loc));
    }
    let mut tail = Vec::new();
    if op.text != "=" {
        tail.extend(gen(")", loc));
    }
    for k in 0..c {
        tail.extend(gen(";", loc));
        tail.extend(base.iter().cloned());
        tail.extend(gen(&format!("[ {k} ] = {t} [ {k} ]"), loc));
    }
    tail.extend(gen("; } ;", loc));
    // The `;` itself is replaced, so that what other uses insert before it (the `)` of a
    // converted read) stays inside the statement.
    vec![
        Edit::replace(start..end + 1, head),
        Edit::replace(stop..stop + 1, tail),
    ]
}

fn is_comparison(op: &str) -> bool {
    matches!(op, "==" | "!=" | "<=" | ">=")
}

/// Assignment operators other than `=`.
pub(super) const COMPOUND: &[&str] =
    &["+=", "-=", "*=", "/=", "%=", "<<=", ">>=", "&=", "|=", "^="];

/// The end of the statement or argument from `from`: the first `;`, `,` or unmatched `)` at
/// depth 0.
pub(super) fn operand_end(tokens: &[Token], from: usize) -> Option<usize> {
    let mut k = from;
    while let Some(t) = tokens.get(k) {
        if t.is_punct("(") || t.is_punct("[") {
            k = items::matching_close(tokens, k, tokens.len())?;
        } else if t.is_punct(";") || t.is_punct(",") || t.is_punct(")") || t.is_punct("]") {
            return Some(k);
        }
        k += 1;
    }
    None
}

/// Whether an expression statement can start at `at`: after `{`, `}`, `;`, `)` (an `if` or
/// loop head) or `else`, or at the start.
pub(super) fn starts_statement(tokens: &[Token], at: usize) -> bool {
    at == 0
        || ["{", "}", ";", ")"]
            .iter()
            .any(|p| tokens[at - 1].is_punct(p))
        || tokens[at - 1].is_ident("else")
}
