//! `prism check PATHS --baseline FILE`: fail CI when a shader got more expensive. The
//! measuring and comparing is [`prism::check`]; this file parses and renders.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{bail, Context};
use clap::{Args, Subcommand, ValueEnum};

use prism::back::Target;
use prism::check::{
    Check, CheckOptions, CheckReport, CheckShard, Finished, MergeOptions, Problem, Shard,
    ToolchainChange,
};
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

/// What `check` does when a metric was recorded by another toolchain (prism, naga,
/// SPIRV-Tools, or the GPU's driver) than the one measuring it now.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq, Default)]
pub enum ToolchainChangeArg {
    /// Report them as not comparable and exit 3 (unless something exits 1 or 2 first).
    #[default]
    Fail,
    /// Report them as not comparable; the exit code ignores them.
    Warn,
    /// Compare them like any other metric (a driver upgrade can then read as a regression).
    Ignore,
}

impl From<ToolchainChangeArg> for ToolchainChange {
    fn from(arg: ToolchainChangeArg) -> Self {
        match arg {
            ToolchainChangeArg::Fail => ToolchainChange::Fail,
            ToolchainChangeArg::Warn => ToolchainChange::Warn,
            ToolchainChangeArg::Ignore => ToolchainChange::Ignore,
        }
    }
}

#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct CheckArgs {
    #[command(subcommand)]
    pub action: Option<CheckAction>,

    /// Shader files and folders (searched recursively).
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,

    /// The committed baseline file.
    #[arg(long, required = true)]
    pub baseline: Option<PathBuf>,

    /// Measure only shard K of N (`2/4`): a stable split by the shaders' baseline keys, the
    /// same on every run and machine. Compares with that part of the baseline; with
    /// `--save-shard`, `prism check merge` joins the shards.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<Shard>,

    /// Write this shard's result (counts, failures, K/N, the run's shader count) to FILE,
    /// for `prism check merge`. The shard then exits 0 once the file is written: the merge
    /// gives the verdict.
    #[arg(long, value_name = "FILE", requires = "shard")]
    pub save_shard: Option<PathBuf>,

    /// Rewrite the baseline (atomically) with the current counts instead of comparing.
    #[arg(long)]
    pub update: bool,

    /// Percent a count may grow before it counts as a regression.
    #[arg(long, default_value_t = 0.0)]
    pub tolerance: f64,

    /// Text targets whose helper calls are counted.
    #[arg(short, long, value_delimiter = ',', default_value = "hlsl,msl")]
    pub target: Vec<Target>,

    /// GPUs whose ISA statistics are counted (RADV families such as vega10; `none` for no
    /// ISA). Default: the baseline's GPUs when comparing; with --update, the installed
    /// driver's GCN5, RDNA3 and RDNA4 families (vega10,navi31,gfx1201 on Mesa 25,
    /// vega10,gfx1100 on Mesa 22), or none without Mesa's RADV.
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

    /// What a metric recorded by another toolchain (a driver upgrade) does to the exit code:
    /// `fail` exits 3, `warn` reports it only, `ignore` compares it anyway.
    #[arg(long, value_enum, default_value_t = ToolchainChangeArg::Fail)]
    pub toolchain_change: ToolchainChangeArg,

    #[command(flatten)]
    pub shader: ShaderArgs,
}

#[derive(Subcommand, Debug)]
pub enum CheckAction {
    /// Join the results of `prism check --shard K/N --save-shard FILE` runs into the report
    /// (or, with --update, the baseline) the unsharded run gives. Refuses overlapping or
    /// missing shards, and shards run with other settings or toolchains.
    Merge(MergeArgs),
}

#[derive(Args, Debug)]
pub struct MergeArgs {
    /// The shard files, in any order.
    #[arg(required = true)]
    pub shards: Vec<PathBuf>,

    /// The baseline to compare with, or to write with --update (default: the one the shards
    /// were run with).
    #[arg(long)]
    pub baseline: Option<PathBuf>,

    /// Write the joined counts as the baseline instead of comparing.
    #[arg(long)]
    pub update: bool,

    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,

    /// As for `prism check`.
    #[arg(long, value_enum, default_value_t = ToolchainChangeArg::Fail)]
    pub toolchain_change: ToolchainChangeArg,
}

pub fn run(args: CheckArgs, color: bool) -> anyhow::Result<Outcome> {
    if let Some(CheckAction::Merge(merge)) = args.action {
        return run_merge(merge);
    }
    let Some(baseline) = args.baseline.clone() else {
        bail!("--baseline FILE is required");
    };
    if args.shard.is_some() && args.update && args.save_shard.is_none() {
        bail!("--shard with --update writes no baseline (it would hold one shard): add --save-shard FILE and join the shards with `prism check merge ... --update`");
    }
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
    let gpus = gpus(&args, &baseline, &isa)?;
    let options = CheckOptions {
        baseline: baseline.clone(),
        update: args.update,
        tolerance_percent: args.tolerance,
        targets: args.target.clone(),
        gpus,
        isa,
        optimize: !args.no_opt,
        excludes: excludes.build()?,
        compile: args.shader.options(),
        defines: args.shader.define.clone(),
        toolchain_change: args.toolchain_change.into(),
        shard: args.shard,
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
    if let (Some(path), Some(result)) = (&args.save_shard, check.shard_result(&measurement)) {
        let text = render::json::to_string(&result);
        prism::output::write_atomic(path, text.as_bytes())
            .with_context(|| format!("writing {}", path.display()))?;
        eprintln!(
            "wrote {} (shard {}: {} of {} shaders)",
            path.display(),
            result.shard.shard,
            result.shard.shaders.len(),
            result.shard.shaders_total
        );
        // This shard's own report, for the job's log; the verdict (regressions, failures,
        // toolchain changes) is the merge's, so the job goes on to upload its file.
        if !args.update {
            if let Finished::Compared(report) = check.finish(measurement)? {
                emit_report(&report, args.format)?;
            }
        }
        return Ok(Outcome::Clean);
    }
    finish(check.finish(measurement)?, &baseline, args.format)
}

/// The GPUs to measure: as given (`none`: no ISA); else the baseline's when comparing, the
/// driver's default families when recording.
fn gpus(
    args: &CheckArgs,
    baseline: &std::path::Path,
    isa: &IsaOptions,
) -> anyhow::Result<Vec<GpuSpec>> {
    if args.gpu == [GpuSpec::Family("none".into())] {
        return Ok(Vec::new());
    }
    if !args.gpu.is_empty() {
        return Ok(args.gpu.clone());
    }
    if args.update {
        return Ok(prism::isa::default_gpus(isa));
    }
    // Comparing: the GPUs the baseline was recorded with (a broken or missing file is
    // reported by the check itself).
    let recorded = prism::source::read_text(baseline)
        .ok()
        .and_then(|text| prism::check::Baseline::parse(&text).ok())
        .map(|b| b.settings.gpus)
        .unwrap_or_default();
    recorded
        .iter()
        .map(|g| {
            g.parse::<GpuSpec>()
                .map_err(|e| anyhow::anyhow!("{}: GPU `{g}`: {e}", baseline.display()))
        })
        .collect()
}

/// Write the new baseline, or render the report; the outcome.
fn finish(
    finished: Finished,
    baseline_path: &std::path::Path,
    format: CheckFormat,
) -> anyhow::Result<Outcome> {
    let mut report = match finished {
        Finished::Updated(baseline) => {
            prism::output::write_atomic(baseline_path, baseline.to_json().as_bytes())
                .with_context(|| format!("writing {}", baseline_path.display()))?;
            eprintln!(
                "wrote {} ({} shaders)",
                baseline_path.display(),
                baseline.shaders.len()
            );
            return Ok(Outcome::Clean);
        }
        Finished::Compared(report) => report,
    };
    if !report.comparison.not_comparable.is_empty() {
        report.rerecord = Some(rerecord_command());
    }
    emit_report(&report, format)
}

fn run_merge(args: MergeArgs) -> anyhow::Result<Outcome> {
    let mut shards = Vec::new();
    for path in &args.shards {
        let shown = path.display().to_string();
        let text = prism::source::read_text(path).with_context(|| format!("reading {shown}"))?;
        let shard =
            CheckShard::parse(&text).map_err(|message| prism::check::CheckError::ReadShard {
                path: shown.clone(),
                message,
            })?;
        shards.push((shown, shard));
    }
    let options = MergeOptions {
        baseline: args.baseline.as_deref(),
        update: args.update,
        toolchain_change: args.toolchain_change.into(),
    };
    let (finished, path) = prism::check::merge(&shards, &options)?;
    finish(finished, &path, args.format)
}

/// The command line of this run, made to re-record: `--update` in, report options out.
fn rerecord_command() -> String {
    let mut words = vec!["prism".to_string()];
    let mut args = std::env::args().skip(1).peekable();
    while let Some(arg) = args.next() {
        let option = arg.split('=').next().unwrap_or_default().to_string();
        if matches!(
            option.as_str(),
            "--format" | "--toolchain-change" | "--tolerance"
        ) {
            if !arg.contains('=') {
                args.next();
            }
            continue;
        }
        words.push(shell_word(&arg));
    }
    words.push("--update".to_string());
    words.join(" ")
}

fn shell_word(word: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "-_./=:,@%+".contains(c);
    if !word.is_empty() && word.chars().all(plain) {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

/// Render the report on stdout; its outcome.
pub(super) fn emit_report(report: &CheckReport, format: CheckFormat) -> anyhow::Result<Outcome> {
    let text = match format {
        CheckFormat::Text => render::text::check(report),
        CheckFormat::Json => render::json::to_string(&render::json::CheckDocument::new(report)),
        CheckFormat::Markdown => render::markdown::check(report),
        CheckFormat::Github => render::github::check(report),
    };
    write_report(None, &text)?;
    Ok(if !report.failed.is_empty() {
        Outcome::Error
    } else if !report.comparison.regressions.is_empty() {
        Outcome::Findings
    } else if report.fails_on_toolchain() {
        Outcome::NotComparable
    } else {
        Outcome::Clean
    })
}
