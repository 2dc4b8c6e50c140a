//! A small builder for the helper functions the polyfills add: it appends expressions to a
//! fresh [`naga::Function`] and keeps the `Emit` statements naga's validator wants (one
//! `Emit` per run of expressions that need emitting; literals and arguments need none).

use naga::{
    Block, Expression, Function, FunctionArgument, FunctionResult, Handle, Literal, Scalar,
    ScalarKind, Span, Statement, Type, TypeInner, UniqueArena,
};

pub struct FnBuilder {
    fun: Function,
    /// First and last expression of the run not yet covered by an `Emit`.
    run: Option<(Handle<Expression>, Handle<Expression>)>,
}

impl FnBuilder {
    pub fn new(name: &str, args: &[Handle<Type>], result: Handle<Type>) -> Self {
        let fun = Function {
            name: Some(name.to_string()),
            arguments: args
                .iter()
                .enumerate()
                .map(|(i, &ty)| FunctionArgument {
                    name: Some(format!("arg{i}")),
                    ty,
                    binding: None,
                })
                .collect(),
            result: Some(FunctionResult {
                ty: result,
                binding: None,
            }),
            ..Function::default()
        };
        FnBuilder { fun, run: None }
    }

    /// The `i`th argument's value.
    pub fn arg(&mut self, i: u32) -> Handle<Expression> {
        self.expr(Expression::FunctionArgument(i))
    }

    /// Append `expr`; expressions that need it are emitted in order.
    pub fn expr(&mut self, expr: Expression) -> Handle<Expression> {
        let pre_emitted = expr.needs_pre_emit();
        if pre_emitted {
            self.flush();
        }
        let handle = self.fun.expressions.append(expr, Span::UNDEFINED);
        if !pre_emitted {
            self.run = Some(match self.run {
                Some((first, _)) => (first, handle),
                None => (handle, handle),
            });
        }
        handle
    }

    /// A float literal of `scalar`'s width (f32 or f64; [`float_name`] admits no other).
    pub fn float(&mut self, scalar: Scalar, value: f64) -> Handle<Expression> {
        let literal = match scalar.width {
            8 => Literal::F64(value),
            _ => Literal::F32(value as f32),
        };
        self.expr(Expression::Literal(literal))
    }

    pub fn binary(
        &mut self,
        op: naga::BinaryOperator,
        left: Handle<Expression>,
        right: Handle<Expression>,
    ) -> Handle<Expression> {
        self.expr(Expression::Binary { op, left, right })
    }

    pub fn index(&mut self, base: Handle<Expression>, index: u32) -> Handle<Expression> {
        self.expr(Expression::AccessIndex { base, index })
    }

    fn flush(&mut self) {
        if let Some((first, last)) = self.run.take() {
            self.fun.body.push(
                Statement::Emit(naga::Range::new_from_bounds(first, last)),
                Span::UNDEFINED,
            );
        }
    }

    /// Return `value` and hand the function over.
    pub fn finish(mut self, value: Handle<Expression>) -> Function {
        self.flush();
        self.fun
            .body
            .push(Statement::Return { value: Some(value) }, Span::UNDEFINED);
        self.fun
    }
}

/// The handle of `inner` in `types`, added if it is not there yet.
pub fn type_handle(types: &mut UniqueArena<Type>, inner: TypeInner) -> Handle<Type> {
    types.insert(Type { name: None, inner }, Span::UNDEFINED)
}

/// Short name of a float scalar for helper names: `f32`, `f64` (f16 helpers are not built).
pub fn float_name(scalar: Scalar) -> Option<&'static str> {
    match (scalar.kind, scalar.width) {
        (ScalarKind::Float, 4) => Some("f32"),
        (ScalarKind::Float, 8) => Some("f64"),
        _ => None,
    }
}

/// Walk `block` and every block nested in it, outermost first.
pub fn for_each_block(block: &mut Block, f: &mut dyn FnMut(&mut Block)) {
    f(block);
    for statement in block.iter_mut() {
        match statement {
            Statement::Block(inner) => for_each_block(inner, f),
            Statement::If { accept, reject, .. } => {
                for_each_block(accept, f);
                for_each_block(reject, f);
            }
            Statement::Switch { cases, .. } => {
                for case in cases {
                    for_each_block(&mut case.body, f);
                }
            }
            Statement::Loop {
                body, continuing, ..
            } => {
                for_each_block(body, f);
                for_each_block(continuing, f);
            }
            _ => {}
        }
    }
}
