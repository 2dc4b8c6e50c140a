//! A strong compare-exchange for the WGSL and MSL writers. naga's
//! `Statement::Atomic { fun: Exchange { compare: Some(_) } }` is written as WGSL's
//! `atomicCompareExchangeWeak` and MSL's `atomic_compare_exchange_weak_explicit`, both of
//! which may fail spuriously: `exchanged` false although the memory held `compare`. GLSL's
//! `atomicCompSwap` and SPIR-V's `OpAtomicCompareExchange` are strong, and their callers test
//! success with `old == compare` (a spurious failure would read as success, and a lock-free
//! push would lose its node). Each such compare-exchange becomes
//!
//! ```text
//! loop {
//!     r = compare_exchange_weak(p, compare, value);
//!     prism_cas_old = r.old_value;
//!     if r.exchanged || r.old_value != compare { break; }
//! }
//! ```
//!
//! and the value the program reads is `prism_cas_old`. SPIR-V, HLSL and GLSL do not get the
//! loop (their compare-exchange is strong).
//!
//! Trap: an expression evaluated inside a loop is out of scope after it, and naga wants every
//! operand before its user in the arena. So the original result handle becomes the local
//! variable's pointer (a `LocalVariable` expression needs no `Emit`), each `r.old_value` after
//! it becomes a `Load` of that pointer, and the loop gets a fresh `AtomicResult` at the end of
//! the arena. Only compare-exchanges whose result is read through `old_value` alone are
//! rewritten (GLSL's `atomicCompSwap` and SPIR-V's `OpAtomicCompareExchange` as naga reads
//! them); a result whose `exchanged` member or whole value is used comes from WGSL source
//! that asked for the weak form, and is left as written.
//!
//! Cost: WGSL's uniformity analysis treats control flow after a loop that exits on a
//! non-uniform value as non-uniform, so a WGSL implementation that follows the spec (Tint)
//! may refuse a `workgroupBarrier()` after the loop; naga's validator accepts it.

use naga::{
    AtomicFunction, BinaryOperator, Block, Expression, Function, Handle, LocalVariable, Module,
    Span, Statement, TypeInner,
};

use naga::valid::{FunctionInfo, ModuleInfo};

/// Make every compare-exchange whose result is read as `old_value` strong; returns how many.
pub fn strengthen(module: &mut Module, info: &ModuleInfo) -> usize {
    let mut changed = 0;
    let handles: Vec<_> = module.functions.iter().map(|(h, _)| h).collect();
    for h in handles {
        changed += function(&module.types, &mut module.functions[h], &info[h]);
    }
    for (i, ep) in module.entry_points.iter_mut().enumerate() {
        changed += function(&module.types, &mut ep.function, info.get_entry_point(i));
    }
    changed
}

fn function(types: &naga::UniqueArena<naga::Type>, f: &mut Function, info: &FunctionInfo) -> usize {
    let mut body = std::mem::take(&mut f.body);
    let changed = block(types, f, info, &mut body);
    f.body = body;
    changed
}

fn block(
    types: &naga::UniqueArena<naga::Type>,
    f: &mut Function,
    info: &FunctionInfo,
    block: &mut Block,
) -> usize {
    let mut changed = 0;
    for (statement, span) in block.span_iter_mut() {
        match statement {
            Statement::Block(inner) => changed += self::block(types, f, info, inner),
            Statement::If { accept, reject, .. } => {
                changed += self::block(types, f, info, accept);
                changed += self::block(types, f, info, reject);
            }
            Statement::Switch { cases, .. } => {
                for case in cases {
                    changed += self::block(types, f, info, &mut case.body);
                }
            }
            Statement::Loop {
                body, continuing, ..
            } => {
                changed += self::block(types, f, info, body);
                changed += self::block(types, f, info, continuing);
            }
            Statement::Atomic {
                pointer,
                fun:
                    AtomicFunction::Exchange {
                        compare: Some(compare),
                    },
                value,
                result: Some(result),
            } => {
                let span = span.copied().unwrap_or_default();
                if let Some(lp) =
                    retry_loop(types, f, info, *pointer, *compare, *value, *result, span)
                {
                    *statement = lp;
                    changed += 1;
                }
            }
            _ => {}
        }
    }
    changed
}

/// The strong form of one compare-exchange, or `None` when its result is used otherwise
/// than through `old_value` (see the module docs).
#[allow(clippy::too_many_arguments)]
fn retry_loop(
    types: &naga::UniqueArena<naga::Type>,
    f: &mut Function,
    info: &FunctionInfo,
    pointer: Handle<Expression>,
    compare: Handle<Expression>,
    value: Handle<Expression>,
    result: Handle<Expression>,
    span: Span,
) -> Option<Statement> {
    let Expression::AtomicResult {
        ty,
        comparison: true,
    } = f.expressions[result]
    else {
        return None;
    };
    let TypeInner::Struct { ref members, .. } = types[ty].inner else {
        return None;
    };
    let old_ty = members.first()?.ty;
    // Every reference to the result must be an `old_value` access (the info counts them all,
    // statements included).
    let users: Vec<Handle<Expression>> = f
        .expressions
        .iter()
        .filter(|(_, e)| matches!(**e, Expression::AccessIndex { base, .. } if base == result))
        .map(|(h, _)| h)
        .collect();
    let only_old_value = users
        .iter()
        .all(|&u| matches!(f.expressions[u], Expression::AccessIndex { index: 0, .. }));
    if !only_old_value || users.len() != info[result].ref_count {
        return None;
    }
    let local = f.local_variables.append(
        LocalVariable {
            name: Some("prism_cas_old".to_string()),
            ty: old_ty,
            init: None,
        },
        span,
    );
    // The result's handle becomes the local's pointer; each `old_value` read, a load of it.
    f.expressions[result] = Expression::LocalVariable(local);
    f.named_expressions.shift_remove(&result);
    for &u in &users {
        f.expressions[u] = Expression::Load { pointer: result };
    }
    let attempt = f.expressions.append(
        Expression::AtomicResult {
            ty,
            comparison: true,
        },
        span,
    );
    let old = f.expressions.append(
        Expression::AccessIndex {
            base: attempt,
            index: 0,
        },
        span,
    );
    let exchanged = f.expressions.append(
        Expression::AccessIndex {
            base: attempt,
            index: 1,
        },
        span,
    );
    let changed = f.expressions.append(
        Expression::Binary {
            op: BinaryOperator::NotEqual,
            left: old,
            right: compare,
        },
        span,
    );
    let done = f.expressions.append(
        Expression::Binary {
            op: BinaryOperator::LogicalOr,
            left: exchanged,
            right: changed,
        },
        span,
    );
    let mut body = Block::with_capacity(4);
    body.push(
        Statement::Atomic {
            pointer,
            fun: AtomicFunction::Exchange {
                compare: Some(compare),
            },
            value,
            result: Some(attempt),
        },
        span,
    );
    body.push(
        Statement::Emit(naga::Range::new_from_bounds(old, done)),
        span,
    );
    body.push(
        Statement::Store {
            pointer: result,
            value: old,
        },
        span,
    );
    body.push(
        Statement::If {
            condition: done,
            accept: Block::from_vec(vec![Statement::Break]),
            reject: Block::new(),
        },
        span,
    );
    Some(Statement::Loop {
        body,
        continuing: Block::new(),
        break_if: None,
    })
}
