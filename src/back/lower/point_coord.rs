//! `gl_PointCoord` for targets without one (WGSL; HLSL for Direct3D 10 and later): the
//! point is one pixel there (see [`super::point_size`]), so its coordinate is the pixel's
//! centre, `vec2(0.5)`. The fragment entry point loses the input and every read of it reads
//! a module constant `prism_point_coord` instead; the caller says so in a note.

use naga::{Binding, BuiltIn, Constant, Expression, Literal, Module, ShaderStage, Span, TypeInner};

/// Replace the point-coordinate input of every fragment entry point; returns how many.
pub fn replace_point_coord(module: &mut Module) -> usize {
    let mut replaced = 0;
    for index in 0..module.entry_points.len() {
        let ep = &module.entry_points[index];
        if ep.stage != ShaderStage::Fragment {
            continue;
        }
        let Some(argument) = ep
            .function
            .arguments
            .iter()
            .position(|a| a.binding == Some(Binding::BuiltIn(BuiltIn::PointCoord)))
        else {
            continue;
        };
        let ty = ep.function.arguments[argument].ty;
        let TypeInner::Vector { size, scalar } = module.types[ty].inner else {
            continue;
        };
        if scalar != naga::Scalar::F32 {
            continue;
        }
        let half = module
            .global_expressions
            .append(Expression::Literal(Literal::F32(0.5)), Span::UNDEFINED);
        let init = module.global_expressions.append(
            Expression::Compose {
                ty,
                components: vec![half; size as usize],
            },
            Span::UNDEFINED,
        );
        let constant = module.constants.append(
            Constant {
                name: Some("prism_point_coord".to_string()),
                ty,
                init,
            },
            Span::UNDEFINED,
        );
        let function = &mut module.entry_points[index].function;
        function.arguments.remove(argument);
        let argument = argument as u32;
        for (_, expr) in function.expressions.iter_mut() {
            if let Expression::FunctionArgument(i) = expr {
                if *i == argument {
                    *expr = Expression::Constant(constant);
                } else if *i > argument {
                    *i -= 1;
                }
            }
        }
        replaced += 1;
    }
    replaced
}
