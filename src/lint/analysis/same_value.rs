//! Whether two expressions of one function hold the same value whenever both are evaluated.

use naga::{AddressSpace, Expression, Handle, Module, StorageAccess};

use crate::lint::analysis::flow::Root;
use crate::lint::analysis::locals::{root_global, root_local};
use crate::lint::analysis::view::FunctionView;

/// Whether `a` and `b` (of one function) hold the same value whenever both are evaluated:
/// the same expression after [`Locals::peel`](crate::lint::analysis::locals::Locals::peel), or the same operation on
/// the same operands, with `Load`s of a variable nothing writes between them.
pub fn same_value(
    module: &Module,
    view: &FunctionView,
    a: Handle<Expression>,
    b: Handle<Expression>,
) -> bool {
    same_depth(module, view, a, b, 16)
}

fn same_depth(
    module: &Module,
    view: &FunctionView,
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
    let (a, b) = (view.locals().peel(f, a), view.locals().peel(f, b));
    if a == b {
        return true;
    }
    let same = |x, y| same_depth(module, view, x, y, depth - 1);
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
            same(*p, *q) && unwritten(module, view, *p, a, b)
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
    module: &Module,
    view: &FunctionView,
    pointer: Handle<Expression>,
    a: Handle<Expression>,
    b: Handle<Expression>,
) -> bool {
    let f = view.function;
    if let Some(v) = root_local(f, pointer) {
        return view.flow().unwritten_between(
            view.locals(),
            view.placement(),
            &[Root::Local(v)],
            a,
            b,
        );
    }
    let Some(g) = root_global(f, pointer) else {
        return false;
    };
    match module.global_variables[g].space {
        AddressSpace::Uniform | AddressSpace::Handle | AddressSpace::Immediate => true,
        AddressSpace::Storage { access } if !access.contains(StorageAccess::STORE) => true,
        _ => view.flow().unwritten_between(
            view.locals(),
            view.placement(),
            &[Root::Global(g), Root::AnyGlobal],
            a,
            b,
        ),
    }
}
