//! Adapters and devices.
//!
//! In: the wgpu instance's adapters (backends from `WGPU_BACKEND`, all compiled-in ones by
//! default). Out: [`AdapterSummary`] values for listing, and a [`Gpu`] (device + queue) created
//! with the adapter's own limits and `TIMESTAMP_QUERY` when the adapter has it.

use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

use super::error::GpuError;

/// What a report needs to know about an adapter.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct AdapterSummary {
    /// Position in [`enumerate`]'s list: what `--adapter N` selects.
    pub index: usize,
    pub name: String,
    pub backend: String,
    pub device_type: String,
    pub driver: String,
    pub driver_info: String,
    pub vendor: u32,
    pub device: u32,
    /// A CPU device (lavapipe, WARP, SwiftShader): its timings are CPU-emulated and are never
    /// GPU performance.
    pub is_cpu: bool,
    pub timestamps: bool,
}

fn instance() -> wgpu::Instance {
    wgpu::Instance::new(wgpu::InstanceDescriptor::new_without_display_handle_from_env())
}

fn adapters(instance: &wgpu::Instance) -> Vec<wgpu::Adapter> {
    pollster::block_on(instance.enumerate_adapters(wgpu::Backends::all()))
}

fn summary(index: usize, adapter: &wgpu::Adapter) -> AdapterSummary {
    let info = adapter.get_info();
    AdapterSummary {
        index,
        name: info.name.clone(),
        backend: format!("{:?}", info.backend),
        device_type: format!("{:?}", info.device_type),
        driver: info.driver.clone(),
        driver_info: info.driver_info.clone(),
        vendor: info.vendor,
        device: info.device,
        is_cpu: info.device_type == wgpu::DeviceType::Cpu,
        timestamps: adapter.features().contains(wgpu::Features::TIMESTAMP_QUERY),
    }
}

/// Every adapter wgpu finds, in a stable order.
pub fn enumerate() -> Vec<AdapterSummary> {
    adapters(&instance())
        .iter()
        .enumerate()
        .map(|(i, a)| summary(i, a))
        .collect()
}

/// The adapter `prism bench` picks without `--adapter`: a discrete GPU over an integrated one
/// over anything else, a CPU device last.
pub fn best_index(list: &[AdapterSummary]) -> Option<usize> {
    let rank = |a: &AdapterSummary| match a.device_type.as_str() {
        "DiscreteGpu" => 0,
        "IntegratedGpu" => 1,
        "VirtualGpu" => 2,
        "Other" => 3,
        _ => 4,
    };
    list.iter()
        .min_by_key(|a| (rank(a), a.index))
        .map(|a| a.index)
}

/// The limits the device was created with that matter for compute.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct LimitsUsed {
    pub max_buffer_size: u64,
    pub max_storage_buffer_binding_size: u64,
    pub max_compute_workgroup_storage_size: u32,
    pub max_compute_invocations_per_workgroup: u32,
    pub max_compute_workgroups_per_dimension: u32,
}

/// A device and its queue on one adapter.
pub struct Gpu {
    pub adapter: AdapterSummary,
    pub limits: LimitsUsed,
    pub device: wgpu::Device,
    pub queue: wgpu::Queue,
    /// Whether timestamp queries were enabled on the device.
    pub timestamps: bool,
    /// Whether kernels may use subgroup operations: the device was created with `SUBGROUP`
    /// (the adapter has it) and nobody turned them off (`--no-subgroups`, tests forcing the
    /// fallback).
    pub subgroups: bool,
    errors: Arc<Mutex<Vec<String>>>,
}

impl Gpu {
    /// Open adapter `index` of [`enumerate`]'s list, or the [`best_index`] one.
    pub fn open(index: Option<usize>) -> Result<Gpu, GpuError> {
        let instance = instance();
        let adapters = adapters(&instance);
        let list: Vec<_> = adapters
            .iter()
            .enumerate()
            .map(|(i, a)| summary(i, a))
            .collect();
        let index = match index {
            Some(i) if i < adapters.len() => i,
            Some(i) => {
                return Err(if adapters.is_empty() {
                    GpuError::NoAdapter
                } else {
                    GpuError::AdapterIndex {
                        index: i,
                        count: adapters.len(),
                    }
                })
            }
            None => best_index(&list).ok_or(GpuError::NoAdapter)?,
        };
        let adapter = &adapters[index];
        let summary = list[index].clone();
        let mut features = if summary.timestamps {
            wgpu::Features::TIMESTAMP_QUERY
        } else {
            wgpu::Features::empty()
        };
        // Subgroup operations where the adapter has them: the narrow column sum uses them
        // (`column_sum_subgroup.wgsl`); `--no-subgroups` turns `Gpu::subgroups` off after.
        let subgroups = adapter.features().contains(wgpu::Features::SUBGROUP);
        if subgroups {
            features |= wgpu::Features::SUBGROUP;
        }
        // The adapter's real limits: wgpu's defaults cap storage bindings at 128 MiB.
        let limits = adapter.limits();
        let descriptor = wgpu::DeviceDescriptor {
            label: Some("prism bench"),
            required_features: features,
            required_limits: limits.clone(),
            experimental_features: wgpu::ExperimentalFeatures::disabled(),
            memory_hints: wgpu::MemoryHints::Performance,
            trace: wgpu::Trace::Off,
        };
        let (device, queue) =
            pollster::block_on(adapter.request_device(&descriptor)).map_err(|e| {
                GpuError::RequestDevice {
                    adapter: summary.name.clone(),
                    message: e.to_string(),
                }
            })?;
        let errors = Arc::new(Mutex::new(Vec::new()));
        let sink = errors.clone();
        device.on_uncaptured_error(Arc::new(move |error: wgpu::Error| {
            if let Ok(mut errors) = sink.lock() {
                errors.push(error.to_string());
            }
        }));
        Ok(Gpu {
            limits: LimitsUsed {
                max_buffer_size: limits.max_buffer_size,
                max_storage_buffer_binding_size: limits.max_storage_buffer_binding_size,
                max_compute_workgroup_storage_size: limits.max_compute_workgroup_storage_size,
                max_compute_invocations_per_workgroup: limits.max_compute_invocations_per_workgroup,
                max_compute_workgroups_per_dimension: limits.max_compute_workgroups_per_dimension,
            },
            timestamps: summary.timestamps,
            subgroups,
            adapter: summary,
            device,
            queue,
            errors,
        })
    }

    /// Fails with the validation errors wgpu reported since the last check, if any.
    pub(crate) fn check(&self, what: &str) -> Result<(), GpuError> {
        let drained: Vec<String> = match self.errors.lock() {
            Ok(mut errors) => errors.drain(..).collect(),
            Err(_) => Vec::new(),
        };
        if drained.is_empty() {
            Ok(())
        } else {
            Err(GpuError::Validation {
                what: what.to_string(),
                message: drained.join("; "),
            })
        }
    }

    /// Block until the queue is idle.
    pub(crate) fn wait(&self) -> Result<(), GpuError> {
        self.device
            .poll(wgpu::PollType::wait_indefinitely())
            .map(|_| ())
            .map_err(|e| GpuError::Poll(e.to_string()))
    }
}
