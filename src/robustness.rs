//! Robustness presets: which bounds checks naga inserts.
//!
//! The code these checks insert is what a prism user is usually here to see, so the presets
//! are named for the environments that impose them:
//!
//! | preset | index | buffer | image load | modelled on |
//! |---|---|---|---|---|
//! | `none` | Unchecked | Unchecked | Unchecked | naga's default; a native Vulkan/D3D app |
//! | `webgl` | Restrict | Restrict | ReadZeroSkipWrite | a WebGL implementation (ANGLE clamps every dynamic array index, uniform arrays and uniform blocks alike), zero for out-of-range `texelFetch` |
//! | `webgpu` | Restrict | Restrict | Restrict | wgpu on a Vulkan device without `robustBufferAccess` / image robustness |
//!
//! `Restrict` is `UMin(i, N - 1)` in SPIR-V, so a negative signed index lands on the *last*
//! element (ANGLE's clamp sends it to 0). Each kind can be overridden on its own.

use std::fmt;
use std::str::FromStr;

use naga::proc::{BoundsCheckPolicies, BoundsCheckPolicy};
use serde::{Deserialize, Serialize};

use crate::front::glsl::dialect::Dialect;

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Preset {
    #[default]
    None,
    Webgl,
    Webgpu,
}

impl FromStr for Preset {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "none" => Ok(Preset::None),
            "webgl" => Ok(Preset::Webgl),
            "webgpu" => Ok(Preset::Webgpu),
            _ => Err(format!(
                "unknown robustness preset `{s}`; expected none, webgl or webgpu"
            )),
        }
    }
}

impl fmt::Display for Preset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Preset::None => "none",
            Preset::Webgl => "webgl",
            Preset::Webgpu => "webgpu",
        })
    }
}

impl Preset {
    /// The preset a shader gets when no `prism.toml` names one: what the environment its
    /// language implies imposes. GLSL ES (WebGL 1 and 2) runs under a WebGL implementation
    /// (`webgl`), WGSL under WebGPU (`webgpu`); desktop and Vulkan GLSL and SPIR-V under a
    /// native API (`none`). `dialect` is the GLSL dialect, `None` for other languages.
    pub fn default_for(kind: crate::shader::InputKind, dialect: Option<Dialect>) -> Preset {
        use crate::shader::InputKind;
        match (kind, dialect) {
            (InputKind::Glsl, Some(Dialect::Es100 | Dialect::Es3(_))) => Preset::Webgl,
            (InputKind::Wgsl, _) => Preset::Webgpu,
            _ => Preset::None,
        }
    }
}

/// A naga bounds-check policy by its prism name. [`Policy::name`] is the one table of names:
/// the command line, the reports and (through serde's kebab-case, held equal by a test) the
/// JSON all spell a policy this way.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Policy {
    Unchecked,
    Restrict,
    ReadZeroSkipWrite,
}

impl Policy {
    pub const ALL: [Policy; 3] = [
        Policy::Unchecked,
        Policy::Restrict,
        Policy::ReadZeroSkipWrite,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Policy::Unchecked => "unchecked",
            Policy::Restrict => "restrict",
            Policy::ReadZeroSkipWrite => "read-zero-skip-write",
        }
    }
}

impl fmt::Display for Policy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Policy {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Policy::ALL
            .into_iter()
            .find(|p| p.name() == s)
            .ok_or_else(|| {
                format!(
                    "unknown bounds-check policy `{s}`; expected unchecked, restrict or read-zero-skip-write"
                )
            })
    }
}

impl From<Policy> for BoundsCheckPolicy {
    fn from(policy: Policy) -> Self {
        match policy {
            Policy::Unchecked => BoundsCheckPolicy::Unchecked,
            Policy::Restrict => BoundsCheckPolicy::Restrict,
            Policy::ReadZeroSkipWrite => BoundsCheckPolicy::ReadZeroSkipWrite,
        }
    }
}

impl From<BoundsCheckPolicy> for Policy {
    fn from(policy: BoundsCheckPolicy) -> Self {
        match policy {
            BoundsCheckPolicy::Unchecked => Policy::Unchecked,
            BoundsCheckPolicy::Restrict => Policy::Restrict,
            BoundsCheckPolicy::ReadZeroSkipWrite => Policy::ReadZeroSkipWrite,
        }
    }
}

/// A preset plus per-kind overrides.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(default)]
pub struct Robustness {
    pub preset: Preset,
    pub index: Option<Policy>,
    pub buffer: Option<Policy>,
    pub image_load: Option<Policy>,
}

impl Robustness {
    pub fn preset(preset: Preset) -> Self {
        Robustness {
            preset,
            ..Default::default()
        }
    }

    pub fn policies(&self) -> BoundsCheckPolicies {
        use BoundsCheckPolicy::*;
        let (index, buffer, image_load) = match self.preset {
            Preset::None => (Unchecked, Unchecked, Unchecked),
            // Loose WebGL uniforms become members of prism's uniform block, which naga checks
            // with the buffer policy: it must clamp too, as ANGLE does for uniform arrays.
            Preset::Webgl => (Restrict, Restrict, ReadZeroSkipWrite),
            Preset::Webgpu => (Restrict, Restrict, Restrict),
        };
        BoundsCheckPolicies {
            index: self.index.map(Into::into).unwrap_or(index),
            buffer: self.buffer.map(Into::into).unwrap_or(buffer),
            image_load: self.image_load.map(Into::into).unwrap_or(image_load),
            binding_array: Unchecked,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_preset_follows_the_language() {
        use crate::shader::InputKind;
        assert_eq!(
            Preset::default_for(InputKind::Glsl, Some(Dialect::Es100)),
            Preset::Webgl
        );
        assert_eq!(
            Preset::default_for(InputKind::Glsl, Some(Dialect::Es3(300))),
            Preset::Webgl
        );
        assert_eq!(
            Preset::default_for(InputKind::Glsl, Some(Dialect::Modern(450))),
            Preset::None
        );
        assert_eq!(Preset::default_for(InputKind::Wgsl, None), Preset::Webgpu);
        assert_eq!(Preset::default_for(InputKind::Spirv, None), Preset::None);
    }

    #[test]
    fn a_policy_has_one_name_everywhere() {
        for policy in Policy::ALL {
            assert_eq!(policy.name().parse::<Policy>(), Ok(policy));
            assert_eq!(
                serde_json::to_value(policy).unwrap(),
                serde_json::Value::from(policy.name())
            );
            assert_eq!(Policy::from(BoundsCheckPolicy::from(policy)), policy);
        }
    }
}
