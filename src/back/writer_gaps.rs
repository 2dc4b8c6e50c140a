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
//! And draw parameters, which naga refuses itself with a message that does not say why
//! ("builtin BaseInstance"): `gl_BaseVertex` / `gl_BaseInstance` / `gl_DrawID` to HLSL (naga's
//! HLSL writer has no mapping; Direct3D has the first two only from shader model 6.8, as
//! `SV_StartVertexLocation` / `SV_StartInstanceLocation`), the first two to WGSL (the
//! language has no such built-in) and `gl_DrawID` to MSL (Metal has none).

/// For the target named `target` (`Target::name`): the target's label and why its writer
/// would write `module` wrong (see the module docs), or `None`.
pub(super) fn refusal(target: &str, module: &naga::Module) -> Option<(&'static str, &'static str)> {
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
        "msl" if super::common::reads_builtin(module, |b| b == naga::BuiltIn::DrawIndex) => Some((
            "MSL",
            "gl_DrawID: Metal has no draw-index built-in; pass the draw index in a buffer",
        )),
        _ => None,
    }
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
