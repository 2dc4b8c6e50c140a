//! HLSL through naga's HLSL writer, shader model 5.0 to 6.7.
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
    pub shader_model: Model,
}

#[derive(Debug, thiserror::Error)]
#[error("{}", super::common::error_chain(.0))]
pub struct Error(#[from] naga::back::hlsl::Error);

pub fn write(
    module: &naga::Module,
    info: &naga::valid::ModuleInfo,
    options: &Options,
    policies: &naga::proc::BoundsCheckPolicies,
) -> Result<String, Error> {
    let naga_options = naga::back::hlsl::Options {
        shader_model: options.shader_model.0,
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
