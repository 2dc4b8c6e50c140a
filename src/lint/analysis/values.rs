//! What an expression's value is known to be: a literal (through named constants, splats
//! and single-valued locals), its scalar kind, "provably not negative", and the expressions
//! it is computed from.

use naga::{
    Expression, Function, Handle, Literal, MathFunction, Module, ScalarKind, Statement, TypeInner,
};

pub use crate::front::limits::operands;
use crate::lint::analysis::locals::{root_global, Locals};

/// A numeric literal's value, through named constants and splats.
pub fn literal(module: &Module, function: &Function, handle: Handle<Expression>) -> Option<f64> {
    literal_in(module, &function.expressions, handle, 8)
}

fn literal_in(
    module: &Module,
    expressions: &naga::Arena<Expression>,
    handle: Handle<Expression>,
    depth: u32,
) -> Option<f64> {
    if depth == 0 {
        return None;
    }
    match expressions[handle] {
        Expression::Literal(literal) => literal_value(literal),
        Expression::Constant(c) => literal_in(
            module,
            &module.global_expressions,
            module.constants[c].init,
            depth - 1,
        ),
        Expression::Splat { value, .. } => literal_in(module, expressions, value, depth - 1),
        Expression::ZeroValue(ty) => match module.types[ty].inner {
            TypeInner::Scalar(_) | TypeInner::Vector { .. } => Some(0.0),
            _ => None,
        },
        Expression::Compose { ref components, .. } => {
            let values: Option<Vec<f64>> = components
                .iter()
                .map(|c| literal_in(module, expressions, *c, depth - 1))
                .collect();
            let values = values?;
            let first = *values.first()?;
            values.iter().all(|v| *v == first).then_some(first)
        }
        _ => None,
    }
}

pub fn literal_value(literal: Literal) -> Option<f64> {
    Some(match literal {
        Literal::F64(v) => v,
        Literal::F32(v) => v as f64,
        Literal::F16(v) => f64::from(v),
        Literal::U32(v) => v as f64,
        Literal::I32(v) => v as f64,
        Literal::U64(v) => v as f64,
        Literal::I64(v) => v as f64,
        Literal::U16(v) => v as f64,
        Literal::I16(v) => v as f64,
        Literal::AbstractInt(v) => v as f64,
        Literal::AbstractFloat(v) => v,
        Literal::Bool(_) => return None,
    })
}

/// The scalar kind of an expression's value (or of the value a pointer points at).
pub fn scalar_kind(
    module: &Module,
    info: &naga::valid::FunctionInfo,
    handle: Handle<Expression>,
) -> Option<ScalarKind> {
    let inner = info[handle].ty.inner_with(&module.types);
    match *inner {
        TypeInner::Pointer { base, .. } => module.types[base].inner.scalar_kind(),
        ref other => other.scalar_kind(),
    }
}

/// Whether the value of `handle` is provably `>= 0` (or unsigned) for every invocation.
/// Conservative: `false` means "not proven".
pub fn nonnegative(
    module: &Module,
    function: &Function,
    info: &naga::valid::FunctionInfo,
    locals: &Locals,
    handle: Handle<Expression>,
) -> bool {
    nonnegative_depth(module, function, info, locals, handle, 12)
}

fn nonnegative_depth(
    module: &Module,
    function: &Function,
    info: &naga::valid::FunctionInfo,
    locals: &Locals,
    handle: Handle<Expression>,
    depth: u32,
) -> bool {
    if depth == 0 {
        return false;
    }
    if scalar_kind(module, info, handle) == Some(ScalarKind::Uint) {
        return true;
    }
    let handle = locals.peel(function, handle);
    if let Some(v) = literal(module, function, handle) {
        return v >= 0.0;
    }
    let nn = |h| nonnegative_depth(module, function, info, locals, h, depth - 1);
    match function.expressions[handle] {
        // `int(u)` of an unsigned `u >= 2^31` is negative.
        Expression::As {
            expr,
            kind: ScalarKind::Sint,
            ..
        } if scalar_kind(module, info, expr) == Some(ScalarKind::Uint) => {
            below_2_31(module, function, locals, expr, depth - 1)
        }
        // A bit cast between kinds (`uintBitsToFloat`) says nothing about the sign.
        Expression::As {
            expr,
            kind,
            convert: None,
        } => scalar_kind(module, info, expr) == Some(kind) && nn(expr),
        Expression::As { expr, .. } => nn(expr),
        // A fragment shader's `@builtin(position)` (WGSL): pixel coordinates and depth.
        Expression::FunctionArgument(i) => function
            .arguments
            .get(i as usize)
            .and_then(|a| a.binding.as_ref())
            .is_some_and(|b| matches!(b, naga::Binding::BuiltIn(naga::BuiltIn::Position { .. }))),
        Expression::Swizzle { vector, .. } => nn(vector),
        Expression::AccessIndex { base, .. } => nn(base),
        Expression::Splat { value, .. } => nn(value),
        Expression::Compose { ref components, .. } => components.iter().all(|c| nn(*c)),
        Expression::Load { pointer } => builtin_nonnegative(module, function, pointer),
        Expression::Binary { op, left, right } => {
            use naga::BinaryOperator as B;
            match op {
                // Signed integer sums and products wrap: `i * 4` of a large `i >= 0` is
                // negative. Floats do not wrap.
                B::Add | B::Multiply => {
                    scalar_kind(module, info, handle) != Some(ScalarKind::Sint)
                        && nn(left)
                        && nn(right)
                }
                B::Divide | B::ShiftRight => nn(left) && nn(right),
                B::And => nn(left) || nn(right),
                B::Modulo => nn(left),
                _ => false,
            }
        }
        Expression::Math {
            fun,
            arg,
            arg1,
            arg2,
            ..
        } => {
            use MathFunction as M;
            // `abs(INT_MIN)` is `INT_MIN`, and an integer dot product wraps: floats only.
            let float = scalar_kind(module, info, handle) == Some(ScalarKind::Float);
            match fun {
                M::Abs | M::Dot if !float => false,
                M::Abs | M::Length | M::Distance | M::Exp | M::Exp2 | M::Sqrt | M::Fract => true,
                M::Floor | M::Ceil | M::Round | M::Trunc | M::Saturate => nn(arg),
                M::Max => nn(arg) || arg1.is_some_and(nn),
                M::Min => nn(arg) && arg1.is_some_and(nn),
                M::Clamp => arg1.is_some_and(nn) && arg2.is_some_and(nn),
                M::Dot => arg == arg1.unwrap_or(arg),
                _ => false,
            }
        }
        _ => false,
    }
}

/// Whether an unsigned value is provably below 2^31 (so converting it to `int` keeps it
/// non-negative): small literals, masks, shifts, invocation and vertex ids.
fn below_2_31(
    module: &Module,
    function: &Function,
    locals: &Locals,
    handle: Handle<Expression>,
    depth: u32,
) -> bool {
    if depth == 0 {
        return false;
    }
    let handle = locals.peel(function, handle);
    let small =
        |h| literal(module, function, h).is_some_and(|v| (0.0..2_147_483_648.0).contains(&v));
    let below = |h| below_2_31(module, function, locals, h, depth - 1);
    if small(handle) {
        return true;
    }
    use naga::BinaryOperator as B;
    match function.expressions[handle] {
        Expression::Binary {
            op: B::And,
            left,
            right,
        } => small(left) || small(right),
        Expression::Binary {
            op: B::ShiftRight,
            right,
            ..
        } => literal(module, function, right).is_some_and(|v| v >= 1.0),
        Expression::Binary {
            op: B::Modulo,
            right,
            ..
        } => small(right),
        Expression::Binary {
            op: B::Divide,
            left,
            right,
        } => below(left) || literal(module, function, right).is_some_and(|v| v >= 2.0),
        Expression::Math {
            fun: MathFunction::Min,
            arg,
            arg1,
            ..
        } => below(arg) || arg1.is_some_and(below),
        Expression::Swizzle { vector, .. } => below(vector),
        Expression::AccessIndex { base, .. } => below(base),
        Expression::Load { pointer } => builtin_nonnegative(module, function, pointer),
        Expression::FunctionArgument(i) => function
            .arguments
            .get(i as usize)
            .and_then(|a| a.binding.as_ref())
            .is_some_and(|b| {
                use naga::BuiltIn as Bi;
                matches!(
                    b,
                    naga::Binding::BuiltIn(
                        Bi::GlobalInvocationId
                            | Bi::LocalInvocationId
                            | Bi::LocalInvocationIndex
                            | Bi::WorkGroupId
                            | Bi::VertexIndex
                            | Bi::InstanceIndex
                    )
                )
            }),
        _ => false,
    }
}

/// Loads of values that are never negative: `gl_FragCoord` (a fragment shader's position),
/// workgroup and invocation ids. naga's GLSL reader keeps builtins in private globals; the
/// dialect layer keeps their names.
fn builtin_nonnegative(module: &Module, function: &Function, pointer: Handle<Expression>) -> bool {
    let Some(global) = root_global(function, pointer) else {
        return false;
    };
    let variable = &module.global_variables[global];
    let Some(name) = variable.name.as_deref() else {
        return false;
    };
    // The name alone proves nothing (a WGSL uniform may be called `gl_InstanceID`): it must
    // be the reader's private copy of an entry point's built-in argument.
    if variable.space != naga::AddressSpace::Private || !builtin_copy(module, global) {
        return false;
    }
    matches!(
        name,
        "gl_FragCoord"
            | "gl_GlobalInvocationID"
            | "gl_LocalInvocationID"
            | "gl_WorkGroupID"
            | "gl_LocalInvocationIndex"
            | "gl_NumWorkGroups"
            | "gl_VertexID"
            | "gl_InstanceID"
            | "gl_VertexIndex"
            | "gl_InstanceIndex"
    )
}

/// Whether an entry point stores one of its built-in arguments into `global` (how naga's
/// GLSL reader passes `gl_FragCoord` and the invocation ids to the user's `main`).
fn builtin_copy(module: &Module, global: Handle<naga::GlobalVariable>) -> bool {
    module.entry_points.iter().any(|ep| {
        let f = &ep.function;
        f.body.iter().any(|statement| {
            let Statement::Store { pointer, value } = *statement else {
                return false;
            };
            let stores_global =
                matches!(f.expressions[pointer], Expression::GlobalVariable(g) if g == global);
            let from_builtin = match f.expressions[value] {
                Expression::FunctionArgument(i) => f
                    .arguments
                    .get(i as usize)
                    .is_some_and(|a| matches!(a.binding, Some(naga::Binding::BuiltIn(_)))),
                _ => false,
            };
            stores_global && from_builtin
        })
    })
}

/// Every expression `handle` is computed from (itself included), without crossing loads:
/// a pointer operand of a `Load` is visited, the stored value is not.
pub fn subtree(function: &Function, handle: Handle<Expression>) -> Vec<Handle<Expression>> {
    let mut seen = vec![false; function.expressions.len()];
    let mut out = Vec::new();
    let mut stack = vec![handle];
    while let Some(h) = stack.pop() {
        if std::mem::replace(&mut seen[h.index()], true) {
            continue;
        }
        out.push(h);
        stack.extend(operands(&function.expressions[h]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::analysis::placement::tests::{named, wgsl};

    #[test]
    fn nonnegative_proves_unsigned_abs_and_masks_but_not_signed_inputs() {
        let (module, info) = wgsl(
            "@fragment fn main(@location(0) @interpolate(flat) i: i32, @location(1) x: f32) -> @location(0) vec4<f32> {
                let a = abs(x); let b = i & 7; let c = i; let d = max(x, 0.0); let e = x - 1.0;
                return vec4(a, f32(b), f32(c), d + e);
            }",
        );
        let f = &module.entry_points[0].function;
        let finfo = info.get_entry_point(0);
        let locals = Locals::of(f);
        let nn = |name| nonnegative(&module, f, finfo, &locals, named(f, name));
        assert!(nn("a"));
        assert!(nn("b"));
        assert!(!nn("c"));
        assert!(nn("d"));
        assert!(!nn("e"));
    }

    #[test]
    fn int_of_an_unsigned_value_is_non_negative_only_below_2_31() {
        let (module, info) = wgsl(
            "@group(0) @binding(0) var<uniform> u: u32;
            @compute @workgroup_size(1) fn main(@builtin(global_invocation_id) id: vec3<u32>) {
                let any = i32(u); let masked = i32(u & 255u); let shifted = i32(u >> 1u);
                let thread = i32(id.x);
                _ = any + masked + shifted + thread;
            }",
        );
        let f = &module.entry_points[0].function;
        let finfo = info.get_entry_point(0);
        let locals = Locals::of(f);
        let nn = |name| nonnegative(&module, f, finfo, &locals, named(f, name));
        assert!(!nn("any"));
        assert!(nn("masked"));
        assert!(nn("shifted"));
        assert!(nn("thread"));
    }
}
