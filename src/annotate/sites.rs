//! Per-expression sites: the module is rewritten so that naga's SPIR-V writer emits one
//! `OpLine` per expression, and each `OpLine` names the expression that caused it.
//!
//! naga's SPIR-V writer puts an `OpLine` before each statement, and an `Emit` statement covers a
//! whole run of expressions: a cast, a multiply and an index on three lines all land on the
//! line of the first. So every `Emit(a..d)` becomes `Emit(a..b) Emit(b..c) Emit(c..d)`, each
//! with its own span. The same module text is written either way (the writer caches
//! expressions in the same order); only the `OpLine`s differ.
//!
//! The spans given to the writer are not source positions: statement `k` gets the span
//! `k+1 .. k+2` and the writer is handed a source text of spaces, so the column of every
//! `OpLine` it writes is `k + 2`: the index of a [`Site`] that remembers the real span, the
//! function and what the statement or expression was. Span `0..0` (column 1) is "no site".
//!
//! `return`, `break`, `continue` and `discard` get no `OpLine` from naga, so the instructions
//! they produce (the entry point's output stores, the branch) would inherit the previous
//! statement's line: each is preceded by an empty `Emit` that carries its own site. So are
//! `loop`, whose first branch naga writes before the loop's own `OpLine`, and a nested
//! `{ ... }` block (an `else { }`), whose entering branch has none.

use naga::{Block, Expression, Handle, Span, Statement};

use crate::front::span_repair as spans;

/// What produced the instructions under one `OpLine`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SiteKind {
    /// An expression of the function's arena.
    Expression(Handle<Expression>),
    /// A statement other than `Emit` (store, call, branch, return, ...).
    Statement(&'static str),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FunctionRef {
    Function(Handle<naga::Function>),
    EntryPoint(usize),
}

#[derive(Clone, Copy, Debug)]
pub struct Site {
    /// The span in the text naga read.
    pub span: Span,
    pub function: FunctionRef,
    pub kind: SiteKind,
}

/// A copy of the module with one site per expression and statement.
pub struct Tagged {
    pub module: naga::Module,
    pub sites: Vec<Site>,
}

impl Tagged {
    /// The source text to hand to the writer's `DebugInfo`: one space per site, no newline.
    pub fn debug_source(&self) -> String {
        " ".repeat(self.sites.len() + 2)
    }

    /// The site an `OpLine`'s column names.
    pub fn site_of_column(&self, column: u32) -> Option<&Site> {
        let index = column.checked_sub(2)? as usize;
        self.sites.get(index)
    }
}

pub fn tag(module: &naga::Module) -> Tagged {
    let mut module = module.clone();
    let mut sites = Vec::new();
    for (handle, function) in module.functions.iter_mut() {
        let body = std::mem::take(&mut function.body);
        function.body = retag_block(
            body,
            &function.expressions,
            FunctionRef::Function(handle),
            &mut sites,
        );
    }
    for (index, entry) in module.entry_points.iter_mut().enumerate() {
        let function = &mut entry.function;
        let body = std::mem::take(&mut function.body);
        function.body = retag_block(
            body,
            &function.expressions,
            FunctionRef::EntryPoint(index),
            &mut sites,
        );
    }
    Tagged { module, sites }
}

fn site_span(sites: &mut Vec<Site>, site: Site) -> Span {
    let k = sites.len() as u32;
    sites.push(site);
    Span::new(k + 1, k + 2)
}

fn retag_block(
    block: Block,
    expressions: &naga::Arena<Expression>,
    function: FunctionRef,
    sites: &mut Vec<Site>,
) -> Block {
    let mut out = Block::with_capacity(block.len());
    for (statement, span) in block.span_into_iter() {
        let statement_site = |sites: &mut Vec<Site>, name| {
            site_span(
                sites,
                Site {
                    span,
                    function,
                    kind: SiteKind::Statement(name),
                },
            )
        };
        match statement {
            Statement::Emit(range) => {
                for handle in range.clone() {
                    let index = handle.index() as u32;
                    let one = naga::Range::from_index_range(index..index + 1, expressions);
                    let site = site_span(
                        sites,
                        Site {
                            span: site_span_of(expressions, handle),
                            function,
                            kind: SiteKind::Expression(handle),
                        },
                    );
                    out.push(Statement::Emit(one), site);
                }
            }
            Statement::Block(inner) => {
                // naga writes a branch into the block (and one out of it) with no OpLine of
                // their own: an empty Emit gives the entering one the block's site.
                let site = statement_site(sites, "block");
                let empty = naga::Range::from_index_range(0..0, expressions);
                out.push(Statement::Emit(empty), site);
                let inner = retag_block(inner, expressions, function, sites);
                out.push(Statement::Block(inner), span);
            }
            Statement::If {
                condition,
                accept,
                reject,
            } => {
                let site = statement_site(sites, "if");
                let accept = retag_block(accept, expressions, function, sites);
                let reject = retag_block(reject, expressions, function, sites);
                out.push(
                    Statement::If {
                        condition,
                        accept,
                        reject,
                    },
                    site,
                );
            }
            Statement::Switch { selector, cases } => {
                let site = statement_site(sites, "switch");
                let cases = cases
                    .into_iter()
                    .map(|case| naga::SwitchCase {
                        body: retag_block(case.body, expressions, function, sites),
                        ..case
                    })
                    .collect();
                out.push(Statement::Switch { selector, cases }, site);
            }
            Statement::Loop {
                body,
                continuing,
                break_if,
            } => {
                let site = statement_site(sites, "loop");
                // The branch into the loop's header is written before its OpLine.
                let empty = naga::Range::from_index_range(0..0, expressions);
                out.push(Statement::Emit(empty), site);
                let body = retag_block(body, expressions, function, sites);
                let continuing = retag_block(continuing, expressions, function, sites);
                out.push(
                    Statement::Loop {
                        body,
                        continuing,
                        break_if,
                    },
                    site,
                );
            }
            other => {
                let name = statement_name(&other);
                let site = statement_site(sites, name);
                if matches!(
                    other,
                    Statement::Return { .. }
                        | Statement::Break
                        | Statement::Continue
                        | Statement::Kill
                ) {
                    // naga writes no OpLine for these: an empty Emit carries their site.
                    let empty = naga::Range::from_index_range(0..0, expressions);
                    out.push(Statement::Emit(empty), site);
                }
                out.push(other, site);
            }
        }
    }
    out
}

/// Where an expression's cost is counted. A binary operation spans its operands, starting
/// with the left one; in `a * b\n + c` the `+` is written on `c`'s line, so a binary
/// operation is placed where its right operand starts, when that operand is written inside
/// the operation (not a constant, `let` or argument defined elsewhere).
fn site_span_of(expressions: &naga::Arena<Expression>, handle: Handle<Expression>) -> Span {
    let own = spans::expression_span(expressions, handle);
    if let Expression::Binary { right, .. } = expressions[handle] {
        let right = spans::expression_span(expressions, right);
        if let (Some(inner), Some(outer)) = (right.to_range(), own.to_range()) {
            if inner.start >= outer.start && inner.end <= outer.end {
                return right;
            }
        }
    }
    own
}

pub fn statement_name(statement: &Statement) -> &'static str {
    match statement {
        Statement::Emit(_) => "emit",
        Statement::Block(_) => "block",
        Statement::If { .. } => "if",
        Statement::Switch { .. } => "switch",
        Statement::Loop { .. } => "loop",
        Statement::Break => "break",
        Statement::Continue => "continue",
        Statement::Return { .. } => "return",
        Statement::Kill => "discard",
        Statement::Store { .. } => "store",
        Statement::ImageStore { .. } => "image store",
        Statement::Atomic { .. } => "atomic",
        Statement::Call { .. } => "call",
        Statement::WorkGroupUniformLoad { .. } => "workgroup uniform load",
        _ => "statement",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::compile_text;
    use crate::shader::InputKind;

    fn each_block(block: &Block, f: &mut dyn FnMut(&Statement, &Span)) {
        for (statement, span) in block.span_iter() {
            f(statement, span);
            match statement {
                Statement::Block(b) => each_block(b, f),
                Statement::If { accept, reject, .. } => {
                    each_block(accept, f);
                    each_block(reject, f);
                }
                Statement::Loop {
                    body, continuing, ..
                } => {
                    each_block(body, f);
                    each_block(continuing, f);
                }
                Statement::Switch { cases, .. } => {
                    cases.iter().for_each(|c| each_block(&c.body, f))
                }
                _ => {}
            }
        }
    }

    #[test]
    fn every_emit_covers_one_expression_and_every_span_names_a_site() {
        let wgsl = "@group(0) @binding(0) var<storage, read_write> data: array<f32>;\n\
                    @compute @workgroup_size(8)\n\
                    fn main(@builtin(global_invocation_id) id: vec3<u32>) {\n\
                        var sum = 0.0;\n\
                        for (var i = 0u; i < 4u; i++) {\n\
                            if (i == id.x) { continue; }\n\
                            sum += data[i] * 2.0 + f32(i);\n\
                        }\n\
                        data[id.x] = sum;\n\
                    }\n";
        let compiled = compile_text("t.wgsl", wgsl, InputKind::Wgsl, None, &Default::default())
            .expect("compiles");
        let tagged = tag(&compiled.parsed.module);
        let body = &tagged.module.entry_points[0].function.body;
        let mut emitted = 0;
        let mut kinds = Vec::new();
        each_block(body, &mut |statement, span| {
            if let Statement::Emit(range) = statement {
                let n = range.clone().count();
                assert!(n <= 1, "an Emit of {n} expressions");
                emitted += n;
            }
            if !matches!(statement, Statement::Block(_)) {
                let column = span.to_range().map_or(1, |r| r.start as u32 + 1);
                let site = tagged.site_of_column(column).expect("span names a site");
                kinds.push(site.kind);
            }
        });
        assert!(emitted > 10);
        // The empty Emits before `continue` and `loop` carry those statements' sites.
        assert!(kinds.contains(&SiteKind::Statement("continue")));
        assert!(kinds.contains(&SiteKind::Statement("loop")));
        // Real spans are kept on the sites, for the user's line.
        assert!(tagged.sites.iter().any(|s| s.span.is_defined()));
        assert_eq!(tagged.debug_source().len(), tagged.sites.len() + 2);
    }
}
