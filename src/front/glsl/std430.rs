//! std430 again for the blocks the dialect layer had naga's reader read as std140
//! ([`dialect::std430_blocks`](super::dialect::std430_blocks)), and the values that cross
//! between the two layouts converted.
//!
//! In: the parsed module and the upgraded text (its markers name the blocks). Out: each
//! marked block's global retyped to its std430 layout (new struct and array types, the same
//! names and members; offsets and strides by GLSL 4.60 §7.6.2.2), and every value that a
//! statement moves between a std430 type and the std140 type of the same struct converted
//! member by member and element by element: the value of a `Store` (`v = vertices[i];`,
//! `vertices[i] = v;`), a call's argument (`shade(vertices[i])`) and a `Return`'s value.
//!
//! The conversions are expressions appended to the function, emitted just before the
//! statement that uses them. Trap: expressions that take such a value as an operand
//! (a constructor of an array of them) are not converted; naga's validator reports them.

use naga::{
    Arena, ArraySize, Block, Expression, Function, Handle, Module, Span, Statement, StructMember,
    Type, TypeInner, UniqueArena,
};

use super::dialect::std430_blocks::MARKER;
use crate::front::glsl::dialect::tokens::marker_words;

/// Lay the marked blocks of `module` out by std430 and convert what crosses layouts;
/// returns how many globals were retyped.
pub fn relayout(module: &mut Module, text: &str) -> usize {
    let names: Vec<String> = marker_words(text, MARKER)
        .filter_map(|mut words| words.next().map(str::to_string))
        .collect();
    let mut retyped = 0;
    let mut memo = Vec::new();
    for (_, global) in module.global_variables.iter_mut() {
        let named = module.types[global.ty].name.as_deref();
        if names.iter().any(|n| Some(n.as_str()) == named) {
            global.ty = std430(&mut module.types, global.ty, &mut memo).0;
            retyped += 1;
        }
    }
    if retyped == 0 {
        return 0;
    }
    let resolved: Vec<Vec<Option<Handle<Type>>>> = module
        .functions
        .iter()
        .map(|(_, f)| types_of(module, f))
        .chain(
            module
                .entry_points
                .iter()
                .map(|ep| types_of(module, &ep.function)),
        )
        .collect();
    let params: Vec<Vec<Handle<Type>>> = module
        .functions
        .iter()
        .map(|(_, f)| f.arguments.iter().map(|a| a.ty).collect())
        .collect();
    let Module {
        types,
        functions,
        entry_points,
        ..
    } = module;
    let all = functions
        .iter_mut()
        .map(|(_, f)| f)
        .chain(entry_points.iter_mut().map(|ep| &mut ep.function));
    for (function, resolved) in all.zip(&resolved) {
        let mut fix = Fix {
            types,
            params: &params,
            resolved,
            expressions: &mut function.expressions,
            result: function.result.as_ref().map(|r| r.ty),
            span: Span::UNDEFINED,
        };
        let body = std::mem::take(&mut function.body);
        function.body = fix.block(body);
    }
    retyped
}

/// The type of each expression of `function` that is a struct or an array, or a pointer to
/// one (then the pointee's).
fn types_of(module: &Module, function: &Function) -> Vec<Option<Handle<Type>>> {
    let ctx = naga::proc::ResolveContext::with_locals(
        module,
        &function.local_variables,
        &function.arguments,
    );
    let mut typifier = naga::front::Typifier::new();
    let mut out = Vec::with_capacity(function.expressions.len());
    for (handle, _) in function.expressions.iter() {
        if typifier.grow(handle, &function.expressions, &ctx).is_err() {
            // Unresolvable from here on: leave the rest for the validator to report.
            break;
        }
        out.push(match &typifier[handle] {
            naga::proc::TypeResolution::Handle(h) => Some(*h),
            naga::proc::TypeResolution::Value(TypeInner::Pointer { base, .. }) => Some(*base),
            naga::proc::TypeResolution::Value(_) => None,
        });
    }
    out
}

/// A type laid out by std430: its handle, size and alignment.
type Laid = (Handle<Type>, u32, u32);

/// The std430 copy of `ty` (itself when nothing in it changes), its size and alignment.
fn std430(
    types: &mut UniqueArena<Type>,
    ty: Handle<Type>,
    memo: &mut Vec<(Handle<Type>, Laid)>,
) -> Laid {
    if let Some((_, done)) = memo.iter().find(|(t, _)| *t == ty) {
        return *done;
    }
    let vector = |n: u32, width: u32| (n * width, if n == 3 { 4 * width } else { n * width });
    let round = |align: u32, n: u32| n.div_ceil(align) * align;
    let inner = types[ty].inner.clone();
    let done = match inner {
        TypeInner::Scalar(s) | TypeInner::Atomic(s) => (ty, u32::from(s.width), u32::from(s.width)),
        TypeInner::Vector { size, scalar } => {
            let (size, align) = vector(size as u32, u32::from(scalar.width));
            (ty, size, align)
        }
        TypeInner::Matrix {
            columns,
            rows,
            scalar,
        } => {
            let (size, align) = vector(rows as u32, u32::from(scalar.width));
            (ty, columns as u32 * round(align, size), align)
        }
        TypeInner::Array { base, size, .. } => {
            let (base, base_size, align) = std430(types, base, memo);
            let stride = round(align, base_size);
            let count = match size {
                ArraySize::Constant(n) => n.get(),
                _ => 1,
            };
            let array = Type {
                name: types[ty].name.clone(),
                inner: TypeInner::Array { base, size, stride },
            };
            (types.insert(array, Span::UNDEFINED), count * stride, align)
        }
        TypeInner::Struct { members, .. } => {
            let mut at = 0;
            let mut widest = 1;
            let mut laid = Vec::with_capacity(members.len());
            for member in members {
                let (ty, size, align) = std430(types, member.ty, memo);
                let offset = round(align, at);
                at = offset + size;
                widest = widest.max(align);
                laid.push(StructMember {
                    ty,
                    offset,
                    ..member
                });
            }
            let span = round(widest, at);
            let laid_out = Type {
                name: types[ty].name.clone(),
                inner: TypeInner::Struct {
                    members: laid,
                    span,
                },
            };
            (types.insert(laid_out, Span::UNDEFINED), span, widest)
        }
        // Images, samplers and the like are not laid out.
        _ => (ty, 0, 1),
    };
    memo.push((ty, done));
    done
}

/// Whether `a` and `b` are one struct or array in two layouts (or the same type).
fn same_shape(types: &UniqueArena<Type>, a: Handle<Type>, b: Handle<Type>) -> bool {
    if a == b {
        return true;
    }
    match (&types[a].inner, &types[b].inner) {
        (TypeInner::Struct { members: ma, .. }, TypeInner::Struct { members: mb, .. }) => {
            types[a].name == types[b].name
                && ma.len() == mb.len()
                && ma
                    .iter()
                    .zip(mb)
                    .all(|(x, y)| x.name == y.name && same_shape(types, x.ty, y.ty))
        }
        (
            TypeInner::Array {
                base: ba, size: sa, ..
            },
            TypeInner::Array {
                base: bb, size: sb, ..
            },
        ) => sa == sb && matches!(sa, ArraySize::Constant(_)) && same_shape(types, *ba, *bb),
        (x, y) => x == y,
    }
}

/// The conversions of one function.
struct Fix<'a> {
    types: &'a UniqueArena<Type>,
    params: &'a [Vec<Handle<Type>>],
    /// [`types_of`] the function, before any conversion was added.
    resolved: &'a [Option<Handle<Type>>],
    expressions: &'a mut Arena<Expression>,
    result: Option<Handle<Type>>,
    /// The span of the statement being converted, for the expressions added for it.
    span: Span,
}

impl Fix<'_> {
    /// `block` with conversions before the statements that need them.
    fn block(&mut self, block: Block) -> Block {
        let mut out = Block::with_capacity(block.len());
        for (mut statement, span) in block.span_into_iter() {
            self.span = span;
            let mut emitted = Vec::new();
            match &mut statement {
                Statement::Store { pointer, value } => {
                    let to = self.type_of(*pointer);
                    *value = self.converted(*value, to, &mut emitted);
                }
                Statement::Call {
                    function,
                    arguments,
                    ..
                } => {
                    let params = self
                        .params
                        .get(function.index())
                        .cloned()
                        .unwrap_or_default();
                    for (argument, param) in arguments.iter_mut().zip(params) {
                        *argument = self.converted(*argument, Some(param), &mut emitted);
                    }
                }
                Statement::Return { value: Some(value) } => {
                    *value = self.converted(*value, self.result, &mut emitted);
                }
                Statement::Block(inner) => *inner = self.block(std::mem::take(inner)),
                Statement::If { accept, reject, .. } => {
                    *accept = self.block(std::mem::take(accept));
                    *reject = self.block(std::mem::take(reject));
                }
                Statement::Switch { cases, .. } => {
                    for case in cases {
                        case.body = self.block(std::mem::take(&mut case.body));
                    }
                }
                Statement::Loop {
                    body, continuing, ..
                } => {
                    *body = self.block(std::mem::take(body));
                    *continuing = self.block(std::mem::take(continuing));
                }
                _ => {}
            }
            if let (Some(&first), Some(&last)) = (emitted.first(), emitted.last()) {
                out.push(
                    Statement::Emit(naga::Range::new_from_bounds(first, last)),
                    span,
                );
            }
            out.push(statement, span);
        }
        out
    }

    fn type_of(&self, expression: Handle<Expression>) -> Option<Handle<Type>> {
        self.resolved.get(expression.index()).copied().flatten()
    }

    /// `value` as a value of type `to`: itself, or its conversion (appended expressions,
    /// recorded in `emitted`) when it is the same struct or array in another layout.
    fn converted(
        &mut self,
        value: Handle<Expression>,
        to: Option<Handle<Type>>,
        emitted: &mut Vec<Handle<Expression>>,
    ) -> Handle<Expression> {
        match (self.type_of(value), to) {
            (Some(from), Some(to)) if from != to && same_shape(self.types, from, to) => {
                self.convert(value, from, to, emitted)
            }
            _ => value,
        }
    }

    fn convert(
        &mut self,
        value: Handle<Expression>,
        from: Handle<Type>,
        to: Handle<Type>,
        emitted: &mut Vec<Handle<Expression>>,
    ) -> Handle<Expression> {
        if from == to {
            return value;
        }
        let pairs: Vec<(Handle<Type>, Handle<Type>)> =
            match (&self.types[from].inner, &self.types[to].inner) {
                (TypeInner::Struct { members: a, .. }, TypeInner::Struct { members: b, .. }) => {
                    a.iter().zip(b).map(|(x, y)| (x.ty, y.ty)).collect()
                }
                (
                    TypeInner::Array {
                        base: a,
                        size: ArraySize::Constant(n),
                        ..
                    },
                    TypeInner::Array { base: b, .. },
                ) => (0..n.get()).map(|_| (*a, *b)).collect(),
                _ => return value,
            };
        let mut components = Vec::with_capacity(pairs.len());
        for (index, (from, to)) in pairs.into_iter().enumerate() {
            let part = self.push(
                Expression::AccessIndex {
                    base: value,
                    index: index as u32,
                },
                emitted,
            );
            components.push(self.convert(part, from, to, emitted));
        }
        self.push(Expression::Compose { ty: to, components }, emitted)
    }

    fn push(
        &mut self,
        expression: Expression,
        emitted: &mut Vec<Handle<Expression>>,
    ) -> Handle<Expression> {
        let handle = self.expressions.append(expression, self.span);
        emitted.push(handle);
        handle
    }
}
