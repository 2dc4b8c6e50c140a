//! What to ask: the GPUs ([`GpuSpec`]: a RADV family or a real device) and how
//! ([`IsaOptions`]: the worker executable, disassembly, the timeout).

use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::families::{architecture, described_names};

/// Options of an ISA run.
#[derive(Clone, Debug)]
pub struct IsaOptions {
    /// The prism executable that runs `__isa-worker` (the CLI passes its own path).
    pub worker: PathBuf,
    /// Also fetch the internal representations (assembly, ACO IR, NIR).
    pub disasm: bool,
    /// How long one worker may take to answer before it is killed.
    pub timeout: Duration,
}

impl IsaOptions {
    pub fn new(worker: impl Into<PathBuf>) -> IsaOptions {
        IsaOptions {
            worker: worker.into(),
            disasm: false,
            timeout: Duration::from_secs(60),
        }
    }
}

/// A GPU to ask.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum GpuSpec {
    /// A RADV null device: `vega10`, `navi21`, `gfx1100`, ...
    Family(String),
    /// A real Vulkan device: `device:N` (index in `--list-gpus`) or part of its name.
    Device(String),
}

impl FromStr for GpuSpec {
    type Err = String;

    /// `device:N` is a device; a known family, or a name shaped like an AMD family name
    /// (`navi31`, `gfx1150`: letters then digits), is a family; `family:x` forces one;
    /// anything else is part of a device name (`nvidia`, `rtx`).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        if text.is_empty() {
            return Err("empty GPU name".into());
        }
        if text.starts_with("device:") {
            return Ok(GpuSpec::Device(text.into()));
        }
        if let Some(family) = text.strip_prefix("family:").map(str::trim) {
            if family.is_empty() {
                return Err("`family:` needs a family name (`family:navi31`)".into());
            }
            return Ok(GpuSpec::Family(family.to_lowercase()));
        }
        let lower = text.to_lowercase();
        let letters = lower.trim_end_matches(|c: char| c.is_ascii_digit());
        let amd_shaped = ["gfx", "navi", "vega", "polaris"].contains(&letters);
        if architecture(&lower).is_some() || amd_shaped {
            Ok(GpuSpec::Family(lower))
        } else {
            Ok(GpuSpec::Device(text.into()))
        }
    }
}

impl std::fmt::Display for GpuSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GpuSpec::Family(name) | GpuSpec::Device(name) => f.write_str(name),
        }
    }
}

impl GpuSpec {
    /// Parse a GPU named where a typo must stop the run (`prism lint --gpu`, prism.toml's
    /// `gpus`): a family prism knows, `family:NAME` for one it has not checked, or
    /// `device:N`. Unlike [`FromStr`], a bare word is never taken as part of a device name,
    /// so `vega01` is an error, not a search for a device called that.
    pub fn parse_strict(text: &str) -> Result<GpuSpec, String> {
        let text = text.trim();
        let spec: GpuSpec = text.parse()?;
        let known = match &spec {
            GpuSpec::Family(name) => text.starts_with("family:") || architecture(name).is_some(),
            GpuSpec::Device(_) => text
                .strip_prefix("device:")
                .is_some_and(|index| index.parse::<usize>().is_ok()),
        };
        if known {
            Ok(spec)
        } else {
            Err(format!(
                "unknown GPU `{text}`: name a RADV family ({}), `family:NAME` for one prism has not checked, or a Vulkan device as `device:N` (see `prism isa --list-gpus`)",
                described_names()
            ))
        }
    }
}
