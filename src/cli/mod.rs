//! Command-line interface: argument parsing and rendering. The library never prints; this
//! module is the only place that writes to the terminal.

mod annotate;
mod bench;
mod bench_network;
mod check;
mod compile;
mod diff;
mod isa;
mod lint;
mod render;
mod rule;
mod shader_args;
mod train;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// prism: a shader toolchain that shows what each source line costs.
///
/// Reads GLSL as people write it (WebGL 1 and 2, desktop 110-460, Vulkan), WGSL and SPIR-V;
/// writes HLSL, SPIR-V, WGSL, MSL and GLSL through naga.
#[derive(Parser, Debug)]
#[command(name = "prism", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// When to use colour in diagnostics.
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Compile shaders to one or more targets (or check a whole folder with --check).
    Compile(compile::CompileArgs),
    /// Print the source with instruction counts per line, per target; inserted code marked.
    Annotate(annotate::AnnotateArgs),
    /// Real GPU ISA statistics (AMD through Mesa RADV's null device, and real Vulkan devices).
    Isa(isa::IsaArgs),
    /// Compare the costs of two shaders, or of one shader under two option sets.
    Diff(diff::DiffArgs),
    /// CI cost baselines: fail when a shader got more expensive.
    Check(check::CheckArgs),
    /// Find costly patterns (and a few bugs) in shaders; apply or show measured fixes.
    Lint(lint::LintArgs),
    /// Print a lint rule's documentation, or every rule with --all.
    Rule(rule::RuleArgs),
    /// Neural-network kernels built by prism: verified against f64 references, then timed.
    Bench(bench::BenchArgs),
    /// Train a tiny network end to end on the GPU on a generated classification problem.
    Train(train::TrainArgs),
    /// Internal: compiles one pipeline in a child process (see `prism::isa`).
    #[command(name = "__isa-worker", hide = true)]
    IsaWorker,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq, Default)]
pub enum Format {
    /// Human-readable text, diagnostics in codespan style.
    #[default]
    Text,
    /// One JSON document on stdout (schema version 1).
    Json,
}

/// How a command ended.
pub enum Outcome {
    Clean,
    Findings,
    Error,
}

impl From<Outcome> for ExitCode {
    fn from(outcome: Outcome) -> ExitCode {
        match outcome {
            Outcome::Clean => ExitCode::SUCCESS,
            Outcome::Findings => ExitCode::from(1),
            Outcome::Error => ExitCode::from(2),
        }
    }
}

static COLOR_WHEN: std::sync::OnceLock<ColorWhen> = std::sync::OnceLock::new();

/// Whether output written to stdout (a report, not a diagnostic) gets colour.
pub fn stdout_color() -> bool {
    match COLOR_WHEN.get().copied().unwrap_or(ColorWhen::Auto) {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    }
}

pub fn main() -> ExitCode {
    // Panics are caught at the pipeline boundary and reported as diagnostics; keep the
    // default hook from also printing a raw backtrace message.
    std::panic::set_hook(Box::new(|_| {}));
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let code = if err.use_stderr() { 2 } else { 0 };
            let _ = err.print();
            return ExitCode::from(code);
        }
    };
    let _ = COLOR_WHEN.set(cli.color);
    let color = match cli.color {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => {
            std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    };
    let result = match cli.command {
        Command::Compile(args) => compile::run(args, color),
        Command::Annotate(args) => annotate::run(args, color),
        Command::Isa(args) => isa::run(args, color),
        Command::Diff(args) => diff::run(args, color),
        Command::Check(args) => check::run(args, color),
        Command::Lint(args) => lint::run(args, color),
        Command::Rule(args) => rule::run(args),
        Command::Bench(args) => bench::run(args),
        Command::Train(args) => train::run(args),
        Command::IsaWorker => isa::worker(),
    };
    match result {
        Ok(outcome) => outcome.into(),
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// Worker threads for commands that compile many shaders: naga's parsers and prism's
/// analyses recurse, so each thread gets the main thread's generous stack, not rayon's 2 MiB.
pub fn worker_pool() -> anyhow::Result<rayon::ThreadPool> {
    use anyhow::Context as _;
    rayon::ThreadPoolBuilder::new()
        .stack_size(crate::STACK_BYTES)
        .build()
        .context("starting worker threads")
}

/// A progress bar on stderr for long runs on a terminal; `None` otherwise.
pub fn progress_bar(len: usize, wanted: bool) -> Option<indicatif::ProgressBar> {
    (wanted && len > 20 && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(len as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {wide_msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    })
}

/// A closed stdout (`prism ... | head`) is not an error.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
