//! `prism lsp` latency: the time from a `didChange` (sent on the wire to the server process)
//! to the `publishDiagnostics` of that version, on a 500-line WebGL 2 shader, edited the way a
//! user types (one constant changes each time). Also, per edit, the time until the inlay
//! hints of that version are answered (they wait for `spirv-opt -O`, in the background).
//!
//! Run: `cargo bench --bench lsp` (release), or `cargo bench --profile dev --bench lsp` to
//! measure the dev build the tests use; `PRISM_LSP_BIN=target/release/prism` times another
//! build of the server with the same client. Figures go to benches/README.md with the machine.
//! `cargo test --benches` runs it once, quickly (as a test).

#[path = "../tests/lsp_client/mod.rs"]
mod lsp_client;

use std::time::{Duration, Instant};

use serde_json::json;

/// A WebGL 2 fragment shader of `lines` lines: many small lighting functions (indexing,
/// float→int conversions, loops), as real 500-line shaders are built.
fn shader(lines: usize, edit: usize) -> String {
    let mut text = String::from(
        "#version 300 es\nprecision highp float;\nuniform vec4 uLights[32];\nuniform sampler2D uTex;\n\
         in vec2 vUv;\nin vec3 vNormal;\nout vec4 fragColor;\n",
    );
    let mut n = 0;
    let mut calls = Vec::new();
    // Each function is 10 lines plus its call in `main`; `main` adds 5.
    while text.lines().count() + calls.len() + 11 + 5 <= lines {
        text.push_str(&format!(
            "float light{n}(vec3 nrm, vec2 uv) {{\n    int i = int(uv.x * 31.0) & 31;\n    vec4 l = uLights[i];\n    \
             float d = max(dot(nrm, l.xyz), 0.0);\n    for (int k = 0; k < 4; k++) {{\n        \
             d += uLights[(i + k) & 31].w * {}.{};\n    }}\n    return d / float({});\n}}\n",
            n % 7 + 1,
            (edit + n) % 10,
            n + 2
        ));
        calls.push(format!("light{n}(nrm, vUv)"));
        n += 1;
    }
    text.push_str("void main() {\n    vec3 nrm = normalize(vNormal);\n    float s = 0.0;\n");
    for call in &calls {
        text.push_str(&format!("    s += {call};\n"));
    }
    text.push_str("    fragColor = texture(uTex, vUv) * s;\n}\n");
    text
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn main() {
    let quick =
        std::env::args().any(|a| a == "--test") || !std::env::args().any(|a| a == "--bench");
    let edits = if quick { 3 } else { 40 };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lights.frag");
    let text = shader(500, 0);
    std::fs::write(&path, &text).unwrap();
    let uri = lsp_client::uri(&path.canonicalize().unwrap());
    // Default settings: hints after `spirv-opt -O`, fixes measured on vega10 and gfx1100.
    let mut client = lsp_client::Client::start(None, serde_json::Value::Null);
    client.open(&uri, "glsl", &text);
    let first = client.diagnostics(&uri, 1);
    assert!(
        !first.iter().any(|d| d["severity"] == 1),
        "the bench shader must compile: {first:#?}"
    );
    let mut diagnostics = Vec::new();
    let mut hints = Vec::new();
    for edit in 1..=edits {
        let version = edit as i32 + 1;
        let text = shader(500, edit);
        let start = Instant::now();
        client.change(&uri, version, &text);
        client.diagnostics(&uri, version);
        diagnostics.push(start.elapsed());
        let response = client.request(
            "textDocument/inlayHint",
            json!({"textDocument": {"uri": uri},
                   "range": {"start": {"line": 0, "character": 0}, "end": {"line": 600, "character": 0}}}),
        );
        hints.push(start.elapsed());
        let count = response
            .response_result
            .as_ref()
            .ok()
            .and_then(|r| r.as_array())
            .map_or(0, |a| a.len());
        assert!(count > 100, "inlay hints on most lines, got {count}");
        // Let the background fix measurement of this version finish (a user pauses too).
        std::thread::sleep(Duration::from_millis(if quick { 0 } else { 300 }));
    }
    assert!(client.shutdown().success());
    diagnostics.sort();
    hints.sort();
    let row = |name: &str, v: &[Duration]| {
        println!(
            "{name:<44} median {:>8.1?}  p90 {:>8.1?}  min {:>8.1?}  max {:>8.1?}  (n = {})",
            percentile(v, 0.5),
            percentile(v, 0.9),
            v[0],
            v[v.len() - 1],
            v.len()
        );
    };
    println!(
        "prism lsp, 500-line WebGL 2 shader ({} lines):",
        text.lines().count()
    );
    row("didChange → publishDiagnostics", &diagnostics);
    row("didChange → inlay hints (spirv-opt -O)", &hints);
}
