//! `prism lint`: rules over every shader under the inputs, in parallel; fixes applied
//! (`--fix`) or shown (`--diff`); reports as text, JSON, SARIF or GitHub annotations.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{bail, Context as _};
use clap::{Args, ValueEnum};
use rayon::prelude::*;

use prism::lint::config::{Config, ConfigError};
use prism::lint::{self, fix, LintOptions, LintReport};
use prism::pipeline::{collect_shaders, compile_path, CompileOptions};
use prism::render;
use prism::source::SourceFiles;

use super::common::{progress_bar, stdout_color, worker_pool, write_report, Outcome};
use super::panic::processing;
use super::shader_args::ShaderArgs;

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq, Default)]
pub enum LintFormat {
    /// codespan-style findings (colour on a terminal).
    #[default]
    Text,
    /// `prism-lint/1` JSON.
    Json,
    /// SARIF 2.1.0 (GitHub code scanning, IDEs).
    Sarif,
    /// GitHub Actions workflow annotations.
    Github,
}

#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct LintArgs {
    #[command(subcommand)]
    pub action: Option<LintAction>,

    /// Shaders or folders (searched recursively; `.glsl` files only with --stage).
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,

    /// Lint only shard K of N (`2/4`): a stable split by the shaders' paths relative to the
    /// working directory. With `--format json`, `prism lint merge` joins the shards.
    #[arg(long, value_name = "K/N", conflicts_with_all = ["fix", "diff"])]
    pub shard: Option<prism::check::Shard>,

    #[arg(long, value_enum, default_value_t = LintFormat::Text)]
    pub format: LintFormat,

    /// Write the report to FILE (atomically) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Apply safe fixes in place (atomically), then report what is left.
    #[arg(long)]
    pub fix: bool,

    /// With --fix or --diff, also apply unsafe fixes.
    #[arg(long)]
    pub unsafe_fixes: bool,

    /// Print the fixes as a unified diff and change nothing (exit 1 when there is one).
    #[arg(long, conflicts_with_all = ["fix", "output", "format"])]
    pub diff: bool,

    /// Configuration file (default: the nearest prism.toml above each shader).
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    pub config: Option<PathBuf>,

    /// Ignore every prism.toml.
    #[arg(long)]
    pub isolated: bool,

    /// Rules to run, replacing the configured set: codes, prefixes (`IDX`) or ALL.
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub select: Vec<String>,

    /// Rules to add to the configured set.
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub extend_select: Vec<String>,

    /// Rules to leave out.
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub ignore: Vec<String>,

    /// RADV families whose ISA instruction count measures each fix (default: prism.toml's
    /// `gpus`, else the driver's GCN5, RDNA3 and RDNA4 families, e.g. vega10,navi31,gfx1201 on
    /// Mesa 25 and vega10,gfx1100 on Mesa 22; without Mesa's RADV only optimized SPIR-V is
    /// measured).
    #[arg(long, value_delimiter = ',', value_name = "FAMILIES", value_parser = prism::isa::GpuSpec::parse_strict)]
    pub gpu: Vec<prism::isa::GpuSpec>,

    /// Text targets whose helper calls the cost notes name (default: prism.toml's
    /// `targets`, else hlsl,msl).
    #[arg(short, long, value_delimiter = ',', value_name = "TARGETS")]
    pub target: Vec<prism::back::Target>,

    /// Do not measure fixes (faster; cost fixes are then offered unmeasured).
    #[arg(long)]
    pub no_measure: bool,

    /// Leave out shaders whose path, or file name, matches GLOB (repeatable; `vendor/**`,
    /// `*.gen.frag`).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,

    #[command(flatten)]
    pub shader: ShaderArgs,
}

#[derive(clap::Subcommand, Debug)]
pub enum LintAction {
    /// Join the `--format json` outputs of `prism lint --shard K/N` runs into the document
    /// (or SARIF, or annotations) the unsharded run gives. Refuses overlapping or missing
    /// shards and shards run with other options.
    Merge(LintMergeArgs),
}

#[derive(Args, Debug)]
pub struct LintMergeArgs {
    /// The shards' JSON documents, in any order.
    #[arg(required = true)]
    pub shards: Vec<PathBuf>,

    /// json, sarif or github (text needs the sources: lint them again).
    #[arg(long, value_enum, default_value_t = LintFormat::Json)]
    pub format: LintFormat,

    /// Write the report to FILE (atomically) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

fn run_merge(args: LintMergeArgs) -> anyhow::Result<Outcome> {
    if args.format == LintFormat::Text {
        bail!("`prism lint merge` writes json, sarif or github (text needs the shaders' sources)");
    }
    let mut shards = Vec::new();
    for path in &args.shards {
        let text = prism::source::read_text(path)
            .with_context(|| format!("reading {}", path.display()))?;
        let document: render::json::LintDocumentFile = serde_json::from_str(&text)
            .with_context(|| format!("{}: not a prism-lint/1 document", path.display()))?;
        shards.push((path.display().to_string(), document));
    }
    let (reports, failed) = render::json::merge_lint(shards)?;
    let document = match args.format {
        LintFormat::Sarif => render::sarif::lint(&reports),
        LintFormat::Github => render::github::lint(&reports),
        _ => render::json::to_string(&render::json::LintDocument::new(&reports)),
    };
    write_report(args.output.as_deref(), &document)?;
    Ok(lint_outcome(&reports, failed))
}

fn lint_outcome(reports: &[LintReport], failed: usize) -> Outcome {
    if failed > 0 {
        Outcome::Error
    } else if reports.iter().any(LintReport::has_errors) {
        Outcome::Findings
    } else {
        Outcome::Clean
    }
}

/// One shader's outcome.
enum Linted {
    Report(LintReport, SourceFiles),
    Failed(String),
}

pub fn run(args: LintArgs, color: bool) -> anyhow::Result<Outcome> {
    if let Some(LintAction::Merge(merge)) = args.action {
        return run_merge(merge);
    }
    worker_pool()?.install(|| run_in_pool(args, color))
}

fn run_in_pool(args: LintArgs, color: bool) -> anyhow::Result<Outcome> {
    args.shader.check()?;
    for code in args
        .select
        .iter()
        .chain(&args.extend_select)
        .chain(&args.ignore)
    {
        if lint::unknown_selector(code) {
            bail!("`{code}` names no prism rule (see `prism rule --all`)");
        }
    }
    let mut excludes = globset::GlobSetBuilder::new();
    for pattern in &args.exclude {
        excludes.add(globset::Glob::new(pattern).with_context(|| format!("--exclude {pattern}"))?);
    }
    let excludes = excludes.build()?;
    let shaders: Vec<PathBuf> = collect_shaders(&args.inputs, args.shader.stage.is_some())?
        .into_iter()
        .filter(|p| !excluded(&excludes, p))
        .collect();
    // The same file named twice (`dir dir/a.frag`) is linted, and fixed, once.
    let mut seen = std::collections::HashSet::new();
    let shaders: Vec<PathBuf> = shaders
        .into_iter()
        .filter(|p| seen.insert(p.canonicalize().unwrap_or_else(|_| p.clone())))
        .collect();
    if shaders.is_empty() {
        bail!("no shaders found under the inputs");
    }
    let (shaders, shard) = match args.shard {
        Some(shard) => split(shaders, shard),
        None => (shaders, None),
    };
    let configs = ConfigCache::new(&args)?;
    let progress = progress_bar(shaders.len(), args.format == LintFormat::Text);

    let mut diffs = Vec::new();
    let mut fix_failures = 0;
    if args.fix || args.diff {
        let fixed: Vec<anyhow::Result<Result<fix::Fixed, String>>> = shaders
            .par_iter()
            .map(|path| {
                let (compile_options, lint_options) = configs.options(&args, path)?;
                Ok(
                    fix::fix_path(path, &compile_options, &lint_options, args.unsafe_fixes)
                        .map_err(|failure| {
                            render::text::diagnostics(&failure.files, &failure.diagnostics, color)
                        }),
                )
            })
            .collect();
        for result in fixed {
            let done = match result? {
                Ok(done) => done,
                Err(diagnostics) => {
                    // `--fix` reports the shader again below; `--diff` stops here.
                    if args.diff {
                        eprint!("{diagnostics}");
                        fix_failures += 1;
                    }
                    continue;
                }
            };
            if let Some(why) = &done.stopped {
                eprintln!("{}: {why}", done.path.display());
            }
            if !done.changed() {
                continue;
            }
            if args.diff {
                let name = done.path.display().to_string();
                diffs.push(
                    similar::TextDiff::from_lines(&done.original, &done.fixed)
                        .unified_diff()
                        .header(&name, &name)
                        .to_string(),
                );
            } else {
                prism::output::write_atomic(&done.path, done.fixed.as_bytes())
                    .with_context(|| format!("writing {}", done.path.display()))?;
                eprintln!(
                    "{}: fixed {} finding{} ({})",
                    done.path.display(),
                    done.applied.len(),
                    if done.applied.len() == 1 { "" } else { "s" },
                    done.applied
                        .iter()
                        .map(|a| format!("{} line {}", a.code, a.line))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
        }
    }
    if args.diff {
        let text = diffs.concat();
        std::io::stdout().write_all(text.as_bytes())?;
        return Ok(if fix_failures > 0 {
            Outcome::Error
        } else if diffs.is_empty() {
            Outcome::Clean
        } else {
            Outcome::Findings
        });
    }

    let results: Vec<Linted> = shaders
        .par_iter()
        .map(|path| {
            let linted = lint_one(&args, &configs, path, color);
            if let Some(bar) = &progress {
                bar.inc(1);
            }
            linted
        })
        .collect::<anyhow::Result<_>>()?;
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }

    let mut reports = Vec::new();
    let mut text = String::new();
    let mut failed = 0;
    let report_color = args.output.is_none() && stdout_color();
    let mut shard = shard;
    for (index, result) in results.into_iter().enumerate() {
        match result {
            Linted::Report(report, files) => {
                if args.format == LintFormat::Text {
                    text.push_str(&render::text::lint(&report, &files, report_color));
                }
                reports.push(report);
                if let Some(shard) = &mut shard {
                    let position = shard.info.shaders[index].position;
                    shard.report_positions.push(position);
                }
            }
            Linted::Failed(message) => {
                failed += 1;
                eprint!("{message}");
            }
        }
    }
    let document = match args.format {
        LintFormat::Text => {
            text.push_str(&render::text::lint_summary(&reports, failed));
            text.push('\n');
            text
        }
        LintFormat::Json => {
            if let Some(shard) = &mut shard {
                shard.failed = failed;
            }
            render::json::to_string(&render::json::LintDocument {
                shard: shard.as_ref(),
                ..render::json::LintDocument::new(&reports)
            })
        }
        LintFormat::Sarif => render::sarif::lint(&reports),
        LintFormat::Github => render::github::lint(&reports),
    };
    write_report(args.output.as_deref(), &document)?;
    Ok(lint_outcome(&reports, failed))
}

/// This shard's shaders, and its record for `prism lint merge`.
fn split(
    shaders: Vec<PathBuf>,
    shard: prism::check::Shard,
) -> (Vec<PathBuf>, Option<render::json::LintShard>) {
    let total = shaders.len();
    let mut mine = Vec::new();
    let mut positions = Vec::new();
    for (position, path) in shaders.into_iter().enumerate() {
        let key = prism::check::shard::path_key(&path);
        if shard.contains(&key) {
            positions.push(prism::check::shard::ShardShader { key, position });
            mine.push(path);
        }
    }
    let settings = super::common::command_line_without(&["--shard", "-o", "--output"]).join(" ");
    let info = prism::check::ShardInfo {
        shard,
        shaders_total: total,
        shaders: positions,
        settings,
    };
    let record = render::json::LintShard {
        info,
        report_positions: Vec::new(),
        failed: 0,
    };
    (mine, Some(record))
}

fn lint_one(
    args: &LintArgs,
    configs: &ConfigCache,
    path: &Path,
    color: bool,
) -> anyhow::Result<Linted> {
    let (compile_options, lint_options) = configs.options(args, path)?;
    Ok(processing(path, || {
        match compile_path(path, &compile_options) {
            Ok(compilation) => {
                let report = lint::lint(&compilation, &lint_options);
                Linted::Report(report, compilation.files)
            }
            Err(failure) => Linted::Failed(render::text::diagnostics(
                &failure.files,
                &failure.diagnostics,
                color,
            )),
        }
    }))
}

/// Configurations by file, loaded once each.
struct ConfigCache {
    explicit: Option<Config>,
    isolated: bool,
    loaded: Mutex<HashMap<PathBuf, Config>>,
    worker: PathBuf,
    /// The driver's default families, asked once, when first needed.
    default_gpus: std::sync::OnceLock<Vec<prism::isa::GpuSpec>>,
}

impl ConfigCache {
    fn new(args: &LintArgs) -> anyhow::Result<Self> {
        let explicit = match &args.config {
            Some(path) => Some(Config::load(path).map_err(config_error)?),
            None => None,
        };
        Ok(ConfigCache {
            explicit,
            isolated: args.isolated,
            loaded: Mutex::new(HashMap::new()),
            worker: std::env::current_exe().context("finding prism's own executable")?,
            default_gpus: std::sync::OnceLock::new(),
        })
    }

    /// `isa::default_gpus` of the installed driver; without one, GCN5 and RDNA3 by their
    /// Mesa 22 names, so that the notes say which GPUs could not be measured.
    fn default_gpus(&self) -> Vec<prism::isa::GpuSpec> {
        self.default_gpus
            .get_or_init(|| {
                let found = prism::isa::default_gpus(&prism::isa::IsaOptions::new(&self.worker));
                if found.is_empty() {
                    ["vega10", "gfx1100"]
                        .map(|g| prism::isa::GpuSpec::Family(g.to_string()))
                        .to_vec()
                } else {
                    found
                }
            })
            .clone()
    }

    fn config_for(&self, shader: &Path) -> anyhow::Result<Config> {
        if let Some(config) = &self.explicit {
            return Ok(config.clone());
        }
        if self.isolated {
            return Ok(Config::default());
        }
        let Some(path) = Config::find(shader) else {
            return Ok(Config::default());
        };
        let mut loaded = self.loaded.lock().expect("config cache");
        if let Some(config) = loaded.get(&path) {
            return Ok(config.clone());
        }
        let config = Config::load(&path).map_err(config_error)?;
        loaded.insert(path, config.clone());
        Ok(config)
    }

    /// Compile and lint options for one shader: prism.toml, then its overrides, then the
    /// command line.
    fn options(
        &self,
        args: &LintArgs,
        shader: &Path,
    ) -> anyhow::Result<(CompileOptions, LintOptions)> {
        let config = self.config_for(shader)?;
        let resolved = config.resolve(shader);
        let mut compile_options = args.shader.options();
        if args.shader.robustness.is_none() {
            compile_options.robustness.preset = resolved.robustness.unwrap_or_default();
        }
        let mut options = LintOptions::default();
        for layer in &resolved.layers {
            layer.apply(&mut options);
        }
        if !args.select.is_empty() {
            options.select = args.select.clone();
            options.extend_select.clear();
        }
        options
            .extend_select
            .extend(args.extend_select.iter().cloned());
        options.ignore.extend(args.ignore.iter().cloned());
        options.measure_fixes = !args.no_measure;
        options.targets = if args.target.is_empty() {
            config.targets.clone()
        } else {
            args.target.clone()
        };
        options.gpus = if !args.gpu.is_empty() {
            args.gpu.clone()
        } else if !config.gpus.is_empty() {
            config.gpus.clone()
        } else if args.no_measure {
            // Nothing is measured: no need to ask the driver which families it has.
            Vec::new()
        } else {
            self.default_gpus()
        };
        if !options.gpus.is_empty() {
            options.isa = Some(prism::isa::IsaOptions::new(&self.worker));
        }
        Ok((compile_options, options))
    }
}

fn config_error(error: ConfigError) -> anyhow::Error {
    anyhow::anyhow!("{error}")
}

/// Whether an `--exclude` glob matches the path as given, the path without a leading `./`,
/// or the file name: `*.gen.frag` leaves out generated shaders in any folder, and
/// `shaders/vendor/**` works whether the input was `shaders` or `./shaders`.
fn excluded(excludes: &globset::GlobSet, path: &Path) -> bool {
    excludes.is_match(path)
        || path.strip_prefix(".").is_ok_and(|p| excludes.is_match(p))
        || path.file_name().is_some_and(|name| excludes.is_match(name))
}
