//! std140 arrays of scalars and `vec2`s in uniform blocks, for WGSL: GLSL gives `float w[5]`
//! in a uniform block a stride of 16 bytes; WGSL cannot write that array (naga's writer
//! writes no layout attributes, and a uniform array of `f32` has a stride of 4, which WGSL
//! forbids in a uniform buffer). The block's type gets `array<vec4<f32>, 5>` there instead
//! (the same bytes), and each block member that holds such an array is read through a
//! private variable of the member's own type, filled element by element (`.x` or `.xy` of
//! each `vec4`) at the start of every entry point that reads the block. The code that reads the member then
//! reads the private copy: its expressions keep their types and handles.
//!
//! An array of structs whose std140 stride (rounded up to 16) is longer than WGSL's size of
//! the struct (`struct S { vec2 a; float b; }` is 16 bytes apart in std140, 12 in WGSL)
//! gets the struct with `f32` members `_pad0`, ... after its own instead, up to the stride,
//! and is copied member by member the same way.
//!
//! Only members read as members (`block.member...`, which is how GLSL reads block members)
//! are rewritten; a block loaded whole, a member holding a runtime-sized array or more than
//! [`MAX_COPIES`] scalars leaves the module as it was (and `wgsl::check_layouts` refuses it).

use std::collections::HashMap;

use naga::{
    AddressSpace, ArraySize, Block, Expression, Function, GlobalVariable, Handle, Module, Scalar,
    Span, Statement, StructMember, Type, TypeInner, VectorSize,
};

use super::build::{for_each_block, type_handle};

/// The most scalars a prologue copies per block member (beyond that, the copy costs more
/// than the output is worth: `E-TARGET` instead).
const MAX_COPIES: u32 = 1024;

/// Whether a uniform block of `module` holds a scalar array of stride 16.
pub fn has_padded_arrays(module: &Module) -> bool {
    module
        .global_variables
        .iter()
        .any(|(_, g)| g.space == AddressSpace::Uniform && padded(module, g.ty))
}

fn padded(module: &Module, ty: Handle<Type>) -> bool {
    match module.types[ty].inner {
        TypeInner::Array { base, stride, .. } => {
            padded_scalar(module, base, stride).is_some()
                || padded(module, base)
                || struct_padding(module, base, stride).is_some()
        }
        TypeInner::Struct { ref members, .. } => members.iter().any(|m| padded(module, m.ty)),
        _ => false,
    }
}

/// The scalar of an array element `base` (a 32-bit scalar or `vec2`) whose `stride` is a
/// `vec4`'s.
fn padded_scalar(module: &Module, base: Handle<Type>, stride: u32) -> Option<Scalar> {
    match module.types[base].inner {
        TypeInner::Scalar(s)
        | TypeInner::Vector {
            size: VectorSize::Bi,
            scalar: s,
        } if s.width == 4 && stride == 16 => Some(s),
        _ => None,
    }
}

/// `ty` with its padded scalar arrays as `vec4` arrays (new types, after the ones they use),
/// or `None` when nothing in it changes.
fn rewrite(module: &mut Module, ty: Handle<Type>) -> Option<Handle<Type>> {
    let inner = module.types[ty].inner.clone();
    let new = match inner {
        TypeInner::Array { base, size, stride } => {
            let base = match padded_scalar(module, base, stride) {
                Some(scalar) => type_handle(
                    &mut module.types,
                    TypeInner::Vector {
                        size: VectorSize::Quad,
                        scalar,
                    },
                ),
                None => {
                    let rewritten = rewrite(module, base);
                    let element = rewritten.unwrap_or(base);
                    match pad_struct(module, element, stride) {
                        Some(padded) => padded,
                        None => rewritten?,
                    }
                }
            };
            TypeInner::Array { base, size, stride }
        }
        TypeInner::Struct { members, span } => {
            let mut changed = false;
            let mut new_members = Vec::with_capacity(members.len());
            for member in members {
                let ty = rewrite(module, member.ty);
                changed |= ty.is_some();
                new_members.push(StructMember {
                    ty: ty.unwrap_or(member.ty),
                    ..member
                });
            }
            if !changed {
                return None;
            }
            TypeInner::Struct {
                members: new_members,
                span,
            }
        }
        _ => return None,
    };
    // The same name: errors about the block name the user's type, and the writer makes
    // the two names unique.
    let name = module.types[ty].name.clone();
    Some(
        module
            .types
            .insert(Type { name, inner: new }, module.types.get_span(ty)),
    )
}

/// Where WGSL's natural layout of the struct `ty` ends and how many `f32`s then fill it up
/// to `stride`, when an array of `ty` has a stride (std140's, rounded up to 16) longer than
/// WGSL's size of `ty` and its members are otherwise where WGSL puts them.
fn struct_padding(module: &Module, ty: Handle<Type>, stride: u32) -> Option<(u32, u32)> {
    let TypeInner::Struct { ref members, .. } = module.types[ty].inner else {
        return None;
    };
    let (size, align) = super::layout::natural(module, ty).ok()?;
    let last = members.last()?;
    let (last_size, _) = super::layout::natural(module, last.ty).ok()?;
    let end = last.offset + last_size;
    (size < stride && end.is_multiple_of(4) && stride.is_multiple_of(align))
        .then_some((end, (stride - end) / 4))
}

/// The struct `ty` with `f32` members after its own that make WGSL's size of it `stride`
/// (see [`struct_padding`]).
fn pad_struct(module: &mut Module, ty: Handle<Type>, stride: u32) -> Option<Handle<Type>> {
    let (end, count) = struct_padding(module, ty, stride)?;
    let TypeInner::Struct { mut members, .. } = module.types[ty].inner.clone() else {
        return None;
    };
    let f32 = type_handle(&mut module.types, TypeInner::Scalar(Scalar::F32));
    members.extend((0..count).map(|i| StructMember {
        name: Some(format!("_pad{i}")),
        ty: f32,
        binding: None,
        offset: end + 4 * i,
    }));
    let name = module.types[ty].name.clone();
    let span = module.types.get_span(ty);
    let inner = TypeInner::Struct {
        members,
        span: stride,
    };
    Some(module.types.insert(Type { name, inner }, span))
}

/// How many scalars copying a value of `ty` takes, if it has a constant size.
fn scalars(module: &Module, ty: Handle<Type>) -> Option<u32> {
    Some(match module.types[ty].inner {
        TypeInner::Array {
            base,
            size: ArraySize::Constant(n),
            ..
        } => n.get().checked_mul(scalars(module, base)?)?,
        TypeInner::Array { .. } => return None,
        TypeInner::Struct { ref members, .. } => members
            .iter()
            .try_fold(0u32, |sum, m| sum.checked_add(scalars(module, m.ty)?))?,
        _ => 1,
    })
}

/// Every use of a `GlobalVariable(global)` expression of `function` is as the base of an
/// `AccessIndex` (a member read).
fn read_by_member(function: &Function, global: Handle<GlobalVariable>) -> bool {
    let is_global =
        |h: Handle<Expression>| function.expressions[h] == Expression::GlobalVariable(global);
    function.expressions.iter().all(|(_, e)| {
        let mut expr = e.clone();
        if let Expression::AccessIndex { .. } = expr {
            return true;
        }
        let mut uses = false;
        let known = super::copy::map_operands(&mut expr, &mut |h| {
            uses |= is_global(h);
            h
        });
        // Expressions the operand walker does not know have no operands, or no pointer to a
        // uniform block among them.
        let _ = known;
        !uses
    })
}

/// Whether `ty` holds an array of structs that [`pad_struct`] pads.
fn holds_struct_padding(module: &Module, ty: Handle<Type>) -> bool {
    match module.types[ty].inner {
        TypeInner::Array { base, stride, .. } => {
            struct_padding(module, base, stride).is_some() || holds_struct_padding(module, base)
        }
        TypeInner::Struct { ref members, .. } => {
            members.iter().any(|m| holds_struct_padding(module, m.ty))
        }
        _ => false,
    }
}

/// The members [`pad_uniform_arrays`] reads through private copies: those of scalar
/// arrays, and those of struct arrays.
#[derive(Default)]
pub struct Copied {
    pub scalars: Vec<String>,
    pub structs: Vec<String>,
}

/// Rewrite the uniform blocks of `module` that hold padded arrays; the names of the
/// members now read through private copies.
pub fn pad_uniform_arrays(module: &mut Module, info: &naga::valid::ModuleInfo) -> Copied {
    let blocks: Vec<Handle<GlobalVariable>> = module
        .global_variables
        .iter()
        .filter(|(_, g)| g.space == AddressSpace::Uniform && padded(module, g.ty))
        .map(|(h, _)| h)
        .collect();
    let mut rewritten = Copied::default();
    for block in blocks {
        let ty = module.global_variables[block].ty;
        let TypeInner::Struct { ref members, .. } = module.types[ty].inner else {
            continue;
        };
        let members = members.clone();
        let readable = crate::ir::all_functions(module).all(|f| read_by_member(f, block));
        let small = members
            .iter()
            .filter(|m| padded(module, m.ty))
            .all(|m| scalars(module, m.ty).is_some_and(|n| n <= MAX_COPIES));
        if !readable || !small {
            continue;
        }
        let Some(new_ty) = rewrite(module, ty) else {
            continue;
        };
        let TypeInner::Struct {
            members: ref new_members,
            ..
        } = module.types[new_ty].inner
        else {
            continue;
        };
        let new_members = new_members.clone();
        // One private copy per member that changed.
        let mut copies = HashMap::new();
        for (index, (old, new)) in members.iter().zip(&new_members).enumerate() {
            if old.ty != new.ty {
                let name = old.name.clone().unwrap_or_else(|| format!("member{index}"));
                let copy = module.global_variables.append(
                    GlobalVariable {
                        name: Some(name.clone()),
                        space: AddressSpace::Private,
                        binding: None,
                        ty: old.ty,
                        init: None,
                        memory_decorations: Default::default(),
                    },
                    Span::UNDEFINED,
                );
                copies.insert(index as u32, (copy, old.ty, new.ty));
                if holds_struct_padding(module, old.ty) {
                    rewritten.structs.push(name);
                } else {
                    rewritten.scalars.push(name);
                }
            }
        }
        module.global_variables.get_mut(block).ty = new_ty;
        // The member reads become reads of the copies.
        let redirect = |function: &mut Function| {
            let globals: Vec<Handle<Expression>> = function
                .expressions
                .iter()
                .filter(|(_, e)| **e == Expression::GlobalVariable(block))
                .map(|(h, _)| h)
                .collect();
            let mut redirected = Vec::new();
            for (handle, expr) in function.expressions.iter_mut() {
                if let Expression::AccessIndex { base, index } = *expr {
                    if let (true, Some(&(copy, _, _))) =
                        (globals.contains(&base), copies.get(&index))
                    {
                        *expr = Expression::GlobalVariable(copy);
                        redirected.push(handle);
                    }
                }
            }
            // A global's pointer is in scope from the start: no `Emit` may name it.
            if !redirected.is_empty() {
                for_each_block(&mut function.body, &mut |block| unemit(block, &redirected));
            }
        };
        for (_, function) in module.functions.iter_mut() {
            redirect(function);
        }
        for ep in module.entry_points.iter_mut() {
            redirect(&mut ep.function);
        }
        // Each entry point that reads the block fills the copies first.
        for index in 0..module.entry_points.len() {
            if info.get_entry_point(index)[block].is_empty() {
                continue;
            }
            let mut prologue = Prologue {
                function: std::mem::take(&mut module.entry_points[index].function),
                block: Block::new(),
            };
            let source = prologue.append(Expression::GlobalVariable(block));
            let mut sorted: Vec<_> = copies.iter().collect();
            sorted.sort_by_key(|(member, _)| **member);
            for (&member, &(copy, old, new)) in sorted {
                let dst = prologue.append(Expression::GlobalVariable(copy));
                let src = prologue.emit(Expression::AccessIndex {
                    base: source,
                    index: member,
                });
                prologue.copy(module, dst, src, old, new);
            }
            let Prologue {
                mut function,
                mut block,
            } = prologue;
            let mut body = std::mem::take(&mut function.body);
            block.append(&mut body);
            function.body = block;
            module.entry_points[index].function = function;
        }
    }
    rewritten
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

/// The statements an entry point starts with, appended to its function.
struct Prologue {
    function: Function,
    block: Block,
}

impl Prologue {
    /// Append an expression that needs no `Emit` (a global's pointer).
    fn append(&mut self, expr: Expression) -> Handle<Expression> {
        self.function.expressions.append(expr, Span::UNDEFINED)
    }

    /// Append an expression and emit it.
    fn emit(&mut self, expr: Expression) -> Handle<Expression> {
        let handle = self.append(expr);
        self.block.push(
            Statement::Emit(naga::Range::new_from_bounds(handle, handle)),
            Span::UNDEFINED,
        );
        handle
    }

    fn store(&mut self, pointer: Handle<Expression>, value: Handle<Expression>) {
        self.block
            .push(Statement::Store { pointer, value }, Span::UNDEFINED);
    }

    /// Copy the value `src` points to (of type `new`) to `dst` (of type `old`), element by
    /// element where the two differ.
    fn copy(
        &mut self,
        module: &Module,
        dst: Handle<Expression>,
        src: Handle<Expression>,
        old: Handle<Type>,
        new: Handle<Type>,
    ) {
        if old == new {
            let value = self.emit(Expression::Load { pointer: src });
            self.store(dst, value);
            return;
        }
        match (&module.types[old].inner, &module.types[new].inner) {
            (
                &TypeInner::Array {
                    base: old_base,
                    size: ArraySize::Constant(n),
                    ..
                },
                &TypeInner::Array { base: new_base, .. },
            ) => {
                let widened = match (&module.types[old_base].inner, &module.types[new_base].inner) {
                    (TypeInner::Scalar(_), TypeInner::Vector { .. }) => Some(None),
                    (&TypeInner::Vector { size, .. }, TypeInner::Vector { .. })
                        if old_base != new_base =>
                    {
                        Some(Some(size))
                    }
                    _ => None,
                };
                for i in 0..n.get() {
                    let d = self.emit(Expression::AccessIndex {
                        base: dst,
                        index: i,
                    });
                    let s = self.emit(Expression::AccessIndex {
                        base: src,
                        index: i,
                    });
                    match widened {
                        // A scalar: the `vec4`'s `.x`.
                        Some(None) => {
                            let x = self.emit(Expression::AccessIndex { base: s, index: 0 });
                            let value = self.emit(Expression::Load { pointer: x });
                            self.store(d, value);
                        }
                        // A `vec2`: the `vec4`'s `.xy`.
                        Some(Some(size)) => {
                            let vector = self.emit(Expression::Load { pointer: s });
                            let value = self.emit(Expression::Swizzle {
                                size,
                                vector,
                                pattern: [
                                    naga::SwizzleComponent::X,
                                    naga::SwizzleComponent::Y,
                                    naga::SwizzleComponent::X,
                                    naga::SwizzleComponent::X,
                                ],
                            });
                            self.store(d, value);
                        }
                        None => self.copy(module, d, s, old_base, new_base),
                    }
                }
            }
            (
                TypeInner::Struct {
                    members: old_members,
                    ..
                },
                TypeInner::Struct {
                    members: new_members,
                    ..
                },
            ) => {
                for (j, (o, n)) in old_members.iter().zip(new_members).enumerate() {
                    let d = self.emit(Expression::AccessIndex {
                        base: dst,
                        index: j as u32,
                    });
                    let s = self.emit(Expression::AccessIndex {
                        base: src,
                        index: j as u32,
                    });
                    self.copy(module, d, s, o.ty, n.ty);
                }
            }
            // `rewrite` changes nothing else.
            _ => {}
        }
    }
}
