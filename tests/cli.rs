//! The `prism` binary as a user runs it: exit codes, outputs, and hostile inputs.

mod common;

use std::process::Output;

use common::{fixture_arg as fixture, prism, run, stderr, stdout};

#[test]
fn webgl1_skinning_to_hlsl_on_stdout() {
    let out = run(prism().args(["compile", &fixture("webgl1/skin.vert"), "--target", "hlsl"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let hlsl = stdout(&out);
    assert!(
        hlsl.contains("uBones"),
        "uniform array kept its name:\n{hlsl}"
    );
    assert!(
        hlsl.contains("cbuffer"),
        "loose uniforms became a constant buffer:\n{hlsl}"
    );
}

#[test]
fn several_targets_into_a_directory() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(prism().args([
        "compile",
        &fixture("vulkan/reduce_sum.comp"),
        "--target",
        "wgsl,msl,glsl,spirv",
        "-o",
        &dir.path().display().to_string(),
    ]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for ext in ["wgsl", "metal", "glsl", "spv"] {
        let path = dir.path().join(format!("reduce_sum.comp.{ext}"));
        let len = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        assert!(
            len > 100,
            "{} missing or tiny ({len} bytes)",
            path.display()
        );
    }
    let spv = std::fs::read(dir.path().join("reduce_sum.comp.spv")).unwrap();
    assert_eq!(
        &spv[..4],
        &0x0723_0203u32.to_le_bytes(),
        "SPIR-V magic number"
    );
}

#[test]
fn spirv_file_output_and_disassembly() {
    let dir = tempfile::tempdir().unwrap();
    let spv = dir.path().join("lights.spv");
    let out = run(prism().args([
        "compile",
        &fixture("webgl2/lights.frag"),
        "--target",
        "spirv",
        "-o",
        &spv.display().to_string(),
    ]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let bytes = std::fs::read(&spv).unwrap();
    let words = prism::back::spirv::bytes_to_words(&bytes).unwrap();
    prism::back::spirv::validate(&words).expect("spirv-val accepts the output");

    let out = run(prism().args([
        "compile",
        &fixture("webgl2/lights.frag"),
        "--target",
        "spirv-asm",
    ]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("OpEntryPoint Fragment"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn defines_includes_robustness_and_shader_model() {
    let out = run(prism().args([
        "compile",
        &fixture("include/lit.frag"),
        "-D",
        "QUALITY=2",
        "-I",
        &fixture("include/sys"),
        "--robustness",
        "webgpu",
        "--target",
        "hlsl",
        "--shader-model",
        "6.0",
    ]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stdout(&out).is_empty());
}

#[test]
fn robustness_changes_spirv() {
    let asm = |preset: &str| {
        let out = run(prism().args([
            "compile",
            &fixture("webgl1/palette.frag"),
            "--target",
            "spirv-asm",
            "--robustness",
            preset,
        ]));
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        stdout(&out)
    };
    let none = asm("none");
    let webgpu = asm("webgpu");
    assert!(!none.contains("UMin"), "no clamp without robustness");
    assert!(
        webgpu.contains("UMin"),
        "Restrict clamps the palette index:\n{webgpu}"
    );
}

#[test]
fn show_bindings_lists_generated_numbers() {
    let out = run(prism().args(["compile", &fixture("webgl1/skin.vert"), "--show-bindings"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let table = stdout(&out);
    assert!(table.contains("prism_globals"), "{table}");
    assert!(table.contains("aBoneIndices"), "{table}");
    let out = run(prism().args(["compile", &fixture("webgl1/skin.vert"), "--format", "json"]));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    common::assert_matches_schema("prism-compile", &doc);
    let bindings = doc["inputs"][0]["bindings"].as_array().unwrap();
    let globals = bindings
        .iter()
        .find(|b| b["name"] == "prism_globals")
        .unwrap();
    assert_eq!(globals["set"], 0);
    assert_eq!(globals["origin"], "generated");
    let members: Vec<&str> = globals["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    assert_eq!(members, ["uViewProjection", "uBones"]);
    let position = bindings.iter().find(|b| b["name"] == "aPosition").unwrap();
    assert_eq!(position["location"], 0);
    assert_eq!(position["line"], 4);
}

/// Write `text` as a shader in a temp dir and compile it to HLSL.
fn compile_temp(name: &str, bytes: &[u8], extra: &[&str]) -> (tempfile::TempDir, Output) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let mut cmd = prism();
    cmd.arg("compile").arg(&path).args(extra);
    let out = run(&mut cmd);
    (dir, out)
}

/// A GLSL 450 fragment shader with a flat `int v` input and a `vec4 c` output around `body`.
fn glsl_frag(body: &str) -> String {
    format!(
        "#version 450\nlayout(location=0) flat in int v;\nlayout(location=0) out vec4 c;\n\
         void main() {{ {body} }}\n"
    )
}

/// A WGSL fragment shader with a flat `i32` input `v` around `body`.
fn wgsl_frag(body: &str) -> String {
    format!(
        "@fragment fn main(@location(0) @interpolate(flat) v: i32) -> @location(0) vec4<f32> \
         {{ {body} }}\n"
    )
}

#[test]
fn error_names_file_line_and_column() {
    let src = b"#version 300 es\nprecision mediump float;\nout vec4 color;\nvoid main() {\n    color = vec4(undefinedThing);\n}\n";
    let (_dir, out) = compile_temp("bad.frag", src, &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("bad.frag:5:"), "path and line:\n{err}");
    assert!(err.contains("undefinedThing"), "{err}");

    let (_dir, out) = compile_temp("bad.frag", src, &["--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    common::assert_matches_schema("prism-compile", &doc);
    let d = &doc["inputs"][0]["diagnostics"][0];
    assert_eq!(d["line"], 5);
    assert_eq!(d["column"], 18);
}

#[test]
fn error_in_webgl1_shader_keeps_the_users_line() {
    // Rewritten declarations above the error must not shift its line.
    let src = b"attribute vec3 aPos;\nuniform mat4 uMvp;\nvarying vec2 vUv;\n\nvoid main() {\n    vUv = aPos.xy;\n    gl_Position = uMvp * vec4(aPos, 1.0) + missing;\n}\n";
    let (_dir, out) = compile_temp("skin.vert", src, &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("skin.vert:7:44"), "line 7 column 44:\n{err}");
}

#[test]
fn error_inside_an_include_names_the_included_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("lib.glsl"),
        "float helper(float x) {\n    return x * undefinedScale;\n}\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("main.frag"), "#version 450\n#include \"lib.glsl\"\nlayout(location = 0) out vec4 c;\nvoid main() { c = vec4(helper(1.0)); }\n").unwrap();
    let out = run(prism().arg("compile").arg(dir.path().join("main.frag")));
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("lib.glsl:2:"), "{err}");
}

#[test]
fn hostile_inputs_end_in_a_diagnostic() {
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty.frag", Vec::new(), ""),
        (
            "garbage.frag",
            vec![0xff, 0xfe, 0x00, 0x12, 0x80, 0x81],
            "not UTF-8",
        ),
        ("garbage.spv", vec![1, 2, 3, 4, 5, 6, 7], "SPIR-V"),
        (
            "version.frag",
            b"#version 999\nvoid main() {}\n".to_vec(),
            "unknown `#version 999`",
        ),
        (
            "deep.frag",
            {
                let mut s =
                    b"#version 450\nlayout(location=0) out vec4 c;\nvoid main() { float x = "
                        .to_vec();
                s.extend(std::iter::repeat_n(b'(', 10_000));
                s.push(b'1');
                s.extend(std::iter::repeat_n(b')', 10_000));
                s.extend(b"; c = vec4(x); }\n");
                s
            },
            "nested deeper",
        ),
        (
            "deep_blocks.frag",
            {
                let mut s = b"#version 450\nvoid main() ".to_vec();
                s.extend(std::iter::repeat_n(b'{', 10_000));
                s.extend(std::iter::repeat_n(b'}', 10_000));
                s
            },
            "nested deeper",
        ),
        (
            "deep_if.frag",
            {
                let mut s = Vec::new();
                for _ in 0..10_000 {
                    s.extend(b"#if 1\n");
                }
                s.extend(b"void main() {}\n");
                s
            },
            "",
        ),
        (
            "deep.wgsl",
            {
                let mut s = b"fn f() -> f32 { return ".to_vec();
                s.extend(std::iter::repeat_n(b'(', 10_000));
                s.push(b'1');
                s.extend(std::iter::repeat_n(b')', 10_000));
                s.extend(b"; }\n");
                s
            },
            "nested deeper",
        ),
        (
            // A real module whose id bound is 1: every id is past it. naga's reader panicked
            // on modules like this one; spirv-val reports it.
            "bound.spv",
            {
                let mut bytes =
                    std::fs::read(common::fixture_root().join("spirv/histogram.comp.spv")).unwrap();
                bytes[12..16].copy_from_slice(&1u32.to_le_bytes());
                bytes
            },
            "invalid module (spirv-val)",
        ),
        (
            // naga's GLSL reader lays this out in `u32` and panicked on the overflow.
            "huge_array.comp",
            b"#version 450\nlayout(local_size_x = 64) in;\n\
              layout(std430, binding = 0) buffer Bins { uint bins[2147483647]; };\n\
              void main() { bins[gl_GlobalInvocationID.x] = 1u; }\n"
                .to_vec(),
            "more than prism compiles (2048 MiB)",
        ),
        (
            "unbraced_ifs.frag",
            glsl_frag(&format!(
                "c = vec4(0.0); {}c.x = 1.0;",
                "if (v > 0) ".repeat(20_000)
            ))
            .into_bytes(),
            "statements nested without braces",
        ),
        (
            "else_ifs.wgsl",
            wgsl_frag(&format!(
                "var c = vec4<f32>(0.0); if v > 0 {{}} {}return c;",
                "else if v > 1 { c.x = 1.0; } ".repeat(20_000)
            ))
            .into_bytes(),
            "`else` branches in one chain",
        ),
        (
            "webgl2.comp",
            b"#version 300 es\nlayout(local_size_x = 64) in;\nvoid main() {}\n".to_vec(),
            "GLSL ES 3.00 (WebGL 2) has no compute shaders",
        ),
        // Chains that nest without brackets: naga's readers and writers recurse once per
        // link, and each of these overflowed a stack before prism refused them.
        (
            "long_sum.frag",
            glsl_frag(&format!("int x = v{}; c = vec4(x);", " + v".repeat(50_000))).into_bytes(),
            "operators in one statement",
        ),
        (
            "sum_past_depth.frag",
            glsl_frag(&format!("int x = v{}; c = vec4(x);", " + v".repeat(3_000))).into_bytes(),
            "operations deep",
        ),
        (
            "long_sum.wgsl",
            wgsl_frag(&format!(
                "let x = v{}; return vec4<f32>(f32(x));",
                " + v".repeat(50_000)
            ))
            .into_bytes(),
            "operations deep",
        ),
        (
            "negations.frag",
            glsl_frag(&format!("int x = {}v; c = vec4(x);", "- ".repeat(100_000))).into_bytes(),
            "operators in a row",
        ),
        (
            "pointers.wgsl",
            format!(
                "@fragment fn main(@location(0) v: vec4<f32>) -> @location(0) vec4<f32> \
                 {{ var x = v; let p = {}&x; return *p; }}\n",
                "&*".repeat(100_000)
            )
            .into_bytes(),
            "operators in a row",
        ),
        (
            "swizzles.frag",
            format!(
                "#version 450\nlayout(location=0) in vec4 v;\nlayout(location=0) out vec4 c;\n\
                 void main() {{ c = v{}; }}\n",
                ".xyzw".repeat(100_000)
            )
            .into_bytes(),
            "member accesses and indices in a row",
        ),
        (
            "conditionals.frag",
            glsl_frag(&format!(
                "int x = {}0; c = vec4(x);",
                "v > 0 ? 1 : ".repeat(100_000)
            ))
            .into_bytes(),
            "conditionals in one statement",
        ),
    ];
    for (name, bytes, expect) in cases {
        let (_dir, out) = compile_temp(name, &bytes, &[]);
        let err = stderr(&out);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{name}: exit code; stderr:\n{err}"
        );
        assert!(!err.contains("panicked"), "{name} panicked:\n{err}");
        assert!(
            err.contains(expect),
            "{name}: expected `{expect}` in:\n{err}"
        );
    }
}

#[test]
fn wgsl_overrides_compile_at_their_defaults() {
    let text = b"override scale: f32 = 2.0;\n\
                 @fragment fn main() -> @location(0) vec4<f32> { return vec4<f32>(scale); }\n";
    let (_dir, out) = compile_temp("override.wgsl", text, &["-t", "hlsl"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("scale = 2.0"), "{}", stdout(&out));
    let text = b"override scale: f32;\n\
                 @fragment fn main() -> @location(0) vec4<f32> { return vec4<f32>(scale); }\n";
    let (_dir, out) = compile_temp("no_default.wgsl", text, &["-t", "hlsl"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("'scale'"), "{}", stderr(&out));
}

#[test]
fn big_endian_spirv_reads_like_little_endian() {
    let little = std::fs::read(common::fixture_root().join("spirv/histogram.comp.spv")).unwrap();
    let big: Vec<u8> = little
        .chunks_exact(4)
        .flat_map(|w| [w[3], w[2], w[1], w[0]])
        .collect();
    let (_a, from_little) = compile_temp("little.spv", &little, &["-t", "wgsl"]);
    let (_b, from_big) = compile_temp("big.spv", &big, &["-t", "wgsl"]);
    assert_eq!(from_big.status.code(), Some(0), "{}", stderr(&from_big));
    assert_eq!(stdout(&from_big), stdout(&from_little));
}

#[test]
fn long_expressions_within_the_limits_compile_and_lint() {
    let cases = [
        (
            "sum.frag",
            glsl_frag(&format!(
                "int x = v{}; c = vec4(x / 16);",
                " + v".repeat(1_000)
            )),
        ),
        (
            "conditionals.frag",
            glsl_frag(&format!(
                "int x = {}0; c = vec4(x);",
                "v > 0 ? 1 : ".repeat(500)
            )),
        ),
        (
            "else_ifs.frag",
            glsl_frag(&format!(
                "c = vec4(0.0); if (v == 0) {{}} {}",
                (1..900)
                    .map(|i| format!("else if (v == {i}) {{ c.x = {i}.0; }}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            )),
        ),
        (
            "comments.wgsl",
            format!(
                "/{stars}/\n/* {open} */\n@fragment fn main() -> @location(0) vec4<f32> \
                 {{ return vec4<f32>(1.0); }}\n",
                stars = "*".repeat(300),
                open = "(".repeat(300)
            ),
        ),
    ];
    for (name, text) in cases {
        let (_dir, out) = compile_temp(name, text.as_bytes(), &[]);
        assert_eq!(out.status.code(), Some(0), "{name}:\n{}", stderr(&out));
        // Lint runs in worker threads with smaller stacks than `compile`'s.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, &text).unwrap();
        let out = run(prism()
            .args(["lint", "--isolated", "--no-measure"])
            .arg(&path));
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "lint {name}:\n{}",
            stderr(&out)
        );
    }
}

#[test]
fn huge_file_is_refused_quickly() {
    let mut text = String::from("#version 450\n");
    while text.len() < 50 * 1024 * 1024 {
        text.push_str("// padding padding padding padding padding padding padding padding\n");
    }
    let (_dir, out) = compile_temp("huge.frag", text.as_bytes(), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("larger than prism's limit"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn missing_file_directory_and_unknown_option() {
    let out = run(prism().args(["compile", "/nonexistent/shader.frag"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no such file"), "{}", stderr(&out));

    let dir = tempfile::tempdir().unwrap();
    let out = run(prism().arg("compile").arg(dir.path()));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("is a directory"), "{}", stderr(&out));

    let out = run(prism().args(["compile", "--frobnicate", "x.frag"]));
    assert_eq!(out.status.code(), Some(2));
    let out = run(prism().args(["compile", &fixture("webgl1/skin.vert"), "--target", "dxil"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("unknown target"), "{}", stderr(&out));
}

#[test]
fn check_mode_summarises_a_corpus() {
    let out = run(prism().args([
        "compile",
        "--check",
        &fixture("webgl1"),
        "--target",
        "spirv,msl",
    ]));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}\n{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(stdout(&out).contains(" 0 failed"), "{}", stdout(&out));

    let out = run(prism().args([
        "compile",
        "--check",
        &fixture("malformed"),
        "--format",
        "json",
    ]));
    assert_eq!(out.status.code(), Some(1), "failures are findings");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let failed = doc["failed"].as_u64().unwrap();
    assert!(failed >= 20, "the malformed fixtures fail: {doc}");
    // The three prism accepts on purpose (see tests/glslang_crosscheck.rs).
    assert_eq!(doc["ok"], 3, "{doc}");
    assert!(!doc["failures_by_kind"].as_object().unwrap().is_empty());
}

#[test]
fn vulkan_corpus_compile_rate() {
    // The goal from the issue: at least 95% of Vulkan-style GLSL compiles (41 of 42 today;
    // gl_ViewIndex is the gap, see the README's status table).
    let out = run(prism().args([
        "compile",
        "--check",
        &fixture("vulkan"),
        "--format",
        "json",
        "--target",
        "spirv",
    ]));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let total = doc["total"].as_u64().unwrap() as f64;
    let ok = doc["ok"].as_u64().unwrap() as f64;
    assert!(total >= 30.0, "corpus too small: {total}");
    assert!(ok / total >= 0.95, "{ok} of {total} compiled: {doc}");
}

#[test]
fn closed_stdout_is_not_an_error() {
    // `prism ... | head -c 1`: stdout closes early; prism must exit 0 without a panic.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_prism"))
        .args([
            "compile",
            &fixture("vulkan/pbr.frag"),
            "--target",
            "msl,hlsl,wgsl,glsl",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn atomics_become_real_atomics() {
    let out = run(prism().args([
        "compile",
        &fixture("vulkan/histogram.comp"),
        "--target",
        "spirv-asm",
    ]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let asm = stdout(&out);
    assert!(
        asm.contains("OpAtomicIAdd"),
        "atomicAdd is an atomic:\n{asm}"
    );
    assert!(!asm.contains("prism_atomic"), "the stubs are gone:\n{asm}");

    // An atomic on a local variable is not lowered: a clear error on the user's line.
    let src = b"#version 450\nlayout(local_size_x = 1) in;\nvoid main() {\n    uint x = 0u;\n    atomicAdd(x, 1u);\n}\n";
    let (_dir, out) = compile_temp("local.comp", src, &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("local.comp:5:"), "{err}");
    assert!(
        err.contains("not a buffer member or a shared variable"),
        "{err}"
    );
}

#[test]
fn sampler_array_index_must_be_a_constant_index_expression() {
    let src = b"precision mediump float;\nuniform sampler2D uMaps[2];\nuniform int uWhich;\nvarying vec2 vUv;\nvoid main() {\n    gl_FragColor = texture2D(uMaps[uWhich], vUv);\n}\n";
    let (_dir, out) = compile_temp("maps.frag", src, &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("maps.frag:6:30"), "{err}");
    assert!(err.contains("not a constant-index-expression"), "{err}");
}

#[test]
fn unsupported_glsl_is_named_on_the_users_line() {
    let src = b"precision mediump float;\nstruct Material { sampler2D diffuse; float shininess; };\nuniform Material uMaterial;\nvoid main() { gl_FragColor = vec4(uMaterial.shininess); }\n";
    let (_dir, out) = compile_temp("material.frag", src, &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("material.frag:2:19"), "{err}");
    assert!(err.contains("samplers inside structs"), "{err}");

    // Arrays of matrix varyings travel as columns; two matrices in one declaration do not.
    let src = b"precision mediump float;\nvarying mat3 vTBN[2];\nvoid main() { gl_FragColor = vec4(vTBN[0][0], 1.0); }\n";
    let (_dir, out) = compile_temp("tbn.frag", src, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let src = b"precision mediump float;\nvarying mat3 vA, vB;\nvoid main() { gl_FragColor = vec4(vA[0] + vB[1], 1.0); }\n";
    let (_dir, out) = compile_temp("two.frag", src, &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("two.frag:2:9"), "{err}");
    assert!(err.contains("one per line"), "{err}");
}

/// GLSL types gl_VertexID / gl_VertexIndex / gl_InstanceID / gl_InstanceIndex as `int`;
/// naga's builtins are `uint`: assigning one to an `int` must compile (found by the lint study).
#[test]
fn vertex_and_instance_ids_are_ints() {
    for (name, src) in [
        (
            "es.vert",
            "#version 300 es\nout vec4 c;\nvoid main() { int v = gl_VertexID; int i = gl_InstanceID;\n  c = vec4(float(v + i)); gl_Position = c; }\n",
        ),
        (
            "vk.vert",
            "#version 450\nlayout(location = 0) out vec4 c;\nvoid main() { int v = gl_VertexIndex; int i = gl_InstanceIndex;\n  c = vec4(float(v - i)); gl_Position = c; }\n",
        ),
    ] {
        let (_dir, out) = compile_temp(name, src.as_bytes(), &["--target", "wgsl"]);
        assert_eq!(out.status.code(), Some(0), "{name}: {}", stderr(&out));
        assert!(stdout(&out).contains("i32("), "{name}: converted to int");
    }
}

/// A panic outside every panic boundary (here on a worker thread, in the CLI) still says what
/// happened, with the input, and exits 2: the panic hook records it and `main` reports it.
#[test]
fn a_panic_outside_the_boundaries_is_reported() {
    let out = run(prism().args(["__panic", "shaders/some.frag"]));
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("internal error while processing shaders/some.frag"),
        "{err}"
    );
    assert!(err.contains("deliberate panic (prism __panic)"), "{err}");
    assert!(err.contains("src/cli/mod.rs:"), "no location: {err}");
    assert_eq!(
        err.lines().count(),
        1,
        "one message, no raw panic output: {err}"
    );
}

/// Built without the `isa` feature (`cargo test --no-default-features`, as CI runs it), every
/// ISA figure is refused with the feature's name, and what needs no Vulkan still works.
#[cfg(not(feature = "isa"))]
#[test]
fn without_the_isa_feature_isa_says_so() {
    let out = run(prism()
        .args(["isa", "--gpu", "vega10"])
        .arg(fixture("skinning/float_index.vert")));
    assert_ne!(out.status.code(), Some(0));
    assert!(
        stderr(&out).contains("without the `isa` feature"),
        "{}",
        stderr(&out)
    );
    let out = run(prism()
        .args(["annotate", "--robustness", "webgl"])
        .arg(fixture("skinning/float_index.vert")));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

/// Built without the `gpu` feature, `prism bench` and `prism train` name the missing feature.
#[cfg(not(feature = "gpu"))]
#[test]
fn without_the_gpu_feature_bench_says_so() {
    for command in [&["bench", "--quick"][..], &["train"]] {
        let out = run(prism().args(command));
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(
            stderr(&out).contains("without the `gpu` feature"),
            "{}",
            stderr(&out)
        );
    }
}
