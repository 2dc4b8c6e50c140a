//! MEM001 `dynamically-written-local-array`: a function-local array written at a dynamic index.

use crate::lint::{Category, Context, Rule, Severity, Violation};

pub const RULE: Rule = Rule {
    code: "MEM001",
    name: "dynamically-written-local-array",
    category: Category::Cost,
    default_enabled: true,
    default_severity: Severity::Warning,
    fix: None,
    summary: "a function-local array written at a dynamic index",
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
