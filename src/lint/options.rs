//! Which rules run and how loud each is: [`LintOptions`], from the command line and
//! `prism.toml` (see `config.rs`).

use crate::lint::codes::RULES;
use crate::lint::finding::Severity;
use crate::lint::rule::Rule;

/// Which rules run, and how loud each is.
#[derive(Clone, Debug, Default)]
pub struct LintOptions {
    /// Rule codes (or code prefixes, or `ALL`) to run; empty means the default set.
    pub select: Vec<String>,
    /// Codes or prefixes to leave out (wins over `select`).
    pub ignore: Vec<String>,
    /// Codes or prefixes added to the selection (`extend-select`).
    pub extend_select: Vec<String>,
    /// Severity overrides by code or prefix.
    pub severity: Vec<(String, Severity)>,
    /// Measure each fix's effect on optimized SPIR-V (and on these GPU families' ISA):
    /// a cost fix that does not lower a count on this shader is shown, not applied.
    pub measure_fixes: bool,
    /// Text targets whose helper calls cost notes name (empty: HLSL and MSL).
    pub targets: Vec<crate::back::Target>,
    pub gpus: Vec<crate::isa::GpuSpec>,
    /// How to reach the ISA worker; without it `gpus` are not measured.
    pub isa: Option<crate::isa::IsaOptions>,
}

fn matches(selector: &str, code: &str) -> bool {
    selector.eq_ignore_ascii_case("ALL") || code.starts_with(&selector.to_ascii_uppercase())
}

impl LintOptions {
    /// Whether `rule` runs under these options.
    pub fn enabled(&self, rule: &Rule) -> bool {
        let selected = if self.select.is_empty() {
            rule.default_enabled
        } else {
            self.select.iter().any(|s| matches(s, rule.code))
        };
        let extended = self.extend_select.iter().any(|s| matches(s, rule.code));
        (selected || extended) && !self.ignore.iter().any(|s| matches(s, rule.code))
    }

    /// The rule's severity: the most specific override (longest selector) wins.
    pub fn severity(&self, rule: &Rule) -> Severity {
        self.severity
            .iter()
            .filter(|(s, _)| matches(s, rule.code))
            .max_by_key(|(s, _)| {
                if s.eq_ignore_ascii_case("ALL") {
                    0
                } else {
                    s.len()
                }
            })
            .map(|(_, severity)| *severity)
            .unwrap_or(rule.default_severity)
    }
}

/// A selector that names no rule: an error in a configuration, so a typo does not silently
/// disable nothing.
pub fn unknown_selector(selector: &str) -> bool {
    !selector.eq_ignore_ascii_case("ALL") && !RULES.iter().any(|r| matches(selector, r.code))
}
