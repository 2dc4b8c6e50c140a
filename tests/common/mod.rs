//! Shared helpers for the fixture-driven integration tests.
//!
//! Each integration test that needs these does `mod common;`; not every test
//! uses every helper, hence the `dead_code` allowance.
#![allow(dead_code)]

pub mod spirv_offsets;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Fixture folders whose shaders must compile (they are listed by
/// [`fixtures`]). `malformed`, `wgsl` and `spirv` are handled separately.
pub const GOOD_GLSL_DIALECTS: &[&str] = &["webgl1", "webgl2", "desktop", "vulkan", "include"];

/// The dialect prefixes used by `fixtures/malformed/<dialect>_<case>.<stage>`.
pub const MALFORMED_DIALECTS: &[&str] = &["webgl1", "webgl2", "desktop", "vulkan"];

/// File extensions that [`fixtures`] treats as shader fixtures. Include
/// libraries (`.glsl`) live in sub-folders and are never listed.
pub const SHADER_EXTENSIONS: &[&str] = &[
    "vert", "frag", "comp", "geom", "tesc", "tese", "wgsl", "spv",
];

/// `<crate root>/fixtures`.
pub fn fixture_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// The shader fixtures directly inside `fixtures/<dialect>/`, sorted.
/// Sub-folders (such as `include/lib` and `include/sys`) are not descended.
pub fn fixtures(dialect: &str) -> Vec<PathBuf> {
    let dir = fixture_root().join(dialect);
    let entries = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read fixture folder {}: {e}", dir.display()));
    let mut out: Vec<PathBuf> = entries
        .map(|entry| entry.expect("readable directory entry").path())
        .filter(|p| p.is_file())
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| SHADER_EXTENSIONS.contains(&e))
        })
        .collect();
    out.sort();
    out
}

/// The shader stage implied by the file extension (`vert`, `frag`, `comp`,
/// ...). For `.spv` files the extension before it is used
/// (`reduce.comp.spv` -> `comp`). `None` for WGSL, which has no single stage.
pub fn stage(path: &Path) -> Option<&'static str> {
    let name = path.file_name()?.to_str()?;
    let name = name.strip_suffix(".spv").unwrap_or(name);
    let ext = name.rsplit_once('.')?.1;
    ["vert", "frag", "comp", "geom", "tesc", "tese"]
        .into_iter()
        .find(|s| *s == ext)
}

/// Parses the `expect-error-line: N` marker on the FIRST line of a fixture.
///
/// The marker is normally a whole-line comment (`// expect-error-line: 7`),
/// but ES 3.00 shaders must start with `#version`, so there it trails the
/// directive: `#version 300 es // expect-error-line: 7`. Anything after the
/// number is ignored.
pub fn expected_error_line(path: &Path) -> Option<u32> {
    let text = std::fs::read_to_string(path).ok()?;
    parse_expected_error_line(&text)
}

/// [`expected_error_line`] on already-loaded source text.
pub fn parse_expected_error_line(source: &str) -> Option<u32> {
    const MARKER: &str = "expect-error-line:";
    let first = source.lines().next()?;
    let comment = &first[first.find("//")?..];
    let rest = comment[comment.find(MARKER)? + MARKER.len()..].trim_start();
    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    digits.parse().ok()
}

/// The dialect of a malformed fixture, from its `<dialect>_` file-name prefix.
pub fn malformed_dialect(path: &Path) -> Option<&'static str> {
    let name = path.file_name()?.to_str()?;
    let prefix = name.split_once('_')?.0;
    MALFORMED_DIALECTS.iter().copied().find(|d| *d == prefix)
}

/// `true` when `PRISM_REQUIRE_TOOLS=1`: missing external tools are then a
/// test failure instead of a skip (set this in CI images that have them).
pub fn require_tools() -> bool {
    env_is_1("PRISM_REQUIRE_TOOLS")
}

fn env_is_1(name: &str) -> bool {
    std::env::var(name).is_ok_and(|v| v.trim() == "1")
}

/// Finds an executable on `PATH`.
pub fn find_tool(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| {
            let plain = dir.join(name);
            let exe = dir.join(format!("{name}.exe"));
            [plain, exe]
        })
        .find(|candidate| candidate.is_file())
}

/// `glslangValidator` from `PATH` (Debian/Ubuntu: `apt-get install glslang-tools`).
pub fn glslang() -> Option<PathBuf> {
    find_tool("glslangValidator")
}

/// `spirv-val` from `PATH` (Debian/Ubuntu: `apt-get install spirv-tools`).
pub fn spirv_val() -> Option<PathBuf> {
    find_tool("spirv-val")
}

/// A missing prerequisite: a loud skip notice, or a panic with `PRISM_REQUIRE_TOOLS=1`.
pub fn skip(what: &str) {
    if require_tools() {
        panic!("{what}, but PRISM_REQUIRE_TOOLS=1");
    }
    skip_banner(what);
}

/// The best GPU adapter (lavapipe in CI), or a loud skip; a panic with `PRISM_REQUIRE_GPU=1`.
#[cfg(feature = "gpu")]
pub fn gpu_or_skip() -> Option<prism::gpu::Gpu> {
    use prism::gpu::{Gpu, GpuError};
    match Gpu::open(None) {
        Ok(gpu) => Some(gpu),
        Err(e @ (GpuError::NoAdapter | GpuError::RequestDevice { .. })) => {
            if env_is_1("PRISM_REQUIRE_GPU") {
                panic!("no usable GPU adapter ({e}), but PRISM_REQUIRE_GPU=1");
            }
            skip_banner(&format!("no GPU adapter: {e}"));
            None
        }
        Err(e) => panic!("opening the GPU failed: {e}"),
    }
}

fn skip_banner(what: &str) {
    eprintln!();
    eprintln!("==================================================================");
    eprintln!("SKIPPED: {what}");
    eprintln!("==================================================================");
    eprintln!();
}

/// Returns the tool, or — when it is missing — prints a loud skip notice and
/// returns `None`; with `PRISM_REQUIRE_TOOLS=1` it panics instead.
pub fn tool_or_skip(found: Option<PathBuf>, name: &str, install_hint: &str) -> Option<PathBuf> {
    if found.is_none() {
        skip(&format!("{name} not found on PATH ({install_hint})"));
    }
    found
}

/// The `prism` binary, with colour off.
pub fn prism() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("prism").unwrap();
    cmd.env("NO_COLOR", "1");
    cmd
}

/// Run a command to completion (five minutes at most).
pub fn run(cmd: &mut assert_cmd::Command) -> std::process::Output {
    cmd.timeout(std::time::Duration::from_secs(300))
        .output()
        .unwrap()
}

pub fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).to_string()
}

pub fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).to_string()
}

/// A fixture's path as a command-line argument.
pub fn fixture_arg(rel: &str) -> String {
    fixture_root().join(rel).display().to_string()
}

/// A compute kernel small enough to probe a GPU with.
pub const TINY_KERNEL: &str = "@group(0) @binding(0) var<storage, read_write> data: array<f32>;\n\
    @compute @workgroup_size(64)\n\
    fn main(@builtin(global_invocation_id) id: vec3<u32>) { data[id.x] = data[id.x] * 2.0; }\n";

pub fn tiny_kernel() -> prism::pipeline::Compilation {
    prism::pipeline::compile_text(
        "tiny.wgsl",
        TINY_KERNEL,
        prism::shader::InputKind::Wgsl,
        Some(prism::shader::Stage::Compute),
        &prism::pipeline::CompileOptions::default(),
    )
    .expect("the tiny kernel compiles")
}

/// Whether RADV's null device works here, probed once with the tiny kernel on vega10. A
/// missing Vulkan or Mesa is a skip (a failure under `PRISM_REQUIRE_TOOLS=1`); anything else
/// going wrong is a failure.
pub fn radv_or_skip(test: &str) -> bool {
    use prism::isa::{self, GpuSpec, IsaError, IsaOptions};
    // Built without the `isa` feature (CI's `--no-default-features` run) there is no ISA by
    // design: a skip, never a failure, whatever PRISM_REQUIRE_TOOLS says.
    if cfg!(not(feature = "isa")) {
        skip_banner(&format!("{test}: this build has no `isa` feature"));
        return false;
    }
    static PROBE: std::sync::OnceLock<Result<(), String>> = std::sync::OnceLock::new();
    let probe = PROBE.get_or_init(|| {
        let options = IsaOptions::new(env!("CARGO_BIN_EXE_prism"));
        let gpu = GpuSpec::Family("vega10".into());
        match isa::run(&tiny_kernel(), &[gpu], &options).remove(0) {
            Ok(_) => Ok(()),
            Err(error @ (IsaError::NoVulkan(_) | IsaError::NoRadv { .. })) => {
                Err(error.to_string())
            }
            Err(error) => panic!("RADV is installed but the probe failed: {error}"),
        }
    });
    match probe {
        Ok(()) => true,
        Err(why) => {
            skip(&format!(
                "{test}: RADV unavailable ({why}; apt-get install mesa-vulkan-drivers libvulkan1)"
            ));
            false
        }
    }
}

/// [`tool_or_skip`] for glslangValidator.
pub fn glslang_or_skip() -> Option<PathBuf> {
    tool_or_skip(
        glslang(),
        "glslangValidator",
        "apt-get install glslang-tools",
    )
}

/// The glslangValidator arguments (excluding the input file) that accept a
/// fixture of `dialect` the way its target API would:
///
/// * `webgl1`: `-S <stage>` — with no `#version`, glslang assumes ES 1.00.
/// * `webgl2`, `desktop`: nothing — `#version` picks the profile, the
///   extension picks the stage.
/// * `vulkan`: `-V -o /dev/null` — Vulkan semantics, SPIR-V discarded.
/// * `include`: as `vulkan`, plus `-I<fixtures/include/sys>`.
pub fn glslang_args(dialect: &str, path: &Path) -> Vec<OsString> {
    let mut args: Vec<OsString> = Vec::new();
    let null_out = || -> OsString {
        if cfg!(windows) {
            "NUL".into()
        } else {
            "/dev/null".into()
        }
    };
    match dialect {
        "webgl1" => {
            let stage =
                stage(path).unwrap_or_else(|| panic!("no shader stage for {}", path.display()));
            // GLSL ES 1.00 Appendix A's loop and sampler-index limits, which browsers
            // enforce for WebGL 1, switched on (glslang's defaults leave them off).
            args.push(
                fixture_root()
                    .join("glslang")
                    .join("webgl1_appendixA.conf")
                    .into(),
            );
            args.extend(["-S".into(), stage.into()]);
        }
        "webgl2" | "desktop" => {}
        // Vulkan 1.1: the subgroup fixtures need SPIR-V 1.3.
        "vulkan" => args.extend([
            "-V".into(),
            "--target-env".into(),
            "vulkan1.1".into(),
            "-o".into(),
            null_out(),
        ]),
        "include" => {
            args.extend(["-V".into(), "-o".into(), null_out()]);
            let mut inc = OsString::from("-I");
            inc.push(fixture_root().join("include").join("sys"));
            args.push(inc);
        }
        other => panic!("unknown fixture dialect {other:?}"),
    }
    args
}

/// Output of one glslangValidator run.
#[derive(Debug)]
pub struct ToolRun {
    pub success: bool,
    pub status: String,
    pub command: String,
    /// stdout and stderr together (glslang writes diagnostics to stdout).
    pub output: String,
}

/// Runs `tool args.. file` and captures everything it prints.
pub fn run_tool(tool: &Path, args: &[OsString], file: &Path) -> ToolRun {
    let mut cmd = Command::new(tool);
    cmd.args(args).arg(file);
    let command = std::iter::once(tool.as_os_str())
        .chain(args.iter().map(OsString::as_os_str))
        .chain(std::iter::once(file.as_os_str()))
        .map(|a| a.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ");
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("failed to run `{command}`: {e}"));
    let mut output = String::from_utf8_lossy(&out.stdout).into_owned();
    output.push_str(&String::from_utf8_lossy(&out.stderr));
    ToolRun {
        success: out.status.success(),
        status: out.status.to_string(),
        command,
        output,
    }
}

/// Line numbers of glslang's located errors, in output order:
/// `ERROR: 0:12: ...` (no `-V`) and `ERROR: path/to/file.frag:12: ...`
/// (with `-V`). Unlocated errors (`ERROR: version not supported`,
/// `ERROR: #version: ...`, `ERROR: Linking ...`) are skipped.
pub fn glslang_error_lines(output: &str) -> Vec<u32> {
    output
        .lines()
        .filter_map(|line| line.trim_start().strip_prefix("ERROR: "))
        .filter_map(|rest| {
            let (location, _message) = rest.split_once(": ")?;
            let (_source, line) = location.rsplit_once(':')?;
            line.parse().ok()
        })
        .collect()
}

/// `docs/schemas/NAME.schema.json`, the committed JSON Schema of a prism document.
pub fn committed_schema(name: &str) -> serde_json::Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("docs/schemas")
        .join(format!("{name}.schema.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Fail unless `document` validates against the committed schema `name`
/// (`prism-annotate`, `prism-lint`, ...; see `prism::render::json::schemas`).
pub fn assert_matches_schema(name: &str, document: &serde_json::Value) {
    let schema = committed_schema(name);
    let validator = jsonschema::draft202012::new(&schema)
        .unwrap_or_else(|e| panic!("{name}.schema.json is not a JSON Schema: {e}"));
    let errors: Vec<String> = validator
        .iter_errors(document)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "the output does not match docs/schemas/{name}.schema.json:\n{errors:#?}"
    );
}

/// A temporary project with `shaders/` holding the two skinning fixtures (the float-index
/// shader and its integer-index rewrite), for commands that walk a folder or keep a baseline.
pub fn skinning_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let shaders = dir.path().join("shaders");
    std::fs::create_dir_all(&shaders).unwrap();
    for name in ["float_index.vert", "int_struct.vert"] {
        std::fs::copy(
            fixture_root().join("skinning").join(name),
            shaders.join(name),
        )
        .unwrap();
    }
    dir
}

/// Compiles `fixtures/<rel>` with the default options; panics with the diagnostics if it
/// does not compile.
pub fn compile_fixture(rel: &str) -> prism::pipeline::Compilation {
    let path = fixture_root().join(rel);
    prism::pipeline::compile_path(&path, &prism::pipeline::CompileOptions::default())
        .unwrap_or_else(|f| panic!("{rel} does not compile: {f:?}"))
}

/// What `compilation` writes for `target`, as text (SPIR-V disassembled).
pub fn emitted_text(
    compilation: &prism::pipeline::Compilation,
    target: prism::back::Target,
) -> String {
    let out = compilation
        .emit(target)
        .unwrap_or_else(|e| panic!("{target}: {}", e.message));
    match target {
        prism::back::Target::Spirv => {
            let words = prism::back::spirv::bytes_to_words(out.as_bytes()).expect("words");
            prism::back::spirv::disassemble(&words).expect("disassembles")
        }
        _ => out.as_text().expect("text").to_string(),
    }
}

/// Asserts that `text` (named `what` in the message) contains every needle.
pub fn assert_has(what: &str, text: &str, needles: &[&str]) {
    for needle in needles {
        assert!(text.contains(needle), "{what}: no `{needle}` in\n{text}");
    }
}

/// Asserts that the first diagnostic of `failure` (test case `case`) is an `E-UNSUPPORTED`
/// error whose message contains `words`, located at `(line, column)`.
pub fn assert_unsupported_at(
    failure: &prism::pipeline::Failure,
    case: usize,
    words: &str,
    at: (usize, usize),
) {
    let first = &failure.diagnostics[0];
    assert_eq!(
        first.code.as_deref(),
        Some("E-UNSUPPORTED"),
        "case {case}: {first:?}"
    );
    assert!(
        first.message.contains(words),
        "case {case}: {}",
        first.message
    );
    let label = first.labels.first().expect("located");
    let loc = prism::source::Loc {
        file: label.file_id,
        start: label.range.start as u32,
        end: label.range.end as u32,
    };
    assert_eq!(failure.files.line_col(loc), at, "case {case}");
}

/// Compiles GLSL `source` (named `name`) as a `stage` shader with the default options.
pub fn compile_glsl(
    name: &str,
    source: &str,
    stage: prism::shader::Stage,
) -> Result<prism::pipeline::Compilation, prism::pipeline::Failure> {
    prism::pipeline::compile_text(
        name,
        source,
        prism::shader::InputKind::Glsl,
        Some(stage),
        &prism::pipeline::CompileOptions::default(),
    )
}
