//! Copy a block of statements with fresh handles for every expression it emits (and every
//! call or atomic result it defines), so the copy can live beside the original: the WGSL
//! writer names an expression once per function, and a block emitted twice would refer, in
//! its second copy, to a `let` that is out of scope. Expressions from outside the block
//! (emitted before it, or never emitted: literals, variables, arguments) are shared.
//!
//! Statements and expressions this copier does not know make it give up (`None`): the
//! caller then leaves the module as it was.

use std::collections::HashMap;

use naga::{
    AtomicFunction, Block, Expression, Function, Handle, ImageQuery, SampleLevel, Statement,
};

pub type Map = HashMap<Handle<Expression>, Handle<Expression>>;

/// A copy of `block`, appending its new expressions to `function`.
pub fn copy_block(function: &mut Function, block: &Block) -> Option<Block> {
    copy_block_mapped(function, block).map(|(block, _)| block)
}

/// [`copy_block`], and which new expression each copied one became.
pub fn copy_block_mapped(function: &mut Function, block: &Block) -> Option<(Block, Map)> {
    let mut map = Map::new();
    copy(function, block, &mut map).map(|block| (block, map))
}

fn copy(function: &mut Function, block: &Block, map: &mut Map) -> Option<Block> {
    let mut out = Block::with_capacity(block.len());
    for (statement, span) in block.span_iter() {
        let m = |h: Handle<Expression>, map: &Map| map.get(&h).copied().unwrap_or(h);
        let copied = match statement {
            Statement::Emit(range) => {
                let mut first_last = None;
                for old in range.clone() {
                    let mut expr = function.expressions[old].clone();
                    if !map_operands(&mut expr, &mut |h| m(h, map)) {
                        return None;
                    }
                    let span = function.expressions.get_span(old);
                    let new = function.expressions.append(expr, span);
                    map.insert(old, new);
                    first_last = Some(first_last.map_or((new, new), |(f, _)| (f, new)));
                }
                let (first, last) = first_last?;
                Statement::Emit(naga::Range::new_from_bounds(first, last))
            }
            Statement::Store { pointer, value } => Statement::Store {
                pointer: m(*pointer, map),
                value: m(*value, map),
            },
            Statement::ImageStore {
                image,
                coordinate,
                array_index,
                value,
            } => Statement::ImageStore {
                image: m(*image, map),
                coordinate: m(*coordinate, map),
                array_index: array_index.map(|h| m(h, map)),
                value: m(*value, map),
            },
            Statement::If {
                condition,
                accept,
                reject,
            } => Statement::If {
                condition: m(*condition, map),
                accept: copy(function, accept, map)?,
                reject: copy(function, reject, map)?,
            },
            Statement::Switch { selector, cases } => {
                let selector = m(*selector, map);
                let mut new_cases = Vec::new();
                for case in cases {
                    let mut case = case.clone();
                    case.body = copy(function, &case.body, map)?;
                    new_cases.push(case);
                }
                Statement::Switch {
                    selector,
                    cases: new_cases,
                }
            }
            Statement::Loop {
                body,
                continuing,
                break_if,
            } => {
                let body = copy(function, body, map)?;
                let continuing = copy(function, continuing, map)?;
                Statement::Loop {
                    body,
                    continuing,
                    break_if: break_if.map(|h| m(h, map)),
                }
            }
            Statement::Block(inner) => Statement::Block(copy(function, inner, map)?),
            Statement::Return { value } => Statement::Return {
                value: value.map(|h| m(h, map)),
            },
            Statement::Call {
                function: callee,
                arguments,
                result,
            } => {
                let arguments = arguments.iter().map(|&h| m(h, map)).collect();
                let result = result.map(|old| fresh(function, old, map));
                Statement::Call {
                    function: *callee,
                    arguments,
                    result,
                }
            }
            Statement::Atomic {
                pointer,
                fun,
                value,
                result,
            } => {
                let fun = match fun {
                    AtomicFunction::Exchange { compare } => AtomicFunction::Exchange {
                        compare: compare.map(|h| m(h, map)),
                    },
                    other => *other,
                };
                let (pointer, value) = (m(*pointer, map), m(*value, map));
                let result = result.map(|old| fresh(function, old, map));
                Statement::Atomic {
                    pointer,
                    fun,
                    value,
                    result,
                }
            }
            Statement::Break
            | Statement::Continue
            | Statement::Kill
            | Statement::ControlBarrier(_)
            | Statement::MemoryBarrier(_) => statement.clone(),
            _ => return None,
        };
        out.push(copied, *span);
    }
    Some(out)
}

/// A new handle for a statement's result expression (`CallResult`, `AtomicResult`).
fn fresh(function: &mut Function, old: Handle<Expression>, map: &mut Map) -> Handle<Expression> {
    let expr = function.expressions[old].clone();
    let span = function.expressions.get_span(old);
    let new = function.expressions.append(expr, span);
    map.insert(old, new);
    new
}

/// Apply `f` to every operand of `expr`; `false` for an expression this copier does not know.
pub(super) fn map_operands(
    expr: &mut Expression,
    f: &mut dyn FnMut(Handle<Expression>) -> Handle<Expression>,
) -> bool {
    let opt = |h: &mut Option<Handle<Expression>>, f: &mut dyn FnMut(_) -> _| {
        if let Some(h) = h {
            *h = f(*h);
        }
    };
    match expr {
        Expression::Compose { components, .. } => components.iter_mut().for_each(|h| *h = f(*h)),
        Expression::Access { base, index } => {
            *base = f(*base);
            *index = f(*index);
        }
        Expression::AccessIndex { base, .. } => *base = f(*base),
        Expression::Splat { value, .. } => *value = f(*value),
        Expression::Swizzle { vector, .. } => *vector = f(*vector),
        Expression::Load { pointer } => *pointer = f(*pointer),
        Expression::ImageSample {
            image,
            sampler,
            coordinate,
            array_index,
            offset,
            level,
            depth_ref,
            ..
        } => {
            *image = f(*image);
            *sampler = f(*sampler);
            *coordinate = f(*coordinate);
            opt(array_index, f);
            opt(offset, f);
            opt(depth_ref, f);
            match level {
                SampleLevel::Exact(h) | SampleLevel::Bias(h) => *h = f(*h),
                SampleLevel::Gradient { x, y } => {
                    *x = f(*x);
                    *y = f(*y);
                }
                SampleLevel::Auto | SampleLevel::Zero => {}
            }
        }
        Expression::ImageLoad {
            image,
            coordinate,
            array_index,
            sample,
            level,
        } => {
            *image = f(*image);
            *coordinate = f(*coordinate);
            opt(array_index, f);
            opt(sample, f);
            opt(level, f);
        }
        Expression::ImageQuery { image, query } => {
            *image = f(*image);
            if let ImageQuery::Size { level } = query {
                opt(level, f);
            }
        }
        Expression::Unary { expr, .. }
        | Expression::Derivative { expr, .. }
        | Expression::As { expr, .. } => *expr = f(*expr),
        Expression::Binary { left, right, .. } => {
            *left = f(*left);
            *right = f(*right);
        }
        Expression::Select {
            condition,
            accept,
            reject,
        } => {
            *condition = f(*condition);
            *accept = f(*accept);
            *reject = f(*reject);
        }
        Expression::Relational { argument, .. } => *argument = f(*argument),
        Expression::Math {
            arg,
            arg1,
            arg2,
            arg3,
            ..
        } => {
            *arg = f(*arg);
            opt(arg1, f);
            opt(arg2, f);
            opt(arg3, f);
        }
        Expression::ArrayLength(h) => *h = f(*h),
        _ => return false,
    }
    true
}
