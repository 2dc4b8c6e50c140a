//! One annotation, start to end: the SPIR-V builds, their attribution to sites and lines,
//! the text targets' helper calls, the bucket and the totals. In: a [`Compilation`] and
//! [`AnnotateOptions`]; out: an [`Annotation`] or a diagnostic (`E-ANNOTATE`).

use std::collections::BTreeMap;

use naga::proc::BoundsCheckPolicies;

use super::attribute::{attribute, Builds};
use super::report::{
    add_inserted, merge_ops, AnnotateOptions, Annotation, Counts, FunctionCost, Inserted, LineCost,
    Robustness, TargetSummary, MAX_SITES, SCHEMA,
};
use super::{sites, spv_lines, targets};
use crate::back::{self, Target};
use crate::diagnostic::Diagnostic;
use crate::pipeline::Compilation;
use crate::source::Loc;

/// A key for a line: file id and zero-based line index.
type LineKey = (usize, usize);

fn annotate_error(compilation: &Compilation, message: String) -> Diagnostic {
    Diagnostic::error()
        .with_code("E-ANNOTATE")
        .with_message(format!("{}: {message}", compilation.name()))
}

pub(super) fn annotate_inner(
    compilation: &Compilation,
    options: &AnnotateOptions,
) -> Result<Annotation, Diagnostic> {
    let parsed = &compilation.parsed;
    // Count the module `compile -t spirv` writes: with the SPIR-V writer's polyfills.
    let lowered = back::lower::lower(&parsed.module, &parsed.info, back::lower::Plan::SPIRV)
        .map_err(|e| annotate_error(compilation, e))?;
    let (module, module_info) = lowered
        .as_ref()
        .map_or((&parsed.module, &parsed.info), |l| (&l.module, &l.info));
    let tagged = sites::tag(module);
    // naga finds each OpLine's column by scanning the source up to the span: quadratic in
    // the number of sites (about 5 s for 120 000 on a 2-core VM). Refuse rather than hang.
    if tagged.sites.len() > MAX_SITES {
        return Err(annotate_error(
            compilation,
            format!(
                "{} expressions and statements: more than prism annotates ({MAX_SITES}); split the shader",
                tagged.sites.len()
            ),
        ));
    }
    let info = naga::valid::Validator::new(
        naga::valid::ValidationFlags::all(),
        naga::valid::Capabilities::all(),
    )
    .validate(&tagged.module)
    .map_err(|e| {
        annotate_error(
            compilation,
            format!("the per-expression module does not validate: {e}"),
        )
    })?;
    let policies = compilation.robustness.policies();
    let unchecked = BoundsCheckPolicies::default();
    let source = tagged.debug_source();
    let write =
        |policies: &BoundsCheckPolicies, loop_bound: bool| -> Result<Vec<u32>, Diagnostic> {
            let mut spirv_options = compilation.targets.spirv.clone();
            spirv_options.debug_names = true;
            let mut naga_options = back::spirv::naga_options(&spirv_options, policies);
            naga_options.lang_version = naga_options
                .lang_version
                .max(back::spirv::lowest_version(&tagged.module));
            naga_options.force_loop_bounding &= loop_bound;
            naga_options.debug_info = Some(naga::back::spv::DebugInfo {
                source_code: &source,
                file_name: "prism-sites",
                language: naga::back::spv::SourceLanguage::Unknown,
            });
            let mut words = naga::back::spv::write_vec(&tagged.module, &info, &naga_options, None)
                .map_err(|e| {
                    annotate_error(compilation, format!("SPIR-V: {}", back::error_chain(&e)))
                })?;
            back::spirv::fix_sample_mask(&mut words);
            back::spirv::validate_vulkan(&words).map_err(|e| {
                annotate_error(
                    compilation,
                    format!("internal error: SPIR-V fails validation: {e}"),
                )
            })?;
            Ok(words)
        };
    let read = |words: &[u32]| {
        spv_lines::read(words).map_err(|e| annotate_error(compilation, e.to_string()))
    };
    let optimize = |words: &[u32]| {
        spv_lines::optimize(words)
            .map_err(|e| annotate_error(compilation, format!("spirv-opt: {e}")))
    };

    // Up to three builds: as compiled; with every check off (what the first has beyond it,
    // per site and opcode, is the checks'); and also without naga's forced loop bound (what
    // the second has beyond that is the bound's).
    let has_loops = tagged
        .sites
        .iter()
        .any(|s| s.kind == sites::SiteKind::Statement("loop"));
    let checked_words = write(&policies, true)?;
    let no_checks_words = (policies != unchecked)
        .then(|| write(&unchecked, true))
        .transpose()?;
    let no_loops_words = has_loops.then(|| write(&unchecked, false)).transpose()?;
    let read_all = |words: &[u32],
                    no_checks: Option<&Vec<u32>>,
                    no_loops: Option<&Vec<u32>>,
                    opt: bool|
     -> Result<Builds, Diagnostic> {
        let get = |w: &[u32]| -> Result<spv_lines::Listing, Diagnostic> {
            if opt {
                read(&optimize(w)?)
            } else {
                read(w)
            }
        };
        Ok(Builds {
            listing: get(words)?,
            no_checks: no_checks.map(|w| get(w)).transpose()?,
            no_loops: no_loops.map(|w| get(w)).transpose()?,
        })
    };
    let emitted_builds = read_all(
        &checked_words,
        no_checks_words.as_ref(),
        no_loops_words.as_ref(),
        false,
    )?;
    let optimized_builds = options
        .optimize
        .then(|| {
            read_all(
                &checked_words,
                no_checks_words.as_ref(),
                no_loops_words.as_ref(),
                true,
            )
        })
        .transpose()?;
    let emitted = &emitted_builds.listing;
    let optimized = optimized_builds.as_ref().map(|b| &b.listing);

    let mut lines: BTreeMap<LineKey, LineCost> = BTreeMap::new();
    let mut no_line = LineCost::default();
    let site_line = |column: Option<u32>| -> Option<LineKey> {
        let site = tagged.site_of_column(column?)?;
        let loc: Loc = parsed.spans.to_user(site.span)?;
        let file = compilation.files.get(loc.file);
        Some((loc.file, file.line_index(loc.start as usize)))
    };

    // naga IR operations: one per site, but for expressions that only compute a pointer
    // (they become part of the load or store that uses them).
    for (index, site) in tagged.sites.iter().enumerate() {
        if site.kind == sites::SiteKind::Statement("block") || is_pointer(module, module_info, site)
        {
            continue;
        }
        let column = Some(index as u32 + 2);
        bucket(&mut lines, &mut no_line, site_line(column)).ir += 1;
    }

    // SPIR-V, emitted and optimized.
    let mut place = |builds: &Builds, target: &str, column_of: fn(&mut LineCost) -> ColumnMut| {
        for site in attribute(&tagged, builds, target) {
            let line = bucket(&mut lines, &mut no_line, site_line(site.column));
            let (counts, ops) = column_of(line);
            counts.merge(&site.counts);
            merge_ops(ops, &site.ops);
            for item in site.inserted {
                add_inserted(&mut line.inserted, item);
            }
        }
    };
    place(&emitted_builds, "spirv", |l| {
        (&mut l.spirv, &mut l.spirv_ops)
    });
    if let Some(builds) = &optimized_builds {
        place(builds, "spirv-opt", |l| {
            (
                l.spirv_opt.get_or_insert_with(Counts::default),
                &mut l.spirv_opt_ops,
            )
        });
        // Lines with emitted code that the optimizer removed count 0, not "not computed".
        for line in lines.values_mut().chain([&mut no_line]) {
            line.spirv_opt.get_or_insert_with(Counts::default);
        }
    }
    let functions = function_costs(emitted, optimized);
    helper_function_items(&functions, "spirv", &mut no_line);

    // Text targets.
    let mut notes = Vec::new();
    let mut summaries = Vec::new();
    let predicted = targets::predict(module, module_info, &tagged);
    for &target in &options.targets {
        if target.is_binary() || matches!(target, Target::Spirv | Target::SpirvAsm) {
            continue;
        }
        let key = target.name().to_string();
        let text = match compilation.emit(target) {
            Ok(output) => output.as_text().unwrap_or_default().to_string(),
            Err(diagnostic) => {
                notes.push(format!("{key}: not written: {}", diagnostic.message));
                summaries.push(TargetSummary {
                    target: key,
                    calls_in_output: BTreeMap::new(),
                    error: Some(diagnostic.message),
                });
                continue;
            }
        };
        let found = targets::count_helper_calls(&text);
        for line in lines.values_mut() {
            line.helpers.insert(key.clone(), 0);
        }
        no_line.helpers.insert(key.clone(), 0);
        let mut placed: BTreeMap<String, u32> = BTreeMap::new();
        for p in predicted.iter().filter(|p| p.targets.contains(&target)) {
            let line = bucket(&mut lines, &mut no_line, site_line(Some(p.column)));
            *line.helpers.entry(key.clone()).or_default() += 1;
            add_inserted(
                &mut line.inserted,
                Inserted {
                    target: key.clone(),
                    kind: p.kind,
                    what: p.helper.clone(),
                    count: 1,
                },
            );
            *placed.entry(p.helper.clone()).or_default() += 1;
        }
        for (helper, &calls) in &found {
            let expected = placed.get(helper).copied().unwrap_or(0);
            if calls > expected {
                let extra = calls - expected;
                *no_line.helpers.entry(key.clone()).or_default() += extra;
                add_inserted(
                    &mut no_line.inserted,
                    Inserted {
                        target: key.clone(),
                        kind: targets::helper_kind(helper),
                        what: helper.clone(),
                        count: extra,
                    },
                );
                notes.push(format!(
                    "{key}: {extra} call(s) of {helper} could not be placed on a source line"
                ));
            }
        }
        for (helper, &expected) in &placed {
            let calls = found.get(helper).copied().unwrap_or(0);
            if calls < expected {
                notes.push(format!(
                    "{key}: prism expected {expected} call(s) of {helper} but the output has {calls}"
                ));
            }
        }
        summaries.push(TargetSummary {
            target: key,
            calls_in_output: found,
            error: None,
        });
    }

    let mut totals = LineCost::default();
    for line in lines.values() {
        totals.merge(line);
    }
    totals.merge(&no_line);
    if optimized.is_some() {
        totals.spirv_opt.get_or_insert_with(Counts::default);
    }

    let lines = lines
        .into_iter()
        .filter(|(_, cost)| !cost.is_empty())
        .map(|((file, line), mut cost)| {
            cost.file = compilation.files.get(file).name.clone();
            cost.line = line as u32 + 1;
            cost
        })
        .collect();
    let robustness = Robustness::of(&compilation.robustness);
    Ok(Annotation {
        schema: SCHEMA.to_string(),
        input: compilation.name().to_string(),
        entry_points: parsed
            .module
            .entry_points
            .iter()
            .map(|ep| format!("{} ({:?})", ep.name, ep.stage).to_lowercase())
            .collect(),
        robustness,
        lines,
        no_source_line: no_line,
        totals,
        functions,
        targets: summaries,
        notes,
    })
}

fn bucket<'a>(
    lines: &'a mut BTreeMap<LineKey, LineCost>,
    no_line: &'a mut LineCost,
    key: Option<LineKey>,
) -> &'a mut LineCost {
    match key {
        Some(key) => lines.entry(key).or_default(),
        None => no_line,
    }
}

/// A line's counts and opcodes for one of the SPIR-V columns.
type ColumnMut<'a> = (&'a mut Counts, &'a mut BTreeMap<String, u32>);

fn is_pointer(module: &naga::Module, info: &naga::valid::ModuleInfo, site: &sites::Site) -> bool {
    let sites::SiteKind::Expression(handle) = site.kind else {
        return false;
    };
    let function_info = match site.function {
        sites::FunctionRef::Function(f) => &info[f],
        sites::FunctionRef::EntryPoint(i) => info.get_entry_point(i),
    };
    function_info[handle]
        .ty
        .inner_with(&module.types)
        .pointer_space()
        .is_some()
}

/// naga's own helper functions (no `OpLine` in their bodies): one item each in the bucket.
fn helper_function_items(functions: &[FunctionCost], target: &str, no_line: &mut LineCost) {
    for function in functions.iter().filter(|f| f.kind == "helper") {
        add_inserted(
            &mut no_line.inserted,
            Inserted {
                target: target.to_string(),
                kind: targets::helper_kind(&function.name),
                what: format!("body of {}", function.name),
                count: function.spirv,
            },
        );
    }
}

fn function_costs(
    emitted: &spv_lines::Listing,
    optimized: Option<&spv_lines::Listing>,
) -> Vec<FunctionCost> {
    emitted
        .functions
        .iter()
        .map(|(id, f)| {
            let name = f.name.clone().unwrap_or_else(|| format!("%{id}"));
            let kind = if f.is_entry_point {
                "entry-point"
            } else if f.has_lines {
                "function"
            } else {
                "helper"
            };
            let spirv_opt = optimized.and_then(|opt| {
                opt.functions
                    .iter()
                    .find(|(_, g)| {
                        g.name.as_deref() == Some(name.as_str())
                            && g.is_entry_point == f.is_entry_point
                    })
                    .map(|(_, g)| g.instructions)
            });
            FunctionCost {
                name,
                kind: kind.to_string(),
                spirv: f.instructions,
                spirv_opt,
            }
        })
        .collect()
}
