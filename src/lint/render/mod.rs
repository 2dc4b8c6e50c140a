//! Lint reports as text: one function per format. The library never prints; the CLI writes
//! what these return.

use serde::Serialize;

use crate::lint::{LintReport, SCHEMA};

/// `prism-lint/1`: every shader's report.
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
