//! The toolchain that measured a baseline: prism, naga, SPIRV-Tools and, per GPU, the driver.
//!
//! A count is only comparable with a count the same compilers made: Mesa 25 compiles the same
//! shader for the same `vega10` to 122 instructions where Mesa 22.3 made 113, and nobody touched
//! the shader. So every metric has a toolchain ([`Toolchain::of_metric`]): the components whose
//! output it counts. When one of those differs between the baseline and this run, the metric is
//! "not comparable" rather than a regression or an improvement.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// prism's version, as recorded.
pub const PRISM_VERSION: &str = env!("CARGO_PKG_VERSION");
/// naga's version (from `Cargo.lock`, at build time).
pub const NAGA_VERSION: &str = env!("PRISM_NAGA_VERSION");
/// The SPIRV-Tools build: the `spirv-tools-sys` crate that bundles it (0.13.3 bundles
/// SPIRV-Tools v2025.3).
pub const SPIRV_TOOLS_VERSION: &str =
    concat!("spirv-tools-sys ", env!("PRISM_SPIRV_TOOLS_VERSION"));

/// What made a baseline's counts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Toolchain {
    /// prism's version: its code generation and counting.
    pub prism: String,
    /// naga's version: every count starts from its IR and its SPIR-V.
    pub naga: String,
    /// SPIRV-Tools (the `spirv-opt` counts).
    pub spirv_tools: String,
    /// Per GPU as asked for (`vega10`): the driver that compiled its ISA, name and version
    /// (`radv Mesa 25.0.7`). A GPU whose every shader failed has no entry.
    #[serde(default)]
    pub drivers: BTreeMap<String, String>,
}

/// One part of a toolchain that a metric depends on, and its value.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Component {
    pub name: String,
    pub value: String,
}

impl std::fmt::Display for Component {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.value.starts_with(&self.name) || self.name.starts_with("driver") {
            write!(f, "{}", self.value)
        } else {
            write!(f, "{} {}", self.name, self.value)
        }
    }
}

impl Toolchain {
    /// This build of prism, without drivers (the run adds them as GPUs answer).
    pub fn this_build() -> Self {
        Toolchain {
            prism: PRISM_VERSION.to_string(),
            naga: NAGA_VERSION.to_string(),
            spirv_tools: SPIRV_TOOLS_VERSION.to_string(),
            drivers: BTreeMap::new(),
        }
    }

    /// The components a metric's value depends on: prism and naga always, SPIRV-Tools for
    /// `spirv-opt`, the GPU's driver for `isa.GPU.*`.
    pub fn of_metric(&self, metric: &str) -> Vec<Component> {
        let component = |name: &str, value: &str| Component {
            name: name.to_string(),
            value: value.to_string(),
        };
        let mut out = vec![
            component("prism", &self.prism),
            component("naga", &self.naga),
        ];
        if metric == "spirv-opt" {
            out.push(component("SPIRV-Tools", &self.spirv_tools));
        }
        if let Some(gpu) = metric
            .strip_prefix("isa.")
            .and_then(|rest| rest.rsplit_once('.'))
            .map(|(gpu, _)| gpu)
        {
            let driver = self.drivers.get(gpu).map_or("an unknown driver", |d| d);
            out.push(component(&format!("driver for {gpu}"), driver));
        }
        out
    }

    /// `recorded with X, measured with Y` for a metric whose components differ, or `None`
    /// when `self` (the baseline's) and `now` agree on every component of `metric`.
    pub fn mismatch(&self, now: &Toolchain, metric: &str) -> Option<(String, String)> {
        let (old, new) = (self.of_metric(metric), now.of_metric(metric));
        let differing: Vec<(&Component, &Component)> =
            old.iter().zip(&new).filter(|(a, b)| a != b).collect();
        if differing.is_empty() {
            return None;
        }
        let join = |parts: Vec<String>| parts.join(", ");
        Some((
            join(differing.iter().map(|(a, _)| a.to_string()).collect()),
            join(differing.iter().map(|(_, b)| b.to_string()).collect()),
        ))
    }

    /// What differs from `other`, readably, for refusing to merge shards measured apart.
    pub fn differences(&self, other: &Toolchain) -> Vec<String> {
        let mut out = Vec::new();
        let mut field = |name: &str, a: &str, b: &str| {
            if a != b {
                out.push(format!("{name}: {a} vs {b}"));
            }
        };
        field("prism", &self.prism, &other.prism);
        field("naga", &self.naga, &other.naga);
        field("SPIRV-Tools", &self.spirv_tools, &other.spirv_tools);
        for (gpu, driver) in &self.drivers {
            if let Some(theirs) = other.drivers.get(gpu) {
                field(&format!("driver for {gpu}"), driver, theirs);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toolchain(driver: &str) -> Toolchain {
        let mut t = Toolchain::this_build();
        t.drivers.insert("vega10".into(), driver.into());
        t
    }

    #[test]
    fn only_the_metrics_of_the_changed_driver_differ() {
        let old = toolchain("radv Mesa 22.3.6");
        let new = toolchain("radv Mesa 25.0.7");
        assert_eq!(old.mismatch(&new, "spirv"), None);
        assert_eq!(old.mismatch(&new, "isa.navi21.instructions"), None);
        assert_eq!(
            old.mismatch(&new, "isa.vega10.instructions"),
            Some(("radv Mesa 22.3.6".into(), "radv Mesa 25.0.7".into()))
        );
    }

    #[test]
    fn a_naga_upgrade_touches_every_metric() {
        let old = toolchain("radv Mesa 25.0.7");
        let mut new = old.clone();
        new.naga = "31.0.0".into();
        let (recorded, measured) = old.mismatch(&new, "spirv-opt").unwrap();
        assert_eq!(recorded, format!("naga {NAGA_VERSION}"));
        assert_eq!(measured, "naga 31.0.0");
        assert!(old.mismatch(&new, "isa.vega10.vgprs").is_some());
    }
}
