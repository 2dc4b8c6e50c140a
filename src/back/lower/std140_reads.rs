//! The reads of a uniform block's rewritten members, redirected to their private copies
//! ([`super::std140`]), in every shape naga's readers give them:
//!
//! | GLSL | naga IR | becomes |
//! | --- | --- | --- |
//! | `b.w[i]`, `w[i]` (anonymous block) | `AccessIndex(b, m)` (a pointer), then an index | the copy's pointer |
//! | `b.s.x`, `b.m` (a named block's member, not indexed) | `Load(b)` (the whole block), then `AccessIndex(_, m)` | `Load(copy)` |
//! | `bs[k].w[i]` (an instance array) | `Access(bs, k)`, then `AccessIndex(_, m)` | `Access(copy, k)`: the copy is an array, one per instance |
//! | `bs[k].m` | `Load(Access(bs, k))`, then `AccessIndex(_, m)` | `Load(Access(copy, k))` |
//!
//! The members that did not change are still read from the block. Any other use of the
//! block's variable (or of a load of it) is a shape this module does not know: the plan is
//! `None` and the caller leaves the module as it was.
//!
//! Where only the first shape occurs each read becomes the copy's pointer in place (the
//! arena keeps its numbering, and so the output its names); the others need new
//! expressions before old ones: the function's arena is rebuilt ([`super::rebuild`]).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use naga::{Block, Expression, Function, GlobalVariable, Handle, Module, Statement};

use super::rebuild::{self, Step};

/// Which element of an instance array: a constant index or an expression's value.
#[derive(Clone, Copy)]
enum Element {
    Const(u32),
    Dynamic(Handle<Expression>),
}

/// What becomes of one expression (old handle) that reads a rewritten member `m`.
#[derive(Clone, Copy)]
enum Read {
    /// A pointer to member `m` of the block: the copy's pointer.
    Pointer(u32),
    /// Member `m` of the whole block's value: a load of the copy.
    Value(u32),
    /// A pointer to member `m` of one instance: the copy's element.
    ElementPointer(u32, Element),
    /// Member `m` of one instance's value: a load of the copy's element.
    ElementValue(u32, Element),
}

/// The reads of one function.
type Plan = HashMap<Handle<Expression>, Read>;

/// The reads of each function and of each entry point.
pub struct Plans {
    functions: Vec<Plan>,
    entries: Vec<Plan>,
}

/// How each function reads `block` (an instance array when `array`), when every read is
/// one of the module docs' shapes and every function whose arena must be rebuilt can be;
/// `changed` are the members with copies.
pub fn plan(
    module: &Module,
    block: Handle<GlobalVariable>,
    array: bool,
    changed: &BTreeSet<u32>,
) -> Option<Plans> {
    let functions = module
        .functions
        .iter()
        .map(|(_, f)| plan_function(f, block, array, changed))
        .collect::<Option<Vec<_>>>()?;
    let entries = module
        .entry_points
        .iter()
        .map(|ep| plan_function(&ep.function, block, array, changed))
        .collect::<Option<Vec<_>>>()?;
    Some(Plans { functions, entries })
}

fn plan_function(
    function: &Function,
    block: Handle<GlobalVariable>,
    array: bool,
    changed: &BTreeSet<u32>,
) -> Option<Plan> {
    let is_changed = |m: u32| changed.contains(&m);
    // The block's pointer; a load of the whole block; an instance's pointer; its value.
    let mut globals = HashSet::new();
    let mut whole = HashSet::new();
    let mut element_pointers = HashMap::new();
    let mut element_values = HashMap::new();
    let mut plan = Plan::new();
    for (h, e) in function.expressions.iter() {
        match *e {
            Expression::GlobalVariable(g) if g == block => {
                globals.insert(h);
            }
            Expression::AccessIndex { base, index } if globals.contains(&base) => {
                if array {
                    element_pointers.insert(h, Element::Const(index));
                } else if is_changed(index) {
                    plan.insert(h, Read::Pointer(index));
                }
            }
            Expression::Access { base, index } if globals.contains(&base) && array => {
                element_pointers.insert(h, Element::Dynamic(index));
            }
            Expression::Load { pointer } if globals.contains(&pointer) && !array => {
                whole.insert(h);
            }
            Expression::AccessIndex { base, index } if whole.contains(&base) => {
                if is_changed(index) {
                    plan.insert(h, Read::Value(index));
                }
            }
            Expression::AccessIndex { base, index } if element_pointers.contains_key(&base) => {
                if is_changed(index) {
                    plan.insert(h, Read::ElementPointer(index, element_pointers[&base]));
                }
            }
            Expression::Load { pointer } if element_pointers.contains_key(&pointer) => {
                element_values.insert(h, element_pointers[&pointer]);
            }
            Expression::AccessIndex { base, index } if element_values.contains_key(&base) => {
                if is_changed(index) {
                    plan.insert(h, Read::ElementValue(index, element_values[&base]));
                }
            }
            ref other => {
                let mut tracked = false;
                let mut e = other.clone();
                super::copy::map_operands(&mut e, &mut |o| {
                    tracked |= globals.contains(&o)
                        || whole.contains(&o)
                        || element_pointers.contains_key(&o)
                        || element_values.contains_key(&o);
                    o
                });
                if tracked {
                    return None;
                }
            }
        }
    }
    // Statements use values and pointers the expressions above make; none may be the
    // block's, a whole load of it, or an instance.
    let used = rebuild::statement_operands(&function.body)?;
    let tracked = used.iter().any(|o| {
        globals.contains(o)
            || whole.contains(o)
            || element_pointers.contains_key(o)
            || element_values.contains_key(o)
    });
    let rebuildable = in_place(&plan) || rebuild::can_rebuild(function);
    (!tracked && rebuildable).then_some(plan)
}

/// Redirect the reads `plans` lists (from [`plan`], for the same module) to the copies.
pub fn redirect(
    module: &mut Module,
    plans: Plans,
    changed: &BTreeMap<u32, Handle<GlobalVariable>>,
) {
    let mut work: Vec<(&mut Function, Plan)> = Vec::new();
    for ((_, f), p) in module.functions.iter_mut().zip(plans.functions) {
        work.push((f, p));
    }
    for (ep, p) in module.entry_points.iter_mut().zip(plans.entries) {
        work.push((&mut ep.function, p));
    }
    let order: Vec<u32> = changed.keys().copied().collect();
    let front: Vec<Expression> = changed
        .values()
        .map(|&g| Expression::GlobalVariable(g))
        .collect();
    for (function, plan) in work {
        if plan.is_empty() {
            continue;
        }
        if in_place(&plan) {
            let mut redirected = Vec::new();
            for (&h, read) in &plan {
                if let Read::Pointer(m) = *read {
                    function.expressions[h] = Expression::GlobalVariable(changed[&m]);
                    redirected.push(h);
                }
            }
            super::build::for_each_block(&mut function.body, &mut |block| {
                unemit(block, &redirected)
            });
            continue;
        }
        let slot = |m: u32| order.iter().position(|&k| k == m).unwrap_or(0);
        let done = rebuild::rebuild(function, &front, &mut |builder, fronts, old| {
            let Some(read) = plan.get(&old) else {
                return Step::Keep;
            };
            let element = |builder: &mut rebuild::Builder, m: u32, at: Element| {
                let base = fronts[slot(m)];
                builder.push(match at {
                    Element::Const(index) => Expression::AccessIndex { base, index },
                    Element::Dynamic(index) => Expression::Access {
                        base,
                        index: builder.new_handle(index),
                    },
                })
            };
            match *read {
                Read::Pointer(m) => Step::Alias(fronts[slot(m)]),
                Read::Value(m) => Step::Replace(Expression::Load {
                    pointer: fronts[slot(m)],
                }),
                Read::ElementPointer(m, at) => {
                    let base = fronts[slot(m)];
                    Step::Replace(match at {
                        Element::Const(index) => Expression::AccessIndex { base, index },
                        Element::Dynamic(index) => Expression::Access {
                            base,
                            index: builder.new_handle(index),
                        },
                    })
                }
                Read::ElementValue(m, at) => {
                    let pointer = element(builder, m, at);
                    Step::Replace(Expression::Load { pointer })
                }
            }
        });
        // `plan` checked that it can be rebuilt.
        debug_assert!(done.is_some());
    }
}

/// Whether every read of `plan` can be redirected without new expressions.
fn in_place(plan: &Plan) -> bool {
    plan.values().all(|r| matches!(r, Read::Pointer(_)))
}

/// Split the `Emit`s of `block` around `handles`.
fn unemit(block: &mut Block, handles: &[Handle<Expression>]) {
    let hit =
        |s: &Statement| matches!(s, Statement::Emit(r) if r.clone().any(|h| handles.contains(&h)));
    if !block.iter().any(hit) {
        return;
    }
    let mut out = Block::with_capacity(block.len());
    for (statement, span) in block.span_iter() {
        let Statement::Emit(range) = statement else {
            out.push(statement.clone(), *span);
            continue;
        };
        let mut run: Option<(Handle<Expression>, Handle<Expression>)> = None;
        for h in range.clone() {
            if handles.contains(&h) {
                if let Some((first, last)) = run.take() {
                    out.push(
                        Statement::Emit(naga::Range::new_from_bounds(first, last)),
                        *span,
                    );
                }
            } else {
                run = Some(run.map_or((h, h), |(first, _)| (first, h)));
            }
        }
        if let Some((first, last)) = run {
            out.push(
                Statement::Emit(naga::Range::new_from_bounds(first, last)),
                *span,
            );
        }
    }
    *block = out;
}
