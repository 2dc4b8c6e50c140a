//! IDX002 `row-offset-indices`: rows of one element read as `a[k]`, `a[k+1]`, `a[k+2]`: one check each.

use crate::lint::{Applicability, Category, Context, Rule, Severity, Violation};

pub const RULE: Rule = Rule {
    code: "IDX002",
    name: "row-offset-indices",
    category: Category::Cost,
    default_enabled: true,
    default_severity: Severity::Warning,
    fix: Some(Applicability::DisplayOnly),
    summary: "rows of one element read as `a[k]`, `a[k+1]`, `a[k+2]`: one check each",
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
