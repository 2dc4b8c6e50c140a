//! What prism knows about RADV family names, for people: the architecture each one is, the
//! names Mesa renamed between versions, and the null devices that crash on graphics
//! pipelines.
//!
//! Which families exist is *not* decided here: the driver knows (`discover.rs` reads and
//! probes it). This table only describes names, so that `--list-gpus` can say "RDNA3" and a
//! baseline recorded with `gfx1100` can still be measured on a driver that calls that chip
//! `navi31`.
//!
//! A leaf: plain data, read by the options (to tell a family from a device name and catch
//! typos), the spawner (to retry a renamed family, to explain a crash) and the listing.

/// Every RADV family name prism has seen in a Mesa release (22.3 and 25.0 checked on this
/// project's machines), with its architecture. Mesa 22.3 calls RDNA3 `gfx1100`-`gfx1103_r2`;
/// Mesa 25 calls the same chips `navi31`-`navi33`, `phoenix`, `phoenix2`, and adds RDNA3.5
/// (`gfx1150`-`gfx1153`) and RDNA4 (`gfx1200`, `gfx1201`).
const DESCRIBED: &[(&str, &str)] = &[
    ("tahiti", "GCN1 (Southern Islands)"),
    ("pitcairn", "GCN1 (Southern Islands)"),
    ("verde", "GCN1 (Southern Islands)"),
    ("oland", "GCN1 (Southern Islands)"),
    ("hainan", "GCN1 (Southern Islands)"),
    ("bonaire", "GCN2 (Sea Islands)"),
    ("kabini", "GCN2 (Sea Islands)"),
    ("kaveri", "GCN2 (Sea Islands)"),
    ("hawaii", "GCN2 (Sea Islands)"),
    ("iceland", "GCN3 (Volcanic Islands)"),
    ("tonga", "GCN3 (Volcanic Islands)"),
    ("carrizo", "GCN3 (Volcanic Islands)"),
    ("fiji", "GCN3 (Volcanic Islands)"),
    ("stoney", "GCN3 (Volcanic Islands)"),
    ("polaris10", "GCN4 (Polaris)"),
    ("polaris11", "GCN4 (Polaris)"),
    ("polaris12", "GCN4 (Polaris)"),
    ("vegam", "GCN4 (Polaris)"),
    ("vega10", "GCN5 (Vega)"),
    ("vega12", "GCN5 (Vega)"),
    ("vega20", "GCN5 (Vega)"),
    ("raven", "GCN5 (Vega)"),
    ("raven2", "GCN5 (Vega)"),
    ("renoir", "GCN5 (Vega)"),
    ("arcturus", "CDNA1 (compute only)"),
    ("mi100", "CDNA1 (compute only)"),
    ("aldebaran", "CDNA2 (compute only)"),
    ("mi200", "CDNA2 (compute only)"),
    ("gfx940", "CDNA3 (compute only)"),
    ("navi10", "RDNA1"),
    ("navi12", "RDNA1"),
    ("navi14", "RDNA1"),
    ("navi21", "RDNA2"),
    ("navi22", "RDNA2"),
    ("navi23", "RDNA2"),
    ("navi24", "RDNA2"),
    ("vangogh", "RDNA2"),
    ("rembrandt", "RDNA2"),
    ("gfx1036", "RDNA2"),
    ("raphael_mendocino", "RDNA2"),
    ("gfx1100", "RDNA3"),
    ("gfx1101", "RDNA3"),
    ("gfx1102", "RDNA3"),
    ("gfx1103_r1", "RDNA3"),
    ("gfx1103_r2", "RDNA3"),
    ("navi31", "RDNA3"),
    ("navi32", "RDNA3"),
    ("navi33", "RDNA3"),
    ("phoenix", "RDNA3"),
    ("phoenix2", "RDNA3"),
    ("gfx1150", "RDNA3.5"),
    ("gfx1151", "RDNA3.5"),
    ("gfx1152", "RDNA3.5"),
    ("gfx1153", "RDNA3.5"),
    ("gfx1200", "RDNA4"),
    ("gfx1201", "RDNA4"),
];

/// Names Mesa gave one chip in different releases: each pair is the same GPU. A family the
/// driver does not know is measured under its other name, and the report says so.
const RENAMED: &[(&str, &str)] = &[
    ("gfx1100", "navi31"),
    ("gfx1101", "navi32"),
    ("gfx1102", "navi33"),
    ("gfx1103_r1", "phoenix"),
    ("gfx1103_r2", "phoenix2"),
    ("gfx1036", "raphael_mendocino"),
    ("arcturus", "mi100"),
    ("aldebaran", "mi200"),
];

/// Families whose null device in Mesa 22.3 crashes (SIGFPE) on every graphics pipeline;
/// their compute pipelines work.
pub(crate) const GRAPHICS_CRASHES: &[&str] = &["navi24", "rembrandt", "gfx1036"];

/// Every RADV family name prism can describe, with its architecture (`"GCN5 (Vega)"`): the
/// names of every Mesa release checked, so not all of them exist in one driver
/// (`prism isa --list-gpus` asks the driver).
pub fn known_families() -> &'static [(&'static str, &'static str)] {
    DESCRIBED
}

pub(crate) fn architecture(family: &str) -> Option<&'static str> {
    DESCRIBED
        .iter()
        .find(|(name, _)| *name == family)
        .map(|(_, arch)| *arch)
}

/// The chip's name in the other Mesa releases prism knows (`gfx1100` ↔ `navi31`).
pub(crate) fn other_name(family: &str) -> Option<&'static str> {
    RENAMED.iter().find_map(|&(old, new)| {
        if old == family {
            Some(new)
        } else if new == family {
            Some(old)
        } else {
            None
        }
    })
}

/// The families prism measures when none are named (lint fixes, `check` examples): GCN5
/// (`vega10`, a plain vertex shader), RDNA3 and RDNA4, each under the name this driver knows,
/// leaving out an architecture the driver does not have.
pub fn default_families(driver_knows: &dyn Fn(&str) -> bool) -> Vec<String> {
    [
        &["vega10"][..],
        &["navi31", "gfx1100"],
        &["gfx1201", "gfx1200"],
    ]
    .iter()
    .filter_map(|names| names.iter().find(|name| driver_knows(name)))
    .map(|name| name.to_string())
    .collect()
}

pub(crate) fn described_names() -> String {
    DESCRIBED
        .iter()
        .map(|(name, _)| *name)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renamed_families_are_described_alike() {
        for (old, new) in RENAMED {
            assert_eq!(architecture(old), architecture(new), "{old} / {new}");
            assert_eq!(other_name(old), Some(*new));
            assert_eq!(other_name(new), Some(*old));
        }
    }

    #[test]
    fn defaults_follow_the_driver() {
        let mesa22 = ["vega10", "gfx1100", "navi21"];
        let mesa25 = ["vega10", "navi31", "gfx1201", "gfx1200"];
        assert_eq!(
            default_families(&|n| mesa22.contains(&n)),
            ["vega10", "gfx1100"]
        );
        assert_eq!(
            default_families(&|n| mesa25.contains(&n)),
            ["vega10", "navi31", "gfx1201"]
        );
    }
}
