//! Float atomics (`GL_EXT_shader_atomic_float`: `atomicAdd` and `atomicExchange` on a
//! `float` buffer member). The stubs have `float` and `double` overloads beside `uint` and
//! `int`, so that a float call reaches the lowering (without them naga would report the
//! stub's name, `prism_atomicAdd`, as an unknown function); this check then keeps what naga's
//! IR can say and refuses the rest at the call.
//!
//! naga 30 has 32-bit float atomics behind `Capabilities::SHADER_FLOAT32_ATOMIC`: `Add`,
//! `Subtract` and `Exchange` without compare, on storage buffers only. So:
//!
//! | GLSL | prism |
//! |---|---|
//! | `atomicAdd` / `atomicExchange` on a `float` buffer member | lowered |
//! | the same on a `shared float` | `E-UNSUPPORTED` (naga: storage buffers only) |
//! | `atomicMin` / `atomicMax` on `float` (`GL_EXT_shader_atomic_float2`) | `E-UNSUPPORTED` |
//! | any atomic on `double` | `E-UNSUPPORTED` (naga has no 64-bit float atomics) |
//! | `atomicAnd` / `Or` / `Xor` / `CompSwap` on a float | `E-ATOMIC` (GLSL has none) |
//!
//! Writers: SPIR-V (`AtomicFloat32AddEXT`) and MSL write them; HLSL, GLSL and WGSL cannot
//! (`back::float_atomics` refuses them with `E-TARGET`).

use naga::{AddressSpace, AtomicFunction, Expression, Handle, Module, Scalar, ScalarKind, Span};

use super::unlowered::Unlowered;

/// The value types each stub has an overload for.
pub(super) const OVERLOADS: [&str; 4] = ["uint", "int", "float", "double"];

fn unsupported(span: Span, reason: String) -> Unlowered {
    Unlowered {
        span,
        code: "E-UNSUPPORTED",
        reason: format!("not supported by prism: {reason}"),
    }
}

/// GLSL's name of an atomic function, for messages.
fn glsl_name(fun: AtomicFunction) -> &'static str {
    match fun {
        AtomicFunction::Add => "atomicAdd",
        AtomicFunction::Subtract => "atomicSub",
        AtomicFunction::Min => "atomicMin",
        AtomicFunction::Max => "atomicMax",
        AtomicFunction::And => "atomicAnd",
        AtomicFunction::InclusiveOr => "atomicOr",
        AtomicFunction::ExclusiveOr => "atomicXor",
        AtomicFunction::Exchange { compare: None } => "atomicExchange",
        AtomicFunction::Exchange { .. } => "atomicCompSwap",
    }
}

/// Check an atomic whose value is `scalar` on `pointer` (an element of a global): `Ok` for
/// integers and for what naga can do with floats.
pub(super) fn check(
    module: &Module,
    expressions: &naga::Arena<Expression>,
    pointer: Handle<Expression>,
    fun: AtomicFunction,
    scalar: Scalar,
    span: Span,
) -> Result<(), Unlowered> {
    if scalar.kind != ScalarKind::Float {
        return Ok(());
    }
    let name = glsl_name(fun);
    let float_in_glsl = matches!(
        fun,
        AtomicFunction::Add
            | AtomicFunction::Exchange { compare: None }
            | AtomicFunction::Min
            | AtomicFunction::Max
    );
    if !float_in_glsl {
        return Err(Unlowered::atomic(
            span,
            format!("`{name}` takes `uint` or `int`, not a floating-point value"),
        ));
    }
    if scalar.width != 4 {
        return Err(unsupported(
            span,
            format!("`{name}` on a `double` (naga's IR has 32-bit float atomics only)"),
        ));
    }
    if matches!(fun, AtomicFunction::Min | AtomicFunction::Max) {
        return Err(unsupported(
            span,
            format!(
                "`{name}` on a `float` (GL_EXT_shader_atomic_float2; naga's IR has float atomic add and exchange only)"
            ),
        ));
    }
    let mut e = pointer;
    let space = loop {
        match expressions[e] {
            Expression::AccessIndex { base, .. } | Expression::Access { base, .. } => e = base,
            Expression::GlobalVariable(g) => break Some(module.global_variables[g].space),
            _ => break None,
        }
    };
    match space {
        Some(AddressSpace::Storage { .. }) => Ok(()),
        Some(AddressSpace::WorkGroup) => Err(unsupported(
            span,
            format!(
                "`{name}` on a `shared float` (naga's IR has float atomics on storage buffers only)"
            ),
        )),
        // Not a buffer or shared variable: the caller's own error says so.
        _ => Ok(()),
    }
}
