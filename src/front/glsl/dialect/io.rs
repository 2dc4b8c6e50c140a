//! Inputs and outputs between stages: `attribute` / `varying` become `in` / `out`, every
//! variable gets a location (numbered by [`Planner`], see
//! [`bindings`](super::bindings) for the rule), and matrices travel as columns.
//!
//! Traps:
//! - A location applies to one variable, so `varying vec2 a, b;` becomes one declaration
//!   each.
//! - naga passes only scalars and vectors between stages: a matrix input or output becomes
//!   one vector per column at consecutive locations, and a private matrix of the user's name
//!   that `main` fills on entry (inputs) or copies out on exit (outputs). A `return` in the
//!   middle of a vertex shader's `main` skips that copy.
//! - A location takes one slot per matrix column and per array element (a length may be a
//!   constant expression, [`Constants`]); `dvec3`/`dvec4` take two. An array of matrices
//!   travels as one vector per column of each element, in that order, as GLSL numbers them.

use std::ops::Range;

use super::bindings::Planner;
use super::block_layout::Layout;
use super::consts::Constants;
use super::items::{self, Item, ItemKind, Qualifiers};
use super::rewrite::Rewrite;
use super::tokens::{gen, renamed, Edit};
use crate::diagnostic::{error_at, warning_at};
use crate::front::glsl::preprocess::{Token, TokenKind};
use crate::shader::Stage;

/// A matrix input or output, passed between stages as one vector per column.
pub(super) struct MatrixIo {
    name: String,
    matrix: String,
    column: String,
    columns: u32,
    /// The element count of an array of matrices.
    elements: Option<u32>,
    input: bool,
}

impl MatrixIo {
    /// The private matrix (or element) and the names of its column variables, per matrix.
    fn columns(&self) -> Vec<(String, Vec<String>)> {
        match self.elements {
            None => vec![(
                self.name.clone(),
                (0..self.columns)
                    .map(|k| format!("{}_{k}", self.name))
                    .collect(),
            )],
            Some(n) => (0..n)
                .map(|e| {
                    let cols = (0..self.columns)
                        .map(|k| format!("{}_{e}_{k}", self.name))
                        .collect();
                    (format!("{} [ {e} ]", self.name), cols)
                })
                .collect(),
        }
    }
}

/// The most elements of an array of matrix inputs or outputs prism passes as columns (each
/// column is a variable of its own).
const MAX_MATRIX_ELEMENTS: u32 = 16;

/// Whether an item is a stage input or output: `attribute`/`varying`, or a global
/// `in`/`out` variable (not a block, not a compute shader's `layout(...) in;`).
pub(super) fn is_interface(tokens: &[Token], q: &Qualifiers, is_block: bool, stage: Stage) -> bool {
    let legacy_io = q.has("attribute") || q.has("varying");
    let modern_io = (q.has("in") || q.has("out"))
        && !is_block
        && tokens.get(q.type_start).is_some_and(|t| !t.is_punct(";"))
        && stage != Stage::Compute;
    legacy_io || modern_io
}

/// Record the locations the user wrote, before any is handed out.
pub(super) fn reserve_user_locations(
    tokens: &[Token],
    items: &[Item],
    quals: &[Qualifiers],
    plan: &mut Planner,
    constants: &Constants,
) {
    for (item, q) in items.iter().zip(quals) {
        if let Some(location) = q.layout_int("location") {
            let names = items::declarators(tokens, q.type_start + 1, item.range.end);
            let array = names.first().and_then(|n| n.1.as_deref());
            let size = location_size(tokens, q.type_start, array, constants);
            let dir = if q.has("in") { "in" } else { "out" };
            plan.reserve_location(dir, location, size);
        }
    }
}

impl Rewrite<'_> {
    /// An input or output declaration: `in`/`out` with a location for each variable. A matrix
    /// is returned for `main` to copy (see the module docs).
    pub fn rewrite_io(&mut self, q: &Qualifiers, range: Range<usize>) -> Option<MatrixIo> {
        let tokens = self.tokens;
        if q.type_start >= range.end.min(tokens.len()) {
            // Qualifiers and no type (a truncated declaration): naga's parse error says so.
            return None;
        }
        let legacy = q.index_of("attribute").or_else(|| q.index_of("varying"));
        let dir = match legacy {
            Some(at) if tokens[at].text == "varying" && self.stage == Stage::Vertex => "out",
            Some(_) => "in",
            None if q.has("in") => "in",
            None => "out",
        };
        let names = items::declarators(tokens, q.type_start + 1, range.end);
        let user = q.layout_int("location");
        let loc = self.loc(range.start);
        let invariant = q.index_of("invariant");
        if let Some((columns, column)) = matrix_columns(&tokens[q.type_start].text) {
            return self.rewrite_matrix_io(q, range, dir, &names, (columns, &column));
        }
        if let Some(at) = invariant {
            // naga accepts `invariant` only on built-ins.
            self.warnings.push(warning_at(
                "W-DIALECT",
                "`invariant` on a user varying is ignored",
                tokens[at].loc,
                "naga supports `invariant` only on gl_Position",
            ));
        }
        if names.len() <= 1 {
            if let Some(at) = invariant {
                self.edits.push(Edit::delete(at..at + 1));
            }
            let (name, array) = names.first().cloned().unwrap_or_default();
            let size = location_size(tokens, q.type_start, array.as_deref(), &self.constants);
            let location = self.plan.location(dir, &name, user, size, loc);
            match (legacy, user) {
                (Some(at), _) => {
                    let mut insert = gen(&format!("layout ( location = {location} )"), loc);
                    insert.push(renamed(&tokens[at], dir));
                    self.edits.push(Edit::replace(at..at + 1, insert));
                }
                (None, None) => {
                    let insert = gen(&format!("layout ( location = {location} )"), loc);
                    self.edits.push(Edit::insert(q.first_index(), insert));
                }
                (None, Some(_)) => {}
            }
            return None;
        }
        let layouts: Vec<Range<usize>> = q.layouts.iter().map(|g| g.range.clone()).collect();
        let mut insert = Vec::new();
        for (k, (name, array)) in names.iter().enumerate() {
            let size = location_size(tokens, q.type_start, array.as_deref(), &self.constants);
            let location = self
                .plan
                .location(dir, name, user.filter(|_| k == 0), size, loc);
            insert.extend(gen(&format!("layout ( location = {location} )"), loc));
            let qualifiers = tokens.iter().enumerate().take(q.type_start);
            for (i, t) in qualifiers.skip(q.first_index()) {
                if layouts.iter().any(|r| r.contains(&i)) || Some(i) == invariant {
                    continue;
                }
                insert.push(if Some(i) == legacy {
                    renamed(t, dir)
                } else {
                    t.clone()
                });
            }
            insert.push(tokens[q.type_start].clone());
            let array = array
                .as_ref()
                .map(|a| format!(" [ {a} ]"))
                .unwrap_or_default();
            insert.extend(gen(&format!("{name}{array} ;"), loc));
        }
        self.edits.push(Edit::replace(range, insert));
        None
    }

    /// `invariant uv;` on a user output: naga reads it and keeps nothing of it, so say so.
    pub fn warn_invariant_statement(&mut self, q: &Qualifiers, range: Range<usize>) {
        let tokens = self.tokens;
        let Some(at) = q.index_of("invariant") else {
            return;
        };
        let names = (q.type_start..range.end)
            .filter(|&i| tokens[i].kind == TokenKind::Ident)
            .map(|i| tokens[i].text.as_str());
        let user: Vec<&str> = names.filter(|n| !n.starts_with("gl_")).collect();
        if q.words.len() == 1 && !user.is_empty() {
            self.warnings.push(warning_at(
                "W-DIALECT",
                format!("`invariant {}` is ignored", user.join(", ")),
                tokens[at].loc,
                "naga supports `invariant` only on gl_Position",
            ));
        }
    }

    /// A matrix input or output: one vector per column at consecutive locations, and a
    /// private matrix of the user's name (see the module docs).
    fn rewrite_matrix_io(
        &mut self,
        q: &Qualifiers,
        range: Range<usize>,
        dir: &str,
        names: &[(String, Option<String>)],
        (columns, column): (u32, &str),
    ) -> Option<MatrixIo> {
        let tokens = self.tokens;
        let ty = &tokens[q.type_start];
        let elements = match names {
            [(_, None)] => Ok(None),
            [(_, Some(len))] => self
                .constants
                .array_len_text(len)
                .filter(|n| *n <= MAX_MATRIX_ELEMENTS)
                .map(Some)
                .ok_or("an array of them needs a constant length of at most 16"),
            _ => Err("declare them one per line"),
        };
        let (Some((name, _)), Ok(elements)) = (names.first(), elements) else {
            let why = elements.err().unwrap_or("declare them one per line");
            self.errors.push(error_at(
                "E-UNSUPPORTED",
                format!(
                    "not supported by prism: these `{}` inputs or outputs: {why}",
                    ty.text
                ),
                ty.loc,
                "prism passes matrices between stages as columns",
            ));
            return None;
        };
        let loc = self.loc(range.start);
        let user = q.layout_int("location");
        let count = elements.unwrap_or(1);
        let first = self.plan.location(dir, name, user, columns * count, loc);
        let interpolation: Vec<Token> = q
            .words
            .iter()
            .filter(|(w, _)| matches!(w.as_str(), "flat" | "smooth" | "noperspective" | "centroid"))
            .map(|(_, i)| tokens[*i].clone())
            .collect();
        let io = MatrixIo {
            name: name.clone(),
            matrix: ty.text.clone(),
            column: column.to_string(),
            columns,
            elements,
            input: dir == "in",
        };
        let mut insert = Vec::new();
        let mut location = first;
        for (_, cols) in io.columns() {
            for col in cols {
                insert.extend(gen(&format!("layout ( location = {location} )"), loc));
                insert.extend(interpolation.iter().cloned());
                insert.extend(gen(&format!("{dir} {column} {col} ;"), loc));
                location += 1;
            }
        }
        insert.push(renamed(ty, &ty.text));
        let array = elements.map(|n| format!(" [ {n} ]")).unwrap_or_default();
        insert.extend(gen(&format!("{name}{array} ;"), loc));
        self.edits.push(Edit::replace(range, insert));
        Some(io)
    }
}

/// The copies between matrix inputs/outputs and their columns, at the ends of `main`.
pub(super) fn matrix_io_copies(tokens: &[Token], main: &Item, matrices: &[MatrixIo]) -> Vec<Edit> {
    let ItemKind::Function { body, .. } = &main.kind else {
        return Vec::new();
    };
    let (Some(open), Some(close)) = (
        body.start.checked_sub(1).map(|i| tokens[i].loc),
        tokens.get(body.end).map(|t| t.loc),
    ) else {
        return Vec::new();
    };
    let mut entry = Vec::new();
    let mut exit = Vec::new();
    for m in matrices {
        for (matrix, cols) in m.columns() {
            if m.input {
                entry.extend(gen(
                    &format!("{matrix} = {} ( {} ) ;", m.matrix, cols.join(" , ")),
                    open,
                ));
            } else {
                for (k, col) in cols.iter().enumerate() {
                    exit.extend(gen(
                        &format!("{col} = {} ( {matrix} [ {k} ] ) ;", m.column),
                        close,
                    ));
                }
            }
        }
    }
    let mut edits = Vec::new();
    if !entry.is_empty() {
        edits.push(Edit::insert(body.start, entry));
    }
    if !exit.is_empty() {
        edits.push(Edit::insert(body.end, exit));
    }
    edits
}

/// Locations a declaration takes: matrices take one per column, arrays multiply (a length
/// that is not a constant expression counts 1), a struct the sum of its members'.
fn location_size(
    tokens: &[Token],
    type_index: usize,
    array: Option<&str>,
    constants: &Constants,
) -> u32 {
    let ty = tokens
        .get(type_index)
        .map(|t| t.text.as_str())
        .unwrap_or("");
    let count = array.and_then(|a| constants.array_len_text(a)).unwrap_or(1);
    let per = match basic_locations(ty) {
        Some(n) => n,
        None => struct_locations(&Layout::of(tokens, constants), ty, 0).unwrap_or(1),
    };
    per.saturating_mul(count)
}

/// Locations a scalar, vector or matrix takes (`dvec3`/`dvec4` two, a matrix one per column,
/// as its column type would); `None` for a struct or unknown name.
fn basic_locations(ty: &str) -> Option<u32> {
    if matches!(ty, "dvec3" | "dvec4") {
        return Some(2);
    }
    if let Some((columns, _)) = matrix_columns(ty.trim_start_matches('d')) {
        return Some(columns);
    }
    let vector = ["vec", "ivec", "uvec", "bvec", "dvec"].iter().any(|p| {
        ty.strip_prefix(p)
            .is_some_and(|n| matches!(n, "2" | "3" | "4"))
    });
    let scalar = matches!(ty, "float" | "int" | "uint" | "bool" | "double");
    (vector || scalar).then_some(1)
}

/// Locations a struct-typed input or output takes: its members', in order.
fn struct_locations(layout: &Layout, ty: &str, depth: u32) -> Option<u32> {
    let body = layout.struct_body(ty).filter(|_| depth < 16)?;
    let mut total = 0u32;
    for (_, declarators) in layout.members(body) {
        for d in declarators {
            let per =
                basic_locations(&d.ty).or_else(|| struct_locations(layout, &d.ty, depth + 1))?;
            let count = d.dims?.iter().try_fold(1u32, |n, k| n.checked_mul(*k))?;
            total = total.checked_add(per.checked_mul(count)?)?;
        }
    }
    Some(total)
}

/// Columns and column type of a float matrix type (`mat3` → 3 × `vec3`, `mat2x4` → 2 ×
/// `vec4`).
fn matrix_columns(ty: &str) -> Option<(u32, String)> {
    let dims = ty.strip_prefix("mat")?;
    let (c, r) = match dims.split_once('x') {
        Some((c, r)) => (c.parse().ok()?, r.parse().ok()?),
        None => {
            let n: u32 = dims.parse().ok()?;
            (n, n)
        }
    };
    ((2..=4).contains(&c) && (2..=4).contains(&r)).then(|| (c, format!("vec{r}")))
}
