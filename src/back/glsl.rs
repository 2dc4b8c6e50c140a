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
    /// A storage image of a format GLSL ES has only through `GL_NV_image_formats`.
    #[error("storage image `{name}` has the format {format:?}, which GLSL ES 3.10 has only through GL_NV_image_formats, an extension glslang does not know; use --glsl-version 450, or one of ES's formats (rgba8, rgba16f, rgba32f, r32f, r32i, r32ui, ...)")]
    EsImageFormat {
        name: String,
        format: naga::StorageFormat,
        span: naga::Span,
    },
    /// An explicit GLSL version that cannot express the module.
    #[error("GLSL {chosen} cannot express {why}; use --glsl-version {version}, or auto")]
    VersionTooLow {
        chosen: Flavor,
        why: &'static str,
        version: &'static str,
    },
    /// naga's "A image was used with multiple samplers", where prism could not give each
    /// (texture, sampler) pair a combined sampler of its own (`lower::samplers`).
    #[error("texture parameter `{parameter}` of `{function}` is sampled with more than one sampler; a GLSL sampler is one texture with one sampler, and prism gives each pair its own only where the texture is a global, sampled directly or passed straight to the function: pass the global texture to this function instead")]
    SharedTextureParameter {
        function: String,
        parameter: String,
        span: naga::Span,
    },
}

impl Error {
    /// Where in the shader the refusal is, best first.
    pub fn spans(&self) -> Vec<naga::Span> {
        match self {
            Error::EsImageFormat { span, .. } | Error::SharedTextureParameter { span, .. } => {
                vec![*span]
            }
            _ => Vec::new(),
        }
    }
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
    // An explicit ES version the module needs more than: refused, not written wrong.
    let too_high = match options.version {
        Flavor::Es300 | Flavor::Es310 => super::lower::glsl_needs_desktop_sample_id(module)
            .or_else(|| super::lower::glsl_needs_desktop_draw_parameters(module))
            .or_else(|| super::lower::glsl_needs_desktop_barycentrics(module))
            .map(|why| (why, "450")),
        _ => None,
    }
    .or_else(|| {
        (options.version == Flavor::Es300)
            .then(|| super::lower::glsl_needs_es310(module))
            .flatten()
            .map(|why| (why, "es310"))
    });
    if let Some((why, version)) = too_high {
        return Err(Error::VersionTooLow {
            chosen: options.version,
            why,
            version,
        });
    }
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
    if version.is_es() {
        refuse_non_es_images(module, info, entry)?;
    }
    let mut text = String::new();
    let written =
        naga::back::glsl::Writer::new(&mut text, module, info, &naga_options, &pipeline, *policies)
            .and_then(|mut writer| writer.write().map(drop));
    if let Err(naga::back::glsl::Error::ImageMultipleSamplers) = written {
        if let Some((function, parameter, span)) =
            super::lower::glsl_shared_texture_argument(module)
        {
            return Err(Error::SharedTextureParameter {
                function,
                parameter,
                span,
            });
        }
    }
    written?;
    super::lower::glsl_es_fragment::fix_sample_mask(&mut text);
    if !version.is_es() && super::lower::glsl_needs_desktop_draw_parameters(module).is_some() {
        add_draw_parameters_extension(&mut text);
    }
    Ok(drop_image_formats_extension(text))
}

/// naga writes `gl_BaseVertex`, `gl_BaseInstance` and `gl_DrawID`, GLSL 4.60's names, into
/// 4.50 output without the extension that has them before 4.60, where they carry an `ARB`
/// suffix: add `GL_ARB_shader_draw_parameters` after the `#version` line and rename them.
fn add_draw_parameters_extension(text: &mut String) {
    const EXTENSION: &str = "#extension GL_ARB_shader_draw_parameters : require\n";
    let mut out = String::with_capacity(text.len() + EXTENSION.len());
    let mut rest = text.as_str();
    while let Some(at) = rest.find("gl_") {
        let word_end = rest[at..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .map_or(rest.len(), |end| at + end);
        let word = &rest[at..word_end];
        let starts_word = !rest[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
        out.push_str(&rest[..at]);
        out.push_str(word);
        if starts_word && matches!(word, "gl_BaseVertex" | "gl_BaseInstance" | "gl_DrawID") {
            out.push_str("ARB");
        }
        rest = &rest[word_end..];
    }
    out.push_str(rest);
    let after_version = out.find('\n').map_or(out.len(), |at| at + 1);
    out.insert_str(after_version, EXTENSION);
    *text = out;
}

/// The line naga's writer adds to ES output when the module's type arena holds a storage
/// image of a format ES lacks, used or not: naga's GLSL reader adds such types for the
/// overloads of `imageLoad`/`imageStore` (`r16f`, `r8ui`, ... next to the user's `rgba8`).
const NV_IMAGE_FORMATS: &str = "#extension GL_NV_image_formats : require\n";

/// Refuse ES output for an entry point that uses a storage image of a format ES lacks
/// (`auto` goes to 450 instead; see `lower::glsl_needs_desktop`).
fn refuse_non_es_images(
    module: &naga::Module,
    info: &naga::valid::ModuleInfo,
    entry: &EntryChoice,
) -> Result<(), Error> {
    let Some(index) = module
        .entry_points
        .iter()
        .position(|ep| ep.name == entry.name && ep.stage == entry.stage)
    else {
        return Ok(());
    };
    let used = info.get_entry_point(index);
    match super::lower::glsl_non_es_images(module).find(|(g, _)| !used[*g].is_empty()) {
        Some((global, format)) => Err(Error::EsImageFormat {
            name: module.global_variables[global]
                .name
                .clone()
                .unwrap_or_default(),
            format,
            span: module.global_variables.get_span(global),
        }),
        None => Ok(()),
    }
}

/// `text` without [`NV_IMAGE_FORMATS`]: [`refuse_non_es_images`] has made sure no image
/// the entry point uses needs it (on desktop the writer never adds it).
fn drop_image_formats_extension(text: String) -> String {
    match text.find(NV_IMAGE_FORMATS) {
        Some(at) => {
            let mut text = text;
            text.replace_range(at..at + NV_IMAGE_FORMATS.len(), "");
            text
        }
        None => text,
    }
}
