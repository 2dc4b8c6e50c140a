//! Texel offsets the GLSL writer can write: naga 30's GLSL writer writes a sample's `offset`
//! with its const-expression writer, which looks a `Splat` up in the *module's*
//! const-expression types although the offset lives in the *function's* arena. A splat
//! offset (`ivec2(7)` in the source) then indexes past the end of that table (a panic) or,
//! worse, finds the type of an unrelated module expression and writes it. A `Compose` of
//! the same scalar, repeated, needs no type lookup and means the same.

use naga::{Expression, Function, Module, Scalar, TypeInner};

use super::build::type_handle;

/// Whether any function of `module` samples with a splat offset.
pub fn has_splat_offset(module: &Module) -> bool {
    let check = |f: &Function| splat_offsets(f).next().is_some();
    module.functions.iter().any(|(_, f)| check(f))
        || module.entry_points.iter().any(|ep| check(&ep.function))
}

/// The handles of the splat offsets `function` samples with.
fn splat_offsets(function: &Function) -> impl Iterator<Item = naga::Handle<Expression>> + '_ {
    function.expressions.iter().filter_map(|(_, e)| match *e {
        Expression::ImageSample {
            offset: Some(offset),
            ..
        } if matches!(function.expressions[offset], Expression::Splat { .. }) => Some(offset),
        _ => None,
    })
}

/// Rewrite every splat offset of `module` as a `Compose`, in place (the handle, and with
/// it the `Emit` that covers it, stays). Returns how many.
pub fn compose_splat_offsets(module: &mut Module) -> usize {
    let mut changed = 0;
    let Module {
        types,
        functions,
        entry_points,
        ..
    } = module;
    let mut rewrite = |function: &mut Function| {
        let offsets: Vec<_> = splat_offsets(function).collect();
        for offset in offsets {
            let Expression::Splat { size, value } = function.expressions[offset] else {
                continue;
            };
            // Texel offsets are `ivecN` (the validator checks it).
            let ty = type_handle(
                types,
                TypeInner::Vector {
                    size,
                    scalar: Scalar::I32,
                },
            );
            *function.expressions.get_mut(offset) = Expression::Compose {
                ty,
                components: vec![value; size as usize],
            };
            changed += 1;
        }
    };
    for (_, function) in functions.iter_mut() {
        rewrite(function);
    }
    for ep in entry_points.iter_mut() {
        rewrite(&mut ep.function);
    }
    changed
}
