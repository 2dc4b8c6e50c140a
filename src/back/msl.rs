//! Metal Shading Language through naga's MSL writer. All three bounds-check policies are
//! honoured. Resources get the binding naga invents when no per-entry-point map is given
//! (`fake_missing_bindings`), which is fine for reading the code, not for a real Metal host.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default)]
pub struct Options {
    /// MSL language version as (major, minor), 1.0 to 3.x.
    pub version: (u8, u8),
}

impl Default for Options {
    fn default() -> Self {
        Options { version: (2, 4) }
    }
}

/// Parse `2.1`-style version text.
pub fn parse_version(text: &str) -> Result<(u8, u8), String> {
    let (major, minor) = text.split_once('.').unwrap_or((text, "0"));
    match (major.parse::<u8>(), minor.parse::<u8>()) {
        (Ok(major @ 1..=3), Ok(minor)) if minor < 10 => Ok((major, minor)),
        _ => Err(format!(
            "unknown MSL version `{text}`; expected e.g. 2.1 or 3.0"
        )),
    }
}

#[derive(Debug, thiserror::Error)]
#[error("{}", super::common::error_chain(.0))]
pub struct Error(#[from] naga::back::msl::Error);

pub fn write(
    module: &naga::Module,
    info: &naga::valid::ModuleInfo,
    options: &Options,
    policies: &naga::proc::BoundsCheckPolicies,
) -> Result<String, Error> {
    let naga_options = naga::back::msl::Options {
        lang_version: options.version,
        bounds_check_policies: *policies,
        fake_missing_bindings: true,
        ..Default::default()
    };
    let pipeline = naga::back::msl::PipelineOptions::default();
    let (text, _) = naga::back::msl::write_string(module, info, &naga_options, &pipeline)?;
    Ok(text)
}
