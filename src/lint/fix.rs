//! Applying fixes, and measuring them before they are offered.
//!
//! A fix is a set of text edits in the user's file. [`fix_path`] applies the applicable ones
//! in passes (re-compiling and re-linting after each, as ruff does) until none is left, and
//! keeps a pass only when the result still compiles for every target the original compiled
//! for. [`measure_all`] applies each finding's fix to an in-memory copy and compares counts
//! (optimized SPIR-V, and the ISA instruction count of the GPUs asked for): a cost fix that
//! lowers none of them on this shader is withdrawn, with a note saying so. When no ISA could
//! be measured (no GPU asked for, or no RADV), a fix that does not lower optimized SPIR-V
//! stays, with a note: SPIR-V cannot see most of what these rewrites save.
//! Nothing here writes a file: the CLI writes the result atomically.

use std::path::{Path, PathBuf};

use crate::annotate::{self, AnnotateOptions};
use crate::back::Target;
use rayon::prelude::*;

use crate::isa;
use crate::lint::{lint, Applicability, Category, Context, Edit, Finding, LintOptions, Measured};
use crate::pipeline::{self, Compilation, CompileOptions, Failure};
use crate::source::FileId;

/// The most passes `fix_path` makes; a rule whose fix re-creates its own finding stops here.
pub const MAX_PASSES: usize = 10;

/// Apply non-overlapping edits (by position; an edit overlapping an earlier one is left for
/// the next pass). Returns the new text and how many edits were applied.
pub fn apply_edits(text: &str, edits: &[&Edit]) -> (String, usize) {
    let mut sorted: Vec<&Edit> = edits.to_vec();
    sorted.sort_by_key(|e| (e.loc.start, e.loc.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0usize;
    let mut applied = 0;
    for edit in sorted {
        let range = edit.loc.range();
        if range.start < at || range.end > text.len() || !text.is_char_boundary(range.start) {
            continue;
        }
        out.push_str(&text[at..range.start]);
        out.push_str(&edit.replacement);
        at = range.end;
        applied += 1;
    }
    out.push_str(&text[at..]);
    (out, applied)
}

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

/// Measure every finding's fix on this shader. A cost fix that lowers no count is withdrawn
/// (the finding stays, with a note); the others carry their before/after counts.
pub fn measure_all(context: &Context, findings: &mut [Finding], options: &LintOptions) {
    let compilation = context.compilation;
    let Some(path) = compilation.files.get(compilation.root).path.clone() else {
        return;
    };
    let root_text = &compilation.files.get(compilation.root).text;
    // Every fix's rewrite, compiled once.
    let mut rewrites: Vec<(usize, Compilation)> = Vec::new();
    for (i, finding) in findings.iter_mut().enumerate() {
        if finding.category != Category::Cost {
            continue;
        }
        let Some(fix) = finding.fix.as_ref() else {
            continue;
        };
        if fix.edits.is_empty() || fix.edits.iter().any(|e| e.loc.file != compilation.root) {
            continue;
        }
        let edits: Vec<&Edit> = fix.edits.iter().collect();
        let (text, _) = apply_edits(root_text, &edits);
        match pipeline::compile_path_text(&path, &text, &compilation.options) {
            Ok(after) => rewrites.push((i, after)),
            Err(failure) => {
                finding.notes.push(format!(
                    "the fix was withdrawn: the rewritten shader does not compile ({})",
                    failure.kind()
                ));
                finding.fix = None;
            }
        }
    }
    if rewrites.is_empty() {
        return;
    }
    // Optimized SPIR-V: the shader's own from the cost notes' annotation when there is one.
    let before_opt = context
        .annotation()
        .and_then(|a| a.totals.spirv_opt)
        .map(|c| c.total)
        .or_else(|| spirv_opt_total(compilation));
    let mut counts: Vec<Vec<(String, f64, f64)>> = rewrites
        .iter()
        .map(|(_, after)| {
            before_opt
                .zip(spirv_opt_total(after))
                .map(|(b, a)| ("spirv-opt".to_string(), b as f64, a as f64))
                .into_iter()
                .collect()
        })
        .collect();
    // ISA: one batch per GPU holding the shader and every rewrite (one worker process per
    // GPU, not one per compile).
    // Why a GPU measured nothing ("vega10: Mesa's RADV driver is not available ...").
    let mut unmeasured: Vec<String> = Vec::new();
    if let Some(isa_options) = options.isa.as_ref() {
        let mut batch: Vec<&Compilation> = vec![compilation];
        batch.extend(rewrites.iter().map(|(_, after)| after));
        let per_gpu: Vec<Vec<Result<f64, String>>> = options
            .gpus
            .par_iter()
            .map(|gpu| {
                isa::run_many(&batch, gpu, isa_options)
                    .into_iter()
                    .map(|r| {
                        r.map_err(|e| e.to_string()).and_then(|r| {
                            r.metric("Instructions")
                                .ok_or_else(|| "the driver reports no instruction count".into())
                        })
                    })
                    .collect()
            })
            .collect();
        for (gpu, instructions) in options.gpus.iter().zip(per_gpu) {
            let before = match instructions.first() {
                Some(Ok(before)) => *before,
                Some(Err(why)) => {
                    unmeasured.push(format!("{gpu}: {why}"));
                    continue;
                }
                None => continue,
            };
            for (row, after) in counts.iter_mut().zip(&instructions[1..]) {
                if let Ok(after) = after {
                    row.push((format!("{gpu} Instructions"), before, *after));
                }
            }
        }
    }
    for ((i, _), row) in rewrites.iter().zip(counts) {
        judge(&mut findings[*i], row, &unmeasured);
    }
}

fn spirv_opt_total(compilation: &Compilation) -> Option<u32> {
    let options = AnnotateOptions {
        targets: Vec::new(),
        optimize: true,
    };
    annotate::annotate(compilation, &options)
        .ok()?
        .totals
        .spirv_opt
        .map(|c| c.total)
}

/// Keep a measured fix that lowers a count; withdraw one that lowers none of them.
/// Keep or withdraw a fix by its counts; `unmeasured` says why GPUs measured nothing.
fn judge(finding: &mut Finding, counts: Vec<(String, f64, f64)>, unmeasured: &[String]) {
    let Some(fix) = finding.fix.as_mut() else {
        return;
    };
    let measured: Vec<Measured> = counts
        .into_iter()
        .map(|(metric, before, after)| Measured {
            metric,
            before,
            after,
        })
        .collect();
    let lowers = measured.iter().any(|m| m.after < m.before);
    let isa_measured = measured.iter().any(|m| m.metric != "spirv-opt");
    let summary = measured
        .iter()
        .map(|m| format!("{} {} → {}", m.metric, m.before, m.after))
        .collect::<Vec<_>>()
        .join(", ");
    if lowers {
        fix.measured = measured;
        // Some GPUs measured and others could not: say which (with none measured, the
        // usual case without Mesa, the counts shown already say SPIR-V only).
        if isa_measured && !unmeasured.is_empty() {
            finding.notes.push(format!(
                "not measured on every GPU asked for ({})",
                unmeasured.join("; ")
            ));
        }
    } else if !isa_measured {
        // Optimized SPIR-V often cannot see what a rewrite saves (a signed division by a
        // constant is one instruction either way; the driver's correction code is not):
        // without an ISA measurement the fix stays, said to be unmeasured.
        let why = if unmeasured.is_empty() {
            "pass `--gpu vega10,gfx1100` with Mesa's RADV installed".to_string()
        } else {
            unmeasured.join("; ")
        };
        finding.notes.push(format!(
            "the fix lowers no optimized SPIR-V count here ({summary}) and no GPU ISA was measured ({why})"
        ));
        fix.measured = measured;
    } else {
        finding.notes.push(format!(
            "the fix `{}` was measured on this shader and lowers no count ({summary}): not offered",
            fix.message
        ));
        finding.fix = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Loc;

    fn edit(start: usize, end: usize, replacement: &str) -> Edit {
        Edit {
            loc: Loc::new(0, start..end),
            replacement: replacement.to_string(),
        }
    }

    #[test]
    fn edits_apply_in_position_order_and_overlaps_wait_for_the_next_pass() {
        let text = "int a = i / 64; int b = i % 64;";
        let edits = [
            edit(24, 30, "i & 63"),
            edit(8, 14, "i >> 6"),
            edit(10, 14, "x"),
        ];
        let refs: Vec<&Edit> = edits.iter().collect();
        let (out, applied) = apply_edits(text, &refs);
        assert_eq!(out, "int a = i >> 6; int b = i & 63;");
        assert_eq!(applied, 2);
    }

    #[test]
    fn edits_past_the_end_are_skipped() {
        let edits = [edit(3, 99, "x")];
        let refs: Vec<&Edit> = edits.iter().collect();
        assert_eq!(apply_edits("abc", &refs), ("abc".to_string(), 0));
    }
}
