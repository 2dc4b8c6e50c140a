//! The versioned report `prism bench` writes: JSON (`prism-bench/1`) and a markdown summary.

use serde::{Deserialize, Serialize};

use super::bench::{Row, Settings, Status};
use super::device::{AdapterSummary, LimitsUsed};
use super::timing::TimingSource;

pub const SCHEMA: &str = "prism-bench/1";

/// Who made the report and how.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Tool {
    pub name: String,
    pub version: String,
    pub git_hash: Option<String>,
    pub command_line: Vec<String>,
    /// Seconds since the Unix epoch when the run started.
    pub started_unix: u64,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
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
    pub rows: Vec<Row>,
}

impl Report {
    pub fn new(
        gpu: &super::Gpu,
        tool: Tool,
        settings: Settings,
        note: String,
        rows: Vec<Row>,
    ) -> Report {
        let features = if gpu.timestamps {
            vec!["TIMESTAMP_QUERY".to_string()]
        } else {
            Vec::new()
        };
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
            rows,
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
        if self.cpu_emulated {
            md.push_str(
                "\n> **CPU-emulated.** This adapter is a CPU device: its times are CPU \
                 execution of the kernels, not GPU performance. Use them for correctness only.\n",
            );
        }
        if !self.note.is_empty() {
            md.push_str(&format!("\n{}\n", self.note));
        }
        md.push_str(
            "\n| kernel | shape | status | rel. error (tol.) | median µs | min µs | max µs | stddev µs | GFLOP/s | GB/s | timing |\n\
             |---|---|---|---|---:|---:|---:|---:|---:|---:|---|\n",
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
            let us = |f: fn(&super::timing::TimingStats) -> f64| {
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
            md.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
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
                source,
            ));
        }
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
}
