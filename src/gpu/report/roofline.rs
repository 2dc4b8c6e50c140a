//! Where each row stands against the adapter's limits: % of the measured peaks, % of the
//! vendor's spec peaks where the adapter is in `SPECS`, and compute- or memory-bound.
//!
//! In: the report's rows, the peak rows among them (`kernels/peak.rs`). Out: [`MeasuredPeaks`]
//! and a [`RowRoofline`] per timed row. A row is compute-bound when its arithmetic intensity
//! (FLOP per byte of minimum traffic) is at or above the ridge point, measured FLOP peak ÷
//! measured bandwidth; the roofline model says such a kernel cannot be limited by memory.
//! On a CPU device the peaks are CPU-emulated like every other figure.

use serde::{Deserialize, Serialize};

use crate::gpu::suite::row::{Bound, Row, RowRoofline, Status};

/// The adapter's measured peaks: the faster FMA-chain row and the copy row.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct MeasuredPeaks {
    pub fma_gflops: f64,
    /// The row that set `fma_gflops` (`peak_fma_scalar` or `peak_fma_vec4`).
    pub fma_kernel: String,
    pub copy_gbytes_per_s: f64,
    /// FLOP per byte where the two roofs meet.
    pub ridge_flop_per_byte: f64,
}

/// A vendor's peak figures for one adapter.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct SpecPeak {
    pub name: String,
    /// FP32 without tensor cores.
    pub gflops: f64,
    pub gbytes_per_s: f64,
}

/// Vendor peaks by adapter name: (substring of the name, label, FP32 GFLOP/s, GB/s).
/// H100 SXM: 132 SMs × 128 FP32 lanes × 2 × 1.98 GHz, HBM3 3.35 TB/s; the H200 has the same
/// SMs and clocks with HBM3e at 4.8 TB/s. PCIe and NVL H100 variants differ and are not listed.
pub(crate) const SPECS: &[(&str, &str, f64, f64)] = &[
    ("H100 80GB HBM3", "NVIDIA H100 SXM5", 66_900.0, 3_350.0),
    ("H200", "NVIDIA H200 SXM", 66_900.0, 4_800.0),
];

pub(crate) fn spec_peak(adapter_name: &str) -> Option<SpecPeak> {
    SPECS
        .iter()
        .find(|(needle, ..)| adapter_name.contains(needle))
        .map(|&(_, name, gflops, gbytes_per_s)| SpecPeak {
            name: name.to_string(),
            gflops,
            gbytes_per_s,
        })
}

/// The peaks from the passed peak rows, if both kinds passed.
pub fn measured_peaks(rows: &[Row]) -> Option<MeasuredPeaks> {
    let passed = |name: &str| {
        rows.iter()
            .find(|r| r.kernel == name && r.status == Status::Passed)
    };
    let fma = ["peak_fma_scalar", "peak_fma_vec4"]
        .iter()
        .filter_map(|n| passed(n))
        .filter_map(|r| r.gflops.map(|g| (g, r.kernel.clone())))
        .max_by(|a, b| a.0.total_cmp(&b.0))?;
    let copy = passed("peak_copy")?.gbytes_per_s?;
    (fma.0 > 0.0 && copy > 0.0).then(|| MeasuredPeaks {
        fma_gflops: fma.0,
        fma_kernel: fma.1,
        copy_gbytes_per_s: copy,
        ridge_flop_per_byte: fma.0 / copy,
    })
}

fn pct(value: Option<f64>, peak: f64) -> Option<f64> {
    value.filter(|_| peak > 0.0).map(|v| 100.0 * v / peak)
}

/// Set every timed row's [`RowRoofline`].
pub fn annotate(rows: &mut [Row], peaks: &MeasuredPeaks, spec: Option<&SpecPeak>) {
    for row in rows.iter_mut().filter(|r| r.status == Status::Passed) {
        let flop_per_byte = if row.bytes > 0.0 {
            row.flops / row.bytes
        } else {
            0.0
        };
        row.roofline = Some(RowRoofline {
            flop_per_byte,
            bound: if flop_per_byte >= peaks.ridge_flop_per_byte {
                Bound::Compute
            } else {
                Bound::Memory
            },
            pct_fma_peak: pct(row.gflops, peaks.fma_gflops),
            pct_copy_peak: pct(row.gbytes_per_s, peaks.copy_gbytes_per_s),
            pct_spec_flops: spec.and_then(|s| pct(row.gflops, s.gflops)),
            pct_spec_bandwidth: spec.and_then(|s| pct(row.gbytes_per_s, s.gbytes_per_s)),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gpu::kernels::Shape;

    fn row(kernel: &str, flops: f64, bytes: f64, seconds: f64) -> Row {
        Row {
            kernel: kernel.to_string(),
            family: "test".to_string(),
            shape: Shape::Matrix { rows: 1, cols: 1 },
            seed: 0,
            status: Status::Passed,
            verification: None,
            timing: None,
            flops,
            bytes,
            gflops: Some(flops / seconds * 1e-9),
            gbytes_per_s: Some(bytes / seconds * 1e-9),
            error: None,
            roofline: None,
        }
    }

    #[test]
    fn ridge_point_splits_compute_from_memory() {
        let mut rows = vec![
            row("peak_fma_scalar", 50e9, 4.0, 1.0),
            row("peak_fma_vec4", 100e9, 4.0, 1.0),
            row("peak_copy", 0.0, 10e9, 1.0),
            row("gemm_nn", 50e9, 1e9, 1.0),
            row("bias_relu", 1e9, 5e9, 1.0),
        ];
        let peaks = measured_peaks(&rows).unwrap();
        assert_eq!(peaks.fma_kernel, "peak_fma_vec4");
        assert!((peaks.ridge_flop_per_byte - 10.0).abs() < 1e-9);
        let spec = spec_peak("NVIDIA H100 80GB HBM3").unwrap();
        annotate(&mut rows, &peaks, Some(&spec));
        let gemm = rows[3].roofline.as_ref().unwrap();
        assert_eq!(gemm.bound, Bound::Compute);
        assert!((gemm.pct_fma_peak.unwrap() - 50.0).abs() < 1e-9);
        assert!((gemm.pct_spec_flops.unwrap() - 100.0 * 50.0 / 66_900.0).abs() < 1e-9);
        let bias = rows[4].roofline.as_ref().unwrap();
        assert_eq!(bias.bound, Bound::Memory);
        assert!((bias.pct_of_its_peak().unwrap() - 50.0).abs() < 1e-9);
        assert!(spec_peak("llvmpipe (LLVM 15.0.6, 256 bits)").is_none());
    }
}
