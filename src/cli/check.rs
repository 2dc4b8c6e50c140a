//! `prism check PATHS --baseline FILE`: fail CI when a shader got more expensive.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{bail, Context};
use clap::{Args, ValueEnum};
use rayon::prelude::*;

use prism::annotate::baseline::{self, Baseline, Change, Comparison, Settings};
use prism::annotate::{self, AnnotateOptions};
use prism::back::Target;
use prism::isa::{self, GpuSpec, IsaOptions};
use prism::pipeline::{compile_path, Compilation};

use super::compile::collect_shaders;
use super::render;
use super::shader_args::ShaderArgs;
use super::Outcome;

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

/// A compiled shader and its counted metrics.
type Measured = (Compilation, BTreeMap<String, f64>);

/// A path `/`-separated, without `.` parts.
fn display(path: &Path) -> String {
    path.components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
        .replacen("//", "/", 1)
}

/// A shader's key in the baseline: its path relative to the baseline file's folder, so that
/// `shaders`, `./shaders` and `$PWD/shaders` name the same shaders from anywhere.
fn shader_key(path: &Path, baseline_dir: Option<&Path>) -> String {
    let relative = baseline_dir.and_then(|dir| {
        let path = path.canonicalize().ok()?;
        path.strip_prefix(dir).ok().map(Path::to_path_buf)
    });
    display(relative.as_deref().unwrap_or(path))
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
    let excludes = excludes.build()?;
    let baseline_dir = args
        .baseline
        .parent()
        .map(|p| {
            if p.as_os_str().is_empty() {
                Path::new(".")
            } else {
                p
            }
        })
        .and_then(|p| p.canonicalize().ok());
    let shaders: Vec<PathBuf> = collect_shaders(&args.inputs, args.shader.stage.is_some())?
        .into_iter()
        .filter(|path| {
            !excludes.is_match(display(path))
                && !excludes.is_match(shader_key(path, baseline_dir.as_deref()))
        })
        .collect();
    if shaders.is_empty() {
        bail!("no shaders found under the given paths");
    }
    let mut targets: Vec<String> = args.target.iter().map(|t| t.name().to_string()).collect();
    targets.sort();
    targets.dedup();
    let mut defines = args.shader.define.clone();
    defines.sort();
    let settings = Settings {
        robustness: annotate::Robustness::of(&args.shader.robustness()).to_string(),
        targets,
        gpus: args.gpu.iter().map(|g| g.to_string()).collect(),
        optimized: !args.no_opt,
        defines,
    };
    // The old baseline is read first: a broken file is reported before any work.
    let old = if args.update {
        None
    } else {
        let text = prism::source::read_text(&args.baseline).with_context(|| {
            format!(
                "reading the baseline (create it with `prism check ... --baseline {} --update`)",
                args.baseline.display()
            )
        })?;
        let old = Baseline::parse(&text)
            .map_err(|e| anyhow::anyhow!("{}: {e}", args.baseline.display()))?;
        let differences = old.settings.differences(&settings);
        if !differences.is_empty() {
            bail!(
                "{} was recorded under other settings ({}): pass the same options, or rerun with --update",
                args.baseline.display(),
                differences.join("; ")
            );
        }
        Some(old)
    };

    let options = args.shader.options();
    let annotate_options = AnnotateOptions {
        targets: args.target.clone(),
        optimize: !args.no_opt,
    };
    let progress = super::progress_bar(shaders.len(), true);
    let measure = |path: &PathBuf| {
        let result = match compile_path(path, &options) {
            Ok(c) => match annotate::annotate(&c, &annotate_options) {
                Ok(a) => Some((c, baseline::annotation_metrics(&a))),
                Err(d) => {
                    render::emit_text(&c.files, &[d], color);
                    None
                }
            },
            Err(failure) => {
                render::emit_text(&failure.files, &failure.diagnostics, color);
                None
            }
        };
        if let Some(bar) = &progress {
            bar.inc(1);
        }
        (path.clone(), result)
    };
    // Compiling recurses as deep as on the main thread: rayon's default 2 MiB stacks overflow.
    let results: Vec<(PathBuf, Option<Measured>)> =
        super::worker_pool()?.install(|| shaders.par_iter().map(measure).collect());
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    let mut failed: Vec<String> = Vec::new();
    let mut measured: Vec<(String, &Compilation, BTreeMap<String, f64>)> = Vec::new();
    for (path, result) in &results {
        match result {
            Some((c, metrics)) => measured.push((
                shader_key(path, baseline_dir.as_deref()),
                c,
                metrics.clone(),
            )),
            None => failed.push(shader_key(path, baseline_dir.as_deref())),
        }
    }
    if !args.gpu.is_empty() {
        let mut isa_options = IsaOptions::new(std::env::current_exe()?);
        isa_options.timeout = Duration::from_secs(args.timeout);
        let compilations: Vec<&Compilation> = measured.iter().map(|(_, c, _)| *c).collect();
        for gpu in &args.gpu {
            let reports = isa::run_many(&compilations, gpu, &isa_options);
            for ((name, _, metrics), report) in measured.iter_mut().zip(reports) {
                match report {
                    Ok(report) => {
                        for stat in baseline::ISA_METRICS {
                            if let Some(value) = report.metric(stat) {
                                metrics.insert(baseline::isa_key(&gpu.to_string(), stat), value);
                            }
                        }
                    }
                    Err(e) => {
                        eprintln!("error: {name} on {gpu}: {e}");
                        failed.push(format!("{name} ({gpu})"));
                    }
                }
            }
        }
    }
    let mut current = Baseline::new(settings);
    for (name, _, metrics) in measured {
        current.shaders.insert(name, metrics);
    }

    let Some(old) = old else {
        if !failed.is_empty() {
            eprintln!(
                "error: not updating {}: {} shader(s) failed: {}",
                args.baseline.display(),
                failed.len(),
                failed.join(", ")
            );
            return Ok(Outcome::Error);
        }
        prism::output::write_atomic(&args.baseline, current.to_json().as_bytes())
            .with_context(|| format!("writing {}", args.baseline.display()))?;
        eprintln!(
            "wrote {} ({} shaders)",
            args.baseline.display(),
            current.shaders.len()
        );
        return Ok(Outcome::Clean);
    };
    let comparison = baseline::compare(&old, &current, args.tolerance);
    if !old.shaders.is_empty()
        && !current.shaders.is_empty()
        && comparison.added.len() == current.shaders.len()
    {
        bail!(
            "none of the {} shaders found is in {} (keys are paths relative to the baseline's folder, e.g. `{}`): wrong folder, or rerun with --update",
            current.shaders.len(),
            args.baseline.display(),
            old.shaders.keys().next().map(String::as_str).unwrap_or("")
        );
    }
    let text = match args.format {
        CheckFormat::Text => render_text(&comparison, &failed, args.tolerance),
        CheckFormat::Json => {
            let mut json = serde_json::to_string_pretty(&serde_json::json!({
                "schema": "prism-check/1",
                "baseline": display(&args.baseline),
                "tolerance_percent": args.tolerance,
                "regressions": comparison.regressions,
                "improvements": comparison.improvements,
                "added": comparison.added,
                "removed": comparison.removed,
                "metrics_changed": comparison.metrics_changed,
                "failed": failed,
            }))?;
            json.push('\n');
            json
        }
        CheckFormat::Markdown => render_markdown(&comparison, &failed, args.tolerance),
        CheckFormat::Github => render_github(&comparison, &failed),
    };
    std::io::stdout().write_all(text.as_bytes())?;
    Ok(if !failed.is_empty() {
        Outcome::Error
    } else if !comparison.regressions.is_empty() {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

fn table_rows(changes: &[Change]) -> Vec<[String; 5]> {
    changes
        .iter()
        .map(|c| {
            [
                c.shader.clone(),
                c.metric.clone(),
                c.old.to_string(),
                c.new.to_string(),
                c.percent(),
            ]
        })
        .collect()
}

fn render_text(c: &Comparison, failed: &[String], tolerance: f64) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let section = |out: &mut String, title: &str, changes: &[Change]| {
        if changes.is_empty() {
            return;
        }
        let _ = writeln!(out, "{title}:");
        let rows = table_rows(changes);
        let w0 = rows.iter().map(|r| r[0].len()).max().unwrap_or(0);
        let w1 = rows.iter().map(|r| r[1].len()).max().unwrap_or(0);
        for r in rows {
            let _ = writeln!(
                out,
                "  {:<w0$}  {:<w1$}  {:>8} → {:<8} {}",
                r[0], r[1], r[2], r[3], r[4]
            );
        }
    };
    section(
        &mut out,
        &format!("regressions (tolerance {tolerance}%)"),
        &c.regressions,
    );
    section(&mut out, "improvements", &c.improvements);
    for s in &c.added {
        let _ = writeln!(
            out,
            "added: {s} (not in the baseline; run --update to record it)"
        );
    }
    for s in &c.removed {
        let _ = writeln!(out, "removed: {s} (in the baseline, not found now)");
    }
    for m in &c.metrics_changed {
        let _ = writeln!(out, "metric set changed: {m}");
    }
    for f in failed {
        let _ = writeln!(out, "failed: {f}");
    }
    let _ = writeln!(
        out,
        "{} regression(s), {} improvement(s), {} added, {} removed",
        c.regressions.len(),
        c.improvements.len(),
        c.added.len(),
        c.removed.len()
    );
    out
}

fn render_markdown(c: &Comparison, failed: &[String], tolerance: f64) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let verdict = match (c.regressions.is_empty(), failed.is_empty()) {
        (true, true) => "no shader got more expensive",
        (false, _) => "shaders got more expensive",
        (true, false) => "some shaders could not be measured",
    };
    let _ = writeln!(out, "### prism check: {verdict}\n");
    let table = |out: &mut String, title: &str, changes: &[Change]| {
        if changes.is_empty() {
            return;
        }
        let _ = writeln!(
            out,
            "**{title}**\n\n| shader | metric | old | new | change |\n|---|---|---:|---:|---:|"
        );
        for r in table_rows(changes) {
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} | {} |",
                r[0], r[1], r[2], r[3], r[4]
            );
        }
        let _ = writeln!(out);
    };
    table(
        &mut out,
        &format!("Regressions (tolerance {tolerance}%)"),
        &c.regressions,
    );
    table(&mut out, "Improvements", &c.improvements);
    for s in &c.added {
        let _ = writeln!(out, "- added: `{s}`");
    }
    for s in &c.removed {
        let _ = writeln!(out, "- removed: `{s}`");
    }
    for m in &c.metrics_changed {
        let _ = writeln!(out, "- metric set changed: `{m}`");
    }
    for f in failed {
        let _ = writeln!(out, "- failed: `{f}`");
    }
    out
}

/// GitHub's workflow-command escaping for messages and properties.
fn gh_escape(text: &str, property: bool) -> String {
    let mut out = text
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    if property {
        out = out.replace(':', "%3A").replace(',', "%2C");
    }
    out
}

fn render_github(c: &Comparison, failed: &[String]) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let annotate = |out: &mut String, level: &str, change: &Change, verb: &str, tail: &str| {
        let _ = writeln!(
            out,
            "::{level} file={},title={}::{} {verb} from {} to {} ({}){tail}",
            gh_escape(&change.shader, true),
            gh_escape(
                &format!(
                    "prism: {} {}",
                    change.metric,
                    if level == "error" {
                        "regressed"
                    } else {
                        "improved"
                    }
                ),
                true
            ),
            gh_escape(&change.metric, false),
            change.old,
            change.new,
            change.percent()
        );
    };
    for r in &c.regressions {
        annotate(&mut out, "error", r, "grew", "");
    }
    for r in &c.improvements {
        annotate(
            &mut out,
            "notice",
            r,
            "fell",
            "; run --update to lock it in",
        );
    }
    for s in &c.added {
        let _ = writeln!(
            out,
            "::warning file={}::not in the shader cost baseline",
            gh_escape(s, true)
        );
    }
    for s in &c.removed {
        let _ = writeln!(
            out,
            "::warning::{} is in the baseline but was not found",
            gh_escape(s, false)
        );
    }
    for m in &c.metrics_changed {
        let _ = writeln!(
            out,
            "::warning::metric set changed: {}",
            gh_escape(m, false)
        );
    }
    for f in failed {
        let _ = writeln!(
            out,
            "::error::{} could not be measured",
            gh_escape(f, false)
        );
    }
    out
}
