//! Rebuild a function's expression arena with expressions added *before* the ones that use
//! them, which appending cannot do: naga's validator wants every operand's handle below its
//! user's. A polyfill that turns one expression into two (a pointer, then a load of it)
//! needs the new one in the middle of the arena.
//!
//! [`rebuild`] walks the old arena in order and asks a [`Step`] of each expression: keep it,
//! replace it (after pushing helpers just before it), or alias it to an expression already
//! pushed (it is dropped; its users get the alias). `front` expressions (global pointers:
//! no operands, no `Emit`) go before all others. Every handle in the function is then
//! mapped to the new arena: operands, statements, `Emit` ranges (a helper joins the `Emit`
//! of the expression it was pushed for; an alias leaves it), named expressions, local
//! initializers.
//!
//! Expressions or statements it does not know (ray queries, cooperative matrices) make it
//! give up before changing anything (`false`): the caller leaves the module as it was.

use naga::{
    Arena, AtomicFunction, Block, Expression, Function, GatherMode, Handle, Span, Statement,
};

use super::copy::map_operands;

/// What becomes of one expression of the old arena.
pub enum Step {
    /// Kept, its operands mapped.
    Keep,
    /// Replaced by this expression, whose operands are handles of the new arena.
    Replace(Expression),
    /// Dropped: its users use this handle of the new arena instead.
    Alias(Handle<Expression>),
}

/// The new arena while it is built.
pub struct Builder {
    arena: Arena<Expression>,
    /// Old handle (by index) → new handle, for the expressions walked so far.
    map: Vec<Handle<Expression>>,
    span: Span,
    /// The first expression pushed for the one being walked.
    first: Option<Handle<Expression>>,
}

impl Builder {
    /// The new handle of an old expression already walked (an operand of the current one).
    pub fn new_handle(&self, old: Handle<Expression>) -> Handle<Expression> {
        self.map[old.index()]
    }

    /// Push a helper just before the expression being walked (with its span).
    pub fn push(&mut self, expr: Expression) -> Handle<Expression> {
        let handle = self.arena.append(expr, self.span);
        self.first.get_or_insert(handle);
        handle
    }
}

/// Whether `expr` has operands this module can map (or none).
fn known(expr: &Expression) -> bool {
    let no_operands = matches!(
        expr,
        Expression::Literal(_)
            | Expression::Constant(_)
            | Expression::Override(_)
            | Expression::ZeroValue(_)
            | Expression::FunctionArgument(_)
            | Expression::GlobalVariable(_)
            | Expression::LocalVariable(_)
            | Expression::CallResult(_)
            | Expression::AtomicResult { .. }
            | Expression::WorkGroupUniformLoadResult { .. }
            | Expression::SubgroupBallotResult
            | Expression::SubgroupOperationResult { .. }
    );
    no_operands || map_operands(&mut expr.clone(), &mut |h| h)
}

/// What [`rebuild`] asks of each old expression: given the builder, the `front` handles and
/// the old handle.
pub type StepFn<'a> =
    &'a mut dyn FnMut(&mut Builder, &[Handle<Expression>], Handle<Expression>) -> Step;

/// Whether [`rebuild`] knows every expression and statement of `function`.
pub fn can_rebuild(function: &Function) -> bool {
    function.expressions.iter().all(|(_, e)| known(e)) && statements_known(&function.body)
}

/// Every expression a statement of `block` (or of a block inside it) uses, `Emit`s aside;
/// `None` for a statement this module does not know.
pub fn statement_operands(block: &Block) -> Option<std::collections::HashSet<Handle<Expression>>> {
    let used = std::cell::RefCell::new(std::collections::HashSet::new());
    let record = |h: Handle<Expression>| {
        used.borrow_mut().insert(h);
        h
    };
    // Mapping with the identity records every operand; `Emit`s are mapped apart, unrecorded.
    map_block(block, &record, &|h| Some((h, h)))?;
    Some(used.into_inner())
}

/// Rebuild `function`'s arena (see the module docs): the handles of `front`, or `None` when
/// the function holds something this module does not know (nothing changed then).
pub fn rebuild(
    function: &mut Function,
    front: &[Expression],
    step: StepFn,
) -> Option<Vec<Handle<Expression>>> {
    if !can_rebuild(function) {
        return None;
    }
    let mut builder = Builder {
        arena: Arena::new(),
        map: Vec::with_capacity(function.expressions.len()),
        span: Span::UNDEFINED,
        first: None,
    };
    let fronts: Vec<_> = front
        .iter()
        .map(|e| builder.arena.append(e.clone(), Span::UNDEFINED))
        .collect();
    // Old index → the first new handle pushed for it (its helpers' or its own); `None` for
    // an alias.
    let mut first: Vec<Option<Handle<Expression>>> = Vec::with_capacity(builder.map.capacity());
    for (old, expr) in function.expressions.iter() {
        builder.span = function.expressions.get_span(old);
        builder.first = None;
        let new = match step(&mut builder, &fronts, old) {
            Step::Keep => {
                let mut expr = expr.clone();
                map_operands(&mut expr, &mut |h| builder.map[h.index()]);
                builder.push(expr)
            }
            Step::Replace(expr) => builder.push(expr),
            Step::Alias(to) => {
                builder.map.push(to);
                first.push(None);
                continue;
            }
        };
        builder.map.push(new);
        first.push(builder.first);
    }
    let map = |h: Handle<Expression>| builder.map[h.index()];
    let emit = |h: Handle<Expression>| first[h.index()].map(|f| (f, map(h)));
    let body = map_block(&function.body, &map, &emit)?;
    function.body = body;
    let named = std::mem::take(&mut function.named_expressions);
    for (old, name) in named {
        if first[old.index()].is_some() {
            function.named_expressions.insert(map(old), name);
        }
    }
    for (_, local) in function.local_variables.iter_mut() {
        local.init = local.init.map(map);
    }
    function.expressions = builder.arena;
    Some(fronts)
}

/// Whether every statement of `block` is one [`map_block`] maps.
fn statements_known(block: &Block) -> bool {
    block.iter().all(|s| match s {
        Statement::Block(inner) => statements_known(inner),
        Statement::If { accept, reject, .. } => {
            statements_known(accept) && statements_known(reject)
        }
        Statement::Switch { cases, .. } => cases.iter().all(|c| statements_known(&c.body)),
        Statement::Loop {
            body, continuing, ..
        } => statements_known(body) && statements_known(continuing),
        Statement::RayQuery { .. }
        | Statement::RayPipelineFunction(_)
        | Statement::CooperativeStore { .. } => false,
        _ => true,
    })
}

/// An old expression in an `Emit` → the first and the last new expression pushed for it
/// (`None`: aliased, it leaves the `Emit`).
type EmitMap<'a> =
    &'a dyn Fn(Handle<Expression>) -> Option<(Handle<Expression>, Handle<Expression>)>;

/// `block` with every handle mapped.
fn map_block(
    block: &Block,
    map: &dyn Fn(Handle<Expression>) -> Handle<Expression>,
    first: EmitMap,
) -> Option<Block> {
    let mut out = Block::with_capacity(block.len());
    for (statement, span) in block.span_iter() {
        let m = map;
        let mapped = match statement {
            Statement::Emit(range) => {
                // The new expressions of the old ones in the range: contiguous, since an
                // alias pushes none.
                let mut start = None;
                let mut end = None;
                for old in range.clone() {
                    if let Some((f, last)) = first(old) {
                        start.get_or_insert(f);
                        end = Some(last);
                    }
                }
                match (start, end) {
                    (Some(s), Some(e)) => Statement::Emit(naga::Range::new_from_bounds(s, e)),
                    _ => continue,
                }
            }
            Statement::Block(inner) => Statement::Block(map_block(inner, map, first)?),
            Statement::If {
                condition,
                accept,
                reject,
            } => Statement::If {
                condition: m(*condition),
                accept: map_block(accept, map, first)?,
                reject: map_block(reject, map, first)?,
            },
            Statement::Switch { selector, cases } => {
                let mut new_cases = Vec::with_capacity(cases.len());
                for case in cases {
                    let mut case = case.clone();
                    case.body = map_block(&case.body, map, first)?;
                    new_cases.push(case);
                }
                Statement::Switch {
                    selector: m(*selector),
                    cases: new_cases,
                }
            }
            Statement::Loop {
                body,
                continuing,
                break_if,
            } => Statement::Loop {
                body: map_block(body, map, first)?,
                continuing: map_block(continuing, map, first)?,
                break_if: break_if.map(m),
            },
            Statement::Return { value } => Statement::Return {
                value: value.map(m),
            },
            Statement::Store { pointer, value } => Statement::Store {
                pointer: m(*pointer),
                value: m(*value),
            },
            Statement::ImageStore {
                image,
                coordinate,
                array_index,
                value,
            } => Statement::ImageStore {
                image: m(*image),
                coordinate: m(*coordinate),
                array_index: array_index.map(m),
                value: m(*value),
            },
            Statement::Atomic {
                pointer,
                fun,
                value,
                result,
            } => Statement::Atomic {
                pointer: m(*pointer),
                fun: atomic_function(fun, m),
                value: m(*value),
                result: result.map(m),
            },
            Statement::ImageAtomic {
                image,
                coordinate,
                array_index,
                fun,
                value,
            } => Statement::ImageAtomic {
                image: m(*image),
                coordinate: m(*coordinate),
                array_index: array_index.map(m),
                fun: atomic_function(fun, m),
                value: m(*value),
            },
            Statement::WorkGroupUniformLoad { pointer, result } => {
                Statement::WorkGroupUniformLoad {
                    pointer: m(*pointer),
                    result: m(*result),
                }
            }
            Statement::Call {
                function,
                arguments,
                result,
            } => Statement::Call {
                function: *function,
                arguments: arguments.iter().map(|&h| m(h)).collect(),
                result: result.map(m),
            },
            Statement::SubgroupBallot { result, predicate } => Statement::SubgroupBallot {
                result: m(*result),
                predicate: predicate.map(m),
            },
            Statement::SubgroupGather {
                mode,
                argument,
                result,
            } => Statement::SubgroupGather {
                mode: gather_mode(mode, m),
                argument: m(*argument),
                result: m(*result),
            },
            Statement::SubgroupCollectiveOperation {
                op,
                collective_op,
                argument,
                result,
            } => Statement::SubgroupCollectiveOperation {
                op: *op,
                collective_op: *collective_op,
                argument: m(*argument),
                result: m(*result),
            },
            Statement::Break
            | Statement::Continue
            | Statement::Kill
            | Statement::ControlBarrier(_)
            | Statement::MemoryBarrier(_) => statement.clone(),
            Statement::RayQuery { .. }
            | Statement::RayPipelineFunction(_)
            | Statement::CooperativeStore { .. } => return None,
        };
        out.push(mapped, *span);
    }
    Some(out)
}

fn atomic_function(
    fun: &AtomicFunction,
    m: &dyn Fn(Handle<Expression>) -> Handle<Expression>,
) -> AtomicFunction {
    match *fun {
        AtomicFunction::Exchange { compare } => AtomicFunction::Exchange {
            compare: compare.map(m),
        },
        other => other,
    }
}

fn gather_mode(
    mode: &GatherMode,
    m: &dyn Fn(Handle<Expression>) -> Handle<Expression>,
) -> GatherMode {
    match *mode {
        GatherMode::Broadcast(h) => GatherMode::Broadcast(m(h)),
        GatherMode::Shuffle(h) => GatherMode::Shuffle(m(h)),
        GatherMode::ShuffleDown(h) => GatherMode::ShuffleDown(m(h)),
        GatherMode::ShuffleUp(h) => GatherMode::ShuffleUp(m(h)),
        GatherMode::ShuffleXor(h) => GatherMode::ShuffleXor(m(h)),
        GatherMode::QuadBroadcast(h) => GatherMode::QuadBroadcast(m(h)),
        other => other,
    }
}
