//! 16-bit floats (`f16`) where a writer cannot write them right, refused with the line:
//!
//! - GLSL: naga 30's GLSL writer has no 16-bit float type at all (it refuses `Scalar::F16`
//!   and `f16` literals, and writes no `GL_EXT_shader_explicit_arithmetic_types_float16`).
//! - HLSL: a uniform block (cbuffer) whose 16-bit member is followed by a gap of 2 bytes
//!   (`float16_t a; f16vec2 b;`: `b` at offset 4 in std140). naga's writer pads cbuffer
//!   structs with `int`s only, one per 4 bytes, so it writes no padding there, and DXC packs
//!   16-bit cbuffer members at 2-byte alignment (`-enable-16bit-types`): `b` would be read
//!   from offset 2. Storage buffers are read at the byte offsets the module gives, and are
//!   right.

use naga::{AddressSpace, Expression, Module, Scalar, Span, TypeInner};

/// For the target named `target`: its label, why its writer cannot write `module`, and
/// where in the shader.
pub(super) fn refusal(target: &str, module: &Module) -> Option<(&'static str, &'static str, Span)> {
    match target {
        "glsl" => first_use(module).map(|span| {
            (
                "GLSL",
                "16-bit floats: naga's GLSL writer has no `float16_t` / `f16vec*` (GL_EXT_shader_explicit_arithmetic_types_float16); write `float` / `vec*` for a GLSL target",
                span,
            )
        }),
        "hlsl" => misplaced_cbuffer_member(module).map(|span| {
            (
                "HLSL",
                "a uniform block member after a 16-bit float ends 2 bytes short of its std140 offset: naga's HLSL writer pads cbuffers in 4-byte steps and DXC packs 16-bit members at 2-byte alignment, so it would be read from the wrong offset; reorder the block (16-bit members in pairs, or last) or pad it with a `float16_t`",
                span,
            )
        }),
        _ => None,
    }
}

fn is_f16(module: &Module, inner: &TypeInner) -> bool {
    match *inner {
        TypeInner::Scalar(s) | TypeInner::Vector { scalar: s, .. } => s == Scalar::F16,
        TypeInner::Matrix { scalar, .. } => scalar == Scalar::F16,
        TypeInner::Pointer { base, .. } | TypeInner::Array { base, .. } => {
            is_f16(module, &module.types[base].inner)
        }
        TypeInner::Struct { ref members, .. } => members
            .iter()
            .any(|m| is_f16(module, &module.types[m.ty].inner)),
        _ => false,
    }
}

/// The first place the module uses a 16-bit float, if it uses one.
fn first_use(module: &Module) -> Option<Span> {
    if !module.types.iter().any(|(_, t)| is_f16(module, &t.inner)) {
        return None;
    }
    for (handle, global) in module.global_variables.iter() {
        if is_f16(module, &module.types[global.ty].inner) {
            return Some(super::lower::first_read(module, handle));
        }
    }
    for function in crate::ir::all_functions(module) {
        for (h, e) in function.expressions.iter() {
            let half = match *e {
                Expression::Literal(naga::Literal::F16(_)) => true,
                Expression::As {
                    kind: naga::ScalarKind::Float,
                    convert: Some(2),
                    ..
                } => true,
                Expression::LocalVariable(v) => {
                    is_f16(module, &module.types[function.local_variables[v].ty].inner)
                }
                Expression::Compose { ty, .. } | Expression::ZeroValue(ty) => {
                    is_f16(module, &module.types[ty].inner)
                }
                _ => false,
            };
            let span = function.expressions.get_span(h);
            if half && span.is_defined() {
                return Some(span);
            }
        }
    }
    Some(Span::default())
}

/// The first read of a uniform block whose struct (or a struct inside it) has a 16-bit
/// member followed by a 2-byte gap.
fn misplaced_cbuffer_member(module: &Module) -> Option<Span> {
    fn gapped(module: &Module, ty: naga::Handle<naga::Type>, depth: usize) -> bool {
        if depth > 16 {
            return false;
        }
        match module.types[ty].inner {
            TypeInner::Struct { ref members, .. } => {
                // DXC aligns a 32-bit member to 4 bytes itself, and starts arrays and
                // structs on a 16-byte row, as std140 does: only a 16-bit scalar, vector or
                // matrix after the gap lands 2 bytes early.
                let gap_after = |k: usize| {
                    let member = &members[k];
                    let inner = &module.types[member.ty].inner;
                    let end = member.offset + inner.size(module.to_ctx());
                    let Some(next) = members.get(k + 1) else {
                        return false;
                    };
                    let next_inner = &module.types[next.ty].inner;
                    let next_small = matches!(
                        next_inner,
                        TypeInner::Scalar(_) | TypeInner::Vector { .. } | TypeInner::Matrix { .. }
                    ) && is_f16(module, next_inner);
                    is_f16(module, inner) && next_small && !(next.offset - end).is_multiple_of(4)
                };
                (0..members.len()).any(gap_after)
                    || members.iter().any(|m| gapped(module, m.ty, depth + 1))
            }
            TypeInner::Array { base, .. } => gapped(module, base, depth + 1),
            _ => false,
        }
    }
    module
        .global_variables
        .iter()
        .find(|(_, g)| g.space == AddressSpace::Uniform && gapped(module, g.ty, 0))
        .map(|(h, _)| super::lower::first_read(module, h))
}
