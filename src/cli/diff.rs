//! `prism diff A [B]`: what a rewrite, or another option set, saves or costs.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::bail;
use clap::{Args, ValueEnum};
use rayon::prelude::*;

use prism::annotate::diff::{self, IsaDelta, MetricDelta};
use prism::annotate::{self, AnnotateOptions};
use prism::back::Target;
use prism::isa::{self, GpuSpec, IsaOptions};
use prism::pipeline::{compile_path, Compilation, CompileOptions};
use prism::render;
use prism::robustness::Preset;

use super::common::{emit_diagnostics, write_report, Outcome};
use super::panic::processing;
use super::shader_args::ShaderArgs;

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq, Default)]
pub enum DiffFormat {
    #[default]
    Text,
    /// One JSON document (schema `prism-diff/1`).
    Json,
    /// Both annotations side by side in one HTML page, plus the totals.
    Html,
}

#[derive(Args, Debug)]
pub struct DiffArgs {
    /// The shader before.
    pub a: PathBuf,
    /// The shader after (default: A again, for comparing option sets).
    pub b: Option<PathBuf>,

    /// Robustness preset for B (default: the same as A's `--robustness`).
    #[arg(long, value_name = "PRESET")]
    pub robustness_b: Option<Preset>,

    /// GPUs to compare real ISA on (RADV families such as vega10, navi21; see
    /// `prism isa --list-gpus`). None by default.
    #[arg(long, value_delimiter = ',')]
    pub gpu: Vec<GpuSpec>,

    /// Text targets whose helper calls are compared.
    #[arg(short, long, value_delimiter = ',', default_value = "hlsl,msl")]
    pub target: Vec<Target>,

    /// Skip `spirv-opt -O`.
    #[arg(long)]
    pub no_opt: bool,

    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,

    /// Write to this file (atomically) instead of stdout.
    #[arg(short, long)]
    pub output: Option<PathBuf>,

    /// Seconds one GPU may take to compile a pipeline.
    #[arg(long, default_value_t = 60)]
    pub timeout: u64,

    #[command(flatten)]
    pub shader: ShaderArgs,
}

fn compile(path: &Path, options: &CompileOptions, color: bool) -> Option<Compilation> {
    match processing(path, || compile_path(path, options)) {
        Ok(c) => Some(c),
        Err(failure) => {
            emit_diagnostics(&failure.files, &failure.diagnostics, color);
            None
        }
    }
}

pub fn run(args: DiffArgs, color: bool) -> anyhow::Result<Outcome> {
    args.shader.check()?;
    if args.b.is_none() && args.robustness_b.is_none() {
        bail!("give a second shader, or the same one under other options (--robustness-b)");
    }
    let a_options = args.shader.options();
    let mut b_options = args.shader.options();
    if let Some(preset) = args.robustness_b {
        b_options.robustness.preset = preset;
    }
    let b_path = args.b.clone().unwrap_or_else(|| args.a.clone());
    let (Some(a), Some(b)) = (
        compile(&args.a, &a_options, color),
        compile(&b_path, &b_options, color),
    ) else {
        return Ok(Outcome::Error);
    };
    let options = AnnotateOptions {
        targets: args.target.clone(),
        optimize: !args.no_opt,
    };
    let annotate_one = |c: &Compilation| match annotate::annotate(c, &options) {
        Ok(x) => Some(x),
        Err(d) => {
            emit_diagnostics(&c.files, &[d], color);
            None
        }
    };
    let (Some(aa), Some(ba)) = (annotate_one(&a), annotate_one(&b)) else {
        return Ok(Outcome::Error);
    };
    let mut result = diff::diff((&aa, &a.files), (&ba, &b.files));
    let mut failed = false;
    if !args.gpu.is_empty() {
        let mut isa_options = IsaOptions::new(std::env::current_exe()?);
        isa_options.timeout = Duration::from_secs(args.timeout);
        // One worker per GPU compiles both shaders; GPUs run in parallel.
        let reports: Vec<_> = args
            .gpu
            .par_iter()
            .map(|gpu| {
                let mut pair = isa::run_many(&[&a, &b], gpu, &isa_options).into_iter();
                let missing = || {
                    Err(isa::IsaError::Internal(
                        "the worker returned no result".into(),
                    ))
                };
                (
                    pair.next().unwrap_or_else(missing),
                    pair.next().unwrap_or_else(missing),
                )
            })
            .collect();
        for (gpu, (x, y)) in args.gpu.iter().zip(reports) {
            let mut delta = IsaDelta {
                gpu: gpu.to_string(),
                driver: None,
                variant: None,
                metrics: Vec::new(),
                errors: Vec::new(),
            };
            match (x, y) {
                (Ok(x), Ok(y)) if x.driver != y.driver => {
                    delta.driver = Some(format!("A: {}, B: {}", x.driver, y.driver));
                    delta.errors.push(format!(
                        "not comparable: A measured with {}, B with {}",
                        x.driver, y.driver
                    ));
                }
                (Ok(x), Ok(y)) => {
                    delta.driver = Some(y.driver.clone());
                    delta.variant = y.variant.clone().or(x.variant.clone());
                    if let (Some(ex), Some(ey)) = (x.main_executable(), y.main_executable()) {
                        // Hashes identify a pipeline; they are not a cost.
                        for stat in ex
                            .statistics
                            .iter()
                            .filter(|s| !s.name.to_lowercase().contains("hash"))
                        {
                            if let Some(b) = ey.statistic(&stat.name) {
                                delta.metrics.push(MetricDelta::new(
                                    stat.name.clone(),
                                    stat.value.as_f64(),
                                    b,
                                ));
                            }
                        }
                    }
                }
                (x, y) => {
                    failed = true;
                    for (side, r) in [("A", x.err()), ("B", y.err())] {
                        if let Some(e) = r {
                            delta.errors.push(format!("{side}: {e}"));
                        }
                    }
                }
            }
            result.isa.push(delta);
        }
    }
    let text = match args.format {
        DiffFormat::Text => render::text::diff(&result),
        DiffFormat::Json => render::json::to_string(&result),
        DiffFormat::Html => render::html::diff(&result, (&aa, &a.files), (&ba, &b.files)),
    };
    write_report(args.output.as_deref(), &text)?;
    if failed {
        for gpu in &result.isa {
            for e in &gpu.errors {
                eprintln!("error: {}: {e}", gpu.gpu);
            }
        }
        return Ok(Outcome::Error);
    }
    Ok(Outcome::Clean)
}
