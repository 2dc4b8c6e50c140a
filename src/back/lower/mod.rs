//! Polyfills applied to a clone of the module before a writer that cannot write something a
//! valid shader uses. One file per polyfill:
//!
//! | polyfill | for | how |
//! |---|---|---|
//! | [`inverse`] | HLSL, MSL | `inverse(m)` → `prism_inverse_NxN_f32(m)`, cofactor expansion |
//! | [`outer`] | HLSL, MSL, WGSL | `outerProduct(c, r)` → `prism_outer_CxR_f32(c, r)` |
//! | [`nan`] | WGSL | `isnan` / `isinf` → `prism_isnan_f32` / `prism_isinf_f32`, bit tests |
//! | [`point_size`] | WGSL, HLSL | the `gl_PointSize` output is dropped, with a note |
//! | [`point_coord`] | WGSL, HLSL | `gl_PointCoord` reads `vec2(0.5)` (one-pixel points), with a note |
//! | [`fallthrough`] | WGSL, SPIR-V | a `case` falling through gets a copy of the next case's body |
//! | [`strong_cas`] | WGSL, MSL | a compare-exchange read as `old_value` retries spurious failures |
//!
//! [`glsl_es`] is no polyfill: it tells the GLSL writer's `auto` version when ES cannot express
//! the module.
//!
//! The lowered module is validated again (every naga check) before a writer sees it; a
//! failure there is prism's bug and is reported as such, never written.

mod build;
mod calls;
mod copy;
mod fallthrough;
mod glsl_es;
mod inverse;
mod nan;
mod outer;
mod point_coord;
mod point_size;
mod strong_cas;

pub use glsl_es::{needs_desktop as glsl_needs_desktop, needs_es310 as glsl_needs_es310};

/// What to lower for one target.
#[derive(Clone, Copy, Debug, Default)]
pub struct Plan {
    pub inverse: bool,
    pub outer: bool,
    pub nan: bool,
    pub fallthrough: bool,
    /// Retry the weak compare-exchange naga writes until it is strong.
    pub strong_cas: bool,
    /// Drop `gl_PointSize` and read `gl_PointCoord` as the centre; the text says why, for
    /// the note.
    pub point_size: Option<&'static str>,
}

impl Plan {
    pub const HLSL: Plan = Plan {
        inverse: true,
        outer: true,
        nan: false,
        fallthrough: false,
        strong_cas: false,
        point_size: Some(
            "Direct3D 10 and later have no point-size output (PSIZE is Direct3D 9 only)",
        ),
    };
    pub const MSL: Plan = Plan {
        inverse: true,
        outer: true,
        nan: false,
        fallthrough: false,
        strong_cas: true,
        point_size: None,
    };
    /// naga's SPIR-V writer turns some fall-through chains into a back-edge spirv-val rejects.
    pub const SPIRV: Plan = Plan {
        inverse: false,
        outer: false,
        nan: false,
        fallthrough: true,
        strong_cas: false,
        point_size: None,
    };
    pub const WGSL: Plan = Plan {
        inverse: false,
        outer: true,
        nan: true,
        fallthrough: true,
        strong_cas: true,
        point_size: Some("WGSL has no point-size output (WebGPU points are one pixel)"),
    };
}

/// A module with its polyfills, validated, and the notes the user should see.
pub struct Lowered {
    pub module: naga::Module,
    pub info: naga::valid::ModuleInfo,
    pub notes: Vec<String>,
}

/// Apply `plan` to a clone of `module`; `None` when nothing needed lowering. The error is a
/// polyfill that broke validation (a prism bug).
pub fn lower(
    module: &naga::Module,
    info: &naga::valid::ModuleInfo,
    plan: Plan,
) -> Result<Option<Lowered>, String> {
    if !may_lower(module, plan) {
        // The common case: nothing to polyfill, so no clone of the module on every write.
        return Ok(None);
    }
    let mut lowered = module.clone();
    let mut notes = Vec::new();
    let mut changed = 0;
    if plan.strong_cas {
        changed += strong_cas::strengthen(&mut lowered, info);
    }
    if plan.inverse || plan.outer || plan.nan {
        changed += calls::replace_with_calls(&mut lowered, info, &mut |expr, type_of| {
            None.or_else(|| plan.inverse.then(|| inverse::pick(expr, type_of)).flatten())
                .or_else(|| plan.outer.then(|| outer::pick(expr, type_of)).flatten())
                .or_else(|| plan.nan.then(|| nan::pick(expr, type_of)).flatten())
        })?;
    }
    if plan.fallthrough {
        changed += fallthrough::remove_fallthrough(&mut lowered);
    }
    if let Some(why) = plan.point_size {
        let dropped = point_size::drop_point_size(&mut lowered);
        if dropped > 0 {
            notes.push(format!("gl_PointSize is not written: {why}"));
        }
        let centred = point_coord::replace_point_coord(&mut lowered);
        if centred > 0 {
            notes.push(format!(
                "gl_PointCoord reads vec2(0.5), the centre of a one-pixel point: {why}; draw bigger sprites as quads"
            ));
        }
        changed += dropped + centred;
    }
    if changed == 0 {
        return Ok(None);
    }
    let info = naga::valid::Validator::new(
        naga::valid::ValidationFlags::all(),
        naga::valid::Capabilities::all(),
    )
    .validate(&lowered)
    .map_err(|err| {
        format!(
            "internal error: prism's polyfills produced a module naga rejects: {}",
            super::common::error_chain(err.as_inner())
        )
    })?;
    Ok(Some(Lowered {
        module: lowered,
        info,
        notes,
    }))
}

/// Whether `plan` may change `module`: a cheap scan for what each polyfill looks for (an
/// over-approximation: the polyfills themselves decide).
fn may_lower(module: &naga::Module, plan: Plan) -> bool {
    use naga::{Binding, BuiltIn, Expression, MathFunction, RelationalFunction, TypeInner};
    fn falls_through(block: &naga::Block) -> bool {
        block.iter().any(|statement| match statement {
            naga::Statement::Switch { cases, .. } => cases
                .iter()
                .any(|c| (c.fall_through && !c.body.is_empty()) || falls_through(&c.body)),
            naga::Statement::Block(inner) => falls_through(inner),
            naga::Statement::If { accept, reject, .. } => {
                falls_through(accept) || falls_through(reject)
            }
            naga::Statement::Loop {
                body, continuing, ..
            } => falls_through(body) || falls_through(continuing),
            _ => false,
        })
    }
    let functions = || {
        module
            .functions
            .iter()
            .map(|(_, f)| f)
            .chain(module.entry_points.iter().map(|ep| &ep.function))
    };
    let calls = functions().any(|f| {
        f.expressions.iter().any(|(_, e)| match *e {
            Expression::Math { fun, .. } => {
                (plan.inverse && fun == MathFunction::Inverse)
                    || (plan.outer && fun == MathFunction::Outer)
            }
            Expression::Relational { fun, .. } => {
                plan.nan && matches!(fun, RelationalFunction::IsNan | RelationalFunction::IsInf)
            }
            _ => false,
        })
    });
    let fallthrough = plan.fallthrough && functions().any(|f| falls_through(&f.body));
    let points = plan.point_size.is_some() && {
        let point = |binding: &Option<Binding>| {
            matches!(
                binding,
                Some(Binding::BuiltIn(BuiltIn::PointSize | BuiltIn::PointCoord))
            )
        };
        module.types.iter().any(|(_, t)| match &t.inner {
            TypeInner::Struct { members, .. } => members.iter().any(|m| point(&m.binding)),
            _ => false,
        }) || module.entry_points.iter().any(|ep| {
            ep.function.arguments.iter().any(|a| point(&a.binding))
                || ep
                    .function
                    .result
                    .as_ref()
                    .is_some_and(|r| point(&r.binding))
        })
    };
    let cas = plan.strong_cas
        && functions().any(|f| {
            f.expressions.iter().any(|(_, e)| {
                matches!(
                    e,
                    Expression::AtomicResult {
                        comparison: true,
                        ..
                    }
                )
            })
        });
    calls || fallthrough || points || cas
}

#[cfg(test)]
mod tests;
