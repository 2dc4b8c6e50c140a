//! WGSL through naga's WGSL writer. It inserts no bounds checks: a WGSL consumer (wgpu,
//! Dawn) applies its own, so the robustness preset does not change this output.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Options {
    /// Write explicit types on every `let` (`WriterFlags::EXPLICIT_TYPES`).
    pub explicit_types: bool,
}

#[derive(Debug, thiserror::Error)]
#[error("{}", super::common::error_chain(.0))]
pub struct Error(#[from] naga::back::wgsl::Error);

pub fn write(
    module: &naga::Module,
    info: &naga::valid::ModuleInfo,
    options: &Options,
) -> Result<String, Error> {
    let mut flags = naga::back::wgsl::WriterFlags::empty();
    if options.explicit_types {
        flags |= naga::back::wgsl::WriterFlags::EXPLICIT_TYPES;
    }
    Ok(naga::back::wgsl::write_string(module, info, flags)?)
}
