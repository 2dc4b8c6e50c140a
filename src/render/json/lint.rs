//! `prism-lint/1`: one document with every shader's report.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::check::ShardInfo;
use crate::lint::{LintReport, SCHEMA};

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct LintDocument<'a> {
    /// Always `prism-lint/1`.
    #[schemars(extend("const" = SCHEMA))]
    pub schema: &'a str,
    pub reports: &'a [LintReport],
    /// Where this run sits in a sharded one (`--shard K/N`), for `prism lint merge`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shard: Option<&'a LintShard>,
}

/// A lint shard: its place in the run, and what `prism lint merge` needs to rebuild the
/// unsharded document.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct LintShard {
    #[serde(flatten)]
    pub info: ShardInfo,
    /// The position in the whole run of each report, in `reports`' order.
    pub report_positions: Vec<usize>,
    /// Shaders of this shard that did not compile (their diagnostics went to stderr).
    pub failed: usize,
}

/// A `prism-lint/1` document as read back, for merging.
#[derive(Clone, Debug, Deserialize)]
pub struct LintDocumentFile {
    pub schema: String,
    pub reports: Vec<LintReport>,
    pub shard: Option<LintShard>,
}

impl<'a> LintDocument<'a> {
    pub fn new(reports: &'a [LintReport]) -> Self {
        LintDocument {
            schema: SCHEMA,
            reports,
            shard: None,
        }
    }
}

/// Join lint shards (named, for errors) into the unsharded run's reports and failure count.
pub fn merge_lint(
    shards: Vec<(String, LintDocumentFile)>,
) -> Result<(Vec<LintReport>, usize), crate::check::MergeError> {
    use crate::check::MergeError;
    let mut infos = Vec::new();
    for (name, document) in &shards {
        if document.schema != SCHEMA {
            return Err(MergeError::Other(format!(
                "{name}: schema `{}` is not `{SCHEMA}`",
                document.schema
            )));
        }
        match &document.shard {
            Some(shard) if shard.report_positions.len() == document.reports.len() => {
                infos.push((name.clone(), &shard.info))
            }
            Some(_) => {
                return Err(MergeError::Other(format!(
                    "{name}: reports and report_positions differ in length"
                )))
            }
            None => return Err(MergeError::NotAShard(name.clone())),
        }
    }
    crate::check::shard::check_complete(&infos)?;
    let mut failed = 0;
    let mut positioned = Vec::new();
    for (_, document) in shards {
        let shard = document.shard.expect("checked above");
        failed += shard.failed;
        positioned.extend(shard.report_positions.into_iter().zip(document.reports));
    }
    positioned.sort_by_key(|(position, _)| *position);
    Ok((positioned.into_iter().map(|(_, r)| r).collect(), failed))
}
