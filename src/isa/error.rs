//! Why a GPU gave no report: [`IsaError`], with what to do about it.
//!
//! A leaf: every other file of `isa/` returns it, and it crosses the process boundary as JSON
//! (the worker's answers), hence `Serialize`/`Deserialize`.

use serde::{Deserialize, Serialize};

const INSTALL_HINT: &str =
    "install Mesa's Vulkan drivers and the loader: apt-get install mesa-vulkan-drivers libvulkan1";

/// Why a GPU gave no report.
#[derive(thiserror::Error, Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "detail", rename_all = "kebab-case")]
pub enum IsaError {
    #[error("cannot load Vulkan ({0}); {INSTALL_HINT}")]
    NoVulkan(String),
    #[error("Mesa's RADV driver is not available ({reason}); {INSTALL_HINT}")]
    NoRadv { reason: String },
    #[error("unknown GPU family `{family}`; known: {known}")]
    UnknownFamily { family: String, known: String },
    #[error("no Vulkan device matches `{spec}` (devices: {}); for AMD ISA without an AMD GPU, name a RADV family (see --list-gpus)", if devices.is_empty() { "none".to_string() } else { devices.join(", ") })]
    NoDevice { spec: String, devices: Vec<String> },
    #[error(
        "{device} cannot report pipeline statistics (no VK_KHR_pipeline_executable_properties)"
    )]
    NoStatistics { device: String },
    #[error("the shader is not supported by `prism isa`: {0}")]
    Unsupported(String),
    #[error("the driver lacks {feature}, which the shader needs ({needed_by})")]
    MissingFeature {
        /// The Vulkan feature (spec name) or subgroup support missing.
        feature: String,
        /// What in the SPIR-V needs it: "OpCapability Int64", "OpAtomicFAddEXT on ...".
        needed_by: String,
    },
    #[error("SPIR-V: {0}")]
    Spirv(String),
    #[error("{call} failed: {result}")]
    Vulkan { call: String, result: String },
    #[error("the ISA worker for {gpu} {how}{}", if stderr.is_empty() { String::new() } else { format!("; its last words:\n{stderr}") })]
    WorkerCrashed {
        gpu: String,
        /// What happened and when: "was killed by signal 11 (SIGSEGV) while compiling ...".
        how: String,
        /// The end of the worker's stderr (Mesa's messages).
        stderr: String,
    },
    #[error(
        "the ISA worker for {gpu} took longer than {seconds} s and was killed (raise --timeout)"
    )]
    Timeout { gpu: String, seconds: f64 },
    #[error("cannot start the ISA worker `{worker}`: {reason}")]
    Spawn { worker: String, reason: String },
    #[error("ISA worker protocol: {0}")]
    Protocol(String),
    #[error("internal error in prism isa: {0}")]
    Internal(String),
    #[error(
        "this prism was built without the `isa` feature (no Vulkan); rebuild with the default features or `--features isa`"
    )]
    NotBuilt,
}
