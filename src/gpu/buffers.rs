//! Storage buffers in, poisoned outputs, results back.
//!
//! Outputs are filled with NaN before a kernel runs: an element the kernel failed to write
//! reads back as NaN and fails verification, so a skipped dispatch or a tile that never
//! stores cannot pass by leaving stale or zero data behind.

use std::sync::mpsc;

use super::device::Gpu;
use super::error::GpuError;

fn bytes_of_f32(values: &[f32]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

fn check_size(gpu: &Gpu, what: &str, bytes: u64) -> Result<(), GpuError> {
    let limit = gpu
        .limits
        .max_storage_buffer_binding_size
        .min(gpu.limits.max_buffer_size);
    if bytes > limit {
        return Err(GpuError::TooLarge {
            what: what.to_string(),
            bytes,
            limit,
        });
    }
    Ok(())
}

fn storage(gpu: &Gpu, label: &str, bytes: u64) -> Result<wgpu::Buffer, GpuError> {
    check_size(gpu, label, bytes)?;
    let buffer = gpu.device.create_buffer(&wgpu::BufferDescriptor {
        label: Some(label),
        // wgpu rejects zero-sized bindings; a 4-byte buffer stands in for an empty one.
        size: bytes.max(4),
        usage: wgpu::BufferUsages::STORAGE
            | wgpu::BufferUsages::COPY_DST
            | wgpu::BufferUsages::COPY_SRC,
        mapped_at_creation: false,
    });
    gpu.check(&format!("buffer {label}"))?;
    Ok(buffer)
}

/// Queue a write of `values` to the start of `buffer`.
pub(crate) fn write_f32(gpu: &Gpu, buffer: &wgpu::Buffer, values: &[f32]) {
    if !values.is_empty() {
        gpu.queue.write_buffer(buffer, 0, &bytes_of_f32(values));
    }
}

/// Queue a write of four u32 parameters to a [`params`] buffer.
pub(crate) fn write_params(gpu: &Gpu, buffer: &wgpu::Buffer, values: [u32; 4]) {
    let bytes: Vec<u8> = values.iter().flat_map(|v| v.to_le_bytes()).collect();
    gpu.queue.write_buffer(buffer, 0, &bytes);
}

/// A storage buffer holding `values`.
pub(crate) fn upload(gpu: &Gpu, label: &str, values: &[f32]) -> Result<wgpu::Buffer, GpuError> {
    let buffer = storage(gpu, label, 4 * values.len() as u64)?;
    write_f32(gpu, &buffer, values);
    Ok(buffer)
}

/// A storage buffer of `len` floats, every one NaN.
pub(crate) fn poisoned(gpu: &Gpu, label: &str, len: usize) -> Result<wgpu::Buffer, GpuError> {
    upload(gpu, label, &vec![f32::NAN; len])
}

/// Refill `buffer` (of `len` floats) with NaN.
pub(crate) fn poison(gpu: &Gpu, buffer: &wgpu::Buffer, len: usize) {
    write_f32(gpu, buffer, &vec![f32::NAN; len]);
}

/// A 16-byte uniform buffer of four u32 parameters.
pub(crate) fn params(gpu: &Gpu, label: &str, values: [u32; 4]) -> Result<wgpu::Buffer, GpuError> {
    let buffer = gpu.device.create_buffer(&wgpu::BufferDescriptor {
        label: Some(label),
        size: 16,
        usage: wgpu::BufferUsages::UNIFORM | wgpu::BufferUsages::COPY_DST,
        mapped_at_creation: false,
    });
    write_params(gpu, &buffer, values);
    gpu.check(&format!("buffer {label}"))?;
    Ok(buffer)
}

/// Map `staging` (a `MAP_READ` buffer whose copy is submitted) for reading: wait for the
/// device, report any error in `what`, then wait for the mapping.
pub(crate) fn map_for_reading(
    gpu: &Gpu,
    staging: &wgpu::Buffer,
    what: &str,
) -> Result<(), GpuError> {
    let (sender, receiver) = mpsc::channel();
    staging.map_async(wgpu::MapMode::Read, .., move |result| {
        let _ = sender.send(result);
    });
    gpu.wait()?;
    gpu.check(what)?;
    receiver
        .recv()
        .map_err(|e| GpuError::Readback(e.to_string()))?
        .map_err(|e| GpuError::Readback(e.to_string()))
}

/// Little-endian `f32`s of `bytes` (a trailing partial float is dropped).
pub(crate) fn f32s_of_bytes(bytes: &[u8]) -> impl Iterator<Item = f32> + '_ {
    bytes
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
}

/// Copy `size` bytes of `source` to a mappable buffer and return them.
pub(crate) fn read_bytes(gpu: &Gpu, source: &wgpu::Buffer, size: u64) -> Result<Vec<u8>, GpuError> {
    if size == 0 {
        return Ok(Vec::new());
    }
    let staging = gpu.device.create_buffer(&wgpu::BufferDescriptor {
        label: Some("prism readback"),
        size,
        usage: wgpu::BufferUsages::MAP_READ | wgpu::BufferUsages::COPY_DST,
        mapped_at_creation: false,
    });
    let mut encoder = gpu
        .device
        .create_command_encoder(&wgpu::CommandEncoderDescriptor::default());
    encoder.copy_buffer_to_buffer(source, 0, &staging, 0, size);
    gpu.queue.submit([encoder.finish()]);
    map_for_reading(gpu, &staging, "the read-back copy")?;
    let bytes = staging
        .get_mapped_range(..)
        .map_err(|e| GpuError::Readback(e.to_string()))?
        .to_vec();
    staging.unmap();
    Ok(bytes)
}

/// The first `len` floats of `source`.
pub(crate) fn read_f32(gpu: &Gpu, source: &wgpu::Buffer, len: usize) -> Result<Vec<f32>, GpuError> {
    let bytes = read_bytes(gpu, source, 4 * len as u64)?;
    Ok(f32s_of_bytes(&bytes).collect())
}

/// A bind group for `kernel` with `buffers[i]` at binding `bindings[i]`.
pub(crate) fn bind_group(
    gpu: &Gpu,
    layout: &wgpu::BindGroupLayout,
    entries: &[(u32, &wgpu::Buffer)],
) -> Result<wgpu::BindGroup, GpuError> {
    let entries: Vec<wgpu::BindGroupEntry> = entries
        .iter()
        .map(|(binding, buffer)| wgpu::BindGroupEntry {
            binding: *binding,
            resource: buffer.as_entire_binding(),
        })
        .collect();
    let group = gpu.device.create_bind_group(&wgpu::BindGroupDescriptor {
        label: None,
        layout,
        entries: &entries,
    });
    gpu.check("the bind group")?;
    Ok(group)
}
