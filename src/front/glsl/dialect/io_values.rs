//! Whole-value uses of the struct inputs and outputs [`io_blocks`](super::io_blocks)
//! flattens into one variable per member: `v` of `out S v;`, and a nested member `vs.a` of a
//! struct type. naga's reader no longer knows the name, so each use is rebuilt from the
//! members' variables:
//! - a read becomes a constructor of them, `S(v_uv, Inner(v_a_uv, v_a_w))`;
//! - `v = X;` (a statement) becomes `{ S t = X; v_uv = t.uv; v_a_uv = t.a.uv; ... }`.
//!
//! Left for naga to report: a whole value passed to an `out` or `inout` parameter, and an
//! assignment inside an expression. A function whose parameters or locals shadow the name
//! keeps its own.

use std::collections::HashSet;
use std::ops::Range;

use super::items::{self, ItemKind};
use super::struct_columns::{operand_end, starts_statement};
use super::tokens::{gen, Edit, Names};
use crate::front::glsl::preprocess::Token;

/// A chain of names (`v`, `a`, `uv`) and what it stands for: a variable, or a struct type.
type Named = (Vec<String>, String);

pub(super) struct Values {
    /// Member chains → the variable each became, in declaration order.
    leaves: Vec<Named>,
    /// Chains naming a struct value → its type, longest first.
    wholes: Vec<Named>,
    /// Functions' bodies and the names their parameters and locals declare.
    scopes: Vec<(Range<usize>, HashSet<String>)>,
    temp: String,
}

impl Values {
    pub fn new(tokens: &[Token], leaves: &[Named], wholes: &[Named], names: &Names) -> Self {
        let mut wholes = wholes.to_vec();
        wholes.sort_by_key(|(chain, _)| std::cmp::Reverse(chain.len()));
        // Only whole values need the functions' declared names (most shaders have none).
        let scopes = (!wholes.is_empty())
            .then(|| items::split_items(tokens).ok())
            .flatten()
            .unwrap_or_default()
            .into_iter()
            .filter_map(|item| match item.kind {
                ItemKind::Function { params, body, .. } => {
                    let declared = items::local_names(tokens, params, body.clone());
                    Some((item.range, declared))
                }
                ItemKind::Declaration => None,
            })
            .collect();
        Values {
            leaves: leaves.to_vec(),
            wholes,
            scopes,
            temp: names.fresh("prism_value"),
        }
    }

    /// The members of `chain` one level down, in declaration order.
    fn children(&self, chain: &[String]) -> Vec<Vec<String>> {
        let mut out: Vec<Vec<String>> = Vec::new();
        for (leaf, _) in &self.leaves {
            if leaf.len() > chain.len() && leaf.starts_with(chain) {
                let child = leaf[..=chain.len()].to_vec();
                if !out.contains(&child) {
                    out.push(child);
                }
            }
        }
        out
    }

    /// The constructor rebuilding the struct value `chain` of type `ty`.
    fn constructor(&self, chain: &[String], ty: &str) -> String {
        let args: Vec<String> = self
            .children(chain)
            .iter()
            .map(|child| {
                let leaf = self.leaves.iter().find(|(c, _)| c == child);
                let whole = self.wholes.iter().find(|(c, _)| c == child);
                match (leaf, whole) {
                    (Some((_, variable)), _) => variable.clone(),
                    (None, Some((_, t))) => self.constructor(child, t),
                    (None, None) => String::new(),
                }
            })
            .collect();
        format!("{ty} ( {} )", args.join(" , "))
    }

    /// A whole use of a struct value starting at `i` (`matches` tells whether a chain starts
    /// there): its edits, and where the caller's scan goes on.
    pub fn use_at(
        &self,
        tokens: &[Token],
        i: usize,
        matches: &impl Fn(usize, &[String]) -> bool,
    ) -> Option<(Vec<Edit>, usize)> {
        let (chain, ty) = self.wholes.iter().find(|(c, _)| matches(i, c))?;
        let shadowed = self
            .scopes
            .iter()
            .any(|(range, declared)| range.contains(&i) && declared.contains(&chain[0]));
        let end = i + 2 * chain.len() - 1;
        let next = tokens.get(end);
        if shadowed || next.is_some_and(|t| t.is_punct(".") || t.is_punct("[")) {
            return None;
        }
        let loc = tokens[i].loc.join(tokens[end - 1].loc);
        if !next.is_some_and(|t| t.is_punct("=")) {
            let rebuilt = gen(&self.constructor(chain, ty), loc);
            return Some((vec![Edit::replace(i..end, rebuilt)], end));
        }
        let statement = starts_statement(tokens, i);
        let stop = operand_end(tokens, end + 1).filter(|&k| tokens[k].is_punct(";"))?;
        if !statement {
            return None;
        }
        let t = &self.temp;
        let mut stores = String::new();
        for (leaf, variable) in &self.leaves {
            if leaf.len() > chain.len() && leaf.starts_with(chain) {
                let path = leaf[chain.len()..].join(" . ");
                stores.push_str(&format!(" {variable} = {t} . {path} ;"));
            }
        }
        let head = gen(&format!("{{ {ty} {t} ="), loc);
        let tail = gen(&format!(";{stores} }} ;"), loc);
        Some((
            vec![
                Edit::replace(i..end + 1, head),
                Edit::replace(stop..stop + 1, tail),
            ],
            end + 1,
        ))
    }
}
