//! `prism compile --format json` (version 1), and the same with `--check`.
//!
//! Fields are in alphabetical order: both documents were first written through
//! `serde_json::Value`, whose keys sort, and their bytes are kept.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use schemars::JsonSchema;
use serde::Serialize;

use super::diagnostic::{self, JsonBinding, JsonDiagnostic};
use crate::back::{Output, Target};
use crate::check::CompileCheck;
use crate::diagnostic::Diagnostic;
use crate::pipeline::{Compilation, Failure};
use crate::shader::InputKind;

/// `prism compile --format json`: one entry per input, in the order given.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct CompileDocument {
    pub inputs: Vec<CompiledInput>,
    /// Always 1.
    #[schemars(extend("const" = 1))]
    pub version: u32,
}

/// One input: compiled (perhaps with targets that failed), or not.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum CompiledInput {
    Compiled(CompiledShader),
    Failed(FailedInput),
}

/// An input the front end rejected.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct FailedInput {
    pub diagnostics: Vec<JsonDiagnostic>,
    /// Always false.
    #[schemars(extend("const" = false))]
    pub ok: bool,
    pub path: String,
}

/// An input that compiled; `ok` is false when a target could not be written.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct CompiledShader {
    pub bindings: Vec<JsonBinding>,
    /// Warnings, then the targets' errors.
    pub diagnostics: Vec<JsonDiagnostic>,
    /// The GLSL dialect read, for GLSL inputs.
    pub dialect: Option<String>,
    pub entry_points: Vec<EntryPoint>,
    pub kind: InputKind,
    pub ok: bool,
    pub outputs: Vec<TargetOutput>,
    pub path: String,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct EntryPoint {
    pub name: String,
    /// `vertex`, `fragment`, `compute`, ...: naga's stage, lowercase.
    pub stage: String,
}

/// One target's output: inline (text targets, without `-o`) or written to `path`.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct TargetOutput {
    pub bytes: usize,
    pub code: Option<String>,
    pub path: Option<String>,
    pub target: Target,
}

impl CompiledInput {
    pub fn failed(input: &Path, failure: &Failure) -> Self {
        CompiledInput::Failed(FailedInput {
            diagnostics: diagnostic::diagnostics(&failure.files, &failure.diagnostics),
            ok: false,
            path: input.display().to_string(),
        })
    }

    /// `written`: the files `-o` wrote; `inline_code`: put text outputs in the document.
    pub fn compiled(
        input: &Path,
        compilation: &Compilation,
        outputs: &[(Target, Output)],
        written: &[(Target, PathBuf)],
        target_errors: &[Diagnostic],
        inline_code: bool,
    ) -> Self {
        let parsed = &compilation.parsed;
        let outputs = outputs
            .iter()
            .map(|(target, output)| TargetOutput {
                bytes: output.as_bytes().len(),
                code: inline_code
                    .then(|| output.as_text().map(str::to_string))
                    .flatten(),
                path: written
                    .iter()
                    .find(|(t, _)| t == target)
                    .map(|(_, p)| p.display().to_string()),
                target: *target,
            })
            .collect();
        let mut diagnostics = diagnostic::diagnostics(&compilation.files, &parsed.warnings);
        diagnostics.extend(diagnostic::diagnostics(&compilation.files, target_errors));
        CompiledInput::Compiled(CompiledShader {
            bindings: diagnostic::bindings(&compilation.files, &parsed.bindings),
            diagnostics,
            dialect: parsed.dialect.map(|d| d.describe()),
            entry_points: parsed
                .module
                .entry_points
                .iter()
                .map(|ep| EntryPoint {
                    name: ep.name.clone(),
                    stage: format!("{:?}", ep.stage).to_lowercase(),
                })
                .collect(),
            kind: parsed.kind,
            ok: target_errors.is_empty(),
            outputs,
            path: input.display().to_string(),
        })
    }
}

/// `prism compile --check --format json`: every shader under the inputs, and a summary.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct CompileCheckDocument {
    pub failed: usize,
    /// Failures counted by kind: the first diagnostic's code and its message without names.
    pub failures_by_kind: BTreeMap<String, usize>,
    pub ok: usize,
    pub shaders: Vec<ShaderResult>,
    pub targets: Vec<Target>,
    pub total: usize,
    /// Always 1.
    #[schemars(extend("const" = 1))]
    pub version: u32,
}

/// One shader's result in `--check`.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ShaderResult {
    pub diagnostics: Vec<JsonDiagnostic>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    pub ok: bool,
    pub path: String,
}

impl ShaderResult {
    pub fn of(check: &CompileCheck) -> Self {
        match &check.failure {
            None => ShaderResult {
                diagnostics: Vec::new(),
                kind: None,
                ok: true,
                path: check.path.clone(),
            },
            Some(failure) => ShaderResult {
                diagnostics: diagnostic::diagnostics(&failure.files, &failure.diagnostics),
                kind: Some(failure.kind.clone()),
                ok: false,
                path: check.path.clone(),
            },
        }
    }
}

impl CompileCheckDocument {
    pub fn new(targets: &[Target], checks: &[CompileCheck]) -> Self {
        let shaders: Vec<ShaderResult> = checks.iter().map(ShaderResult::of).collect();
        let failed = shaders.iter().filter(|r| !r.ok).count();
        let mut failures_by_kind: BTreeMap<String, usize> = BTreeMap::new();
        for kind in shaders.iter().filter_map(|r| r.kind.as_ref()) {
            *failures_by_kind.entry(kind.clone()).or_default() += 1;
        }
        CompileCheckDocument {
            failed,
            failures_by_kind,
            ok: shaders.len() - failed,
            total: shaders.len(),
            shaders,
            targets: targets.to_vec(),
            version: 1,
        }
    }
}
