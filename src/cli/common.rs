//! What every command shares: how it ended ([`Outcome`]), the text/JSON switch ([`Format`]),
//! colour, the worker pool and the progress bar. A leaf: the command files import it, and
//! `cli/mod.rs` dispatches to them, so nothing here may import a command.

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::ValueEnum;

/// naga's parsers recurse; give them room (the dialect layer also caps nesting depth).
pub const STACK_BYTES: usize = 256 * 1024 * 1024;

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

/// How a command ended. The exit codes are documented in the README ("Exit codes").
pub enum Outcome {
    /// 0.
    Clean,
    /// 1: findings, regressions.
    Findings,
    /// 2: errors (a shader failed, bad input).
    Error,
    /// 3: `check` (and `check merge`) found metrics measured by another toolchain than the
    /// baseline's, and `--toolchain-change=fail`: not comparable, re-record.
    NotComparable,
}

impl From<Outcome> for ExitCode {
    fn from(outcome: Outcome) -> ExitCode {
        match outcome {
            Outcome::Clean => ExitCode::SUCCESS,
            Outcome::Findings => ExitCode::from(1),
            Outcome::Error => ExitCode::from(2),
            Outcome::NotComparable => ExitCode::from(3),
        }
    }
}

static COLOR_WHEN: std::sync::OnceLock<ColorWhen> = std::sync::OnceLock::new();

/// Record `--color` once, before any command runs.
pub fn set_color_when(when: ColorWhen) {
    let _ = COLOR_WHEN.set(when);
}

fn color_on(terminal: bool) -> bool {
    match COLOR_WHEN.get().copied().unwrap_or(ColorWhen::Auto) {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => terminal && std::env::var_os("NO_COLOR").is_none(),
    }
}

/// Whether output written to stdout (a report, not a diagnostic) gets colour.
pub fn stdout_color() -> bool {
    color_on(std::io::stdout().is_terminal())
}

/// Whether diagnostics written to stderr get colour.
pub fn stderr_color() -> bool {
    color_on(std::io::stderr().is_terminal())
}

/// Worker threads for commands that compile many shaders: naga's parsers and prism's
/// analyses recurse, so each thread gets the main thread's generous stack, not rayon's 2 MiB.
pub fn worker_pool() -> anyhow::Result<rayon::ThreadPool> {
    use anyhow::Context as _;
    rayon::ThreadPoolBuilder::new()
        .stack_size(STACK_BYTES)
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

/// Diagnostics to stderr in codespan style.
pub fn emit_diagnostics(
    files: &prism::source::SourceFiles,
    diagnostics: &[prism::diagnostic::Diagnostic],
    color: bool,
) {
    eprint!(
        "{}",
        prism::render::text::diagnostics(files, diagnostics, color)
    );
}

/// Write a rendered report to `output` (atomically) or to stdout.
pub fn write_report(output: Option<&std::path::Path>, text: &str) -> anyhow::Result<()> {
    use anyhow::Context as _;
    use std::io::Write as _;
    match output {
        Some(path) => prism::output::write_atomic(path, text.as_bytes())
            .with_context(|| format!("writing {}", path.display()))?,
        None => std::io::stdout().write_all(text.as_bytes())?,
    }
    Ok(())
}

/// The arguments of a command this build left out (a cargo feature was off): taken whole, so
/// that the command says which feature is missing instead of clap calling it unknown.
#[cfg(not(feature = "gpu"))]
#[derive(clap::Args, Debug)]
pub struct NotBuiltArgs {
    #[arg(trailing_var_arg = true, allow_hyphen_values = true, hide = true)]
    pub args: Vec<String>,
}

/// This run's command line (after `prism`) without the options named, each with its value:
/// what shards of one run share (`--shard` and the output file differ between them).
pub fn command_line_without(options: &[&str]) -> Vec<String> {
    let mut words = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let option = arg.split('=').next().unwrap_or_default();
        if options.contains(&option) {
            if !arg.contains('=') {
                args.next();
            }
            continue;
        }
        words.push(arg);
    }
    words
}
