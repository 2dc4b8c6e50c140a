//! `--fix`: the applicable fixes applied in passes, re-compiling and re-linting after each,
//! until none is left.

use std::path::{Path, PathBuf};

use crate::back::Target;
use crate::lint::engine::lint;
use crate::lint::finding::{Applicability, Edit, Finding};
use crate::lint::fix::edits::apply_edits;
use crate::lint::options::LintOptions;
use crate::pipeline::{self, Compilation, CompileOptions, Failure};
use crate::source::FileId;

/// The most passes `fix_path` makes; a rule whose fix re-creates its own finding stops here.
pub const MAX_PASSES: usize = 10;

/// One fix `fix_path` applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Applied {
    pub code: String,
    pub message: String,
    /// One-based line of the finding, in the text the pass started from.
    pub line: u32,
}

/// The outcome of fixing one file.
#[derive(Clone, Debug)]
pub struct Fixed {
    pub path: PathBuf,
    pub original: String,
    pub fixed: String,
    pub applied: Vec<Applied>,
    /// Why fixing stopped before nothing applicable was left, if it did.
    pub stopped: Option<String>,
}

impl Fixed {
    pub fn changed(&self) -> bool {
        self.original != self.fixed
    }
}

fn applicable(finding: &Finding, root: FileId, allow_unsafe: bool) -> bool {
    finding.fix.as_ref().is_some_and(|fix| {
        let trusted = match fix.applicability {
            Applicability::Safe => true,
            Applicability::Unsafe => allow_unsafe,
            Applicability::DisplayOnly => false,
        };
        trusted && !fix.edits.is_empty() && fix.edits.iter().all(|e| e.loc.file == root)
    })
}

/// Which targets a compilation can be written to.
fn writable_targets(compilation: &Compilation) -> Vec<Target> {
    Target::ALL
        .iter()
        .copied()
        .filter(|t| compilation.emit(*t).is_ok())
        .collect()
}

/// Apply the applicable fixes to the file at `path`, in passes, without writing anything.
pub fn fix_path(
    path: &Path,
    compile_options: &CompileOptions,
    lint_options: &LintOptions,
    allow_unsafe: bool,
) -> Result<Fixed, Failure> {
    let first = pipeline::compile_path(path, compile_options)?;
    let original = first.files.get(first.root).text.clone();
    let targets = writable_targets(&first);
    let mut fixed = Fixed {
        path: path.to_path_buf(),
        original: original.clone(),
        fixed: original,
        applied: Vec::new(),
        stopped: None,
    };
    let mut compilation = first;
    for pass in 0.. {
        if pass == MAX_PASSES {
            fixed.stopped = Some(format!(
                "still finding fixes after {MAX_PASSES} passes; stopped"
            ));
            break;
        }
        let report = lint(&compilation, lint_options);
        let root = compilation.root;
        let chosen: Vec<&Finding> = report
            .findings
            .iter()
            .filter(|f| applicable(f, root, allow_unsafe))
            .collect();
        if chosen.is_empty() {
            break;
        }
        // All at once first (one compile); when that fails, one finding at a time, so one
        // bad edit does not hold back the others.
        let (text, taken) = apply_findings(&fixed.fixed, &chosen);
        if taken.is_empty() || text == fixed.fixed {
            break;
        }
        let (text, next, taken) = match check_rewrite(path, &text, compile_options, &targets) {
            Ok(next) => (text, next, taken),
            Err(why) => {
                let mut current = fixed.fixed.clone();
                let mut kept = Vec::new();
                let mut last = None;
                for &i in &taken {
                    let (candidate, one) = apply_findings(&current, &chosen[i..=i]);
                    if one.is_empty() {
                        continue;
                    }
                    if let Ok(next) = check_rewrite(path, &candidate, compile_options, &targets) {
                        current = candidate;
                        kept.push(i);
                        last = Some(next);
                    }
                }
                let Some(next) = last else {
                    fixed.stopped = Some(format!("{why}; those fixes were not applied"));
                    break;
                };
                if kept.len() < taken.len() {
                    fixed.stopped = Some(format!(
                        "{why}; {} of {} fixes were not applied",
                        taken.len() - kept.len(),
                        taken.len()
                    ));
                }
                (current, next, kept)
            }
        };
        fixed.applied.extend(taken.iter().map(|&i| {
            let f = chosen[i];
            Applied {
                code: f.code.clone(),
                message: f
                    .fix
                    .as_ref()
                    .map(|x| x.message.clone())
                    .unwrap_or_default(),
                line: f.line,
            }
        }));
        if fixed.stopped.is_some() {
            fixed.fixed = text;
            break;
        }
        fixed.fixed = text;
        compilation = next;
    }
    Ok(fixed)
}

/// Apply the findings' fixes whose edits overlap no fix taken before them (in position
/// order): all of a finding's edits or none. Returns the text and the indices taken.
fn apply_findings(text: &str, findings: &[&Finding]) -> (String, Vec<usize>) {
    let mut order: Vec<usize> = (0..findings.len()).collect();
    let first_edit = |i: usize| {
        findings[i]
            .fix
            .as_ref()
            .and_then(|f| f.edits.iter().map(|e| e.loc.start).min())
            .unwrap_or(u32::MAX)
    };
    order.sort_by_key(|&i| first_edit(i));
    let mut taken = Vec::new();
    let mut edits: Vec<&Edit> = Vec::new();
    for i in order {
        let Some(fix) = findings[i].fix.as_ref() else {
            continue;
        };
        let fits = fix.edits.iter().all(|e| {
            (e.loc.end as usize) <= text.len()
                && edits
                    .iter()
                    .all(|t| e.loc.end <= t.loc.start || e.loc.start >= t.loc.end)
        });
        if fits {
            edits.extend(fix.edits.iter());
            taken.push(i);
        }
    }
    let (out, _) = apply_edits(text, &edits);
    taken.sort_unstable();
    (out, taken)
}

/// Compile a rewrite and check it still writes every target the original wrote.
fn check_rewrite(
    path: &Path,
    text: &str,
    options: &CompileOptions,
    targets: &[Target],
) -> Result<Compilation, String> {
    let next = pipeline::compile_path_text(path, text, options)
        .map_err(|failure| format!("a fix made the shader fail to compile ({})", failure.kind()))?;
    let lost: Vec<String> = targets
        .iter()
        .filter(|t| next.emit(**t).is_err())
        .map(|t| t.to_string())
        .collect();
    if lost.is_empty() {
        Ok(next)
    } else {
        Err(format!(
            "a fix made the shader fail to compile for {}",
            lost.join(", ")
        ))
    }
}
