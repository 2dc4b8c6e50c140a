//! GLSL (`es300` or desktop `450`) through naga's GLSL writer.
//!
//! This writer emits one entry point per output, so a module with several needs
//! `--entry`. It honours only the image-load bounds-check policy (`texelFetch`, `imageLoad`).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::common::EntryChoice;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Flavor {
    /// The oldest of es300, es310 and 450 that can express the module: WebGL 2 for plain
    /// vertex/fragment shaders, ES 3.10 once storage buffers, compute or texture gathers appear.
    #[default]
    Auto,
    /// GLSL ES 3.00 (WebGL 2).
    Es300,
    /// GLSL ES 3.10.
    Es310,
    /// Desktop GLSL 4.50 core.
    #[serde(rename = "450")]
    Desktop450,
    /// Desktop GLSL 3.30 core.
    #[serde(rename = "330")]
    Desktop330,
}

impl FromStr for Flavor {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "auto" => Ok(Flavor::Auto),
            "es300" | "300es" | "300" => Ok(Flavor::Es300),
            "es310" | "310es" | "310" => Ok(Flavor::Es310),
            "450" | "core450" => Ok(Flavor::Desktop450),
            "330" | "core330" => Ok(Flavor::Desktop330),
            _ => Err(format!(
                "unknown GLSL version `{s}`; expected auto, es300, es310, 330 or 450"
            )),
        }
    }
}

impl fmt::Display for Flavor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Flavor::Auto => "auto",
            Flavor::Es300 => "es300",
            Flavor::Es310 => "es310",
            Flavor::Desktop450 => "450",
            Flavor::Desktop330 => "330",
        })
    }
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Options {
    pub version: Flavor,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}", super::common::error_chain(.0))]
    Naga(#[from] naga::back::glsl::Error),
    #[error("the GLSL writer emits one entry point at a time and this module has {0}; choose one with `--entry NAME`")]
    NeedsEntry(String),
}

pub fn write(
    module: &naga::Module,
    info: &naga::valid::ModuleInfo,
    options: &Options,
    policies: &naga::proc::BoundsCheckPolicies,
    entry: Option<&EntryChoice>,
) -> Result<String, Error> {
    let entry = match (entry, module.entry_points.as_slice()) {
        (Some(entry), _) => entry.clone(),
        (None, [only]) => EntryChoice {
            stage: only.stage,
            name: only.name.clone(),
        },
        (None, many) => {
            let names: Vec<String> = many
                .iter()
                .map(|ep| format!("`{}` ({:?})", ep.name, ep.stage))
                .collect();
            return Err(Error::NeedsEntry(if names.is_empty() {
                "none".to_string()
            } else {
                names.join(", ")
            }));
        }
    };
    let flavors: &[Flavor] = match options.version {
        Flavor::Auto if super::lower::glsl_needs_desktop(module).is_some() => &[Flavor::Desktop450],
        Flavor::Auto if super::lower::glsl_needs_es310(module).is_some() => {
            &[Flavor::Es310, Flavor::Desktop450]
        }
        Flavor::Auto => &[Flavor::Es300, Flavor::Es310, Flavor::Desktop450],
        Flavor::Es300 => &[Flavor::Es300],
        Flavor::Es310 => &[Flavor::Es310],
        Flavor::Desktop450 => &[Flavor::Desktop450],
        Flavor::Desktop330 => &[Flavor::Desktop330],
    };
    let mut last = None;
    for &flavor in flavors {
        match write_flavor(module, info, flavor, policies, &entry) {
            Ok(text) => return Ok(text),
            Err(err) => last = Some(err),
        }
    }
    Err(last.unwrap_or(Error::NeedsEntry("none".into())))
}

fn write_flavor(
    module: &naga::Module,
    info: &naga::valid::ModuleInfo,
    flavor: Flavor,
    policies: &naga::proc::BoundsCheckPolicies,
    entry: &EntryChoice,
) -> Result<String, Error> {
    let version = match flavor {
        Flavor::Auto | Flavor::Es300 => naga::back::glsl::Version::new_gles(300),
        Flavor::Es310 => naga::back::glsl::Version::new_gles(310),
        Flavor::Desktop450 => naga::back::glsl::Version::Desktop(450),
        Flavor::Desktop330 => naga::back::glsl::Version::Desktop(330),
    };
    let naga_options = naga::back::glsl::Options {
        version,
        ..Default::default()
    };
    let pipeline = naga::back::glsl::PipelineOptions {
        shader_stage: entry.stage,
        entry_point: entry.name.clone(),
        multiview: None,
    };
    let mut text = String::new();
    let mut writer = naga::back::glsl::Writer::new(
        &mut text,
        module,
        info,
        &naga_options,
        &pipeline,
        *policies,
    )?;
    writer.write()?;
    super::lower::glsl_es_fragment::fix_sample_mask(&mut text);
    Ok(text)
}
