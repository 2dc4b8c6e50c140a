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
//! | [`discard_return`] | WGSL | a `discard` ending a path of a function with a result gets a `return` of zero after it |
//! | [`fallthrough`] | WGSL, SPIR-V | a `case` falling through gets a copy of the next case's body |
//! | [`std140`] | WGSL | a uniform block's `float`/`int` arrays of stride 16 → `vec4` elements, arrays of structs → structs padded to the stride, read through private copies filled at entry |
//! | [`offset`] | GLSL | a splat texel offset (`ivec2(7)`) → a `Compose` of the scalar, repeated |
//! | [`strong_cas`] | WGSL, MSL | a compare-exchange read as `old_value` retries spurious failures |
//! | [`samplers`] | GLSL | a texture sampled with a second sampler → a copy of the texture at a new binding, one combined sampler per pair, with a note |
//!
//! [`glsl_es`] is no polyfill: it tells the GLSL writer's `auto` version when ES cannot express
//! the module; nor are [`hlsl_sm`] and [`msl_version`], which tell the HLSL and MSL writers
//! the lowest shader model / language version the module needs.
//!
//! The lowered module is validated again (every naga check) before a writer sees it; a
//! failure there is prism's bug and is reported as such, never written.

mod build;
mod calls;
mod copy;
mod discard_return;
mod fallthrough;
mod glsl_es;
pub(crate) mod glsl_es_fragment;
pub mod hlsl_sm;
mod inverse;
mod layout;
pub mod msl_version;
mod nan;
mod offset;
mod outer;
mod point_coord;
mod point_size;
mod rebuild;
mod samplers;
mod std140;
mod std140_reads;
mod strong_cas;

pub use glsl_es_fragment::needs_desktop_barycentrics as glsl_needs_desktop_barycentrics;
pub use layout::natural as wgsl_natural;
pub use samplers::shared_texture_argument as glsl_shared_texture_argument;

pub use glsl_es::{
    needs_desktop as glsl_needs_desktop,
    needs_desktop_draw_parameters as glsl_needs_desktop_draw_parameters,
    needs_desktop_sample_id as glsl_needs_desktop_sample_id, needs_es310 as glsl_needs_es310,
    non_es_images as glsl_non_es_images,
};

/// The span of the first read of `global` that has one (globals naga's GLSL reader makes
/// for blocks and built-ins have none, nor have their `GlobalVariable` expressions: the
/// member access or load on them has), for a located error about it.
pub fn first_read(module: &naga::Module, global: naga::Handle<naga::GlobalVariable>) -> naga::Span {
    use naga::Expression as E;
    let functions = crate::ir::all_functions(module);
    for f in functions {
        let is_global = |h: naga::Handle<E>| f.expressions[h] == E::GlobalVariable(global);
        for (h, e) in f.expressions.iter() {
            let read = match *e {
                E::GlobalVariable(g) => g == global,
                E::Access { base, .. } | E::AccessIndex { base, .. } => is_global(base),
                E::Load { pointer } => is_global(pointer),
                _ => false,
            };
            let span = f.expressions.get_span(h);
            if read && span.is_defined() {
                return span;
            }
        }
    }
    naga::Span::default()
}

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
    /// Write splat texel offsets as a `Compose` (the GLSL writer panics on a splat).
    pub splat_offsets: bool,
    /// Read std140 scalar arrays of uniform blocks as `vec4` arrays (see [`std140`]).
    pub std140: bool,
    /// Give a texture sampled with several samplers one copy per extra sampler (see
    /// [`samplers`]).
    pub shared_textures: bool,
    /// Return after a `discard` that ends a path of a value function (see
    /// [`discard_return`]).
    pub discard_return: bool,
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
        splat_offsets: false,
        std140: false,
        shared_textures: false,
        discard_return: false,
    };
    pub const MSL: Plan = Plan {
        inverse: true,
        outer: true,
        nan: false,
        fallthrough: false,
        strong_cas: true,
        point_size: None,
        splat_offsets: false,
        std140: false,
        shared_textures: false,
        discard_return: false,
    };
    /// naga's SPIR-V writer turns some fall-through chains into a back-edge spirv-val rejects.
    pub const SPIRV: Plan = Plan {
        inverse: false,
        outer: false,
        nan: false,
        fallthrough: true,
        strong_cas: false,
        point_size: None,
        splat_offsets: false,
        std140: false,
        shared_textures: false,
        discard_return: false,
    };
    /// naga's GLSL writer looks texel offsets up in the wrong arena (see [`offset`]).
    pub const GLSL: Plan = Plan {
        inverse: false,
        outer: false,
        nan: false,
        fallthrough: false,
        strong_cas: false,
        point_size: None,
        splat_offsets: true,
        std140: false,
        shared_textures: true,
        discard_return: false,
    };
    pub const WGSL: Plan = Plan {
        inverse: false,
        outer: true,
        nan: true,
        fallthrough: true,
        strong_cas: true,
        point_size: Some("WGSL has no point-size output (WebGPU points are one pixel)"),
        splat_offsets: false,
        std140: true,
        shared_textures: false,
        discard_return: true,
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
    if plan.discard_return {
        changed += discard_return::return_after_discard(&mut lowered);
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
    if plan.splat_offsets {
        changed += offset::compose_splat_offsets(&mut lowered);
    }
    if plan.shared_textures {
        let split = samplers::split_shared_textures(&mut lowered, info);
        changed += split.len();
        notes.extend(split);
    }
    // Last: it appends to entry points' expressions, which `info` no longer describes.
    if plan.std140 {
        let copied = std140::pad_uniform_arrays(&mut lowered, info);
        if !copied.scalars.is_empty() {
            notes.push(format!(
                "uniform block members holding arrays of GLSL's std140 stride of 16 ({}) are read from `vec4` elements into private copies at the start of the entry point: WGSL has no such stride",
                copied.scalars.join(", ")
            ));
        }
        if !copied.structs.is_empty() {
            notes.push(format!(
                "uniform block members holding arrays of structs at GLSL's std140 stride ({}) are read from structs padded to that stride with `_pad` members into private copies at the start of the entry point: WGSL's struct size is smaller",
                copied.structs.join(", ")
            ));
        }
        changed += copied.scalars.len() + copied.structs.len();
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
    let calls = crate::ir::all_functions(module).any(|f| {
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
    let fallthrough =
        plan.fallthrough && crate::ir::all_functions(module).any(|f| falls_through(&f.body));
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
        && crate::ir::all_functions(module).any(|f| {
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
    let offsets = plan.splat_offsets && offset::has_splat_offset(module);
    let std140 = plan.std140 && std140::has_padded_arrays(module);
    let shared = plan.shared_textures && samplers::has_shared_textures(module);
    let discard = plan.discard_return && discard_return::has_value_function_discard(module);
    calls || fallthrough || points || offsets || std140 || shared || cas || discard
}

#[cfg(test)]
mod tests;
