//! `outerProduct(c, r)` for the HLSL and MSL writers (naga writes neither): column `j` of
//! the result is `c * r[j]`. One helper per shape, `prism_outer_NxN_f32`.
//!
//! Square only: for `vecC` and `vecR` of different sizes naga's IR types the result as
//! `matCxR` (columns from the first argument), GLSL and SPIR-V as `matRxC`, so such a shader
//! already fails naga's validation before any writer runs.

use naga::{BinaryOperator, Expression, MathFunction, TypeInner};

use super::build::{float_name, type_handle, FnBuilder};
use super::calls::{Need, TypeOf};

pub fn pick(expr: &Expression, type_of: &TypeOf) -> Option<Need> {
    let Expression::Math {
        fun: MathFunction::Outer,
        arg,
        arg1: Some(arg1),
        ..
    } = *expr
    else {
        return None;
    };
    let (
        TypeInner::Vector { size: rows, scalar },
        TypeInner::Vector {
            size: columns,
            scalar: scalar1,
        },
    ) = (type_of(arg), type_of(arg1))
    else {
        return None;
    };
    let float = float_name(scalar)?;
    if scalar1 != scalar || columns != rows {
        return None;
    }
    let name = format!("prism_outer_{}x{}_{float}", columns as u8, rows as u8);
    let helper_name = name.clone();
    Some(Need {
        name,
        args: vec![arg, arg1],
        make: Box::new(move |types| {
            let column_ty = type_handle(types, TypeInner::Vector { size: rows, scalar });
            let row_ty = type_handle(
                types,
                TypeInner::Vector {
                    size: columns,
                    scalar,
                },
            );
            let matrix = type_handle(
                types,
                TypeInner::Matrix {
                    columns,
                    rows,
                    scalar,
                },
            );
            let mut b = FnBuilder::new(&helper_name, &[column_ty, row_ty], matrix);
            let c = b.arg(0);
            let r = b.arg(1);
            let components = (0..columns as u32)
                .map(|j| {
                    let factor = b.index(r, j);
                    b.binary(BinaryOperator::Multiply, c, factor)
                })
                .collect();
            let result = b.expr(Expression::Compose {
                ty: matrix,
                components,
            });
            b.finish(result)
        }),
    })
}
