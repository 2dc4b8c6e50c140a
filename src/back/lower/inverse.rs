//! `inverse()` of a square float matrix, for the HLSL and MSL writers (naga writes neither).
//!
//! Each size gets one helper, `prism_inverse_NxN_f32` (or `_f64`): the adjugate by cofactor
//! expansion, times `1 / det`. Sub-determinants shared between cofactors are built once. A
//! singular matrix gives infinities / NaNs, as GLSL's `inverse` leaves it undefined.

use std::collections::HashMap;

use naga::{
    BinaryOperator, Expression, Handle, MathFunction, Scalar, TypeInner, UnaryOperator, VectorSize,
};

use super::build::{float_name, type_handle, FnBuilder};
use super::calls::{Need, TypeOf};

/// A helper for `Math { Inverse }` on a square float matrix.
pub fn pick(expr: &Expression, type_of: &TypeOf) -> Option<Need> {
    let Expression::Math {
        fun: MathFunction::Inverse,
        arg,
        ..
    } = *expr
    else {
        return None;
    };
    let TypeInner::Matrix {
        columns,
        rows,
        scalar,
    } = type_of(arg)
    else {
        return None;
    };
    let float = float_name(scalar)?;
    if columns != rows {
        return None;
    }
    let n = columns as usize;
    let name = format!("prism_inverse_{n}x{n}_{float}");
    let helper_name = name.clone();
    Some(Need {
        name,
        args: vec![arg],
        make: Box::new(move |types| {
            let matrix = type_handle(
                types,
                TypeInner::Matrix {
                    columns,
                    rows,
                    scalar,
                },
            );
            let vector = type_handle(
                types,
                TypeInner::Vector {
                    size: columns,
                    scalar,
                },
            );
            build(&helper_name, columns, scalar, matrix, vector)
        }),
    })
}

fn build(
    name: &str,
    size: VectorSize,
    scalar: Scalar,
    matrix: Handle<naga::Type>,
    vector: Handle<naga::Type>,
) -> naga::Function {
    let n = size as usize;
    let mut b = FnBuilder::new(name, &[matrix], matrix);
    let m = b.arg(0);
    let columns: Vec<_> = (0..n as u32).map(|c| b.index(m, c)).collect();
    // element[r][c]: row r, column c (GLSL's m[c][r]).
    let element: Vec<Vec<_>> = (0..n as u32)
        .map(|r| columns.iter().map(|&col| b.index(col, r)).collect())
        .collect();
    let mut memo = HashMap::new();
    let all: Vec<usize> = (0..n).collect();
    let without = |i: usize| -> Vec<usize> { all.iter().copied().filter(|&x| x != i).collect() };
    // cofactor[r][c] = (-1)^(r+c) * minor(r, c)
    let mut cofactor = vec![Vec::new(); n];
    for (r, row) in cofactor.iter_mut().enumerate() {
        for c in 0..n {
            let minor = determinant(&mut b, &element, &without(r), &without(c), &mut memo);
            row.push(if (r + c) % 2 == 1 {
                b.expr(Expression::Unary {
                    op: UnaryOperator::Negate,
                    expr: minor,
                })
            } else {
                minor
            });
        }
    }
    // det = sum over row 0 of element * cofactor
    let mut det = None;
    for c in 0..n {
        let term = b.binary(BinaryOperator::Multiply, element[0][c], cofactor[0][c]);
        det = Some(match det {
            None => term,
            Some(acc) => b.binary(BinaryOperator::Add, acc, term),
        });
    }
    let det = det.expect("a matrix has columns");
    // inverse[c][r] = cofactor[c][r] / det: column c of the adjugate is row c of cofactors.
    let adjugate_columns: Vec<_> = cofactor
        .iter()
        .map(|row| {
            b.expr(Expression::Compose {
                ty: vector,
                components: row.clone(),
            })
        })
        .collect();
    let adjugate = b.expr(Expression::Compose {
        ty: matrix,
        components: adjugate_columns,
    });
    let one = b.float(scalar, 1.0);
    let inv_det = b.binary(BinaryOperator::Divide, one, det);
    let result = b.binary(BinaryOperator::Multiply, adjugate, inv_det);
    b.finish(result)
}

type Memo = HashMap<(Vec<usize>, Vec<usize>), Handle<Expression>>;

/// Determinant of the sub-matrix of `rows` × `cols`, expanded along its first row.
fn determinant(
    b: &mut FnBuilder,
    element: &[Vec<Handle<Expression>>],
    rows: &[usize],
    cols: &[usize],
    memo: &mut Memo,
) -> Handle<Expression> {
    if rows.len() == 1 {
        return element[rows[0]][cols[0]];
    }
    let key = (rows.to_vec(), cols.to_vec());
    if let Some(&known) = memo.get(&key) {
        return known;
    }
    let mut acc = None;
    for (k, &c) in cols.iter().enumerate() {
        let rest: Vec<usize> = cols.iter().copied().filter(|&x| x != c).collect();
        let minor = determinant(b, element, &rows[1..], &rest, memo);
        let term = b.binary(BinaryOperator::Multiply, element[rows[0]][c], minor);
        acc = Some(match acc {
            None => term,
            Some(sum) if k % 2 == 1 => b.binary(BinaryOperator::Subtract, sum, term),
            Some(sum) => b.binary(BinaryOperator::Add, sum, term),
        });
    }
    let value = acc.expect("a sub-matrix has columns");
    memo.insert(key, value);
    value
}
