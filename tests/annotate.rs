//! `prism annotate`: counts land on the line that caused them, every instruction is
//! attributed, robustness presets change exactly the lines that index, and the text
//! targets' helper calls are where prism says they are.

mod common;

use std::path::{Path, PathBuf};

use prism::annotate::{annotate, AnnotateOptions, Annotation, InsertedKind, LineCost};
use prism::back::{spirv, Target};
use prism::pipeline::{compile_path, Compilation, CompileOptions};
use prism::robustness::{Policy, Preset, Robustness};
use prism::shader::InputKind;

fn options(preset: Preset) -> CompileOptions {
    options_with(Robustness::preset(preset))
}

fn options_with(robustness: Robustness) -> CompileOptions {
    let mut options = CompileOptions {
        robustness,
        ..Default::default()
    };
    options.preprocess.include_dirs = vec![common::fixture_root().join("include").join("sys")];
    options
}

fn compile(path: &Path, preset: Preset) -> Compilation {
    compile_path(path, &options(preset))
        .unwrap_or_else(|f| panic!("{} does not compile: {f:?}", path.display()))
}

/// `preset` with buffer accesses read-zero-skip-write: the branchy check.
fn rzsw(preset: Preset) -> Robustness {
    Robustness {
        buffer: Some(Policy::ReadZeroSkipWrite),
        ..Robustness::preset(preset)
    }
}

fn run(path: &Path, preset: Preset) -> (Compilation, Annotation) {
    run_with(path, Robustness::preset(preset))
}

fn run_with(path: &Path, robustness: Robustness) -> (Compilation, Annotation) {
    let compilation = compile_path(path, &options_with(robustness))
        .unwrap_or_else(|f| panic!("{} does not compile: {f:?}", path.display()));
    let all_text = AnnotateOptions {
        targets: vec![Target::Hlsl, Target::Msl, Target::Glsl, Target::Wgsl],
        optimize: true,
    };
    let annotation = annotate(&compilation, &all_text)
        .unwrap_or_else(|d| panic!("{}: {}", path.display(), d.message));
    (compilation, annotation)
}

fn fixture(rel: &str) -> PathBuf {
    common::fixture_root().join(rel)
}

fn line(annotation: &Annotation, number: u32) -> &LineCost {
    annotation
        .line(&annotation.input, number)
        .unwrap_or_else(|| panic!("{}: line {number} has no cost", annotation.input))
}

fn ops(cost: &LineCost, op: &str) -> u32 {
    cost.spirv_ops.get(op).copied().unwrap_or(0)
}

fn has_kind(cost: &LineCost, target: &str, kind: InsertedKind) -> bool {
    cost.inserted
        .iter()
        .any(|i| i.target == target && i.kind == kind)
}

/// Source lines carrying a `// marker` comment, one-based.
fn marked_lines(path: &Path, marker: &str) -> Vec<u32> {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.split("//").nth(1).is_some_and(|c| c.trim() == marker))
        .map(|(i, _)| i as u32 + 1)
        .collect()
}

/// Every fixture prism compiles (known gaps excluded: they fail to compile).
fn corpus() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for folder in [
        "webgl1", "webgl2", "desktop", "vulkan", "include", "wgsl", "spirv", "skinning", "annotate",
    ] {
        out.extend(common::fixtures(folder));
    }
    out
}

fn sum<'a>(lines: impl Iterator<Item = &'a LineCost>, f: impl Fn(&LineCost) -> u32) -> u32 {
    lines.map(f).sum()
}

#[test]
fn every_instruction_is_attributed_for_every_fixture() {
    let mut checked = 0;
    for path in corpus() {
        for robustness in [Robustness::preset(Preset::None), rzsw(Preset::Webgl)] {
            let preset = robustness.preset;
            let Ok(compilation) = compile_path(&path, &options_with(robustness)) else {
                continue;
            };
            let name = path.display();
            let Ok(plain) = compilation.emit(Target::Spirv) else {
                // naga cannot write this module under this preset (read-zero-skip-write
                // atomics): annotate says so instead of counting something else.
                let err = annotate(&compilation, &AnnotateOptions::default()).unwrap_err();
                assert!(err.message.contains("SPIR-V"), "{name}: {}", err.message);
                continue;
            };
            let annotation = annotate(&compilation, &AnnotateOptions::default())
                .unwrap_or_else(|d| panic!("{name}: {}", d.message));
            let all = || annotation.lines.iter().chain([&annotation.no_source_line]);
            let totals = &annotation.totals;
            assert_eq!(sum(all(), |l| l.ir), totals.ir, "{name}: IR");
            assert_eq!(
                sum(all(), |l| l.spirv.total),
                totals.spirv.total,
                "{name}: SPIR-V"
            );
            assert_eq!(
                sum(all(), |l| l.spirv_opt.map_or(0, |c| c.total)),
                totals.spirv_opt.unwrap().total,
                "{name}: optimized SPIR-V"
            );
            for l in all() {
                let c = l.spirv;
                assert_eq!(
                    c.alu + c.conversion + c.memory + c.control + c.bounds_check + c.other,
                    c.total,
                    "{name}:{}: categories add up",
                    l.line
                );
                assert_eq!(
                    l.spirv_ops.values().sum::<u32>(),
                    c.total,
                    "{name}:{}",
                    l.line
                );
            }
            // The per-expression module is the module prism writes, line information
            // aside: count the instructions of a plain `prism compile -t spirv`.
            let words = spirv::bytes_to_words(plain.as_bytes()).unwrap();
            let listing = prism::annotate::spv_lines::read(&words).unwrap();
            assert_eq!(
                listing.instructions.len() as u32,
                totals.spirv.total,
                "{name} ({preset}): annotate counts a different module than compile writes"
            );
            // And the optimized column counts what spirv-opt -O makes of that module.
            let optimized = prism::annotate::spv_lines::optimize(&words).unwrap();
            let optimized = prism::annotate::spv_lines::read(&optimized).unwrap();
            assert_eq!(
                optimized.instructions.len() as u32,
                totals.spirv_opt.unwrap().total,
                "{name} ({preset}): the optimized count differs from spirv-opt's output"
            );
            checked += 1;
        }
    }
    assert!(checked >= 150, "only {checked} fixture runs");
}

#[test]
fn a_cast_on_its_own_line_is_counted_there() {
    let path = fixture("annotate/cast_own_line.frag");
    let (_, a) = run(&path, Preset::Webgpu);
    // `int i =` keeps only the store; the conversion is on the next line.
    assert_eq!(ops(line(&a, 10), "FClamp"), 0);
    assert_eq!(ops(line(&a, 11), "FClamp"), 1);
    assert_eq!(ops(line(&a, 11), "OpConvertFToS"), 1);
    assert!(has_kind(
        line(&a, 11),
        "spirv",
        InsertedKind::SaturatingConversion
    ));
    assert!(has_kind(
        line(&a, 11),
        "hlsl",
        InsertedKind::SaturatingConversion
    ));
    assert!(has_kind(line(&a, 12), "spirv", InsertedKind::BoundsCheck));
    assert!(!has_kind(line(&a, 11), "spirv", InsertedKind::BoundsCheck));
}

#[test]
fn a_multi_line_expression_is_counted_line_by_line() {
    let (_, a) = run(&fixture("annotate/multi_line.frag"), Preset::None);
    assert_eq!(ops(line(&a, 9), "OpFMul"), 1);
    assert_eq!(ops(line(&a, 9), "OpFAdd"), 0);
    assert_eq!(ops(line(&a, 10), "Sqrt"), 1);
    assert_eq!(ops(line(&a, 10), "OpFAdd"), 1);
    assert_eq!(ops(line(&a, 11), "OpFDiv"), 1);
    assert_eq!(ops(line(&a, 12), "Exp2"), 1);
}

#[test]
fn builtin_calls_are_counted_on_their_lines() {
    let (_, a) = run(&fixture("annotate/builtins.frag"), Preset::None);
    assert_eq!(ops(line(&a, 9), "Normalize"), 1);
    assert_eq!(ops(line(&a, 10), "OpImageSampleImplicitLod"), 1);
    assert_eq!(ops(line(&a, 11), "OpDot"), 1);
    assert_eq!(ops(line(&a, 12), "OpVectorTimesScalar"), 1);
}

#[test]
fn macro_costs_land_where_the_macro_is_used() {
    let (_, a) = run(&fixture("annotate/macros.frag"), Preset::None);
    assert!(
        a.line(&a.input, 5).is_none(),
        "the #define line costs nothing"
    );
    assert_eq!(ops(line(&a, 10), "FClamp"), 1);
    assert_eq!(ops(line(&a, 10), "OpFMul"), 1);
    assert_eq!(ops(line(&a, 11), "FClamp"), 1);
}

#[test]
fn included_files_get_their_own_lines() {
    let (_, a) = run(&fixture("include/lit.frag"), Preset::None);
    let included: Vec<&LineCost> = a.lines.iter().filter(|l| l.file != a.input).collect();
    assert!(
        included
            .iter()
            .any(|l| l.file.ends_with("common.glsl") && l.spirv.total > 0),
        "costs inside lib/common.glsl: {:?}",
        included
            .iter()
            .map(|l| (&l.file, l.line))
            .collect::<Vec<_>>()
    );
}

#[test]
fn robustness_presets_change_exactly_the_lines_that_index() {
    let path = fixture("annotate/indexing.vert");
    let checked = marked_lines(&path, "checked");
    assert_eq!(checked.len(), 2);
    let (_, none) = run(&path, Preset::None);
    for robustness in [
        Robustness::preset(Preset::Webgpu),
        Robustness::preset(Preset::Webgl),
        rzsw(Preset::Webgl),
    ] {
        let preset = format!("{:?}", robustness);
        let (_, with) = run_with(&path, robustness);
        for l in &with.lines {
            let base = none.line(&l.file, l.line).cloned().unwrap_or_default();
            let is_checked = checked.contains(&l.line);
            assert_eq!(
                l.spirv.bounds_check > 0,
                is_checked,
                "{preset}: line {} bounds checks {}",
                l.line,
                l.spirv.bounds_check
            );
            // Everything but the check is the same instruction for instruction.
            assert_eq!(
                l.spirv.total - l.spirv.bounds_check,
                base.spirv.total,
                "{preset}: line {}",
                l.line
            );
            assert_eq!(
                has_kind(l, "spirv", InsertedKind::BoundsCheck),
                is_checked,
                "{preset}: line {}",
                l.line
            );
        }
        assert_eq!(
            with.no_source_line.spirv.bounds_check, 0,
            "{preset}: no check without a line"
        );
    }
    // The uniform array lives in prism's uniform block: read-zero-skip-write buffers read zero
    // past the end (compare + branch); `webgl` and `webgpu` clamp (UMin), as ANGLE does.
    let (_, zeroing) = run_with(&path, rzsw(Preset::Webgl));
    let (_, clamping) = run(&path, Preset::Webgl);
    let what = |a: &Annotation| {
        line(a, checked[0])
            .inserted
            .iter()
            .find(|i| i.target == "spirv" && i.kind == InsertedKind::BoundsCheck)
            .map(|i| i.what.clone())
            .unwrap()
    };
    assert!(
        what(&zeroing).starts_with("ReadZeroSkipWrite"),
        "{}",
        what(&zeroing)
    );
    assert!(
        what(&clamping).starts_with("Restrict"),
        "{}",
        what(&clamping)
    );
    assert!(
        line(&zeroing, checked[0]).spirv.bounds_check
            > line(&clamping, checked[0]).spirv.bounds_check,
        "a compare and branch costs more than a clamp"
    );
}

#[test]
fn saturating_conversions_are_marked_on_their_lines_under_every_preset() {
    let path = fixture("annotate/indexing.vert");
    let f2i = marked_lines(&path, "f2i");
    for preset in [Preset::None, Preset::Webgl, Preset::Webgpu] {
        let (_, a) = run(&path, preset);
        for l in &a.lines {
            let expected = f2i.contains(&l.line);
            for target in ["spirv", "hlsl", "msl"] {
                assert_eq!(
                    has_kind(l, target, InsertedKind::SaturatingConversion),
                    expected,
                    "{preset} {target}: line {}",
                    l.line
                );
            }
            assert!(!has_kind(l, "glsl", InsertedKind::SaturatingConversion));
            assert!(!has_kind(l, "wgsl", InsertedKind::SaturatingConversion));
        }
    }
}

#[test]
fn integer_helpers_are_placed_on_their_lines() {
    let path = fixture("annotate/int_math.comp");
    let (_, a) = run(&path, Preset::None);
    for helper in ["naga_div", "naga_mod", "naga_neg", "naga_abs"] {
        let lines = marked_lines(&path, helper);
        assert_eq!(lines.len(), 1, "{helper}");
        let cost = line(&a, lines[0]);
        for target in ["hlsl", "msl"] {
            assert!(
                cost.inserted
                    .iter()
                    .any(|i| i.target == target && i.what == helper),
                "{target}: {helper} on line {}: {:?}",
                lines[0],
                cost.inserted
            );
        }
    }
    assert!(a.notes.is_empty(), "{:?}", a.notes);
    // SPIR-V writes integer division as calls of its own helper functions.
    assert!(a
        .functions
        .iter()
        .any(|f| f.kind == "helper" && f.name == "naga_div"));
}

#[test]
fn helper_calls_in_every_target_match_the_prediction() {
    for path in corpus() {
        let Ok(compilation) = compile_path(&path, &options(Preset::Webgpu)) else {
            continue;
        };
        let all_text = AnnotateOptions {
            targets: vec![Target::Hlsl, Target::Msl, Target::Glsl, Target::Wgsl],
            optimize: false,
        };
        let a = annotate(&compilation, &all_text).unwrap();
        let misplaced: Vec<_> = a
            .notes
            .iter()
            .filter(|n| !n.contains("not written"))
            .collect();
        assert!(misplaced.is_empty(), "{}: {misplaced:?}", path.display());
    }
}

#[test]
fn spirv_input_has_everything_in_the_no_line_bucket() {
    let path = fixture("spirv/histogram.comp.spv");
    let compilation = compile(&path, Preset::None);
    assert_eq!(compilation.parsed.kind, InputKind::Spirv);
    let a = annotate(&compilation, &AnnotateOptions::default()).unwrap();
    assert!(a.lines.is_empty());
    assert_eq!(a.no_source_line.spirv.total, a.totals.spirv.total);
    assert!(a.totals.spirv.total > 0);
}

/// Text and JSON of the attribution and skinning fixtures, under `snapshots/annotate/`.
#[test]
fn annotate_snapshots() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("snapshots")
        .join("annotate");
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(&dir);
    settings.set_prepend_module_to_snapshot(false);
    let mut referenced = std::collections::BTreeSet::new();
    let root = common::fixture_root();
    for folder in ["annotate", "skinning"] {
        for path in common::fixtures(folder) {
            let (compilation, a) = run(&path, Preset::Webgpu);
            // Paths relative to the crate, whatever the machine.
            let rel = path
                .strip_prefix(root.parent().unwrap())
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let text = prism::render::text::annotation(
                &a,
                &compilation.files,
                prism::render::text::TextOptions::default(),
            )
            .replace(&path.display().to_string(), &rel);
            let json = serde_json::to_string_pretty(&a)
                .unwrap()
                .replace(&path.display().to_string(), &rel);
            let base = rel.trim_start_matches("fixtures/").replace(['/', '.'], "_");
            for (kind, body) in [("text", text), ("json", json)] {
                let name = format!("{base}__{kind}");
                referenced.insert(format!("{name}.snap"));
                settings.bind(|| insta::assert_snapshot!(name, body));
            }
        }
    }
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().to_string();
        assert!(
            !name.ends_with(".snap") || referenced.contains(&name),
            "snapshots/annotate/{name} is not produced by any fixture: delete it"
        );
    }
}

#[test]
fn operands_defined_elsewhere_do_not_move_an_operation() {
    let path = fixture("annotate/helpers.wgsl");
    let (_, a) = run(&path, Preset::None);
    let at = |marker| marked_lines(&path, marker)[0];
    assert_eq!(
        ops(line(&a, at("multiply")), "OpFMul"),
        1,
        "not on the signature"
    );
    assert_eq!(ops(line(&a, at("divide")), "OpFDiv"), 1, "not on `let b`");
    let b_line = at("divide") - 1;
    assert_eq!(ops(line(&a, b_line), "OpFDiv"), 0);
}

#[test]
fn helpers_written_twice_are_counted_twice() {
    let path = fixture("annotate/helpers.wgsl");
    let (_, a) = run(&path, Preset::None);
    let compound = line(&a, marked_lines(&path, "naga_div x2")[0]);
    assert_eq!(
        compound.helpers["hlsl"], 2,
        "the load and the store each divide"
    );
    assert_eq!(compound.helpers["msl"], 2);
    let fmod = line(&a, marked_lines(&path, "float mod")[0]);
    assert_eq!(fmod.helpers["hlsl"], 1, "HLSL wraps float %");
    assert_eq!(fmod.helpers["msl"], 0, "MSL uses metal::fmod");
    assert!(a.notes.is_empty(), "{:?}", a.notes);
}

#[test]
fn the_forced_loop_bound_is_marked_on_the_loop_and_apart_from_checks() {
    let path = fixture("annotate/loop.frag");
    let loop_line = marked_lines(&path, "loop")[0];
    let checked = marked_lines(&path, "checked")[0];
    let (_, none) = run(&path, Preset::None);
    let (_, webgpu) = run(&path, Preset::Webgpu);
    for a in [&none, &webgpu] {
        for l in a.lines.iter().chain([&a.no_source_line]) {
            assert_eq!(
                has_kind(l, "spirv", InsertedKind::LoopBound),
                l.line == loop_line,
                "{}: line {}",
                a.robustness.preset,
                l.line
            );
            // The optimizer may move a branch of it to a block without a line (line 0).
            if l.line != 0 {
                assert_eq!(
                    has_kind(l, "spirv-opt", InsertedKind::LoopBound),
                    l.line == loop_line
                );
            }
            assert_eq!(
                l.spirv.bounds_check > 0,
                a.robustness.preset == "webgpu" && l.line == checked
            );
        }
    }
    assert_eq!(
        webgpu.totals.spirv.total - webgpu.totals.spirv.bounds_check,
        none.totals.spirv.total
    );
}
