//! `prism compile`: one or more shaders to one or more targets, or `--check` over folders.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use clap::Args;
use rayon::prelude::*;
use serde::Serialize;

use prism::back::{glsl, hlsl, msl, Output, Target};
use prism::pipeline::{compile_path, Compilation, CompileOptions, Failure};
use prism::shader::InputKind;

use super::render;
use super::shader_args::ShaderArgs;
use super::{Format, Outcome};

#[derive(Args, Debug)]
pub struct CompileArgs {
    /// Shader files (.vert .frag .comp .vs .fs .cs .glsl .wgsl .spv); folders with --check.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,

    /// Targets, comma-separated: hlsl, spirv, spirv-asm, wgsl, msl, glsl.
    /// Default: from the -o file's extension, else hlsl.
    #[arg(short, long, value_delimiter = ',')]
    pub target: Vec<Target>,

    /// Output file (one target) or directory (several targets or inputs; one file each).
    #[arg(short, long)]
    pub output: Option<PathBuf>,

    #[command(flatten)]
    pub shader: ShaderArgs,

    /// HLSL shader model, 5.0 to 6.7.
    #[arg(long, default_value = "5.1")]
    pub shader_model: hlsl::Model,

    /// MSL language version, e.g. 2.4.
    #[arg(long, default_value = "2.4", value_parser = msl::parse_version)]
    pub msl_version: (u8, u8),

    /// GLSL output version: auto (es300, else es310, else 450), es300, es310, 330 or 450.
    #[arg(long, default_value = "auto")]
    pub glsl_version: glsl::Flavor,

    /// Print the locations and bindings prism assigned (instead of code, unless -o is given).
    #[arg(long)]
    pub show_bindings: bool,

    /// Print the GLSL 450 text prism's dialect layer hands to naga (for bug reports).
    #[arg(long)]
    pub show_upgraded: bool,

    /// Compile everything under the inputs, print a summary, exit 1 if any shader failed.
    #[arg(long)]
    pub check: bool,

    /// Output format for diagnostics and results.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

impl CompileArgs {
    fn options(&self) -> CompileOptions {
        let mut options = self.shader.options();
        options.targets.hlsl.shader_model = self.shader_model;
        options.targets.msl.version = self.msl_version;
        options.targets.glsl.version = self.glsl_version;
        options
    }

    fn targets(&self) -> Vec<Target> {
        if !self.target.is_empty() {
            let mut targets = self.target.clone();
            targets.dedup();
            return targets;
        }
        let from_ext = self
            .output
            .as_deref()
            .and_then(|p| p.extension())
            .and_then(|e| e.to_str())
            .and_then(|ext| Target::ALL.into_iter().find(|t| t.extension() == ext));
        vec![from_ext.unwrap_or(Target::Hlsl)]
    }
}

pub fn run(args: CompileArgs, color: bool) -> anyhow::Result<Outcome> {
    args.shader.check()?;
    if args.check {
        return check(&args, color);
    }
    let targets = args.targets();
    let many_outputs = targets.len() > 1 || args.inputs.len() > 1;
    let options = args.options();
    let mut json_inputs = Vec::new();
    let mut failed = false;
    let stdout = std::io::stdout();
    for input in &args.inputs {
        let compiled = compile_path(input, &options);
        let compilation = match compiled {
            Ok(c) => c,
            Err(failure) => {
                failed = true;
                match args.format {
                    Format::Text => render::emit_text(&failure.files, &failure.diagnostics, color),
                    Format::Json => json_inputs.push(json_failure(input, &failure)),
                }
                continue;
            }
        };
        if args.format == Format::Text && !compilation.parsed.warnings.is_empty() {
            render::emit_text(&compilation.files, &compilation.parsed.warnings, color);
        }
        let mut outputs = Vec::new();
        let mut target_errors = Vec::new();
        for &target in &targets {
            match compilation.emit(target) {
                Ok(output) => outputs.push((target, output)),
                Err(diagnostic) => target_errors.push(diagnostic),
            }
        }
        if !target_errors.is_empty() {
            failed = true;
            if args.format == Format::Text {
                render::emit_text(&compilation.files, &target_errors, color);
            }
        }
        let mut written = Vec::new();
        if let Some(out) = &args.output {
            for (target, output) in &outputs {
                let path = output_path(out, input, *target, many_outputs);
                prism::output::write_atomic(&path, output.as_bytes())
                    .with_context(|| format!("writing {}", path.display()))?;
                written.push((*target, path));
            }
        }
        match args.format {
            Format::Json => json_inputs.push(json_success(
                input,
                &compilation,
                &outputs,
                &written,
                &target_errors,
                args.output.is_none(),
            )),
            Format::Text => {
                let mut lock = stdout.lock();
                if args.show_upgraded {
                    if let Some(text) = &compilation.parsed.naga_text {
                        writeln!(lock, "{text}")?;
                    }
                }
                if args.show_bindings {
                    write!(
                        lock,
                        "{}",
                        render::bindings_table(&compilation.files, &compilation.parsed.bindings)
                    )?;
                }
                if args.output.is_none() && !args.show_bindings && !args.show_upgraded {
                    for (target, output) in &outputs {
                        match output {
                            Output::Text(text) => {
                                if many_outputs {
                                    writeln!(
                                        lock,
                                        "// ---- {} : {} ----",
                                        input.display(),
                                        target
                                    )?;
                                }
                                lock.write_all(text.as_bytes())?;
                            }
                            Output::Binary(bytes) => {
                                if std::io::stdout().is_terminal() || many_outputs {
                                    bail!("{}: binary SPIR-V is not written to a terminal or mixed with other output; use -o FILE, or --target spirv-asm for text", input.display());
                                }
                                lock.write_all(bytes)?;
                            }
                        }
                    }
                }
                lock.flush()?;
            }
        }
    }
    if args.format == Format::Json {
        let doc = serde_json::json!({ "version": 1, "inputs": json_inputs });
        let mut lock = stdout.lock();
        serde_json::to_writer_pretty(&mut lock, &doc)?;
        writeln!(lock)?;
    }
    Ok(if failed {
        Outcome::Error
    } else {
        Outcome::Clean
    })
}

/// Where one target's output goes under `-o`.
fn output_path(out: &Path, input: &Path, target: Target, many: bool) -> PathBuf {
    let is_dir = many || out.is_dir() || out.as_os_str().to_string_lossy().ends_with('/');
    if !is_dir {
        return out.to_path_buf();
    }
    let name = input
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "shader".into());
    out.join(format!("{name}.{}", target.extension()))
}

fn json_failure(input: &Path, failure: &Failure) -> serde_json::Value {
    let diagnostics: Vec<_> = failure
        .diagnostics
        .iter()
        .map(|d| render::json_diagnostic(&failure.files, d))
        .collect();
    serde_json::json!({
        "path": input.display().to_string(),
        "ok": false,
        "diagnostics": diagnostics,
    })
}

fn json_success(
    input: &Path,
    compilation: &Compilation,
    outputs: &[(Target, Output)],
    written: &[(Target, PathBuf)],
    target_errors: &[prism::diagnostic::Diagnostic],
    inline_code: bool,
) -> serde_json::Value {
    let parsed = &compilation.parsed;
    let outputs: Vec<_> = outputs
        .iter()
        .map(|(target, output)| {
            let path = written.iter().find(|(t, _)| t == target).map(|(_, p)| p.display().to_string());
            let code = if inline_code { output.as_text().map(str::to_string) } else { None };
            serde_json::json!({ "target": target, "path": path, "bytes": output.as_bytes().len(), "code": code })
        })
        .collect();
    let mut diagnostics: Vec<_> = parsed
        .warnings
        .iter()
        .map(|d| render::json_diagnostic(&compilation.files, d))
        .collect();
    diagnostics.extend(
        target_errors
            .iter()
            .map(|d| render::json_diagnostic(&compilation.files, d)),
    );
    serde_json::json!({
        "path": input.display().to_string(),
        "ok": target_errors.is_empty(),
        "kind": parsed.kind,
        "dialect": parsed.dialect.map(|d| d.describe()),
        "entry_points": parsed.module.entry_points.iter().map(|ep| serde_json::json!({"name": ep.name, "stage": format!("{:?}", ep.stage).to_lowercase()})).collect::<Vec<_>>(),
        "bindings": render::json_bindings(&compilation.files, &parsed.bindings),
        "outputs": outputs,
        "diagnostics": diagnostics,
    })
}

/// One shader's result in `--check`.
#[derive(Serialize)]
struct CheckResult {
    path: String,
    ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<String>,
    diagnostics: Vec<render::JsonDiagnostic>,
}

/// Files under the inputs that prism can compile.
pub(super) fn collect_shaders(
    inputs: &[PathBuf],
    stage_given: bool,
) -> anyhow::Result<Vec<PathBuf>> {
    let mut shaders = Vec::new();
    for input in inputs {
        if input.is_dir() {
            for entry in walkdir::WalkDir::new(input).sort_by_file_name() {
                let entry = entry.with_context(|| format!("walking {}", input.display()))?;
                // A symlink to a file is the file (`--fix` writes through it); a symlink to a
                // folder is not walked (no cycles).
                let is_file = entry.file_type().is_file()
                    || (entry.path_is_symlink() && entry.path().is_file());
                if !is_file {
                    continue;
                }
                let path = entry.path();
                match InputKind::from_path(path) {
                    // `.glsl` files are usually includes; compile them only with --stage.
                    Some((InputKind::Glsl, None)) if !stage_given => {}
                    Some(_) => shaders.push(path.to_path_buf()),
                    None => {}
                }
            }
        } else if input.exists() {
            shaders.push(input.clone());
        } else {
            bail!("{}: no such file or directory", input.display());
        }
    }
    Ok(shaders)
}

fn check(args: &CompileArgs, color: bool) -> anyhow::Result<Outcome> {
    let shaders = collect_shaders(&args.inputs, args.shader.stage.is_some())?;
    if shaders.is_empty() {
        bail!(
            "no shaders found under {}",
            args.inputs
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let targets = if args.target.is_empty() {
        Target::ALL.to_vec()
    } else {
        args.targets()
    };
    let options = args.options();
    let progress = super::progress_bar(shaders.len(), args.format == Format::Text);
    let pool = super::worker_pool()?;
    let results: Vec<(CheckResult, Detail)> = pool.install(|| {
        shaders
            .par_iter()
            .map(|path| {
                let result = check_one(path, &options, &targets);
                if let Some(bar) = &progress {
                    bar.inc(1);
                    bar.set_message(path.display().to_string());
                }
                result
            })
            .collect()
    });
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    let failed = results.iter().filter(|(r, _)| !r.ok).count();
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    for (result, _) in &results {
        if let Some(kind) = &result.kind {
            *kinds.entry(kind.clone()).or_default() += 1;
        }
    }
    match args.format {
        Format::Text => {
            for (_, detail) in &results {
                if let Some((files, diagnostics)) = detail {
                    render::emit_text(files, diagnostics, color);
                }
            }
            let mut out = std::io::stdout().lock();
            writeln!(
                out,
                "checked {} shaders for {}: {} ok, {} failed",
                results.len(),
                targets
                    .iter()
                    .map(|t| t.name())
                    .collect::<Vec<_>>()
                    .join(","),
                results.len() - failed,
                failed
            )?;
            for (kind, count) in &kinds {
                writeln!(out, "  {count:>4}  {kind}")?;
            }
            for (result, _) in results.iter().filter(|(r, _)| !r.ok) {
                let first = result.diagnostics.first();
                writeln!(
                    out,
                    "  FAILED {}{}: {}",
                    result.path,
                    first
                        .and_then(|d| d.line.map(|l| format!(":{l}")))
                        .unwrap_or_default(),
                    first.map(|d| d.message.as_str()).unwrap_or("")
                )?;
            }
        }
        Format::Json => {
            let doc = serde_json::json!({
                "version": 1,
                "targets": targets,
                "total": results.len(),
                "ok": results.len() - failed,
                "failed": failed,
                "failures_by_kind": kinds,
                "shaders": results.iter().map(|(r, _)| r).collect::<Vec<_>>(),
            });
            let mut out = std::io::stdout().lock();
            serde_json::to_writer_pretty(&mut out, &doc)?;
            writeln!(out)?;
        }
    }
    Ok(if failed > 0 {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

type Detail = Option<(
    prism::source::SourceFiles,
    Vec<prism::diagnostic::Diagnostic>,
)>;

fn check_one(path: &Path, options: &CompileOptions, targets: &[Target]) -> (CheckResult, Detail) {
    let name = path.display().to_string();
    match compile_path(path, options) {
        Err(failure) => {
            let diagnostics = failure
                .diagnostics
                .iter()
                .map(|d| render::json_diagnostic(&failure.files, d))
                .collect();
            let kind = Some(failure_kind(&failure.diagnostics));
            (
                CheckResult {
                    path: name,
                    ok: false,
                    kind,
                    diagnostics,
                },
                Some((failure.files, failure.diagnostics)),
            )
        }
        Ok(compilation) => {
            let mut errors = Vec::new();
            let mut jobs = Vec::new();
            for &target in targets {
                let one_at_a_time = target == Target::Glsl && compilation.entry.is_none();
                if one_at_a_time && compilation.parsed.module.entry_points.len() > 1 {
                    jobs.extend(
                        compilation
                            .entry_points()
                            .into_iter()
                            .map(|e| (target, Some(e))),
                    );
                } else {
                    jobs.push((target, compilation.entry.clone()));
                }
            }
            for (target, entry) in jobs {
                match compilation.emit_entry(target, entry.as_ref()) {
                    Ok(Output::Binary(bytes)) if target == Target::Spirv => {
                        let words = prism::back::spirv::bytes_to_words(&bytes).unwrap_or_default();
                        if let Err(message) = prism::back::spirv::validate(&words) {
                            errors.push(
                                prism::diagnostic::Diagnostic::error()
                                    .with_code("E-SPIRV-VAL")
                                    .with_message(format!(
                                        "{name}: spirv-val rejected prism's SPIR-V: {message}"
                                    )),
                            );
                        }
                    }
                    Ok(_) => {}
                    Err(diagnostic) => errors.push(diagnostic),
                }
            }
            if errors.is_empty() {
                (
                    CheckResult {
                        path: name,
                        ok: true,
                        kind: None,
                        diagnostics: Vec::new(),
                    },
                    None,
                )
            } else {
                let diagnostics = errors
                    .iter()
                    .map(|d| render::json_diagnostic(&compilation.files, d))
                    .collect();
                let kind = Some(failure_kind(&errors));
                let Compilation { files, .. } = compilation;
                (
                    CheckResult {
                        path: name,
                        ok: false,
                        kind,
                        diagnostics,
                    },
                    Some((files, errors)),
                )
            }
        }
    }
}

/// A failure's kind for the summary: its code and its message with names and numbers
/// taken out, so that `Unknown function 'atomicAdd'` and `... 'atomicMin'` count together.
fn failure_kind(diagnostics: &[prism::diagnostic::Diagnostic]) -> String {
    let Some(first) = diagnostics.first() else {
        return "unknown".into();
    };
    let code = first.code.clone().unwrap_or_else(|| "E-UNKNOWN".into());
    let mut message = String::new();
    let mut quote: Option<char> = None;
    for c in first.message.chars() {
        match (quote, c) {
            (None, '`' | '\'' | '"') => {
                quote = Some(c);
                message.push('…');
            }
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, ':') => break,
            (None, c) => message.push(c),
        }
    }
    format!("{code} {}", message.trim())
}
