//! `prism-lint/1`: one document with every shader's report.

use serde::Serialize;

use crate::lint::{LintReport, SCHEMA};

pub fn json(reports: &[LintReport]) -> String {
    #[derive(Serialize)]
    struct Document<'a> {
        schema: &'a str,
        reports: &'a [LintReport],
    }
    let mut text = serde_json::to_string_pretty(&Document {
        schema: SCHEMA,
        reports,
    })
    .expect("lint reports serialize");
    text.push('\n');
    text
}
