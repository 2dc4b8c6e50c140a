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
        + intrinsics::lower_modf(module);
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
    fn walk(block: &mut naga::Block) {
        for statement in block.iter_mut() {
            match statement {
                naga::Statement::ControlBarrier(flags) | naga::Statement::MemoryBarrier(flags)
                    if flags.contains(naga::Barrier::WORK_GROUP) =>
                {
                    flags.remove(naga::Barrier::SUB_GROUP);
                }
                naga::Statement::Block(inner) => walk(inner),
                naga::Statement::If { accept, reject, .. } => {
                    walk(accept);
                    walk(reject);
                }
                naga::Statement::Loop {
                    body, continuing, ..
                } => {
                    walk(body);
                    walk(continuing);
                }
                naga::Statement::Switch { cases, .. } => {
                    for case in cases.iter_mut() {
                        walk(&mut case.body);
                    }
                }
                _ => {}
            }
        }
    }
    for (_, function) in module.functions.iter_mut() {
        walk(&mut function.body);
    }
    for entry in module.entry_points.iter_mut() {
        walk(&mut entry.function.body);
    }
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
