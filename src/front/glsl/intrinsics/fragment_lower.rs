//! Fragment built-ins, step 2 (step 1 is [`super::fragment`]): the sample mask globals
//! become the entry point's `SampleMask` argument and result member, the barycentric globals
//! its `Barycentric` arguments; the depth layout markers become the entry point's
//! conservative depth.

use naga::{
    Binding, Block, BuiltIn, ConservativeDepth, EarlyDepthTest, Expression, FunctionArgument,
    Handle, Module, Scalar, ScalarKind, Span, Statement, StructMember, Type, TypeInner,
};

use super::fragment::{depth_marker, mask_global, BARYCENTRICS, DEPTH_LAYOUTS};

/// Step 2; returns how many changes were made.
pub fn lower(module: &mut Module) -> usize {
    sample_mask_in(module) + sample_mask_out(module) + depth_layout(module) + barycentrics(module)
}

/// `prism_gl_BaryCoord*EXT = coordinates` first, from a new `Barycentric` argument.
fn barycentrics(module: &mut Module) -> usize {
    let mut count = 0;
    // The `EXT` names; the `NV` ones share their globals.
    for &(name, global_name, perspective) in BARYCENTRICS.iter().filter(|b| b.0.ends_with("EXT")) {
        let Some(global) = module
            .global_variables
            .iter()
            .find(|(_, g)| g.name.as_deref() == Some(global_name))
            .map(|(h, _)| h)
        else {
            continue;
        };
        let ty = module.global_variables[global].ty;
        let span = first_use(module, global);
        // naga's reader names the global at its declaration (the stubs, at the top): what the
        // writers say about the built-in then points at the user's first use instead.
        for (_, function) in module.functions.iter_mut() {
            respan_global(function, global, span);
        }
        let builtin = BuiltIn::Barycentric { perspective };
        for entry in module.entry_points.iter_mut() {
            let function = &mut entry.function;
            let index = function.arguments.len() as u32;
            function.arguments.push(FunctionArgument {
                name: Some(name.into()),
                ty,
                binding: Some(Binding::BuiltIn(builtin)),
            });
            let e = &mut function.expressions;
            let pointer = e.append(Expression::GlobalVariable(global), span);
            let value = e.append(Expression::FunctionArgument(index), span);
            let mut body = Block::with_capacity(function.body.len() + 1);
            body.push(Statement::Store { pointer, value }, span);
            body.extend_block(std::mem::take(&mut function.body));
            function.body = body;
        }
        count += 1;
    }
    count
}

fn global_named(module: &Module, name: &str) -> Option<Handle<naga::GlobalVariable>> {
    let name = mask_global(name);
    module
        .global_variables
        .iter()
        .find(|(_, g)| g.name.as_deref() == Some(name.as_str()))
        .map(|(h, _)| h)
}

fn u32_type(module: &mut Module) -> Handle<Type> {
    module.types.insert(
        Type {
            name: None,
            inner: TypeInner::Scalar(Scalar::U32),
        },
        Span::UNDEFINED,
    )
}

/// `function` with every `GlobalVariable(global)` expression at `span`.
fn respan_global(function: &mut naga::Function, global: Handle<naga::GlobalVariable>, span: Span) {
    let names = |e: &Expression| matches!(e, Expression::GlobalVariable(g) if *g == global);
    if !span.is_defined() || !function.expressions.iter().any(|(_, e)| names(e)) {
        return;
    }
    let mut expressions = naga::Arena::new();
    for (_, expression, old) in std::mem::take(&mut function.expressions).drain() {
        let at = if names(&expression) { span } else { old };
        expressions.append(expression, at);
    }
    function.expressions = expressions;
}

/// The span of the first use of `global` (the user's first `gl_BaryCoordEXT`), for what the
/// writers say about the argument that stands for it.
fn first_use(module: &Module, global: Handle<naga::GlobalVariable>) -> Span {
    let functions = module.functions.iter().map(|(_, f)| f);
    functions
        .chain(module.entry_points.iter().map(|e| &e.function))
        .flat_map(|f| {
            // A read or an access through it (naga's reader names every global at the start
            // of each function, at its declaration).
            let is_global = |h: Handle<Expression>| {
                matches!(f.expressions[h], Expression::GlobalVariable(g) if g == global)
            };
            f.expressions
                .iter()
                .filter(move |(_, e)| match **e {
                    Expression::Load { pointer } => is_global(pointer),
                    Expression::AccessIndex { base, .. } | Expression::Access { base, .. } => {
                        is_global(base)
                    }
                    _ => false,
                })
                .map(|(h, _)| f.expressions.get_span(h))
        })
        .find(|span| *span != Span::UNDEFINED)
        .unwrap_or_default()
}

/// `prism_gl_SampleMaskIn[0] = int(mask)` first, from a new `SampleMask` argument.
fn sample_mask_in(module: &mut Module) -> usize {
    let Some(global) = global_named(module, "gl_SampleMaskIn") else {
        return 0;
    };
    module.global_variables[global].name = Some("gl_SampleMaskIn".into());
    let ty = u32_type(module);
    for entry in module.entry_points.iter_mut() {
        let function = &mut entry.function;
        let index = function.arguments.len() as u32;
        function.arguments.push(FunctionArgument {
            name: Some("gl_SampleMaskIn".into()),
            ty,
            binding: Some(Binding::BuiltIn(BuiltIn::SampleMask)),
        });
        let e = &mut function.expressions;
        let base = e.append(Expression::GlobalVariable(global), Span::UNDEFINED);
        let argument = e.append(Expression::FunctionArgument(index), Span::UNDEFINED);
        let first = e.len();
        let pointer = e.append(Expression::AccessIndex { base, index: 0 }, Span::UNDEFINED);
        let value = e.append(
            Expression::As {
                expr: argument,
                kind: ScalarKind::Sint,
                convert: None,
            },
            Span::UNDEFINED,
        );
        let mut body = Block::with_capacity(function.body.len() + 2);
        body.push(Statement::Emit(e.range_from(first)), Span::UNDEFINED);
        body.push(Statement::Store { pointer, value }, Span::UNDEFINED);
        body.extend_block(std::mem::take(&mut function.body));
        function.body = body;
    }
    1
}

/// Every `return` of the entry point also returns `uint(prism_gl_SampleMask[0])` as its
/// `SampleMask` member.
fn sample_mask_out(module: &mut Module) -> usize {
    let Some(global) = global_named(module, "gl_SampleMask") else {
        return 0;
    };
    module.global_variables[global].name = Some("gl_SampleMask".into());
    let mask_ty = u32_type(module);
    let mut count = 0;
    for index in 0..module.entry_points.len() {
        let old = module.entry_points[index]
            .function
            .result
            .as_ref()
            .map(|r| r.ty);
        let (mut members, span) = match old.map(|ty| &module.types[ty].inner) {
            Some(TypeInner::Struct { members, span }) => (members.clone(), *span),
            None => (Vec::new(), 0),
            Some(_) => continue, // naga's reader always returns a struct
        };
        let offset = span.next_multiple_of(4);
        members.push(StructMember {
            name: Some("gl_SampleMask".into()),
            ty: mask_ty,
            binding: Some(Binding::BuiltIn(BuiltIn::SampleMask)),
            offset,
        });
        let ty = module.types.insert(
            Type {
                name: None,
                inner: TypeInner::Struct {
                    members,
                    span: offset + 4,
                },
            },
            Span::UNDEFINED,
        );
        let function = &mut module.entry_points[index].function;
        function.result = Some(naga::FunctionResult { ty, binding: None });
        let body = std::mem::take(&mut function.body);
        let mut out = Block::with_capacity(body.len() + 1);
        for (statement, span) in body.span_into_iter() {
            let Statement::Return { value } = statement else {
                out.push(statement, span);
                continue;
            };
            let mut components = match value.map(|v| &function.expressions[v]) {
                Some(Expression::Compose { components, .. }) => components.clone(),
                None => Vec::new(),
                Some(_) => {
                    out.push(Statement::Return { value }, span);
                    continue;
                }
            };
            let e = &mut function.expressions;
            let base = e.append(Expression::GlobalVariable(global), Span::UNDEFINED);
            let first = e.len();
            let pointer = e.append(Expression::AccessIndex { base, index: 0 }, Span::UNDEFINED);
            let load = e.append(Expression::Load { pointer }, Span::UNDEFINED);
            components.push(e.append(
                Expression::As {
                    expr: load,
                    kind: ScalarKind::Uint,
                    convert: None,
                },
                Span::UNDEFINED,
            ));
            let compose = e.append(Expression::Compose { ty, components }, Span::UNDEFINED);
            out.push(Statement::Emit(e.range_from(first)), span);
            out.push(
                Statement::Return {
                    value: Some(compose),
                },
                span,
            );
            count += 1;
        }
        function.body = out;
    }
    count.max(1)
}

/// The marker of a depth layout qualifier becomes the fragment entry's conservative depth
/// (an `early_fragment_tests` layout, which forces early tests, stays).
fn depth_layout(module: &mut Module) -> usize {
    let Some(qualifier) = DEPTH_LAYOUTS.iter().find(|q| {
        let marker = depth_marker(q);
        module
            .functions
            .iter()
            .any(|(_, f)| f.name.as_deref() == Some(marker.as_str()))
    }) else {
        return 0;
    };
    let conservative = match *qualifier {
        "depth_greater" => Some(ConservativeDepth::GreaterEqual),
        "depth_less" => Some(ConservativeDepth::LessEqual),
        "depth_unchanged" => Some(ConservativeDepth::Unchanged),
        _ => None, // depth_any: no promise
    };
    for entry in module.entry_points.iter_mut() {
        if entry.stage == naga::ShaderStage::Fragment && entry.early_depth_test.is_none() {
            entry.early_depth_test =
                conservative.map(|conservative| EarlyDepthTest::Allow { conservative });
        }
    }
    1
}
