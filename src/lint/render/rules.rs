//! `prism rule`: a rule's documentation, the table of every rule, the same as JSON, and the
//! README's rule table (markdown), all from the rules' declarations (`declare_rule!`).

use serde::Serialize;

use crate::lint::{Applicability, Category, Rule, Severity};

fn fix_words(rule: &Rule) -> String {
    match rule.fix {
        Some(applicability) => format!("{applicability} fix"),
        None => "no fix".to_string(),
    }
}

fn default_words(rule: &Rule) -> &'static str {
    if rule.default_enabled {
        "on by default"
    } else {
        "off by default"
    }
}

/// The header line and the rule's markdown documentation.
pub fn rule_doc(rule: &Rule) -> String {
    format!(
        "# {} {}\n\n{}: {}, {}, {}, {}, since {}.\n\n{}\n",
        rule.code,
        rule.name,
        rule.summary,
        rule.category,
        default_words(rule),
        rule.default_severity,
        fix_words(rule),
        rule.since,
        rule.doc.trim_end()
    )
}

/// One line per rule: code, name, category, default, severity, fix, since, summary.
pub fn rules_table(rules: &[&Rule]) -> String {
    let width = rules.iter().map(|r| r.name.len()).max().unwrap_or(0);
    let mut out = String::new();
    for rule in rules {
        out.push_str(&format!(
            "{:<8} {:<width$}  {:<11} {:<4} {:<7}  {:<17} {:<6} {}\n",
            rule.code,
            rule.name,
            rule.category.to_string(),
            if rule.default_enabled { "on" } else { "off" },
            rule.default_severity.to_string(),
            fix_words(rule),
            rule.since,
            rule.summary
        ));
    }
    out
}

/// The name and version of `prism rule --format json`'s document.
pub const RULES_SCHEMA: &str = "prism-rules/1";

/// One rule as `prism rule --format json` writes it: its declaration and documentation.
#[derive(Serialize, schemars::JsonSchema)]
pub struct RuleJson {
    /// `ARI001`.
    pub code: String,
    /// `signed-power-of-two-division`.
    pub name: String,
    pub category: Category,
    pub default_enabled: bool,
    pub default_severity: Severity,
    /// How safe the rule's fix is; absent when the rule has none.
    pub fix: Option<Applicability>,
    /// The prism version the rule appeared in.
    pub since: String,
    pub summary: String,
    /// The rule's documentation (markdown, with the fixed sections).
    pub doc: String,
}

/// `{"schema": "prism-rules/1", "rules": [...]}`.
#[derive(Serialize, schemars::JsonSchema)]
pub struct RulesDocument {
    /// Always `prism-rules/1`.
    pub schema: String,
    pub rules: Vec<RuleJson>,
}

impl RulesDocument {
    pub fn new(rules: &[&Rule]) -> Self {
        RulesDocument {
            schema: RULES_SCHEMA.to_string(),
            rules: rules
                .iter()
                .map(|r| RuleJson {
                    code: r.code.to_string(),
                    name: r.name.to_string(),
                    category: r.category,
                    default_enabled: r.default_enabled,
                    default_severity: r.default_severity,
                    fix: r.fix,
                    since: r.since.to_string(),
                    summary: r.summary.to_string(),
                    doc: r.doc.to_string(),
                })
                .collect(),
        }
    }
}

/// `prism rule --format json`: the [`RulesDocument`] of `rules`, pretty-printed.
pub fn rules_json(rules: &[&Rule]) -> String {
    let mut text =
        serde_json::to_string_pretty(&RulesDocument::new(rules)).expect("rules serialize");
    text.push('\n');
    text
}

/// The header of README.md's rule table.
pub const MARKDOWN_HEADER: &str = "| code | name | default | fix | what the fix pair measured \
(SPIR-V -O; vega10 / gfx1100 ISA instructions) |\n|---|---|---|---|---|\n";

/// README.md's rule table: code, name, default, fix and what the fix pair measured.
pub fn rules_markdown(rules: &[&Rule]) -> String {
    let mut out = MARKDOWN_HEADER.to_string();
    for rule in rules {
        let severity = match rule.default_severity {
            Severity::Error => "**error**".to_string(),
            other => other.to_string(),
        };
        let mut default = format!(
            "{}, {severity}",
            if rule.default_enabled { "on" } else { "off" }
        );
        if let Some(note) = rule.default_note {
            default.push_str(&format!(" ({note})"));
        }
        let fix = match (rule.fix, rule.fix_note) {
            (None, None) => "none".to_string(),
            (None, Some(note)) => format!("none ({note})"),
            (Some(applicability), note) => {
                let words = match applicability {
                    Applicability::Safe => "safe text edit",
                    Applicability::Unsafe => "unsafe text edit",
                    Applicability::DisplayOnly => "display-only",
                };
                match note {
                    Some(note) => format!("{words}: {note}"),
                    None => words.to_string(),
                }
            }
        };
        let cells = [
            rule.code,
            rule.name,
            &default,
            &fix,
            rule.measured.unwrap_or(""),
        ];
        out.push('|');
        for cell in cells {
            if cell.is_empty() {
                out.push_str(" |");
            } else {
                out.push_str(&format!(" {cell} |"));
            }
        }
        out.push('\n');
    }
    out
}
