//! What GLSL ES (3.00 / 3.10) cannot express although naga's GLSL writer writes it without
//! complaint, so `--glsl-version auto` must go to desktop 4.50 instead (glslang rejects the
//! ES text):
//!
//! - a storage image both read and written with a format other than `r32f`, `r32i`, `r32ui`
//!   (GLSL ES 3.10 §4.10: such images must be `readonly` or `writeonly`);
//! - a storage image of a format GLSL ES 3.10 has only through `GL_NV_image_formats`
//!   (`r8`, `rg16f`, `rgb10_a2`, ...: ES 3.10 §4.4.7 lists the others), an extension glslang
//!   does not know (`'#extension' : extension not supported: GL_NV_image_formats`);
//! - `gl_PrimitiveID` in a fragment shader (ES 3.20, or a geometry-shader extension);
//! - `gl_ClipDistance` / `gl_CullDistance` (ES only through `GL_EXT_clip_cull_distance`,
//!   which naga's writer requires and glslang does not know).

use naga::{
    Binding, BuiltIn, GlobalVariable, Handle, ImageClass, Module, StorageAccess, StorageFormat,
    TypeInner,
};

/// Whether GLSL ES 3.10 has storage images of `format` without an extension (§4.4.7).
pub fn es_image_format(format: StorageFormat) -> bool {
    use StorageFormat as F;
    matches!(
        format,
        F::Rgba32Float
            | F::Rgba16Float
            | F::R32Float
            | F::Rgba8Unorm
            | F::Rgba8Snorm
            | F::Rgba32Sint
            | F::Rgba16Sint
            | F::Rgba8Sint
            | F::R32Sint
            | F::Rgba32Uint
            | F::Rgba16Uint
            | F::Rgba8Uint
            | F::R32Uint
    )
}

/// The storage images of `module` whose format GLSL ES lacks (see [`es_image_format`]).
pub fn non_es_images(
    module: &Module,
) -> impl Iterator<Item = (Handle<GlobalVariable>, StorageFormat)> + '_ {
    module
        .global_variables
        .iter()
        .filter_map(|(handle, g)| match module.types[g.ty].inner {
            TypeInner::Image {
                class: ImageClass::Storage { format, .. },
                ..
            } if !es_image_format(format) => Some((handle, format)),
            _ => None,
        })
}

/// Why `module` cannot be GLSL ES, if it cannot.
pub fn needs_desktop(module: &Module) -> Option<&'static str> {
    if let Some(why) = crate::back::lower::glsl_es_fragment::needs_desktop(module) {
        return Some(why);
    }
    let read_write_image = module.global_variables.iter().any(|(_, g)| {
        matches!(
            module.types[g.ty].inner,
            TypeInner::Image {
                class: ImageClass::Storage { format, access },
                ..
            } if access.contains(StorageAccess::LOAD | StorageAccess::STORE)
                && !matches!(format, StorageFormat::R32Float | StorageFormat::R32Sint | StorageFormat::R32Uint)
        )
    });
    if read_write_image {
        return Some(
            "a read-write storage image of a format GLSL ES allows only readonly or writeonly",
        );
    }
    if let Some(why) = crate::back::image_atomics::glsl_es_misses_extension(module) {
        return Some(why);
    }
    if non_es_images(module).next().is_some() {
        return Some("a storage image of a format GLSL ES has only through GL_NV_image_formats");
    }
    let primitive_id = module.entry_points.iter().any(|ep| {
        ep.function
            .arguments
            .iter()
            .any(|a| a.binding == Some(Binding::BuiltIn(BuiltIn::PrimitiveIndex)))
    });
    if primitive_id {
        return Some("gl_PrimitiveID, which GLSL ES 3.00/3.10 lack");
    }
    let clip_or_cull = crate::back::common::writes_builtin(module, |b| {
        matches!(b, BuiltIn::ClipDistances | BuiltIn::CullDistance)
    });
    if clip_or_cull {
        return Some(
                    "gl_ClipDistance / gl_CullDistance, which GLSL ES has only through GL_EXT_clip_cull_distance",
        );
    }
    needs_desktop_sample_id(module).or_else(|| needs_desktop_draw_parameters(module))
}

/// Whether `function` uses a built-in GLSL ES has only from 3.10 on, as naga's GLSL writer
/// writes it: the bit-manipulation functions, `ldexp`/`frexp`, the 4x8 packing functions,
/// and `mix(ivec, ivec, bvec)` (a `Select` of integer or bool vectors by a bool vector).
/// naga writes them into 3.00 output all the same, which ES 3.00 compilers reject.
fn uses_es310_math(module: &Module, function: &naga::Function) -> bool {
    use naga::MathFunction as M;
    let resolve = naga::proc::ResolveContext::with_locals(
        module,
        &function.local_variables,
        &function.arguments,
    );
    let mut types = naga::front::Typifier::new();
    function.expressions.iter().any(|(handle, e)| match *e {
        naga::Expression::Math { fun, .. } => matches!(
            fun,
            M::CountOneBits
                | M::ReverseBits
                | M::ExtractBits
                | M::InsertBits
                | M::FirstTrailingBit
                | M::FirstLeadingBit
                | M::CountLeadingZeros
                | M::CountTrailingZeros
                | M::Ldexp
                | M::Frexp
                | M::Pack4x8snorm
                | M::Pack4x8unorm
                | M::Unpack4x8snorm
                | M::Unpack4x8unorm
        ),
        naga::Expression::Select {
            condition, accept, ..
        } => {
            if types.grow(handle, &function.expressions, &resolve).is_err() {
                return false;
            }
            let vector = |h| types[h].inner_with(&module.types).clone();
            matches!(vector(condition), TypeInner::Vector { .. })
                && matches!(vector(accept), TypeInner::Vector { scalar, .. }
                    if scalar.kind != naga::ScalarKind::Float)
        }
        _ => false,
    })
}

/// [`needs_desktop`] for the draw parameters (`gl_BaseVertex`, `gl_BaseInstance`,
/// `gl_DrawID`), which GLSL ES has in no version (an explicit ES version is refused for them;
/// desktop output gets `GL_ARB_shader_draw_parameters`).
pub fn needs_desktop_draw_parameters(module: &Module) -> Option<&'static str> {
    crate::back::common::reads_builtin(module, |b| {
        matches!(
            b,
            BuiltIn::BaseVertex | BuiltIn::BaseInstance | BuiltIn::DrawIndex
        )
    })
    .then_some("gl_BaseVertex / gl_BaseInstance / gl_DrawID, which GLSL ES lacks")
}

/// [`needs_desktop`] for `gl_SampleID` alone (an explicit ES version is refused for it).
pub fn needs_desktop_sample_id(module: &Module) -> Option<&'static str> {
    let sample_id = module.entry_points.iter().any(|ep| {
        ep.function
            .arguments
            .iter()
            .any(|a| a.binding == Some(Binding::BuiltIn(BuiltIn::SampleIndex)))
    });
    sample_id.then_some(
        "gl_SampleID, which naga's GLSL writer stores into a `uint` without the conversion GLSL ES needs",
    )
}

/// Why `module` cannot be GLSL ES 3.00 (WebGL 2) although it can be 3.10, if so: a texture
/// gather (`textureGather*` is GLSL ES 3.10; naga's writer writes it into 3.00 text), or a
/// multisampled texture (naga's writer writes `sampler2DMS` into 3.00 text).
pub fn needs_es310(module: &Module) -> Option<&'static str> {
    let gathers = |f: &naga::Function| {
        f.expressions.iter().any(|(_, e)| {
            matches!(
                e,
                naga::Expression::ImageSample {
                    gather: Some(_),
                    ..
                }
            )
        })
    };
    let any = module.functions.iter().any(|(_, f)| gathers(f))
        || module.entry_points.iter().any(|ep| gathers(&ep.function));
    if any {
        return Some("textureGather, which GLSL ES 3.00 lacks");
    }
    if crate::ir::all_functions(module).any(|f| uses_es310_math(module, f)) {
        return Some(
            "bit operations (bitCount, bitfieldExtract, findMSB, ...), ldexp/frexp, packUnorm4x8 and friends, or a component-wise select of integers (mix with a bool vector), which GLSL ES 3.00 lacks",
        );
    }
    // naga's writer believes ES 3.00 has `sampler2DMS`; it is ES 3.10.
    let multisampled = module.global_variables.iter().any(|(_, g)| {
        matches!(
            module.types[g.ty].inner,
            TypeInner::Image {
                class: ImageClass::Sampled { multi: true, .. } | ImageClass::Depth { multi: true },
                ..
            }
        )
    });
    multisampled.then_some("multisampled textures (sampler2DMS), which GLSL ES 3.00 lacks")
}
