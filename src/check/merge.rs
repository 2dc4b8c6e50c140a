//! `prism check merge`: the shards of a `--shard K/N` run joined into the report and the
//! baseline the unsharded run gives, byte for byte.
//!
//! Each shard writes a [`CheckShard`] (`--save-shard FILE`): where it sits
//! ([`ShardInfo`]), the counts it measured (a partial [`Baseline`] with its settings and
//! toolchain), and what failed. The merge refuses anything that is not exactly the N shards of
//! one run (see [`shard::check_complete`]) or whose toolchains differ, joins the counts, and
//! then ends like an unsharded check: against the old baseline (a report), or as the new
//! baseline (`--update`). Failures are kept in one canonical order ([`Failure::sort`]) in both.

use std::path::Path;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::baseline::{Baseline, Settings, ToolchainChange};
use super::report::{conclude, read_baseline, CheckError, Failure, Finished};
use super::shard::{self, display, MergeError, ShardInfo};
use super::toolchain::Toolchain;

pub const CHECK_SHARD_SCHEMA: &str = "prism-check-shard/1";

/// One shard's result: `prism check --shard K/N --save-shard FILE`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CheckShard {
    #[schemars(extend("const" = CHECK_SHARD_SCHEMA))]
    pub schema: String,
    pub shard: ShardInfo,
    /// The baseline file as given (`/`-separated).
    pub baseline: String,
    pub tolerance_percent: f64,
    /// The counts this shard measured, with the settings and toolchain.
    pub measured: Baseline,
    pub failed: Vec<Failure>,
}

impl CheckShard {
    pub fn new(
        shard: ShardInfo,
        baseline: String,
        tolerance_percent: f64,
        measured: Baseline,
        failed: Vec<Failure>,
    ) -> Self {
        CheckShard {
            schema: CHECK_SHARD_SCHEMA.to_string(),
            shard,
            baseline,
            tolerance_percent,
            measured,
            failed,
        }
    }

    /// Parse a shard file's text; errors name the line and column.
    pub fn parse(text: &str) -> Result<CheckShard, String> {
        let value: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| format!("line {}, column {}: {e}", e.line(), e.column()))?;
        if value.get("schema").and_then(|s| s.as_str()) != Some(CHECK_SHARD_SCHEMA) {
            return Err(format!(
                "not a `{CHECK_SHARD_SCHEMA}` document (write one with `prism check --shard K/N --save-shard FILE`)"
            ));
        }
        serde_json::from_value(value).map_err(|e| e.to_string())
    }
}

/// What every shard of one run must share, as one line (compared as text).
pub(crate) fn settings_line(
    settings: &Settings,
    tolerance_percent: f64,
    update: bool,
    baseline: &Path,
) -> String {
    format!(
        "robustness {}; targets {}; gpus {}; optimized {}; defines {}; tolerance {}%; update {}; baseline {}",
        settings.robustness,
        settings.targets.join(","),
        settings.gpus.join(","),
        settings.optimized,
        settings.defines.join(" "),
        tolerance_percent,
        update,
        display(baseline),
    )
}

/// How a merge should end.
pub struct MergeOptions<'a> {
    /// The old baseline (default: the path the shards recorded); ignored with `update`.
    pub baseline: Option<&'a Path>,
    pub update: bool,
    pub toolchain_change: ToolchainChange,
}

/// Join named shard results and end like the unsharded check would.
pub fn merge(
    shards: &[(String, CheckShard)],
    options: &MergeOptions,
) -> Result<(Finished, std::path::PathBuf), CheckError> {
    let infos: Vec<(String, &ShardInfo)> =
        shards.iter().map(|(n, s)| (n.clone(), &s.shard)).collect();
    shard::check_complete(&infos)?;
    let (first_name, first) = &shards[0];
    let mut toolchain: Option<Toolchain> = first.measured.toolchain.clone();
    let mut current = Baseline::new(first.measured.settings.clone());
    let mut failures = Vec::new();
    for (name, shard) in shards {
        let theirs = shard.measured.toolchain.clone().unwrap_or_default();
        let ours = toolchain.clone().unwrap_or_default();
        let differences = ours.differences(&theirs);
        if !differences.is_empty() {
            return Err(CheckError::Merge(MergeError::MixedToolchains {
                a: first_name.clone(),
                b: name.clone(),
                differences,
            }));
        }
        if let Some(t) = &mut toolchain {
            t.drivers.extend(theirs.drivers);
        }
        current.shaders.extend(shard.measured.shaders.clone());
        failures.extend(shard.failed.iter().cloned());
    }
    current.toolchain = toolchain;
    Failure::sort(&mut failures, &current.settings.gpus);
    let path = options
        .baseline
        .map(Path::to_path_buf)
        .unwrap_or_else(|| first.baseline.clone().into());
    let old = if options.update {
        None
    } else {
        Some(read_baseline(&path, &current.settings)?)
    };
    let finished = conclude(
        &path,
        old,
        current,
        &failures,
        first.tolerance_percent,
        options.toolchain_change,
    )?;
    Ok((finished, path))
}
