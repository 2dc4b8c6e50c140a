//! Measuring a fix before it is offered: each finding's edits applied to an in-memory copy,
//! compiled, and its counts (optimized SPIR-V, the ISA instruction count of the GPUs asked
//! for) compared with the shader's own.

use rayon::prelude::*;

use crate::annotate::{self, AnnotateOptions};
use crate::isa;
use crate::lint::context::Context;
use crate::lint::finding::{Category, Edit, Finding, Measured};
use crate::lint::fix::edits::apply_edits;
use crate::lint::options::LintOptions;
use crate::pipeline::{self, Compilation};

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
    let mut counts: Vec<Vec<Measured>> = rewrites
        .iter()
        .map(|(_, after)| {
            before_opt
                .zip(spirv_opt_total(after))
                .map(|(b, a)| Measured {
                    metric: "spirv-opt".to_string(),
                    before: b as f64,
                    after: a as f64,
                    driver: None,
                })
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
        let per_gpu: Vec<Vec<Result<(f64, String), String>>> = options
            .gpus
            .par_iter()
            .map(|gpu| {
                isa::run_many(&batch, gpu, isa_options)
                    .into_iter()
                    .map(|r| {
                        r.map_err(|e| e.to_string()).and_then(|r| {
                            r.metric("Instructions")
                                .map(|count| (count, r.driver.clone()))
                                .ok_or_else(|| "the driver reports no instruction count".into())
                        })
                    })
                    .collect()
            })
            .collect();
        for (gpu, instructions) in options.gpus.iter().zip(per_gpu) {
            let before = match instructions.first() {
                Some(Ok((before, _))) => *before,
                Some(Err(why)) => {
                    unmeasured.push(format!("{gpu}: {why}"));
                    continue;
                }
                None => continue,
            };
            for (row, after) in counts.iter_mut().zip(&instructions[1..]) {
                if let Ok((after, driver)) = after {
                    row.push(Measured {
                        metric: format!("{gpu} Instructions"),
                        before,
                        after: *after,
                        driver: Some(driver.clone()),
                    });
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
fn judge(finding: &mut Finding, measured: Vec<Measured>, unmeasured: &[String]) {
    let Some(fix) = finding.fix.as_mut() else {
        return;
    };
    let lowers = measured.iter().any(|m| m.after < m.before);
    let isa_measured = measured.iter().any(|m| m.metric != "spirv-opt");
    let summary = measured
        .iter()
        .map(|m| match &m.driver {
            Some(driver) => format!("{} {} → {} ({driver})", m.metric, m.before, m.after),
            None => format!("{} {} → {}", m.metric, m.before, m.after),
        })
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
