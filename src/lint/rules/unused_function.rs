//! DEAD002 `unused-function`: a function no entry point calls.

use crate::lint::{Category, Context, Rule, Severity, Violation};

pub const RULE: Rule = Rule {
    code: "DEAD002",
    name: "unused-function",
    category: Category::Hygiene,
    default_enabled: true,
    default_severity: Severity::Warning,
    fix: None,
    summary: "a function no entry point calls",
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
