//! ARI004 `pow-small-integer-exponent`: `pow(x, k)` with a small integer exponent `k >= 3`.

use crate::lint::{Category, Context, Rule, Severity, Violation};

pub const RULE: Rule = Rule {
    code: "ARI004",
    name: "pow-small-integer-exponent",
    category: Category::Cost,
    default_enabled: false,
    default_severity: Severity::Note,
    fix: None,
    summary: "`pow(x, k)` with a small integer exponent `k >= 3`",
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
