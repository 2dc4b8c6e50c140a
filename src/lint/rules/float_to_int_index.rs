//! `float-to-int-index`: a float converted to an int and used as an array index.

use std::collections::{BTreeMap, HashSet};

use naga::proc::BoundsCheckPolicy;
use naga::{
    BinaryOperator, Binding, Expression, GlobalVariable, Handle, MathFunction, ScalarKind,
    ShaderStage, Statement, TypeInner,
};

use crate::lint::analysis::locals::root_global;
use crate::lint::analysis::placement::walk;
use crate::lint::analysis::values::{literal, scalar_kind};
use crate::lint::analysis::{FnId, FunctionView};
use crate::lint::declare::declare_rule;
use crate::lint::rules::idx_util;
use crate::lint::{Applicability, Context, Fix, Violation};

declare_rule! {
    /// ## What it does
    /// Finds a float converted to an integer (`int(x)`, `ivec4(v)`, `uint(x)`) that is used as the
    /// index of an array access, or to compute one: through `*`, `+`, a component (`idx.x`), a
    /// local variable, or a function argument (the conversion in `main`, the access in a helper).
    /// The typical case is skinning with float bone indices:
    /// `ivec4 idx = ivec4(aBoneIndices) * 3;` then `uBones[idx.x]`, `uBones[idx.x + 1]`, ….
    ///
    /// ## Why is this bad?
    /// naga's float-to-int conversion saturates: it clamps the float to the integer range before
    /// converting (`FClamp` then `OpConvertFToS` in SPIR-V, the `naga_f2i32` helper in HLSL and
    /// MSL), and the robustness policy then checks the resulting index again. An integer
    /// attribute has neither. Measured 2026-11-23 (Mesa 22.3.6 RADV null devices, vega10 and
    /// gfx1100; `docs/lint-study.md` §1):
    ///
    /// - one index (`uOffsets[int(aObject)]`): `in int aObject` saves 2 SPIR-V instructions after
    ///   `spirv-opt -O` (23 → 21) and 3 / 3 vega10 / gfx1100 instructions (46 → 43, 54 → 51), under
    ///   every preset;
    /// - skinning (`ivec4(aBoneIndices) * 3`): `in ivec4` saves 2 after `spirv-opt -O` and 14 / 12
    ///   (none), 12 / 10 (webgpu), 17 / 10 (webgl with read-zero-skip-write buffers).
    ///
    /// `uint(x)` instead of `int(x)` measured 0 after `spirv-opt -O` (and only −1 to −8 on the
    /// GPUs, with different results for inputs ≤ −1), so it is not offered; `int(max(0.0, x))`
    /// costs one more instruction and +4 on gfx1100, so it is never offered either.
    ///
    /// Not reported: bit casts (`floatBitsToInt`, no conversion), a converted float that is not an
    /// index (`int(uCount)` as a loop bound), integer attributes, `gl_VertexID`, `texelFetch`
    /// coordinates (image accesses, not array indices).
    ///
    /// ## Example
    /// ```glsl
    /// in vec4 aBoneIndices;
    /// uniform vec4 uBones[204];
    /// ivec4 idx = ivec4(aBoneIndices) * 3;
    /// vec4 r0 = uBones[idx.x];
    /// ```
    ///
    /// ## Use instead
    /// ```glsl
    /// in ivec4 aBoneIndices;   // uploaded with vertexAttribIPointer
    /// uniform vec4 uBones[204];
    /// ivec4 idx = aBoneIndices * 3;
    /// vec4 r0 = uBones[idx.x];
    /// ```
    ///
    /// ## Fix safety
    /// Display-only, and offered only when the float is a vertex attribute: the application must
    /// upload integer vertex data (`gl.vertexAttribIPointer` in WebGL 2, an `R32G32B32A32_SINT`
    /// / `Sint32x4` vertex format in Vulkan / WebGPU). For integral, non-negative indices the
    /// results are the same. Floats computed in the shader, or interpolated varyings, get no fix.
    pub(crate) RULE = "float-to-int-index",
    category: Cost, default: on Warning, fix: DisplayOnly, since: "0.1.0",
    summary: "a float converted to an int and used as an array index",
    fix_note: "integer attribute",
    measured: "skinning, webgpu: 173 → 171; 174 → 160 / 185 → 177",
    check: check,
}

/// An array indexed: the function and the `Access`'s base.
type Indexed = (FnId, Handle<Expression>);

fn check(context: &Context, out: &mut Vec<Violation>) {
    // Each conversion, with the accesses it indexes.
    let mut uses: BTreeMap<(FnId, usize), (Conversion, Vec<Indexed>)> = BTreeMap::new();
    for view in &context.functions {
        let f = view.function;
        for (_, expression) in f.expressions.iter() {
            let Expression::Access { base, index } = *expression else {
                continue;
            };
            if literal(context.module, f, index).is_some() {
                continue;
            }
            for conversion in float_conversions(context, view.id, index) {
                uses.entry((conversion.0, conversion.1.index()))
                    .or_insert_with(|| (conversion, Vec::new()))
                    .1
                    .push((view.id, base));
            }
        }
    }
    for ((conv_id, conv), accesses) in uses.into_values() {
        out.extend(violation(context, conv_id, conv, &accesses));
    }
}

fn violation(
    context: &Context,
    id: FnId,
    conversion: Handle<Expression>,
    accesses: &[Indexed],
) -> Option<Violation> {
    let view = context.view(id);
    let f = view.function;
    let Expression::As { expr, kind, .. } = f.expressions[conversion] else {
        return None;
    };
    let int = if kind == ScalarKind::Uint {
        "uint"
    } else {
        "int"
    };
    let mut names: Vec<String> = accesses
        .iter()
        .filter_map(|(access_id, base)| {
            idx_util::array_name(context, context.view(*access_id).function, *base)
        })
        .collect();
    names.sort();
    names.dedup();
    let arrays = if names.is_empty() {
        String::from("an array")
    } else {
        names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut policies: Vec<BoundsCheckPolicy> = accesses
        .iter()
        .map(|(access_id, base)| context.policy_for(context.view(*access_id), *base))
        .collect();
    policies.sort_by_key(|p| idx_util::policy_short(*p));
    policies.dedup();
    let message = format!("float converted to `{int}` and used as an index into {arrays}");
    let mut violation = Violation::new(message, context.expr_loc(f, conversion)).note(format!(
        "the conversion saturates: naga clamps the float to the `{int}` range before \
         converting (`FClamp` + `OpConvertFToS` in SPIR-V, the `naga_f2i32` helper in HLSL \
         and MSL)"
    ));
    let checks = match policies.as_slice() {
        [BoundsCheckPolicy::Unchecked] => format!(
            "under robustness {} the index gets no bounds check, but the conversion's clamp stays",
            context.robustness_words()
        ),
        [one] => format!(
            "under robustness {} the index is then checked again: {} per access ({} access{})",
            context.robustness_words(),
            Context::check_words(*one),
            accesses.len(),
            if accesses.len() == 1 { "" } else { "es" }
        ),
        _ => format!(
            "under robustness {} the {} accesses it indexes are then checked again",
            context.robustness_words(),
            accesses.len()
        ),
    };
    violation = violation.note(checks);
    let attribute = loaded_global(view, expr).filter(|g| is_vertex_input(context, *g));
    // GLSL ES 1.00 (WebGL 1) and desktop GLSL before 1.30 have no integer attributes.
    let integer_attributes = context.has_integer_bit_operations();
    match attribute {
        Some(_) if !integer_attributes => {
            violation = violation.note(format!(
                "{} has no integer attributes: in WebGL 2 (`#version 300 es`) or GLSL 1.30+ the \
                 attribute can be an `int`/`ivec` type uploaded with `vertexAttribIPointer`, which \
                 measured 3 to 17 fewer vega10 / gfx1100 instructions",
                context
                    .compilation
                    .parsed
                    .dialect
                    .map(|d| d.describe())
                    .unwrap_or_default()
            ));
        }
        Some(g) => {
            let global = &context.module.global_variables[g];
            let name = global.name.as_deref().unwrap_or("the attribute");
            let (prefix, scalar) = if kind == ScalarKind::Uint {
                ("u", "uint")
            } else {
                ("i", "int")
            };
            let ty = match context.module.types[global.ty].inner {
                TypeInner::Vector { size, .. } => format!("{prefix}vec{}", size as u8),
                _ => scalar.to_string(),
            };
            violation = violation
                .note(
                    "measured 2026-11-23 (Mesa 22.3.6 RADV null devices): an integer attribute \
                     saved 2 SPIR-V instructions after spirv-opt -O and 3 (one index) to 17 \
                     (skinning) vega10 / gfx1100 instructions; `uint()` instead saved nothing \
                     after spirv-opt -O",
                )
                .with_fix(Some(Fix {
                    applicability: Applicability::DisplayOnly,
                    message: format!(
                        "declare the attribute as `in {ty} {name}` and upload integers \
                         (`vertexAttribIPointer`), then index with it directly"
                    ),
                    edits: Vec::new(),
                    measured: Vec::new(),
                }));
        }
        None => {
            violation = violation.note(
                "the float is computed in the shader or interpolated: keep the value an integer \
                 from its source (an integer attribute, a `flat` integer varying) to remove \
                 the conversion",
            );
        }
    }
    Some(violation)
}

/// A float-to-int conversion (`As { kind: Sint | Uint, convert: Some(_) }` of a float) found
/// in function `.0`.
pub type Conversion = (FnId, Handle<Expression>);

/// The float-to-int conversions `handle` (in function `id`) is computed from through integer
/// arithmetic (`+`, `-`, `*`, `<<`, `min`/`max`/`clamp`/`abs`), components, locals and
/// function arguments (into every caller).
pub fn float_conversions(
    context: &Context,
    id: FnId,
    handle: Handle<Expression>,
) -> Vec<Conversion> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    let mut stack = vec![(id, handle, 0u32)];
    while let Some((id, h, depth)) = stack.pop() {
        if depth > 64 || !seen.insert((id, h)) {
            continue;
        }
        let view = context.view(id);
        let f = view.function;
        let mut push = |x: Handle<Expression>| stack.push((id, x, depth + 1));
        match f.expressions[h] {
            Expression::As {
                expr,
                kind: ScalarKind::Sint | ScalarKind::Uint,
                convert: Some(_),
            } => {
                if scalar_kind(context.module, view.info, expr) == Some(ScalarKind::Float) {
                    out.push((id, h));
                } else {
                    push(expr);
                }
            }
            Expression::Binary {
                op:
                    BinaryOperator::Add
                    | BinaryOperator::Subtract
                    | BinaryOperator::Multiply
                    | BinaryOperator::ShiftLeft,
                left,
                right,
            } => {
                push(left);
                push(right);
            }
            Expression::AccessIndex { base, .. } => push(base),
            Expression::Swizzle { vector, .. } => push(vector),
            Expression::Splat { value, .. } => push(value),
            Expression::Compose { ref components, .. } => {
                for c in components {
                    push(*c);
                }
            }
            Expression::Math {
                fun: MathFunction::Min | MathFunction::Max | MathFunction::Clamp | MathFunction::Abs,
                arg,
                arg1,
                arg2,
                ..
            } => {
                push(arg);
                for a in arg1.into_iter().chain(arg2) {
                    push(a);
                }
            }
            Expression::Load { pointer } => {
                if let Expression::LocalVariable(v) = f.expressions[pointer] {
                    if !view.locals().written_in_part(v) {
                        for s in view.locals().stores(v) {
                            push(*s);
                        }
                        if let Some(init) = f.local_variables[v].init {
                            push(init);
                        }
                    }
                }
            }
            Expression::FunctionArgument(k) => {
                for site in context.calls().sites_of(id) {
                    if let Some(a) = site.arguments.get(k as usize) {
                        stack.push((site.caller, *a, depth + 1));
                    }
                }
            }
            _ => {}
        }
    }
    out.sort_by_key(|(id, h)| (*id, h.index()));
    out
}

/// Whether the private global `g` holds a vertex shader input (an attribute): the GLSL reader
/// copies each `in` from a `Location`-bound entry-point argument into a private global.
pub fn is_vertex_input(context: &Context, g: Handle<GlobalVariable>) -> bool {
    context.functions.iter().any(|view| {
        let Some(entry) = view.entry else {
            return false;
        };
        if entry.stage != ShaderStage::Vertex {
            return false;
        }
        let f = view.function;
        let mut found = false;
        walk(&f.body, &mut Vec::new(), &mut |statement, _| {
            if let Statement::Store { pointer, value } = *statement {
                if matches!(f.expressions[pointer], Expression::GlobalVariable(x) if x == g) {
                    if let Expression::FunctionArgument(k) = f.expressions[value] {
                        found |= matches!(
                            f.arguments.get(k as usize).and_then(|a| a.binding.as_ref()),
                            Some(Binding::Location { .. })
                        );
                    }
                }
            }
        });
        found
    })
}

/// The private global a value is loaded from, through locals, components and swizzles.
pub fn loaded_global(
    view: &FunctionView,
    mut handle: Handle<Expression>,
) -> Option<Handle<GlobalVariable>> {
    let f = view.function;
    for _ in 0..16 {
        handle = view.locals().peel(f, handle);
        match f.expressions[handle] {
            Expression::AccessIndex { base, .. } => handle = base,
            Expression::Swizzle { vector, .. } => handle = vector,
            Expression::Load { pointer } => return root_global(f, pointer),
            _ => return None,
        }
    }
    None
}
