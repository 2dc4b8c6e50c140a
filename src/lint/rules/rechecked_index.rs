//! IDX003 `rechecked-index`: an index the shader already bounds, checked again by the robustness policy.

use crate::lint::{Category, Context, Rule, Severity, Violation};

pub const RULE: Rule = Rule {
    code: "IDX003",
    name: "rechecked-index",
    category: Category::Cost,
    default_enabled: false,
    default_severity: Severity::Note,
    fix: None,
    summary: "an index the shader already bounds, checked again by the robustness policy",
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
