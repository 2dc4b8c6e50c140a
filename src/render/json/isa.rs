//! `prism-isa/1`: `prism isa --format json` (one shader on some GPUs) and
//! `prism isa --list-gpus --format json` (what this driver can measure). Every figure comes
//! with the driver that made it: `gpus[].report.driver`, `gpus[].driver` in the listing.
//!
//! Fields are in alphabetical order: the documents were first written through
//! `serde_json::Value`, whose keys sort, and their bytes are kept.

use schemars::JsonSchema;
use serde::Serialize;

use super::JsonDiagnostic;
use crate::isa::{GpuAvailability, IsaError, IsaReport};
use crate::robustness::{Policy, Preset, Robustness};

pub const ISA_SCHEMA: &str = "prism-isa/1";

/// `prism isa FILE --format json`.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct IsaDocument<'a> {
    /// Why the shader did not compile (then `gpus` is empty).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diagnostics: Option<Vec<JsonDiagnostic>>,
    /// One entry per GPU asked for, in the order asked.
    pub gpus: Vec<IsaGpu<'a>>,
    pub input: String,
    pub robustness: RobustnessEntry,
    /// Always `prism-isa/1`.
    #[schemars(extend("const" = ISA_SCHEMA))]
    pub schema: &'a str,
}

/// The robustness preset and its overrides (`null`: the preset's).
#[derive(Clone, Copy, Debug, Serialize, JsonSchema)]
pub struct RobustnessEntry {
    pub buffer: Option<Policy>,
    pub image_load: Option<Policy>,
    pub index: Option<Policy>,
    pub preset: Preset,
}

impl From<Robustness> for RobustnessEntry {
    fn from(r: Robustness) -> Self {
        RobustnessEntry {
            buffer: r.buffer,
            image_load: r.image_load,
            index: r.index,
            preset: r.preset,
        }
    }
}

/// One GPU's answer: a report, or why there is none.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct IsaGpu<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<IsaErrorEntry>,
    pub gpu: String,
    pub ok: bool,
    /// The driver's statistics; `report.driver` names the driver and its version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report: Option<&'a IsaReport>,
}

/// An [`IsaError`]: its kind, its details (per kind) and the message prism prints.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct IsaErrorEntry {
    /// The kind's fields, as in prism's `IsaError` (absent for some kinds).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<serde_json::Value>,
    /// `unknown-family`, `no-radv`, `worker-crashed`, ...
    pub kind: String,
    pub message: String,
}

impl IsaErrorEntry {
    pub fn of(error: &IsaError) -> Self {
        let value = serde_json::to_value(error).unwrap_or_default();
        IsaErrorEntry {
            detail: value.get("detail").cloned(),
            kind: value
                .get("kind")
                .and_then(|k| k.as_str())
                .unwrap_or("internal")
                .to_string(),
            message: error.to_string(),
        }
    }
}

impl<'a> IsaDocument<'a> {
    /// The reports (or errors) of `gpus`, in order.
    pub fn new(
        input: String,
        robustness: Robustness,
        gpus: impl IntoIterator<Item = (String, &'a Result<IsaReport, IsaError>)>,
    ) -> Self {
        IsaDocument {
            diagnostics: None,
            gpus: gpus
                .into_iter()
                .map(|(gpu, result)| match result {
                    Ok(report) => IsaGpu {
                        error: None,
                        gpu,
                        ok: true,
                        report: Some(report),
                    },
                    Err(error) => IsaGpu {
                        error: Some(IsaErrorEntry::of(error)),
                        gpu,
                        ok: false,
                        report: None,
                    },
                })
                .collect(),
            input,
            robustness: robustness.into(),
            schema: ISA_SCHEMA,
        }
    }
}

/// `prism isa --list-gpus --format json`.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct IsaGpusDocument<'a> {
    /// Every family and device, with the driver that would measure it.
    pub gpus: &'a [GpuAvailability],
    /// Always `prism-isa/1`.
    #[schemars(extend("const" = ISA_SCHEMA))]
    pub schema: &'a str,
}

impl<'a> IsaGpusDocument<'a> {
    pub fn new(gpus: &'a [GpuAvailability]) -> Self {
        IsaGpusDocument {
            gpus,
            schema: ISA_SCHEMA,
        }
    }
}
