//! ARI002 `integer-division-by-variable`: signed integer division or modulo by a value that is not a constant.

use crate::lint::{Applicability, Category, Context, Rule, Severity, Violation};

pub const RULE: Rule = Rule {
    code: "ARI002",
    name: "integer-division-by-variable",
    category: Category::Cost,
    default_enabled: true,
    default_severity: Severity::Warning,
    fix: Some(Applicability::DisplayOnly),
    summary: "signed integer division or modulo by a value that is not a constant",
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
