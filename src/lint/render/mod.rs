//! `prism rule`'s output: the rules' documentation as text and JSON. (Findings are rendered
//! by [`crate::render`].)

mod rules;

pub use rules::{
    rule_doc, rules_json, rules_markdown, rules_table, RuleJson, RulesDocument, MARKDOWN_HEADER,
    RULES_SCHEMA,
};
