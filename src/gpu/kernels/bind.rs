//! Binding a workload to the device: the buffers a dispatch list keeps alive, and the helpers
//! every family binds with (grids, `u32` parameters, the one-pass dispatch).
//!
//! Conventions of every kernel in `shaders/nn/`: a uniform of four `u32` at binding 0, inputs
//! at 1, 2 and 4, the output at 3; 256 invocations per workgroup for the 1-D kernels. A grid
//! that needs more workgroups than the adapter allows per dimension wraps into y; past x·y it
//! is [`GpuError::TooLarge`], never a silently short dispatch.

use std::sync::Arc;

use crate::gpu::buffers;
use crate::gpu::device::Gpu;
use crate::gpu::error::GpuError;
use crate::gpu::kernel::Kernel;
use crate::gpu::timing::Dispatch;

/// A workload's buffers on the device and the dispatches that compute its output.
pub struct Bound {
    pub dispatches: Vec<Dispatch>,
    pub(crate) output: wgpu::Buffer,
    pub(crate) output_len: usize,
    /// Intermediate outputs (the reduction's partial sums), poisoned with the output.
    pub(crate) scratch: Vec<(wgpu::Buffer, usize)>,
    /// The inputs, kept alive as long as the dispatches that read them.
    pub(crate) _inputs: Vec<wgpu::Buffer>,
}

impl Bound {
    /// Fill the output (and intermediates) with NaN again.
    pub fn poison(&self, gpu: &Gpu) {
        buffers::poison(gpu, &self.output, self.output_len);
        for (buffer, len) in &self.scratch {
            buffers::poison(gpu, buffer, *len);
        }
    }

    pub fn read_output(&self, gpu: &Gpu) -> Result<Vec<f32>, GpuError> {
        buffers::read_f32(gpu, &self.output, self.output_len)
    }
}

/// The 1-D grid of `groups` workgroups, wrapped into y past the per-dimension limit.
pub(crate) fn grid_1d(gpu: &Gpu, what: &str, groups: usize) -> Result<[u32; 3], GpuError> {
    let max = gpu.limits.max_compute_workgroups_per_dimension.max(1) as usize;
    let x = groups.clamp(1, max);
    let y = groups.div_ceil(x).max(1);
    if y > max {
        return Err(GpuError::TooLarge {
            what: what.to_string(),
            bytes: 4 * 256 * groups as u64,
            limit: 4 * 256 * (max * max) as u64,
        });
    }
    Ok([x as u32, y as u32, 1])
}

/// `value` as a `u32` for a kernel parameter, or [`GpuError::TooLarge`] naming `what`.
pub(crate) fn u32_of(what: &str, value: usize) -> Result<u32, GpuError> {
    u32::try_from(value).map_err(|_| GpuError::TooLarge {
        what: what.to_string(),
        bytes: value as u64,
        limit: u64::from(u32::MAX),
    })
}

pub(crate) fn dims_u32(what: &str, dims: &[usize]) -> Result<Vec<u32>, GpuError> {
    dims.iter().map(|&d| u32_of(what, d)).collect()
}

/// The output at binding 3 and the inputs at their own bindings.
pub(crate) fn operands<'a>(
    output: &'a wgpu::Buffer,
    inputs: &'a [(u32, wgpu::Buffer)],
) -> Vec<(u32, &'a wgpu::Buffer)> {
    let mut all = vec![(3, output)];
    all.extend(inputs.iter().map(|(b, buf)| (*b, buf)));
    all
}

/// One dispatch of `kernel` over `workgroups`: its four `params` in a uniform at binding 0, the
/// `operands` at theirs.
pub(crate) fn dispatch(
    gpu: &Gpu,
    kernel: Arc<Kernel>,
    what: &str,
    params: [u32; 4],
    operands: &[(u32, &wgpu::Buffer)],
    workgroups: [u32; 3],
) -> Result<Dispatch, GpuError> {
    let params = buffers::params(gpu, what, params)?;
    let mut entries = vec![(0, &params)];
    entries.extend_from_slice(operands);
    let group = buffers::bind_group(gpu, &kernel.layout, &entries)?;
    Ok(Dispatch {
        kernel,
        group,
        workgroups,
    })
}

/// [`dispatch`] over a 1-D grid of `groups` workgroups.
pub(crate) fn dispatch_1d(
    gpu: &Gpu,
    kernel: Arc<Kernel>,
    what: &str,
    params: [u32; 4],
    operands: &[(u32, &wgpu::Buffer)],
    groups: usize,
) -> Result<Dispatch, GpuError> {
    let workgroups = grid_1d(gpu, what, groups)?;
    dispatch(gpu, kernel, what, params, operands, workgroups)
}
