//! Command-line interface: argument parsing and rendering. The library never prints; this
//! module is the only place that writes to the terminal.

mod compile;
mod render;

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
    let color = match cli.color {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => {
            std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    };
    let result = match cli.command {
        Command::Compile(args) => compile::run(args, color),
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

/// A closed stdout (`prism ... | head`) is not an error.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
