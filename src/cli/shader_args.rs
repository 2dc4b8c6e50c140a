//! The options every command that compiles a shader shares: macros, include folders, stage,
//! entry point and robustness.

use std::path::PathBuf;

use anyhow::bail;
use clap::Args;

use prism::pipeline::CompileOptions;
use prism::robustness::{Policy, Preset, Robustness};
use prism::shader::Stage;

#[derive(Args, Debug, Clone)]
pub struct ShaderArgs {
    /// Define a macro: NAME or NAME=VALUE.
    #[arg(short = 'D', value_name = "NAME[=VALUE]")]
    pub define: Vec<String>,

    /// Directory searched by #include.
    #[arg(short = 'I', value_name = "DIR")]
    pub include: Vec<PathBuf>,

    /// Shader stage, overriding the extension (needed for .glsl).
    #[arg(long, value_parser = parse_stage)]
    pub stage: Option<Stage>,

    /// Entry point to compile, for WGSL / SPIR-V inputs with several.
    #[arg(long)]
    pub entry: Option<String>,

    /// Bounds-check preset: none, webgl, webgpu [default: none, or prism.toml's for lint].
    #[arg(long)]
    pub robustness: Option<Preset>,

    /// Override the preset's policy for array/vector/matrix indices.
    #[arg(long, value_name = "POLICY")]
    pub index_bounds: Option<Policy>,

    /// Override the preset's policy for storage/uniform buffer accesses.
    #[arg(long, value_name = "POLICY")]
    pub buffer_bounds: Option<Policy>,

    /// Override the preset's policy for image loads (texelFetch, imageLoad).
    #[arg(long, value_name = "POLICY")]
    pub image_bounds: Option<Policy>,
}

pub fn parse_stage(text: &str) -> Result<Stage, String> {
    match text {
        "vertex" | "vert" | "vs" => Ok(Stage::Vertex),
        "fragment" | "frag" | "fs" | "pixel" => Ok(Stage::Fragment),
        "compute" | "comp" | "cs" => Ok(Stage::Compute),
        _ => Err(format!(
            "unknown stage `{text}`; expected vertex, fragment or compute"
        )),
    }
}

impl ShaderArgs {
    /// Reject malformed `-D` names before any shader is read.
    pub fn check(&self) -> anyhow::Result<()> {
        for define in &self.define {
            let name = define.split('=').next().unwrap_or("");
            if name.is_empty()
                || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                || name.starts_with(|c: char| c.is_ascii_digit())
            {
                bail!("-D {define}: `{name}` is not a macro name");
            }
        }
        Ok(())
    }

    pub fn robustness(&self) -> Robustness {
        Robustness {
            preset: self.robustness.unwrap_or_default(),
            index: self.index_bounds,
            buffer: self.buffer_bounds,
            image_load: self.image_bounds,
        }
    }

    pub fn options(&self) -> CompileOptions {
        let mut options = CompileOptions {
            stage: self.stage,
            entry: self.entry.clone(),
            robustness: self.robustness(),
            ..Default::default()
        };
        options.preprocess.defines = self
            .define
            .iter()
            .map(|d| match d.split_once('=') {
                Some((name, value)) => (name.to_string(), Some(value.to_string())),
                None => (d.clone(), None),
            })
            .collect();
        options.preprocess.include_dirs = self.include.clone();
        options
    }
}
