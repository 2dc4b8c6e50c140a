//! Every versioned JSON document prism writes has a JSON Schema under `docs/schemas/`,
//! generated from the document's types (`prism::render::json::schemas`). The committed files
//! must be what the types give now, and real outputs of each command must validate against
//! them. Refresh the files after changing a document type with
//! `PRISM_WRITE_SCHEMAS=1 cargo test --test schemas`.

mod common;

use std::path::{Path, PathBuf};

use common::{assert_matches_schema, fixture_arg as fixture, prism, run, stderr, stdout};

fn schema_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/schemas")
}

fn json(out: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", stdout(out), stderr(out)))
}

/// The documents first written through `serde_json::Value` keep its sorted keys: the output is
/// byte for byte what `Value` would print.
fn assert_keys_sorted(out: &std::process::Output) {
    let mut sorted = serde_json::to_string_pretty(&json(out)).unwrap();
    sorted.push('\n');
    assert_eq!(stdout(out), sorted);
}

#[test]
fn committed_schemas_are_what_the_types_give() {
    let write = std::env::var_os("PRISM_WRITE_SCHEMAS").is_some_and(|v| v == "1");
    let mut stale = Vec::new();
    let mut names = Vec::new();
    for document in prism::render::json::schemas() {
        let path = schema_dir().join(format!("{}.schema.json", document.name));
        let mut text = serde_json::to_string_pretty(&document.schema).unwrap();
        text.push('\n');
        names.push(format!("{}.schema.json", document.name));
        if write {
            std::fs::create_dir_all(schema_dir()).unwrap();
            std::fs::write(&path, &text).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            stale.push(path.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "these schemas differ from what prism's types give (a document type changed?):\n{}\n\
         refresh them with `PRISM_WRITE_SCHEMAS=1 cargo test --test schemas`, and review the diff",
        stale.join("\n")
    );
    // No schema is left behind for a document that no longer exists.
    for entry in std::fs::read_dir(schema_dir()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            name == "README.md"
                || names.contains(&name)
                || (cfg!(not(feature = "gpu"))
                    && [
                        "prism-bench.schema.json",
                        "prism-tune.schema.json",
                        "prism-network.schema.json",
                    ]
                    .contains(&name.as_str())),
            "docs/schemas/{name} is no document's schema"
        );
    }
}

#[test]
fn every_schema_rejects_what_is_not_its_document() {
    for document in prism::render::json::schemas() {
        let schema = common::committed_schema(document.name);
        let validator = jsonschema::draft202012::new(&schema).unwrap();
        assert!(
            !validator.is_valid(&serde_json::json!({})),
            "{} accepts an empty object",
            document.name
        );
        assert!(!validator.is_valid(&serde_json::json!([1, 2])));
    }
}

#[test]
fn annotate_and_diff_outputs_match_their_schemas() {
    let out = run(prism().args([
        "annotate",
        &fixture("skinning/float_index.vert"),
        "--robustness",
        "webgpu",
        "--format",
        "json",
    ]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_matches_schema("prism-annotate", &json(&out));

    let out = run(prism().args([
        "diff",
        &fixture("skinning/float_index.vert"),
        &fixture("skinning/int_struct.vert"),
        "--robustness",
        "webgpu",
        "--format",
        "json",
    ]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_matches_schema("prism-diff", &json(&out));
}

#[test]
fn compile_outputs_match_their_schemas() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.frag");
    std::fs::write(&broken, "#version 300 es\nvoid main() { undefined(); }\n").unwrap();
    // One input that compiles (with bindings and inline code), one that does not.
    let out = run(prism()
        .args([
            "compile",
            &fixture("webgl1/skin.vert"),
            "--target",
            "hlsl,spirv-asm",
        ])
        .arg(&broken)
        .args(["--format", "json"]));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let document = json(&out);
    assert_eq!(document["inputs"].as_array().map(Vec::len), Some(2));
    assert_matches_schema("prism-compile", &document);
    assert_keys_sorted(&out);

    // Written to files: outputs carry paths, not code.
    let out = run(prism()
        .args([
            "compile",
            &fixture("webgl1/skin.vert"),
            "--target",
            "hlsl,spirv",
            "-o",
        ])
        .arg(dir.path().join("out"))
        .args(["--format", "json"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_matches_schema("prism-compile", &json(&out));

    let out = run(prism()
        .args(["compile", "--check", "--format", "json"])
        .arg(dir.path())
        .arg(fixture("webgl1/skin.vert")));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let document = json(&out);
    assert_eq!(document["failed"], 1);
    assert_matches_schema("prism-compile-check", &document);
    assert_keys_sorted(&out);
}

#[test]
fn check_outputs_and_the_baseline_match_their_schemas() {
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
    let baseline_path = dir.path().join("costs.json");
    let mut baseline: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&baseline_path).unwrap()).unwrap();
    assert_matches_schema("prism-baseline", &baseline);

    // Record one count lower and one higher than they are: a regression and an improvement.
    let metrics = &mut baseline["shaders"]["shaders/float_index.vert"];
    let spirv = metrics["spirv"].as_f64().unwrap();
    metrics["spirv"] = (spirv - 1.0).into();
    metrics["ir"] = (metrics["ir"].as_f64().unwrap() + 1.0).into();
    baseline["shaders"]["shaders/gone.vert"] = serde_json::json!({ "spirv": 1.0 });
    std::fs::write(&baseline_path, baseline.to_string()).unwrap();
    let out = check(&["--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let document = json(&out);
    assert_eq!(document["regressions"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        document["removed"],
        serde_json::json!(["shaders/gone.vert"])
    );
    assert_matches_schema("prism-check", &document);
    assert_keys_sorted(&out);
}

#[test]
fn lint_output_matches_its_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cells.frag");
    std::fs::write(
        &path,
        "#version 300 es\nprecision highp float;\nflat in int vCell;\nout vec4 color;\n\
         void main() {\n    int row = vCell / 16;\n    int col = vCell % 16;\n    \
         color = vec4(float(row), float(col), 0.0, 1.0);\n}\n",
    )
    .unwrap();
    let out = run(prism()
        .args([
            "lint",
            "--isolated",
            "--select",
            "ALL",
            "--no-measure",
            "--format",
            "json",
        ])
        .arg(&path));
    assert_ne!(out.status.code(), Some(2), "{}", stderr(&out));
    let document = json(&out);
    assert!(document["reports"][0]["findings"]
        .as_array()
        .is_some_and(|f| f.iter().any(|f| f["fix"]["edits"].is_array())));
    assert_matches_schema("prism-lint", &document);
}

#[test]
fn rule_output_matches_its_schema() {
    let out = run(prism().args(["rule", "--all", "--format", "json"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let document = json(&out);
    assert!(document["rules"].as_array().is_some_and(|r| r.len() > 10));
    assert_matches_schema("prism-rules", &document);
    let out = run(prism().args(["rule", "ARI001", "--format", "json"]));
    let document = json(&out);
    assert_eq!(document["rules"][0]["code"], "ARI001");
    assert_matches_schema("prism-rules", &document);
}

/// `prism isa` and `prism isa --list-gpus` as typed documents: they match their schemas, keep
/// the sorted keys they were first written with, and name the driver of every figure.
#[cfg(feature = "isa")]
#[test]
fn isa_outputs_match_their_schemas() {
    let gpu = common::radv_or_skip("isa_outputs_match_their_schemas (driver figures)");
    let out = run(prism().args([
        "isa",
        &fixture("skinning/float_index.vert"),
        "--gpu",
        "vega10,nosuchfamily",
        "--format",
        "json",
    ]));
    assert_eq!(
        out.status.code(),
        Some(2),
        "one family fails: {}",
        stderr(&out)
    );
    let document = json(&out);
    assert_matches_schema("prism-isa-report", &document);
    assert_keys_sorted(&out);
    assert_eq!(document["gpus"][1]["ok"], false);
    assert!(document["gpus"][1]["error"]["message"].is_string());
    if gpu {
        let driver = document["gpus"][0]["report"]["driver"].as_str().unwrap();
        assert!(driver.starts_with("radv Mesa "), "{driver}");
    }

    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.frag");
    std::fs::write(&broken, "#version 450\nvoid main() { x = 1; }\n").unwrap();
    let out = run(prism().arg("isa").arg(&broken).args(["--format", "json"]));
    assert_eq!(out.status.code(), Some(2));
    assert_matches_schema("prism-isa-report", &json(&out));
    assert_keys_sorted(&out);

    let out = run(prism().args(["isa", "--list-gpus", "--format", "json"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let document = json(&out);
    assert_matches_schema("prism-isa-gpus", &document);
    assert_keys_sorted(&out);
    if gpu {
        let vega = document["gpus"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["gpu"] == "vega10")
            .expect("vega10 listed");
        assert!(
            vega["driver"].as_str().unwrap().starts_with("radv Mesa "),
            "{vega}"
        );
    }
}
