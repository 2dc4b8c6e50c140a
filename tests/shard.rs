//! `--shard K/N` and the merges: three shards joined give the unsharded run's output byte for
//! byte (check's report and baseline, lint's JSON), and the merges refuse what does not join.

mod common;

use std::path::Path;
use std::process::Output;

use common::{prism, run, stderr, stdout};

/// How many shaders [`project`] copies: every file of the two fixture folders.
fn shaders_total() -> usize {
    ["skinning", "webgl2"]
        .iter()
        .map(|f| {
            std::fs::read_dir(common::fixture_root().join(f))
                .unwrap()
                .count()
        })
        .sum()
}

/// A project with [`shaders_total`] shaders in two folders (the skinning and WebGL 2 fixtures).
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for folder in ["skinning", "webgl2"] {
        let to = dir.path().join("shaders").join(folder);
        std::fs::create_dir_all(&to).unwrap();
        for entry in std::fs::read_dir(common::fixture_root().join(folder)).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
        }
    }
    dir
}

fn in_dir(dir: &Path, args: &[&str]) -> Output {
    run(prism().current_dir(dir).args(args))
}

fn args(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

const SHARDS: [&str; 3] = ["1/3", "2/3", "3/3"];

/// Run `command` once per shard of [`SHARDS`] with `--save-shard PREFIX-I.json`; each exits 0
/// (the merge gives the verdict). The files written, in shard order.
fn save_shards(dir: &Path, command: &[String], prefix: &str) -> Vec<String> {
    SHARDS
        .iter()
        .enumerate()
        .map(|(i, shard)| {
            let file = format!("{prefix}-{i}.json");
            let mut run = args(command);
            run.extend(["--shard", shard, "--save-shard", &file]);
            let out = in_dir(dir, &run);
            assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
            file
        })
        .collect()
}

#[test]
fn three_check_shards_merge_to_the_unsharded_report_and_baseline() {
    let dir = project();
    let dir = dir.path();
    let gpu = common::radv_or_skip("three_check_shards_merge... (ISA part)");
    let mut check = vec!["check", "shaders", "--robustness", "webgpu"];
    if gpu {
        check.extend(["--gpu", "vega10"]);
    }
    let with = |extra: &[&str]| -> Vec<String> {
        check.iter().chain(extra).map(|s| s.to_string()).collect()
    };

    // The baseline: unsharded, and from three shards.
    let out = in_dir(dir, &args(&with(&["--baseline", "costs.json", "--update"])));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut sizes = Vec::new();
    let update = with(&["--baseline", "sharded.json", "--update"]);
    for file in save_shards(dir, &update, "update") {
        let v: serde_json::Value = serde_json::from_str(&read(dir, &file)).unwrap();
        assert_eq!(v["schema"], "prism-check-shard/1");
        common::assert_matches_schema("prism-check-shard", &v);
        assert_eq!(v["shard"]["shaders_total"], shaders_total());
        sizes.push(v["shard"]["shaders"].as_array().unwrap().len());
    }
    assert_eq!(sizes.iter().sum::<usize>(), shaders_total());
    assert!(sizes.iter().all(|&n| n > 0), "{sizes:?}");
    assert!(
        !dir.join("sharded.json").exists(),
        "a shard writes no baseline"
    );
    let out = in_dir(
        dir,
        &[
            "check",
            "merge",
            "update-0.json",
            "update-2.json",
            "update-1.json",
            "--update",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(read(dir, "sharded.json"), read(dir, "costs.json"));

    // A regression and a broken shader, then the report.
    let path = dir.join("shaders/skinning/int_struct.vert");
    let edited = std::fs::read_to_string(&path).unwrap().replace(
        "gl_Position = uViewProjection * (skin * vec4(aPosition, 1.0));",
        "gl_Position = uViewProjection * (skin * vec4(aPosition, 1.0)) + uBones[idx.x + idx.y].r0;",
    );
    std::fs::write(&path, edited).unwrap();
    std::fs::write(
        dir.join("shaders/webgl2/broken.frag"),
        "#version 300 es\nvoid main() { x = 1; }\n",
    )
    .unwrap();
    std::fs::remove_file(dir.join("shaders/webgl2/skybox.frag")).unwrap();
    for format in ["json", "text"] {
        let whole = in_dir(
            dir,
            &args(&with(&["--baseline", "costs.json", "--format", format])),
        );
        assert_eq!(whole.status.code(), Some(2), "{}", stderr(&whole));
        let files = save_shards(dir, &with(&["--baseline", "costs.json"]), "check");
        let mut merge = vec!["check", "merge", "--format", format];
        merge.extend(files.iter().map(String::as_str));
        let merged = in_dir(dir, &merge);
        assert_eq!(
            merged.status.code(),
            whole.status.code(),
            "{}",
            stderr(&merged)
        );
        assert_eq!(stdout(&merged), stdout(&whole));
        if format == "json" {
            let v: serde_json::Value = serde_json::from_slice(&whole.stdout).unwrap();
            assert_eq!(v["removed"][0], "shaders/webgl2/skybox.frag");
            assert_eq!(v["failed"][0], "shaders/webgl2/broken.frag");
            assert!(!v["regressions"].as_array().unwrap().is_empty());
        }
    }

    // What does not join is refused, with the reason.
    let refused = |files: &[&str], why: &str| {
        let mut merge = vec!["check", "merge"];
        merge.extend(files);
        let out = in_dir(dir, &merge);
        assert_eq!(out.status.code(), Some(2), "{files:?}: {}", stdout(&out));
        assert!(stderr(&out).contains(why), "{files:?}: {}", stderr(&out));
    };
    refused(
        &["check-0.json", "check-1.json"],
        "gap: shard 3/3 is missing",
    );
    refused(
        &[
            "check-0.json",
            "check-1.json",
            "check-1.json",
            "check-2.json",
        ],
        "overlap: shard 2/3 is given twice",
    );
    refused(
        &["check-0.json", "check-1.json", "update-2.json"],
        "mixed settings",
    );
    refused(&["costs.json"], "not a `prism-check-shard/1` document");
    // Two shards' worth of the run at 1/2 and 2/2 of another split.
    let out = in_dir(
        dir,
        &args(&with(&[
            "--baseline",
            "costs.json",
            "--shard",
            "1/2",
            "--save-shard",
            "half.json",
        ])),
    );
    assert_ne!(out.status.code(), Some(1));
    refused(&["half.json", "check-1.json", "check-2.json"], "split into");
}

#[test]
fn the_split_is_stable_and_compile_check_covers_every_shader_once() {
    let dir = project();
    let dir = dir.path();
    let mut total = 0;
    for shard in SHARDS {
        let args = [
            "compile", "--check", "shaders", "--shard", shard, "--format", "json",
        ];
        let first = in_dir(dir, &args);
        assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
        let again = in_dir(dir, &args);
        assert_eq!(stdout(&first), stdout(&again), "the same shaders every run");
        let v: serde_json::Value = serde_json::from_slice(&first.stdout).unwrap();
        total += v["total"].as_u64().unwrap();
    }
    assert_eq!(total as usize, shaders_total());
    let out = in_dir(dir, &["compile", "--check", "shaders", "--shard", "4/3"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("is not a shard"), "{}", stderr(&out));
}

#[test]
fn three_lint_shards_merge_to_the_unsharded_json() {
    let dir = project();
    let dir = dir.path();
    let lint = [
        "lint",
        "shaders",
        "--no-measure",
        "--isolated",
        "--format",
        "json",
    ];
    let whole = in_dir(dir, &lint);
    assert_ne!(whole.status.code(), Some(2), "{}", stderr(&whole));
    let mut files = Vec::new();
    for (i, shard) in SHARDS.iter().enumerate() {
        let file = format!("lint-{i}.json");
        let mut args = lint.to_vec();
        args.extend(["--shard", shard, "-o", &file]);
        let out = in_dir(dir, &args);
        assert_ne!(out.status.code(), Some(2), "{}", stderr(&out));
        common::assert_matches_schema(
            "prism-lint",
            &serde_json::from_str(&read(dir, &file)).unwrap(),
        );
        files.push(file);
    }
    let mut merge = vec!["lint", "merge"];
    merge.extend(files.iter().rev().map(String::as_str));
    let merged = in_dir(dir, &merge);
    assert_eq!(
        merged.status.code(),
        whole.status.code(),
        "{}",
        stderr(&merged)
    );
    assert_eq!(stdout(&merged), stdout(&whole));
    let v: serde_json::Value = serde_json::from_slice(&whole.stdout).unwrap();
    assert_eq!(v["reports"].as_array().unwrap().len(), shaders_total());

    let out = in_dir(dir, &["lint", "merge", "lint-0.json", "lint-2.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("gap: shard 2/3 is missing"),
        "{}",
        stderr(&out)
    );
    // Shards linted with other rules are another run.
    let mut other = lint.to_vec();
    other.extend(["--ignore", "IDX", "--shard", "2/3", "-o", "other.json"]);
    in_dir(dir, &other);
    let out = in_dir(
        dir,
        &["lint", "merge", "lint-0.json", "other.json", "lint-2.json"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("mixed settings"), "{}", stderr(&out));
}
