//! How a check ends, sharded or not: the errors, the report, and [`conclude`], which turns the
//! old baseline and this run's counts into a new baseline or a comparison.

use std::path::Path;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::baseline::{self, Baseline, Comparison, Settings, ToolchainChange};
use super::shard::{display, MergeError};
use crate::pipeline::CollectError;
use crate::source::ReadError;

/// Why a check could not run.
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    #[error(transparent)]
    Collect(#[from] CollectError),
    #[error("no shaders found under the given paths")]
    NoShaders,
    #[error("reading the baseline (create it with `prism check ... --baseline {path} --update`)")]
    ReadBaseline {
        path: String,
        #[source]
        source: ReadError,
    },
    #[error("{path}: {message}")]
    ParseBaseline { path: String, message: String },
    #[error("{path} was recorded under other settings ({}): pass the same options, or rerun with --update", differences.join("; "))]
    OtherSettings {
        path: String,
        differences: Vec<String>,
    },
    #[error("not updating {path}: {} shader(s) failed: {}", failed.len(), failed.join(", "))]
    NotUpdating { path: String, failed: Vec<String> },
    #[error(transparent)]
    Merge(#[from] MergeError),
    #[error("{path}: {message}")]
    ReadShard { path: String, message: String },
    #[error("none of the {count} shaders found is in {path} (keys are paths relative to the baseline's folder, e.g. `{example}`): wrong folder, or rerun with --update")]
    NoneInBaseline {
        count: usize,
        path: String,
        example: String,
    },
}

/// A comparison with the baseline, as `prism check` reports it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CheckReport {
    /// The baseline file, `/`-separated.
    pub baseline: String,
    pub tolerance_percent: f64,
    pub comparison: Comparison,
    pub failed: Vec<String>,
    /// What the run does with `comparison.not_comparable`.
    #[serde(skip)]
    pub toolchain_change: ToolchainChange,
    /// The one command that re-records the baseline with this toolchain, set by the caller
    /// (it knows the command line) when some metrics are not comparable.
    #[serde(skip)]
    pub rerecord: Option<String>,
}

impl CheckReport {
    /// Whether the toolchain change decides the outcome (`--toolchain-change=fail`).
    pub fn fails_on_toolchain(&self) -> bool {
        self.toolchain_change == ToolchainChange::Fail && !self.comparison.not_comparable.is_empty()
    }
}

/// How a check ended.
pub enum Finished {
    /// `--update`: the baseline to write.
    Updated(Baseline),
    Compared(CheckReport),
}

/// The end of a check, sharded or not: the new baseline (when there is no old one to compare
/// with, i.e. `--update`) or the comparison.
pub(crate) fn conclude(
    baseline_path: &Path,
    old: Option<Baseline>,
    current: Baseline,
    failures: &[Failure],
    tolerance_percent: f64,
    toolchain_change: ToolchainChange,
) -> Result<Finished, CheckError> {
    let path = baseline_path.display().to_string();
    let failed: Vec<String> = failures.iter().map(ToString::to_string).collect();
    let Some(old) = old else {
        if !failed.is_empty() {
            return Err(CheckError::NotUpdating { path, failed });
        }
        return Ok(Finished::Updated(current));
    };
    let comparison = baseline::compare(&old, &current, tolerance_percent, toolchain_change);
    if !old.shaders.is_empty()
        && !current.shaders.is_empty()
        && comparison.added.len() == current.shaders.len()
    {
        return Err(CheckError::NoneInBaseline {
            count: current.shaders.len(),
            path,
            example: old.shaders.keys().next().cloned().unwrap_or_default(),
        });
    }
    Ok(Finished::Compared(CheckReport {
        baseline: display(baseline_path),
        tolerance_percent,
        comparison,
        failed,
        toolchain_change,
        rerecord: None,
    }))
}

pub(crate) fn read_baseline(path: &Path, settings: &Settings) -> Result<Baseline, CheckError> {
    let shown = path.display().to_string();
    let text = crate::source::read_text(path).map_err(|source| CheckError::ReadBaseline {
        path: shown.clone(),
        source,
    })?;
    let old = Baseline::parse(&text).map_err(|message| CheckError::ParseBaseline {
        path: shown.clone(),
        message,
    })?;
    let differences = old.settings.differences(settings);
    if !differences.is_empty() {
        return Err(CheckError::OtherSettings {
            path: shown,
            differences,
        });
    }
    Ok(old)
}

/// A shader, or a shader on one GPU, that could not be measured.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Failure {
    pub shader: String,
    /// The GPU that failed it; none when it did not compile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gpu: Option<String>,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.gpu {
            Some(gpu) => write!(f, "{} ({gpu})", self.shader),
            None => write!(f, "{}", self.shader),
        }
    }
}

impl Failure {
    /// Compile failures by shader key, then each GPU's (in the settings' order) by key: an
    /// order that does not depend on how the shaders were split.
    pub fn sort(failures: &mut [Failure], gpus: &[String]) {
        failures.sort_by_cached_key(|f| {
            let gpu = f
                .gpu
                .as_ref()
                .map(|g| 1 + gpus.iter().position(|x| x == g).unwrap_or(gpus.len()));
            (gpu.unwrap_or(0), f.shader.clone())
        });
    }
}
