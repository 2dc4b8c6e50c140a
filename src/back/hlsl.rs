//! HLSL through naga's HLSL writer, shader model 5.0 to 6.7.
//!
//! Without `--shader-model`, the model is the lowest the module needs, at least 5.1: what
//! naga's writer asks for (`SV_ViewID` is 6.1, ...) and what it writes without asking
//! (`lower::hlsl_sm`: wave intrinsics 6.0, ...); a model above 5.1 is said in a note. A model
//! the user chose that is too low is a located `E-TARGET` error.
//!
//! The writer ignores [`naga::proc::BoundsCheckPolicies`]; it has one `restrict_indexing` flag
//! that clamps array, vector and matrix indices. prism sets it whenever the index policy is
//! not `Unchecked`. Float-to-int conversions always go through `naga_f2i32`-style helpers.
//! Registers come straight from the GLSL `set`/`binding` (`register(tN, spaceS)`).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use naga::back::hlsl::ShaderModel;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Model(pub ShaderModel);

impl Default for Model {
    fn default() -> Self {
        Model(ShaderModel::V5_1)
    }
}

const MODELS: [(&str, ShaderModel); 10] = [
    ("5.0", ShaderModel::V5_0),
    ("5.1", ShaderModel::V5_1),
    ("6.0", ShaderModel::V6_0),
    ("6.1", ShaderModel::V6_1),
    ("6.2", ShaderModel::V6_2),
    ("6.3", ShaderModel::V6_3),
    ("6.4", ShaderModel::V6_4),
    ("6.5", ShaderModel::V6_5),
    ("6.6", ShaderModel::V6_6),
    ("6.7", ShaderModel::V6_7),
];

impl FromStr for Model {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim_start_matches("sm").replace('_', ".");
        MODELS
            .iter()
            .find(|(name, _)| *name == s)
            .map(|(_, model)| Model(*model))
            .ok_or_else(|| format!("unknown shader model `{s}`; expected 5.0, 5.1, 6.0 ... 6.7"))
    }
}

impl TryFrom<String> for Model {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<Model> for String {
    fn from(model: Model) -> String {
        model.to_string()
    }
}

impl fmt::Display for Model {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = MODELS
            .iter()
            .find(|(_, m)| *m == self.0)
            .map(|(n, _)| *n)
            .unwrap_or("?");
        f.write_str(name)
    }
}

/// Register space of the push-constant (root constant) buffer.
pub const IMMEDIATES_SPACE: u8 = 31;

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Options {
    /// `None`: the lowest model the module needs, at least [`Model::default`].
    pub shader_model: Option<Model>,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}", super::common::error_chain(.0))]
    Naga(#[from] naga::back::hlsl::Error),
    #[error("shader model {chosen} cannot express {what}: that needs {needed} or later; pass --shader-model {needed}, or leave --shader-model out and prism picks the lowest model the shader needs")]
    ModelTooLow {
        chosen: Model,
        needed: Model,
        what: String,
        span: naga::Span,
    },
}

impl Error {
    /// Where in the shader the refusal is, best first.
    pub fn spans(&self) -> Vec<naga::Span> {
        match self {
            Error::ModelTooLow { span, .. } => vec![*span],
            Error::Naga(_) => Vec::new(),
        }
    }
}

/// Write `module`; also the note to show when prism chose a model above the default.
pub fn write(
    module: &naga::Module,
    info: &naga::valid::ModuleInfo,
    options: &Options,
    policies: &naga::proc::BoundsCheckPolicies,
) -> Result<(String, Option<String>), Error> {
    // `globallycoherent` is for UAVs: a read-only buffer (a `ByteAddressBuffer`) cannot
    // take it, and naga would write it there too.
    let stripped = super::common::without_memory_decorations(module, |g| match g.space {
        naga::AddressSpace::Storage { access } if !access.contains(naga::StorageAccess::STORE) => {
            naga::MemoryDecorations::COHERENT
        }
        _ => naga::MemoryDecorations::empty(),
    });
    let module = stripped.as_ref().unwrap_or(module);
    let need = super::lower::hlsl_sm::needs(module, info);
    let mut model = match (options.shader_model, &need) {
        (Some(chosen), Some(need)) if chosen.0 < need.model => {
            return Err(Error::ModelTooLow {
                chosen,
                needed: Model(need.model),
                what: need.what.to_string(),
                span: need.span,
            })
        }
        (Some(chosen), _) => chosen,
        (None, Some(need)) if need.model > Model::default().0 => Model(need.model),
        (None, _) => Model::default(),
    };
    let mut why = need.map(|n| n.what.to_string());
    // naga's writer asks for a higher model by itself for a few things (`SV_ViewID`, ...):
    // raise to it when the choice is prism's. Each round raises the model, so this ends.
    loop {
        match write_model(module, info, model, policies) {
            Ok(text) => {
                let note = (options.shader_model.is_none() && model != Model::default()).then(|| {
                    format!(
                        "shader model {model}, the lowest this shader needs: {}; --shader-model chooses another",
                        why.as_deref().unwrap_or("?")
                    )
                });
                return Ok((text, note));
            }
            Err(naga::back::hlsl::Error::ShaderModelTooLow(reason, needed)) if needed > model.0 => {
                let reason = reason.replace(
                    "used @builtin(view_index) or SV_ViewID",
                    "the view index (gl_ViewIndex, SV_ViewID)",
                );
                if let Some(chosen) = options.shader_model {
                    let span = if reason.contains("SV_ViewID") {
                        super::lower::hlsl_sm::builtin_span(module, naga::BuiltIn::ViewIndex)
                    } else {
                        naga::Span::default()
                    };
                    return Err(Error::ModelTooLow {
                        chosen,
                        needed: Model(needed),
                        what: reason,
                        span,
                    });
                }
                model = Model(needed);
                why = Some(reason);
            }
            Err(err) => return Err(err.into()),
        }
    }
}

fn write_model(
    module: &naga::Module,
    info: &naga::valid::ModuleInfo,
    model: Model,
    policies: &naga::proc::BoundsCheckPolicies,
) -> Result<String, naga::back::hlsl::Error> {
    let naga_options = naga::back::hlsl::Options {
        shader_model: model.0,
        fake_missing_bindings: true,
        restrict_indexing: policies.index != naga::proc::BoundsCheckPolicy::Unchecked,
        // Push constants (`var<immediate>`) become a root-constant buffer in a space of
        // their own, out of the way of the user's descriptor sets.
        immediates_target: Some(naga::back::hlsl::BindTarget {
            space: IMMEDIATES_SPACE,
            register: 0,
            binding_array_size: None,
            dynamic_storage_buffer_offsets_index: None,
            restrict_indexing: false,
        }),
        ..Default::default()
    };
    let pipeline = naga::back::hlsl::PipelineOptions::default();
    let mut text = String::new();
    let mut writer = naga::back::hlsl::Writer::new(&mut text, &naga_options, &pipeline);
    writer.write(module, info, None)?;
    Ok(text)
}
