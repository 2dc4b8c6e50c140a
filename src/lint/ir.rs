//! Small analyses over naga IR that several rules share: where an expression is emitted
//! (inside which loops and branches), what a local variable holds, literal values, and a
//! conservative "provably not negative" test.
//!
//! naga's GLSL reader writes every `int i = …;` as a `LocalVariable` plus a `Store`, and
//! every later use as a `Load`: a value travels through locals, so [`Locals::peel`] sees
//! through a local stored exactly once. Every function argument is likewise spilled to a
//! local (`FunctionArgument` → `Store` → `Load`). Nothing here crosses a call.

use std::collections::HashMap;

use naga::{
    Block, Expression, Function, Handle, Literal, LocalVariable, MathFunction, Module, ScalarKind,
    Statement, TypeInner,
};

/// A statement that encloses others.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Enclosing {
    /// The `n`th loop of the function, in walk order; `continuing` is set inside its
    /// continuing block.
    Loop { id: usize, continuing: bool },
    /// Inside an `If`'s accept (`true`) or reject (`false`) block.
    If {
        condition: Handle<Expression>,
        accept: bool,
    },
    /// Inside a case of a `Switch`.
    Switch { selector: Handle<Expression> },
}

/// Where each statement and emitted expression of a function sits.
#[derive(Debug, Default)]
pub struct Placement {
    /// By expression index: the enclosing statements of the `Emit` that evaluates it,
    /// outermost first; `None` for expressions never emitted (constants, arguments, globals).
    scopes: Vec<Option<Vec<Enclosing>>>,
    /// Number of loops in the function.
    pub loops: usize,
}

impl Placement {
    pub fn of(function: &Function) -> Self {
        let mut placement = Placement {
            scopes: vec![None; function.expressions.len()],
            loops: 0,
        };
        let mut stack = Vec::new();
        walk(&function.body, &mut stack, &mut |statement, stack| {
            if let Statement::Emit(range) = statement {
                for handle in range.clone() {
                    placement.scopes[handle.index()] = Some(stack.to_vec());
                }
            }
        });
        placement.loops = count_loops(&function.body);
        placement
    }

    /// The statements enclosing the `Emit` of `handle`, outermost first.
    pub fn scope(&self, handle: Handle<Expression>) -> Option<&[Enclosing]> {
        self.scopes.get(handle.index())?.as_deref()
    }

    /// The innermost loop around `handle`'s evaluation.
    pub fn innermost_loop(&self, handle: Handle<Expression>) -> Option<usize> {
        self.scope(handle)?.iter().rev().find_map(|e| match e {
            Enclosing::Loop { id, .. } => Some(*id),
            _ => None,
        })
    }

    pub fn in_loop(&self, handle: Handle<Expression>) -> bool {
        self.innermost_loop(handle).is_some()
    }
}

fn count_loops(block: &Block) -> usize {
    let mut n = 0;
    walk(block, &mut Vec::new(), &mut |statement, _| {
        if matches!(statement, Statement::Loop { .. }) {
            n += 1;
        }
    });
    n
}

/// Visit every statement of `block` and its nested blocks, with the enclosing statements
/// (outermost first). Loops are numbered in visit order, the loop statement itself before
/// its body.
pub fn walk<'a>(
    block: &'a Block,
    stack: &mut Vec<Enclosing>,
    visit: &mut dyn FnMut(&'a Statement, &[Enclosing]),
) {
    let mut loop_id = stack
        .iter()
        .filter(|e| matches!(e, Enclosing::Loop { .. }))
        .count();
    walk_counting(block, stack, visit, &mut loop_id);
}

fn walk_counting<'a>(
    block: &'a Block,
    stack: &mut Vec<Enclosing>,
    visit: &mut dyn FnMut(&'a Statement, &[Enclosing]),
    next_loop: &mut usize,
) {
    for statement in block.iter() {
        visit(statement, stack);
        match statement {
            Statement::Block(inner) => walk_counting(inner, stack, visit, next_loop),
            Statement::If {
                condition,
                accept,
                reject,
            } => {
                for (block, accept) in [(accept, true), (reject, false)] {
                    stack.push(Enclosing::If {
                        condition: *condition,
                        accept,
                    });
                    walk_counting(block, stack, visit, next_loop);
                    stack.pop();
                }
            }
            Statement::Switch { selector, cases } => {
                stack.push(Enclosing::Switch {
                    selector: *selector,
                });
                for case in cases {
                    walk_counting(&case.body, stack, visit, next_loop);
                }
                stack.pop();
            }
            Statement::Loop {
                body, continuing, ..
            } => {
                let id = *next_loop;
                *next_loop += 1;
                stack.push(Enclosing::Loop {
                    id,
                    continuing: false,
                });
                walk_counting(body, stack, visit, next_loop);
                stack.pop();
                stack.push(Enclosing::Loop {
                    id,
                    continuing: true,
                });
                walk_counting(continuing, stack, visit, next_loop);
                stack.pop();
            }
            _ => {}
        }
    }
}

pub use crate::front::limits::operands;

/// What each local variable of a function is assigned.
#[derive(Debug, Default)]
pub struct Locals {
    /// Values stored to the whole variable, in statement order.
    whole: HashMap<Handle<LocalVariable>, Vec<Handle<Expression>>>,
    /// Per variable, the position of its first whole store when that store is in the
    /// function's top-level block (not under a branch or loop); `None` otherwise.
    top_level_store: HashMap<Handle<LocalVariable>, Option<usize>>,
    /// Where each expression is evaluated, as a statement position.
    emitted_at: Vec<Option<usize>>,
    /// Variables also written through a part (`v.x = …`, `a[i] = …`), or passed by pointer.
    partial: HashMap<Handle<LocalVariable>, usize>,
}

impl Locals {
    pub fn of(function: &Function) -> Self {
        let mut locals = Locals {
            emitted_at: vec![None; function.expressions.len()],
            ..Locals::default()
        };
        let mut position = 0usize;
        walk(&function.body, &mut Vec::new(), &mut |statement, stack| {
            position += 1;
            let pointer = match statement {
                Statement::Emit(range) => {
                    for h in range.clone() {
                        locals.emitted_at[h.index()] = Some(position);
                    }
                    None
                }
                Statement::Store { pointer, value } => {
                    if let Expression::LocalVariable(v) = function.expressions[*pointer] {
                        locals.whole.entry(v).or_default().push(*value);
                        locals
                            .top_level_store
                            .entry(v)
                            .or_insert((stack.is_empty()).then_some(position));
                        return;
                    }
                    Some(*pointer)
                }
                Statement::Call { arguments, .. } => {
                    for argument in arguments {
                        if let Some(v) = root_local(function, *argument) {
                            *locals.partial.entry(v).or_default() += 1;
                        }
                    }
                    None
                }
                Statement::Atomic { pointer, .. } => Some(*pointer),
                _ => None,
            };
            if let Some(v) = pointer.and_then(|p| root_local(function, p)) {
                *locals.partial.entry(v).or_default() += 1;
            }
        });
        locals
    }

    /// Where `handle` is evaluated: the pre-order position of its `Emit` among the
    /// function's statements.
    pub fn position(&self, handle: Handle<Expression>) -> Option<usize> {
        self.emitted_at.get(handle.index()).copied().flatten()
    }

    /// Whole-variable stores of `v`.
    pub fn stores(&self, v: Handle<LocalVariable>) -> &[Handle<Expression>] {
        self.whole.get(&v).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Whether `v` is written through a part of it, or handed to a call by pointer.
    pub fn written_in_part(&self, v: Handle<LocalVariable>) -> bool {
        self.partial.contains_key(&v)
    }

    /// The one value `v` ever holds: its only store (and no initializer), or its initializer
    /// when it is never stored.
    pub fn single_value(
        &self,
        function: &Function,
        v: Handle<LocalVariable>,
    ) -> Option<Handle<Expression>> {
        if self.written_in_part(v) {
            return None;
        }
        match (self.stores(v), function.local_variables[v].init) {
            ([only], None) => Some(*only),
            ([], Some(init)) => Some(init),
            _ => None,
        }
    }

    /// `handle` with loads of single-valued locals replaced by the value stored, repeatedly.
    /// A stored value is read through only when the store is in the function's top-level
    /// block and the load comes after it: a store under a branch may not have happened, and
    /// one in a loop may be from the previous iteration.
    pub fn peel(&self, function: &Function, mut handle: Handle<Expression>) -> Handle<Expression> {
        for _ in 0..32 {
            let Expression::Load { pointer } = function.expressions[handle] else {
                return handle;
            };
            let Expression::LocalVariable(v) = function.expressions[pointer] else {
                return handle;
            };
            if function.local_variables[v].init.is_none() || !self.stores(v).is_empty() {
                let store = self.top_level_store.get(&v).copied().flatten();
                let load = self.position(handle);
                if !matches!((store, load), (Some(s), Some(l)) if l > s) {
                    return handle;
                }
            }
            match self.single_value(function, v) {
                Some(value) => handle = value,
                None => return handle,
            }
        }
        handle
    }
}

/// The expression a pointer is built on, through `Access`/`AccessIndex`.
fn pointer_base(function: &Function, mut pointer: Handle<Expression>) -> &Expression {
    loop {
        match function.expressions[pointer] {
            Expression::Access { base, .. } | Expression::AccessIndex { base, .. } => {
                pointer = base
            }
            ref root => return root,
        }
    }
}

/// The local variable a pointer expression points into, through `Access`/`AccessIndex`.
pub fn root_local(
    function: &Function,
    pointer: Handle<Expression>,
) -> Option<Handle<LocalVariable>> {
    match *pointer_base(function, pointer) {
        Expression::LocalVariable(v) => Some(v),
        _ => None,
    }
}

/// The global variable a pointer expression points into.
pub fn root_global(
    function: &Function,
    pointer: Handle<Expression>,
) -> Option<Handle<naga::GlobalVariable>> {
    match *pointer_base(function, pointer) {
        Expression::GlobalVariable(g) => Some(g),
        _ => None,
    }
}

/// A numeric literal's value, through named constants and splats.
pub fn literal(module: &Module, function: &Function, handle: Handle<Expression>) -> Option<f64> {
    literal_in(module, &function.expressions, handle, 8)
}

fn literal_in(
    module: &Module,
    expressions: &naga::Arena<Expression>,
    handle: Handle<Expression>,
    depth: u32,
) -> Option<f64> {
    if depth == 0 {
        return None;
    }
    match expressions[handle] {
        Expression::Literal(literal) => literal_value(literal),
        Expression::Constant(c) => literal_in(
            module,
            &module.global_expressions,
            module.constants[c].init,
            depth - 1,
        ),
        Expression::Splat { value, .. } => literal_in(module, expressions, value, depth - 1),
        Expression::ZeroValue(ty) => match module.types[ty].inner {
            TypeInner::Scalar(_) | TypeInner::Vector { .. } => Some(0.0),
            _ => None,
        },
        Expression::Compose { ref components, .. } => {
            let values: Option<Vec<f64>> = components
                .iter()
                .map(|c| literal_in(module, expressions, *c, depth - 1))
                .collect();
            let values = values?;
            let first = *values.first()?;
            values.iter().all(|v| *v == first).then_some(first)
        }
        _ => None,
    }
}

pub fn literal_value(literal: Literal) -> Option<f64> {
    Some(match literal {
        Literal::F64(v) => v,
        Literal::F32(v) => v as f64,
        Literal::F16(v) => f64::from(v),
        Literal::U32(v) => v as f64,
        Literal::I32(v) => v as f64,
        Literal::U64(v) => v as f64,
        Literal::I64(v) => v as f64,
        Literal::U16(v) => v as f64,
        Literal::I16(v) => v as f64,
        Literal::AbstractInt(v) => v as f64,
        Literal::AbstractFloat(v) => v,
        Literal::Bool(_) => return None,
    })
}

/// The scalar kind of an expression's value (or of the value a pointer points at).
pub fn scalar_kind(
    module: &Module,
    info: &naga::valid::FunctionInfo,
    handle: Handle<Expression>,
) -> Option<ScalarKind> {
    let inner = info[handle].ty.inner_with(&module.types);
    match *inner {
        TypeInner::Pointer { base, .. } => module.types[base].inner.scalar_kind(),
        ref other => other.scalar_kind(),
    }
}

/// Whether the value of `handle` is provably `>= 0` (or unsigned) for every invocation.
/// Conservative: `false` means "not proven".
pub fn nonnegative(
    module: &Module,
    function: &Function,
    info: &naga::valid::FunctionInfo,
    locals: &Locals,
    handle: Handle<Expression>,
) -> bool {
    nonnegative_depth(module, function, info, locals, handle, 12)
}

fn nonnegative_depth(
    module: &Module,
    function: &Function,
    info: &naga::valid::FunctionInfo,
    locals: &Locals,
    handle: Handle<Expression>,
    depth: u32,
) -> bool {
    if depth == 0 {
        return false;
    }
    if scalar_kind(module, info, handle) == Some(ScalarKind::Uint) {
        return true;
    }
    let handle = locals.peel(function, handle);
    if let Some(v) = literal(module, function, handle) {
        return v >= 0.0;
    }
    let nn = |h| nonnegative_depth(module, function, info, locals, h, depth - 1);
    match function.expressions[handle] {
        // `int(u)` of an unsigned `u >= 2^31` is negative.
        Expression::As {
            expr,
            kind: ScalarKind::Sint,
            ..
        } if scalar_kind(module, info, expr) == Some(ScalarKind::Uint) => {
            below_2_31(module, function, locals, expr, depth - 1)
        }
        // A bit cast between kinds (`uintBitsToFloat`) says nothing about the sign.
        Expression::As {
            expr,
            kind,
            convert: None,
        } => scalar_kind(module, info, expr) == Some(kind) && nn(expr),
        Expression::As { expr, .. } => nn(expr),
        // A fragment shader's `@builtin(position)` (WGSL): pixel coordinates and depth.
        Expression::FunctionArgument(i) => function
            .arguments
            .get(i as usize)
            .and_then(|a| a.binding.as_ref())
            .is_some_and(|b| matches!(b, naga::Binding::BuiltIn(naga::BuiltIn::Position { .. }))),
        Expression::Swizzle { vector, .. } => nn(vector),
        Expression::AccessIndex { base, .. } => nn(base),
        Expression::Splat { value, .. } => nn(value),
        Expression::Compose { ref components, .. } => components.iter().all(|c| nn(*c)),
        Expression::Load { pointer } => builtin_nonnegative(module, function, pointer),
        Expression::Binary { op, left, right } => {
            use naga::BinaryOperator as B;
            match op {
                // Signed integer sums and products wrap: `i * 4` of a large `i >= 0` is
                // negative. Floats do not wrap.
                B::Add | B::Multiply => {
                    scalar_kind(module, info, handle) != Some(ScalarKind::Sint)
                        && nn(left)
                        && nn(right)
                }
                B::Divide | B::ShiftRight => nn(left) && nn(right),
                B::And => nn(left) || nn(right),
                B::Modulo => nn(left),
                _ => false,
            }
        }
        Expression::Math {
            fun,
            arg,
            arg1,
            arg2,
            ..
        } => {
            use MathFunction as M;
            // `abs(INT_MIN)` is `INT_MIN`, and an integer dot product wraps: floats only.
            let float = scalar_kind(module, info, handle) == Some(ScalarKind::Float);
            match fun {
                M::Abs | M::Dot if !float => false,
                M::Abs | M::Length | M::Distance | M::Exp | M::Exp2 | M::Sqrt | M::Fract => true,
                M::Floor | M::Ceil | M::Round | M::Trunc | M::Saturate => nn(arg),
                M::Max => nn(arg) || arg1.is_some_and(nn),
                M::Min => nn(arg) && arg1.is_some_and(nn),
                M::Clamp => arg1.is_some_and(nn) && arg2.is_some_and(nn),
                M::Dot => arg == arg1.unwrap_or(arg),
                _ => false,
            }
        }
        _ => false,
    }
}

/// Whether an unsigned value is provably below 2^31 (so converting it to `int` keeps it
/// non-negative): small literals, masks, shifts, invocation and vertex ids.
fn below_2_31(
    module: &Module,
    function: &Function,
    locals: &Locals,
    handle: Handle<Expression>,
    depth: u32,
) -> bool {
    if depth == 0 {
        return false;
    }
    let handle = locals.peel(function, handle);
    let small =
        |h| literal(module, function, h).is_some_and(|v| (0.0..2_147_483_648.0).contains(&v));
    let below = |h| below_2_31(module, function, locals, h, depth - 1);
    if small(handle) {
        return true;
    }
    use naga::BinaryOperator as B;
    match function.expressions[handle] {
        Expression::Binary {
            op: B::And,
            left,
            right,
        } => small(left) || small(right),
        Expression::Binary {
            op: B::ShiftRight,
            right,
            ..
        } => literal(module, function, right).is_some_and(|v| v >= 1.0),
        Expression::Binary {
            op: B::Modulo,
            right,
            ..
        } => small(right),
        Expression::Binary {
            op: B::Divide,
            left,
            right,
        } => below(left) || literal(module, function, right).is_some_and(|v| v >= 2.0),
        Expression::Math {
            fun: MathFunction::Min,
            arg,
            arg1,
            ..
        } => below(arg) || arg1.is_some_and(below),
        Expression::Swizzle { vector, .. } => below(vector),
        Expression::AccessIndex { base, .. } => below(base),
        Expression::Load { pointer } => builtin_nonnegative(module, function, pointer),
        Expression::FunctionArgument(i) => function
            .arguments
            .get(i as usize)
            .and_then(|a| a.binding.as_ref())
            .is_some_and(|b| {
                use naga::BuiltIn as Bi;
                matches!(
                    b,
                    naga::Binding::BuiltIn(
                        Bi::GlobalInvocationId
                            | Bi::LocalInvocationId
                            | Bi::LocalInvocationIndex
                            | Bi::WorkGroupId
                            | Bi::VertexIndex
                            | Bi::InstanceIndex
                    )
                )
            }),
        _ => false,
    }
}

/// Loads of values that are never negative: `gl_FragCoord` (a fragment shader's position),
/// workgroup and invocation ids. naga's GLSL reader keeps builtins in private globals; the
/// dialect layer keeps their names.
fn builtin_nonnegative(module: &Module, function: &Function, pointer: Handle<Expression>) -> bool {
    let Some(global) = root_global(function, pointer) else {
        return false;
    };
    let variable = &module.global_variables[global];
    let Some(name) = variable.name.as_deref() else {
        return false;
    };
    // The name alone proves nothing (a WGSL uniform may be called `gl_InstanceID`): it must
    // be the reader's private copy of an entry point's built-in argument.
    if variable.space != naga::AddressSpace::Private || !builtin_copy(module, global) {
        return false;
    }
    matches!(
        name,
        "gl_FragCoord"
            | "gl_GlobalInvocationID"
            | "gl_LocalInvocationID"
            | "gl_WorkGroupID"
            | "gl_LocalInvocationIndex"
            | "gl_NumWorkGroups"
            | "gl_VertexID"
            | "gl_InstanceID"
            | "gl_VertexIndex"
            | "gl_InstanceIndex"
    )
}

/// Whether an entry point stores one of its built-in arguments into `global` (how naga's
/// GLSL reader passes `gl_FragCoord` and the invocation ids to the user's `main`).
fn builtin_copy(module: &Module, global: Handle<naga::GlobalVariable>) -> bool {
    module.entry_points.iter().any(|ep| {
        let f = &ep.function;
        f.body.iter().any(|statement| {
            let Statement::Store { pointer, value } = *statement else {
                return false;
            };
            let stores_global =
                matches!(f.expressions[pointer], Expression::GlobalVariable(g) if g == global);
            let from_builtin = match f.expressions[value] {
                Expression::FunctionArgument(i) => f
                    .arguments
                    .get(i as usize)
                    .is_some_and(|a| matches!(a.binding, Some(naga::Binding::BuiltIn(_)))),
                _ => false,
            };
            stores_global && from_builtin
        })
    })
}

/// Every expression `handle` is computed from (itself included), without crossing loads:
/// a pointer operand of a `Load` is visited, the stored value is not.
pub fn subtree(function: &Function, handle: Handle<Expression>) -> Vec<Handle<Expression>> {
    let mut seen = vec![false; function.expressions.len()];
    let mut out = Vec::new();
    let mut stack = vec![handle];
    while let Some(h) = stack.pop() {
        if std::mem::replace(&mut seen[h.index()], true) {
            continue;
        }
        out.push(h);
        stack.extend(operands(&function.expressions[h]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wgsl(src: &str) -> (Module, naga::valid::ModuleInfo) {
        let module = naga::front::wgsl::parse_str(src).unwrap();
        let info = naga::valid::Validator::new(
            naga::valid::ValidationFlags::all(),
            naga::valid::Capabilities::all(),
        )
        .validate(&module)
        .unwrap();
        (module, info)
    }

    fn named(f: &Function, name: &str) -> Handle<Expression> {
        f.named_expressions
            .iter()
            .find(|(_, n)| n.as_str() == name)
            .map(|(h, _)| *h)
            .unwrap()
    }

    #[test]
    fn placement_numbers_loops_and_marks_branches() {
        let (module, _) = wgsl(
            "@compute @workgroup_size(1) fn main(@builtin(global_invocation_id) id: vec3<u32>) {
                var s = 0u;
                for (var i = 0u; i < 4u; i++) { if id.x > 2u { s += id.x * 3u; } }
                loop { s += 1u; if s > 9u { break; } }
            }",
        );
        let f = &module.entry_points[0].function;
        let placement = Placement::of(f);
        assert_eq!(placement.loops, 2);
        let mul = f
            .expressions
            .iter()
            .find(|(_, e)| {
                matches!(
                    e,
                    Expression::Binary {
                        op: naga::BinaryOperator::Multiply,
                        ..
                    }
                )
            })
            .unwrap()
            .0;
        let scope = placement.scope(mul).unwrap();
        assert!(matches!(scope[0], Enclosing::Loop { id: 0, .. }));
        assert!(scope
            .iter()
            .any(|e| matches!(e, Enclosing::If { accept: true, .. })));
    }

    #[test]
    fn nonnegative_proves_unsigned_abs_and_masks_but_not_signed_inputs() {
        let (module, info) = wgsl(
            "@fragment fn main(@location(0) @interpolate(flat) i: i32, @location(1) x: f32) -> @location(0) vec4<f32> {
                let a = abs(x); let b = i & 7; let c = i; let d = max(x, 0.0); let e = x - 1.0;
                return vec4(a, f32(b), f32(c), d + e);
            }",
        );
        let f = &module.entry_points[0].function;
        let finfo = info.get_entry_point(0);
        let locals = Locals::of(f);
        let nn = |name| nonnegative(&module, f, finfo, &locals, named(f, name));
        assert!(nn("a"));
        assert!(nn("b"));
        assert!(!nn("c"));
        assert!(nn("d"));
        assert!(!nn("e"));
    }

    #[test]
    fn int_of_an_unsigned_value_is_non_negative_only_below_2_31() {
        let (module, info) = wgsl(
            "@group(0) @binding(0) var<uniform> u: u32;
            @compute @workgroup_size(1) fn main(@builtin(global_invocation_id) id: vec3<u32>) {
                let any = i32(u); let masked = i32(u & 255u); let shifted = i32(u >> 1u);
                let thread = i32(id.x);
                _ = any + masked + shifted + thread;
            }",
        );
        let f = &module.entry_points[0].function;
        let finfo = info.get_entry_point(0);
        let locals = Locals::of(f);
        let nn = |name| nonnegative(&module, f, finfo, &locals, named(f, name));
        assert!(!nn("any"));
        assert!(nn("masked"));
        assert!(nn("shifted"));
        assert!(nn("thread"));
    }
}
