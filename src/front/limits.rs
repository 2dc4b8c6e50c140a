//! Limits on what prism hands to naga's writers: a shader past them gets an error, not a
//! stack overflow.
//!
//! naga's text writers (HLSL, MSL, GLSL, WGSL) print an expression by recursing into its
//! operands, down to the nearest one they store in a temporary. A 10 000-term sum written on
//! one line is one such chain, and overflowed a 256 MiB stack in a debug build (`prism
//! compile`, HLSL writer). The text readers accept it: bracket nesting is limited in
//! `dialect::items`, but `a + b + c + …` has no brackets.

use naga::{Expression, Function, Handle};

use crate::diagnostic::{error_at, Diagnostic};
use crate::front::spans::SpanMap;
use crate::source::{FileId, Loc};

/// The longest chain of operands a writer may print inline from one statement. Real shaders
/// stay far below (the deepest in prism's fixtures is under 40; a loop of 1100 iterations
/// unrolled by `spirv-opt -O` reaches 1099); at this depth the deepest recursion found (the
/// HLSL writer, about 25 KiB a level in a debug build) needs 50 MiB of the 256 MiB that
/// prism's main and worker threads have.
pub const MAX_EXPRESSION_DEPTH: usize = 2048;

/// The deepest statement nesting accepted: naga's writers recurse once per nested block, and
/// nesting needs no braces (naga's GLSL reader turns `a ? b : c ? d : …` into nested `if`s;
/// SPIR-V input has no text at all).
pub const MAX_STATEMENT_DEPTH: usize = 1024;

/// The direct operands of an expression.
pub fn operands(expression: &Expression) -> Vec<Handle<Expression>> {
    use Expression as E;
    match *expression {
        E::Access { base, index } => vec![base, index],
        E::AccessIndex { base, .. } => vec![base],
        E::Splat { value, .. } => vec![value],
        E::Swizzle { vector, .. } => vec![vector],
        E::Compose { ref components, .. } => components.clone(),
        E::Load { pointer } => vec![pointer],
        E::ImageSample {
            image,
            sampler,
            coordinate,
            array_index,
            offset,
            level,
            depth_ref,
            ..
        } => {
            let mut v = vec![image, sampler, coordinate];
            v.extend(array_index);
            v.extend(offset);
            v.extend(depth_ref);
            match level {
                naga::SampleLevel::Exact(h) | naga::SampleLevel::Bias(h) => v.push(h),
                naga::SampleLevel::Gradient { x, y } => v.extend([x, y]),
                _ => {}
            }
            v
        }
        E::ImageLoad {
            image,
            coordinate,
            array_index,
            sample,
            level,
        } => {
            let mut v = vec![image, coordinate];
            v.extend(array_index);
            v.extend(sample);
            v.extend(level);
            v
        }
        E::ImageQuery { image, query } => {
            let mut v = vec![image];
            if let naga::ImageQuery::Size { level: Some(level) } = query {
                v.push(level);
            }
            v
        }
        E::Unary { expr, .. } | E::As { expr, .. } | E::Derivative { expr, .. } => vec![expr],
        E::Binary { left, right, .. } => vec![left, right],
        E::Select {
            condition,
            accept,
            reject,
        } => vec![condition, accept, reject],
        E::Relational { argument, .. } => vec![argument],
        E::Math {
            arg,
            arg1,
            arg2,
            arg3,
            ..
        } => std::iter::once(arg)
            .chain(arg1)
            .chain(arg2)
            .chain(arg3)
            .collect(),
        E::ArrayLength(h) => vec![h],
        E::RayQueryVertexPositions { query, .. } | E::RayQueryGetIntersection { query, .. } => {
            vec![query]
        }
        E::CooperativeLoad { ref data, .. } => vec![data.pointer, data.stride],
        E::CooperativeMultiplyAdd { a, b, c } => vec![a, b, c],
        E::Literal(_)
        | E::Constant(_)
        | E::Override(_)
        | E::ZeroValue(_)
        | E::FunctionArgument(_)
        | E::GlobalVariable(_)
        | E::LocalVariable(_)
        | E::CallResult(_)
        | E::AtomicResult { .. }
        | E::WorkGroupUniformLoadResult { .. }
        | E::RayQueryProceedResult
        | E::SubgroupBallotResult
        | E::SubgroupOperationResult { .. } => Vec::new(),
    }
}

/// The deepest inline chain of one function, and the expression at its end. A chain stops at
/// an operand the writers store in a temporary: a named one (`let`, a GLSL local's value),
/// or one used at least [`Expression::bake_ref_count`] times.
fn deepest_chain(
    function: &Function,
    info: &naga::valid::FunctionInfo,
) -> Option<(usize, Handle<Expression>)> {
    // The arena lists operands before their users, so one forward pass sees every operand's
    // depth before it is needed.
    let mut depth = vec![0usize; function.expressions.len()];
    let mut deepest = None;
    for (handle, expression) in function.expressions.iter() {
        let inline = |h: Handle<Expression>| {
            let stored = function.named_expressions.contains_key(&h)
                || info[h].ref_count >= function.expressions[h].bake_ref_count();
            if stored {
                0
            } else {
                depth.get(h.index()).copied().unwrap_or(0)
            }
        };
        let d = 1 + operands(expression)
            .into_iter()
            .map(inline)
            .max()
            .unwrap_or(0);
        depth[handle.index()] = d;
        if deepest.is_none_or(|(best, _)| d > best) {
            deepest = Some((d, handle));
        }
    }
    deepest
}

/// The deepest statement nesting of a block (the block itself is depth 1), and a span at
/// that depth. Iterative: the point is not to recurse.
fn deepest_block(body: &naga::Block) -> (usize, naga::Span) {
    use naga::Statement as S;
    let mut deepest = (0, naga::Span::UNDEFINED);
    let mut stack: Vec<(&naga::Block, usize)> = vec![(body, 1)];
    while let Some((block, depth)) = stack.pop() {
        if depth > deepest.0 {
            let span = block.span_iter().map(|(_, s)| *s).next();
            deepest = (depth, span.unwrap_or(deepest.1));
        }
        for statement in block.iter() {
            match statement {
                S::Block(inner) => stack.push((inner, depth + 1)),
                S::If { accept, reject, .. } => {
                    stack.push((accept, depth + 1));
                    stack.push((reject, depth + 1));
                }
                S::Switch { cases, .. } => {
                    stack.extend(cases.iter().map(|case| (&case.body, depth + 1)));
                }
                S::Loop {
                    body, continuing, ..
                } => {
                    stack.push((body, depth + 1));
                    stack.push((continuing, depth + 1));
                }
                _ => {}
            }
        }
    }
    deepest
}

/// Refuse a module with an expression chain deeper than [`MAX_EXPRESSION_DEPTH`] or blocks
/// nested deeper than [`MAX_STATEMENT_DEPTH`], pointing at the deepest place.
pub fn check_expression_depth(
    module: &naga::Module,
    info: &naga::valid::ModuleInfo,
    spans: &SpanMap,
    root: FileId,
) -> Result<(), Diagnostic> {
    let functions = module
        .functions
        .iter()
        .map(|(handle, function)| (function, &info[handle]))
        .chain(
            module
                .entry_points
                .iter()
                .enumerate()
                .map(|(i, ep)| (&ep.function, info.get_entry_point(i))),
        );
    let at_span = |span: naga::Span| spans.to_user(span).unwrap_or_else(|| Loc::new(root, 0..0));
    for (function, function_info) in functions {
        let (depth, span) = deepest_block(&function.body);
        if depth > MAX_STATEMENT_DEPTH {
            return Err(error_at(
                "E-LIMIT",
                format!(
                    "statements nested {depth} deep: more than prism compiles \
                     ({MAX_STATEMENT_DEPTH}); split the function"
                ),
                at_span(span),
                "the deepest block starts here",
            ));
        }
        let Some((depth, at)) = deepest_chain(function, function_info) else {
            continue;
        };
        if depth > MAX_EXPRESSION_DEPTH {
            let loc = at_span(function.expressions.get_span(at));
            return Err(error_at(
                "E-LIMIT",
                format!(
                    "an expression {depth} operations deep: more than prism compiles \
                     ({MAX_EXPRESSION_DEPTH}); split it with intermediate variables"
                ),
                loc,
                "the deepest operation ends here",
            ));
        }
    }
    Ok(())
}
