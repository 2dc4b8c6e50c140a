//! Replace expressions a writer cannot write with calls of helper functions built in the IR.
//!
//! A picker looks at every expression of every function and may ask for a helper: a name
//! (one helper per name), the arguments, and how to build it. The expression then becomes
//! the `CallResult` of a `Call` statement placed where the expression was emitted (its
//! `Emit` range is split around it). naga's validator wants callees before their callers, so
//! the helpers go first in the function arena and every existing call is renumbered.

use std::collections::{BTreeMap, HashMap};

use naga::{
    Arena, Block, Expression, Function, Handle, Module, Span, Statement, Type, TypeInner,
    UniqueArena,
};

use super::build::for_each_block;

/// Builds a helper into the module's types.
pub type Make = Box<dyn FnOnce(&mut UniqueArena<Type>) -> Function>;

/// What a picker asks for: call helper `name` with `args` instead of the expression.
pub struct Need {
    pub name: String,
    pub args: Vec<Handle<Expression>>,
    pub make: Make,
}

/// Which function of the module: a plain one or an entry point's.
#[derive(Clone, Copy)]
enum FnRef {
    Plain(usize),
    Entry(usize),
}

/// Expressions to replace: where, which, by which helper, with which arguments.
type Wanted = Vec<(FnRef, Handle<Expression>, String, Vec<Handle<Expression>>)>;

/// Per expression to replace: the helper and its arguments.
type Pending = HashMap<Handle<Expression>, (Handle<Function>, Vec<Handle<Expression>>)>;

/// The type of an expression, as the validator resolved it.
pub type TypeOf<'a> = dyn Fn(Handle<Expression>) -> TypeInner + 'a;

/// Run `pick` over every expression; returns how many expressions became calls. An
/// expression found in no `Emit` is an error (the module is left half-done: callers work on
/// a clone).
pub fn replace_with_calls(
    module: &mut Module,
    info: &naga::valid::ModuleInfo,
    pick: &mut dyn FnMut(&Expression, &TypeOf) -> Option<Need>,
) -> Result<usize, String> {
    let mut helpers: BTreeMap<String, Make> = BTreeMap::new();
    let mut wanted: Wanted = Vec::new();
    let functions = module
        .functions
        .iter()
        .enumerate()
        .map(|(i, (h, f))| (FnRef::Plain(i), f, &info[h]));
    let entries = module
        .entry_points
        .iter()
        .enumerate()
        .map(|(i, ep)| (FnRef::Entry(i), &ep.function, info.get_entry_point(i)));
    for (at, function, function_info) in functions.chain(entries) {
        let type_of = |h: Handle<Expression>| function_info[h].ty.inner_with(&module.types).clone();
        for (handle, expr) in function.expressions.iter() {
            if let Some(need) = pick(expr, &type_of) {
                wanted.push((at, handle, need.name.clone(), need.args));
                helpers.entry(need.name).or_insert(need.make);
            }
        }
    }
    if wanted.is_empty() {
        return Ok(0);
    }

    // Helpers first, then the module's own functions, renumbered.
    let mut old = std::mem::take(&mut module.functions);
    let mut arena = Arena::new();
    let mut helper_handles = HashMap::new();
    for (name, make) in helpers {
        let function = make(&mut module.types);
        helper_handles.insert(name, arena.append(function, Span::UNDEFINED));
    }
    let shift = arena.len();
    let mut renumber: Vec<Handle<Function>> = Vec::new();
    for (_, function, span) in old.drain() {
        renumber.push(arena.append(function, span));
    }
    module.functions = arena;
    let plain = module.functions.iter_mut().skip(shift).map(|(_, f)| f);
    let entries = module.entry_points.iter_mut().map(|ep| &mut ep.function);
    for function in plain.chain(entries) {
        renumber_calls(function, &renumber);
    }

    let mut placed = 0;
    let count = wanted.len();
    let mut by_function: BTreeMap<(bool, usize), Pending> = BTreeMap::new();
    for (at, handle, name, args) in wanted {
        let key = match at {
            FnRef::Plain(i) => (false, i),
            FnRef::Entry(i) => (true, i),
        };
        by_function
            .entry(key)
            .or_default()
            .insert(handle, (helper_handles[&name], args));
    }
    for ((entry, i), pending) in by_function {
        let function = if entry {
            &mut module.entry_points[i].function
        } else {
            module.functions.get_mut(renumber[i])
        };
        for (&handle, &(helper, _)) in &pending {
            *function.expressions.get_mut(handle) = Expression::CallResult(helper);
        }
        for_each_block(&mut function.body, &mut |block| {
            placed += place_calls(block, &pending);
        });
    }
    if placed != count {
        return Err(format!(
            "{} of {count} replaced expressions were not emitted in any block",
            count - placed
        ));
    }
    Ok(count)
}

/// Split every `Emit` of `block` around the pending expressions and call their helpers there.
fn place_calls(block: &mut Block, pending: &Pending) -> usize {
    let touches = block.iter().any(|s| match s {
        Statement::Emit(range) => range.clone().any(|h| pending.contains_key(&h)),
        _ => false,
    });
    if !touches {
        return 0;
    }
    let mut placed = 0;
    let old = std::mem::take(block);
    for (statement, span) in old.span_into_iter() {
        let Statement::Emit(range) = statement else {
            block.push(statement, span);
            continue;
        };
        let mut run: Option<(Handle<Expression>, Handle<Expression>)> = None;
        let flush = |run: &mut Option<(Handle<Expression>, Handle<Expression>)>,
                     block: &mut Block| {
            if let Some((first, last)) = run.take() {
                block.push(
                    Statement::Emit(naga::Range::new_from_bounds(first, last)),
                    span,
                );
            }
        };
        for handle in range {
            match pending.get(&handle) {
                Some((function, arguments)) => {
                    flush(&mut run, block);
                    block.push(
                        Statement::Call {
                            function: *function,
                            arguments: arguments.clone(),
                            result: Some(handle),
                        },
                        span,
                    );
                    placed += 1;
                }
                None => {
                    run = Some(match run {
                        Some((first, _)) => (first, handle),
                        None => (handle, handle),
                    })
                }
            }
        }
        flush(&mut run, block);
    }
    placed
}

fn renumber_calls(function: &mut Function, renumber: &[Handle<Function>]) {
    for (_, expr) in function.expressions.iter_mut() {
        if let Expression::CallResult(callee) = expr {
            *callee = renumber[callee.index()];
        }
    }
    for_each_block(&mut function.body, &mut |block| {
        for statement in block.iter_mut() {
            if let Statement::Call { function, .. } = statement {
                *function = renumber[function.index()];
            }
        }
    });
}
