//! The lowest MSL language version a module needs. naga's MSL writer checks the version it
//! is given for some features (ray queries, binding arrays, `[[amplification_id]]`,
//! `[[primitive_id]]`, `[[barycentric_coord]]`, `invariant`) but not for others, which it
//! writes into text a Metal compiler of that version refuses. The versions are the ones
//! wgpu's Metal back end asks for before it enables the matching feature (wgpu-hal 30,
//! `metal/adapter.rs`) and SPIRV-Cross's rule for SIMD-group functions:
//!
//! | the module uses | MSL | naga checks |
//! |---|---|---|
//! | image (texture) atomics | 3.1 | no |
//! | atomics on 32-bit floats | 3.0 | no |
//! | 64-bit atomics (min / max) | 2.4 | no |
//! | ray queries | 2.4 | yes |
//! | 64-bit integers | 2.3 | no |
//! | `[[primitive_id]]`, `[[barycentric_coord]]` | 2.3 | yes |
//! | subgroup (SIMD-group) operations and built-ins | 2.1 in compute, 2.2 in other stages | no |
//! | `[[amplification_id]]` (the view index) | 2.2 | yes |
//! | an `invariant` position | 2.1 | yes |
//! | arrays of textures or samplers | 2.0 | yes |
//!
//! Like [`super::hlsl_sm`], no polyfill: it tells `msl::write` which version to pick when the
//! user picked none, and which explicit choice is too low, with the place in the shader
//! (naga's own refusals name no place).

use naga::{
    Binding, BuiltIn, Expression, Module, Scalar, ScalarKind, ShaderStage, Span, Statement,
    TypeInner,
};

use super::hlsl_sm::{builtin_span, functions_with_info, walk};

/// One thing the module does that needs MSL `version` or later, and where.
#[derive(Clone, Debug)]
pub struct Need {
    pub version: (u8, u8),
    pub what: &'static str,
    pub span: Span,
}

/// The highest version anything in `module` needs (the first such thing, at that version).
pub fn needs(module: &Module, info: &naga::valid::ModuleInfo) -> Option<Need> {
    let mut best: Option<Need> = None;
    let mut want = |version: (u8, u8), what: &'static str, span: Span| {
        if best.as_ref().is_none_or(|b| version > b.version) {
            best = Some(Need {
                version,
                what,
                span,
            });
        }
    };
    // SIMD-group functions outside compute need 2.2; the module's stages decide.
    let subgroups = if module
        .entry_points
        .iter()
        .all(|ep| ep.stage == ShaderStage::Compute)
    {
        (2, 1)
    } else {
        (2, 2)
    };
    for (function, function_info) in functions_with_info(module, info) {
        for (handle, expr) in function.expressions.iter() {
            let span = function.expressions.get_span(handle);
            let inner = function_info[handle].ty.inner_with(&module.types);
            if is_int64(inner.scalar()) {
                want((2, 3), "64-bit integers", span);
            }
            match expr {
                Expression::SubgroupBallotResult | Expression::SubgroupOperationResult { .. } => {
                    want(subgroups, "subgroup (SIMD-group) operations", span)
                }
                Expression::RayQueryProceedResult | Expression::RayQueryGetIntersection { .. } => {
                    want((2, 4), "ray queries", span)
                }
                _ => {}
            }
        }
        walk(&function.body, &mut |statement, span| match *statement {
            Statement::ImageAtomic { .. } => want((3, 1), "image atomics", span),
            Statement::Atomic { pointer, .. } => {
                let scalar = match *function_info[pointer].ty.inner_with(&module.types) {
                    TypeInner::Pointer { base, .. } => match module.types[base].inner {
                        TypeInner::Atomic(scalar) => Some(scalar),
                        _ => None,
                    },
                    _ => None,
                };
                match scalar {
                    Some(Scalar {
                        kind: ScalarKind::Float,
                        ..
                    }) => want((3, 0), "atomics on floats", span),
                    Some(Scalar { width: 8, .. }) => want((2, 4), "64-bit atomics", span),
                    _ => {}
                }
            }
            _ => {}
        });
        for argument in &function.arguments {
            if let Some(Binding::BuiltIn(builtin)) = argument.binding {
                if let Some((version, what)) = builtin_need(builtin, subgroups) {
                    want(version, what, builtin_span(module, builtin));
                }
            }
        }
        if let Some(result) = &function.result {
            let invariant = |binding: &Option<Binding>| {
                matches!(
                    binding,
                    Some(Binding::BuiltIn(BuiltIn::Position { invariant: true }))
                )
            };
            let members = match module.types[result.ty].inner {
                TypeInner::Struct { ref members, .. } => members.as_slice(),
                _ => &[],
            };
            if invariant(&result.binding) || members.iter().any(|m| invariant(&m.binding)) {
                want((2, 1), "an invariant position", Span::default());
            }
        }
    }
    for (handle, global) in module.global_variables.iter() {
        if let TypeInner::BindingArray { .. } = module.types[global.ty].inner {
            let span = super::first_read(module, handle);
            want((2, 0), "arrays of textures or samplers", span);
        }
    }
    best
}

fn builtin_need(builtin: BuiltIn, subgroups: (u8, u8)) -> Option<((u8, u8), &'static str)> {
    match builtin {
        BuiltIn::SubgroupSize
        | BuiltIn::SubgroupInvocationId
        | BuiltIn::NumSubgroups
        | BuiltIn::SubgroupId => Some((subgroups, "subgroup (SIMD-group) built-ins")),
        BuiltIn::PrimitiveIndex => Some(((2, 3), "the primitive index (`[[primitive_id]]`)")),
        BuiltIn::Barycentric { .. } => Some(((2, 3), "barycentric coordinates")),
        BuiltIn::ViewIndex => Some(((2, 2), "the view index (gl_ViewIndex)")),
        _ => None,
    }
}

fn is_int64(scalar: Option<Scalar>) -> bool {
    scalar.is_some_and(|s| matches!(s.kind, ScalarKind::Sint | ScalarKind::Uint) && s.width == 8)
}
