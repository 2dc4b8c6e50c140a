//! `prism rule`: a rule's documentation, the table of every rule, and the same as JSON.

use serde::Serialize;

use crate::lint::{Category, Rule, Severity};

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
        "# {} {}\n\n{}: {}, {}, {}, {}.\n\n{}\n",
        rule.code,
        rule.name,
        rule.summary,
        rule.category,
        default_words(rule),
        rule.default_severity,
        fix_words(rule),
        rule.doc.trim_end()
    )
}

/// One line per rule: code, name, category, default, severity, fix, summary.
pub fn rules_table(rules: &[&Rule]) -> String {
    let width = rules.iter().map(|r| r.name.len()).max().unwrap_or(0);
    let mut out = String::new();
    for rule in rules {
        out.push_str(&format!(
            "{:<8} {:<width$}  {:<11} {:<4} {:<7}  {:<17} {}\n",
            rule.code,
            rule.name,
            rule.category.to_string(),
            if rule.default_enabled { "on" } else { "off" },
            rule.default_severity.to_string(),
            fix_words(rule),
            rule.summary
        ));
    }
    out
}

#[derive(Serialize)]
struct RuleJson<'a> {
    code: &'a str,
    name: &'a str,
    category: Category,
    default_enabled: bool,
    default_severity: Severity,
    fix: Option<crate::lint::Applicability>,
    summary: &'a str,
    doc: &'a str,
}

/// `{"schema": "prism-rules/1", "rules": [...]}`.
pub fn rules_json(rules: &[&Rule]) -> String {
    #[derive(Serialize)]
    struct Document<'a> {
        schema: &'a str,
        rules: Vec<RuleJson<'a>>,
    }
    let document = Document {
        schema: "prism-rules/1",
        rules: rules
            .iter()
            .map(|r| RuleJson {
                code: r.code,
                name: r.name,
                category: r.category,
                default_enabled: r.default_enabled,
                default_severity: r.default_severity,
                fix: r.fix,
                summary: r.summary,
                doc: r.doc,
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&document).expect("rules serialize");
    text.push('\n');
    text
}
