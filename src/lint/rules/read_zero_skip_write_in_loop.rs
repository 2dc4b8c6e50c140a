//! IDX004 `read-zero-skip-write-in-loop`: buffer reads checked with read-zero-skip-write inside a loop, the same element read more than once.

use crate::lint::{Applicability, Category, Context, Rule, Severity, Violation};

pub const RULE: Rule = Rule {
    code: "IDX004",
    name: "read-zero-skip-write-in-loop",
    category: Category::Cost,
    default_enabled: true,
    default_severity: Severity::Warning,
    fix: Some(Applicability::DisplayOnly),
    summary: "buffer reads checked with read-zero-skip-write inside a loop, the same element read more than once",
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
