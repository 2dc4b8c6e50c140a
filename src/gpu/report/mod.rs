//! The versioned report `prism bench` writes: JSON (`prism-bench/2`) and a markdown summary,
//! and what is read back from it.
//!
//! In: the suite's rows, the device, the settings and the tuning. Out: a [`Report`], its
//! markdown, and the files below. Version 2 added the measured peaks, the spec peaks and each
//! row's roofline; version 1 reports still load (those fields are then absent). The commit in
//! [`Tool::git_hash`] is the one prism was built from ([`build_commit`]), never the working
//! directory's at run time.
//!
//! This file is the report itself; the files beside it read it: [`roofline`] (each row against
//! the peaks, set by [`Report::new`]), [`plot`] (its SVG plots), [`compare`] (two reports) and
//! [`merge`] (many); `costs.rs` renders the ISA and robustness-cost sections.

pub mod compare;
mod costs;
pub mod merge;
pub mod plot;
pub mod roofline;

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::gpu::device::{AdapterSummary, Gpu, LimitsUsed};
use crate::gpu::isa_costs::IsaSection;
use crate::gpu::suite::robustness::RobustnessSection;
use crate::gpu::suite::row::{Bound, Row, Status};
use crate::gpu::suite::run::Settings;
use crate::gpu::suite::tune::Tuning;
use crate::gpu::timing::{TimingSource, TimingStats};
use roofline::{MeasuredPeaks, SpecPeak};

pub const SCHEMA: &str = "prism-bench/2";
/// Versions [`load`] accepts.
const READABLE_SCHEMAS: [&str; 2] = ["prism-bench/1", SCHEMA];

/// Why a report could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    // The underlying errors are part of the message, not a `source`: an error chain would
    // print them twice.
    #[error("cannot read {path}: {error}")]
    Read { path: String, error: std::io::Error },
    #[error("{path} is not a prism bench report: {error}")]
    Parse {
        path: String,
        error: serde_json::Error,
    },
    #[error("{path} has schema `{found}`; this prism reads {}", READABLE_SCHEMAS.join(" and "))]
    Schema { path: String, found: String },
}

/// Read a report JSON, checking its schema version before the rest.
pub fn load(path: &Path) -> Result<Report, LoadError> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|error| LoadError::Read {
        path: shown.clone(),
        error,
    })?;
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|error| LoadError::Parse {
            path: shown.clone(),
            error,
        })?;
    let found = value
        .get("schema")
        .and_then(|s| s.as_str())
        .unwrap_or("(none)")
        .to_string();
    if !READABLE_SCHEMAS.contains(&found.as_str()) {
        return Err(LoadError::Schema { path: shown, found });
    }
    serde_json::from_value(value).map_err(|error| LoadError::Parse { path: shown, error })
}

/// The commit prism was built from, as `build.rs` recorded it: `git rev-parse HEAD`, with
/// `-dirty` when the tree had uncommitted changes; `None` when it was built outside a git
/// checkout (from a crate tarball, say).
pub fn build_commit() -> Option<&'static str> {
    match env!("PRISM_GIT_COMMIT") {
        "unknown" => None,
        commit => Some(commit),
    }
}

/// Who made the report and how.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct Tool {
    pub name: String,
    pub version: String,
    pub git_hash: Option<String>,
    pub command_line: Vec<String>,
    /// Seconds since the Unix epoch when the run started.
    pub started_unix: u64,
}

impl Tool {
    /// This prism: its version and the commit it was built from, run as `command_line`.
    pub fn this_build(command_line: Vec<String>, started_unix: u64) -> Tool {
        Tool {
            name: "prism".to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
            git_hash: build_commit().map(str::to_string),
            command_line,
            started_unix,
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct Report {
    pub schema: String,
    pub tool: Tool,
    pub adapter: AdapterSummary,
    pub limits: LimitsUsed,
    pub features: Vec<String>,
    pub timestamp_period_ns: f32,
    /// Set on a CPU device: every figure is CPU-emulated, not GPU performance.
    pub cpu_emulated: bool,
    pub note: String,
    pub settings: Settings,
    /// From the peak rows; `None` when a peak kernel failed.
    #[serde(default)]
    pub peaks: Option<MeasuredPeaks>,
    /// The vendor's figures when the adapter is in `roofline::SPECS`.
    #[serde(default)]
    pub spec: Option<SpecPeak>,
    /// The GEMM tile configuration the GEMM rows used and where it came from; `None` when no
    /// GEMM kernel ran (and in reports written before the tuner).
    #[serde(default)]
    pub tuning: Option<Tuning>,
    pub rows: Vec<Row>,
    /// `--isa`: every kernel variant on RADV's null device ([`crate::gpu::isa_costs`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub isa: Option<IsaSection>,
    /// `--robustness-cost`: the kernels with and without bounds checks, timed side by side.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub robustness: Option<RobustnessSection>,
}

impl Report {
    pub fn new(
        gpu: &Gpu,
        tool: Tool,
        settings: Settings,
        note: String,
        mut rows: Vec<Row>,
    ) -> Report {
        let peaks = roofline::measured_peaks(&rows);
        let spec = roofline::spec_peak(&gpu.adapter.name);
        if let Some(peaks) = &peaks {
            roofline::annotate(&mut rows, peaks, spec.as_ref());
        }
        let mut features = Vec::new();
        if gpu.timestamps {
            features.push("TIMESTAMP_QUERY".to_string());
        }
        if gpu.subgroups {
            features.push("SUBGROUP".to_string());
        }
        Report {
            schema: SCHEMA.to_string(),
            tool,
            adapter: gpu.adapter.clone(),
            limits: gpu.limits.clone(),
            features,
            timestamp_period_ns: gpu.queue.get_timestamp_period(),
            cpu_emulated: gpu.adapter.is_cpu,
            note,
            settings,
            peaks,
            spec,
            tuning: None,
            rows,
            isa: None,
            robustness: None,
        }
    }

    /// Rows that did not pass (failed verification or errors).
    pub fn failures(&self) -> usize {
        self.rows
            .iter()
            .filter(|r| r.status != Status::Passed)
            .count()
    }

    /// A markdown summary: the adapter, a caveat for CPU devices, one table row per case.
    pub fn to_markdown(&self) -> String {
        let a = &self.adapter;
        let mut md = String::new();
        md.push_str(&format!("# prism bench: {}\n\n", a.name));
        md.push_str(&format!(
            "- adapter: {} ({}, {}), driver {} {}\n",
            a.name, a.backend, a.device_type, a.driver, a.driver_info
        ));
        md.push_str(&format!(
            "- tool: {} {}{}\n- command: `{}`\n- seed: {} (case i uses seed + i); warm-up {}, repeats {}\n",
            self.tool.name,
            self.tool.version,
            self.tool
                .git_hash
                .as_deref()
                .map(|h| format!(" ({h})"))
                .unwrap_or_default(),
            self.tool.command_line.join(" "),
            self.settings.seed,
            self.settings.plan.warmup,
            self.settings.plan.repeats,
        ));
        md.push_str(&self.tuning_markdown());
        if self.cpu_emulated {
            md.push_str(
                "\n> **CPU-emulated.** This adapter is a CPU device: its times are CPU \
                 execution of the kernels, not GPU performance. Use them for correctness only.\n",
            );
        }
        if !self.note.is_empty() {
            md.push_str(&format!("\n{}\n", self.note));
        }
        md.push_str(&self.peaks_markdown());
        md.push_str(
            "\n| kernel | shape | status | rel. error (tol.) | median µs | min µs | max µs | stddev µs | GFLOP/s | GB/s | FLOP/B | bound | % FMA peak | % copy peak | % spec | timing |\n\
             |---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---|\n",
        );
        for r in &self.rows {
            let status = match r.status {
                Status::Passed => "ok",
                Status::FailedVerification => "**FAILED verification**",
                Status::Error => "**error**",
            };
            let error = r
                .verification
                .as_ref()
                .map(|v| {
                    let e = v
                        .relative_error
                        .map_or(format!("non-finite ×{}", v.non_finite), |e| {
                            format!("{e:.2e}")
                        });
                    format!(
                        "{e} ({:.1e}){}",
                        v.tolerance,
                        if v.sampled { " sampled" } else { "" }
                    )
                })
                .unwrap_or_else(|| "-".to_string());
            let us = |f: fn(&TimingStats) -> f64| {
                r.timing
                    .as_ref()
                    .map_or("-".to_string(), |t| format!("{:.1}", f(t) / 1e3))
            };
            let rate = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{v:.2}"));
            let source = r.timing.as_ref().map_or("-", |t| match t.source {
                TimingSource::GpuTimestamps if self.cpu_emulated => "timestamps (CPU-emulated)",
                TimingSource::GpuTimestamps => "timestamps",
                TimingSource::WallClock => "wall clock",
            });
            let roof = r.roofline.as_ref();
            let percent = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{v:.1}%"));
            let spec = match (roof, &self.spec) {
                (Some(roof), Some(_)) => {
                    let (value, kind) = match roof.bound {
                        Bound::Compute => (roof.pct_spec_flops, "FLOP"),
                        Bound::Memory => (roof.pct_spec_bandwidth, "B/s"),
                    };
                    format!("{} {kind}", percent(value))
                }
                (Some(_), None) => "unknown".to_string(),
                (None, _) => "-".to_string(),
            };
            md.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
                r.kernel,
                r.shape.describe(),
                status,
                error,
                us(|t| t.median_ns),
                us(|t| t.min_ns),
                us(|t| t.max_ns),
                us(|t| t.stddev_ns),
                rate(r.gflops),
                rate(r.gbytes_per_s),
                roof.map_or("-".to_string(), |x| format!("{:.2}", x.flop_per_byte)),
                roof.map_or("-", |x| x.bound.name()),
                percent(roof.and_then(|x| x.pct_fma_peak)),
                percent(roof.and_then(|x| x.pct_copy_peak)),
                spec,
                source,
            ));
        }
        md.push_str(&costs::isa_markdown(self.isa.as_ref()));
        md.push_str(&costs::robustness_markdown(self.robustness.as_ref()));
        let errors: Vec<_> = self
            .rows
            .iter()
            .filter_map(|r| r.error.as_ref().map(|e| (r, e)))
            .collect();
        if !errors.is_empty() {
            md.push_str("\n## Errors\n\n");
            for (r, e) in errors {
                let one_line: Vec<&str> = e.split_whitespace().collect();
                md.push_str(&format!(
                    "- {} {}: {}\n",
                    r.kernel,
                    r.shape.describe(),
                    one_line.join(" ")
                ));
            }
        }
        md
    }

    /// The GEMM tile line, and this run's tuning trials when it tuned.
    fn tuning_markdown(&self) -> String {
        let Some(t) = &self.tuning else {
            return String::new();
        };
        let mut md = format!(
            "- GEMM tile: {} ({}{})\n",
            t.tile.describe(),
            t.source.describe(),
            t.cache_path
                .as_deref()
                .map(|p| format!(", {p}"))
                .unwrap_or_default()
        );
        if let Some(warning) = &t.warning {
            md.push_str(&format!("- tune cache warning: {warning}\n"));
        }
        for trial in &t.trials {
            let result = match (trial.status, trial.gflops) {
                (Status::Passed, Some(g)) => format!("{g:.2} GFLOP/s"),
                (Status::FailedVerification, _) => "failed verification".into(),
                _ => trial.error.clone().unwrap_or_else(|| "error".into()),
            };
            md.push_str(&format!(
                "  - tried {} at {}: {result}\n",
                trial.tile.describe(),
                t.shape.describe()
            ));
        }
        md
    }

    /// The measured peaks, the spec peaks (or "unknown") and the ridge point.
    fn peaks_markdown(&self) -> String {
        let emulated = if self.cpu_emulated {
            " (CPU-emulated)"
        } else {
            ""
        };
        let mut md = String::from("\n## Peaks\n\n");
        match &self.peaks {
            Some(p) => md.push_str(&format!(
                "- measured{emulated}: {:.2} GFLOP/s FP32 ({}), {:.2} GB/s copy; ridge point \
                 {:.2} FLOP/byte (rows at or above it are compute-bound)\n",
                p.fma_gflops, p.fma_kernel, p.copy_gbytes_per_s, p.ridge_flop_per_byte
            )),
            None => md.push_str(
                "- measured: **not available** (a peak kernel failed; see its row), so no \
                 row has % of peak or a bound\n",
            ),
        }
        match (&self.spec, &self.peaks) {
            (Some(s), Some(p)) => md.push_str(&format!(
                "- spec ({}): {:.1} TFLOP/s FP32, {:.2} TB/s; measured is {:.1}% and {:.1}% of it\n",
                s.name,
                s.gflops / 1e3,
                s.gbytes_per_s / 1e3,
                100.0 * p.fma_gflops / s.gflops,
                100.0 * p.copy_gbytes_per_s / s.gbytes_per_s
            )),
            (Some(s), None) => md.push_str(&format!(
                "- spec ({}): {:.1} TFLOP/s FP32, {:.2} TB/s\n",
                s.name,
                s.gflops / 1e3,
                s.gbytes_per_s / 1e3
            )),
            (None, _) => md.push_str("- spec: unknown for this adapter\n"),
        }
        md
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_build_commit_is_a_full_hash_or_none() {
        let Some(commit) = build_commit() else {
            return;
        };
        let hash = commit.strip_suffix("-dirty").unwrap_or(commit);
        assert_eq!(hash.len(), 40, "{commit}");
        assert!(hash.bytes().all(|b| b.is_ascii_hexdigit()), "{commit}");
        let tool = Tool::this_build(vec!["prism".into()], 7);
        assert_eq!(tool.git_hash.as_deref(), Some(commit));
    }
}
