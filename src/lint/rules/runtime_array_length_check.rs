//! IDX005 `runtime-array-length-check`: runtime-sized array accesses that each pay `OpArrayLength` for their bounds check.

use crate::lint::{Category, Context, Rule, Severity, Violation};

pub const RULE: Rule = Rule {
    code: "IDX005",
    name: "runtime-array-length-check",
    category: Category::Cost,
    default_enabled: true,
    default_severity: Severity::Note,
    fix: None,
    summary: "runtime-sized array accesses that each pay `OpArrayLength` for their bounds check",
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
