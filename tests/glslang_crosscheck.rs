//! Cross-checks the GLSL fixture corpus against the Khronos reference
//! front end, glslangValidator:
//!
//! * every fixture in the good folders (`webgl1`, `webgl2`, `desktop`,
//!   `vulkan`, `include`) must be accepted with the flags of its dialect
//!   (see `common::glslang_args`);
//! * every fixture in `malformed/` must be rejected, and glslang's first
//!   located error must be on the line named by its
//!   `expect-error-line: N` header.
//!
//! This keeps the fixtures honest: a "good" shader that prism rejects is a
//! prism bug, and prism's error lines can be compared with glslang's.
//!
//! Without glslangValidator on PATH the tool-dependent tests print a
//! `SKIPPED:` banner and pass, unless `PRISM_REQUIRE_TOOLS=1`.
//!
//! Prism-side assertions over the same fixture lists are meant to be added
//! to this file, reusing the helpers in `tests/common/mod.rs`.

mod common;

use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use common::{
    expected_error_line, fixture_root, fixtures, glslang_args, glslang_error_lines,
    glslang_or_skip, malformed_dialect, run_tool, spirv_val, stage, tool_or_skip,
};

/// glslangValidator's stand-alone includer does not implement `<system>`
/// includes at all (`DirStackFileIncluder::readSystemPath` returns nullptr,
/// whatever `-I` says), while glslc/shaderc and prism do. For the glslang
/// run only, such a fixture is copied with `#include <x>` rewritten to
/// `#include "x"` (same line count, so error lines are unchanged), and the
/// include folder itself is added to the search path so the copy's
/// quoted includes still resolve.
fn glslang_include_shim(path: &Path) -> Option<(PathBuf, OsString)> {
    let source = std::fs::read_to_string(path).expect("readable fixture");
    if !source
        .lines()
        .any(|l| l.trim_start().starts_with("#include <"))
    {
        return None;
    }
    let shimmed: String = source
        .lines()
        .map(|line| {
            let trimmed = line.trim_start();
            match trimmed
                .strip_prefix("#include <")
                .and_then(|r| r.split_once('>'))
            {
                Some((name, tail)) => format!("#include \"{name}\"{tail}\n"),
                None => format!("{line}\n"),
            }
        })
        .collect();
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("glslang_include_shim");
    std::fs::create_dir_all(&dir).expect("create shim dir");
    let copy = dir.join(path.file_name().expect("file name"));
    std::fs::write(&copy, shimmed).expect("write shim copy");
    let mut inc = OsString::from("-I");
    inc.push(fixture_root().join("include"));
    Some((copy, inc))
}

/// Runs glslang over every fixture of `dialect` and panics with a report of
/// every rejected file.
fn check_dialect_accepted(dialect: &str) {
    let Some(glslang) = glslang_or_skip() else {
        return;
    };
    let files = fixtures(dialect);
    assert!(
        !files.is_empty(),
        "no fixtures found in {}",
        fixture_root().join(dialect).display()
    );

    let mut failures = String::new();
    let mut failed = 0usize;
    for path in &files {
        let mut args = glslang_args(dialect, path);
        let mut input = path.clone();
        if dialect == "include" {
            if let Some((copy, extra)) = glslang_include_shim(path) {
                args.push(extra);
                input = copy;
            }
        }
        let run = run_tool(&glslang, &args, &input);
        if !run.success {
            failed += 1;
            let _ = writeln!(
                failures,
                "--- {} ({})\n$ {}\n{}",
                path.display(),
                run.status,
                run.command,
                run.output.trim_end()
            );
        }
    }
    assert!(
        failed == 0,
        "glslangValidator rejected {failed} of {} `{dialect}` fixtures:\n{failures}",
        files.len()
    );
}

#[test]
fn webgl1_fixtures_accepted_by_glslang() {
    check_dialect_accepted("webgl1");
}

#[test]
fn webgl2_fixtures_accepted_by_glslang() {
    check_dialect_accepted("webgl2");
}

#[test]
fn desktop_fixtures_accepted_by_glslang() {
    check_dialect_accepted("desktop");
}

#[test]
fn vulkan_fixtures_accepted_by_glslang() {
    check_dialect_accepted("vulkan");
}

#[test]
fn include_fixtures_accepted_by_glslang() {
    check_dialect_accepted("include");
}

/// Tool-free: every malformed fixture names its dialect and expected line.
#[test]
fn malformed_fixtures_are_annotated() {
    let files = fixtures("malformed");
    assert!(files.len() >= 10, "expected at least 10 malformed fixtures");
    let mut problems = Vec::new();
    for path in &files {
        if malformed_dialect(path).is_none() {
            problems.push(format!(
                "{}: file name must start with one of {:?} followed by '_'",
                path.display(),
                common::MALFORMED_DIALECTS
            ));
        }
        if stage(path).is_none() {
            problems.push(format!("{}: no shader stage extension", path.display()));
        }
        let lines = std::fs::read_to_string(path)
            .expect("readable")
            .lines()
            .count();
        match expected_error_line(path) {
            None => problems.push(format!(
                "{}: first line lacks `// expect-error-line: N`",
                path.display()
            )),
            Some(n) if n == 0 || n as usize > lines => problems.push(format!(
                "{}: expect-error-line {n} is outside the file (1..={lines})",
                path.display()
            )),
            Some(_) => {}
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn malformed_fixtures_rejected_by_glslang_at_expected_line() {
    let Some(glslang) = glslang_or_skip() else {
        return;
    };
    let files = fixtures("malformed");
    assert!(!files.is_empty(), "no malformed fixtures found");

    let mut failures = String::new();
    let mut failed = 0usize;
    for path in &files {
        let (Some(dialect), Some(expected)) = (malformed_dialect(path), expected_error_line(path))
        else {
            // Reported by `malformed_fixtures_are_annotated`.
            continue;
        };
        let args = glslang_args(dialect, path);
        let run = run_tool(&glslang, &args, path);
        let located = glslang_error_lines(&run.output);
        let problem = if run.success {
            Some("accepted, but it should be rejected".to_string())
        } else {
            match located.first() {
                None => Some(format!(
                    "rejected without a located `ERROR: <src>:{expected}:` message"
                )),
                Some(&first) if first != expected => Some(format!(
                    "first error on line {first}, expected line {expected} (all located: {located:?})"
                )),
                Some(_) => None,
            }
        };
        if let Some(problem) = problem {
            failed += 1;
            let _ = writeln!(
                failures,
                "--- {}: {problem}\n$ {}\n{}",
                path.display(),
                run.command,
                run.output.trim_end()
            );
        }
    }
    assert!(
        failed == 0,
        "{failed} of {} malformed fixtures did not fail as annotated:\n{failures}",
        files.len()
    );
}

/// Tool-free structure check of the SPIR-V binaries; with `spirv-val`
/// installed each module is also validated.
#[test]
fn spirv_fixtures_are_valid() {
    let files = fixtures("spirv");
    assert!(!files.is_empty(), "no .spv fixtures found");
    let readme = std::fs::read_to_string(fixture_root().join("spirv").join("README.md"))
        .expect("fixtures/spirv/README.md documents how each binary was produced");

    let mut problems = Vec::new();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(path).expect("readable");
        if bytes.len() < 20 || bytes.len() % 4 != 0 {
            problems.push(format!(
                "{name}: {} bytes is not a SPIR-V module",
                bytes.len()
            ));
        } else if bytes[..4] != 0x0723_0203u32.to_le_bytes() {
            problems.push(format!("{name}: missing little-endian SPIR-V magic"));
        }
        if !readme.contains(&name) {
            problems.push(format!(
                "{name}: not documented in fixtures/spirv/README.md"
            ));
        }
        let source = fixture_root()
            .join("vulkan")
            .join(name.trim_end_matches(".spv"));
        if !source.is_file() {
            problems.push(format!("{name}: source {} is missing", source.display()));
        }
    }

    if let Some(val) = tool_or_skip(spirv_val(), "spirv-val", "apt-get install spirv-tools") {
        for path in &files {
            let run = run_tool(&val, &[], path);
            if !run.success {
                problems.push(format!("$ {}\n{}", run.command, run.output.trim_end()));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Tool-free sanity check of the WGSL fixtures (naga validation of them
/// belongs with the prism-side assertions).
#[test]
fn wgsl_fixtures_have_entry_points() {
    let files = fixtures("wgsl");
    assert!(files.len() >= 4, "expected at least 4 WGSL fixtures");
    for path in &files {
        let src = std::fs::read_to_string(path).expect("readable");
        assert!(
            ["@compute", "@vertex", "@fragment"]
                .iter()
                .any(|attr| src.contains(attr)),
            "{} has no entry point",
            path.display()
        );
    }
}

#[test]
fn expected_error_line_parser() {
    use common::parse_expected_error_line as parse;
    assert_eq!(parse("// expect-error-line: 7\n#version 450\n"), Some(7));
    assert_eq!(
        parse("#version 300 es // expect-error-line: 12\n"),
        Some(12)
    );
    assert_eq!(
        parse("#version 330 cor // expect-error-line: 1 (typo)\n"),
        Some(1)
    );
    assert_eq!(parse("#version 450\n// expect-error-line: 3\n"), None);
    assert_eq!(parse("// expect-error-line:\n"), None);
    assert_eq!(
        glslang_error_lines(
            "x.frag\nERROR: 0:8: 'uTint' : undeclared identifier\n\
             ERROR: version not supported\n\
             ERROR: #version: statement must appear first\n\
             ERROR: /a/b.comp:11: '' :  syntax error\n\
             ERROR: Linking fragment stage: Missing entry point\n"
        ),
        vec![8, 11]
    );
}

/// Malformed fixtures prism accepts on purpose, and why. Each must still compile, so the
/// list cannot go stale.
const PRISM_LENIENT: &[(&str, &str)] = &[
    (
        "vulkan_loose_uniform.frag",
        "prism gathers loose uniforms into a block for every dialect",
    ),
    (
        "vulkan_missing_location.frag",
        "prism assigns locations for every dialect",
    ),
    (
        "vulkan_undeclared_builtin.vert",
        "prism cannot tell Vulkan GLSL 450 from OpenGL 450, where gl_VertexID exists; it maps it to gl_VertexIndex",
    ),
];

/// The same malformed fixtures through prism: rejected, first error on the expected line.
/// (The good fixtures' prism side is `tests/snapshots.rs`, which compiles every one.)
#[test]
fn malformed_fixtures_rejected_by_prism_at_expected_line() {
    let mut options = prism::pipeline::CompileOptions::default();
    options.preprocess.include_dirs = vec![common::fixture_root().join("include").join("sys")];
    let mut problems = Vec::new();
    let malformed = common::fixtures("malformed");
    assert!(malformed.len() >= 10, "malformed fixtures missing");
    for path in &malformed {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let expected = common::expected_error_line(path).expect("annotated");
        let lenient = PRISM_LENIENT.iter().find(|(n, _)| *n == name);
        match (prism::pipeline::compile_path(path, &options), lenient) {
            (Ok(_), Some(_)) => {}
            (Err(_), Some((_, why))) => problems.push(format!(
                "{name}: listed as accepted by prism ({why}) but now rejected; remove it from PRISM_LENIENT"
            )),
            (Ok(_), None) => problems.push(format!("{name}: prism accepts it")),
            (Err(failure), None) => {
                let first = &failure.diagnostics[0];
                let line = first
                    .labels
                    .iter()
                    .find(|l| l.style == codespan_reporting::diagnostic::LabelStyle::Primary)
                    .map(|l| failure.files.get(l.file_id).line_col(l.range.start).0);
                if line != Some(expected as usize) {
                    problems.push(format!(
                        "{name}: prism reports line {line:?} ({}), glslang and the fixture say {expected}",
                        first.message
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
