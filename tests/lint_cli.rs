//! `prism lint` and `prism rule` from the command line: formats, exit codes, configuration,
//! suppression, fixes written atomically, and bad input.

mod common;

use std::path::Path;

use common::{prism, run, stderr, stdout};

/// A WebGL 2 fragment shader with one ARI001 finding whose fix is unsafe (the operand can
/// be negative) and one whose fix is safe (a masked, never-negative operand).
const DIVIDE: &str =
    "#version 300 es\nprecision highp float;\nflat in int vCell;\nout vec4 color;\n\
void main() {\n    int row = vCell / 16;\n    int cell = vCell & 255;\n    int col = cell % 16;\n    \
color = vec4(float(row), float(col), 0.0, 1.0);\n}\n";

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&path, text).unwrap();
    path
}

/// `prism lint --isolated ARGS PATH` (no `prism.toml` is read).
fn lint_isolated<const N: usize>(path: &Path, args: [&str; N]) -> std::process::Output {
    run(prism().args(["lint", "--isolated"]).args(args).arg(path))
}

fn json(out: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", stdout(out), stderr(out)))
}

fn findings(doc: &serde_json::Value) -> Vec<(String, u64)> {
    doc["reports"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["findings"].as_array().unwrap().iter())
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn json_report_points_at_lines_and_warnings_exit_zero() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "cells.frag", DIVIDE);
    let out = lint_isolated(&path, ["--select", "ARI001", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc = json(&out);
    assert_eq!(doc["schema"], "prism-lint/1");
    common::assert_matches_schema("prism-lint", &doc);
    assert_eq!(
        findings(&doc),
        vec![("ARI001".into(), 6), ("ARI001".into(), 8)]
    );
    let first = &doc["reports"][0]["findings"][0];
    assert_eq!(first["column"], 15, "{first:#}");
    assert_eq!(first["severity"], "warning");
}

#[test]
fn error_severity_from_the_command_line_config_exits_one() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "prism.toml",
        "[lint]\nselect = [\"ARI\"]\nseverity = { ARI001 = \"error\" }\n",
    );
    let path = write(dir.path(), "shaders/cells.frag", DIVIDE);
    let out = run(prism().args(["lint"]).arg(&path));
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    let text = stdout(&out);
    assert!(
        text.contains("error[ARI001 signed-power-of-two-division]"),
        "{text}"
    );
    assert!(text.contains("cells.frag:6:15"), "{text}");
    assert!(text.contains("2 findings (2 errors"), "{text}");
}

#[test]
fn config_errors_name_the_file_and_line_and_exit_two() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "prism.toml",
        "[lint]\nselect = [\"ARI\"]\ncolour = true\n",
    );
    let path = write(dir.path(), "a.frag", DIVIDE);
    let out = run(prism().args(["lint"]).arg(&path));
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("prism.toml:3:1") && err.contains("colour"),
        "{err}"
    );

    write(dir.path(), "prism.toml", "[lint]\nignore = [\"ARI999\"]\n");
    let out = run(prism().args(["lint"]).arg(&path));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("prism.toml:2:11"), "{}", stderr(&out));

    let out = lint_isolated(&path, ["--select", "NOPE"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("`NOPE` names no prism rule"));
}

#[test]
fn per_path_overrides_and_ignore_apply() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "prism.toml",
        "[lint]\nselect = [\"ARI001\"]\n[[lint.overrides]]\nfiles = [\"legacy/**\"]\nignore = [\"ARI001\"]\n",
    );
    write(dir.path(), "new/a.frag", DIVIDE);
    write(dir.path(), "legacy/b.frag", DIVIDE);
    let out = run(prism().args(["lint", "--format", "json"]).arg(dir.path()));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc = json(&out);
    let reports = doc["reports"].as_array().unwrap();
    assert_eq!(reports.len(), 2);
    // Deterministic order: by path.
    assert!(reports[0]["input"]
        .as_str()
        .unwrap()
        .ends_with("legacy/b.frag"));
    assert_eq!(reports[0]["findings"].as_array().unwrap().len(), 0);
    assert_eq!(reports[1]["findings"].as_array().unwrap().len(), 2);
}

#[test]
fn inline_suppression_and_unused_suppression() {
    let dir = tempfile::tempdir().unwrap();
    let text = DIVIDE
        .replace(
            "    int row = vCell / 16;",
            "    int row = vCell / 16; // prism: allow(ARI001)",
        )
        .replace("void main() {", "// prism: allow(ARI004)\nvoid main() {");
    let path = write(dir.path(), "s.frag", &text);
    let out = lint_isolated(
        &path,
        ["--select", "ARI001,ARI004,PRISM001", "--format", "json"],
    );
    let doc = json(&out);
    assert_eq!(
        findings(&doc),
        vec![("PRISM001".into(), 5), ("ARI001".into(), 9)]
    );
    assert_eq!(doc["reports"][0]["suppressed"], 1);
}

#[test]
fn sarif_output_is_valid_sarif_2_1_0() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "cells.frag", DIVIDE);
    let out = lint_isolated(&path, ["--select", "ALL", "--format", "sarif"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sarif-schema-2.1.0.json"),
        )
        .unwrap(),
    )
    .unwrap();
    // tests/data/README.md says where the schema comes from (and its one erratum fix).
    let validator = jsonschema::draft7::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // The validator is not vacuous: a level SARIF does not have is caught.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(validator.iter_errors(&broken).next().is_some());
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert!(!results.is_empty());
    let safe = results
        .iter()
        .find(|r| r["locations"][0]["physicalLocation"]["region"]["startLine"] == 8)
        .unwrap();
    assert_eq!(safe["ruleId"], "ARI001");
    let replacement = &safe["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert!(
        replacement["insertedContent"]["text"].is_string(),
        "{safe:#}"
    );
    // The rule table names every rule with its documentation.
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert_eq!(rules.len(), prism::lint::RULES.len());
}

#[test]
fn github_annotations_carry_file_line_and_code() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "cells.frag", DIVIDE);
    let out = lint_isolated(&path, ["--select", "ARI001", "--format", "github"]);
    let text = stdout(&out);
    let first = text.lines().next().unwrap();
    assert!(first.starts_with("::warning file="), "{text}");
    assert!(first.contains(",line=6,col=15,"), "{first}");
    assert!(
        first.contains("title=ARI001 signed-power-of-two-division::"),
        "{first}"
    );
    assert_eq!(text.lines().count(), 2);
}

#[test]
fn diff_changes_nothing_and_fix_writes_only_safe_fixes() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "cells.frag", DIVIDE);
    let out = lint_isolated(&path, ["--select", "ARI001", "--diff"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let diff = stdout(&out);
    assert!(diff.contains("-    int col = cell % 16;"), "{diff}");
    assert!(diff.contains("+    int col = cell & 15;"), "{diff}");
    assert!(
        !diff.contains("+    int row"),
        "unsafe fix shown without --unsafe-fixes:\n{diff}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), DIVIDE);

    let out = lint_isolated(&path, ["--select", "ARI001", "--fix", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let fixed = std::fs::read_to_string(&path).unwrap();
    assert!(fixed.contains("int col = cell & 15;"), "{fixed}");
    assert!(fixed.contains("int row = vCell / 16;"), "{fixed}");
    // What is left is the unsafe one.
    assert_eq!(findings(&json(&out)), vec![("ARI001".into(), 6)]);
    assert!(stderr(&out).contains("fixed 1 finding"), "{}", stderr(&out));

    let out = lint_isolated(&path, ["--select", "ARI001", "--fix", "--unsafe-fixes"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(std::fs::read_to_string(&path)
        .unwrap()
        .contains("int row = vCell >> 4;"));
    // No temporary files left beside it.
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1);
}

#[test]
fn rule_documentation() {
    let out = run(prism().args(["rule", "ARI001"]));
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    for section in [
        "## What it does",
        "## Why is this bad?",
        "## Example",
        "## Use instead",
        "## Fix safety",
    ] {
        assert!(text.contains(section), "{text}");
    }
    let out = run(prism().args(["rule", "--all", "--format", "json"]));
    let doc = json(&out);
    let codes: Vec<&str> = doc["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes.len(), prism::lint::RULES.len());
    assert!(codes.contains(&"UB001"));
    let out = run(prism().args(["rule", "XYZ123"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no rule `XYZ123`"));
}

#[test]
fn bad_input_is_a_clear_error_with_exit_two() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(prism()
        .args(["lint", "--isolated"])
        .arg(dir.path().join("missing.frag")));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("missing.frag"), "{}", stderr(&out));

    let broken = write(
        dir.path(),
        "broken.frag",
        "#version 300 es\nprecision highp float;\nout vec4 c;\nvoid main() {\n  c = vec4(1.0) +;\n}\n",
    );
    let garbage = dir.path().join("garbage.vert");
    std::fs::write(&garbage, [0u8, 159, 146, 150, 255, 0, 1]).unwrap();
    let good = write(dir.path(), "good.frag", DIVIDE);
    let out = run(prism()
        .args(["lint", "--isolated", "--format", "json"])
        .args([&broken, &garbage, &good]));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("broken.frag:5:"), "{err}");
    assert!(err.contains("garbage.vert"), "{err}");
    // The good shader is still reported.
    assert_eq!(json(&out)["reports"].as_array().unwrap().len(), 1);
}

#[test]
fn a_misspelt_gpu_is_an_error_not_an_unmeasured_run() {
    let dir = tempfile::tempdir().unwrap();
    let shader = write(dir.path(), "good.frag", DIVIDE);
    let out = lint_isolated(&shader, ["--gpu", "vega10,vega01"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("unknown GPU `vega01`"),
        "{}",
        stderr(&out)
    );
    // `family:NAME` is accepted as spelled.
    let out = lint_isolated(&shader, ["--no-measure", "--gpu", "family:navi31"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // A GPU that measures nothing says why in the finding (`/ 16` → `>> 4` lowers no
    // optimized SPIR-V, so only ISA could have judged it).
    let out = lint_isolated(&shader, ["--gpu", "device:99"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("no GPU ISA was measured (device:99: "),
        "{text}"
    );
}

#[test]
fn folders_follow_file_symlinks_and_exclude_matches_file_names() {
    let dir = tempfile::tempdir().unwrap();
    let outside = write(dir.path(), "outside/linked.frag", DIVIDE);
    write(dir.path(), "shaders/a.frag", DIVIDE);
    write(dir.path(), "shaders/deep/b.gen.frag", DIVIDE);
    std::os::unix::fs::symlink(&outside, dir.path().join("shaders/linked.frag")).unwrap();
    let inputs = |out: &std::process::Output| -> Vec<String> {
        json(out)["reports"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                let input = r["input"].as_str().unwrap();
                input.rsplit('/').next().unwrap().to_string()
            })
            .collect()
    };
    let out = run(prism()
        .args(["lint", "--isolated", "--no-measure", "--format", "json"])
        .arg(dir.path().join("shaders")));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(inputs(&out), ["a.frag", "b.gen.frag", "linked.frag"]);
    let out = run(prism()
        .args(["lint", "--isolated", "--no-measure", "--format", "json"])
        .args(["--exclude", "b.gen.frag"])
        .arg(dir.path().join("shaders")));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(inputs(&out), ["a.frag", "linked.frag"]);
}
