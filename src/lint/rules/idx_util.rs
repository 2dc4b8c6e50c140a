//! Helpers shared by the `IDX` rules: which float-to-int conversions an index is computed
//! from and what literal it is a multiple of (both followed into every caller: an index is
//! often computed in the caller and used in a callee), what an `Access` indexes, and the
//! user's text of an index and its guard.

use naga::proc::BoundsCheckPolicy;
use naga::{ArraySize, Expression, Function, Handle, ScalarKind, TypeInner};

use crate::front::span_repair as spans;
use crate::lint::analysis::FunctionView;
use crate::lint::Context;

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

/// A policy's name for messages: the one spelling `robustness::Policy` gives it everywhere.
pub fn policy_short(policy: BoundsCheckPolicy) -> &'static str {
    crate::robustness::Policy::from(policy).name()
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
