//! GPU compute through wgpu: the harness `prism bench` runs prism's own kernels on.
//!
//! In: a kernel source (GLSL 450 compute or WGSL), compiled by prism's own
//! [`pipeline`](crate::pipeline) and handed to wgpu as naga IR, plus host data. Out: verified
//! results and timing statistics, as values; this module never prints.
//!
//! The stages, one file each:
//! - [`device`]: adapter enumeration and device creation with the adapter's real limits (not
//!   wgpu's defaults: the Neanderthal network's input alone is 400 MB) and timestamp queries
//!   where the adapter has them.
//! - [`kernel`]: a kernel source plus `#define`s → a validated naga module → a
//!   `wgpu::ComputePipeline`, cached per variant.
//! - [`buffers`]: storage buffers, NaN-poisoned outputs, read-back.
//! - [`timing`]: warm-up, repeats, timestamp queries scaled by the timestamp period, and a
//!   wall-clock fallback labelled as such; median/min/max/stddev.
//! - [`nn`]: the neural-network kernels in `shaders/nn/`, their shapes, inputs and f64 CPU
//!   references; [`peak`]: the FMA-chain and copy kernels that measure the adapter's peaks;
//!   [`bench`]: the suite runner; [`roofline`]: each row against the peaks;
//!   [`report`]: the versioned report; [`plot`]: its SVG plots; [`compare`] and [`merge`]:
//!   two reports, or many.
//! - [`tune`]: the GEMM tile configuration per adapter, measured and cached in a file.
//! - [`network`]: a fully connected network built from the [`nn`] kernels: forward, an SGD
//!   training step with momentum, and its f64 reference.
//!
//! The traps: wgpu reports validation errors through a callback that panics by default; the
//! device installed here collects them instead, and every step checks them, so a bad kernel
//! or an oversized buffer is an error value, never a crash. Lavapipe (Mesa's CPU Vulkan
//! device) runs everything, but its timestamps are CPU clock readings: figures from a CPU
//! device are CPU-emulated and the report says so ([`device::AdapterSummary::is_cpu`]).

pub mod bench;
pub mod buffers;
pub mod compare;
pub mod device;
pub mod kernel;
pub mod merge;
pub mod network;
pub mod network_bench;
pub mod nn;
pub mod peak;
pub mod plot;
pub mod report;
pub mod roofline;
pub mod timing;
pub mod tune;

pub use device::{AdapterSummary, Gpu};

/// Everything that can go wrong on the GPU side, with what to do about it.
#[derive(Debug, thiserror::Error)]
pub enum GpuError {
    #[error(
        "no GPU adapter found; on Linux without a GPU install Mesa's CPU Vulkan driver \
         (`apt-get install mesa-vulkan-drivers libvulkan1`), or check `WGPU_BACKEND`"
    )]
    NoAdapter,
    #[error("adapter {index} does not exist; `prism bench --list` shows the {count} found")]
    AdapterIndex { index: usize, count: usize },
    #[error("could not create a device on {adapter}: {message}")]
    RequestDevice { adapter: String, message: String },
    #[error("kernel {kernel} did not compile: {message}")]
    Compile {
        kernel: String,
        message: String,
        /// The full diagnostics, for rendering with the sources.
        failure: Box<crate::pipeline::Failure>,
    },
    #[error("wgpu rejected {what}: {message}")]
    Validation { what: String, message: String },
    #[error(
        "{what} needs a {bytes}-byte buffer but this adapter allows {limit} bytes per storage \
         binding; use smaller --sizes"
    )]
    TooLarge {
        what: String,
        bytes: u64,
        limit: u64,
    },
    #[error("reading results back failed: {0}")]
    Readback(String),
    #[error("waiting for the device failed: {0}")]
    Poll(String),
}
