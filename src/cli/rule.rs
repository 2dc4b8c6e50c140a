//! `prism rule CODE` and `prism rule --all`: the rules' documentation.

use std::io::Write;

use anyhow::bail;
use clap::{Args, ValueEnum};

use prism::lint::{self, render};

use super::common::Outcome;

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq, Default)]
pub enum RuleFormat {
    #[default]
    Text,
    Json,
    /// The README's rule table.
    Markdown,
}

#[derive(Args, Debug)]
pub struct RuleArgs {
    /// A rule code (`ARI001`) or name (`signed-power-of-two-division`).
    #[arg(required_unless_present = "all", conflicts_with = "all")]
    pub code: Option<String>,

    /// Every rule: a table (text), every rule with its documentation (JSON), or README.md's
    /// rule table (markdown).
    #[arg(long)]
    pub all: bool,

    #[arg(long, value_enum, default_value_t = RuleFormat::Text)]
    pub format: RuleFormat,
}

pub fn run(args: RuleArgs) -> anyhow::Result<Outcome> {
    let rules: Vec<&lint::Rule> = match &args.code {
        Some(code) => match lint::rule_by_code(code) {
            Some(rule) => vec![rule],
            None => bail!("no rule `{code}`; `prism rule --all` lists them"),
        },
        None => lint::RULES.to_vec(),
    };
    let text = match (args.format, args.all) {
        (RuleFormat::Json, _) => render::rules_json(&rules),
        (RuleFormat::Markdown, _) => render::rules_markdown(&rules),
        (RuleFormat::Text, true) => render::rules_table(&rules),
        (RuleFormat::Text, false) => rules.iter().map(|r| render::rule_doc(r)).collect(),
    };
    std::io::stdout().write_all(text.as_bytes())?;
    Ok(Outcome::Clean)
}
