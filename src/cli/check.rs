//! `prism check PATHS --baseline FILE`: fail CI when a shader got more expensive. The
//! measuring and comparing is [`prism::check`]; this file parses and renders.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{bail, Context};
use clap::{Args, ValueEnum};

use prism::back::Target;
use prism::check::{Check, CheckOptions, Finished, Problem};
use prism::isa::{GpuSpec, IsaOptions};
use prism::render;

use super::common::{emit_diagnostics, progress_bar, worker_pool, write_report, Outcome};
use super::shader_args::ShaderArgs;

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq, Default)]
pub enum CheckFormat {
    #[default]
    Text,
    Json,
    /// A pull-request comment.
    Markdown,
    /// GitHub Actions workflow commands (`::error file=...`).
    Github,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Shader files and folders (searched recursively).
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,

    /// The committed baseline file.
    #[arg(long)]
    pub baseline: PathBuf,

    /// Rewrite the baseline (atomically) with the current counts instead of comparing.
    #[arg(long)]
    pub update: bool,

    /// Percent a count may grow before it counts as a regression.
    #[arg(long, default_value_t = 0.0)]
    pub tolerance: f64,

    /// Text targets whose helper calls are counted.
    #[arg(short, long, value_delimiter = ',', default_value = "hlsl,msl")]
    pub target: Vec<Target>,

    /// GPUs whose ISA statistics are counted (RADV families such as vega10).
    #[arg(long, value_delimiter = ',')]
    pub gpu: Vec<GpuSpec>,

    /// Skip `spirv-opt -O`.
    #[arg(long)]
    pub no_opt: bool,

    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,

    /// Seconds one GPU may take to compile a pipeline.
    #[arg(long, default_value_t = 60)]
    pub timeout: u64,

    /// Leave out shaders whose path matches this glob (`**/legacy/*`, `*.geom`); repeatable.
    /// Matched against the path as found and as keyed in the baseline.
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,

    #[command(flatten)]
    pub shader: ShaderArgs,
}

pub fn run(args: CheckArgs, color: bool) -> anyhow::Result<Outcome> {
    args.shader.check()?;
    if !(args.tolerance >= 0.0 && args.tolerance.is_finite()) {
        bail!("--tolerance must be a non-negative percentage");
    }
    let mut excludes = globset::GlobSetBuilder::new();
    for pattern in &args.exclude {
        excludes.add(
            globset::Glob::new(pattern)
                .with_context(|| format!("--exclude {pattern}: not a glob pattern"))?,
        );
    }
    let mut isa = IsaOptions::new(std::env::current_exe()?);
    isa.timeout = Duration::from_secs(args.timeout);
    let options = CheckOptions {
        baseline: args.baseline.clone(),
        update: args.update,
        tolerance_percent: args.tolerance,
        targets: args.target.clone(),
        gpus: args.gpu.clone(),
        isa,
        optimize: !args.no_opt,
        excludes: excludes.build()?,
        compile: args.shader.options(),
        defines: args.shader.define.clone(),
    };
    let check = Check::prepare(&args.inputs, options)?;
    let progress = progress_bar(check.shaders().len(), true);
    // Compiling recurses as deep as on the main thread: rayon's default 2 MiB stacks overflow.
    let measurement = worker_pool()?.install(|| {
        check.measure(&|| {
            if let Some(bar) = &progress {
                bar.inc(1);
            }
        })
    });
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    for problem in &measurement.problems {
        match problem {
            Problem::Diagnostics { files, diagnostics } => {
                emit_diagnostics(files, diagnostics, color)
            }
            Problem::Isa { shader, gpu, error } => eprintln!("error: {shader} on {gpu}: {error}"),
        }
    }
    let report = match check.finish(measurement)? {
        Finished::Updated(baseline) => {
            prism::output::write_atomic(&args.baseline, baseline.to_json().as_bytes())
                .with_context(|| format!("writing {}", args.baseline.display()))?;
            eprintln!(
                "wrote {} ({} shaders)",
                args.baseline.display(),
                baseline.shaders.len()
            );
            return Ok(Outcome::Clean);
        }
        Finished::Compared(report) => report,
    };
    let text = match args.format {
        CheckFormat::Text => render::text::check(&report),
        CheckFormat::Json => render::json::to_string(&render::json::CheckDocument::new(&report)),
        CheckFormat::Markdown => render::markdown::check(&report),
        CheckFormat::Github => render::github::check(&report),
    };
    write_report(None, &text)?;
    Ok(if !report.failed.is_empty() {
        Outcome::Error
    } else if !report.comparison.regressions.is_empty() {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}
