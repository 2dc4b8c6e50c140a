//! `isnan` / `isinf` for the WGSL writer (WGSL has neither). The helpers test the bits, not
//! `x != x`: WGSL lets an implementation assume no NaNs and fold such a compare away.
//! `prism_isnan_f32`: `(bitcast<u32>(x) & 0x7fffffff) > 0x7f800000`; `prism_isinf_f32`:
//! `== 0x7f800000`. Vectors get `_vecN` helpers. f32 only (f16/f64 keep naga's error).

use naga::{
    BinaryOperator, Expression, Literal, RelationalFunction, Scalar, ScalarKind, TypeInner,
};

use super::build::{type_handle, FnBuilder};
use super::calls::{Need, TypeOf};

pub fn pick(expr: &Expression, type_of: &TypeOf) -> Option<Need> {
    let Expression::Relational { fun, argument } = *expr else {
        return None;
    };
    let (test, op) = match fun {
        RelationalFunction::IsNan => ("isnan", BinaryOperator::Greater),
        RelationalFunction::IsInf => ("isinf", BinaryOperator::Equal),
        _ => return None,
    };
    let input = type_of(argument);
    let size = match input {
        TypeInner::Scalar(Scalar::F32) => None,
        TypeInner::Vector {
            size,
            scalar: Scalar::F32,
        } => Some(size),
        _ => return None,
    };
    let name = match size {
        None => format!("prism_{test}_f32"),
        Some(size) => format!("prism_{test}_vec{}_f32", size as u8),
    };
    let helper_name = name.clone();
    Some(Need {
        name,
        args: vec![argument],
        make: Box::new(move |types| {
            let shaped = |scalar| match size {
                None => TypeInner::Scalar(scalar),
                Some(size) => TypeInner::Vector { size, scalar },
            };
            let input = type_handle(types, shaped(Scalar::F32));
            let result = type_handle(types, shaped(Scalar::BOOL));
            let mut b = FnBuilder::new(&helper_name, &[input], result);
            let x = b.arg(0);
            let bits = b.expr(Expression::As {
                expr: x,
                kind: ScalarKind::Uint,
                convert: None,
            });
            let constant = |b: &mut FnBuilder, value: u32| {
                let literal = b.expr(Expression::Literal(Literal::U32(value)));
                match size {
                    None => literal,
                    Some(size) => b.expr(Expression::Splat {
                        size,
                        value: literal,
                    }),
                }
            };
            let mask = constant(&mut b, 0x7fff_ffff);
            let exponent = constant(&mut b, 0x7f80_0000);
            let magnitude = b.binary(BinaryOperator::And, bits, mask);
            let test = b.binary(op, magnitude, exponent);
            b.finish(test)
        }),
    })
}
