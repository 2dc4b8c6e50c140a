//! Real GPU ISA statistics: what a driver's compiler makes of the shader.
//!
//! In: a [`Compilation`](crate::pipeline::Compilation) and the GPUs to ask ([`GpuSpec`]). Out: one [`IsaReport`] per GPU
//! (instructions, registers, spills, code size, latency ... as the driver words them), or an
//! [`IsaError`] saying what to do about it.
//!
//! # Where the numbers come from
//! `VK_KHR_pipeline_executable_properties`: a pipeline created with `CAPTURE_STATISTICS`
//! (and `CAPTURE_INTERNAL_REPRESENTATIONS`, for `--disasm`) tells what each of its
//! executables compiled to. No AMD GPU is needed for AMD numbers: Mesa's RADV driver, with
//! `RADV_FORCE_FAMILY=<family>` in the environment, exposes a "null hardware" device of that
//! family that cannot run anything but compiles real ISA with the real compiler (ACO).
//! Real devices that have the extension work too (`device:0`, or part of the device name);
//! NVIDIA's driver reports only code size and registers, and lavapipe in Mesa 22.3 does not
//! have the extension.
//!
//! # Why a child process per GPU
//! RADV picks the family when it enumerates devices, from the environment, once per
//! process; and a driver can crash on a pipeline it dislikes (a layout that does not match
//! the shader's bindings is a segfault, not an error). So the parent never loads Vulkan for a
//! RADV family: it runs `prism __isa-worker` ([`worker_main`]) with the environment set,
//! sends the jobs as JSON on stdin and reads one JSON line per job. A crash, a signal, a hang
//! (killed after [`IsaOptions::timeout`]) or garbage becomes an [`IsaError`] for that job
//! alone: the next job gets a fresh worker. Families run in parallel.
//!
//! # The files
//! Each imports only from the ones above it: `error.rs`, `families.rs` and `icd.rs` (leaves),
//! `options.rs` (what to ask), `report.rs` (what comes back), `job.rs` (a compilation as the
//! worker needs it), `protocol.rs` (the JSON lines between parent and worker), `requirements.rs` (the
//! features a SPIR-V module needs, read from its words), then the child side,
//! `vk_features.rs` (what the device has, checked before each pipeline: a driver may abort on
//! a feature it lacks), `vk_pipeline.rs` (Vulkan objects for one job) and `worker.rs`, and the parent side,
//! `spawn.rs` (one worker process per batch), `discover.rs` (which families the driver
//! knows) and `run.rs` (the entry points).
//!
//! # What is compiled
//! The parent derives everything from the naga module (`job.rs`): the SPIR-V prism
//! writes (robustness applied), descriptor set layouts from the globals the entry point
//! uses, the push-constant size, vertex attributes, colour and depth attachments. A graphics
//! shader gets a generated companion stage, written so that RADV's cross-stage optimisation
//! cannot delete or fold anything of the shader measured: a pass-through vertex shader for a
//! fragment shader (each input fed by its own vertex attribute), a fragment shader reading
//! every output for a vertex shader. Float colour outputs go to RGBA8 targets. The device is
//! created with every feature it has except the robustness ones, so the bounds checks
//! measured are prism's ([`Robustness`](crate::robustness::Robustness)) and nothing else.
//!
//! # Which executable is reported
//! The main executable is the first whose stages include the shader's stage. On RDNA
//! (`navi10` and later) RADV compiles a vertex shader as an NGG primitive shader and, on
//! RDNA2 and later, wraps it in primitive-culling code: its counts are several times a plain
//! vertex shader's. The report says so in [`IsaReport::variant`]; `vega10` (the CLI's
//! default) compiles a plain hardware vertex shader, which is what a cost comparison wants.
//!
//! # Families
//! Which families exist is the driver's to say, and Mesa renames them: 22.3 knows RDNA3 as
//! `gfx1100`-`gfx1102`, 25.0 as `navi31`-`navi33` and adds RDNA3.5 (`gfx1150`-`gfx1153`) and
//! RDNA4 (`gfx1200`, `gfx1201`). [`driver_families`] reads the names out of the installed
//! driver and probes each (`prism isa --list-gpus`); a family the driver does not know but
//! knows under its other name (`gfx1100` ↔ `navi31`) is measured under that name and the
//! report says so ([`IsaReport::measured_as`]). Any name is tried, and "unknown" comes from
//! Mesa itself. Architectures as prism describes them (checked with Mesa 22.3 and 25.0):
//!
//! | family | architecture |
//! |---|---|
//! | `tahiti` `pitcairn` `verde` `oland` `hainan` | GCN1 (Southern Islands, gfx6) |
//! | `bonaire` `kabini` `kaveri` `hawaii` | GCN2 (Sea Islands, gfx7) |
//! | `iceland` `tonga` `carrizo` `fiji` `stoney` | GCN3 (Volcanic Islands, gfx8) |
//! | `polaris10` `polaris11` `polaris12` `vegam` | GCN4 (Polaris, gfx8) |
//! | `vega10` `vega12` `vega20` `raven` `raven2` `renoir` | GCN5 (Vega, gfx9) |
//! | `arcturus`/`mi100` `aldebaran`/`mi200` `gfx940` | CDNA1-3 (gfx9, compute only) |
//! | `navi10` `navi12` `navi14` | RDNA1 (gfx10) |
//! | `navi21` `navi22` `navi23` `navi24` `vangogh` `rembrandt` `gfx1036`/`raphael_mendocino` | RDNA2 (gfx10.3) |
//! | `gfx1100`/`navi31` `gfx1101`/`navi32` `gfx1102`/`navi33` `gfx1103_r1`/`phoenix` `gfx1103_r2`/`phoenix2` | RDNA3 (gfx11) |
//! | `gfx1150` `gfx1151` `gfx1152` `gfx1153` | RDNA3.5 (gfx11.5) |
//! | `gfx1200` `gfx1201` | RDNA4 (gfx12) |
//!
//! Mesa 22.3's null `navi24`, `rembrandt` and `gfx1036` devices crash (SIGFPE) on every
//! graphics pipeline; their compute pipelines work. The error says so.
//! `navi14` compiles plain vertex shaders (RADV does not use NGG there), `navi10`/`navi12`
//! and `gfx110x` NGG without culling, `navi21`-`navi23` and `vangogh` NGG with culling.

mod discover;
mod error;
mod families;
mod icd;
mod job;
mod options;
mod protocol;
mod report;
#[cfg(feature = "isa")]
mod requirements;
mod run;
mod spawn;
#[cfg(feature = "isa")]
mod vk_features;
#[cfg(feature = "isa")]
mod vk_pipeline;
#[cfg(feature = "isa")]
mod worker;

pub use discover::{driver_families, DriverFamilies, DriverFamily};
pub use error::IsaError;
pub use families::{default_families, known_families};
pub use options::{GpuSpec, IsaOptions};
pub use report::{Executable, IsaReport, Representation, StatValue, Statistic};
pub use run::{default_gpus, list_gpus, run, run_many, GpuAvailability};
#[cfg(feature = "isa")]
pub use worker::main as worker_main;

/// Built without the `isa` feature there is no Vulkan in this binary: the worker says so and
/// fails (the parent never starts one: see [`IsaError::NotBuilt`]).
#[cfg(not(feature = "isa"))]
pub fn worker_main(_stdin: impl std::io::Read, _stdout: impl std::io::Write) -> i32 {
    eprintln!("prism: {}", IsaError::NotBuilt);
    1
}
