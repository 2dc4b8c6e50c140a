//! UB001 `derivative-in-non-uniform-control-flow`: implicit-derivative sampling or `dFdx`/`fwidth` inside non-uniform control flow.

use crate::lint::{Category, Context, Rule, Severity, Violation};

pub const RULE: Rule = Rule {
    code: "UB001",
    name: "derivative-in-non-uniform-control-flow",
    category: Category::Correctness,
    default_enabled: true,
    default_severity: Severity::Error,
    fix: None,
    summary: "implicit-derivative sampling or `dFdx`/`fwidth` inside non-uniform control flow",
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
