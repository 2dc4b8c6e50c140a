//! The one error type of the GPU side: every step of `gpu/` returns it, so that a bad kernel,
//! an oversized buffer or a missing adapter is a value with a way out, never a panic.
//!
//! A leaf: it names no other file of `gpu/` (only the pipeline's [`Failure`], for a kernel that
//! does not compile).
//!
//! [`Failure`]: crate::pipeline::Failure

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
