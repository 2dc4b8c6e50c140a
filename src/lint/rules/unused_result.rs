//! `unused-result`: a value computed and never used.

use std::collections::HashSet;

use naga::{Expression, Handle, LocalVariable, Statement};

use crate::lint::analysis::locals::root_local;
use crate::lint::analysis::placement::walk;
use crate::lint::analysis::values::operands;
use crate::lint::analysis::FunctionView;
use crate::lint::declare::declare_rule;
use crate::lint::rules::dead_util;
use crate::lint::{Context, Violation};
use crate::source::Loc;

declare_rule! {
    /// ## What it does
    /// Finds values the shader computes and never uses: a local variable that is assigned but
    /// never read (`vec4 detail = texture(...);` with `detail` unused), a WGSL `let` never
    /// referenced, and the discarded result of a call to a function without side effects
    /// (`luminance(c);`).
    ///
    /// Not reported: calls to functions with side effects (stores to globals, outputs, buffers or
    /// images, atomics, `discard`, `out`/`inout` parameters), unused function parameters, and
    /// names that appear inside an `#if`/`#ifdef` block (the use may be in a branch the
    /// preprocessor removed for this configuration).
    ///
    /// ## Why is this bad?
    /// It costs nothing on the GPU: the optimizers delete it. Measured 2026-11-23 (Mesa 22.3.6
    /// RADV null devices) on a lit fragment shader with an unused `texture()` result and an unused
    /// `pow()`: naga's SPIR-V shrinks 66 → 51 instructions without them, the optimized SPIR-V (21)
    /// and the vega10 / gfx1100 instruction counts (42 / 47) do not change. It is usually a
    /// leftover or a bug (a result the author meant to use), and a reader has to work out that it
    /// does nothing.
    ///
    /// ## Example
    /// ```glsl
    /// vec4 base = texture(uAlbedo, vUV);
    /// vec4 detail = texture(uDetail, vUV * 8.0);   // never read
    /// float rim = pow(1.0 - abs(n.z), 4.0);        // never read
    /// fragColor = base;
    /// ```
    ///
    /// ## Use instead
    /// ```glsl
    /// vec4 base = texture(uAlbedo, vUV);
    /// fragColor = base;
    /// ```
    /// or use the value where it was meant to go (`base.rgb *= detail.rgb * 2.0;`).
    ///
    /// ## Fix safety
    /// No automatic fix: the finding is as often a forgotten use as dead code. Deleting the
    /// computation is safe (it has no side effects), and changes nothing the GPU runs.
    pub(crate) RULE = "unused-result",
    category: Hygiene, default: on Warning, fix: None, since: "0.1.0",
    summary: "a value computed and never used",
    check: check,
}

fn check(context: &Context, out: &mut Vec<Violation>) {
    for view in &context.functions {
        if !context.calls().reached(view.id) {
            continue; // DEAD002 reports the whole function
        }
        unused_locals(context, view, out);
        unused_lets(context, view, out);
        discarded_calls(context, view, out);
    }
}

/// Locals stored and never read.
fn unused_locals(context: &Context, view: &FunctionView, out: &mut Vec<Violation>) {
    let function = view.function;
    // Pointer expressions into each local.
    let root = |h: Handle<Expression>| -> Option<Handle<LocalVariable>> {
        if matches!(
            function.expressions[h],
            Expression::LocalVariable(_)
                | Expression::Access { .. }
                | Expression::AccessIndex { .. }
        ) {
            root_local(function, h)
        } else {
            None
        }
    };
    let mut read: HashSet<Handle<LocalVariable>> = HashSet::new();
    // Any use of a pointer into the local other than as the base of a further pointer or
    // the target of a store: a load, a call argument, an atomic.
    for (_, expression) in function.expressions.iter() {
        let is_pointer_step = matches!(
            expression,
            Expression::Access { .. } | Expression::AccessIndex { .. }
        ) && operands(expression)
            .first()
            .is_some_and(|b| root(*b).is_some());
        for (i, operand) in operands(expression).into_iter().enumerate() {
            if is_pointer_step && i == 0 {
                continue;
            }
            if let Some(v) = root(operand) {
                read.insert(v);
            }
        }
    }
    let mut stored: Vec<(Handle<LocalVariable>, Handle<Expression>)> = Vec::new();
    walk(
        &function.body,
        &mut Vec::new(),
        &mut |statement, _| match statement {
            Statement::Store { pointer, value } => {
                if let Some(v) = root(*pointer) {
                    stored.push((v, *value));
                }
            }
            Statement::Call { arguments, .. } => {
                for a in arguments {
                    if let Some(v) = root(*a) {
                        read.insert(v);
                    }
                }
            }
            Statement::Atomic { pointer, .. } => {
                if let Some(v) = root(*pointer) {
                    read.insert(v);
                }
            }
            _ => {}
        },
    );
    for (v, local) in function.local_variables.iter() {
        if read.contains(&v) {
            continue;
        }
        let values: Vec<Handle<Expression>> = stored
            .iter()
            .filter(|(s, _)| *s == v)
            .map(|(_, value)| *value)
            .chain(local.init)
            .collect();
        // Never assigned (naga's own temporaries), or a spilled parameter.
        if values.is_empty()
            || values
                .iter()
                .any(|h| matches!(function.expressions[*h], Expression::FunctionArgument(_)))
        {
            continue;
        }
        let Some(name) = local.name.as_deref() else {
            continue;
        };
        if dead_util::used_under_preprocessor_conditional(context, name) {
            continue;
        }
        let loc = context
            .loc(function.local_variables.get_span(v))
            .map(|decl| narrow_to(context, decl, name))
            .or_else(|| context.expr_loc(function, values[0]));
        let held = values
            .first()
            .and_then(|h| context.expr_loc(function, *h))
            .and_then(|l| context.user_text(l))
            .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|t| t.chars().count() <= 60 && t.contains('('));
        let mut violation = Violation::new(
            format!("unused result: `{name}` is assigned and never read"),
            loc,
        );
        if let Some(held) = held {
            violation = violation.note(format!("it holds `{held}`, computed for nothing"));
        }
        out.push(violation.note(NO_COST));
    }
}

const NO_COST: &str = "no measured cost: spirv-opt -O and the driver delete it (measured \
    2026-11-23: naga's SPIR-V 66 → 51 instructions without two unused results, optimized \
    SPIR-V and RADV ISA unchanged); often a use the author forgot";

/// WGSL `let`s never referenced.
fn unused_lets(context: &Context, view: &FunctionView, out: &mut Vec<Violation>) {
    let function = view.function;
    let mut named: Vec<_> = function.named_expressions.iter().collect();
    named.sort_by_key(|(h, _)| h.index());
    for (handle, name) in named {
        if name.starts_with('_') || name.starts_with("phony") || view.info[*handle].ref_count > 0 {
            continue;
        }
        if matches!(
            function.expressions[*handle],
            Expression::CallResult(_) | Expression::AtomicResult { .. }
        ) {
            continue;
        }
        if dead_util::used_under_preprocessor_conditional(context, name) {
            continue;
        }
        let loc = context.expr_loc(function, *handle);
        out.push(
            Violation::new(
                format!("unused result: `{name}` is computed and never used"),
                loc,
            )
            .note(NO_COST),
        );
    }
}

/// Discarded results of calls to functions without side effects.
fn discarded_calls(context: &Context, view: &FunctionView, out: &mut Vec<Violation>) {
    let function = view.function;
    let module = context.module;
    let mut found = Vec::new();
    walk(&function.body, &mut Vec::new(), &mut |statement, _| {
        if let Statement::Call {
            function: callee,
            result: Some(result),
            ..
        } = statement
        {
            if view.info[*result].ref_count == 0 && context.calls().is_pure(*callee) {
                found.push((*callee, *result));
            }
        }
    });
    for (callee, result) in found {
        let name = module.functions[callee]
            .name
            .as_deref()
            .unwrap_or("<unnamed>");
        if function.named_expressions.contains_key(&result) {
            continue; // an unused `let` of a call: reported as a `let` would double it
        }
        let loc = context.expr_loc(function, result);
        out.push(
            Violation::new(
                format!(
                    "unused result of `{name}`: the call has no side effects, so it does nothing"
                ),
                loc,
            )
            .note(NO_COST),
        );
    }
}

/// `decl` narrowed to `name` when its text starts with it (naga's span of a local covers
/// `name = value`).
fn narrow_to(context: &Context, decl: Loc, name: &str) -> Loc {
    match context.user_text(decl) {
        Some(text) if text.starts_with(name) => Loc::new(
            decl.file,
            decl.start as usize..decl.start as usize + name.len(),
        ),
        _ => decl,
    }
}
