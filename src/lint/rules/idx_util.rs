//! Helpers shared by the `IDX` rules: who calls whom (an index is often computed in the
//! caller and used in a callee), which float-to-int conversions an index is computed from,
//! whether two expressions are the same value (through separate `Load`s of one variable with
//! no write between), and what an `Access` indexes.

use std::collections::{HashMap, HashSet};

use naga::proc::BoundsCheckPolicy;
use naga::{
    AddressSpace, ArraySize, BinaryOperator, Binding, Block, Expression, Function, GlobalVariable,
    Handle, LocalVariable, MathFunction, ScalarKind, ShaderStage, Statement, StorageAccess,
    TypeInner,
};

use crate::front::spans;
pub use crate::lint::context::FunctionView as View;
use crate::lint::context::FunctionView;
use crate::lint::ir::{self, Enclosing};
use crate::lint::Context;

/// One call: the caller's view index and the arguments.
pub type CallSite = (usize, Vec<Handle<Expression>>);

/// Every call site of every function: callee → its call sites.
pub struct Calls {
    sites: HashMap<Handle<Function>, Vec<CallSite>>,
}

impl Calls {
    pub fn of(context: &Context) -> Self {
        let mut sites: HashMap<_, Vec<_>> = HashMap::new();
        for (vi, view) in context.functions.iter().enumerate() {
            ir::walk(&view.function.body, &mut Vec::new(), &mut |statement, _| {
                if let Statement::Call {
                    function,
                    arguments,
                    ..
                } = statement
                {
                    sites
                        .entry(*function)
                        .or_default()
                        .push((vi, arguments.clone()));
                }
            });
        }
        Calls { sites }
    }

    /// The call sites of the function a view shows (none for entry points).
    pub fn sites_of(&self, view: &FunctionView) -> &[CallSite] {
        view.handle
            .and_then(|h| self.sites.get(&h))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }
}

/// A float-to-int conversion (`As { kind: Sint | Uint, convert: Some(_) }` of a float) found
/// in view `.0`.
pub type Conversion = (usize, Handle<Expression>);

/// The float-to-int conversions `handle` (in view `vi`) is computed from through integer
/// arithmetic (`+`, `-`, `*`, `<<`, `min`/`max`/`clamp`/`abs`), components, locals and
/// function arguments (into every caller).
pub fn float_conversions(
    context: &Context,
    calls: &Calls,
    vi: usize,
    handle: Handle<Expression>,
) -> Vec<Conversion> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    let mut stack = vec![(vi, handle, 0u32)];
    while let Some((vi, h, depth)) = stack.pop() {
        if depth > 64 || !seen.insert((vi, h)) {
            continue;
        }
        let view = &context.functions[vi];
        let f = view.function;
        let mut push = |x: Handle<Expression>| stack.push((vi, x, depth + 1));
        match f.expressions[h] {
            Expression::As {
                expr,
                kind: ScalarKind::Sint | ScalarKind::Uint,
                convert: Some(_),
            } => {
                if ir::scalar_kind(context.module, view.info, expr) == Some(ScalarKind::Float) {
                    out.push((vi, h));
                } else {
                    push(expr);
                }
            }
            Expression::Binary {
                op:
                    BinaryOperator::Add
                    | BinaryOperator::Subtract
                    | BinaryOperator::Multiply
                    | BinaryOperator::ShiftLeft,
                left,
                right,
            } => {
                push(left);
                push(right);
            }
            Expression::AccessIndex { base, .. } => push(base),
            Expression::Swizzle { vector, .. } => push(vector),
            Expression::Splat { value, .. } => push(value),
            Expression::Compose { ref components, .. } => {
                for c in components {
                    push(*c);
                }
            }
            Expression::Math {
                fun: MathFunction::Min | MathFunction::Max | MathFunction::Clamp | MathFunction::Abs,
                arg,
                arg1,
                arg2,
                ..
            } => {
                push(arg);
                for a in arg1.into_iter().chain(arg2) {
                    push(a);
                }
            }
            Expression::Load { pointer } => {
                if let Expression::LocalVariable(v) = f.expressions[pointer] {
                    if !view.locals.written_in_part(v) {
                        for s in view.locals.stores(v) {
                            push(*s);
                        }
                        if let Some(init) = f.local_variables[v].init {
                            push(init);
                        }
                    }
                }
            }
            Expression::FunctionArgument(k) => {
                for (caller, arguments) in calls.sites_of(view) {
                    if let Some(a) = arguments.get(k as usize) {
                        stack.push((*caller, *a, depth + 1));
                    }
                }
            }
            _ => {}
        }
    }
    out.sort_by_key(|(vi, h)| (*vi, h.index()));
    out
}

/// What an indexing expression's base is: the array type behind a pointer or value.
#[derive(Clone, Copy, Debug)]
pub struct ArrayOf {
    pub element: Handle<naga::Type>,
    pub size: ArraySize,
    pub stride: u32,
}

pub fn array_of(
    context: &Context,
    view: &FunctionView,
    base: Handle<Expression>,
) -> Option<ArrayOf> {
    let types = &context.module.types;
    let inner = view.info[base].ty.inner_with(types);
    let inner = match *inner {
        TypeInner::Pointer { base, .. } => &types[base].inner,
        ref other => other,
    };
    match *inner {
        TypeInner::Array { base, size, stride } => Some(ArrayOf {
            element: base,
            size,
            stride,
        }),
        _ => None,
    }
}

/// The constant length of the array `base` points at.
pub fn constant_length(
    context: &Context,
    view: &FunctionView,
    base: Handle<Expression>,
) -> Option<u32> {
    match array_of(context, view, base)?.size {
        ArraySize::Constant(n) => Some(n.get()),
        _ => None,
    }
}

/// The name the user gave the array `base` points at: a uniform (a member of prism's
/// uniform block, or of a user block), a global, a local.
pub fn array_name(
    context: &Context,
    function: &Function,
    base: Handle<Expression>,
) -> Option<String> {
    let module = context.module;
    match function.expressions[base] {
        Expression::GlobalVariable(g) => module.global_variables[g].name.clone(),
        Expression::LocalVariable(v) => function.local_variables[v].name.clone(),
        Expression::AccessIndex { base: inner, index } => {
            let ty = match function.expressions[inner] {
                Expression::GlobalVariable(g) => module.global_variables[g].ty,
                Expression::LocalVariable(v) => function.local_variables[v].ty,
                _ => return None,
            };
            match module.types[ty].inner {
                TypeInner::Struct { ref members, .. } => members.get(index as usize)?.name.clone(),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The user's location of an `Access`: naga's span covers only `[index]`; when the array's
/// name stands right before it (`uBones[i]`), the location covers the name too.
pub fn access_loc(
    context: &Context,
    function: &Function,
    access: Handle<Expression>,
) -> Option<crate::source::Loc> {
    let span = context.expr_span(function, access);
    if let (Expression::Access { base, .. }, Some(range)) =
        (&function.expressions[access], span.to_range())
    {
        let name = array_name(context, function, *base);
        let text = context.naga_source();
        if let Some(start) = text
            .zip(name)
            .and_then(|(text, name)| spans::name_before(text, range.start, &name))
        {
            let whole = naga::Span::new(start as u32, range.end as u32);
            if let Some(loc) = context.loc(whole) {
                return Some(loc);
            }
        }
    }
    context.loc(span)
}

/// The user's text of an expression, when it is short, on one line and balanced (naga's
/// spans of some operations start inside a parenthesis).
pub fn short_text(
    context: &Context,
    function: &Function,
    handle: Handle<Expression>,
) -> Option<String> {
    let loc = context.expr_loc(function, handle)?;
    let text = context.user_text(loc)?.trim();
    usable(text).then(|| text.to_string())
}

fn usable(text: &str) -> bool {
    spans::balanced(text)
        && !text.is_empty()
        && text.len() <= 48
        && !text.contains('\n')
        && !text.starts_with('.')
}

/// The user's text between the brackets of an `Access` (`idx.x + 1` in `uBones[idx.x + 1]`).
pub fn index_text(
    context: &Context,
    function: &Function,
    access: Handle<Expression>,
) -> Option<String> {
    let loc = context.loc(context.expr_span(function, access))?;
    let text = context.user_text(loc)?.trim();
    let inner = text.strip_prefix('[')?.strip_suffix(']')?.trim();
    usable(inner).then(|| inner.to_string())
}

/// What `policy` makes of one access, for messages: "clamped", "checked with a compare and a
/// branch", "not checked".
pub fn policy_short(policy: BoundsCheckPolicy) -> &'static str {
    match policy {
        BoundsCheckPolicy::Restrict => "restrict",
        BoundsCheckPolicy::ReadZeroSkipWrite => "read-zero-skip-write",
        BoundsCheckPolicy::Unchecked => "unchecked",
    }
}

/// A GLSL-ish name of a scalar or vector type, for messages.
pub fn type_name(context: &Context, ty: Handle<naga::Type>) -> String {
    let inner = &context.module.types[ty].inner;
    let prefix = |kind| match kind {
        ScalarKind::Sint => "i",
        ScalarKind::Uint => "u",
        ScalarKind::Bool => "b",
        _ => "",
    };
    match *inner {
        TypeInner::Scalar(s) => match s.kind {
            ScalarKind::Sint => "int".into(),
            ScalarKind::Uint => "uint".into(),
            ScalarKind::Bool => "bool".into(),
            _ => "float".into(),
        },
        TypeInner::Vector { size, scalar } => format!("{}vec{}", prefix(scalar.kind), size as u8),
        TypeInner::Matrix { columns, rows, .. } => format!("mat{}x{}", columns as u8, rows as u8),
        _ => context.module.types[ty]
            .name
            .clone()
            .unwrap_or_else(|| "element".into()),
    }
}

/// Whether the private global `g` holds a vertex shader input (an attribute): the GLSL reader
/// copies each `in` from a `Location`-bound entry-point argument into a private global.
pub fn is_vertex_input(context: &Context, g: Handle<GlobalVariable>) -> bool {
    context.functions.iter().any(|view| {
        let Some(entry) = view.entry else {
            return false;
        };
        if entry.stage != ShaderStage::Vertex {
            return false;
        }
        let f = view.function;
        let mut found = false;
        ir::walk(&f.body, &mut Vec::new(), &mut |statement, _| {
            if let Statement::Store { pointer, value } = *statement {
                if matches!(f.expressions[pointer], Expression::GlobalVariable(x) if x == g) {
                    if let Expression::FunctionArgument(k) = f.expressions[value] {
                        found |= matches!(
                            f.arguments.get(k as usize).and_then(|a| a.binding.as_ref()),
                            Some(Binding::Location { .. })
                        );
                    }
                }
            }
        });
        found
    })
}

/// The private global a value is loaded from, through locals, components and swizzles.
pub fn loaded_global(
    view: &FunctionView,
    mut handle: Handle<Expression>,
) -> Option<Handle<GlobalVariable>> {
    let f = view.function;
    for _ in 0..16 {
        handle = view.locals.peel(f, handle);
        match f.expressions[handle] {
            Expression::AccessIndex { base, .. } => handle = base,
            Expression::Swizzle { vector, .. } => handle = vector,
            Expression::Load { pointer } => return ir::root_global(f, pointer),
            _ => return None,
        }
    }
    None
}

/// A variable a statement can write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Root {
    Local(Handle<LocalVariable>),
    Global(Handle<GlobalVariable>),
    /// A call: it may write any global.
    AnyGlobal,
}

/// Where each variable of one function is written, in statement order, to tell whether two
/// `Load`s of one variable read the same value. Where the loads themselves are evaluated is
/// the view's ([`ir::Locals::position`], [`ir::Placement::scope`]).
pub struct Flow {
    /// Writes: position (as [`ir::Locals::position`] counts) and enclosing loops.
    writes: HashMap<Root, Vec<(usize, Vec<usize>)>>,
}

fn loop_ids(stack: &[Enclosing]) -> Vec<usize> {
    stack
        .iter()
        .filter_map(|e| match e {
            Enclosing::Loop { id, .. } => Some(*id),
            _ => None,
        })
        .collect()
}

impl Flow {
    pub fn of(function: &Function) -> Self {
        let mut flow = Flow {
            writes: HashMap::new(),
        };
        let mut position = 0usize;
        ir::walk(&function.body, &mut Vec::new(), &mut |statement, stack| {
            position += 1;
            let loops = loop_ids(stack);
            let mut write = |root: Root| {
                flow.writes
                    .entry(root)
                    .or_default()
                    .push((position, loops.clone()));
            };
            let root_of = |pointer: Handle<Expression>| {
                ir::root_local(function, pointer)
                    .map(Root::Local)
                    .or_else(|| ir::root_global(function, pointer).map(Root::Global))
            };
            match statement {
                Statement::Store { pointer, .. } | Statement::Atomic { pointer, .. } => {
                    if let Some(root) = root_of(*pointer) {
                        write(root);
                    }
                }
                Statement::Call { arguments, .. } => {
                    for a in arguments {
                        if let Some(root) = root_of(*a) {
                            write(root);
                        }
                    }
                    write(Root::AnyGlobal);
                }
                _ => {}
            }
        });
        flow
    }

    fn unwritten_between(
        &self,
        view: &FunctionView,
        roots: &[Root],
        a: Handle<Expression>,
        b: Handle<Expression>,
    ) -> bool {
        let (Some(pa), Some(pb)) = (view.locals.position(a), view.locals.position(b)) else {
            return false;
        };
        let (lo, hi) = (pa.min(pb), pa.max(pb));
        let loops_around = |h| loop_ids(view.placement.scope(h).unwrap_or_default());
        let (la, lb) = (loops_around(a), loops_around(b));
        roots.iter().all(|root| {
            self.writes.get(root).is_none_or(|writes| {
                writes.iter().all(|(p, loops)| {
                    // Between the two in order, or in a loop around one of them only (the
                    // back edge brings the write between them).
                    let between = lo < *p && *p < hi;
                    let loop_apart = loops.iter().any(|l| la.contains(l) != lb.contains(l));
                    !between && !loop_apart
                })
            })
        })
    }
}

/// Whether `a` and `b` (of one function) hold the same value whenever both are evaluated:
/// the same expression after [`crate::lint::ir::Locals::peel`], or the same operation on
/// the same operands, with `Load`s of a variable nothing writes between them.
pub fn same_value(
    context: &Context,
    view: &FunctionView,
    flow: &Flow,
    a: Handle<Expression>,
    b: Handle<Expression>,
) -> bool {
    same_depth(context, view, flow, a, b, 16)
}

fn same_depth(
    context: &Context,
    view: &FunctionView,
    flow: &Flow,
    a: Handle<Expression>,
    b: Handle<Expression>,
    depth: u32,
) -> bool {
    if a == b {
        return true;
    }
    if depth == 0 {
        return false;
    }
    let f = view.function;
    let (a, b) = (view.locals.peel(f, a), view.locals.peel(f, b));
    if a == b {
        return true;
    }
    let same = |x, y| same_depth(context, view, flow, x, y, depth - 1);
    let same_opt = |x: Option<Handle<Expression>>, y: Option<Handle<Expression>>| match (x, y) {
        (Some(x), Some(y)) => same(x, y),
        (None, None) => true,
        _ => false,
    };
    use Expression as E;
    match (&f.expressions[a], &f.expressions[b]) {
        (E::Literal(x), E::Literal(y)) => x == y,
        (E::Constant(x), E::Constant(y)) => x == y,
        (E::GlobalVariable(x), E::GlobalVariable(y)) => x == y,
        (E::LocalVariable(x), E::LocalVariable(y)) => x == y,
        (E::FunctionArgument(x), E::FunctionArgument(y)) => x == y,
        (E::Load { pointer: p }, E::Load { pointer: q }) => {
            same(*p, *q) && unwritten(context, view, flow, *p, a, b)
        }
        (E::AccessIndex { base: x, index: i }, E::AccessIndex { base: y, index: j }) => {
            i == j && same(*x, *y)
        }
        (E::Access { base: x, index: i }, E::Access { base: y, index: j }) => {
            same(*x, *y) && same(*i, *j)
        }
        (
            E::Binary {
                op: o1,
                left: l1,
                right: r1,
            },
            E::Binary {
                op: o2,
                left: l2,
                right: r2,
            },
        ) => o1 == o2 && same(*l1, *l2) && same(*r1, *r2),
        (E::Unary { op: o1, expr: x }, E::Unary { op: o2, expr: y }) => o1 == o2 && same(*x, *y),
        (
            E::As {
                expr: x,
                kind: k1,
                convert: c1,
            },
            E::As {
                expr: y,
                kind: k2,
                convert: c2,
            },
        ) => k1 == k2 && c1 == c2 && same(*x, *y),
        (
            E::Swizzle {
                size: s1,
                vector: x,
                pattern: p1,
            },
            E::Swizzle {
                size: s2,
                vector: y,
                pattern: p2,
            },
        ) => s1 == s2 && p1 == p2 && same(*x, *y),
        (E::Splat { size: s1, value: x }, E::Splat { size: s2, value: y }) => {
            s1 == s2 && same(*x, *y)
        }
        (
            E::Math {
                fun: f1,
                arg: a1,
                arg1: b1,
                arg2: c1,
                arg3: d1,
            },
            E::Math {
                fun: f2,
                arg: a2,
                arg1: b2,
                arg2: c2,
                arg3: d2,
            },
        ) => {
            f1 == f2
                && same(*a1, *a2)
                && same_opt(*b1, *b2)
                && same_opt(*c1, *c2)
                && same_opt(*d1, *d2)
        }
        (
            E::Compose {
                ty: t1,
                components: c1,
            },
            E::Compose {
                ty: t2,
                components: c2,
            },
        ) => t1 == t2 && c1.len() == c2.len() && c1.iter().zip(c2).all(|(x, y)| same(*x, *y)),
        _ => false,
    }
}

/// Whether the variable `pointer` points into is written by no statement between the loads
/// `a` and `b`. Uniforms, textures and read-only storage are never written.
fn unwritten(
    context: &Context,
    view: &FunctionView,
    flow: &Flow,
    pointer: Handle<Expression>,
    a: Handle<Expression>,
    b: Handle<Expression>,
) -> bool {
    let f = view.function;
    if let Some(v) = ir::root_local(f, pointer) {
        return flow.unwritten_between(view, &[Root::Local(v)], a, b);
    }
    let Some(g) = ir::root_global(f, pointer) else {
        return false;
    };
    match context.module.global_variables[g].space {
        AddressSpace::Uniform | AddressSpace::Handle | AddressSpace::Immediate => true,
        AddressSpace::Storage { access } if !access.contains(StorageAccess::STORE) => true,
        _ => flow.unwritten_between(view, &[Root::Global(g), Root::AnyGlobal], a, b),
    }
}

/// `(base, k)` for an index spelled `base + k` or `base - k` with a literal `k` (through
/// locals); `(index, 0)` otherwise.
pub fn split_offset(
    context: &Context,
    view: &FunctionView,
    index: Handle<Expression>,
) -> (Handle<Expression>, i64) {
    let f = view.function;
    let peeled = view.locals.peel(f, index);
    let lit = |h| ir::literal(context.module, f, h).filter(|v| v.fract() == 0.0 && v.abs() < 1e9);
    match f.expressions[peeled] {
        Expression::Binary {
            op: BinaryOperator::Add,
            left,
            right,
        } => {
            if let Some(k) = lit(right) {
                return (left, k as i64);
            }
            if let Some(k) = lit(left) {
                return (right, k as i64);
            }
        }
        Expression::Binary {
            op: BinaryOperator::Subtract,
            left,
            right,
        } => {
            if let Some(k) = lit(right) {
                return (left, -(k as i64));
            }
        }
        _ => {}
    }
    (index, 0)
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

/// The largest literal factor `handle` (in view `vi`) is known to be a multiple of: `x * n`,
/// `x << s`, sums and components of multiples, and through locals and function arguments
/// (every call site). `None` when no factor of 2 or more is known.
pub fn multiple_of(
    context: &Context,
    calls: &Calls,
    vi: usize,
    handle: Handle<Expression>,
) -> Option<u64> {
    let mut visiting = HashSet::new();
    multiple_depth(context, calls, vi, handle, &mut visiting, 24).filter(|m| *m >= 2)
}

fn multiple_depth(
    context: &Context,
    calls: &Calls,
    vi: usize,
    handle: Handle<Expression>,
    visiting: &mut HashSet<(usize, Handle<Expression>)>,
    depth: u32,
) -> Option<u64> {
    if depth == 0 || !visiting.insert((vi, handle)) {
        return None;
    }
    let view = &context.functions[vi];
    let f = view.function;
    let h = view.locals.peel(f, handle);
    let lit = |x| {
        ir::literal(context.module, f, x)
            .filter(|v| v.fract() == 0.0 && *v >= 1.0 && *v < 1e9)
            .map(|v| v as u64)
    };
    let rec =
        |x, visiting: &mut HashSet<_>| multiple_depth(context, calls, vi, x, visiting, depth - 1);
    let result = match f.expressions[h] {
        Expression::Binary {
            op: BinaryOperator::Multiply,
            left,
            right,
        } => match (lit(left), lit(right)) {
            (_, Some(n)) => Some(n * rec(left, visiting).unwrap_or(1)),
            (Some(n), None) => Some(n * rec(right, visiting).unwrap_or(1)),
            _ => None,
        },
        Expression::Binary {
            op: BinaryOperator::ShiftLeft,
            right,
            ..
        } => lit(right).filter(|s| *s < 32).map(|s| 1u64 << s),
        Expression::Binary {
            op: BinaryOperator::Add | BinaryOperator::Subtract,
            left,
            right,
        } => {
            let l = rec(left, visiting)?;
            let r = rec(right, visiting)?;
            Some(gcd(l, r))
        }
        Expression::AccessIndex { base, .. } => rec(base, visiting),
        Expression::Swizzle { vector, .. } => rec(vector, visiting),
        Expression::Splat { value, .. } => rec(value, visiting),
        Expression::Compose { ref components, .. } => {
            let mut g = 0;
            for c in components {
                g = gcd(g, rec(*c, visiting)?);
            }
            (g > 0).then_some(g)
        }
        Expression::Load { pointer } => match f.expressions[pointer] {
            Expression::LocalVariable(v) if !view.locals.written_in_part(v) => {
                let mut g = 0;
                let values = view
                    .locals
                    .stores(v)
                    .iter()
                    .copied()
                    .chain(f.local_variables[v].init);
                for value in values {
                    g = gcd(g, rec(value, visiting)?);
                }
                (g > 0).then_some(g)
            }
            _ => None,
        },
        Expression::FunctionArgument(k) => {
            let sites = calls.sites_of(view);
            let mut g = 0;
            for (caller, arguments) in sites {
                let a = *arguments.get(k as usize)?;
                g = gcd(
                    g,
                    multiple_depth(context, calls, *caller, a, visiting, depth - 1)?,
                );
            }
            (g > 0).then_some(g)
        }
        _ => None,
    };
    visiting.remove(&(vi, handle));
    result
}

/// Whether a block (or a block nested in it) writes the local `v`.
pub fn block_writes(function: &Function, block: &Block, v: Handle<LocalVariable>) -> bool {
    let mut found = false;
    ir::walk(
        block,
        &mut Vec::new(),
        &mut |statement, _| match statement {
            Statement::Store { pointer, .. } | Statement::Atomic { pointer, .. } => {
                found |= ir::root_local(function, *pointer) == Some(v);
            }
            Statement::Call { arguments, .. } => {
                found |= arguments
                    .iter()
                    .any(|a| ir::root_local(function, *a) == Some(v));
            }
            _ => {}
        },
    );
    found
}

/// One reading of a comparison: `x < L`, `x <= L`, `L > x`, `L >= x` bound `x` above
/// (`upper`); read from the other operand's side, the same comparison bounds `L` below.
#[derive(Clone, Copy, Debug)]
pub struct Reading {
    pub x: Handle<Expression>,
    pub limit: Handle<Expression>,
    pub strict: bool,
    pub upper: bool,
}

/// Both readings of the ordered comparison `condition` (after [`ir::Locals::peel`]): for
/// `a < b`, `a` bounded above by `b` and `b` bounded below by `a`.
pub fn comparison_readings(view: &View, condition: Handle<Expression>) -> Option<[Reading; 2]> {
    let f = view.function;
    let condition = view.locals.peel(f, condition);
    let Expression::Binary { op, left, right } = f.expressions[condition] else {
        return None;
    };
    let (low, high, strict) = match op {
        BinaryOperator::Less => (left, right, true),
        BinaryOperator::LessEqual => (left, right, false),
        BinaryOperator::Greater => (right, left, true),
        BinaryOperator::GreaterEqual => (right, left, false),
        _ => return None,
    };
    Some([
        Reading {
            x: low,
            limit: high,
            strict,
            upper: true,
        },
        Reading {
            x: high,
            limit: low,
            strict,
            upper: false,
        },
    ])
}

/// `a && b`: GLSL's `LogicalAnd`, or WGSL's short-circuit lowering of it (an unnamed local
/// stored `b` under `if (a)` and `false` otherwise, then loaded).
pub fn conjunction(
    view: &View,
    condition: Handle<Expression>,
) -> Option<(Handle<Expression>, Handle<Expression>)> {
    let f = view.function;
    match f.expressions[condition] {
        Expression::Binary {
            op: BinaryOperator::LogicalAnd,
            left,
            right,
        } => Some((left, right)),
        Expression::Load { pointer } => {
            let Expression::LocalVariable(v) = f.expressions[pointer] else {
                return None;
            };
            let variable = &f.local_variables[v];
            if variable.name.is_some() || variable.init.is_some() || view.locals.written_in_part(v)
            {
                return None;
            }
            let [x, y] = view.locals.stores(v) else {
                return None;
            };
            let is_false = |h: Handle<Expression>| {
                matches!(
                    f.expressions[h],
                    Expression::Literal(naga::Literal::Bool(false))
                )
            };
            let b = match (is_false(*x), is_false(*y)) {
                (false, true) => *x,
                (true, false) => *y,
                _ => return None,
            };
            match view.placement.scope(b)?.last()? {
                Enclosing::If {
                    condition: a,
                    accept: true,
                } => Some((*a, b)),
                _ => None,
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    /// `PRISM_IR_DUMP=file.vert [PRISM_IR_ROBUSTNESS=webgpu] cargo test --lib idx_util::tests::dump -- --ignored --nocapture`
    #[test]
    #[ignore]
    fn dump() {
        let path = std::env::var("PRISM_IR_DUMP").unwrap();
        let mut options = crate::pipeline::CompileOptions::default();
        if let Ok(r) = std::env::var("PRISM_IR_ROBUSTNESS") {
            options.robustness.preset = r.parse().unwrap();
        }
        let c = crate::pipeline::compile_path(std::path::Path::new(&path), &options).unwrap();
        let m = &c.parsed.module;
        for (h, g) in m.global_variables.iter() {
            println!(
                "global {h:?} {:?} {:?} ty={:?}",
                g.name, g.space, m.types[g.ty].inner
            );
        }
        let fs = m
            .functions
            .iter()
            .map(|(_, f)| f)
            .chain(m.entry_points.iter().map(|e| &e.function));
        for f in fs {
            println!("fn {:?}", f.name);
            for (h, l) in f.local_variables.iter() {
                println!("  local {h:?} {:?} init={:?}", l.name, l.init);
            }
            for (h, e) in f.expressions.iter() {
                println!("  {h:?} {e:?}");
            }
            println!("  body {:#?}", f.body);
        }
    }

    /// `PRISM_IDX_SWEEP=fixtures cargo test --lib idx_util::tests::sweep -- --ignored --nocapture`:
    /// the IDX rules over every shader under a folder, under webgpu.
    #[test]
    #[ignore]
    fn sweep() {
        let root = std::env::var("PRISM_IDX_SWEEP").unwrap();
        let mut stack = vec![std::path::PathBuf::from(root)];
        let mut options = crate::pipeline::CompileOptions::default();
        options.robustness.preset = crate::robustness::Preset::Webgpu;
        let lint_options = crate::lint::LintOptions {
            select: vec!["IDX".into()],
            ..Default::default()
        };
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let Ok(c) = crate::pipeline::compile_path(&path, &options) else {
                    continue;
                };
                for f in crate::lint::lint(&c, &lint_options).findings {
                    println!(
                        "{}:{}:{} {} {}",
                        path.display(),
                        f.line,
                        f.column,
                        f.code,
                        f.message
                    );
                }
            }
        }
    }
}
