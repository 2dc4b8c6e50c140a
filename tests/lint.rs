//! Lint rules over their fixtures: `fixtures/lint/<CODE>/`.
//!
//! - `pos_*` fixtures must give at least one finding of the folder's rule, `neg_*` none
//!   (look-alikes that must not fire). Findings are snapshotted per rule under
//!   `snapshots/lint/`.
//! - A fixture says where it expects findings: `// expect: CODE` at the end of the line a
//!   finding starts on (`// expect: CODE, CODE` for two there; WGSL comments are the same).
//!   The folder's rule is the only one run, so markers name it; a fixture without markers
//!   expects no finding (every `neg_*`). The findings' lines and codes must equal the markers
//!   exactly. A marker goes at the end of its line, so adding one moves no column or line.
//!   `fix_*` pairs carry none: `--fix` must turn the `.before` into the `.after` byte for
//!   byte and would carry the marker over to a file where nothing fires; the pair test checks
//!   their finding instead.
//! - `fix_<name>.before.<ext>` / `fix_<name>.after.<ext>` pairs: the rule fires on the
//!   "before" with a fix and not on the "after"; the "after" compiles for every target the
//!   "before" does; the fix lowers optimized SPIR-V (or, with `metric = "loop-lines"`, the
//!   optimized SPIR-V attributed to the loop's lines) and the RADV instruction count on at
//!   least one AMD family; and a rule whose fix is a text edit rewrites "before" into exactly
//!   "after" (`--fix` converges on it).
//! - A `<fixture>.toml` beside a fixture sets its options (see [`FixtureOptions`]).
//! - Every message of every rule is lowercase, has no trailing period and names the pattern.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use prism::back::Target;
use prism::isa::{self, GpuSpec, IsaOptions};
use prism::lint::{self, fix, Applicability, Finding, LintOptions};
use prism::pipeline::{self, Compilation, CompileOptions};
use prism::robustness::{Policy, Preset, Robustness};
use serde::Deserialize;

/// Options of one fixture, from `<fixture>.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct FixtureOptions {
    robustness: Option<Preset>,
    buffer_bounds: Option<Policy>,
    index_bounds: Option<Policy>,
    image_bounds: Option<Policy>,
    /// GPU families a fix pair is measured on (default: `isa::default_gpus`, the driver's
    /// GCN5, RDNA3 and RDNA4 families under its own names: vega10,gfx1100 on Mesa 22,
    /// vega10,navi31,gfx1201 on Mesa 25).
    gpus: Option<Vec<String>>,
    /// `spirv-opt` (default) or `loop-lines`: the optimized SPIR-V on the lines from the
    /// first `for`/`while` to the end of the file's largest loop body (per-iteration cost).
    metric: Option<String>,
    /// Why a pair's fix is not expected to lower ISA (display-only fixes of correctness
    /// rules); absent means it must.
    isa_exempt: Option<String>,
}

fn options_of(path: &Path) -> FixtureOptions {
    let name = path.file_name().unwrap().to_str().unwrap();
    let stem = name
        .strip_suffix(&format!(".{}", ext(path)))
        .unwrap()
        .trim_end_matches(".before")
        .trim_end_matches(".after");
    let toml_path = path.with_file_name(format!("{stem}.toml"));
    match std::fs::read_to_string(&toml_path) {
        Ok(text) => {
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", toml_path.display()))
        }
        Err(_) => FixtureOptions::default(),
    }
}

fn ext(path: &Path) -> &str {
    path.extension().and_then(|e| e.to_str()).unwrap_or("")
}

fn compile_options(options: &FixtureOptions) -> CompileOptions {
    CompileOptions {
        robustness: Robustness {
            preset: options.robustness.unwrap_or_default(),
            index: options.index_bounds,
            buffer: options.buffer_bounds,
            image_load: options.image_bounds,
        },
        ..Default::default()
    }
}

fn compile(path: &Path, options: &FixtureOptions) -> Compilation {
    pipeline::compile_path(path, &compile_options(options))
        .unwrap_or_else(|f| panic!("{} does not compile: {f:?}", path.display()))
}

fn only(code: &str) -> LintOptions {
    LintOptions {
        select: vec![code.to_string()],
        ..Default::default()
    }
}

fn rule_dirs() -> Vec<(String, PathBuf)> {
    let root = common::fixture_root().join("lint");
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .map(|p| (p.file_name().unwrap().to_str().unwrap().to_string(), p))
        .collect();
    dirs.sort();
    dirs
}

fn shaders(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| common::SHADER_EXTENSIONS.contains(&ext(p)))
        .collect();
    out.sort();
    out
}

/// The `// expect:` markers of a fixture: (one-based line, code), sorted.
fn expected_findings(path: &Path) -> Vec<(u32, String)> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut expected = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if let Some((_, codes)) = line.split_once("// expect:") {
            for code in codes.split(',') {
                expected.push((index as u32 + 1, code.trim().to_string()));
            }
        }
    }
    expected.sort();
    expected
}

fn render(findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        out.push_str(&format!(
            "{}:{}:{} {} [{}] {}\n",
            f.line, f.column, f.end_column, f.code, f.severity, f.message
        ));
        for note in &f.notes {
            out.push_str(&format!("  = {note}\n"));
        }
        if let Some(fix) = &f.fix {
            out.push_str(&format!("  fix ({}): {}\n", fix.applicability, fix.message));
            for edit in &fix.edits {
                out.push_str(&format!("    replace with `{}`\n", edit.replacement));
            }
        }
    }
    out
}

#[test]
fn every_rule_has_positive_and_negative_fixtures_and_they_hold() {
    let mut settings = insta::Settings::clone_current();
    let snapshot_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots/lint");
    settings.set_snapshot_path(&snapshot_dir);
    settings.set_prepend_module_to_snapshot(false);
    let dirs = rule_dirs();
    let mut referenced = BTreeSet::new();
    // While a group of rules is being written: `PRISM_LINT_RULES=IDX,ARI003`.
    let only_rules: Option<Vec<String>> = std::env::var("PRISM_LINT_RULES")
        .ok()
        .map(|v| v.split(',').map(|s| s.trim().to_uppercase()).collect());
    for rule in lint::RULES {
        if rule.code == "PRISM001" {
            continue;
        }
        if let Some(prefixes) = &only_rules {
            if !prefixes.iter().any(|p| rule.code.starts_with(p.as_str())) {
                continue;
            }
        }
        let Some((_, dir)) = dirs.iter().find(|(code, _)| code == rule.code) else {
            panic!("{}: no fixtures/lint/{}/ folder", rule.code, rule.code);
        };
        let files = shaders(dir);
        let pos: Vec<_> = files
            .iter()
            .filter(|p| name(p).starts_with("pos_"))
            .collect();
        let neg: Vec<_> = files
            .iter()
            .filter(|p| name(p).starts_with("neg_"))
            .collect();
        assert!(!pos.is_empty(), "{}: no pos_ fixture", rule.code);
        assert!(!neg.is_empty(), "{}: no neg_ fixture", rule.code);
        for path in files.iter().filter(|p| name(p).starts_with("fix_")) {
            assert!(
                expected_findings(path).is_empty(),
                "{}: fix pairs carry no `// expect:` markers (the .after is --fix's output)",
                path.display()
            );
        }
        let mut snapshot = String::new();
        for path in files.iter().filter(|p| !name(p).starts_with("fix_")) {
            let options = options_of(path);
            let compilation = compile(path, &options);
            let report = lint::lint(&compilation, &only(rule.code));
            let mine: Vec<Finding> = report
                .findings
                .into_iter()
                .filter(|f| f.code == rule.code)
                .collect();
            if name(path).starts_with("pos_") {
                assert!(!mine.is_empty(), "{}: no finding", path.display());
            } else if name(path).starts_with("neg_") {
                assert!(
                    mine.is_empty(),
                    "{}: fired:\n{}",
                    path.display(),
                    render(&mine)
                );
            }
            let mut found: Vec<(u32, String)> =
                mine.iter().map(|f| (f.line, f.code.clone())).collect();
            found.sort();
            assert_eq!(
                found,
                expected_findings(path),
                "{}: the findings (left) are not the `// expect:` markers (right):\n{}",
                path.display(),
                render(&mine)
            );
            snapshot.push_str(&format!("== {}\n{}", name(path), render(&mine)));
        }
        let snap_name = format!("lint_{}", rule.code);
        referenced.insert(format!("{snap_name}.snap"));
        settings.bind(|| insta::assert_snapshot!(snap_name, snapshot));
    }
    // Snapshots no rule produces any more are stale.
    if only_rules.is_some() {
        return;
    }
    if let Ok(entries) = std::fs::read_dir(&snapshot_dir) {
        for entry in entries {
            let file = entry.unwrap().file_name().to_string_lossy().to_string();
            if file.ends_with(".snap") {
                assert!(referenced.contains(&file), "unreferenced snapshot {file}");
            }
        }
    }
}

fn name(path: &Path) -> &str {
    path.file_name().unwrap().to_str().unwrap()
}

/// Optimized SPIR-V of the whole shader, or of its loop's lines.
fn spirv_metric(compilation: &Compilation, metric: &str) -> u32 {
    let annotation = prism::annotate::annotate(
        compilation,
        &prism::annotate::AnnotateOptions {
            targets: Vec::new(),
            optimize: true,
        },
    )
    .unwrap();
    match metric {
        "spirv-opt" => annotation.totals.spirv_opt.unwrap().total,
        "loop-lines" => {
            let text = &compilation.files.get(compilation.root).text;
            let (first, last) = loop_lines(text);
            annotation
                .lines
                .iter()
                .filter(|l| l.line >= first && l.line <= last)
                .map(|l| l.spirv_opt.map(|c| c.total).unwrap_or(0))
                .sum()
        }
        other => panic!("unknown metric {other}"),
    }
}

/// One-based first and last line of the first `for`/`while` loop, by brace matching.
fn loop_lines(text: &str) -> (u32, u32) {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.trim_start().starts_with("for") || l.trim_start().starts_with("while"))
        .expect("a loop");
    let mut depth = 0i32;
    let mut opened = false;
    for (i, line) in lines.iter().enumerate().skip(start) {
        for c in line.chars() {
            match c {
                '{' => {
                    depth += 1;
                    opened = true;
                }
                '}' => depth -= 1,
                _ => {}
            }
        }
        if opened && depth == 0 {
            return (start as u32 + 1, i as u32 + 1);
        }
    }
    panic!("unterminated loop")
}

fn isa_instructions(compilation: &Compilation, gpus: &[String]) -> Vec<(String, f64)> {
    let options = IsaOptions::new(env!("CARGO_BIN_EXE_prism"));
    let specs: Vec<GpuSpec> = gpus.iter().map(|g| g.parse().unwrap()).collect();
    specs
        .iter()
        .zip(isa::run(compilation, &specs, &options))
        .map(|(gpu, r)| {
            let report = r.unwrap_or_else(|e| panic!("{gpu}: {e}"));
            (gpu.to_string(), report.metric("Instructions").unwrap())
        })
        .collect()
}

#[test]
fn fixes_pay_on_their_fixture_pairs() {
    let radv = common::radv_or_skip("fixes_pay_on_their_fixture_pairs");
    let mut pairs = 0;
    for (code, dir) in rule_dirs() {
        let rule = lint::rule_by_code(&code)
            .unwrap_or_else(|| panic!("fixtures/lint/{code}: no such rule"));
        let befores: Vec<PathBuf> = shaders(&dir)
            .into_iter()
            .filter(|p| name(p).starts_with("fix_") && name(p).contains(".before."))
            .collect();
        if rule.fix.is_some() {
            assert!(
                !befores.is_empty(),
                "{code} has a fix but no fix_*.before fixture"
            );
        }
        for before_path in befores {
            pairs += 1;
            let after_path =
                before_path.with_file_name(name(&before_path).replace(".before.", ".after."));
            let options = options_of(&before_path);
            let before = compile(&before_path, &options);
            let after = compile(&after_path, &options);
            let lint_before = lint::lint(&before, &only(&code));
            let finding = lint_before
                .findings
                .iter()
                .find(|f| f.code == code && f.fix.is_some())
                .unwrap_or_else(|| {
                    panic!("{}: no {code} finding with a fix", before_path.display())
                });
            let lint_after = lint::lint(&after, &only(&code));
            assert!(
                lint_after.findings.iter().all(|f| f.code != code),
                "{}: {code} still fires:\n{}",
                after_path.display(),
                render(&lint_after.findings)
            );
            for target in Target::ALL {
                if before.emit(target).is_ok() {
                    after.emit(target).unwrap_or_else(|d| {
                        panic!(
                            "{} no longer compiles for {target}: {d:?}",
                            after_path.display()
                        )
                    });
                }
            }
            let metric = options.metric.as_deref().unwrap_or("spirv-opt");
            let (b, a) = (spirv_metric(&before, metric), spirv_metric(&after, metric));
            assert!(
                a < b,
                "{}: {metric} {b} -> {a}: the fix does not lower it",
                before_path.display()
            );
            if radv && options.isa_exempt.is_none() {
                let gpus = options.gpus.clone().unwrap_or_else(|| {
                    let options = IsaOptions::new(env!("CARGO_BIN_EXE_prism"));
                    isa::default_gpus(&options)
                        .iter()
                        .map(ToString::to_string)
                        .collect()
                });
                let b = isa_instructions(&before, &gpus);
                let a = isa_instructions(&after, &gpus);
                assert!(
                    b.iter().zip(&a).any(|((_, x), (_, y))| y < x),
                    "{}: ISA instructions {b:?} -> {a:?}: lower on no family",
                    before_path.display()
                );
            }
            let fix = finding.fix.as_ref().unwrap();
            if fix.applicability != Applicability::DisplayOnly {
                let fixed =
                    fix::fix_path(&before_path, &compile_options(&options), &only(&code), true)
                        .unwrap();
                let expected = std::fs::read_to_string(&after_path).unwrap();
                assert_eq!(
                    fixed.fixed,
                    expected,
                    "{}: --fix does not produce the .after fixture ({:?})",
                    before_path.display(),
                    fixed.stopped
                );
            }
        }
    }
    assert!(pairs > 0, "no fix pairs found");
}

#[test]
fn messages_are_lowercase_without_a_period_and_name_the_pattern() {
    for (code, dir) in rule_dirs() {
        let rule = lint::rule_by_code(&code).unwrap();
        let words: Vec<&str> = rule.name.split('-').filter(|w| w.len() >= 4).collect();
        for path in shaders(&dir) {
            let options = options_of(&path);
            let report = lint::lint(&compile(&path, &options), &only(&code));
            for f in report.findings.iter().filter(|f| f.code == code) {
                let first = f.message.chars().next().unwrap();
                assert!(
                    !first.is_uppercase(),
                    "{code}: message starts uppercase: {}",
                    f.message
                );
                assert!(
                    !f.message.ends_with('.'),
                    "{code}: trailing period: {}",
                    f.message
                );
                let lower = f.message.to_lowercase();
                assert!(
                    words.iter().any(|w| lower.contains(w)),
                    "{code}: message names none of {words:?}: {}",
                    f.message
                );
            }
        }
    }
}

#[test]
fn suppressions_silence_and_unused_ones_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.frag");
    std::fs::write(
        &path,
        "#version 300 es\nprecision highp float;\nflat in int vI;\nout vec4 o;\n\
         void main() {\n    // prism: allow(ARI001)\n    int a = vI / 64;\n\
         int b = vI % 64; // prism: allow(ARI001, DEAD003)\n    int c = vI / 32;\n\
         // prism: allow(ARI001, NOPE9)\n    o = vec4(float(a + b + c));\n}\n",
    )
    .unwrap();
    let compilation = pipeline::compile_path(&path, &CompileOptions::default()).unwrap();
    let report = lint::lint(
        &compilation,
        &LintOptions {
            select: vec!["ARI001".into(), "PRISM001".into()],
            ..Default::default()
        },
    );
    let lines: Vec<(u32, &str)> = report
        .findings
        .iter()
        .map(|f| (f.line, f.code.as_str()))
        .collect();
    // line 7 and 8 suppressed; line 9 reported; line 10's suppression applies to line 11,
    // which has no ARI001; NOPE9 is unknown; DEAD003 is not enabled (not reported).
    assert_eq!(
        lines,
        vec![(9, "ARI001"), (10, "PRISM001"), (10, "PRISM001")],
        "{:#?}",
        report.findings
    );
    assert_eq!(report.suppressed, 2);
}
