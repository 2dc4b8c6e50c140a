//! Lint reports as text, one file per format. The library never prints; the CLI writes what
//! these return.

mod github;
mod json;
mod rules;
mod sarif;
mod text;

pub use github::github;
pub use json::json;
pub use rules::{rule_doc, rules_json, rules_markdown, rules_table, MARKDOWN_HEADER};
pub use sarif::sarif;
pub use text::{summary, text};
