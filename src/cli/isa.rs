//! `prism isa`: real GPU ISA statistics for one shader, per GPU (see `prism::isa`).

use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use clap::Args;

use prism::isa::{self, GpuAvailability, GpuSpec, IsaError, IsaOptions, IsaReport};
use prism::pipeline::compile_path;

use prism::render::json;

use super::common::{emit_diagnostics, write_report as write_document, Format, Outcome};
use super::shader_args::ShaderArgs;

#[derive(Args, Debug)]
pub struct IsaArgs {
    /// The shader (.vert .frag .comp .glsl .wgsl .spv); not needed with --list-gpus.
    #[arg(required_unless_present = "list_gpus")]
    pub input: Option<PathBuf>,

    /// GPUs, comma-separated: RADV families (vega10, navi21, gfx1100, ...: see --list-gpus),
    /// `device:N` or part of a real device's name. The default, vega10, compiles vertex
    /// shaders as plain hardware vertex shaders; RDNA families (navi*) wrap them in NGG
    /// primitive-culling code.
    #[arg(long, value_delimiter = ',', default_value = "vega10")]
    pub gpu: Vec<GpuSpec>,

    /// Print the driver's assembly of the shader's executable.
    #[arg(long)]
    pub disasm: bool,

    /// Print the driver's intermediate representations too (NIR, ACO IR); implies --disasm.
    #[arg(long)]
    pub ir: bool,

    /// List the GPU families and devices, and whether each can be used here.
    #[arg(long)]
    pub list_gpus: bool,

    /// Seconds a GPU's worker may take before it is killed.
    #[arg(long, value_name = "SECS", default_value_t = 60.0)]
    pub timeout: f64,

    #[command(flatten)]
    pub shader: ShaderArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

pub fn run(args: IsaArgs, color: bool) -> anyhow::Result<Outcome> {
    args.shader.check()?;
    if !(args.timeout.is_finite() && args.timeout > 0.0) {
        anyhow::bail!(
            "--timeout {}: expected a positive number of seconds",
            args.timeout
        );
    }
    let worker =
        std::env::current_exe().context("finding the prism executable for the ISA worker")?;
    let options = IsaOptions {
        worker,
        disasm: args.disasm || args.ir,
        timeout: Duration::from_secs_f64(args.timeout),
    };
    if args.list_gpus {
        return list(&options, args.format);
    }
    let Some(input) = &args.input else {
        anyhow::bail!("no input file");
    };
    let compilation = match compile_path(input, &args.shader.options()) {
        Ok(compilation) => compilation,
        Err(failure) => {
            match args.format {
                Format::Text => emit_diagnostics(&failure.files, &failure.diagnostics, color),
                Format::Json => {
                    let diagnostics: Vec<_> = failure
                        .diagnostics
                        .iter()
                        .map(|d| prism::render::json::diagnostic(&failure.files, d))
                        .collect();
                    let document = json::IsaDocument {
                        diagnostics: Some(diagnostics),
                        ..json::IsaDocument::new(
                            input.display().to_string(),
                            args.shader.robustness(),
                            [],
                        )
                    };
                    write_document(None, &json::to_string(&document))?;
                }
            }
            return Ok(Outcome::Error);
        }
    };
    if args.format == Format::Text && !compilation.parsed.warnings.is_empty() {
        emit_diagnostics(&compilation.files, &compilation.parsed.warnings, color);
    }
    if compilation.entry.is_none() {
        let names: Vec<_> = compilation
            .entry_points()
            .into_iter()
            .map(|e| e.name)
            .collect();
        anyhow::bail!(
            "{}: pick one entry point with --entry (the module has: {})",
            input.display(),
            names.join(", ")
        );
    }
    let robustness = robustness_label(&args.shader);
    let listing = match (args.ir, args.disasm) {
        (true, _) => Listing::AllRepresentations,
        (false, true) => Listing::Assembly,
        (false, false) => Listing::Statistics,
    };
    let results = isa::run(&compilation, &args.gpu, &options);
    let failed = results.iter().any(Result::is_err);
    match args.format {
        Format::Json => {
            let document = json::IsaDocument::new(
                input.display().to_string(),
                args.shader.robustness(),
                args.gpu.iter().map(ToString::to_string).zip(&results),
            );
            write_document(None, &json::to_string(&document))?;
        }
        Format::Text => {
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            let mut first = true;
            for (gpu, result) in args.gpu.iter().zip(&results) {
                match result {
                    Ok(report) => {
                        if !first {
                            writeln!(out)?;
                        }
                        first = false;
                        let heading = format!("{} ({robustness})", input.display());
                        write_report(&mut out, &heading, report, listing)?;
                    }
                    Err(error) => write_error(gpu, error),
                }
            }
            out.flush()?;
        }
    }
    Ok(if failed {
        Outcome::Error
    } else {
        Outcome::Clean
    })
}

fn write_error(gpu: &GpuSpec, error: &IsaError) {
    eprintln!("error: {gpu}: {error}");
}

/// What a text report shows besides the statistics.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Listing {
    Statistics,
    Assembly,
    AllRepresentations,
}

/// `robustness webgpu`, with the overrides spelled out.
fn robustness_label(shader: &ShaderArgs) -> String {
    let mut label = format!("robustness {}", shader.robustness.unwrap_or_default());
    for (name, policy) in [
        ("index", shader.index_bounds),
        ("buffer", shader.buffer_bounds),
        ("image", shader.image_bounds),
    ] {
        // The policy's own spelling on the command line (`read-zero-skip-write`).
        if let Some(serde_json::Value::String(policy)) =
            policy.and_then(|p| serde_json::to_value(p).ok())
        {
            label.push_str(&format!(", {name} {policy}"));
        }
    }
    label
}

fn write_report(
    out: &mut impl Write,
    heading: &str,
    report: &IsaReport,
    listing: Listing,
) -> std::io::Result<()> {
    writeln!(
        out,
        "{heading} on {}: {} ({})",
        report.gpu, report.device_name, report.driver
    )?;
    let Some(main) = report.main_executable() else {
        writeln!(
            out,
            "  no executable of the pipeline runs the {} stage",
            report.stage
        )?;
        return Ok(());
    };
    writeln!(out, "{} ({})", main.name, main.description)?;
    let width = main
        .statistics
        .iter()
        .filter(|s| !s.name.to_lowercase().contains("hash"))
        .map(|s| s.name.len())
        .max()
        .unwrap_or(0);
    // Hashes identify the pipeline, not its cost: JSON keeps them, the table does not.
    for statistic in main
        .statistics
        .iter()
        .filter(|s| !s.name.to_lowercase().contains("hash"))
    {
        writeln!(
            out,
            "  {:width$}  {:>8}",
            statistic.name,
            statistic.value.to_string()
        )?;
    }
    if let Some(measured_as) = &report.measured_as {
        writeln!(
            out,
            "note: measured as `{measured_as}`, this driver's name for `{}`",
            report.gpu
        )?;
    }
    if let Some(variant) = &report.variant {
        writeln!(out, "note: {variant}")?;
    }
    let others: Vec<_> = report
        .executables
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != report.main)
        .map(|(_, e)| e.name.as_str())
        .collect();
    if !others.is_empty() {
        writeln!(
            out,
            "also in the pipeline (generated companion stage, not counted): {}",
            others.join(", ")
        )?;
    }
    for representation in &main.representations {
        let is_assembly = representation.name.eq_ignore_ascii_case("assembly");
        let shown = match listing {
            Listing::Statistics => false,
            Listing::Assembly => is_assembly,
            Listing::AllRepresentations => true,
        };
        if shown {
            writeln!(
                out,
                "\n--- {} ({}) ---",
                representation.name, representation.description
            )?;
            writeln!(out, "{}", representation.text.trim_end())?;
        }
    }
    Ok(())
}

fn list(options: &IsaOptions, format: Format) -> anyhow::Result<Outcome> {
    let gpus = isa::list_gpus(options);
    match format {
        Format::Json => write_document(None, &json::to_string(&json::IsaGpusDocument::new(&gpus)))?,
        Format::Text => {
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            let width = gpus.iter().map(|g| g.gpu.len()).max().unwrap_or(0);
            let mut driver = None;
            for gpu in &gpus {
                if gpu.driver.is_some() && gpu.driver != driver {
                    driver = gpu.driver.clone();
                    writeln!(out, "# {}", driver.as_deref().unwrap_or_default())?;
                }
                writeln!(out, "{}", list_line(gpu, width))?;
            }
            out.flush()?;
        }
    }
    Ok(Outcome::Clean)
}

fn list_line(gpu: &GpuAvailability, width: usize) -> String {
    let state = if gpu.available {
        format!("available: {}", gpu.device_name.as_deref().unwrap_or("?"))
    } else {
        format!("unavailable: {}", gpu.reason.as_deref().unwrap_or("?"))
    };
    format!("{:width$}  {:24}  {state}", gpu.gpu, gpu.kind)
}

/// The hidden `__isa-worker` command.
pub fn worker() -> anyhow::Result<Outcome> {
    let code = isa::worker_main(std::io::stdin().lock(), std::io::stdout().lock());
    Ok(if code == 0 {
        Outcome::Clean
    } else {
        Outcome::Error
    })
}
