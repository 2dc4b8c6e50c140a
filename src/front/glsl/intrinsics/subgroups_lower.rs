//! Subgroup operations, step 2 (step 1 is [`super::subgroups`]): each call of a leaf stub
//! becomes naga's subgroup statement, and each built-in global
//! is filled from a built-in argument of every entry point. The caller compacts the module
//! afterwards, so the leaf stubs (then uncalled) go.

use naga::{
    Binding, Block, BuiltIn, CollectiveOperation, Direction, Expression, Function,
    FunctionArgument, GatherMode, Handle, Module, Span, Statement, SubgroupOperation, Type,
};

use super::lower::rewrite_statements;
use super::subgroups::{builtin_global, BUILTINS};

/// What a leaf stub stands for.
#[derive(Clone, Copy)]
enum Leaf {
    Collective(SubgroupOperation, CollectiveOperation),
    Ballot,
    /// A gather whose mode is built from the index argument.
    Gather(fn(Handle<Expression>) -> GatherMode),
    /// A gather without an index.
    Fixed(GatherMode),
}

fn leaf_of(glsl: &str) -> Option<Leaf> {
    use CollectiveOperation::{ExclusiveScan, InclusiveScan, Reduce};
    use SubgroupOperation as Op;
    let collective = |op, c| Some(Leaf::Collective(op, c));
    match glsl {
        "subgroupAdd" => collective(Op::Add, Reduce),
        "subgroupMul" => collective(Op::Mul, Reduce),
        "subgroupMin" => collective(Op::Min, Reduce),
        "subgroupMax" => collective(Op::Max, Reduce),
        "subgroupAnd" => collective(Op::And, Reduce),
        "subgroupOr" => collective(Op::Or, Reduce),
        "subgroupXor" => collective(Op::Xor, Reduce),
        "subgroupAll" => collective(Op::All, Reduce),
        "subgroupAny" => collective(Op::Any, Reduce),
        "subgroupInclusiveAdd" => collective(Op::Add, InclusiveScan),
        "subgroupInclusiveMul" => collective(Op::Mul, InclusiveScan),
        "subgroupExclusiveAdd" => collective(Op::Add, ExclusiveScan),
        "subgroupExclusiveMul" => collective(Op::Mul, ExclusiveScan),
        "subgroupBallot" => Some(Leaf::Ballot),
        "subgroupBroadcastFirst" => Some(Leaf::Fixed(GatherMode::BroadcastFirst)),
        "subgroupBroadcast" => Some(Leaf::Gather(GatherMode::Broadcast)),
        "subgroupShuffle" => Some(Leaf::Gather(GatherMode::Shuffle)),
        "subgroupShuffleXor" => Some(Leaf::Gather(GatherMode::ShuffleXor)),
        "subgroupShuffleUp" => Some(Leaf::Gather(GatherMode::ShuffleUp)),
        "subgroupShuffleDown" => Some(Leaf::Gather(GatherMode::ShuffleDown)),
        "subgroupQuadBroadcast" => Some(Leaf::Gather(GatherMode::QuadBroadcast)),
        "subgroupQuadSwapHorizontal" => Some(Leaf::Fixed(GatherMode::QuadSwap(Direction::X))),
        "subgroupQuadSwapVertical" => Some(Leaf::Fixed(GatherMode::QuadSwap(Direction::Y))),
        "subgroupQuadSwapDiagonal" => Some(Leaf::Fixed(GatherMode::QuadSwap(Direction::Diagonal))),
        _ => None,
    }
}

/// A leaf stub: its handle, what it stands for, its result type.
type Stub = (Handle<Function>, Leaf, Option<Handle<Type>>);

/// Step 2; returns how many changes were made.
pub fn lower(module: &mut Module) -> usize {
    let stubs: Vec<Stub> = module
        .functions
        .iter()
        .filter_map(|(h, f)| {
            let name = f
                .name
                .as_deref()?
                .strip_prefix(super::subgroups::LEAF_PREFIX)?;
            let leaf = leaf_of(name)?;
            // The `bool` overloads of `And`, `Shuffle`, ... share the leaf's name but are
            // functions of the `uint` leaf: only `All`, `Any` and `Ballot` take a `bool`.
            let takes_bool = f.arguments.first().is_some_and(|a| {
                module.types[a.ty].inner.scalar_kind() == Some(naga::ScalarKind::Bool)
            });
            let bool_leaf = matches!(
                leaf,
                Leaf::Ballot | Leaf::Collective(SubgroupOperation::All | SubgroupOperation::Any, _)
            );
            if takes_bool && !bool_leaf {
                return None;
            }
            Some((h, leaf, f.result.as_ref().map(|r| r.ty)))
        })
        .collect();
    let mut count = 0;
    if !stubs.is_empty() {
        for (h, function) in module.functions.iter_mut() {
            if stubs.iter().all(|s| s.0 != h) {
                count += lower_block(&mut function.body, &mut function.expressions, &stubs);
            }
        }
        for entry in module.entry_points.iter_mut() {
            let function = &mut entry.function;
            count += lower_block(&mut function.body, &mut function.expressions, &stubs);
        }
    }
    count + builtins(module)
}

fn lower_block(
    block: &mut Block,
    expressions: &mut naga::Arena<Expression>,
    stubs: &[Stub],
) -> usize {
    rewrite_statements(block, &mut |statement| {
        let Statement::Call {
            function,
            arguments,
            result,
        } = statement
        else {
            return 0;
        };
        let Some(&(_, leaf, ty)) = stubs.iter().find(|s| s.0 == *function) else {
            return 0;
        };
        match lower_call(leaf, ty, arguments, *result, expressions) {
            Some(lowered) => {
                *statement = lowered;
                1
            }
            None => 0,
        }
    })
}

/// The statement a leaf call becomes (`None`: not the shape step 1 wrote; left alone, and
/// the validator names the stub's call).
fn lower_call(
    leaf: Leaf,
    ty: Option<Handle<Type>>,
    arguments: &[Handle<Expression>],
    result: Option<Handle<Expression>>,
    expressions: &mut naga::Arena<Expression>,
) -> Option<Statement> {
    let ty = ty?;
    let mut result_of = |e: Expression| match result {
        Some(r) => {
            expressions[r] = e;
            r
        }
        None => expressions.append(e, Span::UNDEFINED),
    };
    Some(match (leaf, arguments) {
        (Leaf::Collective(op, collective_op), &[argument]) => {
            Statement::SubgroupCollectiveOperation {
                op,
                collective_op,
                argument,
                result: result_of(Expression::SubgroupOperationResult { ty }),
            }
        }
        (Leaf::Ballot, &[predicate]) => Statement::SubgroupBallot {
            result: result_of(Expression::SubgroupBallotResult),
            predicate: Some(predicate),
        },
        (Leaf::Fixed(mode), &[argument]) => Statement::SubgroupGather {
            mode,
            argument,
            result: result_of(Expression::SubgroupOperationResult { ty }),
        },
        (Leaf::Gather(make), &[argument, index]) => Statement::SubgroupGather {
            mode: make(index),
            argument,
            result: result_of(Expression::SubgroupOperationResult { ty }),
        },
        _ => return None,
    })
}

fn builtin_of(glsl: &str) -> BuiltIn {
    match glsl {
        "gl_SubgroupSize" => BuiltIn::SubgroupSize,
        "gl_SubgroupInvocationID" => BuiltIn::SubgroupInvocationId,
        "gl_NumSubgroups" => BuiltIn::NumSubgroups,
        _ => BuiltIn::SubgroupId,
    }
}

/// Each built-in global: an argument of every entry point, stored into the global first.
fn builtins(module: &mut Module) -> usize {
    let mut count = 0;
    for &glsl in BUILTINS {
        let global_name = builtin_global(glsl);
        let Some((global, ty)) = module
            .global_variables
            .iter()
            .find(|(_, g)| g.name.as_deref() == Some(global_name.as_str()))
            .map(|(h, g)| (h, g.ty))
        else {
            continue;
        };
        // The outputs name it as GLSL does.
        module.global_variables[global].name = Some(glsl.to_string());
        for entry in module.entry_points.iter_mut() {
            let function = &mut entry.function;
            let index = function.arguments.len() as u32;
            function.arguments.push(FunctionArgument {
                name: Some(glsl.to_string()),
                ty,
                binding: Some(Binding::BuiltIn(builtin_of(glsl))),
            });
            let pointer = function
                .expressions
                .append(Expression::GlobalVariable(global), Span::UNDEFINED);
            let value = function
                .expressions
                .append(Expression::FunctionArgument(index), Span::UNDEFINED);
            let mut body = Block::with_capacity(function.body.len() + 1);
            body.push(Statement::Store { pointer, value }, Span::UNDEFINED);
            body.extend_block(std::mem::take(&mut function.body));
            function.body = body;
        }
        count += 1;
    }
    count
}
