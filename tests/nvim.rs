//! A real editor: Neovim's built-in LSP client, headless, drives `prism lsp` on a WebGL 2
//! shader (tests/nvim/e2e.lua). Neovim missing is a skip, and a failure under
//! `PRISM_REQUIRE_TOOLS=1` (`.ci/run` installs it: `apt-get install neovim`).

mod common;

use std::time::Duration;

use wait_timeout::ChildExt;

#[test]
fn neovim_shows_diagnostics_hints_and_applies_a_fix() {
    let Some(nvim) =
        common::tool_or_skip(common::find_tool("nvim"), "nvim", "apt-get install neovim")
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let shader = dir.path().join("dither.frag");
    let before = common::fixture_root().join("lint/ARI003/fix_dither.before.frag");
    let after = common::fixture_root().join("lint/ARI003/fix_dither.after.frag");
    std::fs::copy(&before, &shader).unwrap();
    let result = dir.path().join("result.txt");
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/nvim/e2e.lua");
    let mut child = std::process::Command::new(nvim)
        .args(["--headless", "-u", "NONE", "-i", "NONE", "-n", "-c"])
        .arg(format!("luafile {}", script.display()))
        .env("PRISM", env!("CARGO_BIN_EXE_prism"))
        .env("PRISM_SHADER", &shader)
        .env("PRISM_RESULT", &result)
        .env("XDG_STATE_HOME", dir.path())
        .env("XDG_CACHE_HOME", dir.path())
        .env("XDG_DATA_HOME", dir.path())
        .current_dir(dir.path())
        .stdin(std::process::Stdio::null())
        .spawn()
        .expect("starting nvim");
    let status = match child.wait_timeout(Duration::from_secs(240)).unwrap() {
        Some(status) => status,
        None => {
            let _ = child.kill();
            let _ = child.wait();
            panic!("nvim did not finish within 240 s");
        }
    };
    let report = std::fs::read_to_string(&result).unwrap_or_else(|_| "no result written".into());
    assert!(
        status.success() && report.starts_with("ok\n"),
        "{status}: {report}"
    );
    let buffer = report.split_once("---\n").unwrap().1;
    let expected = std::fs::read_to_string(after).unwrap();
    let line = |text: &str| {
        text.lines()
            .find(|l| l.contains("ivec2 p"))
            .unwrap()
            .to_string()
    };
    assert_eq!(line(buffer), line(&expected), "{report}");
    assert!(report.contains("title: remove `floor`"), "{report}");
}
