//! `dynamically-written-local-array`: a function-local array written at a dynamic index.

use naga::{Expression, Handle, ShaderStage, TypeInner};

use crate::lint::analysis::loops::stores_with_loops;
use crate::lint::analysis::FunctionView;
use crate::lint::declare::declare_rule;
use crate::lint::rules::ari_util;
use crate::lint::{Context, Violation};

declare_rule! {
    /// ## What it does
    /// Finds function-local arrays (`uint bins[16];`, `var bins: array<u32, 16>`) that are
    /// *written* at an index that is not a compile-time constant: `bins[v % 16u] += 1u`. It does
    /// not fire on arrays that are only read (a `const` table; naga's GLSL reader copies a global
    /// `const` array into a local at each dynamic read: that is read-only too), on arrays written
    /// only at constant indices, or on writes whose index is the counter of a `for` loop with a
    /// constant trip count of at most 32 (Mesa unrolls those, and the index becomes a constant).
    /// Dynamic indexing of vectors and matrices is not reported.
    ///
    /// ## Why is this bad?
    /// RADV keeps small private arrays in registers. A write at a dynamic index then becomes a
    /// compare and a select for every element of the array, and optimized SPIR-V cannot see it (it
    /// counted 81 instructions for every array size). Measured 2026-11-23 (Mesa 22.3.6 RADV null
    /// devices, docs/lint-study.md §5) on a compute shader building a per-invocation histogram:
    /// 16 bins gave 2 312 vega10 / 2 193 gfx1100 instructions, 64 bins 8 329 / 7 908. From 128 bins
    /// (512 bytes) the array goes to scratch memory instead (281 instructions, 32 KiB of scratch).
    /// Moving the bins to a slice of workgroup memory gave 465 / 463 instructions at 16 bins and
    /// 1 186 / 1 185 at 64 (optimized SPIR-V +12), at the price of 4 to 16 KiB of LDS per
    /// workgroup; at 128 bins that version took RADV 190 s to compile and was worse than scratch.
    ///
    /// ## Example
    /// ```glsl
    /// layout(local_size_x = 64) in;
    /// void main() {
    ///     uint bins[16];
    ///     for (int b = 0; b < 16; ++b) bins[b] = 0u;
    ///     for (int s = 0; s < 16; ++s) bins[samples[base + uint(s)] % 16u] += 1u;
    ///     …
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```glsl
    /// layout(local_size_x = 64) in;
    /// shared uint bins[64 * 16];   // one 16-bin slice per invocation
    /// void main() {
    ///     uint slice = gl_LocalInvocationIndex * 16u;
    ///     for (int b = 0; b < 16; ++b) bins[slice + uint(b)] = 0u;
    ///     for (int s = 0; s < 16; ++s) bins[slice + samples[base + uint(s)] % 16u] += 1u;
    ///     …
    /// }
    /// ```
    /// Or restructure so that only the element that is used is computed. Outside compute shaders
    /// there is no workgroup memory: restructure, or keep the array small.
    ///
    /// ## Fix safety
    /// No fix: no mechanical rewrite measured as paying. Workgroup memory changes the shader's
    /// resource use (LDS per workgroup, occupancy) and only exists in compute shaders; `const`
    /// tables and select chains do not help (0 and −2…−3 instructions for +20 optimized SPIR-V).
    pub(crate) RULE = "dynamically-written-local-array",
    category: Cost, default: on Warning, fix: None, since: "0.1.0",
    summary: "a function-local array written at a dynamic index",
    fix_note: "advice: 16 bins, 2 312 → 465 vega10 instructions in workgroup memory",
    check: check,
}

fn check(context: &Context, out: &mut Vec<Violation>) {
    let compute_only = !context.module.entry_points.is_empty()
        && context
            .module
            .entry_points
            .iter()
            .all(|ep| ep.stage == ShaderStage::Compute);
    for view in &context.functions {
        let function = view.function;
        let mut reported = Vec::new();
        for (pointer, counters) in stores_with_loops(context.module, function, view.locals()) {
            let Some((variable, index)) = dynamic_array_write(context, view, pointer, &counters)
            else {
                continue;
            };
            // One finding per array and index expression.
            if reported.contains(&(variable, index)) {
                continue;
            }
            reported.push((variable, index));
            let local = &function.local_variables[variable];
            let name = local.name.as_deref().unwrap_or("<unnamed>");
            let ty = &context.module.types[local.ty].inner;
            let bytes = ty.try_size(context.module.to_ctx()).unwrap_or(0);
            let length = match *ty {
                TypeInner::Array { size, .. } => size.resolve(context.module.to_ctx()).ok(),
                _ => None,
            };
            let elements = match length {
                Some(naga::proc::IndexableLength::Known(n)) => format!("{n} elements, "),
                _ => String::new(),
            };
            let mut violation = Violation::new(
                format!("function-local array `{name}` written at a dynamic index"),
                location(context, function, pointer),
            )
            .note(if bytes >= 512 {
                format!(
                    "`{name}` ({elements}{bytes} bytes) is large enough for RADV to keep it in \
                     scratch memory: each dynamic write is a store to memory (the 128-bin \
                     histogram measured 281 instructions and 32 KiB of scratch)"
                )
            } else {
                format!(
                    "`{name}` ({elements}{bytes} bytes) lives in registers: every write at a \
                     dynamic index becomes a compare and a select per element; optimized \
                     SPIR-V does not show it"
                )
            })
            .note(
                "measured (docs/lint-study.md §5, RADV vega10/gfx1100): a 16-bin local \
                 histogram compiled to 2 312 / 2 193 instructions, 64 bins to 8 329 / 7 908; \
                 arrays of 512 bytes and more go to scratch memory instead (281 instructions \
                 at 128 bins)",
            );
            let stage_is_compute = view
                .entry
                .map_or(compute_only, |ep| ep.stage == ShaderStage::Compute);
            violation = violation.note(if stage_is_compute {
                "a slice of a `shared` array per invocation (`bins[gl_LocalInvocationIndex * N \
                 + v]`) measured 465 / 463 instructions at 16 bins and 1 186 / 1 185 at 64, at \
                 the cost of N × 4 bytes of LDS per invocation (no gain at 128 bins); or \
                 compute only the element that is used"
            } else {
                "there is no workgroup memory in this stage: compute only the element that \
                 is used, or restructure so the index is a constant (a `for` loop of at most \
                 32 constant trips is unrolled)"
            });
            out.push(violation);
        }
    }
}

/// The store's target, widened from naga's `[i]` to `bins[i]`.
fn location(
    context: &Context,
    function: &naga::Function,
    pointer: Handle<Expression>,
) -> Option<crate::source::Loc> {
    let span = context.written_span(function, pointer).to_range()?;
    let start = context.chain_start(span.start);
    context
        .loc(naga::Span::new(start as u32, span.end as u32))
        .or_else(|| context.expr_loc(function, pointer))
}

/// The local array and the index of a store through `Access { base: …local array…, index }`
/// with an index that is neither constant nor a counter of an enclosing constant-trip loop.
fn dynamic_array_write(
    context: &Context,
    view: &FunctionView,
    pointer: Handle<Expression>,
    counters: &[Handle<naga::LocalVariable>],
) -> Option<(Handle<naga::LocalVariable>, Handle<Expression>)> {
    let function = view.function;
    let mut at = pointer;
    let mut dynamic = None;
    loop {
        match function.expressions[at] {
            Expression::LocalVariable(v) => return dynamic.map(|index| (v, index)),
            Expression::AccessIndex { base, .. } => at = base,
            Expression::Access { base, index } => {
                let into_array = matches!(
                    ari_util::pointee(context.module, view.info, base),
                    TypeInner::Array { .. }
                );
                if into_array
                    && !ari_util::unrolled_constant(
                        context.module,
                        function,
                        view.locals(),
                        counters,
                        index,
                    )
                {
                    dynamic = Some(index);
                }
                at = base;
            }
            _ => return None,
        }
    }
}
