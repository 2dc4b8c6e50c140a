//! The two analyses of one buffer version. [`fast`]: compile the unsaved text and lint it
//! without costs (what `publishDiagnostics` waits for). [`costs`]: annotate it (SPIR-V after
//! `spirv-opt -O`) and measure the fixes (what hints, hovers and code-action labels read).
//! Both are plain functions of their input: the worker threads decide when they run.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use lsp_types::DiagnosticSeverity;

use super::convert::{self, ByUri};
use super::positions::{Encoding, LineIndex};
use super::settings::{Metric, Settings};
use crate::annotate::{AnnotateOptions, Annotation};
use crate::lint::config::Config;
use crate::lint::{Applicability, Finding, LintOptions};
use crate::pipeline::{self, Compilation, CompileOptions};
use crate::robustness::Preset;
use crate::shader::InputKind;

/// One version of one buffer, with what it needs to be analysed.
#[derive(Clone)]
pub struct Job {
    pub uri: String,
    pub version: i32,
    pub path: Option<PathBuf>,
    pub text: Arc<String>,
    /// Every open buffer by path: `#include` reads these before disk.
    pub unsaved: Arc<HashMap<PathBuf, String>>,
    pub settings: Settings,
    pub encoding: Encoding,
    /// The prism executable that runs ISA workers (`None`: no ISA measurement).
    pub isa_worker: Option<PathBuf>,
}

/// A fix as a code action offers it: byte edits in the document's own text.
#[derive(Clone, Debug)]
pub struct FixView {
    pub title: String,
    pub preferred: bool,
    pub edits: Vec<(std::ops::Range<usize>, String)>,
}

/// A finding in the document itself, with its diagnostic and its fix.
#[derive(Clone, Debug)]
pub struct FindingView {
    pub bytes: std::ops::Range<usize>,
    pub diagnostic: lsp_types::Diagnostic,
    pub fix: Option<FixView>,
}

/// What the fast path found.
pub struct Analysed {
    pub uri: String,
    pub version: i32,
    pub diagnostics: ByUri,
    pub findings: Vec<FindingView>,
    /// The compilation, handed on to the cost path (`None` when it failed).
    pub compilation: Option<Compiled>,
    /// Whether it compiled (costs will follow).
    pub compiled: bool,
}

/// A compiled version and the options it was linted with.
pub struct Compiled {
    pub compilation: Compilation,
    pub lint: LintOptions,
}

/// One line's cost, as hints and hovers show it.
#[derive(Clone, Debug)]
pub struct LineView {
    /// Zero-based line in the document.
    pub line: usize,
    pub spirv: u32,
    pub spirv_opt: Option<u32>,
    /// `B`, `S`, `H`, `L` marks in annotate's order.
    pub marks: String,
    /// The itemised inserted code, as `annotate` prints it.
    pub inserted: Vec<String>,
}

/// A function's span of lines and its totals.
#[derive(Clone, Debug)]
pub struct FunctionView {
    pub name: String,
    pub entry_point: bool,
    pub lines: std::ops::RangeInclusive<usize>,
    pub spirv: u32,
    pub spirv_opt: Option<u32>,
}

/// What the cost path found.
pub struct Costs {
    pub uri: String,
    pub version: i32,
    pub lines: Vec<LineView>,
    pub functions: Vec<FunctionView>,
    pub robustness: String,
    /// The findings again, with cost notes and measured fixes (`None` until measured).
    pub findings: Option<Vec<FindingView>>,
    /// Why there are no costs (a compile error, SPIR-V input, a shader too large).
    pub missing: Option<String>,
}

/// Compile and lint without costs: the diagnostics of one version.
pub fn fast(job: &Job) -> Analysed {
    let mut out = Analysed {
        uri: job.uri.clone(),
        version: job.version,
        diagnostics: ByUri::new(),
        findings: Vec::new(),
        compilation: None,
        compiled: false,
    };
    let mut root_diagnostics = Vec::new();
    if job.text.len() > super::MAX_DOCUMENT_BYTES {
        root_diagnostics.push(convert::whole_document(
            DiagnosticSeverity::WARNING,
            "E-SIZE",
            format!(
                "this buffer is {} MB; prism analyses buffers up to {} MB",
                job.text.len() / 1_000_000,
                super::MAX_DOCUMENT_BYTES / 1_000_000
            ),
        ));
        out.diagnostics.insert(job.uri.clone(), root_diagnostics);
        return out;
    }
    let (kind, stage) = match job
        .path
        .as_deref()
        .or(Some(std::path::Path::new(&job.uri)))
        .and_then(InputKind::from_path)
    {
        Some((kind, stage)) => (kind, stage),
        None => {
            out.diagnostics.insert(job.uri.clone(), Vec::new());
            return out;
        }
    };
    if kind == InputKind::Glsl && stage.is_none() {
        // `.glsl` without a stage is an include: its costs show in the shaders that include
        // it (open one of those).
        out.diagnostics.insert(job.uri.clone(), Vec::new());
        return out;
    }
    let (config, config_error) = load_config(job);
    if let Some(error) = config_error {
        root_diagnostics.push(convert::whole_document(
            DiagnosticSeverity::ERROR,
            "E-CONFIG",
            error,
        ));
    }
    let resolved = job.path.as_deref().map(|p| config.resolve(p));
    let mut options = CompileOptions::default();
    options.preprocess.unsaved = job.unsaved.clone();
    let configured = resolved.as_ref().and_then(|r| r.robustness);
    options.robustness.preset =
        configured.unwrap_or_else(|| Preset::default_for(kind, guess_dialect(kind, &job.text)));
    let compile = |options: &CompileOptions| match &job.path {
        Some(path) => pipeline::compile_path_text(path, &job.text, options),
        None => pipeline::compile_text(&job.uri, &job.text, kind, stage, options),
    };
    let mut result = compile(&options);
    if let (Ok(compilation), None) = (&result, configured) {
        // The guess from `#version` was wrong (a macro, a `#line`): compile under the
        // dialect's real default.
        let real = Preset::default_for(kind, compilation.parsed.dialect);
        if real != options.robustness.preset {
            options.robustness.preset = real;
            result = compile(&options);
        }
    }
    let compilation = match result {
        Ok(compilation) => compilation,
        Err(failure) => {
            out.diagnostics.insert(job.uri.clone(), root_diagnostics);
            for d in &failure.diagnostics {
                convert::diagnostic(
                    &failure.files,
                    0,
                    &job.uri,
                    d,
                    job.encoding,
                    &mut out.diagnostics,
                );
            }
            return out;
        }
    };
    let root = compilation.root;
    out.diagnostics.insert(job.uri.clone(), root_diagnostics);
    for warning in &compilation.parsed.warnings {
        convert::diagnostic(
            &compilation.files,
            root,
            &job.uri,
            warning,
            job.encoding,
            &mut out.diagnostics,
        );
    }
    let mut lint = LintOptions::default();
    if let Some(resolved) = &resolved {
        for layer in &resolved.layers {
            layer.apply(&mut lint);
        }
    }
    lint.targets = config.targets.clone();
    lint.gpus = job.settings.gpus(&config.gpus);
    lint.isa = job
        .isa_worker
        .as_ref()
        .map(|w| crate::isa::IsaOptions::new(w.clone()));
    let (report, _) =
        crate::lint::lint_with_costs(&compilation, &lint, crate::lint::CostNotes::Skip);
    out.findings = views(
        &compilation,
        &job.uri,
        &report.findings,
        job.encoding,
        &mut out.diagnostics,
    );
    out.compilation = Some(Compiled { compilation, lint });
    out.compiled = true;
    out
}

/// The findings in the document itself as views, every finding as a diagnostic.
fn views(
    compilation: &Compilation,
    uri: &str,
    findings: &[Finding],
    encoding: Encoding,
    diagnostics: &mut ByUri,
) -> Vec<FindingView> {
    let root = compilation.root;
    let text = &compilation.files.get(root).text;
    let index = LineIndex::new(text, encoding);
    let mut views = Vec::new();
    for finding in findings {
        let (file_uri, diagnostic) =
            convert::finding(&compilation.files, root, uri, finding, encoding);
        diagnostics
            .entry(file_uri)
            .or_default()
            .push(diagnostic.clone());
        let Some(loc) = finding.loc.filter(|l| l.file == root) else {
            continue;
        };
        let fix = finding.fix.as_ref().and_then(|fix| {
            if fix.edits.is_empty()
                || fix.applicability == Applicability::DisplayOnly
                || fix.edits.iter().any(|e| e.loc.file != root)
            {
                return None;
            }
            Some(FixView {
                title: fix_title(finding),
                preferred: fix.applicability == Applicability::Safe,
                edits: fix
                    .edits
                    .iter()
                    .map(|e| (e.loc.range(), e.replacement.clone()))
                    .collect(),
            })
        });
        let _ = &index;
        views.push(FindingView {
            bytes: loc.range(),
            diagnostic,
            fix,
        });
    }
    views
}

/// "use `>> 4`: vega10 22 → 18 instructions, spirv-opt 40 → 36 (IDX001)".
fn fix_title(finding: &Finding) -> String {
    let Some(fix) = &finding.fix else {
        return String::new();
    };
    let measured: Vec<String> = fix
        .measured
        .iter()
        .map(|m| match m.metric.strip_suffix(" Instructions") {
            Some(gpu) => format!("{gpu} {} → {} instructions", m.before, m.after),
            None => format!("{} {} → {}", m.metric, m.before, m.after),
        })
        .collect();
    let unsafe_note = if fix.applicability == Applicability::Unsafe {
        " (unsafe: may change behaviour)"
    } else {
        ""
    };
    if measured.is_empty() {
        format!("{}{unsafe_note} ({})", fix.message, finding.code)
    } else {
        format!(
            "{}: {}{unsafe_note} ({})",
            fix.message,
            measured.join(", "),
            finding.code
        )
    }
}

/// The nearest `prism.toml` (ignored for buffers without a path), and why it failed to load.
fn load_config(job: &Job) -> (Config, Option<String>) {
    let Some(found) = job.path.as_deref().and_then(Config::find) else {
        return (Config::default(), None);
    };
    match Config::load(&found) {
        Ok(config) => (config, None),
        Err(error) => (Config::default(), Some(error.to_string())),
    }
}

/// The GLSL dialect a `#version` line implies, before compiling (the preset must be chosen
/// first); `fast` checks it against the dialect the front end saw.
fn guess_dialect(kind: InputKind, text: &str) -> Option<crate::front::glsl::dialect::Dialect> {
    use crate::front::glsl::dialect::Dialect;
    if kind != InputKind::Glsl {
        return None;
    }
    let version = text.lines().map(str::trim).find_map(|l| {
        l.strip_prefix("#version")
            .or_else(|| l.strip_prefix("# version"))
    });
    Some(
        match version.map(|v| v.split_whitespace().collect::<Vec<_>>()) {
            None => Dialect::Es100,
            Some(words) => {
                let number: u32 = words.first().and_then(|n| n.parse().ok()).unwrap_or(100);
                match (number, words.get(1).copied()) {
                    (100, _) => Dialect::Es100,
                    (n, Some("es")) => Dialect::Es3(n),
                    (n, _) if n >= 400 => Dialect::Modern(n),
                    (n, _) => Dialect::Desktop(n),
                }
            }
        },
    )
}

/// Annotate (and, when `measure`, measure the fixes of) one compiled version.
pub fn costs(job: &Job, compiled: &Compiled, measure: bool) -> Costs {
    let compilation = &compiled.compilation;
    let mut out = Costs {
        uri: job.uri.clone(),
        version: job.version,
        lines: Vec::new(),
        functions: Vec::new(),
        robustness: crate::annotate::Robustness::of(&compilation.robustness).to_string(),
        findings: None,
        missing: None,
    };
    let optimize = job.settings.metric != Metric::Spirv;
    let annotation = if job.settings.metric == Metric::Off && !measure {
        None
    } else {
        let options = AnnotateOptions {
            targets: if compiled.lint.targets.is_empty() {
                AnnotateOptions::default().targets
            } else {
                compiled.lint.targets.clone()
            },
            optimize,
        };
        match crate::annotate::annotate(compilation, &options) {
            Ok(annotation) => Some(annotation),
            Err(diagnostic) => {
                out.missing = Some(diagnostic.message);
                None
            }
        }
    };
    if let Some(annotation) = &annotation {
        out.lines = line_views(compilation, annotation);
        out.functions = function_views(compilation, annotation);
    }
    if measure {
        let mut lint = compiled.lint.clone();
        lint.measure_fixes = true;
        let notes = match annotation {
            Some(annotation) => crate::lint::CostNotes::Given(Box::new(annotation)),
            None => crate::lint::CostNotes::Compute,
        };
        let (report, _) = crate::lint::lint_with_costs(compilation, &lint, notes);
        let mut ignored = ByUri::new();
        out.findings = Some(views(
            compilation,
            &job.uri,
            &report.findings,
            job.encoding,
            &mut ignored,
        ));
    }
    out
}

fn line_views(compilation: &Compilation, annotation: &Annotation) -> Vec<LineView> {
    let root_name = &compilation.files.get(compilation.root).name;
    annotation
        .lines
        .iter()
        .filter(|l| &l.file == root_name && l.line > 0)
        .map(|l| {
            let mut kinds: Vec<_> = l.inserted.iter().map(|i| i.kind).collect();
            kinds.sort();
            kinds.dedup();
            LineView {
                line: l.line as usize - 1,
                spirv: l.spirv.total,
                spirv_opt: l.spirv_opt.map(|c| c.total),
                marks: kinds.iter().map(|k| k.letter()).collect(),
                inserted: l
                    .inserted
                    .iter()
                    .map(|i| format!("{} {}: {} ×{}", i.target, i.kind.name(), i.what, i.count))
                    .collect(),
            }
        })
        .collect()
}

/// Each function's first and last line in the document (from its statements' spans), with
/// its totals from the annotation.
fn function_views(compilation: &Compilation, annotation: &Annotation) -> Vec<FunctionView> {
    let module = &compilation.parsed.module;
    let root = compilation.root;
    let file = compilation.files.get(root);
    let lines_of = |function: &naga::Function| {
        let mut lines = function
            .body
            .span_iter()
            .filter_map(|(_, span)| compilation.parsed.spans.to_user(*span))
            .filter(|loc| loc.file == root)
            .flat_map(|loc| {
                [
                    file.line_index(loc.start as usize),
                    file.line_index(loc.end as usize),
                ]
            });
        let first = lines.next()?;
        let (min, max) = lines.fold((first, first), |(a, b), l| (a.min(l), b.max(l)));
        Some(min..=max)
    };
    let total = |name: &str| {
        annotation
            .functions
            .iter()
            .find(|f| f.name == name && f.kind != "helper")
            .map(|f| (f.spirv, f.spirv_opt))
    };
    let mut views = Vec::new();
    let functions = module
        .functions
        .iter()
        .map(|(_, f)| (f.name.clone().unwrap_or_default(), false, f))
        .chain(
            module
                .entry_points
                .iter()
                .map(|ep| (ep.name.clone(), true, &ep.function)),
        );
    for (name, entry_point, function) in functions {
        let (Some(lines), Some((spirv, spirv_opt))) = (lines_of(function), total(&name)) else {
            continue;
        };
        views.push(FunctionView {
            name,
            entry_point,
            lines,
            spirv,
            spirv_opt,
        });
    }
    views
}
