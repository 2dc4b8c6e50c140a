//! Targets: a validated naga module in, shader code out.
//!
//! Every target has the same surface: an `Options` struct (Default + serde), one `write`
//! entry point taking the module, its validation info and the [`Robustness`] in force, and its
//! own error type. What the targets do with the bounds-check policies differs, and that
//! difference is the point of prism, so it is documented here once:
//!
//! | target | index / buffer / image-load policies |
//! |---|---|
//! | SPIR-V | all three honoured (`Restrict` = `UMin`, `ReadZeroSkipWrite` = compare + branch) |
//! | MSL | all three honoured |
//! | GLSL | only image loads (`texelFetch`, `imageLoad`) are guarded |
//! | HLSL | ignores the policies; one `restrict_indexing` flag, set when `index` is not `Unchecked` |
//! | WGSL | none: WGSL consumers apply their own checks |

mod common;
mod float_atomics;
pub mod glsl;
mod half_floats;
pub mod hlsl;
mod image_atomics;
pub mod lower;
pub mod msl;
pub mod spirv;
pub mod wgsl;
mod writer_gaps;

use std::fmt;
use std::str::FromStr;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::robustness::Robustness;

pub use common::{error_chain, EntryChoice};

/// A code generator prism can run.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Target {
    Hlsl,
    Spirv,
    SpirvAsm,
    Wgsl,
    Msl,
    Glsl,
}

impl Target {
    pub const ALL: [Target; 6] = [
        Target::Hlsl,
        Target::Spirv,
        Target::SpirvAsm,
        Target::Wgsl,
        Target::Msl,
        Target::Glsl,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Target::Hlsl => "hlsl",
            Target::Spirv => "spirv",
            Target::SpirvAsm => "spirv-asm",
            Target::Wgsl => "wgsl",
            Target::Msl => "msl",
            Target::Glsl => "glsl",
        }
    }

    /// File extension for `-o DIR` output.
    pub fn extension(self) -> &'static str {
        match self {
            Target::Hlsl => "hlsl",
            Target::Spirv => "spv",
            Target::SpirvAsm => "spvasm",
            Target::Wgsl => "wgsl",
            Target::Msl => "metal",
            Target::Glsl => "glsl",
        }
    }

    pub fn is_binary(self) -> bool {
        self == Target::Spirv
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Target {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Target::ALL
            .into_iter()
            .find(|t| {
                t.name() == s
                    || (s == "spv" && *t == Target::Spirv)
                    || (s == "metal" && *t == Target::Msl)
            })
            .ok_or_else(|| {
                format!(
                    "unknown target `{s}`; expected one of: {}",
                    Target::ALL.map(|t| t.name()).join(", ")
                )
            })
    }
}

/// Options of every target, as one value (the CLI and config files fill it).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct TargetOptions {
    pub hlsl: hlsl::Options,
    pub spirv: spirv::Options,
    pub wgsl: wgsl::Options,
    pub msl: msl::Options,
    pub glsl: glsl::Options,
}

/// What a target produced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Output {
    Text(String),
    Binary(Vec<u8>),
}

impl Output {
    pub fn as_bytes(&self) -> &[u8] {
        match self {
            Output::Text(text) => text.as_bytes(),
            Output::Binary(bytes) => bytes,
        }
    }

    pub fn as_text(&self) -> Option<&str> {
        match self {
            Output::Text(text) => Some(text),
            Output::Binary(_) => None,
        }
    }
}

/// Why a target failed. The message is the writer's own, with its cause chain.
#[derive(Debug, thiserror::Error)]
pub enum BackError {
    #[error("HLSL: {0}")]
    Hlsl(#[from] hlsl::Error),
    #[error("SPIR-V: {0}")]
    Spirv(#[from] spirv::Error),
    #[error("WGSL: {0}")]
    Wgsl(#[from] wgsl::Error),
    #[error("MSL: {0}")]
    Msl(#[from] msl::Error),
    #[error("GLSL: {0}")]
    Glsl(#[from] glsl::Error),
    #[error("{0}")]
    Lower(String),
    /// What a writer would panic on, refused before it runs.
    #[error("{target}: {what}")]
    Unsupported {
        target: &'static str,
        what: &'static str,
    },
    /// [`BackError::Unsupported`], at a place in the shader.
    #[error("{target}: {what}")]
    UnsupportedAt {
        target: &'static str,
        what: &'static str,
        span: naga::Span,
    },
}

/// Refuse, before the writer runs, what it is known to panic on: binding arrays (arrays of
/// textures indexed at run time) in GLSL, and unsized ones in HLSL.
///
/// GLSL: naga's IR has arrays of textures and samplers only as `BindingArray` (its validator
/// refuses an `Array` of images), and naga 30's GLSL writer has no code for them: it
/// declares an image uniform only for a global of type `Image`, sends a binding array to its
/// value-type writer ("Unable to write type"), and its texture mapping indexes its table of
/// image names with the sampled global, which a binding array never entered (a panic). So no
/// lowering can hand it a sampler array; the one IR form it writes is N separate textures
/// behind a `switch` on the index, which changes the bindings and, for an index that is not
/// dynamically uniform (`nonuniformEXT`), samples with implicit derivatives in divergent
/// control flow. (GLSL itself has the array: 4.00+ with a dynamically uniform index;
/// `GL_EXT_nonuniform_qualifier` is for Vulkan GLSL only.)
fn refuse_panics(target: Target, module: &naga::Module) -> Result<(), BackError> {
    let arrays =
        module
            .global_variables
            .iter()
            .filter_map(|(handle, g)| match module.types[g.ty].inner {
                naga::TypeInner::BindingArray { size, .. } => Some((handle, size)),
                _ => None,
            });
    for (handle, size) in arrays {
        let refused = match target {
            Target::Glsl => Some((
                "GLSL",
                "arrays of textures or samplers (naga binding arrays) have no GLSL output: naga's GLSL writer cannot declare them, and naga's IR has no other array of textures to lower them to",
            )),
            Target::Hlsl if size == naga::ArraySize::Dynamic => Some((
                "HLSL",
                "unsized arrays of textures (`tex[]`) have no HLSL output; give the array a size",
            )),
            _ => None,
        };
        if let Some((target, what)) = refused {
            let span = lower::first_read(module, handle);
            return Err(BackError::UnsupportedAt { target, what, span });
        }
    }
    Ok(())
}

impl BackError {
    /// The diagnostic code: `E-SPIRV-VAL` for SPIR-V that failed validation, `E-TARGET` for
    /// what a writer refused.
    pub fn code(&self) -> &'static str {
        match self {
            BackError::Spirv(spirv::Error::Invalid(_)) => "E-SPIRV-VAL",
            _ => "E-TARGET",
        }
    }

    /// Where in the shader the refusal may be shown, best first: spans of the module the
    /// writer was given (prism's lowering keeps them); the caller shows the first it can
    /// map to the user's text.
    pub fn spans(&self) -> Vec<naga::Span> {
        let spans = match self {
            BackError::Glsl(err) => err.spans(),
            BackError::Hlsl(err) => err.spans(),
            BackError::Msl(err) => err.spans(),
            BackError::UnsupportedAt { span, .. } => vec![*span],
            BackError::Wgsl(err) => err.spans(),
            _ => Vec::new(),
        };
        spans.into_iter().filter(|s| s.is_defined()).collect()
    }
}

/// Run one target.
pub fn write(
    target: Target,
    module: &naga::Module,
    info: &naga::valid::ModuleInfo,
    options: &TargetOptions,
    robustness: &Robustness,
    entry: Option<&EntryChoice>,
) -> Result<Output, BackError> {
    write_with_notes(target, module, info, options, robustness, entry).map(|(output, _)| output)
}

/// Run one target; also the notes of what its polyfills ([`lower`]) changed, which text
/// outputs carry as comments at the top too.
pub fn write_with_notes(
    target: Target,
    module: &naga::Module,
    info: &naga::valid::ModuleInfo,
    options: &TargetOptions,
    robustness: &Robustness,
    entry: Option<&EntryChoice>,
) -> Result<(Output, Vec<String>), BackError> {
    let plan = match target {
        Target::Hlsl => lower::Plan::HLSL,
        Target::Msl => lower::Plan::MSL,
        Target::Wgsl => lower::Plan::WGSL,
        Target::Spirv | Target::SpirvAsm => lower::Plan::SPIRV,
        Target::Glsl => lower::Plan::GLSL,
    };
    let lowered = lower::lower(module, info, plan).map_err(BackError::Lower)?;
    let (module, info) = lowered
        .as_ref()
        .map_or((module, info), |l| (&l.module, &l.info));
    let mut notes = lowered
        .as_ref()
        .map(|l| l.notes.clone())
        .unwrap_or_default();
    let policies = robustness.policies();
    refuse_panics(target, module)?;
    let glsl_version = match options.glsl.version {
        glsl::Flavor::Auto => image_atomics::GlslVersion::Auto,
        glsl::Flavor::Es300 | glsl::Flavor::Es310 => image_atomics::GlslVersion::Es,
        glsl::Flavor::Desktop330 => image_atomics::GlslVersion::Desktop330,
        glsl::Flavor::Desktop450 => image_atomics::GlslVersion::Desktop450,
    };
    if let Some((target, what)) = image_atomics::refuse(target.name(), module, glsl_version) {
        return Err(BackError::Unsupported { target, what });
    }
    if let Some((target, what, span)) = half_floats::refusal(target.name(), module) {
        return Err(BackError::UnsupportedAt { target, what, span });
    }
    if let Some((target, what, span)) = writer_gaps::refusal(target.name(), module) {
        return Err(BackError::UnsupportedAt { target, what, span });
    }
    if let Some((target, what)) = float_atomics::refuse(target.name(), module) {
        return Err(BackError::Unsupported { target, what });
    }
    let output = match target {
        Target::Hlsl => {
            let (text, note) = hlsl::write(module, info, &options.hlsl, &policies)?;
            notes.extend(note);
            Output::Text(text)
        }
        Target::Spirv => Output::Binary(spirv::words_to_bytes(&spirv::write(
            module,
            info,
            &options.spirv,
            &policies,
        )?)),
        Target::SpirvAsm => {
            let words = spirv::write(module, info, &options.spirv, &policies)?;
            Output::Text(spirv::disassemble(&words)?)
        }
        Target::Wgsl => Output::Text(wgsl::write(module, info, &options.wgsl)?),
        Target::Msl => {
            let (text, note) = msl::write(module, info, &options.msl, &policies)?;
            notes.extend(note);
            Output::Text(text)
        }
        Target::Glsl => Output::Text(glsl::write(module, info, &options.glsl, &policies, entry)?),
    };
    Ok(match output {
        Output::Text(text) if !notes.is_empty() => {
            let comments: String = notes.iter().map(|n| format!("// prism: {n}\n")).collect();
            // GLSL ES allows nothing, not even a comment, before `#version`.
            let at = match target {
                Target::Glsl if text.starts_with("#version") => {
                    text.find('\n').map_or(text.len(), |i| i + 1)
                }
                _ => 0,
            };
            let mut commented = text;
            commented.insert_str(at, &comments);
            (Output::Text(commented), notes)
        }
        output => (output, notes),
    })
}
