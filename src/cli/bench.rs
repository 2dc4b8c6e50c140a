//! `prism bench`: the neural-network kernels and the adapter's measured peaks, verified against
//! f64 references and timed, with a JSON + markdown report; `compare` and `merge` read reports.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{bail, Context as _};
use clap::{Args, Subcommand, ValueEnum};

use prism::gpu::device::{self, Gpu};
use prism::gpu::isa_costs;
use prism::gpu::kernels::KernelId;
use prism::gpu::report::compare::{self, DEFAULT_TOLERANCE_PCT};
use prism::gpu::report::plot::{self, Plot};
use prism::gpu::report::{self, merge, Report, Tool};
use prism::gpu::suite::tune::{self, Tuning};
use prism::gpu::suite::{self, Settings, Status};
use prism::gpu::timing::TimingPlan;
use prism::output::write_atomic;
use serde::Serialize;

use super::bench_network::{self, NetworkName, NetworkRun};
use super::common::Outcome;

#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct BenchArgs {
    #[command(subcommand)]
    pub action: Option<BenchAction>,

    /// List the kernels, the default sizes and the adapters found, then exit.
    #[arg(long)]
    pub list: bool,

    /// Small shapes, every kernel verified (about a minute on a CPU device).
    #[arg(long, conflicts_with = "sizes")]
    pub quick: bool,

    /// Kernels to run: families (gemm, gemm_bias_act, bias_act, act_grad, column_sum,
    /// output_delta, sgd) or
    /// names from --list (gemm_nt, bias_relu, ...). Default: all.
    #[arg(long, value_delimiter = ',', value_name = "KERNELS")]
    pub kernel: Vec<String>,

    /// Square sizes: s×s×s for GEMM, s×s for the others. Default: 256,512 on a CPU device,
    /// 1024,2048,4096 on a GPU.
    #[arg(long, value_delimiter = ',', value_name = "N,...")]
    pub sizes: Vec<usize>,

    /// Adapter index from --list (default: the best: discrete, integrated, then CPU).
    #[arg(long, value_name = "N")]
    pub adapter: Option<usize>,

    /// Folder for the report (`bench-<adapter>-<time>.json`, `.md` and `-<plot>.svg`, written
    /// atomically).
    #[arg(long, value_name = "DIR", default_value = "reports")]
    pub out: PathBuf,

    /// Report files to write: json, md, svg (GFLOP/s against size per kernel family, and the
    /// roofline; not with --network, whose report has no plots).
    #[arg(long, value_enum, value_delimiter = ',', default_value = "json,md")]
    pub format: Vec<ReportFormat>,

    /// Tune the GEMM tile configuration even when this adapter's choice is cached, and cache
    /// the result. With --network, the network's GEMMs use the tuned tile (without either
    /// tuning flag, the default tile).
    #[arg(long)]
    pub tune: bool,

    /// Tune the GEMM tile configuration without reading or writing the tune cache
    /// (`$XDG_CACHE_HOME/prism/tune.json`, else `~/.cache/prism/tune.json`).
    #[arg(long, conflicts_with = "tune")]
    pub no_tune_cache: bool,

    /// Seed of the random inputs (default: from the clock; printed either way).
    #[arg(long)]
    pub seed: Option<u64>,

    /// Untimed runs before timing (default 2 with --quick, 5 otherwise).
    #[arg(long, value_name = "N")]
    pub warmup: Option<u32>,

    /// Timed repeats (default 10 with --quick, 30 otherwise).
    #[arg(long, value_name = "N")]
    pub repeats: Option<u32>,

    /// Time a whole network instead of kernels: `neanderthal` is 10000 → 5000 (tanh) → 1000
    /// (sigmoid) → 10 (sigmoid), batch 10000, scaled down 10x on a CPU device.
    #[arg(long, value_enum, value_name = "NAME", conflicts_with_all = ["quick", "sizes", "kernel"])]
    pub network: Option<NetworkName>,

    /// Also compile every kernel variant as the bench builds it on these RADV families (RADV's
    /// null device, no AMD GPU needed; `default` = vega10, RDNA3, RDNA4 as this Mesa names
    /// them) and report VGPRs, SGPRs, spills, waves per SIMD and the inner loop's FMA share.
    #[arg(long, value_delimiter = ',', value_name = "FAMILIES")]
    pub isa: Vec<String>,

    /// Also time the kernels built with prism's `none`, `webgpu` and read-zero-skip-write
    /// bounds checks and as wgpu builds them, side by side (the slowdown per kernel).
    #[arg(long)]
    pub robustness_cost: bool,

    /// The square size of the --robustness-cost runs (GEMMs round up to a multiple of 128).
    /// Default: 256 on a CPU device, 2048 on a GPU.
    #[arg(long, value_name = "N", requires = "robustness_cost")]
    pub robustness_size: Option<usize>,

    /// Do not use subgroup operations even where the adapter has them (the column sum's
    /// fallback kernel runs instead).
    #[arg(long)]
    pub no_subgroups: bool,

    /// With --network: time the training step (forward, backward, SGD update) too.
    #[arg(long, requires = "network")]
    pub train: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum ReportFormat {
    Json,
    Md,
    Svg,
}

#[derive(Subcommand, Debug)]
pub enum BenchAction {
    /// Compare two reports: median time and GFLOP/s per kernel and shape, before → after.
    /// Exits 1 when a row regressed past --tolerance, 0 otherwise, 2 on unreadable input.
    Compare(CompareArgs),
    /// Merge reports from several adapters into one markdown table.
    Merge(MergeArgs),
}

#[derive(Args, Debug)]
pub struct CompareArgs {
    /// The report before the change.
    pub before: PathBuf,
    /// The report after the change.
    pub after: PathBuf,
    /// Percent by which a row's median time may grow before it counts as a regression.
    #[arg(long, value_name = "PERCENT", default_value_t = DEFAULT_TOLERANCE_PCT)]
    pub tolerance: f64,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CompareFormat::Text)]
    pub format: CompareFormat,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum CompareFormat {
    Text,
    Md,
}

#[derive(Args, Debug)]
pub struct MergeArgs {
    /// Reports to merge (one column per report).
    #[arg(required = true)]
    pub reports: Vec<PathBuf>,
    /// The markdown file to write (atomically).
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
}

pub fn run(args: BenchArgs) -> anyhow::Result<Outcome> {
    match args.action {
        Some(BenchAction::Compare(compare)) => return run_compare(compare),
        Some(BenchAction::Merge(merge)) => return run_merge(merge),
        None => {}
    }
    if args.list {
        list();
        return Ok(Outcome::Clean);
    }
    if args.network.is_some() {
        return run_network(&args);
    }
    let kernels = if args.kernel.is_empty() {
        KernelId::all()
    } else {
        KernelId::select(&args.kernel).map_err(|word| {
            anyhow::anyhow!("unknown kernel `{word}`; `prism bench --list` shows the kernels")
        })?
    };
    if args.sizes.contains(&0) {
        bail!("--sizes: sizes must be positive");
    }
    let mut gpu = Gpu::open(args.adapter).context("opening the GPU")?;
    gpu.subgroups &= !args.no_subgroups;
    let is_cpu = gpu.adapter.is_cpu;
    let mut note = String::new();
    let mut cases = suite::peak_cases(args.quick || is_cpu);
    cases.extend(if args.quick {
        suite::quick_cases()
            .into_iter()
            .filter(|c| kernels.contains(&c.kernel))
            .collect()
    } else {
        let sizes = if args.sizes.is_empty() {
            let sizes = suite::default_sizes(is_cpu);
            if is_cpu {
                note = format!(
                    "CPU device: sizes scaled down to {:?} (a GPU gets {:?}).",
                    sizes,
                    suite::default_sizes(false)
                );
            }
            sizes
        } else {
            args.sizes.clone()
        };
        suite::cases_for(&kernels, &sizes)
    });
    let plan = TimingPlan {
        warmup: args.warmup.unwrap_or(if args.quick { 2 } else { 5 }),
        repeats: args
            .repeats
            .unwrap_or(if args.quick { 10 } else { 30 })
            .max(1),
    };
    let started = unix_seconds();
    let seed = args.seed.unwrap_or_else(|| {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0)
    });
    let settings = Settings { plan, seed };

    eprintln!(
        "prism bench: {} ({}, {}), {} cases, seed {seed}",
        gpu.adapter.name,
        gpu.adapter.backend,
        gpu.adapter.device_type,
        cases.len()
    );
    if is_cpu {
        eprintln!(
            "note: {} is a CPU device: times are CPU-emulated, not GPU performance",
            gpu.adapter.name
        );
    }
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(cases.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {wide_msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let tuning = cases
        .iter()
        .any(|c| c.kernel.is_gemm())
        .then(|| choose_tile(&gpu, cache_policy(&args)));
    let tile = tuning.as_ref().map(|t| t.tile).unwrap_or_default();
    let rows = suite::run_suite(&gpu, &cases, settings, tile, &mut |_, row| {
        if let Some(bar) = &bar {
            bar.set_message(format!("{} {}", row.kernel, row.shape.describe()));
            bar.inc(1);
        }
    });
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }

    let mut report = Report::new(
        &gpu,
        Tool::this_build(std::env::args().collect(), started),
        settings,
        note,
        rows,
    );
    report.tuning = tuning;
    if !args.isa.is_empty() {
        report.isa = Some(isa_section(&args.isa, &kernels)?);
    }
    if args.robustness_cost {
        let size = args
            .robustness_size
            .unwrap_or(if is_cpu { 256 } else { 2048 });
        if size == 0 {
            bail!("--robustness-size must be positive");
        }
        eprintln!("robustness cost: {size}², 4 builds per kernel");
        report.robustness = Some(suite::robustness::measure(
            &gpu,
            &isa_costs::default_kernels(&kernels),
            size,
            tile,
            plan,
            seed,
        ));
    }
    let stem = format!("bench-{}-{started}", slug(&gpu.adapter.name));
    let md = report.to_markdown();
    let written = write_reports(&args, &stem, &report, &md, || Ok(plot::all(&report)?))?;

    print_report(&md, &written);
    let failed = report.failures();
    if failed > 0 {
        let verification = report
            .rows
            .iter()
            .filter(|r| r.status == Status::FailedVerification)
            .count();
        eprintln!(
            "{failed} of {} cases did not pass ({verification} failed verification, {} errors)",
            report.rows.len(),
            failed - verification
        );
        return Ok(Outcome::Findings);
    }
    Ok(Outcome::Clean)
}

/// `--network`: the network verified then timed, with the tuned GEMM tile under `--tune` or
/// `--no-tune-cache`, its report written as `--format` says.
fn run_network(args: &BenchArgs) -> anyhow::Result<Outcome> {
    if args.format.contains(&ReportFormat::Svg) {
        bail!("--format svg: the network report has no plots; use json and md");
    }
    let mut gpu = Gpu::open(args.adapter).context("opening the GPU")?;
    gpu.subgroups &= !args.no_subgroups;
    let tuning = (args.tune || args.no_tune_cache).then(|| choose_tile(&gpu, cache_policy(args)));
    let result = bench_network::run(
        &gpu,
        NetworkRun {
            seed: args.seed,
            warmup: args.warmup,
            repeats: args.repeats,
            train: args.train,
            tuning,
        },
    )?;
    let md = result.to_markdown(&gpu.adapter.name, gpu.adapter.is_cpu);
    let stem = format!("network-{}-{}", slug(&gpu.adapter.name), unix_seconds());
    let document = prism::gpu::network_bench::NetworkDocument::new(result);
    let written = write_reports(args, &stem, &document, &md, || Ok(Vec::new()))?;
    let result = document.network;
    print_report(&md, &written);
    if !result.verification.passed() {
        eprintln!("the network failed verification: not timed");
        return Ok(Outcome::Findings);
    }
    Ok(Outcome::Clean)
}

/// `--isa FAMILIES`: the ISA section, `default` naming this Mesa's default families.
fn isa_section(asked: &[String], kernels: &[KernelId]) -> anyhow::Result<isa_costs::IsaSection> {
    let worker =
        std::env::current_exe().context("finding the prism executable for the ISA worker")?;
    let options = prism::isa::IsaOptions::new(worker);
    let families = if asked.iter().any(|f| f == "default") {
        let driver = prism::isa::driver_families(&options)
            .context("asking RADV which families it knows (is Mesa's RADV installed?)")?;
        prism::isa::default_families(&|name| driver.knows(name))
    } else {
        asked.to_vec()
    };
    eprintln!("ISA: {} on RADV's null device", families.join(", "));
    Ok(isa_costs::measure(
        &isa_costs::default_kernels(kernels),
        &families,
        &options,
    ))
}

/// How `--tune` and `--no-tune-cache` use the tune cache.
fn cache_policy(args: &BenchArgs) -> tune::CachePolicy {
    if args.no_tune_cache {
        tune::CachePolicy::Bypass
    } else if args.tune {
        tune::CachePolicy::Retune
    } else {
        tune::CachePolicy::Use
    }
}

/// The GEMM tile for this adapter under `policy`, said on stderr.
fn choose_tile(gpu: &Gpu, policy: tune::CachePolicy) -> Tuning {
    let tuning = tune::choose(gpu, policy);
    eprintln!(
        "GEMM tile: {} ({})",
        tuning.tile.describe(),
        tuning.source.describe()
    );
    if let Some(warning) = &tuning.warning {
        eprintln!("warning: {warning}");
    }
    tuning
}

/// Write the files `--format` asks for into `--out`, named `stem`: the JSON of `report`, the
/// markdown `md`, and the SVG `plots`.
fn write_reports(
    args: &BenchArgs,
    stem: &str,
    report: &impl Serialize,
    md: &str,
    plots: impl FnOnce() -> anyhow::Result<Vec<Plot>>,
) -> anyhow::Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    if args.format.contains(&ReportFormat::Json) {
        let path = args.out.join(format!("{stem}.json"));
        write(&path, serde_json::to_string_pretty(report)?.as_bytes())?;
        written.push(path);
    }
    if args.format.contains(&ReportFormat::Md) {
        let path = args.out.join(format!("{stem}.md"));
        write(&path, md.as_bytes())?;
        written.push(path);
    }
    if args.format.contains(&ReportFormat::Svg) {
        for plot in plots()? {
            let path = args.out.join(format!("{stem}-{}.svg", plot.name));
            write(&path, plot.svg.as_bytes())?;
            written.push(path);
        }
    }
    Ok(written)
}

/// The markdown on stdout, then where the files went.
fn print_report(md: &str, written: &[PathBuf]) {
    print!("{md}");
    println!();
    let shown: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
    println!("report: {}", shown.join(", "));
}

fn unix_seconds() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

fn run_compare(args: CompareArgs) -> anyhow::Result<Outcome> {
    if !(args.tolerance.is_finite() && args.tolerance >= 0.0) {
        bail!("--tolerance must be a non-negative number of percent");
    }
    let before = report::load(&args.before)?;
    let after = report::load(&args.after)?;
    let comparison = compare::compare(&before, &after, args.tolerance);
    match args.format {
        CompareFormat::Text => print!("{}", comparison.to_text()),
        CompareFormat::Md => print!("{}", comparison.to_markdown()),
    }
    Ok(if comparison.regressions() > 0 {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

fn run_merge(args: MergeArgs) -> anyhow::Result<Outcome> {
    let reports = args
        .reports
        .iter()
        .map(|path| report::load(path))
        .collect::<Result<Vec<_>, _>>()?;
    let md = merge::to_markdown(&reports);
    write(&args.output, md.as_bytes())?;
    println!(
        "{}: {} adapters, written",
        args.output.display(),
        reports.len()
    );
    Ok(Outcome::Clean)
}

fn write(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    write_atomic(path, bytes).with_context(|| format!("writing {}", path.display()))
}

fn list() {
    println!("kernels (family: names):");
    let mut families: Vec<&str> = Vec::new();
    for k in KernelId::all() {
        if !families.contains(&k.family()) {
            families.push(k.family());
        }
    }
    for family in families {
        let names: Vec<String> = KernelId::all()
            .into_iter()
            .filter(|k| k.family() == family)
            .map(KernelId::name)
            .collect();
        println!("  {family}: {}", names.join(", "));
    }
    println!(
        "sizes: --sizes N,... (s×s×s GEMM, s×s others); default {:?} on a GPU, {:?} on a CPU device",
        suite::default_sizes(false),
        suite::default_sizes(true)
    );
    let quick: Vec<String> = suite::quick_cases()
        .iter()
        .map(|c| format!("{} {}", c.kernel.name(), c.shape.describe()))
        .collect();
    println!("--quick: {} cases ({})", quick.len(), quick.join(", "));
    let adapters = device::enumerate();
    if adapters.is_empty() {
        println!("adapters: none found (install mesa-vulkan-drivers for lavapipe, a CPU device)");
        return;
    }
    let best = device::best_index(&adapters);
    println!("adapters:");
    for a in &adapters {
        println!(
            "  {}{}: {} ({}, {}), driver {} {}{}{}",
            a.index,
            if Some(a.index) == best { "*" } else { "" },
            a.name,
            a.backend,
            a.device_type,
            a.driver,
            a.driver_info,
            if a.timestamps {
                ", timestamps"
            } else {
                ", no timestamps"
            },
            if a.is_cpu {
                ", CPU device: timings CPU-emulated"
            } else {
                ""
            },
        );
    }
}

/// The adapter name as a file-name part: lower-case letters, digits and single dashes.
fn slug(name: &str) -> String {
    let mut slug: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    while slug.contains("--") {
        slug = slug.replace("--", "-");
    }
    slug.trim_matches('-').chars().take(40).collect()
}
