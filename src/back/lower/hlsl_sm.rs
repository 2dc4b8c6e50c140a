//! The lowest HLSL shader model a module needs, for what naga's HLSL writer writes without
//! checking the model it was given (it checks only `SV_ViewID`, per-vertex fragment inputs
//! and mesh shaders, with `ShaderModelTooLow`): wave intrinsics (subgroup operations and
//! built-ins) are 6.0, 64-bit integers 6.0, `SV_Barycentrics` 6.1, 16-bit floats 6.2, ray queries 6.5, 64-bit
//! atomics 6.6. Like [`super::glsl_es`], no polyfill: it tells `hlsl::write` which model
//! to pick when the user picked none, and which explicit choice is too low.

use naga::back::hlsl::ShaderModel;
use naga::{
    Binding, BuiltIn, Expression, Function, Handle, Module, Scalar, ScalarKind, Span, Statement,
    TypeInner,
};

/// One thing the module does that needs `model` or later, and where.
#[derive(Clone, Debug)]
pub struct Need {
    pub model: ShaderModel,
    pub what: &'static str,
    pub span: Span,
}

/// The highest model anything in `module` needs (the first such thing, at that model), if
/// it needs more than 5.0.
pub fn needs(module: &Module, info: &naga::valid::ModuleInfo) -> Option<Need> {
    let mut best: Option<Need> = None;
    let mut want = |need: Need| {
        if best.as_ref().is_none_or(|b| need.model > b.model) {
            best = Some(need);
        }
    };
    for (function, function_info) in functions_with_info(module, info) {
        for (handle, expr) in function.expressions.iter() {
            let span = function.expressions.get_span(handle);
            let inner = function_info[handle].ty.inner_with(&module.types);
            if let Some((model, what)) = scalar_need(inner.scalar()) {
                want(Need { model, what, span });
            }
            let need = match expr {
                Expression::SubgroupBallotResult | Expression::SubgroupOperationResult { .. } => {
                    Some((ShaderModel::V6_0, "subgroup (wave) operations"))
                }
                Expression::RayQueryProceedResult | Expression::RayQueryGetIntersection { .. } => {
                    Some((ShaderModel::V6_5, "ray queries"))
                }
                _ => None,
            };
            if let Some((model, what)) = need {
                want(Need { model, what, span });
            }
        }
        atomics_64(function, module, function_info, &mut want);
        for argument in &function.arguments {
            if let Some(Binding::BuiltIn(builtin)) = argument.binding {
                if subgroup_builtin(builtin) {
                    let span = argument_span(function, argument);
                    want(Need {
                        model: ShaderModel::V6_0,
                        what: "subgroup (wave) built-ins",
                        span,
                    });
                } else if let BuiltIn::Barycentric { .. } = builtin {
                    let span = argument_span(function, argument);
                    want(Need {
                        model: ShaderModel::V6_1,
                        what: "barycentric coordinates (`SV_Barycentrics`)",
                        span,
                    });
                }
            }
        }
    }
    best.filter(|b| b.model > ShaderModel::V5_0)
}

/// Where `builtin` is read, for a located error about it: the first read of the global
/// naga's GLSL reader copies the entry-point argument into (the user's `gl_ViewIndex`),
/// else of the argument itself (WGSL).
pub fn builtin_span(module: &Module, builtin: BuiltIn) -> Span {
    let is_builtin = |f: &Function, h: Handle<Expression>| {
        matches!(f.expressions[h], Expression::FunctionArgument(i)
            if f.arguments.get(i as usize).is_some_and(|a| a.binding == Some(Binding::BuiltIn(builtin))))
    };
    // The globals an entry point stores the argument in.
    let mut globals = Vec::new();
    for ep in &module.entry_points {
        walk(&ep.function.body, &mut |statement, _| {
            if let Statement::Store { pointer, value } = *statement {
                if let Expression::GlobalVariable(g) = ep.function.expressions[pointer] {
                    if is_builtin(&ep.function, value) {
                        globals.push(g);
                    }
                }
            }
        });
    }
    let functions = crate::ir::all_functions(module);
    let mut reads = functions.flat_map(|f| {
        f.expressions.iter().filter_map(|(h, e)| {
            let read = match *e {
                Expression::GlobalVariable(g) => globals.contains(&g),
                _ => is_builtin(f, h),
            };
            read.then(|| f.expressions.get_span(h))
        })
    });
    reads.find(|span| span.is_defined()).unwrap_or_default()
}

/// The span of the first read of `argument` (arguments have no span of their own).
fn argument_span(function: &Function, argument: &naga::FunctionArgument) -> Span {
    let index = function
        .arguments
        .iter()
        .position(|a| std::ptr::eq(a, argument))
        .unwrap_or(usize::MAX) as u32;
    function
        .expressions
        .iter()
        .find(|(_, e)| matches!(e, Expression::FunctionArgument(i) if *i == index))
        .map(|(h, _)| function.expressions.get_span(h))
        .unwrap_or_default()
}

fn subgroup_builtin(builtin: BuiltIn) -> bool {
    matches!(
        builtin,
        BuiltIn::SubgroupSize
            | BuiltIn::SubgroupInvocationId
            | BuiltIn::NumSubgroups
            | BuiltIn::SubgroupId
    )
}

fn scalar_need(scalar: Option<Scalar>) -> Option<(ShaderModel, &'static str)> {
    let scalar = scalar?;
    match (scalar.kind, scalar.width) {
        (ScalarKind::Float, 2) => Some((ShaderModel::V6_2, "16-bit floats")),
        (ScalarKind::Sint | ScalarKind::Uint, 8) => Some((ShaderModel::V6_0, "64-bit integers")),
        _ => None,
    }
}

/// 64-bit atomics (6.6) in `function`: an atomic statement on a 64-bit value.
fn atomics_64(
    function: &Function,
    module: &Module,
    function_info: &naga::valid::FunctionInfo,
    want: &mut impl FnMut(Need),
) {
    walk(&function.body, &mut |statement, span| {
        if let Statement::Atomic { pointer, .. } = statement {
            let inner = function_info[*pointer].ty.inner_with(&module.types);
            let wide = match *inner {
                TypeInner::Pointer { base, .. } => module.types[base]
                    .inner
                    .scalar()
                    .is_some_and(|s| s.width == 8),
                _ => false,
            };
            if wide {
                want(Need {
                    model: ShaderModel::V6_6,
                    what: "64-bit atomics",
                    span,
                });
            }
        }
    });
}

/// Every statement of `block` and of the blocks nested in it.
pub(super) fn walk(block: &naga::Block, f: &mut dyn FnMut(&Statement, Span)) {
    for (statement, span) in block.span_iter() {
        f(statement, *span);
        match statement {
            Statement::Block(inner) => walk(inner, f),
            Statement::If { accept, reject, .. } => {
                walk(accept, f);
                walk(reject, f);
            }
            Statement::Switch { cases, .. } => {
                for case in cases {
                    walk(&case.body, f);
                }
            }
            Statement::Loop {
                body, continuing, ..
            } => {
                walk(body, f);
                walk(continuing, f);
            }
            _ => {}
        }
    }
}

/// Every function of `module` (the entry points' included) with its validation info.
pub(super) fn functions_with_info<'a>(
    module: &'a naga::Module,
    info: &'a naga::valid::ModuleInfo,
) -> impl Iterator<Item = (&'a naga::Function, &'a naga::valid::FunctionInfo)> {
    module.functions.iter().map(|(h, f)| (f, &info[h])).chain(
        module
            .entry_points
            .iter()
            .enumerate()
            .map(|(i, ep)| (&ep.function, info.get_entry_point(i))),
    )
}
