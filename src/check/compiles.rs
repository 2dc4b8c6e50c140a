//! `prism compile --check`: does a shader compile, and does every target write it? GLSL
//! is written once per entry point when the module has several; SPIR-V also goes through
//! spirv-val. In: a path, [`CompileOptions`] and the targets; out: a [`CompileCheck`], whose
//! failure carries the files its diagnostics need and a kind to count failures by.

use std::path::Path;

use crate::back::Target;
use crate::diagnostic::Diagnostic;
use crate::pipeline::{compile_path, Compilation, CompileOptions};
use crate::source::SourceFiles;

/// One shader's result.
pub struct CompileCheck {
    /// As found (`display()`).
    pub path: String,
    pub failure: Option<CompileFailure>,
}

/// Why a shader failed, with what rendering its diagnostics needs.
pub struct CompileFailure {
    pub files: SourceFiles,
    pub diagnostics: Vec<Diagnostic>,
    /// The first diagnostic's code and message without names: see `failure_kind`.
    pub kind: String,
}

impl CompileFailure {
    fn new(files: SourceFiles, diagnostics: Vec<Diagnostic>) -> Self {
        CompileFailure {
            kind: failure_kind(&diagnostics),
            files,
            diagnostics,
        }
    }
}

/// Compile `path` and write every target.
pub fn check_compiles(path: &Path, options: &CompileOptions, targets: &[Target]) -> CompileCheck {
    let name = path.display().to_string();
    let failure = match compile_path(path, options) {
        Err(failure) => Some(CompileFailure::new(failure.files, failure.diagnostics)),
        Ok(compilation) => {
            let errors = target_errors(&compilation, targets);
            (!errors.is_empty()).then(|| {
                let Compilation { files, .. } = compilation;
                CompileFailure::new(files, errors)
            })
        }
    };
    CompileCheck {
        path: name,
        failure,
    }
}

fn target_errors(compilation: &Compilation, targets: &[Target]) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let mut jobs = Vec::new();
    for &target in targets {
        let one_at_a_time = target == Target::Glsl && compilation.entry.is_none();
        if one_at_a_time && compilation.parsed.module.entry_points.len() > 1 {
            jobs.extend(
                compilation
                    .entry_points()
                    .into_iter()
                    .map(|e| (target, Some(e))),
            );
        } else {
            jobs.push((target, compilation.entry.clone()));
        }
    }
    for (target, entry) in jobs {
        // SPIR-V that fails spirv-val is already an `E-SPIRV-VAL` error here: `back::spirv`
        // validates every module it writes.
        if let Err(diagnostic) = compilation.emit_entry(target, entry.as_ref()) {
            errors.push(diagnostic);
        }
    }
    errors
}

/// A failure's kind for the summary: its code and its message with names and numbers
/// taken out, so that `Unknown function 'atomicAdd'` and `... 'atomicMin'` count together.
fn failure_kind(diagnostics: &[Diagnostic]) -> String {
    let Some(first) = diagnostics.first() else {
        return "unknown".into();
    };
    let code = first.code.clone().unwrap_or_else(|| "E-UNKNOWN".into());
    let mut message = String::new();
    let mut quote: Option<char> = None;
    for c in first.message.chars() {
        match (quote, c) {
            (None, '`' | '\'' | '"') => {
                quote = Some(c);
                message.push('…');
            }
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, ':') => break,
            (None, c) => message.push(c),
        }
    }
    format!("{code} {}", message.trim())
}
