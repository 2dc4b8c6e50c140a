//! Running and timing a list of dispatches.
//!
//! One timed repeat is one compute pass holding every dispatch of the kernel (a two-pass
//! reduction is one repeat). With `TIMESTAMP_QUERY` each pass writes a timestamp at its start
//! and end; ticks are scaled by `Queue::get_timestamp_period` to nanoseconds. Without it, or
//! when the timestamps read back unusable, each repeat is submitted alone and timed by the
//! host clock around submit + wait: [`TimingSource::WallClock`], which includes submission
//! and synchronisation overhead and is labelled as such in every report.

use std::sync::Arc;
use std::time::Instant;

use serde::{Deserialize, Serialize};

use super::buffers;
use super::device::Gpu;
use super::error::GpuError;
use super::kernel::Kernel;

/// One `dispatch_workgroups` call.
#[derive(Clone)]
pub struct Dispatch {
    pub kernel: Arc<Kernel>,
    pub group: wgpu::BindGroup,
    pub workgroups: [u32; 3],
}

/// Where a time came from.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum TimingSource {
    /// Timestamp queries written at the start and end of each compute pass.
    GpuTimestamps,
    /// Host clock around submit + wait, one submission per repeat (includes overhead).
    WallClock,
}

impl TimingSource {
    pub fn describe(self) -> &'static str {
        match self {
            TimingSource::GpuTimestamps => "timestamp queries",
            TimingSource::WallClock => "wall clock (submit + wait, includes overhead)",
        }
    }
}

/// Warm-up runs (untimed) and timed repeats.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct TimingPlan {
    pub warmup: u32,
    pub repeats: u32,
}

/// Statistics over the repeats, in nanoseconds.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct TimingStats {
    pub source: TimingSource,
    pub repeats: usize,
    pub median_ns: f64,
    pub min_ns: f64,
    pub max_ns: f64,
    pub mean_ns: f64,
    /// Sample standard deviation (0 for a single repeat).
    pub stddev_ns: f64,
}

/// Statistics of `samples` (nanoseconds); `None` when there are none.
fn stats(samples: &[f64], source: TimingSource) -> Option<TimingStats> {
    if samples.is_empty() {
        return None;
    }
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    let median = if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    };
    let mean = sorted.iter().sum::<f64>() / n as f64;
    let variance = if n > 1 {
        sorted.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1) as f64
    } else {
        0.0
    };
    Some(TimingStats {
        source,
        repeats: n,
        median_ns: median,
        min_ns: sorted[0],
        max_ns: sorted[n - 1],
        mean_ns: mean,
        stddev_ns: variance.sqrt(),
    })
}

/// Record the dispatches as one compute pass, with a timestamp pair `i` of the set if given.
pub(crate) fn record(
    encoder: &mut wgpu::CommandEncoder,
    label: &str,
    dispatches: &[Dispatch],
    timestamps: Option<(&wgpu::QuerySet, u32)>,
) {
    let timestamp_writes = timestamps.map(|(set, i)| wgpu::ComputePassTimestampWrites {
        query_set: set,
        beginning_of_pass_write_index: Some(2 * i),
        end_of_pass_write_index: Some(2 * i + 1),
    });
    let mut pass = encoder.begin_compute_pass(&wgpu::ComputePassDescriptor {
        label: Some(label),
        timestamp_writes,
    });
    for d in dispatches {
        pass.set_pipeline(&d.kernel.pipeline);
        pass.set_bind_group(0, &d.group, &[]);
        pass.dispatch_workgroups(d.workgroups[0], d.workgroups[1], d.workgroups[2]);
    }
}

/// Run the dispatches `times` times in one submission and wait for them.
pub fn run(gpu: &Gpu, dispatches: &[Dispatch], times: u32) -> Result<(), GpuError> {
    let mut encoder = gpu
        .device
        .create_command_encoder(&wgpu::CommandEncoderDescriptor::default());
    for _ in 0..times {
        record(&mut encoder, "prism bench", dispatches, None);
    }
    gpu.queue.submit([encoder.finish()]);
    gpu.wait()?;
    gpu.check("the dispatch")
}

/// Queries per query set: wgpu allows 4096; two per repeat.
const MAX_REPEATS_PER_SET: u32 = 2048;

fn time_with_timestamps(
    gpu: &Gpu,
    dispatches: &[Dispatch],
    repeats: u32,
) -> Result<Vec<f64>, GpuError> {
    let period = f64::from(gpu.queue.get_timestamp_period());
    let mut samples = Vec::with_capacity(repeats as usize);
    let mut left = repeats;
    while left > 0 {
        let batch = left.min(MAX_REPEATS_PER_SET);
        left -= batch;
        let set = gpu.device.create_query_set(&wgpu::QuerySetDescriptor {
            label: Some("prism bench timestamps"),
            ty: wgpu::QueryType::Timestamp,
            count: 2 * batch,
        });
        let size = 8 * u64::from(2 * batch);
        let resolved = gpu.device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("prism bench timestamps"),
            size,
            usage: wgpu::BufferUsages::QUERY_RESOLVE | wgpu::BufferUsages::COPY_SRC,
            mapped_at_creation: false,
        });
        let mut encoder = gpu
            .device
            .create_command_encoder(&wgpu::CommandEncoderDescriptor::default());
        for i in 0..batch {
            record(&mut encoder, "prism bench", dispatches, Some((&set, i)));
        }
        encoder.resolve_query_set(&set, 0..2 * batch, &resolved, 0);
        gpu.queue.submit([encoder.finish()]);
        gpu.wait()?;
        gpu.check("the timed dispatches")?;
        let bytes = buffers::read_bytes(gpu, &resolved, size)?;
        let ticks: Vec<u64> = bytes
            .chunks_exact(8)
            .map(|c| u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
            .collect();
        for pair in ticks.chunks_exact(2) {
            samples.push(pair[1].wrapping_sub(pair[0]) as f64 * period);
        }
    }
    Ok(samples)
}

fn time_with_wall_clock(
    gpu: &Gpu,
    dispatches: &[Dispatch],
    repeats: u32,
) -> Result<Vec<f64>, GpuError> {
    let mut samples = Vec::with_capacity(repeats as usize);
    for _ in 0..repeats {
        let start = Instant::now();
        run(gpu, dispatches, 1)?;
        samples.push(start.elapsed().as_secs_f64() * 1e9);
    }
    Ok(samples)
}

/// Usable timestamps: every interval positive and below an hour (a wrapped or unwritten
/// query reads back as 0 or as a huge difference).
fn plausible(samples: &[f64]) -> bool {
    samples.iter().all(|&ns| ns > 0.0 && ns < 3.6e12)
}

/// Warm up, then time `plan.repeats` runs of the dispatches.
pub fn time(gpu: &Gpu, dispatches: &[Dispatch], plan: TimingPlan) -> Result<TimingStats, GpuError> {
    if plan.warmup > 0 {
        run(gpu, dispatches, plan.warmup)?;
    }
    let repeats = plan.repeats.max(1);
    let (samples, source) = if gpu.timestamps {
        let samples = time_with_timestamps(gpu, dispatches, repeats)?;
        if plausible(&samples) {
            (samples, TimingSource::GpuTimestamps)
        } else {
            (
                time_with_wall_clock(gpu, dispatches, repeats)?,
                TimingSource::WallClock,
            )
        }
    } else {
        (
            time_with_wall_clock(gpu, dispatches, repeats)?,
            TimingSource::WallClock,
        )
    };
    stats(&samples, source).ok_or_else(|| GpuError::Poll("no timing samples".to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stats_of_known_samples() {
        let s = stats(&[4.0, 1.0, 3.0, 2.0], TimingSource::WallClock).unwrap();
        assert_eq!(s.median_ns, 2.5);
        assert_eq!(s.min_ns, 1.0);
        assert_eq!(s.max_ns, 4.0);
        assert_eq!(s.mean_ns, 2.5);
        assert!((s.stddev_ns - (5.0f64 / 3.0).sqrt()).abs() < 1e-12);
        assert!(stats(&[], TimingSource::WallClock).is_none());
        let one = stats(&[7.0], TimingSource::GpuTimestamps).unwrap();
        assert_eq!((one.median_ns, one.stddev_ns), (7.0, 0.0));
    }

    #[test]
    fn implausible_timestamps_are_rejected() {
        assert!(plausible(&[1.0, 2.0]));
        assert!(!plausible(&[0.0, 2.0]));
        assert!(!plausible(&[1e13]));
    }
}
