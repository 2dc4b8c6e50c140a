//! The lint run: every enabled rule over one compiled shader, each behind its own panic
//! boundary; findings resolved (severity, the user's file, line and column, the cost note),
//! sorted, de-duplicated, filtered by inline suppressions, and their fixes measured.

use crate::lint::codes::{rule_by_code, RULES, UNUSED_SUPPRESSION};
use crate::lint::context::Context;
use crate::lint::finding::{Category, Finding, LintReport, Severity, Violation};
use crate::lint::options::LintOptions;
use crate::lint::rule::Rule;
use crate::lint::{fix, suppress};
use crate::pipeline::Compilation;
use crate::source::SourceFiles;

/// Run the enabled rules over one compiled shader.
pub fn lint(compilation: &Compilation, options: &LintOptions) -> LintReport {
    lint_with_costs(compilation, options, CostNotes::Compute).0
}

/// Where the per-line costs behind cost notes and fix measurements come from.
pub enum CostNotes {
    /// None: cost findings go without their cost note and nothing runs `spirv-opt`
    /// (milliseconds, not a second, on a 500-line shader).
    Skip,
    /// `annotate` the shader (with `spirv-opt -O`) on first use.
    Compute,
    /// An annotation of this same compilation, computed earlier.
    Given(Box<crate::annotate::Annotation>),
}

/// [`lint`], also handing back the per-line costs its cost notes and fix measurements were
/// computed from, so that a caller who shows both (the language server) compiles and
/// annotates once. The annotation is `None` when it was skipped or could not be made.
pub fn lint_with_costs(
    compilation: &Compilation,
    options: &LintOptions,
    costs: CostNotes,
) -> (LintReport, Option<crate::annotate::Annotation>) {
    let context = Context::new(compilation, &options.targets);
    let context = match costs {
        CostNotes::Skip => context.with_costs(None),
        CostNotes::Compute => context,
        CostNotes::Given(annotation) => context.with_costs(Some(*annotation)),
    };
    let mut findings = Vec::new();
    for rule in RULES.iter().filter(|r| options.enabled(r)) {
        let mut violations = Vec::new();
        // A rule is IR analysis over a third-party data structure: a panic in one rule is a
        // bug to report, not a reason to lose the other rules' findings.
        let ran = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            (rule.check)(&context, &mut violations)
        }));
        if ran.is_err() {
            findings.push(internal_finding(compilation, rule));
            continue;
        }
        for violation in violations {
            findings.push(resolve(&context, rule, options.severity(rule), violation));
        }
    }
    sort_findings(&mut findings);
    findings.dedup_by(|a, b| a.code == b.code && a.loc == b.loc && a.message == b.message);
    let (mut findings, suppressed, unused) =
        suppress::apply(&compilation.files, findings, |code| {
            rule_by_code(code).is_some()
        });
    if options.enabled(UNUSED_SUPPRESSION) {
        let severity = options.severity(UNUSED_SUPPRESSION);
        // A code of a rule that did not run may be in use: only unknown codes and codes of
        // rules that ran are reported.
        for (violation, code) in unused {
            if rule_by_code(&code).is_none_or(|rule| options.enabled(rule)) {
                findings.push(resolve(&context, UNUSED_SUPPRESSION, severity, violation));
            }
        }
        sort_findings(&mut findings);
    }
    if options.measure_fixes {
        fix::measure_all(&context, &mut findings, options);
    }
    let report = LintReport {
        input: compilation.name().to_string(),
        robustness: crate::annotate::Robustness::of(&compilation.robustness).to_string(),
        findings,
        suppressed,
    };
    (report, context.annotation().cloned())
}

fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (
            a.file.as_str(),
            a.line,
            a.column,
            a.code.as_str(),
            &a.message,
        )
            .cmp(&(
                b.file.as_str(),
                b.line,
                b.column,
                b.code.as_str(),
                &b.message,
            ))
    });
}

fn internal_finding(compilation: &Compilation, rule: &Rule) -> Finding {
    Finding {
        code: rule.code.to_string(),
        rule: rule.name.to_string(),
        severity: Severity::Warning,
        category: rule.category,
        message: format!(
            "internal error in rule {} on this shader (a bug in prism; please report it with the input)",
            rule.code
        ),
        file: compilation.name().to_string(),
        line: 0,
        column: 0,
        end_line: 0,
        end_column: 0,
        notes: Vec::new(),
        fix: None,
        loc: None,
    }
}

fn resolve(context: &Context, rule: &Rule, severity: Severity, violation: Violation) -> Finding {
    let files = &context.compilation.files;
    let (file, (line, column), (end_line, end_column)) = match violation.loc {
        Some(loc) => (
            display_name(files, loc.file, context.compilation.root),
            one_based(files, loc.file, loc.start as usize),
            one_based(files, loc.file, loc.end as usize),
        ),
        None => (context.compilation.name().to_string(), (0, 0), (0, 0)),
    };
    let mut notes = violation.notes;
    if rule.category == Category::Cost {
        if let Some(cost) = violation.loc.and_then(|loc| context.line_cost_note(loc)) {
            notes.insert(0, cost);
        }
    }
    Finding {
        code: rule.code.to_string(),
        rule: rule.name.to_string(),
        severity,
        category: rule.category,
        message: violation.message,
        file,
        line,
        column,
        end_line,
        end_column,
        notes,
        fix: violation.fix,
        loc: violation.loc,
    }
}

/// How a finding names its file: the shader as the user named it; an included file by its
/// path relative to the working directory (the `#include` spelling is no path a CI annotation
/// or an editor can open).
fn display_name(files: &SourceFiles, file: usize, root: usize) -> String {
    let source = files.get(file);
    match (&source.path, file == root) {
        (Some(path), false) => std::env::current_dir()
            .ok()
            .and_then(|cwd| cwd.canonicalize().ok())
            .and_then(|cwd| path.strip_prefix(cwd).ok().map(|p| p.to_path_buf()))
            .unwrap_or_else(|| path.clone())
            .display()
            .to_string(),
        _ => source.name.clone(),
    }
}

fn one_based(files: &SourceFiles, file: usize, offset: usize) -> (u32, u32) {
    let (line, column) = files.get(file).line_col(offset);
    (line as u32, column as u32)
}
