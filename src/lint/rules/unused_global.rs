//! DEAD001 `unused-global`: a uniform, texture, sampler or input the shader never reads.

use crate::lint::{Category, Context, Rule, Severity, Violation};

pub const RULE: Rule = Rule {
    code: "DEAD001",
    name: "unused-global",
    category: Category::Hygiene,
    default_enabled: true,
    default_severity: Severity::Warning,
    fix: None,
    summary: "a uniform, texture, sampler or input the shader never reads",
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
