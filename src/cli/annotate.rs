//! `prism annotate`: the source with per-line counts for every target.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, ValueEnum};

use prism::annotate::{self, text::TextOptions, AnnotateOptions};
use prism::back::Target;
use prism::pipeline::compile_path;

use super::render;
use super::shader_args::ShaderArgs;
use super::Outcome;

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
    let compilation = match compile_path(&args.input, &args.shader.options()) {
        Ok(c) => c,
        Err(failure) => {
            render::emit_text(&failure.files, &failure.diagnostics, color);
            return Ok(Outcome::Error);
        }
    };
    if !compilation.parsed.warnings.is_empty() {
        render::emit_text(&compilation.files, &compilation.parsed.warnings, color);
    }
    let options = AnnotateOptions {
        targets: args.target.clone(),
        optimize: !args.no_opt,
    };
    let annotation = match annotate::annotate(&compilation, &options) {
        Ok(a) => a,
        Err(diagnostic) => {
            render::emit_text(&compilation.files, &[diagnostic], color);
            return Ok(Outcome::Error);
        }
    };
    let stdout_color = args.output.is_none() && super::stdout_color();
    let text = match args.format {
        AnnotateFormat::Text => annotate::text::render(
            &annotation,
            &compilation.files,
            TextOptions {
                color: stdout_color,
                only_costly: args.only_costly,
            },
        ),
        AnnotateFormat::Json => {
            let mut json = serde_json::to_string_pretty(&annotation)?;
            json.push('\n');
            json
        }
        AnnotateFormat::Html => annotate::html::render(&[(&annotation, &compilation.files)]),
    };
    match &args.output {
        Some(path) => prism::output::write_atomic(path, text.as_bytes())
            .with_context(|| format!("writing {}", path.display()))?,
        None => std::io::stdout().write_all(text.as_bytes())?,
    }
    Ok(Outcome::Clean)
}
