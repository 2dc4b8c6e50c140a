//! The 16-bit overloads of built-ins the dialect layer declared (`dialect::f16`), after
//! naga's parse: the body of each one that is a single naga math function (`dot`, `mix`,
//! `clamp`, ...) becomes that function on the 16-bit arguments, scalars splatted where the
//! GLSL overload takes one for a vector (`clamp(v, lo, hi)`). The others (`mod`, `isnan`,
//! comparisons, packing, derivatives, `inverse`, ...) keep their bodies, which convert to
//! `float` and back. The caller compacts the module, so the overloads nobody calls go.

use naga::{
    Arena, Block, Expression, Function, Handle, MathFunction, Module, Span, Statement, TypeInner,
};

use crate::front::glsl::dialect::f16::MARKER;

/// The naga math function a built-in is, with how many arguments (`None`: keep the body).
fn math_of(name: &str, args: usize, vector: bool) -> Option<MathFunction> {
    use MathFunction as Mf;
    Some(match (name, args) {
        ("abs", 1) => Mf::Abs,
        ("sign", 1) => Mf::Sign,
        ("floor", 1) => Mf::Floor,
        ("ceil", 1) => Mf::Ceil,
        ("fract", 1) => Mf::Fract,
        ("trunc", 1) => Mf::Trunc,
        ("round" | "roundEven", 1) => Mf::Round,
        ("sqrt", 1) => Mf::Sqrt,
        ("inversesqrt", 1) => Mf::InverseSqrt,
        ("exp", 1) => Mf::Exp,
        ("exp2", 1) => Mf::Exp2,
        ("log", 1) => Mf::Log,
        ("log2", 1) => Mf::Log2,
        ("sin", 1) => Mf::Sin,
        ("cos", 1) => Mf::Cos,
        ("tan", 1) => Mf::Tan,
        ("asin", 1) => Mf::Asin,
        ("acos", 1) => Mf::Acos,
        ("atan", 1) => Mf::Atan,
        ("atan", 2) => Mf::Atan2,
        ("sinh", 1) => Mf::Sinh,
        ("cosh", 1) => Mf::Cosh,
        ("tanh", 1) => Mf::Tanh,
        ("asinh", 1) => Mf::Asinh,
        ("acosh", 1) => Mf::Acosh,
        ("atanh", 1) => Mf::Atanh,
        ("radians", 1) => Mf::Radians,
        ("degrees", 1) => Mf::Degrees,
        ("pow", 2) => Mf::Pow,
        ("min", 2) => Mf::Min,
        ("max", 2) => Mf::Max,
        ("step", 2) => Mf::Step,
        ("clamp", 3) => Mf::Clamp,
        ("mix", 3) => Mf::Mix,
        ("smoothstep", 3) => Mf::SmoothStep,
        ("fma", 3) => Mf::Fma,
        ("cross", 2) => Mf::Cross,
        ("transpose", 1) => Mf::Transpose,
        ("determinant", 1) => Mf::Determinant,
        // naga's geometric functions take vectors only; the scalar overloads keep their body.
        ("normalize", 1) if vector => Mf::Normalize,
        ("length", 1) if vector => Mf::Length,
        ("distance", 2) if vector => Mf::Distance,
        ("dot", 2) if vector => Mf::Dot,
        ("reflect", 2) if vector => Mf::Reflect,
        ("faceforward", 3) if vector => Mf::FaceForward,
        ("refract", 3) if vector => Mf::Refract,
        _ => return None,
    })
}

/// Lower the overloads' bodies; how many overloads the module has (so that the caller
/// compacts away the unused ones).
pub fn lower(module: &mut Module) -> usize {
    let mut count = 0;
    for (_, function) in module.functions.iter_mut() {
        if function.arguments.first().and_then(|a| a.name.as_deref()) != Some(MARKER) {
            continue;
        }
        count += 1;
        let inner = |h: Handle<naga::Type>| &module.types[h].inner;
        let size = |inner: &TypeInner| match *inner {
            TypeInner::Vector { size, .. } => Some(size),
            _ => None,
        };
        let Some(result) = function.result.as_ref().map(|r| r.ty) else {
            continue;
        };
        let any_vector = function
            .arguments
            .iter()
            .any(|a| size(inner(a.ty)).is_some());
        let only_floats = function
            .arguments
            .iter()
            .all(|a| inner(a.ty).scalar_kind() == Some(naga::ScalarKind::Float));
        let name = function.name.clone().unwrap_or_default();
        let Some(fun) = math_of(&name, function.arguments.len(), any_vector) else {
            continue;
        };
        if !only_floats {
            continue;
        }
        let splat_to = size(inner(result));
        let scalar_args: Vec<bool> = function
            .arguments
            .iter()
            .map(|a| matches!(inner(a.ty), TypeInner::Scalar(_)))
            .collect();
        rebuild(function, fun, splat_to, &scalar_args);
    }
    count
}

/// `function`'s body becomes `return fun(args)`, each scalar argument splatted to
/// `splat_to` (refract's `eta` stays a scalar).
fn rebuild(
    function: &mut Function,
    fun: MathFunction,
    splat_to: Option<naga::VectorSize>,
    scalar_args: &[bool],
) {
    let span = Span::UNDEFINED;
    let mut expressions = Arena::new();
    let args: Vec<Handle<Expression>> = (0..scalar_args.len() as u32)
        .map(|i| expressions.append(Expression::FunctionArgument(i), span))
        .collect();
    let mut first_emitted = None;
    let mut operands = Vec::new();
    for (k, &arg) in args.iter().enumerate() {
        let keep_scalar = fun == MathFunction::Refract && k == 2;
        let operand = match splat_to {
            Some(size) if scalar_args[k] && !keep_scalar => {
                let splat = expressions.append(Expression::Splat { size, value: arg }, span);
                first_emitted.get_or_insert(splat);
                splat
            }
            _ => arg,
        };
        operands.push(operand);
    }
    let math = expressions.append(
        Expression::Math {
            fun,
            arg: operands[0],
            arg1: operands.get(1).copied(),
            arg2: operands.get(2).copied(),
            arg3: None,
        },
        span,
    );
    let first = first_emitted.unwrap_or(math);
    let mut body = Block::new();
    body.push(
        Statement::Emit(naga::Range::new_from_bounds(first, math)),
        span,
    );
    body.push(Statement::Return { value: Some(math) }, span);
    function.expressions = expressions;
    function.local_variables = Arena::new();
    function.named_expressions.clear();
    function.body = body;
}
