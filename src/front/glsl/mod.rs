//! GLSL through the preprocessor, the dialect layer and naga's GLSL reader.
//!
//! naga reports several errors at once; each one is mapped back through the dialect layer's
//! [`OutputMap`](crate::front::glsl::dialect::OutputMap) to the user's file, so an error inside an
//! included file or a macro names that file and the line of the use.
//!
//! The subtree is the GLSL reader, and its imports run one way:
//! [`preprocess`] (directives, macros, includes) → [`dialect`] (WebGL / ES / desktop GLSL →
//! the Vulkan-flavoured GLSL naga reads, with a byte map back to the user's text, and the
//! [`atomics`] stubs it declares) → this file (naga's GLSL reader) → [`crate::front`].

pub mod atomics;
pub mod dialect;
pub mod intrinsics;
pub mod preprocess;
pub mod std430;

use codespan_reporting::diagnostic::Label;

use crate::diagnostic::Diagnostic;
use crate::front::spans::SpanMap;
use crate::shader::Stage;
use crate::source::{FileId, SourceFiles};
use dialect::Upgraded;
use preprocess::PreprocessOptions;

/// Preprocess and upgrade: the text naga will read, and how to map it back.
pub fn upgrade(
    files: &mut SourceFiles,
    root: FileId,
    stage: Stage,
    options: &PreprocessOptions,
) -> Result<Upgraded, Vec<Diagnostic>> {
    let mut options = options.clone();
    options.no_version_is_es = true;
    for (name, value) in predefined_extension_macros() {
        options
            .predefined
            .push((name.to_string(), value.to_string()));
    }
    let pre = preprocess::preprocess(files, root, &options)?;
    dialect::upgrade(files, &pre, stage)
}

/// Extensions prism's dialect layer understands; GLSL defines a macro for each supported one.
fn predefined_extension_macros() -> [(&'static str, &'static str); 6] {
    [
        ("GL_OES_standard_derivatives", "1"),
        ("GL_EXT_frag_depth", "1"),
        ("GL_EXT_draw_buffers", "1"),
        ("GL_EXT_shader_texture_lod", "1"),
        ("GL_GOOGLE_include_directive", "1"),
        ("GL_ARB_separate_shader_objects", "1"),
    ]
}

/// Run naga's GLSL reader on upgraded text.
pub fn parse(
    upgraded: &Upgraded,
    stage: Stage,
    root: FileId,
) -> Result<(naga::Module, SpanMap), Vec<Diagnostic>> {
    let spans = SpanMap::Mapped(upgraded.map.clone());
    let mut frontend = naga::front::glsl::Frontend::default();
    let options = naga::front::glsl::Options::from(stage.to_naga());
    match frontend.parse(&options, &upgraded.text) {
        Ok(module) => Ok((module, spans)),
        Err(errors) => Err(errors
            .errors
            .iter()
            .map(|err| {
                let loc = spans.to_user(err.meta);
                let labels = match loc {
                    Some(loc) => vec![Label::primary(loc.file, loc.range())],
                    None => vec![Label::primary(root, 0..0)],
                };
                Diagnostic::error()
                    .with_code("E-PARSE")
                    .with_message(intrinsics::user_message(&err.kind.to_string()))
                    .with_labels(labels)
            })
            .collect()),
    }
}

/// Lay the blocks the dialect layer read as std140 out by std430 again ([`std430`]); the
/// std140 types they leave unused go with `compact`.
pub fn relayout_std430(
    module: &mut naga::Module,
    text: &str,
    spans: &SpanMap,
    root: FileId,
) -> Result<(), Vec<Diagnostic>> {
    if std430::relayout(module, text) > 0 {
        // `compact` expects a valid module; report invalid ones the usual way first.
        crate::front::validate::validate(module, spans, root).map_err(|d| vec![d])?;
        naga::compact::compact(module, naga::compact::KeepUnused::No);
    }
    Ok(())
}

/// Turn the atomic stubs the dialect layer generated into naga atomics; drop the stubs.
pub fn lower_atomics(
    module: &mut naga::Module,
    spans: &SpanMap,
    root: FileId,
) -> Result<(), Vec<Diagnostic>> {
    match atomics::lower(module) {
        Ok(0) => Ok(()),
        Ok(_) => {
            // `compact` expects a valid module; report invalid ones the usual way first.
            crate::front::validate::validate(module, spans, root).map_err(|d| vec![d])?;
            naga::compact::compact(module, naga::compact::KeepUnused::No);
            Ok(())
        }
        Err(unlowered) => {
            let labels = match spans.to_user(unlowered.span) {
                Some(loc) => vec![Label::primary(loc.file, loc.range())],
                None => vec![Label::primary(root, 0..0)],
            };
            Err(vec![Diagnostic::error()
                .with_code(unlowered.code)
                .with_message(unlowered.reason)
                .with_labels(labels)])
        }
    }
}

/// Turn the stubs and markers [`intrinsics`] generated into the IR they stand for; drop the
/// stubs.
pub fn lower_intrinsics(
    module: &mut naga::Module,
    spans: &SpanMap,
    root: FileId,
) -> Result<(), Vec<Diagnostic>> {
    let refused = |refused: intrinsics::Refused| {
        let labels = match spans.to_user(refused.span) {
            Some(loc) => vec![Label::primary(loc.file, loc.range())],
            None => vec![Label::primary(root, 0..0)],
        };
        vec![Diagnostic::error()
            .with_code(refused.code)
            .with_message(refused.message)
            .with_labels(labels)]
    };
    let lowered = intrinsics::lower(module).map_err(refused)?
        + intrinsics::lower_subgroups(module)
        + intrinsics::lower_fragment(module)
        + intrinsics::lower_modf(module)
        + intrinsics::lower_f16(module)
        + intrinsics::lower_integer_texels(module);
    if lowered > 0 {
        crate::front::validate::validate(module, spans, root).map_err(|d| vec![d])?;
        naga::compact::compact(module, naga::compact::KeepUnused::No);
    }
    Ok(())
}

/// naga's GLSL reader turns `barrier()` into a barrier over every scope, subgroup included:
/// the WGSL it would write calls `subgroupBarrier()` (an extension most WGSL consumers
/// reject) and wgpu demands the subgroup capability (which lavapipe, WebGPU and many devices
/// do not grant). A workgroup barrier already orders every invocation of the workgroup, so
/// the subgroup bit adds nothing where the workgroup bit is set: drop it there.
pub fn narrow_barriers(module: &mut naga::Module) {
    let mut narrow = |block: &mut naga::Block| {
        for statement in block.iter_mut() {
            if let naga::Statement::ControlBarrier(flags) | naga::Statement::MemoryBarrier(flags) =
                statement
            {
                if flags.contains(naga::Barrier::WORK_GROUP) {
                    flags.remove(naga::Barrier::SUB_GROUP);
                }
            }
        }
    };
    for (_, function) in module.functions.iter_mut() {
        crate::ir::for_each_block_mut(&mut function.body, &mut narrow);
    }
    for entry in module.entry_points.iter_mut() {
        crate::ir::for_each_block_mut(&mut entry.function.body, &mut narrow);
    }
}

/// GLSL lets a function with a result reach its end without a `return` (the result is then
/// undefined; glslang and drivers accept it). naga's GLSL reader ends every path that falls
/// off the end with a `return;` of no value, which its validator refuses for such a function
/// ("The `return` expression None does not match the declared return type"). Those returns,
/// the ones naga added (they have no span; a `return;` the user wrote keeps its error), return
/// the zero value of the result type instead, and a warning says where.
pub fn return_zero_at_end(
    module: &mut naga::Module,
    spans: &SpanMap,
    root: FileId,
) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let mut patched = Vec::new();
    for (handle, function) in module.functions.iter_mut() {
        let Some(result) = &function.result else {
            continue;
        };
        let mut zero = None;
        let expressions = &mut function.expressions;
        let ty = result.ty;
        crate::ir::for_each_block_mut(&mut function.body, &mut |block: &mut naga::Block| {
            for (statement, span) in block.span_iter_mut() {
                let added_by_naga = span.is_none_or(|span| !span.is_defined());
                if let (naga::Statement::Return { value: None }, true) =
                    (&*statement, added_by_naga)
                {
                    let value = *zero.get_or_insert_with(|| {
                        expressions.append(naga::Expression::ZeroValue(ty), naga::Span::default())
                    });
                    *statement = naga::Statement::Return { value: Some(value) };
                }
            }
        });
        if zero.is_some() {
            patched.push((handle, function.name.clone().unwrap_or_default()));
        }
    }
    for (handle, name) in patched {
        let labels = match spans.to_user(module.functions.get_span(handle)) {
            Some(loc) => vec![Label::primary(loc.file, loc.range())],
            None => vec![Label::primary(root, 0..0)],
        };
        warnings.push(
            Diagnostic::warning()
                .with_code("W-DIALECT")
                .with_message(format!(
                    "function `{name}` can reach its end without returning a value; GLSL leaves the result undefined there, prism returns zero"
                ))
                .with_labels(labels),
        );
    }
    warnings
}

/// naga's GLSL reader declares every member of a named block as a global name too (as for an
/// anonymous block's members): every function starts by emitting an `AccessIndex` of the
/// block's variable per member, used only where a member is named bare. For an instance array
/// (`uniform L { vec4 a; vec4 b; bool c; } lights[2];`) that indexes the *array*: a block with
/// more members than the array has elements gets an index past its end, which naga's
/// validator refuses although nothing reads it. Such an expression, used by no other, becomes
/// the variable itself, and leaves its `Emit` (a global variable needs none).
pub fn drop_stray_block_lookups(module: &mut naga::Module) {
    use naga::{AddressSpace, ArraySize, Expression, TypeInner};
    let arrays: std::collections::HashMap<_, u32> = module
        .global_variables
        .iter()
        .filter(|(_, g)| {
            matches!(
                g.space,
                AddressSpace::Uniform | AddressSpace::Storage { .. }
            )
        })
        .filter_map(|(h, g)| match module.types[g.ty].inner {
            TypeInner::Array {
                size: ArraySize::Constant(n),
                ..
            } => Some((h, n.get())),
            _ => None,
        })
        .collect();
    if arrays.is_empty() {
        return;
    }
    let fix = |function: &mut naga::Function| {
        let mut stray: std::collections::HashSet<_> = function
            .expressions
            .iter()
            .filter(|(_, e)| match **e {
                Expression::AccessIndex { base, index } => matches!(
                    function.expressions[base],
                    Expression::GlobalVariable(g) if arrays.get(&g).is_some_and(|&n| index >= n)
                ),
                _ => false,
            })
            .map(|(h, _)| h)
            .collect();
        for (_, e) in function.expressions.iter() {
            match *e {
                Expression::Load { pointer: h }
                | Expression::AccessIndex { base: h, .. }
                | Expression::ArrayLength(h) => {
                    stray.remove(&h);
                }
                Expression::Access { base, .. } => {
                    stray.remove(&base);
                }
                _ => {}
            }
        }
        if stray.is_empty() {
            return;
        }
        for &h in &stray {
            if let Expression::AccessIndex { base, .. } = function.expressions[h] {
                function.expressions[h] = function.expressions[base].clone();
            }
        }
        unemit(&mut function.body, &stray);
    };
    for (_, function) in module.functions.iter_mut() {
        fix(function);
    }
    for entry in module.entry_points.iter_mut() {
        fix(&mut entry.function);
    }
}

/// `block` (and the blocks inside it) with `handles` left out of every `Emit`.
fn unemit(
    block: &mut naga::Block,
    handles: &std::collections::HashSet<naga::Handle<naga::Expression>>,
) {
    let mut out = naga::Block::with_capacity(block.len());
    for (statement, span) in std::mem::take(block).span_into_iter() {
        let mut statement = statement;
        match &mut statement {
            naga::Statement::Emit(range) => {
                let mut run: Option<(naga::Handle<_>, naga::Handle<_>)> = None;
                for h in range.clone() {
                    if handles.contains(&h) {
                        if let Some((first, last)) = run.take() {
                            let range = naga::Range::new_from_bounds(first, last);
                            out.push(naga::Statement::Emit(range), span);
                        }
                    } else {
                        run = Some(run.map_or((h, h), |(first, _)| (first, h)));
                    }
                }
                if let Some((first, last)) = run {
                    let range = naga::Range::new_from_bounds(first, last);
                    out.push(naga::Statement::Emit(range), span);
                }
                continue;
            }
            naga::Statement::Block(inner) => unemit(inner, handles),
            naga::Statement::If { accept, reject, .. } => {
                unemit(accept, handles);
                unemit(reject, handles);
            }
            naga::Statement::Loop {
                body, continuing, ..
            } => {
                unemit(body, handles);
                unemit(continuing, handles);
            }
            naga::Statement::Switch { cases, .. } => {
                for case in cases.iter_mut() {
                    unemit(&mut case.body, handles);
                }
            }
            _ => {}
        }
        out.push(statement, span);
    }
    *block = out;
}

/// Outside fragment shaders GLSL samples the base level where it names no level (a vertex
/// shader's `texture2D(s, uv)` in WebGL 1, `texture(s, uv)` in compute): there are no
/// derivatives to pick one. naga's GLSL reader keeps such a sample's level implicit, which its
/// validator forbids outside fragment shaders ("operations forbidden at this stage"): make it
/// the base level, as GLSL defines it.
pub fn base_level_outside_fragment(module: &mut naga::Module, stage: Stage) {
    if stage == Stage::Fragment {
        return;
    }
    let base_level = |function: &mut naga::Function| {
        for (_, expression) in function.expressions.iter_mut() {
            if let naga::Expression::ImageSample { level, .. } = expression {
                if matches!(level, naga::SampleLevel::Auto) {
                    *level = naga::SampleLevel::Zero;
                }
            }
        }
    };
    for (_, function) in module.functions.iter_mut() {
        base_level(function);
    }
    for entry in module.entry_points.iter_mut() {
        base_level(&mut entry.function);
    }
}
