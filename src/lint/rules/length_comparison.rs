//! ARI005 `length-comparison`: `length(v)` compared with a radius where `dot(v, v)` would do.

use crate::lint::{Category, Context, Rule, Severity, Violation};

pub const RULE: Rule = Rule {
    code: "ARI005",
    name: "length-comparison",
    category: Category::Cost,
    default_enabled: false,
    default_severity: Severity::Note,
    fix: None,
    summary: "`length(v)` compared with a radius where `dot(v, v)` would do",
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
