//! The RADV families prism has checked, with their architectures (the table in the module
//! docs of [`crate::isa`]), and the ones whose null device crashes on graphics pipelines.
//!
//! A leaf: plain data, read by the options (to tell a family from a device name), the spawner
//! (to explain a crash) and the listing.

/// The RADV families, with their architecture: see the module docs.
pub(crate) const FAMILIES: &[(&str, &str)] = &[
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
    ("aldebaran", "CDNA2 (compute only)"),
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
    ("gfx1100", "RDNA3"),
    ("gfx1101", "RDNA3"),
    ("gfx1102", "RDNA3"),
];

/// Families whose null device in Mesa 22.3 crashes (SIGFPE) on every graphics pipeline;
/// their compute pipelines work.
pub(crate) const GRAPHICS_CRASHES: &[&str] = &["navi24", "rembrandt", "gfx1036"];

/// Every RADV family name prism has checked, with its architecture (`"GCN5 (Vega)"`).
pub fn known_families() -> &'static [(&'static str, &'static str)] {
    FAMILIES
}

pub(crate) fn known_family_names() -> String {
    FAMILIES
        .iter()
        .map(|(name, _)| *name)
        .collect::<Vec<_>>()
        .join(", ")
}

pub(crate) fn architecture(family: &str) -> Option<&'static str> {
    FAMILIES
        .iter()
        .find(|(name, _)| *name == family)
        .map(|(_, arch)| *arch)
}
