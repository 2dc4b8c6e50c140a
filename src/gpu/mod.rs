//! GPU compute through wgpu: the harness `prism bench` runs prism's own kernels on.
//!
//! In: a kernel source (GLSL 450 compute or WGSL), compiled by prism's own
//! [`pipeline`](crate::pipeline) and handed to wgpu as naga IR, plus host data. Out: verified
//! results and timing statistics, as values; this module never prints.
//!
//! The layers, each importing only from the ones above it:
//! - [`error`]: [`GpuError`], what can go wrong and what to do about it.
//! - [`device`]: adapter enumeration and device creation with the adapter's real limits (not
//!   wgpu's defaults: the Neanderthal network's input alone is 400 MB) and timestamp queries
//!   where the adapter has them.
//! - `buffers`: storage buffers, NaN-poisoned outputs, read-back, bind groups.
//! - [`kernel`]: a kernel source plus `#define`s → a validated naga module → a
//!   `wgpu::ComputePipeline`, cached per variant, and the GEMM tile the GEMM variants use.
//! - [`timing`]: dispatches; warm-up, repeats, timestamp queries scaled by the timestamp
//!   period, and a wall-clock fallback labelled as such; median/min/max/stddev.
//! - [`kernels`]: the explicit list of kernels in `shaders/nn/` (GEMM, elementwise, the peaks,
//!   the training kernels): their shapes, inputs, f64 CPU references and dispatches.
//! - [`suite`]: which cases run, verify-then-time per case, and the GEMM tile autotuner.
//! - [`report`]: the versioned report, each row against the peaks (roofline), its SVG plots,
//!   and two reports compared or many merged.
//! - [`isa_costs`]: every kernel variant as the bench builds it, through prism's ISA path
//!   (RADV's null device): registers, occupancy, the inner loop's FMA share.
//! - [`network`]: a fully connected network built from the kernels: forward, an SGD training
//!   step with momentum, and its f64 reference; [`network_bench`] times the Neanderthal one.
//!
//! The traps: wgpu reports validation errors through a callback that panics by default; the
//! device installed here collects them instead, and every step checks them, so a bad kernel
//! or an oversized buffer is an error value, never a crash. Lavapipe (Mesa's CPU Vulkan
//! device) runs everything, but its timestamps are CPU clock readings: figures from a CPU
//! device are CPU-emulated and the report says so ([`device::AdapterSummary::is_cpu`]).

pub(crate) mod buffers;
pub mod device;
pub mod error;
pub mod isa_costs;
pub mod kernel;
pub mod kernels;
pub mod network;
pub mod network_bench;
pub mod report;
pub mod suite;
pub mod timing;

pub use device::{AdapterSummary, Gpu};
pub use error::GpuError;
