//! `gl_ClipDistance` and `gl_CullDistance`: naga's GLSL reader declares them as arrays of no
//! size, which its validator rejects for an output (naga's IR has them as `f32` arrays of a
//! constant size of at most 8, written by vertex shaders). Sized the way glslang sizes them:
//!
//! - from the shader's redeclaration, `out float gl_ClipDistance[N];` or the member of an
//!   `out gl_PerVertex { ... };` block. Step 1 turns the size into a constant naga evaluates,
//!   `const int prism_clip_distances = int(N);`, and deletes a loose redeclaration (naga
//!   would read it as a user output);
//! - otherwise from the highest constant index used, plus one ("implicitly sized"). An index
//!   naga cannot evaluate at compile time then has no size to go by: an error, as in glslang
//!   ("array must be redeclared with a size before being indexed with a variable").
//!
//! Step 2 gives the global the sized type and rebuilds the entry point's output struct
//! around it. A fragment shader reading `gl_ClipDistance` is refused in step 1: naga's IR
//! has no clip-distance input.

use naga::{ArraySize, BuiltIn, Expression, Function, Handle, Literal, Module, Type, TypeInner};

use super::pass::{gen, Pass, Refused};
use crate::front::glsl::preprocess::TokenKind;
use crate::ir::all_functions;
use crate::shader::Stage;

/// The two built-ins: GLSL name, the constant step 1 declares for a redeclared size, naga's
/// built-in.
const ARRAYS: [(&str, &str, BuiltIn); 2] = [
    (
        "gl_ClipDistance",
        "prism_clip_distances",
        BuiltIn::ClipDistances,
    ),
    (
        "gl_CullDistance",
        "prism_cull_distances",
        BuiltIn::CullDistance,
    ),
];

/// gl_MaxClipDistances and gl_MaxCullDistances in glslang's default limits, and naga's
/// bound on these arrays.
const MAX: u32 = 8;

/// Step 1: fragment reads refused; redeclared sizes become constants.
pub(super) fn rewrite(pass: &mut Pass, stage: Stage) {
    let tokens = pass.tokens;
    let mut refused = [false; 2];
    let mut sized = [false; 2];
    for i in 0..tokens.len() {
        let t = &tokens[i];
        let Some(which) = ARRAYS.iter().position(|(name, ..)| t.is_ident(name)) else {
            continue;
        };
        if i > 0 && tokens[i - 1].is_punct(".") {
            continue;
        }
        let (name, constant, _) = ARRAYS[which];
        if stage == Stage::Fragment {
            if !refused[which] {
                refused[which] = true;
                pass.unsupported(
                    t.loc,
                    format!("not supported by prism: `{name}` in a fragment shader"),
                    "naga's IR has clip and cull distances only as vertex shader outputs",
                );
            }
            continue;
        }
        if stage != Stage::Vertex || i == 0 || !tokens[i - 1].is_ident("float") {
            continue; // a use, or a stage naga reports itself
        }
        // `float gl_ClipDistance [ N ] ;`, loose or in an `out gl_PerVertex` block.
        let Some(semi) = (i + 1..tokens.len()).find(|&k| tokens[k].is_punct(";")) else {
            continue;
        };
        let size = match (tokens.get(i + 1), tokens.get(semi - 1)) {
            (Some(open), Some(close)) if open.is_punct("[") && close.is_punct("]") => {
                &tokens[i + 2..semi - 1]
            }
            _ => &tokens[semi..semi],
        };
        let mut declare = Vec::new();
        if !size.is_empty() && !sized[which] {
            sized[which] = true;
            declare = gen(&format!("const int {constant} = int ("), t.loc);
            declare.extend_from_slice(size);
            declare.extend(gen(") ;", t.loc));
        }
        let start = declaration_start(pass, i - 1);
        let loose = start < i - 1;
        if loose {
            pass.replace(start, semi + 1, declare);
        } else if let Some(end) = block_end(pass, semi) {
            // The block goes in the dialect layer (naga declares gl_PerVertex): after it.
            pass.replace(end + 1, end + 1, declare);
        }
    }
}

/// The first qualifier (`out`, `in`, `invariant`, ...) before the type at `ty`, or `ty`
/// itself when none precede it (a block member).
fn declaration_start(pass: &Pass, ty: usize) -> usize {
    let mut start = ty;
    while start > 0 {
        let prev = &pass.tokens[start - 1];
        if prev.kind == TokenKind::Ident
            && matches!(
                prev.text.as_str(),
                "out" | "in" | "invariant" | "precise" | "highp" | "mediump" | "lowp"
            )
        {
            start -= 1;
        } else {
            break;
        }
    }
    start
}

/// The `;` that ends the block whose member ends at `member_end`.
fn block_end(pass: &Pass, member_end: usize) -> Option<usize> {
    let tokens = pass.tokens;
    let close = (member_end..tokens.len()).find(|&k| tokens[k].is_punct("}"))?;
    (close..tokens.len()).find(|&k| tokens[k].is_punct(";"))
}

/// Step 2: each array gets its size (see the module docs); returns how many were sized.
pub(super) fn lower(module: &mut Module) -> Result<usize, Refused> {
    let mut resized = Vec::new();
    for (name, constant, builtin) in ARRAYS {
        let declared = declared_size(module, constant)?;
        let Some((global, base)) = unsized_global(module, name) else {
            continue;
        };
        let size = size_of(module, global, name, declared)?;
        let Some(size) = std::num::NonZeroU32::new(size) else {
            continue; // size_of returns at least 1
        };
        let ty = module.types.insert(
            Type {
                name: None,
                inner: TypeInner::Array {
                    base,
                    size: ArraySize::Constant(size),
                    stride: 4,
                },
            },
            naga::Span::UNDEFINED,
        );
        module.global_variables[global].ty = ty;
        lengths(module, global, name, declared.map(|_| size.get()))?;
        resized.push((builtin, ty));
    }
    if !resized.is_empty() {
        resize_outputs(module, &resized);
    }
    Ok(resized.len())
}

/// The size step 1 declared as `const int NAME`, if any; the constant loses its name (so
/// that compaction drops it).
fn declared_size(module: &mut Module, name: &str) -> Result<Option<u32>, Refused> {
    let Some((handle, _)) = module
        .constants
        .iter()
        .find(|(_, c)| c.name.as_deref() == Some(name))
    else {
        return Ok(None);
    };
    let span = module.constants.get_span(handle);
    module.constants[handle].name = None;
    let init = module.constants[handle].init;
    match module.global_expressions[init] {
        Expression::Literal(Literal::I32(n)) if n > 0 && n as u32 <= MAX => Ok(Some(n as u32)),
        _ => Err(Refused::dialect(
            span,
            format!("the size of this array must be a constant from 1 to {MAX}"),
        )),
    }
}

/// The global naga's reader declared for `name` (an output of no size) and its element type.
fn unsized_global(
    module: &Module,
    name: &str,
) -> Option<(Handle<naga::GlobalVariable>, Handle<Type>)> {
    module.global_variables.iter().find_map(|(h, g)| {
        if g.name.as_deref() != Some(name) {
            return None;
        }
        match module.types[g.ty].inner {
            TypeInner::Array {
                base,
                size: ArraySize::Dynamic,
                ..
            } => Some((h, base)),
            _ => None,
        }
    })
}

/// The array's size: `declared`, or the highest constant index plus one. Every constant
/// index must fit it, and an index naga could not evaluate needs a declared size.
fn size_of(
    module: &Module,
    global: Handle<naga::GlobalVariable>,
    name: &str,
    declared: Option<u32>,
) -> Result<u32, Refused> {
    let mut highest: Option<(i64, naga::Span)> = None;
    for function in all_functions(module) {
        for (h, index) in indices(module, function, global) {
            let span = function.expressions.get_span(h);
            let Some(index) = index else {
                if declared.is_none() {
                    return Err(Refused::dialect(
                        span,
                        format!(
                            "`{name}` must be redeclared with a size before it is indexed with a variable (`out float {name}[N];`)"
                        ),
                    ));
                }
                continue;
            };
            let limit = i64::from(declared.unwrap_or(MAX));
            if index < 0 || index >= limit {
                return Err(Refused::dialect(
                    span,
                    format!("`{name}` index {index} out of range (0 to {})", limit - 1),
                ));
            }
            if highest.is_none_or(|(h, _)| index > h) {
                highest = Some((index, span));
            }
        }
    }
    match (declared, highest) {
        (Some(size), _) => Ok(size),
        (None, Some((index, _))) => Ok(index as u32 + 1),
        (None, None) => Err(Refused::dialect(
            module.global_variables.get_span(global),
            format!("`{name}` is used without an index or a redeclared size: its size is unknown"),
        )),
    }
}

/// `gl_ClipDistance.length()` (naga's reader asks for the run-time length of an array of no
/// size) is the declared size; glslang refuses it on an implicitly sized array.
fn lengths(
    module: &mut Module,
    global: Handle<naga::GlobalVariable>,
    name: &str,
    declared: Option<u32>,
) -> Result<(), Refused> {
    let functions = module
        .functions
        .iter_mut()
        .map(|(_, f)| f)
        .chain(module.entry_points.iter_mut().map(|e| &mut e.function));
    for function in functions {
        let found: Vec<_> = function
            .expressions
            .iter()
            .filter(|(_, e)| {
                let Expression::ArrayLength(mut p) = **e else {
                    return false;
                };
                if let Expression::Load { pointer } = function.expressions[p] {
                    p = pointer;
                }
                matches!(function.expressions[p], Expression::GlobalVariable(g) if g == global)
            })
            .map(|(h, _)| h)
            .collect();
        for h in found {
            let Some(size) = declared else {
                return Err(Refused::dialect(
                    function.expressions.get_span(h),
                    format!(
                        "`{name}.length()` needs a size: redeclare it (`out float {name}[N];`)"
                    ),
                ));
            };
            function.expressions[h] = Expression::Literal(Literal::U32(size));
            // A literal is never emitted: out of its `Emit`.
            let body = std::mem::take(&mut function.body);
            function.body = unemit(body, h, &function.expressions);
        }
    }
    Ok(())
}

/// `block` with `h` taken out of the `Emit` ranges that hold it (split in two).
fn unemit(
    block: naga::Block,
    h: Handle<Expression>,
    arena: &naga::Arena<Expression>,
) -> naga::Block {
    use naga::Statement as S;
    let i = h.index() as u32;
    let mut out = naga::Block::new();
    for (statement, span) in block.span_into_iter() {
        let statement = match statement {
            S::Emit(range) if range.index_range().contains(&i) => {
                let all = range.index_range();
                for part in [all.start..i, i + 1..all.end] {
                    if !part.is_empty() {
                        let part = naga::Range::from_index_range(part, arena);
                        out.push(S::Emit(part), span);
                    }
                }
                continue;
            }
            S::Block(inner) => S::Block(unemit(inner, h, arena)),
            S::If {
                condition,
                accept,
                reject,
            } => S::If {
                condition,
                accept: unemit(accept, h, arena),
                reject: unemit(reject, h, arena),
            },
            S::Loop {
                body,
                continuing,
                break_if,
            } => S::Loop {
                body: unemit(body, h, arena),
                continuing: unemit(continuing, h, arena),
                break_if,
            },
            S::Switch { selector, cases } => S::Switch {
                selector,
                cases: cases
                    .into_iter()
                    .map(|case| naga::SwitchCase {
                        body: unemit(case.body, h, arena),
                        ..case
                    })
                    .collect(),
            },
            other => other,
        };
        out.push(statement, span);
    }
    out
}

/// Every index into `global` in `function`: the expression and its value where constant.
fn indices(
    module: &Module,
    function: &Function,
    global: Handle<naga::GlobalVariable>,
) -> Vec<(Handle<Expression>, Option<i64>)> {
    let is_global = |e: Handle<Expression>| matches!(function.expressions[e], Expression::GlobalVariable(g) if g == global);
    function
        .expressions
        .iter()
        .filter_map(|(h, e)| match *e {
            Expression::AccessIndex { base, index } if is_global(base) => {
                Some((h, Some(i64::from(index))))
            }
            Expression::Access { base, index } if is_global(base) => {
                Some((h, constant_int(module, function, index)))
            }
            _ => None,
        })
        .collect()
}

/// The value of an integer expression naga evaluated at compile time.
fn constant_int(module: &Module, function: &Function, e: Handle<Expression>) -> Option<i64> {
    let literal = match function.expressions[e] {
        Expression::Literal(l) => l,
        Expression::Constant(c) => match module.global_expressions[module.constants[c].init] {
            Expression::Literal(l) => l,
            _ => return None,
        },
        _ => return None,
    };
    match literal {
        Literal::I32(v) => Some(i64::from(v)),
        Literal::U32(v) => Some(i64::from(v)),
        Literal::I64(v) => Some(v),
        Literal::U64(v) => i64::try_from(v).ok(),
        _ => None,
    }
}

/// The entry points' output structs held the arrays of no size: rebuild them with the sized
/// types (offsets as naga's reader lays them: one after the other).
fn resize_outputs(module: &mut Module, resized: &[(BuiltIn, Handle<Type>)]) {
    for index in 0..module.entry_points.len() {
        let Some(old) = module.entry_points[index]
            .function
            .result
            .as_ref()
            .map(|r| r.ty)
        else {
            continue;
        };
        let TypeInner::Struct { ref members, .. } = module.types[old].inner else {
            continue;
        };
        let mut members = members.clone();
        let mut changed = false;
        let mut span = 0;
        for member in members.iter_mut() {
            if let Some(naga::Binding::BuiltIn(b)) = member.binding {
                if let Some((_, ty)) = resized.iter().find(|(r, _)| *r == b) {
                    member.ty = *ty;
                    changed = true;
                }
            }
            member.offset = span;
            span += module.types[member.ty].inner.size(module.to_ctx());
        }
        if !changed {
            continue;
        }
        let name = module.types[old].name.clone();
        let new = module.types.insert(
            Type {
                name,
                inner: TypeInner::Struct { members, span },
            },
            naga::Span::UNDEFINED,
        );
        let function = &mut module.entry_points[index].function;
        if let Some(result) = function.result.as_mut() {
            result.ty = new;
        }
        for (_, e) in function.expressions.iter_mut() {
            if let Expression::Compose { ty, .. } = e {
                if *ty == old {
                    *ty = new;
                }
            }
        }
        // The old struct (an unsized array inside) would fail validation before compaction
        // drops it: a placeholder no one uses takes its place.
        module.types.replace(
            old,
            Type {
                name: Some(format!("prism_unsized_outputs_{}", old.index())),
                inner: TypeInner::Scalar(naga::Scalar::F32),
            },
        );
    }
}
