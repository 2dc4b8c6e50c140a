//! Filtered sampling (`texture`, `textureLod`, `textureGrad`, `textureProj`, ...) of an
//! integer texture (`isampler*`, `usampler*`): GLSL allows it (the sampler must filter with
//! `NEAREST`), naga's IR does not (`ImageSample` on an integer image is a gather or
//! nothing; WGSL and HLSL have no such sample either). Refused as `E-UNSUPPORTED` at the
//! call, not left to naga's validator.
//!
//! `texture`, `textureLod`, `textureOffset` and `textureLodOffset` of 2D, 3D and 2D-array
//! integer textures never get here: `integer_texels` fetches the texel instead, with a warning.
//! What is left (`textureProj`, `textureGrad`, a bias argument, cube maps) is refused: the texel
//! those read depends on level selection a fetch cannot know.

use naga::{Expression, Function, Handle, ImageClass, Module, ScalarKind, TypeInner};

use super::pass::Refused;
use crate::ir::all_functions;

/// The first filtered sample of an integer texture, refused.
pub(super) fn refuse(module: &Module) -> Result<(), Refused> {
    for function in all_functions(module) {
        for (h, e) in function.expressions.iter() {
            let Expression::ImageSample {
                image,
                gather: None,
                ..
            } = *e
            else {
                continue;
            };
            let Some(kind) = integer_kind(module, function, image) else {
                continue;
            };
            let sampler = if kind == ScalarKind::Uint {
                "usampler"
            } else {
                "isampler"
            };
            return Err(Refused {
                span: function.expressions.get_span(h),
                code: "E-UNSUPPORTED",
                message: format!(
                    "not supported by prism: filtered sampling (`texture`, `textureLod`, ...) of an integer texture (`{sampler}*`); naga's IR reads integer textures only with `texelFetch` and `textureGather`"
                ),
            });
        }
    }
    Ok(())
}

/// The scalar kind of `image` where it is an integer sampled texture.
fn integer_kind(
    module: &Module,
    function: &Function,
    image: Handle<Expression>,
) -> Option<ScalarKind> {
    let mut ty = match function.expressions[image] {
        Expression::GlobalVariable(g) => module.global_variables[g].ty,
        Expression::FunctionArgument(i) => function.arguments.get(i as usize)?.ty,
        Expression::Access { base, .. } | Expression::AccessIndex { base, .. } => {
            match function.expressions[base] {
                Expression::GlobalVariable(g) => module.global_variables[g].ty,
                _ => return None,
            }
        }
        _ => return None,
    };
    if let TypeInner::BindingArray { base, .. } | TypeInner::Array { base, .. } =
        module.types[ty].inner
    {
        ty = base;
    }
    match module.types[ty].inner {
        TypeInner::Image {
            class: ImageClass::Sampled { kind, .. },
            ..
        } if kind != ScalarKind::Float => Some(kind),
        _ => None,
    }
}
