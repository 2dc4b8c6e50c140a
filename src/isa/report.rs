//! What a driver said about one pipeline: its executables, their statistics and (on request)
//! their internal representations, plus which executable is "the shader" and what variant of
//! it the driver built.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

// Fields are in alphabetical order: `prism isa --format json` was first written through
// `serde_json::Value`, whose keys sort, and its bytes are kept.

/// One GPU's answer for one shader.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, JsonSchema)]
pub struct IsaReport {
    /// `VkPhysicalDeviceProperties::deviceName`, e.g. `AMD RADV VEGA10 (null hardware)`.
    pub device_name: String,
    /// The driver that made these figures, name and version
    /// (`VkPhysicalDeviceDriverProperties`: `radv Mesa 25.0.7`).
    pub driver: String,
    /// Every executable of the pipeline, in the driver's order (a graphics pipeline holds the
    /// generated companion stage too).
    pub executables: Vec<Executable>,
    /// The GPU as asked for: a RADV family (`vega10`) or a device spec (`device:0`).
    pub gpu: String,
    /// Index into `executables` of the shader's own executable.
    pub main: Option<usize>,
    /// The family name the driver measured, when it is not the one asked for: this driver
    /// calls the chip by its other Mesa name (`gfx1100` asked, `navi31` measured by Mesa 25).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measured_as: Option<String>,
    /// The stage of the shader measured: `vertex`, `fragment` or `compute`.
    pub stage: String,
    /// What the driver turned the stage into when that is not the plain stage, and what that
    /// does to the counts (RDNA vertex shaders are NGG primitive shaders with culling code).
    pub variant: Option<String>,
}

/// One executable (compiled program) of a pipeline.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, JsonSchema)]
pub struct Executable {
    pub description: String,
    pub name: String,
    /// Internal representations (NIR, ACO IR, assembly): empty unless asked for.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub representations: Vec<Representation>,
    /// The API stages it runs: a merged or NGG executable runs several.
    pub stages: Vec<String>,
    /// The driver's statistics, in the driver's order.
    pub statistics: Vec<Statistic>,
    pub subgroup_size: u32,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, JsonSchema)]
pub struct Statistic {
    pub description: String,
    pub name: String,
    pub value: StatValue,
}

/// A statistic's value, in the format the driver gave it.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, JsonSchema)]
#[serde(untagged)]
pub enum StatValue {
    Bool(bool),
    Unsigned(u64),
    Signed(i64),
    Float(f64),
}

impl StatValue {
    /// The value as a number (`true` is 1).
    pub fn as_f64(self) -> f64 {
        match self {
            StatValue::Bool(b) => f64::from(u8::from(b)),
            StatValue::Unsigned(v) => v as f64,
            StatValue::Signed(v) => v as f64,
            StatValue::Float(v) => v,
        }
    }
}

impl std::fmt::Display for StatValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StatValue::Bool(b) => write!(f, "{b}"),
            StatValue::Unsigned(v) => write!(f, "{v}"),
            StatValue::Signed(v) => write!(f, "{v}"),
            StatValue::Float(v) => write!(f, "{v}"),
        }
    }
}

/// A driver-internal form of an executable: `Assembly`, `ACO IR`, `NIR Shader(s)`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, JsonSchema)]
pub struct Representation {
    pub description: String,
    pub name: String,
    /// The text; binary representations are described, not dumped.
    pub text: String,
}

impl IsaReport {
    /// The shader's own executable (not a generated companion stage).
    pub fn main_executable(&self) -> Option<&Executable> {
        self.main.and_then(|i| self.executables.get(i))
    }

    /// A statistic of the main executable by its driver name (`Instructions`, `VGPRs`,
    /// `SGPRs`, `Spilled VGPRs`, `Code size`, ...), matched without regard to case.
    pub fn metric(&self, name: &str) -> Option<f64> {
        self.main_executable()?.statistic(name)
    }
}

impl Executable {
    pub fn statistic(&self, name: &str) -> Option<f64> {
        self.statistics
            .iter()
            .find(|s| s.name.eq_ignore_ascii_case(name))
            .map(|s| s.value.as_f64())
    }
}
