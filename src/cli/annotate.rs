//! `prism annotate`: the source with per-line counts for every target.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use prism::annotate::{self, AnnotateOptions};
use prism::back::Target;
use prism::pipeline::compile_path;
use prism::render::{self, text::TextOptions};

use super::common::{emit_diagnostics, stdout_color, write_report, Outcome};
use super::panic::processing;
use super::shader_args::ShaderArgs;

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq, Default)]
pub enum AnnotateFormat {
    /// The source with count columns (colour on a terminal).
    #[default]
    Text,
    /// One JSON document (schema `prism-annotate/1`, see the README).
    Json,
    /// A self-contained HTML page: heat-mapped source, targets side by side.
    Html,
}

#[derive(Args, Debug)]
pub struct AnnotateArgs {
    /// The shader to annotate.
    pub input: PathBuf,

    /// Text targets whose helper calls get a column: hlsl, msl, glsl, wgsl (spirv and
    /// spirv-asm are accepted; SPIR-V columns are always shown).
    #[arg(short, long, value_delimiter = ',', default_value = "hlsl,msl")]
    pub target: Vec<Target>,

    /// Skip `spirv-opt -O` (no optimized column).
    #[arg(long)]
    pub no_opt: bool,

    /// Print only the lines that cost something.
    #[arg(long)]
    pub only_costly: bool,

    #[arg(long, value_enum, default_value_t = AnnotateFormat::Text)]
    pub format: AnnotateFormat,

    /// Write to this file (atomically) instead of stdout.
    #[arg(short, long)]
    pub output: Option<PathBuf>,

    #[command(flatten)]
    pub shader: ShaderArgs,
}

pub fn run(args: AnnotateArgs, color: bool) -> anyhow::Result<Outcome> {
    args.shader.check()?;
    processing(&args.input, || annotate_one(&args, color))
}

fn annotate_one(args: &AnnotateArgs, color: bool) -> anyhow::Result<Outcome> {
    let compilation = match compile_path(&args.input, &args.shader.options()) {
        Ok(c) => c,
        Err(failure) => {
            emit_diagnostics(&failure.files, &failure.diagnostics, color);
            return Ok(Outcome::Error);
        }
    };
    if !compilation.parsed.warnings.is_empty() {
        emit_diagnostics(&compilation.files, &compilation.parsed.warnings, color);
    }
    let options = AnnotateOptions {
        targets: args.target.clone(),
        optimize: !args.no_opt,
    };
    let annotation = match annotate::annotate(&compilation, &options) {
        Ok(a) => a,
        Err(diagnostic) => {
            emit_diagnostics(&compilation.files, &[diagnostic], color);
            return Ok(Outcome::Error);
        }
    };
    let text = match args.format {
        AnnotateFormat::Text => render::text::annotation(
            &annotation,
            &compilation.files,
            TextOptions {
                color: args.output.is_none() && stdout_color(),
                only_costly: args.only_costly,
            },
        ),
        AnnotateFormat::Json => render::json::to_string(&annotation),
        AnnotateFormat::Html => render::html::annotation(&[(&annotation, &compilation.files)]),
    };
    write_report(args.output.as_deref(), &text)?;
    Ok(Outcome::Clean)
}
