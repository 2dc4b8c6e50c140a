//! DEAD003 `unused-result`: a value computed and never used.

use crate::lint::{Category, Context, Rule, Severity, Violation};

pub const RULE: Rule = Rule {
    code: "DEAD003",
    name: "unused-result",
    category: Category::Hygiene,
    default_enabled: true,
    default_severity: Severity::Warning,
    fix: None,
    summary: "a value computed and never used",
    doc: r#"## What it does
TODO

## Why is this bad?
TODO

## Example
TODO

## Use instead
TODO

## Fix safety
TODO
"#,
    check,
};

fn check(_context: &Context, _out: &mut Vec<Violation>) {}
