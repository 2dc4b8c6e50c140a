//! The protocol between `prism isa` and its `prism __isa-worker` children: one JSON
//! [`Request`] on the worker's stdin, JSON [`Response`] lines on its stdout, each after
//! [`RESPONSE_PREFIX`] so that stray driver output is skipped.
//!
//! A leaf for both sides: the parent (`spawn.rs`) and the child (`worker.rs`) name these types,
//! never each other.

use serde::{Deserialize, Serialize};

use super::error::IsaError;
use super::job::Job;
use super::report::Executable;

/// Each response line starts with this, so stray driver output on stdout is skipped.
pub const RESPONSE_PREFIX: &str = "PRISM-ISA ";

#[derive(Serialize, Deserialize, Debug)]
pub enum Request {
    /// Compile on the RADV device the `RADV_FORCE_FAMILY` in the environment selects.
    Radv { jobs: Vec<Job> },
    /// Compile on the real device `device:N` or the one whose name contains the text.
    Device { spec: String, jobs: Vec<Job> },
    /// List the devices and whether each can report statistics.
    List,
}

#[derive(Serialize, Deserialize, Debug)]
pub enum Response {
    /// The device is open; one `Job` line per job follows.
    Ready {
        device_name: String,
        driver: String,
    },
    /// No device: every job fails with this.
    Failed(IsaError),
    Job(Result<Vec<Executable>, IsaError>),
    Devices(Result<Vec<DeviceInfo>, IsaError>),
}

/// A Vulkan physical device as the worker saw it.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct DeviceInfo {
    pub index: usize,
    pub name: String,
    pub driver: String,
    pub kind: String,
    /// `VK_KHR_pipeline_executable_properties` with `pipelineExecutableInfo`.
    pub reports_statistics: bool,
    pub is_radv: bool,
    pub is_cpu: bool,
}
