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

use std::collections::{BTreeMap, BTreeSet};

use naga::{
    AddressSpace, ArraySize, Block, Expression, Function, GlobalVariable, Handle, Module, Scalar,
    Span, Statement, StructMember, Type, TypeInner, VectorSize,
};

use super::build::type_handle;
use super::std140_reads;

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
        pad_block(module, info, block, &mut rewritten);
    }
    rewritten
}

/// The struct type of a block's variable and, for an instance array
/// (`uniform B { ... } bs[4];`), how many instances it holds.
fn block_shape(module: &Module, ty: Handle<Type>) -> Option<(Handle<Type>, Option<u32>)> {
    match module.types[ty].inner {
        TypeInner::Struct { .. } => Some((ty, None)),
        TypeInner::Array {
            base,
            size: ArraySize::Constant(n),
            ..
        } if matches!(module.types[base].inner, TypeInner::Struct { .. }) => {
            Some((base, Some(n.get())))
        }
        _ => None,
    }
}

/// Rewrite one block (see [`pad_uniform_arrays`]); nothing changes when its type or its
/// reads are shapes this module does not know.
fn pad_block(
    module: &mut Module,
    info: &naga::valid::ModuleInfo,
    block: Handle<GlobalVariable>,
    rewritten: &mut Copied,
) {
    let ty = module.global_variables[block].ty;
    let Some((element, instances)) = block_shape(module, ty) else {
        return;
    };
    let TypeInner::Struct { ref members, .. } = module.types[element].inner else {
        return;
    };
    let members = members.clone();
    let count = instances.unwrap_or(1);
    let small = members.iter().filter(|m| padded(module, m.ty)).all(|m| {
        scalars(module, m.ty)
            .and_then(|n| n.checked_mul(count))
            .is_some_and(|n| n <= MAX_COPIES)
    });
    if !small {
        return;
    }
    // The new types are added before the plan is known; unused ones are harmless (the
    // writers write the types that are used, and `compact` drops the rest).
    let Some(new_ty) = rewrite(module, ty) else {
        return;
    };
    let Some((new_element, _)) = block_shape(module, new_ty) else {
        return;
    };
    let TypeInner::Struct {
        members: ref new_members,
        ..
    } = module.types[new_element].inner
    else {
        return;
    };
    let new_members = new_members.clone();
    let changed: BTreeSet<u32> = (0..members.len() as u32)
        .filter(|&i| members[i as usize].ty != new_members[i as usize].ty)
        .collect();
    let Some(plans) = std140_reads::plan(module, block, instances.is_some(), &changed) else {
        return;
    };
    let Some(copy_types) = changed
        .iter()
        .map(|&m| copy_type(module, members[m as usize].ty, instances))
        .collect::<Option<Vec<_>>>()
    else {
        return;
    };
    // One private copy per member that changed (an array of them for an instance array).
    let mut copies = BTreeMap::new();
    for (&index, copy_ty) in changed.iter().zip(copy_types) {
        let old = &members[index as usize];
        let name = old.name.clone().unwrap_or_else(|| format!("member{index}"));
        let copy = module.global_variables.append(
            GlobalVariable {
                name: Some(name.clone()),
                space: AddressSpace::Private,
                binding: None,
                ty: copy_ty,
                init: None,
                memory_decorations: Default::default(),
            },
            Span::UNDEFINED,
        );
        copies.insert(index, copy);
        if holds_struct_padding(module, old.ty) {
            rewritten.structs.push(name);
        } else {
            rewritten.scalars.push(name);
        }
    }
    std140_reads::redirect(module, plans, &copies);
    module.global_variables.get_mut(block).ty = new_ty;
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
        for (&member, &copy) in &copies {
            let (old, new) = (members[member as usize].ty, new_members[member as usize].ty);
            let dst = prologue.append(Expression::GlobalVariable(copy));
            for k in 0..count {
                let (src, dst) = match instances {
                    None => (source, dst),
                    Some(_) => (
                        prologue.emit(Expression::AccessIndex {
                            base: source,
                            index: k,
                        }),
                        prologue.emit(Expression::AccessIndex {
                            base: dst,
                            index: k,
                        }),
                    ),
                };
                let src = prologue.emit(Expression::AccessIndex {
                    base: src,
                    index: member,
                });
                prologue.copy(module, dst, src, old, new);
            }
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

/// The type of a member's private copy: the member's own, or an array of it, one per
/// instance.
fn copy_type(
    module: &mut Module,
    ty: Handle<Type>,
    instances: Option<u32>,
) -> Option<Handle<Type>> {
    let Some(n) = instances else {
        return Some(ty);
    };
    let mut layouter = naga::proc::Layouter::default();
    layouter.update(module.to_ctx()).ok()?;
    let stride = layouter[ty].to_stride();
    Some(type_handle(
        &mut module.types,
        TypeInner::Array {
            base: ty,
            size: ArraySize::Constant(std::num::NonZeroU32::new(n)?),
            stride,
        },
    ))
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
