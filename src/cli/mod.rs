//! Command-line interface: argument parsing and rendering. The library never prints; this
//! module is the only place that writes to the terminal.
//!
//! `mod.rs` parses and dispatches; each command is one file; what they share (the outcome,
//! the format switch, colour, the worker pool) is in [`common`], a leaf they all import.

mod annotate;
#[cfg(feature = "gpu")]
mod bench;
#[cfg(feature = "gpu")]
mod bench_network;
mod check;
pub mod common;
mod compile;
mod diff;
mod isa;
mod lint;
mod lsp;
pub mod panic;
mod rule;
mod shader_args;
#[cfg(feature = "gpu")]
mod train;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use common::{ColorWhen, Outcome};

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
    /// A language server on stdin/stdout: diagnostics, per-line cost hints, measured fixes.
    Lsp(lsp::LspArgs),
    /// Print a lint rule's documentation, or every rule with --all.
    Rule(rule::RuleArgs),
    /// Neural-network kernels built by prism: verified against f64 references, then timed.
    #[cfg(feature = "gpu")]
    Bench(bench::BenchArgs),
    /// Train a tiny network end to end on the GPU on a generated classification problem.
    #[cfg(feature = "gpu")]
    Train(train::TrainArgs),
    /// Neural-network kernels on the GPU (this prism was built without the `gpu` feature).
    #[cfg(not(feature = "gpu"))]
    Bench(common::NotBuiltArgs),
    /// Train a network on the GPU (this prism was built without the `gpu` feature).
    #[cfg(not(feature = "gpu"))]
    Train(common::NotBuiltArgs),
    /// Internal: compiles one pipeline in a child process (see `prism::isa`).
    #[command(name = "__isa-worker", hide = true)]
    IsaWorker,
    /// Internal: panics while processing INPUT, outside every panic boundary, on a worker
    /// thread (the tests hold that such a panic is still reported).
    #[command(name = "__panic", hide = true)]
    Panic { input: PathBuf },
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let code = if err.use_stderr() { 2 } else { 0 };
            let _ = err.print();
            return ExitCode::from(code);
        }
    };
    common::set_color_when(cli.color);
    let color = common::stderr_color();
    let result = match cli.command {
        Command::Compile(args) => compile::run(args, color),
        Command::Annotate(args) => annotate::run(args, color),
        Command::Isa(args) => isa::run(args, color),
        Command::Diff(args) => diff::run(args, color),
        Command::Check(args) => check::run(args, color),
        Command::Lint(args) => lint::run(args, color),
        Command::Lsp(args) => lsp::run(args),
        Command::Rule(args) => rule::run(args),
        #[cfg(feature = "gpu")]
        Command::Bench(args) => bench::run(args),
        #[cfg(feature = "gpu")]
        Command::Train(args) => train::run(args),
        #[cfg(not(feature = "gpu"))]
        Command::Bench(_) | Command::Train(_) => Err(anyhow::anyhow!(
            "this prism was built without the `gpu` feature (no wgpu); rebuild with the default \
             features or `--features gpu`"
        )),
        Command::IsaWorker => isa::worker(),
        Command::Panic { input } => deliberate_panic(&input),
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

fn deliberate_panic(input: &std::path::Path) -> anyhow::Result<Outcome> {
    common::worker_pool()?
        .install(|| panic::processing(input, || panic!("deliberate panic (prism __panic)")))
}

/// A closed stdout (`prism ... | head`) is not an error.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
