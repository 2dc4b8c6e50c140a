//! ARI003 `floor-before-int-conversion`: `floor` of a non-negative value before converting it to an integer.

use crate::lint::{Applicability, Category, Context, Rule, Severity, Violation};

pub const RULE: Rule = Rule {
    code: "ARI003",
    name: "floor-before-int-conversion",
    category: Category::Cost,
    default_enabled: true,
    default_severity: Severity::Warning,
    fix: Some(Applicability::Safe),
    summary: "`floor` of a non-negative value before converting it to an integer",
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
