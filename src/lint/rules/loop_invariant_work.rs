//! LOOP001 `loop-invariant-work`: work inside a loop that computes the same value on every iteration.

use crate::lint::{Applicability, Category, Context, Rule, Severity, Violation};

pub const RULE: Rule = Rule {
    code: "LOOP001",
    name: "loop-invariant-work",
    category: Category::Cost,
    default_enabled: true,
    default_severity: Severity::Warning,
    fix: Some(Applicability::DisplayOnly),
    summary: "work inside a loop that computes the same value on every iteration",
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
