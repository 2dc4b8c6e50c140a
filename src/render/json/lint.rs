//! `prism-lint/1`: one document with every shader's report.

use schemars::JsonSchema;
use serde::Serialize;

use crate::lint::{LintReport, SCHEMA};

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct LintDocument<'a> {
    /// Always `prism-lint/1`.
    #[schemars(extend("const" = SCHEMA))]
    pub schema: &'a str,
    pub reports: &'a [LintReport],
}

impl<'a> LintDocument<'a> {
    pub fn new(reports: &'a [LintReport]) -> Self {
        LintDocument {
            schema: SCHEMA,
            reports,
        }
    }
}
