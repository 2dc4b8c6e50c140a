//! Many reports, one markdown table: rows kernel × shape, one column per adapter, each cell
//! GFLOP/s and % of that adapter's measured peak (the FMA peak for compute-bound rows, the
//! copy bandwidth for memory-bound ones). CPU-emulated adapters are marked in their column
//! header, so their figures are never read as GPU performance.

use super::Report;
use crate::gpu::suite::row::Status;

/// Column headers: the adapter, marked when CPU-emulated, numbered when it repeats.
fn headers(reports: &[Report]) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    reports
        .iter()
        .map(|r| {
            let mut name = r.adapter.name.replace('|', "/");
            if r.cpu_emulated {
                name.push_str(" (CPU-emulated)");
            }
            let repeats = seen.iter().filter(|s| **s == name).count();
            seen.push(name.clone());
            if repeats > 0 {
                name = format!("{name} #{}", repeats + 1);
            }
            name
        })
        .collect()
}

fn cell(report: &Report, kernel: &str, shape: &str) -> String {
    let Some(row) = report
        .rows
        .iter()
        .find(|r| r.kernel == kernel && r.shape.describe() == shape)
    else {
        return "–".to_string();
    };
    match row.status {
        Status::FailedVerification => return "FAILED verification".to_string(),
        Status::Error => return "error".to_string(),
        Status::Passed => {}
    }
    let gflops = row
        .gflops
        .map_or("-".to_string(), |g| format!("{g:.2} GFLOP/s"));
    let peak = row.roofline.as_ref().and_then(|roof| {
        roof.pct_of_its_peak()
            .map(|p| format!("{p:.1}% of {} peak", roof.bound.name()))
    });
    match (row.flops > 0.0, peak) {
        (true, Some(peak)) => format!("{gflops}, {peak}"),
        (true, None) => gflops,
        // The copy: bytes are its figure.
        (false, peak) => {
            let gbs = row
                .gbytes_per_s
                .map_or("-".to_string(), |g| format!("{g:.2} GB/s"));
            peak.map_or(gbs.clone(), |p| format!("{gbs}, {p}"))
        }
    }
}

/// The fleet table in markdown.
pub fn to_markdown(reports: &[Report]) -> String {
    let headers = headers(reports);
    let mut md = String::from("# prism bench: fleet\n\n");
    if reports.iter().any(|r| r.cpu_emulated) {
        md.push_str(
            "Columns marked CPU-emulated come from a CPU device: correctness figures, not GPU \
             performance.\n\n",
        );
    }
    md.push_str("| kernel | shape |");
    for h in &headers {
        md.push_str(&format!(" {h} |"));
    }
    md.push_str("\n|---|---|");
    md.push_str(&"---|".repeat(headers.len()));
    md.push('\n');
    md.push_str("| *measured peaks* | |");
    for r in reports {
        let peaks = r.peaks.as_ref().map_or("not measured".to_string(), |p| {
            format!(
                "{:.2} GFLOP/s, {:.2} GB/s",
                p.fma_gflops, p.copy_gbytes_per_s
            )
        });
        md.push_str(&format!(" {peaks} |"));
    }
    md.push('\n');
    let mut keys: Vec<(String, String)> = Vec::new();
    for r in reports {
        for row in &r.rows {
            let key = (row.kernel.clone(), row.shape.describe());
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
    }
    for (kernel, shape) in &keys {
        md.push_str(&format!("| {kernel} | {shape} |"));
        for r in reports {
            md.push_str(&format!(" {} |", cell(r, kernel, shape)));
        }
        md.push('\n');
    }
    md
}
