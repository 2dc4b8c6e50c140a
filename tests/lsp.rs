//! `prism lsp` driven as a child process through lsp-server's client side: initialize,
//! open, change, diagnostics, inlay hints, hover, code actions, the ISA command, hostile
//! input, and shutdown.

mod common;
mod lsp_client;

use std::time::Duration;

use lsp_client::{uri, Client};
use serde_json::{json, Value};

fn skinning() -> String {
    std::fs::read_to_string(common::fixture_root().join("skinning/float_index.vert")).unwrap()
}

fn dither() -> String {
    std::fs::read_to_string(common::fixture_root().join("lint/ARI003/fix_dither.before.frag"))
        .unwrap()
}

fn result(response: &lsp_server::Response) -> &Value {
    response
        .response_result
        .as_ref()
        .unwrap_or_else(|e| panic!("error response: {e:?}"))
}

fn error_code(response: &lsp_server::Response) -> i32 {
    match &response.response_result {
        Err(e) => e.code,
        Ok(v) => panic!("expected an error response, got {v}"),
    }
}

fn whole_file() -> Value {
    json!({"start": {"line": 0, "character": 0}, "end": {"line": 10000, "character": 0}})
}

/// Inlay hints of the document, by zero-based line.
fn hints(client: &mut Client, uri: &str) -> Vec<(u64, String)> {
    let response = client.request(
        "textDocument/inlayHint",
        json!({"textDocument": {"uri": uri}, "range": whole_file()}),
    );
    result(&response)
        .as_array()
        .expect("hints")
        .iter()
        .map(|h| {
            (
                h["position"]["line"].as_u64().unwrap(),
                h["label"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_webgl_shader_gets_diagnostics_hints_hover_fixes_and_isa() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("skin.vert");
    let text = skinning();
    std::fs::write(&path, &text).unwrap();
    let uri = uri(&path.canonicalize().unwrap());
    let mut client = Client::start(Some(std::process::id()), json!({"gpus": ["vega10"]}));
    client.open(&uri, "glsl", &text);

    // Diagnostics: the float→int index finding, with its rule's documentation linked.
    let diagnostics = client.diagnostics(&uri, 1);
    let idx = diagnostics
        .iter()
        .find(|d| d["code"] == "IDX001")
        .unwrap_or_else(|| panic!("no IDX001 in {diagnostics:#?}"));
    let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() as u64;
    let index_line = line_of("ivec4(aBoneIndices)");
    assert_eq!(idx["range"]["start"]["line"], index_line, "{idx:#}");
    let href = idx["codeDescription"]["href"]
        .as_str()
        .expect("codeDescription");
    let doc = std::fs::read_to_string(href.strip_prefix("file://").unwrap()).unwrap();
    assert!(doc.contains("IDX001"), "{doc}");

    // Inlay hints: the conversion line carries a saturating conversion, the bone reads a
    // bounds check (WebGL 2 shader without prism.toml: the `webgl` preset).
    let hints = hints(&mut client, &uri);
    let on = |line: u64| {
        hints
            .iter()
            .find(|(l, _)| *l == line)
            .map(|(_, label)| label.clone())
            .unwrap_or_else(|| panic!("no hint on line {line}: {hints:?}"))
    };
    let conversion = on(index_line);
    assert!(
        conversion.contains(" opt") && conversion.contains('S'),
        "{conversion}"
    );
    let bone_read = on(line_of("vec4 r0 = uBones[i];"));
    assert!(bone_read.contains('B'), "{bone_read}");
    assert!(
        !hints.iter().any(|(l, _)| *l == line_of("// Linear-blend")),
        "a comment costs nothing: {hints:?}"
    );

    // Hover: itemised inserted code and the totals.
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": line_of("vec4 r0 = uBones[i];"), "character": 4}}),
    );
    let value = result(&hover)["contents"]["value"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(value.contains("bounds check"), "{value}");
    assert!(value.contains("function `bone`"), "{value}");
    assert!(value.contains("entry point `main`"), "{value}");

    // Code action: a safe fix (ARI003, remove `floor`) as one workspace edit, preferred.
    let dither_path = dir.path().join("dither.frag");
    let dither = dither();
    std::fs::write(&dither_path, &dither).unwrap();
    let dither_uri = lsp_client::uri(&dither_path.canonicalize().unwrap());
    client.open(&dither_uri, "glsl", &dither);
    let diagnostics = client.diagnostics(&dither_uri, 1);
    let ari = diagnostics
        .iter()
        .find(|d| d["code"] == "ARI003")
        .unwrap_or_else(|| panic!("no ARI003 in {diagnostics:#?}"));
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": dither_uri}, "range": ari["range"], "context": {"diagnostics": [ari]}}),
    );
    let actions = result(&actions).as_array().unwrap().clone();
    let action = actions
        .iter()
        .find(|a| a["title"].as_str().unwrap().contains("ARI003"))
        .unwrap_or_else(|| panic!("no ARI003 action in {actions:#?}"));
    assert_eq!(action["isPreferred"], true, "{action:#}");
    let edits = action["edit"]["changes"][&dither_uri]
        .as_array()
        .expect("edits");
    assert!(!edits.is_empty());
    assert!(edits
        .iter()
        .all(|e| e["range"]["start"]["line"] == ari["range"]["start"]["line"]));

    // A change: an error at the user's line, with the new version.
    let broken = text.replace("mat4 skin =", "mat4 skin = undefinedThing +");
    client.change(&uri, 2, &broken);
    let diagnostics = client.diagnostics(&uri, 2);
    let error = diagnostics
        .iter()
        .find(|d| d["severity"] == 1)
        .unwrap_or_else(|| panic!("no error in {diagnostics:#?}"));
    assert_eq!(
        error["range"]["start"]["line"],
        line_of("mat4 skin ="),
        "{error:#}"
    );
    client.change(&uri, 3, &text);
    client.diagnostics(&uri, 3);

    // ISA statistics in the background.
    let isa = client.request(
        "workspace/executeCommand",
        json!({"command": "prism.isa", "arguments": [uri]}),
    );
    if common::radv_or_skip("prism.isa") {
        let text = result(&isa).as_str().unwrap().to_string();
        assert!(
            text.contains("vega10: ") && text.contains(" instructions"),
            "{text}"
        );
    }

    assert!(client.shutdown().success());
}

#[test]
fn measured_fixes_say_what_they_measured() {
    if !common::radv_or_skip("measured fix labels") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dither.frag");
    let text = dither();
    std::fs::write(&path, &text).unwrap();
    let uri = uri(&path.canonicalize().unwrap());
    let mut client = Client::start(None, json!({"gpus": ["vega10"]}));
    client.open(&uri, "glsl", &text);
    client.diagnostics(&uri, 1);
    // Measurement runs in the background: ask until the titles carry numbers.
    let deadline = std::time::Instant::now() + Duration::from_secs(120);
    loop {
        let response = client.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": whole_file(), "context": {"diagnostics": []}}),
        );
        let titles: Vec<String> = result(&response)
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["title"].as_str().unwrap().to_string())
            .collect();
        if titles
            .iter()
            .any(|t| t.contains("vega10 ") && t.contains(" → "))
        {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "never measured: {titles:?}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    assert!(client.shutdown().success());
}

#[test]
fn prism_toml_sets_the_preset_and_the_rules() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path().canonicalize().unwrap();
    std::fs::write(
        dir.join("prism.toml"),
        "robustness = \"none\"\n[lint]\nignore = [\"IDX001\"]\n",
    )
    .unwrap();
    let path = dir.join("skin.vert");
    let text = skinning();
    std::fs::write(&path, &text).unwrap();
    let mut client = Client::start(None, Value::Null);
    client.open(&uri(&path), "glsl", &text);
    let diagnostics = client.diagnostics(&uri(&path), 1);
    assert!(
        !diagnostics.iter().any(|d| d["code"] == "IDX001"),
        "ignored in prism.toml: {diagnostics:#?}"
    );
    // Under `none` the bone reads get no bounds check (the dialect's default would be webgl).
    let hints = hints(&mut client, &uri(&path));
    assert!(!hints.is_empty());
    assert!(
        !hints.iter().any(|(_, label)| label.contains('B')),
        "{hints:?}"
    );
    assert!(client.shutdown().success());
}

#[test]
fn includes_resolve_to_open_buffers_first() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path().canonicalize().unwrap();
    let main = dir.join("main.frag");
    let common_glsl = dir.join("common.glsl");
    let main_text = "#version 300 es\nprecision highp float;\n#include \"common.glsl\"\nout vec4 color;\nvoid main() { color = tint(); }\n";
    std::fs::write(&main, main_text).unwrap();
    // Not on disk: only the editor has it.
    let mut client = Client::start(None, Value::Null);
    client.open(
        &uri(&common_glsl),
        "glsl",
        "vec4 tint() { return vec4(1.0); }\n",
    );
    client.open(&uri(&main), "glsl", main_text);
    let diagnostics = client.diagnostics(&uri(&main), 1);
    assert!(
        !diagnostics.iter().any(|d| d["severity"] == 1),
        "{diagnostics:#?}"
    );
    // An unsaved error in the included buffer shows in that file.
    client.change(&uri(&common_glsl), 2, "vec4 tint() { return vec4(1.0) }\n");
    let params = client.wait_for("textDocument/publishDiagnostics", |p| {
        p["uri"] == uri(&common_glsl)
            && p["diagnostics"]
                .as_array()
                .is_some_and(|d| d.iter().any(|d| d["severity"] == 1))
    });
    assert_eq!(
        params["diagnostics"][0]["range"]["start"]["line"], 0,
        "{params:#}"
    );
    assert!(client.shutdown().success());
}

#[test]
fn hostile_input_gets_an_answer_and_the_server_keeps_serving() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path().canonicalize().unwrap();
    let mut client = Client::start(None, Value::Null);
    let alive = |client: &mut Client, what: &str| {
        let missing = client.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": "file:///never/opened.frag"}, "position": {"line": 0, "character": 0}}),
        );
        assert_eq!(error_code(&missing), -32602, "after {what}");
    };

    // A shader naga's reader used to panic on (u32 overflow in its layouter).
    let huge = dir.join("huge_array.comp");
    client.open(
        &uri(&huge),
        "glsl",
        "#version 450\nlayout(local_size_x = 64) in;\n\
         layout(std430, binding = 0) buffer Bins { uint bins[2147483647]; };\n\
         void main() { bins[gl_GlobalInvocationID.x] = 1u; }\n",
    );
    let diagnostics = client.diagnostics(&uri(&huge), 1);
    assert!(
        diagnostics.iter().any(|d| d["severity"] == 1),
        "{diagnostics:#?}"
    );
    alive(&mut client, "a shader that panicked naga");

    // Parentheses 10 000 deep (a stack overflow in a recursive parser).
    let deep = dir.join("deep.frag");
    let nested = format!(
        "#version 300 es\nprecision highp float;\nout vec4 c;\nvoid main() {{ c = vec4({}1.0{}); }}\n",
        "(".repeat(10_000),
        ")".repeat(10_000)
    );
    client.open(&uri(&deep), "glsl", &nested);
    let diagnostics = client.diagnostics(&uri(&deep), 1);
    assert!(
        diagnostics.iter().any(|d| d["severity"] == 1),
        "{diagnostics:#?}"
    );

    // A 50 MB buffer.
    let big = dir.join("big.frag");
    let text = format!("// {}\nvoid main() {{}}\n", "x".repeat(50_000_000));
    client.open(&uri(&big), "glsl", &text);
    let diagnostics = client.diagnostics(&uri(&big), 1);
    assert_eq!(diagnostics[0]["code"], "E-SIZE", "{diagnostics:#?}");
    alive(&mut client, "a 50 MB buffer");

    // Binary garbage as a shader.
    let garbage = dir.join("garbage.frag");
    let bytes: String = (0..4096u32)
        .map(|i| char::from_u32((i * 7919) % 0xD7FF).unwrap_or('\u{0}'))
        .collect();
    client.open(&uri(&garbage), "glsl", &bytes);
    let diagnostics = client.diagnostics(&uri(&garbage), 1);
    assert!(
        diagnostics.iter().any(|d| d["severity"] == 1),
        "{diagnostics:#?}"
    );

    // Requests about documents never opened, unknown methods, bad parameters.
    alive(&mut client, "binary garbage");
    let inlay = client.request(
        "textDocument/inlayHint",
        json!({"textDocument": {"uri": "file:///never/opened.frag"}, "range": whole_file()}),
    );
    assert_eq!(error_code(&inlay), -32602);
    let unknown = client.request("textDocument/teleport", json!({}));
    assert_eq!(error_code(&unknown), -32601);
    let bad = client.request("textDocument/hover", json!({"textDocument": 42}));
    assert_eq!(error_code(&bad), -32602);
    let command = client.request(
        "workspace/executeCommand",
        json!({"command": "prism.isa", "arguments": ["file:///never/opened.frag"]}),
    );
    assert_eq!(error_code(&command), -32602);

    // A frame whose body is not JSON, then one that is not JSON-RPC: reported, skipped.
    let body = b"{this is not json";
    client.send_raw(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
    client.send_raw(body);
    client.wait_for("window/logMessage", |p| {
        p["message"].as_str().unwrap_or("").contains("malformed")
    });
    let body = b"[1, 2, 3]";
    client.send_raw(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
    client.send_raw(body);
    alive(&mut client, "malformed messages");

    assert!(client.shutdown().success());
}

#[test]
fn exit_without_shutdown_is_an_error_exit() {
    let mut client = Client::start(None, Value::Null);
    client.notify("exit", Value::Null);
    let status = client.wait(Duration::from_secs(10)).expect("exits");
    assert_eq!(status.code(), Some(2));
}

#[test]
fn the_server_exits_when_the_client_process_is_gone() {
    let mut short = std::process::Command::new("sleep")
        .arg("1")
        .spawn()
        .unwrap();
    let pid = short.id();
    let mut client = Client::start(Some(pid), Value::Null);
    short.wait().unwrap();
    let status = client.wait(Duration::from_secs(15));
    assert!(
        status.is_some(),
        "prism lsp still running after its client {pid} exited"
    );
}
