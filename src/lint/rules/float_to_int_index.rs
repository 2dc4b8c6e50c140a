//! IDX001 `float-to-int-index`: a float converted to an int and used as an array index.

use crate::lint::{Applicability, Category, Context, Rule, Severity, Violation};

pub const RULE: Rule = Rule {
    code: "IDX001",
    name: "float-to-int-index",
    category: Category::Cost,
    default_enabled: true,
    default_severity: Severity::Warning,
    fix: Some(Applicability::DisplayOnly),
    summary: "a float converted to an int and used as an array index",
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
