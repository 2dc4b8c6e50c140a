//! `prism annotate`, `prism diff` and `prism check` as a user (and a CI job) runs them.

mod common;

use std::process::Output;

use common::{fixture_arg as fixture, prism, run, stderr, stdout};

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", stdout(out)))
}

#[test]
fn annotate_prints_the_source_with_counts() {
    let out = run(prism().args([
        "annotate",
        &fixture("annotate/cast_own_line.frag"),
        "--robustness",
        "webgpu",
    ]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let line11 = text
        .lines()
        .find(|l| l.contains("int(vIndex);"))
        .expect("line 11 is printed");
    assert!(
        line11.contains(" S "),
        "marked as a saturating conversion: {line11}"
    );
    assert!(text.contains("bounds check: Restrict"), "{text}");
    assert!(!text.contains('\x1b'), "no colour when not a terminal");
}

#[test]
fn annotate_json_has_the_schema_and_targets() {
    let out = run(prism().args([
        "annotate",
        &fixture("annotate/int_math.comp"),
        "--target",
        "hlsl,spirv,glsl",
        "--format",
        "json",
    ]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(v["schema"], "prism-annotate/1");
    common::assert_matches_schema("prism-annotate", &v);
    let targets: Vec<&str> = v["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["target"].as_str().unwrap())
        .collect();
    assert_eq!(targets, ["hlsl", "glsl"], "spirv always has its columns");
    assert_eq!(v["totals"]["helpers"]["hlsl"], 4);
    assert_eq!(v["totals"]["helpers"]["glsl"], 0);
}

#[test]
fn annotate_html_is_written_atomically_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("skin.html");
    let out = run(prism().args([
        "annotate",
        &fixture("skinning/float_index.vert"),
        "--format",
        "html",
        "-o",
        page.to_str().unwrap(),
    ]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(
        html.starts_with("<!DOCTYPE html>"),
        "{}",
        &html[..60.min(html.len())]
    );
    assert!(html.contains("uBones"));
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temp file left"
    );
}

#[test]
fn annotate_errors_exit_2_with_the_location() {
    let path = common::fixture_root().join("malformed/webgl2_type_mismatch.frag");
    let line = common::expected_error_line(&path).expect("the fixture names its error line");
    let out = run(prism().args(["annotate", path.to_str().unwrap()]));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(&format!("webgl2_type_mismatch.frag:{line}:")),
        "{}",
        stderr(&out)
    );
    let out = run(prism().args(["annotate", "/no/such/shader.vert"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("/no/such/shader.vert"),
        "{}",
        stderr(&out)
    );
}

/// `prism diff` of the float-index skinning shader against its integer-index + struct rewrite
/// (JSON unless `extra` names another format).
fn skin_diff(extra: &[&str]) -> Output {
    let format = if extra.contains(&"--format") {
        &[][..]
    } else {
        &["--format", "json"][..]
    };
    run(prism()
        .args([
            "diff",
            &fixture("skinning/float_index.vert"),
            &fixture("skinning/int_struct.vert"),
            "--robustness",
            "webgpu",
        ])
        .args(format)
        .args(extra))
}

#[test]
fn diff_of_the_skinning_rewrite_reports_savings() {
    let out = skin_diff(&[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(v["schema"], "prism-diff/1");
    common::assert_matches_schema("prism-diff", &v);
    let total = |metric: &str| {
        v["totals"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["metric"] == metric)
            .map(|m| m["delta"].as_f64().unwrap())
            .unwrap()
    };
    assert!(total("spirv-opt") < 0.0);
    assert!(
        total("spirv.bounds-check") < 0.0,
        "one checked index per bone, not three"
    );
    assert_eq!(
        total("spirv.conversion"),
        -2.0,
        "no float→int conversion left"
    );
    // The conversion line is among the changed lines.
    assert!(v["lines"].as_array().unwrap().iter().any(|l| l["a_text"]
        .as_str()
        .is_some_and(|t| t.contains("ivec4(aBoneIndices)"))));
}

#[test]
fn diff_html_has_the_totals_and_both_shaders() {
    let out = skin_diff(&["--format", "html"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let html = stdout(&out);
    assert!(html.contains("B against A"));
    assert!(html.contains("float_index.vert") && html.contains("int_struct.vert"));
    assert!(html.contains("spirv-opt.bounds-check"), "the totals table");
}

#[test]
fn diff_of_two_presets_shows_the_checks() {
    let out = run(prism().args([
        "diff",
        &fixture("annotate/indexing.vert"),
        "--robustness",
        "none",
        "--robustness-b",
        "webgl",
    ]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("uRows[i]"), "{text}");
    assert!(text.contains("spirv.bounds-check"), "{text}");
    // Without a second shader or preset there is nothing to compare.
    let out = run(prism().args(["diff", &fixture("annotate/indexing.vert")]));
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn diff_on_vega10_finds_fewer_instructions_after_the_rewrite() {
    if !common::radv_or_skip("diff_on_vega10_finds_fewer_instructions_after_the_rewrite") {
        return;
    }
    let out = skin_diff(&["--gpu", "vega10"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = json(&out);
    let isa = &v["isa"][0];
    assert_eq!(isa["gpu"], "vega10");
    let instructions = isa["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["metric"] == "Instructions")
        .expect("an Instructions statistic");
    assert!(
        instructions["delta"].as_f64().unwrap() < 0.0,
        "{instructions}"
    );
    assert!(isa["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .all(|m| !m["metric"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("hash")));
}

#[test]
fn check_passes_fails_and_updates() {
    let dir = common::skinning_project();
    let shaders = dir.path().join("shaders");
    let baseline = dir.path().join("shader-costs.json");
    let check = |extra: &[&str]| {
        let mut cmd = prism();
        cmd.current_dir(dir.path())
            .args(["check", "shaders", "--baseline", "shader-costs.json"])
            .args(["--robustness", "webgpu"])
            .args(extra);
        run(&mut cmd)
    };
    let out = check(&["--update"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let recorded = std::fs::read_to_string(&baseline).unwrap();
    assert!(
        recorded.contains("\"shaders/float_index.vert\""),
        "{recorded}"
    );
    // Stable: a second update writes the same bytes.
    check(&["--update"]);
    assert_eq!(std::fs::read_to_string(&baseline).unwrap(), recorded);

    let out = check(&[]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(stdout(&out).contains("0 regression(s)"));

    // Make a shader more expensive: index a fourth row dynamically.
    let edited = std::fs::read_to_string(shaders.join("int_struct.vert"))
        .unwrap()
        .replace(
            "gl_Position = uViewProjection * (skin * vec4(aPosition, 1.0));",
            "gl_Position = uViewProjection * (skin * vec4(aPosition, 1.0)) + uBones[idx.x + idx.y].r0;",
        );
    std::fs::write(shaders.join("int_struct.vert"), edited).unwrap();
    let out = check(&[]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let text = stdout(&out);
    assert!(
        text.contains("shaders/int_struct.vert") && text.contains("spirv.bounds-check"),
        "{text}"
    );
    let out = check(&["--format", "github"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("::error file=shaders/int_struct.vert"),
        "{}",
        stdout(&out)
    );
    let out = check(&["--format", "markdown"]);
    assert!(
        stdout(&out).contains("| `shaders/int_struct.vert` |"),
        "{}",
        stdout(&out)
    );
    let out = check(&["--format", "json"]);
    let v = json(&out);
    assert!(!v["regressions"].as_array().unwrap().is_empty());
    common::assert_matches_schema("prism-check", &v);
    // A generous tolerance lets it through.
    let out = check(&["--tolerance", "1000"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));

    // Other settings than the baseline's are refused.
    let out = check(&["--target", "hlsl"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("targets: recorded hlsl,msl, now hlsl"),
        "{}",
        stderr(&out)
    );
    let out = check(&["--buffer-bounds", "read-zero-skip-write"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "a policy override is another setting"
    );
    // The order of --target does not matter.
    let out = check(&["--target", "msl,hlsl"]);
    assert_ne!(out.status.code(), Some(2), "{}", stderr(&out));

    // A broken shader does not overwrite the baseline.
    std::fs::write(
        shaders.join("broken.frag"),
        "#version 300 es\nvoid main() { x = 1; }\n",
    )
    .unwrap();
    let out = check(&["--update"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&baseline).unwrap(), recorded);
}

#[test]
fn check_reports_a_broken_baseline_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let baseline = dir.path().join("costs.json");
    std::fs::write(
        &baseline,
        "{\n  \"schema\": \"prism-baseline/2\",\n  nope\n}\n",
    )
    .unwrap();
    let out = run(prism().args([
        "check",
        &fixture("annotate/macros.frag"),
        "--baseline",
        baseline.to_str().unwrap(),
    ]));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("line 3"), "{}", stderr(&out));
    let out = run(prism().args([
        "check",
        &fixture("annotate/macros.frag"),
        "--baseline",
        dir.path().join("missing.json").to_str().unwrap(),
    ]));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--update"), "{}", stderr(&out));
}

/// Shaders are compiled on worker threads; a long expression chain (within the dialect's
/// 2048 limit) recursed past rayon's default 2 MiB stacks and aborted the whole run.
#[test]
fn check_compiles_deep_shaders_on_roomy_worker_threads() {
    let dir = tempfile::tempdir().unwrap();
    let chain = vec!["v"; 2000].join(" + ");
    let source = format!(
        "#version 450\nlayout(location = 0) in float v;\nlayout(location = 0) out vec4 o;\nvoid main() {{ o = vec4({chain}); }}\n"
    );
    for name in ["a.frag", "b.frag", "c.frag", "d.frag"] {
        std::fs::write(dir.path().join(name), &source).unwrap();
    }
    let out = run(prism().current_dir(dir.path()).args([
        "check",
        ".",
        "--baseline",
        "costs.json",
        "--update",
    ]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("(4 shaders)"), "{}", stderr(&out));
}

/// A baseline recorded by another toolchain: the counts that toolchain made are "not
/// comparable", never regressions; `--toolchain-change` picks the exit code (3, 0, or a plain
/// comparison), and the report says the command that re-records.
#[test]
fn a_toolchain_change_is_not_a_regression() {
    let dir = common::skinning_project();
    let baseline = dir.path().join("shader-costs.json");
    let gpu = common::radv_or_skip("a_toolchain_change_is_not_a_regression (GPU part)");
    let check = |extra: &[&str]| {
        let mut cmd = prism();
        cmd.current_dir(dir.path())
            .args(["check", "shaders", "--baseline", "shader-costs.json"])
            .args(["--robustness", "webgpu"])
            .args(if gpu {
                &["--gpu", "vega10"][..]
            } else {
                &[][..]
            })
            .args(extra);
        run(&mut cmd)
    };
    let out = check(&["--update"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let recorded: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&baseline).unwrap()).unwrap();
    assert_eq!(recorded["schema"], "prism-baseline/2");
    let toolchain = &recorded["toolchain"];
    assert_eq!(toolchain["prism"], env!("CARGO_PKG_VERSION"));
    assert!(toolchain["naga"].as_str().unwrap().starts_with("30."));
    if gpu {
        let driver = toolchain["drivers"]["vega10"].as_str().unwrap();
        assert!(driver.starts_with("radv Mesa "), "{driver}");
    }

    // As if recorded by an older naga (and an older Mesa), with smaller counts.
    let mut old = recorded.clone();
    old["toolchain"]["naga"] = "29.0.0".into();
    if gpu {
        old["toolchain"]["drivers"]["vega10"] = "radv Mesa 22.3.6".into();
    }
    for metrics in old["shaders"].as_object_mut().unwrap().values_mut() {
        for value in metrics.as_object_mut().unwrap().values_mut() {
            *value = (value.as_f64().unwrap() / 2.0).floor().into();
        }
    }
    std::fs::write(&baseline, serde_json::to_string_pretty(&old).unwrap()).unwrap();
    let out = check(&[]);
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    let text = stdout(&out);
    assert!(text.contains("0 regression(s)"), "{text}");
    assert!(
        text.contains(&format!(
            "recorded with naga 29.0.0, measured with naga {}",
            toolchain["naga"].as_str().unwrap()
        )),
        "{text}"
    );
    if gpu {
        assert!(
            text.contains("recorded with naga 29.0.0, radv Mesa 22.3.6, measured with naga"),
            "{text}"
        );
    }
    assert!(
        text.contains(
            "re-record the baseline with: prism check shaders --baseline shader-costs.json --robustness webgpu"
        ) && text.lines().any(|l| l.starts_with("re-record") && l.ends_with(" --update")),
        "{text}"
    );
    let out = check(&["--format", "json"]);
    assert_eq!(out.status.code(), Some(3));
    let v = json(&out);
    common::assert_matches_schema("prism-check", &v);
    assert!(v["regressions"].as_array().unwrap().is_empty());
    assert!(!v["not_comparable"][0]["changes"]
        .as_array()
        .unwrap()
        .is_empty());
    let out = check(&["--toolchain-change=warn", "--format", "github"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("::warning title=prism%3A toolchain changed::not comparable"),
        "{}",
        stdout(&out)
    );
    let out = check(&["--toolchain-change", "ignore"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "compared anyway: {}",
        stdout(&out)
    );

    // A prism-baseline/1 file (no toolchain) still reads; its counts are not comparable.
    let mut v1 = recorded.clone();
    v1["schema"] = "prism-baseline/1".into();
    v1.as_object_mut().unwrap().remove("toolchain");
    std::fs::write(&baseline, serde_json::to_string_pretty(&v1).unwrap()).unwrap();
    let out = check(&[]);
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(
        stdout(&out).contains("recorded with an unknown toolchain"),
        "{}",
        stdout(&out)
    );
}

/// Without --gpu, a new baseline measures the driver's default families (RDNA4 included
/// where the driver has it), and a check compares on the GPUs the baseline recorded.
#[test]
fn check_defaults_to_the_drivers_families() {
    if !common::radv_or_skip("check_defaults_to_the_drivers_families") {
        return;
    }
    let options = prism::isa::IsaOptions::new(env!("CARGO_BIN_EXE_prism"));
    let found = prism::isa::driver_families(&options).unwrap();
    let dir = common::skinning_project();
    let check = |extra: &[&str]| {
        let mut cmd = prism();
        cmd.current_dir(dir.path())
            .args(["check", "shaders", "--baseline", "costs.json"])
            .args(extra);
        run(&mut cmd)
    };
    let out = check(&["--update"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let recorded: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("costs.json")).unwrap())
            .unwrap();
    let gpus: Vec<&str> = recorded["settings"]["gpus"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g.as_str().unwrap())
        .collect();
    assert_eq!(gpus[0], "vega10");
    assert!(
        gpus.contains(&"gfx1100") || gpus.contains(&"navi31"),
        "{gpus:?}"
    );
    if found.knows("gfx1201") {
        assert!(
            gpus.contains(&"gfx1201"),
            "RDNA4 where the driver has it: {gpus:?}"
        );
        assert!(
            recorded["shaders"]["shaders/float_index.vert"]["isa.gfx1201.instructions"].is_number()
        );
    }
    for gpu in &gpus {
        assert!(recorded["toolchain"]["drivers"][gpu].is_string(), "{gpu}");
    }
    let out = check(&[]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    let out = check(&["--gpu", "none"]);
    assert_eq!(out.status.code(), Some(2), "other GPUs than the baseline's");
    assert!(stderr(&out).contains("gpus: recorded"), "{}", stderr(&out));
}
