//! Atomic functions (`atomicAdd`, ..., `atomicCompSwap`, `imageAtomicAdd`, ...), which naga's
//! GLSL reader lacks.
//!
//! The dialect layer renames each buffer/shared atomic call to a generated stub, `uint
//! prism_atomicAdd(inout uint mem, uint data)` (and its `int` overload). naga's reader passes
//! an `inout` argument by copy: it loads the buffer or shared element into a local, calls the
//! stub with the local's address and stores the local back. This pass finds that pattern,
//! replaces it by one `Statement::Atomic` on the element's own pointer, retypes the element
//! as `atomic<u32>`/`atomic<i32>` (plain loads and stores of it stay valid: they are naga's
//! atomic load and store), and the caller drops the then unused stubs with `compact`.
//!
//! `atomicCompSwap(mem, compare, data)` has a stub of its own (three parameters) and becomes
//! `Statement::Atomic { fun: Exchange { compare: Some(compare) } }`, whose result is naga's
//! predeclared `__atomic_compare_exchange_result` struct; GLSL returns the old value, so the
//! call's value becomes that struct's `old_value` member. Trap: naga checks that an
//! expression's operands come before it in the arena, so the struct (the atomic's result)
//! takes the handle of the copy-in load this pass drops (it comes before the call), and the
//! call's own result, later in the arena, becomes the member access.
//!
//! Trap: naga names its compare-exchange "weak" after WGSL's `atomicCompareExchangeWeak`,
//! which may fail spuriously (`exchanged` false although `old_value == compare`); GLSL's
//! `atomicCompSwap` is strong, and GLSL code tests success by `old == compare`. SPIR-V
//! (`OpAtomicCompareExchange`), HLSL (`InterlockedCompareExchange`) and GLSL are strong; the
//! WGSL and MSL (`atomic_compare_exchange_weak_explicit`) that naga writes are only as strong
//! as the implementation under them. `back::lower::strong_cas` retries them in a loop for
//! those two targets only (SPIR-V, HLSL and GLSL keep their one instruction).
//!
//! Image atomics (`imageAtomicAdd`, ...) are rewritten and lowered in [`image`]; what naga
//! can do with float atomics (`GL_EXT_shader_atomic_float`) is checked in [`float`].
//!
//! Not lowered: atomics on anything but a buffer member or `shared` variable.

mod float;
mod image;
mod unlowered;

use naga::{
    AtomicFunction, Block, Expression, Function, Handle, Module, PredeclaredType, Span, Statement,
    Type, TypeInner,
};

pub use image::rewrite as rewrite_image_calls;
pub use unlowered::Unlowered;

/// GLSL atomic functions the dialect layer renames, and their stubs.
pub const FUNCTIONS: &[(&str, &str)] = &[
    ("atomicAdd", "prism_atomicAdd"),
    ("atomicMin", "prism_atomicMin"),
    ("atomicMax", "prism_atomicMax"),
    ("atomicAnd", "prism_atomicAnd"),
    ("atomicOr", "prism_atomicOr"),
    ("atomicXor", "prism_atomicXor"),
    ("atomicExchange", "prism_atomicExchange"),
    ("atomicCompSwap", COMP_SWAP),
];

const COMP_SWAP: &str = "prism_atomicCompSwap";

/// What a stub stands for.
#[derive(Clone, Copy)]
enum Kind {
    /// `Statement::Atomic` with this function.
    Atomic(AtomicFunction),
    /// `atomicCompSwap`: a compare-exchange, valued by its result's `old_value`.
    CompareExchange,
    /// `imageAtomic*`: `Statement::ImageAtomic` (see [`image`]).
    Image(AtomicFunction),
}

fn kind(stub: &str) -> Option<Kind> {
    Some(match stub {
        "prism_atomicAdd" => Kind::Atomic(AtomicFunction::Add),
        "prism_atomicMin" => Kind::Atomic(AtomicFunction::Min),
        "prism_atomicMax" => Kind::Atomic(AtomicFunction::Max),
        "prism_atomicAnd" => Kind::Atomic(AtomicFunction::And),
        "prism_atomicOr" => Kind::Atomic(AtomicFunction::InclusiveOr),
        "prism_atomicXor" => Kind::Atomic(AtomicFunction::ExclusiveOr),
        "prism_atomicExchange" => Kind::Atomic(AtomicFunction::Exchange { compare: None }),
        COMP_SWAP => Kind::CompareExchange,
        _ => return image::function(stub).map(Kind::Image),
    })
}

/// GLSL source of the stubs for one atomic function (both overloads).
pub fn stub_source(stub: &str) -> String {
    float::OVERLOADS
        .iter()
        .map(|ty| {
            let compare = if stub == COMP_SWAP {
                format!("{ty} compare , ")
            } else {
                String::new()
            };
            format!("{ty} {stub} ( inout {ty} mem , {compare}{ty} data ) {{ return mem ; }}")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A stub function: its handle, what it stands for, its result type.
struct Stub {
    function: Handle<Function>,
    kind: Kind,
    result: Option<Handle<Type>>,
}

/// Which function's expression arena an expression lives in.
#[derive(Clone, Copy)]
enum Owner {
    Function(Handle<Function>),
    EntryPoint(usize),
}

impl Owner {
    fn function(self, module: &Module) -> &Function {
        match self {
            Owner::Function(h) => &module.functions[h],
            Owner::EntryPoint(i) => &module.entry_points[i].function,
        }
    }

    fn function_mut(self, module: &mut Module) -> &mut Function {
        match self {
            Owner::Function(h) => &mut module.functions[h],
            Owner::EntryPoint(i) => &mut module.entry_points[i].function,
        }
    }
}

/// What the lowered atomics operate on, to retype once every call is lowered: element
/// pointers (made atomic) and images (given atomic access), with their owner and the call's
/// span.
#[derive(Default)]
struct Found {
    pointers: Vec<(Owner, Handle<Expression>, Span)>,
    images: Vec<(Owner, Handle<Expression>, Span)>,
}

const NOT_BUFFER: &str = "atomic on something that is not a buffer member or a shared variable";

/// Lower every stub call; returns how many were lowered.
pub fn lower(module: &mut Module) -> Result<usize, Unlowered> {
    let stubs: Vec<Stub> = module
        .functions
        .iter()
        .filter_map(|(h, f)| {
            Some(Stub {
                function: h,
                kind: kind(f.name.as_deref()?)?,
                result: f.result.as_ref().map(|r| r.ty),
            })
        })
        .collect();
    if stubs.is_empty() {
        return Ok(0);
    }
    let mut owners: Vec<Owner> = module
        .functions
        .iter()
        .map(|(h, _)| h)
        .filter(|h| !stubs.iter().any(|s| s.function == *h))
        .map(Owner::Function)
        .collect();
    owners.extend((0..module.entry_points.len()).map(Owner::EntryPoint));
    let mut found = Found::default();
    let mut count = 0;
    for owner in owners {
        count += lower_function(module, owner, &stubs, &mut found)?;
    }
    for (owner, pointer, span) in found.pointers {
        retype(module, owner, pointer).map_err(|reason| Unlowered::atomic(span, reason))?;
    }
    for (owner, image, span) in found.images {
        let global = image::global_of(owner.function(module), image);
        image::retype(module, global, span)?;
    }
    Ok(count)
}

/// The state of one function's lowering: the module (for new types) while the function is
/// taken out of it.
struct Lowering<'a> {
    module: &'a mut Module,
    stubs: &'a [Stub],
    owner: Owner,
    found: &'a mut Found,
}

fn lower_function(
    module: &mut Module,
    owner: Owner,
    stubs: &[Stub],
    found: &mut Found,
) -> Result<usize, Unlowered> {
    let mut function = std::mem::take(owner.function_mut(module));
    let body = std::mem::take(&mut function.body);
    let mut lowering = Lowering {
        module,
        stubs,
        owner,
        found,
    };
    let lowered = lowering.block(body, &mut function.expressions);
    let count = match lowered {
        Ok((body, count)) => {
            function.body = body;
            Ok(count)
        }
        Err(e) => Err(e),
    };
    *owner.function_mut(module) = function;
    count
}

impl Lowering<'_> {
    fn block(
        &mut self,
        block: Block,
        expressions: &mut naga::Arena<Expression>,
    ) -> Result<(Block, usize), Unlowered> {
        let mut statements: Vec<(Statement, Span)> = block.span_into_iter().collect();
        let mut count = 0;
        let mut remove = vec![false; statements.len()];
        for i in 0..statements.len() {
            // Nested blocks first.
            count += self.nested(&mut statements[i].0, expressions)?;
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
            let stubs = self.stubs;
            let Some(stub) = stubs.iter().find(|s| s.function == *function) else {
                continue;
            };
            let (span, result, arguments) = (*span, *result, arguments.clone());
            if let Kind::Image(fun) = stub.kind {
                let (statement, image) = image::lower_call(fun, &arguments, expressions, span)?;
                statements[i].0 = statement;
                // `rewrite` lowers only calls whose value is unused; the call's result stays
                // in the arena, a zero no statement has to evaluate.
                if let (Some(r), Some(ty)) = (result, stub.result) {
                    expressions[r] = Expression::ZeroValue(ty);
                }
                self.found.images.push((self.owner, image, span));
                count += 1;
                continue;
            }
            let (temp, compare, value) = match (stub.kind, &arguments[..]) {
                (Kind::CompareExchange, &[temp, compare, value]) => (temp, Some(compare), value),
                (Kind::Atomic(_), &[temp, value]) => (temp, None, value),
                _ => return Err(Unlowered::atomic(span, "unexpected atomic call shape")),
            };
            let Expression::LocalVariable(local) = expressions[temp] else {
                return Err(Unlowered::atomic(
                    span,
                    "atomic on something that is not a variable",
                ));
            };
            let is_local = |e: Handle<Expression>| matches!(expressions[e], Expression::LocalVariable(l) if l == local);
            // Copy-in: `temp = *P`, the nearest before the call.
            let copy_in = (0..i).rev().find_map(|j| match &statements[j].0 {
                Statement::Store { pointer, value } if is_local(*pointer) => {
                    match expressions[*value] {
                        Expression::Load { pointer } => Some((j, pointer, *value)),
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
            let (Some((j, pointer, loaded)), Some(k)) = (copy_in, copy_out) else {
                return Err(Unlowered::atomic(span, NOT_BUFFER));
            };
            let scalar = stub
                .result
                .and_then(|ty| self.module.types[ty].inner.scalar())
                .ok_or_else(|| Unlowered::atomic(span, "unexpected atomic call shape"))?;
            let fun = match stub.kind {
                Kind::Atomic(fun) => fun,
                _ => AtomicFunction::Exchange { compare },
            };
            float::check(self.module, expressions, pointer, fun, scalar, span)?;
            remove[j] = true;
            remove[k] = true;
            statements[i].0 = match (stub.kind, compare) {
                (Kind::Atomic(fun), _) => {
                    if let (Some(r), Some(ty)) = (result, stub.result) {
                        expressions[r] = Expression::AtomicResult {
                            ty,
                            comparison: false,
                        };
                    }
                    Statement::Atomic {
                        pointer,
                        fun,
                        value,
                        result,
                    }
                }
                (_, compare) => {
                    // The copy-in load becomes the compare-exchange's result (see the module
                    // docs); it must leave the `Emit` that evaluated it.
                    if !unemit(&mut statements[..j], &mut remove, expressions, loaded) {
                        return Err(Unlowered::atomic(span, "unexpected atomic call shape"));
                    }
                    let ty = self.module.generate_predeclared_type(
                        PredeclaredType::AtomicCompareExchangeWeakResult(scalar),
                    );
                    expressions[loaded] = Expression::AtomicResult {
                        ty,
                        comparison: true,
                    };
                    if let Some(r) = result {
                        expressions[r] = Expression::AccessIndex {
                            base: loaded,
                            index: 0,
                        };
                        // Evaluated where the copy-out was, before any use of the value.
                        statements[k].0 = Statement::Emit(naga::Range::new_from_bounds(r, r));
                        remove[k] = false;
                    }
                    Statement::Atomic {
                        pointer,
                        fun: AtomicFunction::Exchange { compare },
                        value,
                        result: Some(loaded),
                    }
                }
            };
            self.found.pointers.push((self.owner, pointer, span));
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

    fn nested(
        &mut self,
        statement: &mut Statement,
        expressions: &mut naga::Arena<Expression>,
    ) -> Result<usize, Unlowered> {
        let mut count = 0;
        let mut run = |block: &mut Block| -> Result<(), Unlowered> {
            let (lowered, n) = self.block(std::mem::take(block), expressions)?;
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
}

/// Take `expression` out of the nearest `Emit` in `statements` that evaluates it, when it is
/// that range's last expression (the copy-in load is); false when it is not found so.
fn unemit(
    statements: &mut [(Statement, Span)],
    remove: &mut [bool],
    expressions: &naga::Arena<Expression>,
    expression: Handle<Expression>,
) -> bool {
    let at = expression.index();
    for (s, (statement, _)) in statements.iter_mut().enumerate().rev() {
        let Statement::Emit(range) = statement else {
            continue;
        };
        let Some((first, last)) = range.first_and_last() else {
            continue;
        };
        if last.index() == at {
            if first.index() == at {
                remove[s] = true;
            } else {
                let start = first.index() as u32;
                *range = naga::Range::from_index_range(start..at as u32, expressions);
            }
            return true;
        }
        if (first.index()..last.index()).contains(&at) {
            return false;
        }
    }
    false
}

/// Make the scalar `pointer` points at an atomic, rebuilding the types from its global.
fn retype(
    module: &mut Module,
    owner: Owner,
    pointer: Handle<Expression>,
) -> Result<(), &'static str> {
    let expressions = &owner.function(module).expressions;
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
            _ => return Err(NOT_BUFFER),
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
        _ => return Err("atomics work on uint, int and float variables only"),
    };
    Ok(types.insert(
        Type {
            name: original.name,
            inner,
        },
        Span::UNDEFINED,
    ))
}
