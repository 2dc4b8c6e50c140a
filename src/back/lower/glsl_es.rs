//! What GLSL ES (3.00 / 3.10) cannot express although naga's GLSL writer writes it without
//! complaint, so `--glsl-version auto` must go to desktop 4.50 instead (glslang rejects the
//! ES text):
//!
//! - a storage image both read and written with a format other than `r32f`, `r32i`, `r32ui`
//!   (GLSL ES 3.10 §4.10: such images must be `readonly` or `writeonly`);
//! - `gl_PrimitiveID` in a fragment shader (ES 3.20, or a geometry-shader extension).

use naga::{Binding, BuiltIn, ImageClass, Module, StorageAccess, StorageFormat, TypeInner};

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
    let primitive_id = module.entry_points.iter().any(|ep| {
        ep.function
            .arguments
            .iter()
            .any(|a| a.binding == Some(Binding::BuiltIn(BuiltIn::PrimitiveIndex)))
    });
    primitive_id.then_some("gl_PrimitiveID, which GLSL ES 3.00/3.10 lack")
}

/// Why `module` cannot be GLSL ES 3.00 (WebGL 2) although it can be 3.10, if so: a texture
/// gather (`textureGather*` is GLSL ES 3.10; naga's writer writes it into 3.00 text).
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
    any.then_some("textureGather, which GLSL ES 3.00 lacks")
}
