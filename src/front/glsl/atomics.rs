//! Atomic functions (`atomicAdd`, `atomicMin`, ...), which naga's GLSL reader lacks.
//!
//! The dialect layer renames each call to a generated stub, `uint prism_atomicAdd(inout uint
//! mem, uint data)` (and its `int` overload). naga's reader passes an `inout` argument by
//! copy: it loads the buffer or shared element into a local, calls the stub with the
//! local's address and stores the local back. This pass finds that pattern, replaces it by
//! one `Statement::Atomic` on the element's own pointer, retypes the element as
//! `atomic<u32>`/`atomic<i32>` (plain loads and stores of it stay valid: they are naga's
//! atomic load and store), and the caller drops the then unused stubs with `compact`.
//!
//! Not lowered: `atomicCompSwap` (its naga result is a struct, not the old value) and atomics
//! on anything but a buffer member or `shared` variable.

use naga::{
    AtomicFunction, Block, Expression, Function, Handle, Module, Span, Statement, Type, TypeInner,
};

/// GLSL atomic functions the dialect layer renames, and their naga operation.
pub const FUNCTIONS: &[(&str, &str)] = &[
    ("atomicAdd", "prism_atomicAdd"),
    ("atomicMin", "prism_atomicMin"),
    ("atomicMax", "prism_atomicMax"),
    ("atomicAnd", "prism_atomicAnd"),
    ("atomicOr", "prism_atomicOr"),
    ("atomicXor", "prism_atomicXor"),
    ("atomicExchange", "prism_atomicExchange"),
];

fn operation(stub: &str) -> Option<AtomicFunction> {
    Some(match stub {
        "prism_atomicAdd" => AtomicFunction::Add,
        "prism_atomicMin" => AtomicFunction::Min,
        "prism_atomicMax" => AtomicFunction::Max,
        "prism_atomicAnd" => AtomicFunction::And,
        "prism_atomicOr" => AtomicFunction::InclusiveOr,
        "prism_atomicXor" => AtomicFunction::ExclusiveOr,
        "prism_atomicExchange" => AtomicFunction::Exchange { compare: None },
        _ => return None,
    })
}

/// GLSL source of the stubs for one atomic function (both overloads).
pub fn stub_source(stub: &str) -> String {
    ["uint", "int"]
        .iter()
        .map(|ty| format!("{ty} {stub} ( inout {ty} mem , {ty} data ) {{ return mem ; }}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A stub function: its handle, the atomic it stands for, its result type.
type Stub = (Handle<Function>, AtomicFunction, Option<Handle<Type>>);

/// Which function's expression arena a pointer lives in.
#[derive(Clone, Copy)]
enum Owner {
    Function(Handle<Function>),
    EntryPoint(usize),
}

/// A lowered atomic's pointer, with its owner and the call's span.
type Found = (Owner, Handle<Expression>, Span);

/// A stub call that could not be lowered.
#[derive(Debug)]
pub struct Unlowered {
    pub span: Span,
    pub reason: &'static str,
}

/// Lower every stub call; returns how many were lowered.
pub fn lower(module: &mut Module) -> Result<usize, Unlowered> {
    let stubs: Vec<Stub> = module
        .functions
        .iter()
        .filter_map(|(h, f)| {
            let op = operation(f.name.as_deref()?)?;
            Some((h, op, f.result.as_ref().map(|r| r.ty)))
        })
        .collect();
    if stubs.is_empty() {
        return Ok(0);
    }
    let mut pointers = Vec::new();
    let mut count = 0;
    let handles: Vec<Handle<Function>> = module.functions.iter().map(|(h, _)| h).collect();
    for h in handles {
        if stubs.iter().any(|s| s.0 == h) {
            continue;
        }
        let function = &mut module.functions[h];
        count += lower_function(function, &stubs, &mut pointers, Owner::Function(h))?;
    }
    for index in 0..module.entry_points.len() {
        let function = &mut module.entry_points[index].function;
        count += lower_function(function, &stubs, &mut pointers, Owner::EntryPoint(index))?;
    }
    for (function, pointer, span) in pointers {
        retype(module, function, pointer).map_err(|reason| Unlowered { span, reason })?;
    }
    Ok(count)
}

fn lower_function(
    function: &mut Function,
    stubs: &[Stub],
    pointers: &mut Vec<Found>,
    owner: Owner,
) -> Result<usize, Unlowered> {
    let body = std::mem::take(&mut function.body);
    let mut found = Vec::new();
    let (body, count) = lower_block(body, &mut function.expressions, stubs, &mut found)?;
    function.body = body;
    pointers.extend(found.into_iter().map(|(p, s)| (owner, p, s)));
    Ok(count)
}

fn lower_block(
    block: Block,
    expressions: &mut naga::Arena<Expression>,
    stubs: &[Stub],
    pointers: &mut Vec<(Handle<Expression>, Span)>,
) -> Result<(Block, usize), Unlowered> {
    let mut statements: Vec<(Statement, Span)> = block.span_into_iter().collect();
    let mut count = 0;
    let mut remove = vec![false; statements.len()];
    for i in 0..statements.len() {
        // Nested blocks first.
        let (statement, _) = &mut statements[i];
        count += lower_nested(statement, expressions, stubs, pointers)?;
        let (
            Statement::Call {
                function,
                arguments,
                result,
            },
            span,
        ) = &statements[i]
        else {
            continue;
        };
        let Some(&(_, fun, result_ty)) = stubs.iter().find(|s| s.0 == *function) else {
            continue;
        };
        let span = *span;
        let unlowered = |reason| Unlowered { span, reason };
        let [temp, value] = arguments[..] else {
            return Err(unlowered("unexpected atomic call shape"));
        };
        let Expression::LocalVariable(local) = expressions[temp] else {
            return Err(unlowered("atomic on something that is not a variable"));
        };
        let is_local = |e: Handle<Expression>| matches!(expressions[e], Expression::LocalVariable(l) if l == local);
        // Copy-in: `temp = *P`, the nearest before the call.
        let copy_in = (0..i).rev().find_map(|j| match &statements[j].0 {
            Statement::Store { pointer, value } if is_local(*pointer) => {
                match expressions[*value] {
                    Expression::Load { pointer } => Some((j, pointer)),
                    _ => None,
                }
            }
            _ => None,
        });
        // Copy-out: `*P = temp`, the nearest after it.
        let copy_out = (i + 1..statements.len()).find(|&k| match &statements[k].0 {
            Statement::Store { value, .. } => {
                matches!(expressions[*value], Expression::Load { pointer } if is_local(pointer))
            }
            _ => false,
        });
        let (Some((j, pointer)), Some(k)) = (copy_in, copy_out) else {
            return Err(unlowered(
                "atomic on something that is not a buffer member or a shared variable",
            ));
        };
        let result = *result;
        if let (Some(r), Some(ty)) = (result, result_ty) {
            expressions[r] = Expression::AtomicResult {
                ty,
                comparison: false,
            };
        }
        statements[i].0 = Statement::Atomic {
            pointer,
            fun,
            value,
            result,
        };
        remove[j] = true;
        remove[k] = true;
        pointers.push((pointer, span));
        count += 1;
    }
    let mut out = Block::with_capacity(statements.len());
    for ((statement, span), gone) in statements.into_iter().zip(remove) {
        if !gone {
            out.push(statement, span);
        }
    }
    Ok((out, count))
}

fn lower_nested(
    statement: &mut Statement,
    expressions: &mut naga::Arena<Expression>,
    stubs: &[Stub],
    pointers: &mut Vec<(Handle<Expression>, Span)>,
) -> Result<usize, Unlowered> {
    let mut count = 0;
    let mut run = |block: &mut Block| -> Result<(), Unlowered> {
        let (lowered, n) = lower_block(std::mem::take(block), expressions, stubs, pointers)?;
        *block = lowered;
        count += n;
        Ok(())
    };
    match statement {
        Statement::Block(block) => run(block)?,
        Statement::If { accept, reject, .. } => {
            run(accept)?;
            run(reject)?;
        }
        Statement::Loop {
            body, continuing, ..
        } => {
            run(body)?;
            run(continuing)?;
        }
        Statement::Switch { cases, .. } => {
            for case in cases {
                run(&mut case.body)?;
            }
        }
        _ => {}
    }
    Ok(count)
}

/// Make the scalar `pointer` points at an atomic, rebuilding the types from its global.
fn retype(
    module: &mut Module,
    owner: Owner,
    pointer: Handle<Expression>,
) -> Result<(), &'static str> {
    let expressions = match owner {
        Owner::Function(h) => &module.functions[h].expressions,
        Owner::EntryPoint(i) => &module.entry_points[i].function.expressions,
    };
    let mut path = Vec::new();
    let mut e = pointer;
    let global = loop {
        match expressions[e] {
            Expression::AccessIndex { base, index } => {
                path.push(Some(index));
                e = base;
            }
            Expression::Access { base, .. } => {
                path.push(None);
                e = base;
            }
            Expression::GlobalVariable(g) => break g,
            _ => {
                return Err("atomic on something that is not a buffer member or a shared variable")
            }
        }
    };
    path.reverse();
    let ty = module.global_variables[global].ty;
    let new_ty = rebuild(&mut module.types, ty, &path)?;
    module.global_variables[global].ty = new_ty;
    Ok(())
}

fn rebuild(
    types: &mut naga::UniqueArena<Type>,
    ty: Handle<Type>,
    path: &[Option<u32>],
) -> Result<Handle<Type>, &'static str> {
    let original = types[ty].clone();
    let inner = match (&original.inner, path.split_first()) {
        (TypeInner::Scalar(scalar), None) => TypeInner::Atomic(*scalar),
        (TypeInner::Atomic(_), None) => return Ok(ty),
        (TypeInner::Struct { members, span }, Some((Some(index), rest))) => {
            let mut members = members.clone();
            let member = members
                .get_mut(*index as usize)
                .ok_or("atomic member index out of range")?;
            member.ty = rebuild(types, member.ty, rest)?;
            TypeInner::Struct {
                members,
                span: *span,
            }
        }
        (TypeInner::Array { base, size, stride }, Some((_, rest))) => TypeInner::Array {
            base: rebuild(types, *base, rest)?,
            size: *size,
            stride: *stride,
        },
        _ => return Err("atomics work on uint and int variables only"),
    };
    Ok(types.insert(
        Type {
            name: original.name,
            inner,
        },
        Span::UNDEFINED,
    ))
}
