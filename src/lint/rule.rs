//! The [`Rule`] record: one per file under `rules/`, listed in `codes.rs`.

use std::fmt;

use crate::lint::context::Context;
use crate::lint::finding::{Applicability, Category, Severity, Violation};

/// A rule: its identity, documentation and check. One per file under `rules/`.
pub struct Rule {
    /// Stable code, never reused (`ARI001`).
    pub code: &'static str,
    /// The pattern's name, kebab-case; reads well after "allow".
    pub name: &'static str,
    pub category: Category,
    /// Whether the rule runs when the configuration does not select it.
    pub default_enabled: bool,
    pub default_severity: Severity,
    /// The most a fix of this rule can be trusted; `None` for rules without fixes.
    pub fix: Option<Applicability>,
    /// The prism version the rule appeared in.
    pub since: &'static str,
    /// One line, for `prism rule --all`.
    pub summary: &'static str,
    /// Markdown with the sections What it does / Why is this bad? / Example / Use instead /
    /// Fix safety.
    pub doc: &'static str,
    /// README rule table: a qualification of the default (silent under `none`).
    pub default_note: Option<&'static str>,
    /// README rule table: what the fix rewrites, or why there is none.
    pub fix_note: Option<&'static str>,
    /// README rule table: what the fix pair measured (or why nothing is measured).
    pub measured: Option<&'static str>,
    pub check: fn(&Context, &mut Vec<Violation>),
}

impl fmt::Debug for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.code, self.name)
    }
}
