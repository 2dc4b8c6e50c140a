//! What naga 30's writers write wrong (output no compiler accepts, not a panic), refused
//! before they run, with the reason. Each entry names the writer code at fault; drop it when
//! the writer is fixed.
//!
//! - HLSL, clip and cull distances (`BuiltIn::ClipDistances`, `BuiltIn::CullDistance`,
//!   arrays of `f32`): `write_interface_struct` declares the output through `write_type`,
//!   which writes the element type only (`float gl_ClipDistance_1 : SV_ClipDistance;`), then
//!   initializes that struct from the `float[N]` member, which HLSL compilers reject (too
//!   many initializers).
//! - GLSL, cull distances: the writer never redeclares `gl_CullDistance` with its size, so
//!   assigning the `float[N]` member to it fails ("cannot convert ... to out unsized array").
//! - GLSL, depth-comparison gathers on cube and 2D-array shadow samplers: the writer's
//!   "`textureLod` at level zero as `textureGrad`" workaround for those samplers also fires
//!   for gathers and appends two gradients (`textureGather(s, p, ref, vec3(0.0),
//!   vec3(0.0))`); on cube-array shadow samplers it requires `GL_EXT_texture_shadow_lod`,
//!   which a gather does not need and glslang does not know.
//!
//! WGSL, HLSL and GLSL, subgroup control barriers (`ControlBarrier(SUB_GROUP)`): the WGSL writer
//! writes `subgroupBarrier()` (no WGSL has it), the HLSL writer nothing, the GLSL writer
//! `barrier()` (a workgroup barrier, which hangs in subgroup-divergent code).
//!
//! WGSL, multisampled array textures: naga writes `texture_multisampled_2d_array`, which
//! WGSL does not have (its own reader refuses it).
//!
//! MSL, 64-bit floats: the writer reaches `unreachable!` ("Unsupported scalar kind"); Metal
//! has no doubles. WGSL, 64-bit floats: naga writes `f64`, which is not WGSL (only naga's own
//! reader takes it, as an extension).
//!
//! And draw parameters, which naga refuses itself with a message that does not say why
//! ("builtin BaseInstance"): `gl_BaseVertex` / `gl_BaseInstance` / `gl_DrawID` to HLSL (naga's
//! HLSL writer has no mapping; Direct3D has the first two only from shader model 6.8, as
//! `SV_StartVertexLocation` / `SV_StartInstanceLocation`), the first two to WGSL (the
//! language has no such built-in) and `gl_DrawID` to MSL (Metal has none).

/// For the target named `target` (`Target::name`): the target's label, why its writer
/// would write `module` wrong (see the module docs), and where the shader uses what is
/// refused (undefined where not known); or `None`.
pub(super) fn refusal(
    target: &str,
    module: &naga::Module,
) -> Option<(&'static str, &'static str, naga::Span)> {
    let (label, what) = gap(target, module)?;
    let span = match (target, label) {
        ("hlsl", _) if what.starts_with("gl_ClipDistance") => first_write(module, |b| {
            matches!(
                b,
                naga::BuiltIn::ClipDistances | naga::BuiltIn::CullDistance
            )
        }),
        ("glsl", _) if what.starts_with("gl_CullDistance") => {
            first_write(module, |b| b == naga::BuiltIn::CullDistance)
        }
        (_, _) if what.starts_with("subgroupBarrier") => {
            subgroup_barrier(module).unwrap_or(naga::Span::UNDEFINED)
        }
        ("wgsl", _) if what.starts_with("multisampled array") => module
            .global_variables
            .iter()
            .find(|(_, g)| is_multisampled_array(&module.types[g.ty].inner))
            .map_or(naga::Span::UNDEFINED, |(h, _)| {
                module.global_variables.get_span(h)
            }),
        _ => naga::Span::UNDEFINED,
    };
    Some((label, what, span))
}

/// Where the shader first writes a built-in output `wanted` accepts: the first store into
/// the global naga's GLSL reader returns it from (the user's `gl_ClipDistance[0] = ...`).
fn first_write(module: &naga::Module, wanted: impl Fn(naga::BuiltIn) -> bool) -> naga::Span {
    use naga::{Expression as E, Statement as S};
    let mut globals = Vec::new();
    for ep in &module.entry_points {
        let Some(result) = &ep.function.result else {
            continue;
        };
        let naga::TypeInner::Struct { members, .. } = &module.types[result.ty].inner else {
            continue;
        };
        let exprs = &ep.function.expressions;
        crate::ir::walk_statements(&ep.function.body, &mut |statement, _| {
            let S::Return { value: Some(value) } = *statement else {
                return;
            };
            let E::Compose { components, .. } = &exprs[value] else {
                return;
            };
            for (member, &component) in members.iter().zip(components) {
                let builtin =
                    matches!(member.binding, Some(naga::Binding::BuiltIn(b)) if wanted(b));
                if let (true, E::Load { pointer }) = (builtin, &exprs[component]) {
                    if let E::GlobalVariable(g) = exprs[*pointer] {
                        globals.push(g);
                    }
                }
            }
        });
    }
    let mut found = naga::Span::UNDEFINED;
    for f in crate::ir::all_functions(module) {
        let root = |mut h: naga::Handle<E>| loop {
            match f.expressions[h] {
                E::Access { base, .. } | E::AccessIndex { base, .. } => h = base,
                E::GlobalVariable(g) => return Some(g),
                _ => return None,
            }
        };
        crate::ir::walk_statements(&f.body, &mut |statement, span| {
            if let S::Store { pointer, .. } = *statement {
                let stored = root(pointer).is_some_and(|g| globals.contains(&g));
                // The target's own span (naga's covers `[0]`, from the name where the
                // global's expression is at the name), else the statement's.
                let target = f.expressions.get_span(pointer);
                let name = root_span(f, pointer);
                let at = match (target.is_defined(), name.to_range()) {
                    (true, Some(n)) if n.end <= target.to_range().unwrap_or_default().start => {
                        name.until(&target)
                    }
                    (true, _) => target,
                    (false, _) => span,
                };
                if stored && at.is_defined() && !found.is_defined() {
                    found = at;
                }
            }
        });
        if found.is_defined() {
            break;
        }
    }
    found
}

/// The span of the global expression an access chain from `h` starts at.
fn root_span(f: &naga::Function, mut h: naga::Handle<naga::Expression>) -> naga::Span {
    loop {
        match f.expressions[h] {
            naga::Expression::Access { base, .. } | naga::Expression::AccessIndex { base, .. } => {
                h = base
            }
            _ => return f.expressions.get_span(h),
        }
    }
}

/// The writer gap of `target` for `module`: the target's label and why.
fn gap(target: &str, module: &naga::Module) -> Option<(&'static str, &'static str)> {
    match target {
        "hlsl"
            if super::common::writes_builtin(module, |b| {
                matches!(b, naga::BuiltIn::ClipDistances | naga::BuiltIn::CullDistance)
            }) =>
        {
            Some((
            "HLSL",
            "gl_ClipDistance / gl_CullDistance outputs: naga's HLSL writer declares SV_ClipDistance / SV_CullDistance without the array size, which HLSL compilers reject",
            ))
        }
        "glsl" if super::common::writes_builtin(module, |b| b == naga::BuiltIn::CullDistance) => Some((
            "GLSL",
            "gl_CullDistance outputs: naga's GLSL writer leaves gl_CullDistance unsized and assigns it a sized array, which GLSL compilers reject",
        )),
        "glsl" if gathers_cube_or_array_depth(module) => Some((
            "GLSL",
            "textureGather with a depth reference on a cube or array shadow sampler: naga's GLSL writer adds gradient arguments (or GL_EXT_texture_shadow_lod) no GLSL gather takes",
        )),
        "hlsl"
            if super::common::reads_builtin(module, |b| {
                matches!(
                    b,
                    naga::BuiltIn::BaseVertex | naga::BuiltIn::BaseInstance | naga::BuiltIn::DrawIndex
                )
            }) =>
        {
            Some((
                "HLSL",
                "gl_BaseVertex / gl_BaseInstance / gl_DrawID: naga's HLSL writer has no mapping for them (Direct3D has the first two only from shader model 6.8, as SV_StartVertexLocation / SV_StartInstanceLocation, and no draw index); pass them in a constant buffer",
            ))
        }
        "wgsl"
            if super::common::reads_builtin(module, |b| {
                matches!(b, naga::BuiltIn::BaseVertex | naga::BuiltIn::BaseInstance)
            }) =>
        {
            Some((
                "WGSL",
                "gl_BaseVertex / gl_BaseInstance: WGSL has no base vertex or base instance built-in; pass the base in a uniform",
            ))
        }
        "wgsl" if uses_doubles(module) => Some((
            "WGSL",
            "64-bit floats (`double`, `dvec*`): WGSL has none (naga writes `f64`, which only naga's own reader takes); write `float`",
        )),
        "wgsl" | "hlsl" | "glsl" if subgroup_barrier(module).is_some() => Some((
            match target {
                "wgsl" => "WGSL",
                "hlsl" => "HLSL",
                _ => "GLSL",
            },
            "subgroupBarrier(): naga's writer has no subgroup execution barrier here (it writes a workgroup barrier, which hangs in subgroup-divergent code, or nothing); SPIR-V and MSL have one",
        )),
        "wgsl" if multisampled_arrays(module) => Some((
            "WGSL",
            "multisampled array textures (`sampler2DMSArray`, `texture2DMSArray`): WGSL has no such type (naga writes `texture_multisampled_2d_array`, which is not WGSL); bind each layer as a `texture2DMS`",
        )),
        "msl" if uses_doubles(module) => Some((
            "MSL",
            "64-bit floats (`double`, `dvec*`): Metal has no double-precision type; write `float`",
        )),
        "msl" if super::common::reads_builtin(module, |b| b == naga::BuiltIn::DrawIndex) => Some((
            "MSL",
            "gl_DrawID: Metal has no draw-index built-in; pass the draw index in a buffer",
        )),
        _ => None,
    }
}

/// The module declares a 64-bit float type (naga's MSL writer reaches `unreachable!` on one).
fn uses_doubles(module: &naga::Module) -> bool {
    module.types.iter().any(|(_, ty)| {
        let scalar = match ty.inner {
            naga::TypeInner::Scalar(s)
            | naga::TypeInner::Vector { scalar: s, .. }
            | naga::TypeInner::Matrix { scalar: s, .. } => s,
            _ => return false,
        };
        scalar == naga::Scalar::F64
    })
}

/// Where a function has a subgroup control barrier (`subgroupBarrier()`), if one does.
fn subgroup_barrier(module: &naga::Module) -> Option<naga::Span> {
    let mut found = None;
    for function in crate::ir::all_functions(module) {
        crate::ir::walk_statements(&function.body, &mut |statement, span| {
            if let naga::Statement::ControlBarrier(flags) = statement {
                if flags.contains(naga::Barrier::SUB_GROUP) && found.is_none() {
                    found = Some(span);
                }
            }
        });
    }
    found
}

/// The module has a multisampled arrayed texture type.
fn multisampled_arrays(module: &naga::Module) -> bool {
    module
        .types
        .iter()
        .any(|(_, ty)| is_multisampled_array(&ty.inner))
}

fn is_multisampled_array(inner: &naga::TypeInner) -> bool {
    matches!(
        inner,
        naga::TypeInner::Image {
            arrayed: true,
            class: naga::ImageClass::Sampled { multi: true, .. }
                | naga::ImageClass::Depth { multi: true },
            ..
        }
    )
}

/// A function gathers with a depth reference from a cube or arrayed depth texture.
fn gathers_cube_or_array_depth(module: &naga::Module) -> bool {
    let in_function = |function: &naga::Function| {
        function.expressions.iter().any(|(_, e)| {
            let naga::Expression::ImageSample {
                image,
                gather: Some(_),
                depth_ref: Some(_),
                ..
            } = *e
            else {
                return false;
            };
            let ty = match function.expressions[image] {
                naga::Expression::GlobalVariable(g) => module.global_variables[g].ty,
                naga::Expression::FunctionArgument(i) => function.arguments[i as usize].ty,
                // An element of a binding array: its base type.
                naga::Expression::Access { base, .. }
                | naga::Expression::AccessIndex { base, .. } => {
                    match function.expressions[base] {
                        naga::Expression::GlobalVariable(g) => {
                            match module.types[module.global_variables[g].ty].inner {
                                naga::TypeInner::BindingArray { base, .. } => base,
                                _ => return true, // unknown: refuse rather than guess
                            }
                        }
                        _ => return true,
                    }
                }
                _ => return true,
            };
            matches!(
                module.types[ty].inner,
                naga::TypeInner::Image {
                    dim: naga::ImageDimension::Cube,
                    ..
                } | naga::TypeInner::Image { arrayed: true, .. }
            )
        })
    };
    module.functions.iter().any(|(_, f)| in_function(f))
        || module
            .entry_points
            .iter()
            .any(|ep| in_function(&ep.function))
}
