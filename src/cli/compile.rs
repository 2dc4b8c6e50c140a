//! `prism compile`: one or more shaders to one or more targets, or `--check` over folders.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use clap::Args;
use rayon::prelude::*;

use prism::back::{glsl, hlsl, msl, Output, Target};
use prism::check::{check_compiles, CompileCheck};
use prism::pipeline::{collect_shaders, compile_path, CompileOptions};
use prism::render::json::{CompileCheckDocument, CompileDocument, CompiledInput};
use prism::render::{self, json};

use super::common::{emit_diagnostics, progress_bar, worker_pool, Format, Outcome};
use super::panic::processing;
use super::shader_args::ShaderArgs;

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

    /// HLSL shader model, 5.0 to 6.7. Default: the lowest the shader needs, at least 5.1
    /// (a note says which, when above 5.1).
    #[arg(long)]
    pub shader_model: Option<hlsl::Model>,

    /// MSL language version, e.g. 2.4. Default: the lowest the shader needs, at least 2.4
    /// (a note says which, when above 2.4).
    #[arg(long, value_parser = msl::parse_version)]
    pub msl_version: Option<(u8, u8)>,

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

    /// With --check: only shard K of N (`2/4`), a stable split by the shaders' paths
    /// relative to the working directory (the same shaders on every run and machine).
    #[arg(long, value_name = "K/N", requires = "check")]
    pub shard: Option<prism::check::Shard>,

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
        let compiled = processing(input, || compile_path(input, &options));
        let compilation = match compiled {
            Ok(c) => c,
            Err(failure) => {
                failed = true;
                match args.format {
                    Format::Text => emit_diagnostics(&failure.files, &failure.diagnostics, color),
                    Format::Json => json_inputs.push(CompiledInput::failed(input, &failure)),
                }
                continue;
            }
        };
        if args.format == Format::Text && !compilation.parsed.warnings.is_empty() {
            emit_diagnostics(&compilation.files, &compilation.parsed.warnings, color);
        }
        let mut outputs = Vec::new();
        let mut target_errors = Vec::new();
        for &target in &targets {
            match processing(input, || {
                compilation.emit_entry_with_notes(target, compilation.entry.as_ref())
            }) {
                Ok((output, notes)) => {
                    if args.format == Format::Text && !notes.is_empty() {
                        emit_diagnostics(&compilation.files, &notes, color);
                    }
                    outputs.push((target, output))
                }
                Err(diagnostic) => target_errors.push(diagnostic),
            }
        }
        if !target_errors.is_empty() {
            failed = true;
            if args.format == Format::Text {
                emit_diagnostics(&compilation.files, &target_errors, color);
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
            Format::Json => json_inputs.push(CompiledInput::compiled(
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
                        render::text::bindings(&compilation.files, &compilation.parsed.bindings)
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
        let document = CompileDocument {
            inputs: json_inputs,
            version: 1,
        };
        stdout
            .lock()
            .write_all(json::to_string(&document).as_bytes())?;
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

fn check(args: &CompileArgs, color: bool) -> anyhow::Result<Outcome> {
    let mut shaders = collect_shaders(&args.inputs, args.shader.stage.is_some())?;
    let found = shaders.len();
    if let Some(shard) = args.shard {
        shaders.retain(|path| shard.contains(&prism::check::shard::path_key(path)));
    }
    if found == 0 {
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
    let progress = progress_bar(shaders.len(), args.format == Format::Text);
    let pool = worker_pool()?;
    let results: Vec<CompileCheck> = pool.install(|| {
        shaders
            .par_iter()
            .map(|path| {
                let result = processing(path, || check_compiles(path, &options, &targets));
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
    let report = CompileCheckDocument::new(&targets, &results);
    match args.format {
        Format::Text => {
            for failure in results.iter().filter_map(|r| r.failure.as_ref()) {
                emit_diagnostics(&failure.files, &failure.diagnostics, color);
            }
            let mut out = std::io::stdout().lock();
            out.write_all(render::text::compile_check(&report).as_bytes())?;
        }
        Format::Json => {
            let mut out = std::io::stdout().lock();
            out.write_all(json::to_string(&report).as_bytes())?;
        }
    }
    Ok(if report.failed > 0 {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}
