//! Real GPU ISA statistics: what a driver's compiler makes of the shader.
//!
//! In: a [`Compilation`] and the GPUs to ask ([`GpuSpec`]). Out: one [`IsaReport`] per GPU
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
//! Names Mesa 22.3's RADV accepts, checked on this project's machines; `navi31`,
//! `gfx1103`, `raphael` and `mendocino` are unknown to it (newer Mesa knows more: any name
//! is tried, and "unknown" comes from Mesa itself).
//!
//! | family | architecture |
//! |---|---|
//! | `tahiti` `pitcairn` `verde` `oland` `hainan` | GCN1 (Southern Islands, gfx6) |
//! | `bonaire` `kabini` `kaveri` `hawaii` | GCN2 (Sea Islands, gfx7) |
//! | `iceland` `tonga` `carrizo` `fiji` `stoney` | GCN3 (Volcanic Islands, gfx8) |
//! | `polaris10` `polaris11` `polaris12` `vegam` | GCN4 (Polaris, gfx8) |
//! | `vega10` `vega12` `vega20` `raven` `raven2` `renoir` | GCN5 (Vega, gfx9) |
//! | `arcturus` `aldebaran` | CDNA1/CDNA2 (gfx9, compute only) |
//! | `navi10` `navi12` `navi14` | RDNA1 (gfx10) |
//! | `navi21` `navi22` `navi23` `navi24` `vangogh` `rembrandt` `gfx1036` | RDNA2 (gfx10.3) |
//! | `gfx1100` `gfx1101` `gfx1102` | RDNA3 (gfx11) |
//!
//! Mesa 22.3's null `navi24`, `rembrandt` and `gfx1036` devices crash (SIGFPE) on every
//! graphics pipeline; their compute pipelines work. The error says so.
//! `navi14` compiles plain vertex shaders (RADV does not use NGG there), `navi10`/`navi12`
//! and `gfx110x` NGG without culling, `navi21`-`navi23` and `vangogh` NGG with culling.

mod job;
mod report;
mod spawn;
mod vk_pipeline;
mod worker;

use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::pipeline::Compilation;

pub use report::{Executable, IsaReport, Representation, StatValue, Statistic};

/// The RADV families, with their architecture: see the module docs.
const FAMILIES: &[(&str, &str)] = &[
    ("tahiti", "GCN1 (Southern Islands)"),
    ("pitcairn", "GCN1 (Southern Islands)"),
    ("verde", "GCN1 (Southern Islands)"),
    ("oland", "GCN1 (Southern Islands)"),
    ("hainan", "GCN1 (Southern Islands)"),
    ("bonaire", "GCN2 (Sea Islands)"),
    ("kabini", "GCN2 (Sea Islands)"),
    ("kaveri", "GCN2 (Sea Islands)"),
    ("hawaii", "GCN2 (Sea Islands)"),
    ("iceland", "GCN3 (Volcanic Islands)"),
    ("tonga", "GCN3 (Volcanic Islands)"),
    ("carrizo", "GCN3 (Volcanic Islands)"),
    ("fiji", "GCN3 (Volcanic Islands)"),
    ("stoney", "GCN3 (Volcanic Islands)"),
    ("polaris10", "GCN4 (Polaris)"),
    ("polaris11", "GCN4 (Polaris)"),
    ("polaris12", "GCN4 (Polaris)"),
    ("vegam", "GCN4 (Polaris)"),
    ("vega10", "GCN5 (Vega)"),
    ("vega12", "GCN5 (Vega)"),
    ("vega20", "GCN5 (Vega)"),
    ("raven", "GCN5 (Vega)"),
    ("raven2", "GCN5 (Vega)"),
    ("renoir", "GCN5 (Vega)"),
    ("arcturus", "CDNA1 (compute only)"),
    ("aldebaran", "CDNA2 (compute only)"),
    ("navi10", "RDNA1"),
    ("navi12", "RDNA1"),
    ("navi14", "RDNA1"),
    ("navi21", "RDNA2"),
    ("navi22", "RDNA2"),
    ("navi23", "RDNA2"),
    ("navi24", "RDNA2"),
    ("vangogh", "RDNA2"),
    ("rembrandt", "RDNA2"),
    ("gfx1036", "RDNA2"),
    ("gfx1100", "RDNA3"),
    ("gfx1101", "RDNA3"),
    ("gfx1102", "RDNA3"),
];

/// Families whose null device in Mesa 22.3 crashes (SIGFPE) on every graphics pipeline;
/// their compute pipelines work.
const GRAPHICS_CRASHES: &[&str] = &["navi24", "rembrandt", "gfx1036"];

/// Every RADV family name prism has checked, with its architecture (`"GCN5 (Vega)"`).
pub fn known_families() -> &'static [(&'static str, &'static str)] {
    FAMILIES
}

fn known_family_names() -> String {
    FAMILIES
        .iter()
        .map(|(name, _)| *name)
        .collect::<Vec<_>>()
        .join(", ")
}

fn architecture(family: &str) -> Option<&'static str> {
    FAMILIES
        .iter()
        .find(|(name, _)| *name == family)
        .map(|(_, arch)| *arch)
}

/// Options of an ISA run.
#[derive(Clone, Debug)]
pub struct IsaOptions {
    /// The prism executable that runs `__isa-worker` (the CLI passes its own path).
    pub worker: PathBuf,
    /// Also fetch the internal representations (assembly, ACO IR, NIR).
    pub disasm: bool,
    /// How long one worker may take to answer before it is killed.
    pub timeout: Duration,
}

impl IsaOptions {
    pub fn new(worker: impl Into<PathBuf>) -> IsaOptions {
        IsaOptions {
            worker: worker.into(),
            disasm: false,
            timeout: Duration::from_secs(60),
        }
    }
}

/// A GPU to ask.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum GpuSpec {
    /// A RADV null device: `vega10`, `navi21`, `gfx1100`, ...
    Family(String),
    /// A real Vulkan device: `device:N` (index in `--list-gpus`) or part of its name.
    Device(String),
}

impl FromStr for GpuSpec {
    type Err = String;

    /// `device:N` is a device; a known family, or a name shaped like an AMD family name
    /// (`navi31`, `gfx1150`: letters then digits), is a family; `family:x` forces one;
    /// anything else is part of a device name (`nvidia`, `rtx`).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        if text.is_empty() {
            return Err("empty GPU name".into());
        }
        if text.starts_with("device:") {
            return Ok(GpuSpec::Device(text.into()));
        }
        if let Some(family) = text.strip_prefix("family:").map(str::trim) {
            if family.is_empty() {
                return Err("`family:` needs a family name (`family:navi31`)".into());
            }
            return Ok(GpuSpec::Family(family.to_lowercase()));
        }
        let lower = text.to_lowercase();
        let letters = lower.trim_end_matches(|c: char| c.is_ascii_digit());
        let amd_shaped = ["gfx", "navi", "vega", "polaris"].contains(&letters);
        if architecture(&lower).is_some() || amd_shaped {
            Ok(GpuSpec::Family(lower))
        } else {
            Ok(GpuSpec::Device(text.into()))
        }
    }
}

impl std::fmt::Display for GpuSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GpuSpec::Family(name) | GpuSpec::Device(name) => f.write_str(name),
        }
    }
}

impl GpuSpec {
    /// Parse a GPU named where a typo must stop the run (`prism lint --gpu`, prism.toml's
    /// `gpus`): a family prism knows, `family:NAME` for one it has not checked, or
    /// `device:N`. Unlike [`FromStr`], a bare word is never taken as part of a device name,
    /// so `vega01` is an error, not a search for a device called that.
    pub fn parse_strict(text: &str) -> Result<GpuSpec, String> {
        let text = text.trim();
        let spec: GpuSpec = text.parse()?;
        let known = match &spec {
            GpuSpec::Family(name) => text.starts_with("family:") || architecture(name).is_some(),
            GpuSpec::Device(_) => text
                .strip_prefix("device:")
                .is_some_and(|index| index.parse::<usize>().is_ok()),
        };
        if known {
            Ok(spec)
        } else {
            Err(format!(
                "unknown GPU `{text}`: name a RADV family ({}), `family:NAME` for one prism has not checked, or a Vulkan device as `device:N` (see `prism isa --list-gpus`)",
                known_family_names()
            ))
        }
    }

    fn target(&self) -> spawn::Target<'_> {
        match self {
            GpuSpec::Family(name) => spawn::Target::Family(name),
            GpuSpec::Device(spec) => spawn::Target::Device(spec),
        }
    }
}

const INSTALL_HINT: &str =
    "install Mesa's Vulkan drivers and the loader: apt-get install mesa-vulkan-drivers libvulkan1";

/// Why a GPU gave no report.
#[derive(thiserror::Error, Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "detail", rename_all = "kebab-case")]
pub enum IsaError {
    #[error("cannot load Vulkan ({0}); {INSTALL_HINT}")]
    NoVulkan(String),
    #[error("Mesa's RADV driver is not available ({reason}); {INSTALL_HINT}")]
    NoRadv { reason: String },
    #[error("unknown GPU family `{family}`; known: {known}")]
    UnknownFamily { family: String, known: String },
    #[error("no Vulkan device matches `{spec}` (devices: {}); for AMD ISA without an AMD GPU, name a RADV family (see --list-gpus)", if devices.is_empty() { "none".to_string() } else { devices.join(", ") })]
    NoDevice { spec: String, devices: Vec<String> },
    #[error(
        "{device} cannot report pipeline statistics (no VK_KHR_pipeline_executable_properties)"
    )]
    NoStatistics { device: String },
    #[error("the shader is not supported by `prism isa`: {0}")]
    Unsupported(String),
    #[error("SPIR-V: {0}")]
    Spirv(String),
    #[error("{call} failed: {result}")]
    Vulkan { call: String, result: String },
    #[error("the ISA worker for {gpu} {how}{}", if stderr.is_empty() { String::new() } else { format!("; its last words:\n{stderr}") })]
    WorkerCrashed {
        gpu: String,
        /// What happened and when: "was killed by signal 11 (SIGSEGV) while compiling ...".
        how: String,
        /// The end of the worker's stderr (Mesa's messages).
        stderr: String,
    },
    #[error(
        "the ISA worker for {gpu} took longer than {seconds} s and was killed (raise --timeout)"
    )]
    Timeout { gpu: String, seconds: f64 },
    #[error("cannot start the ISA worker `{worker}`: {reason}")]
    Spawn { worker: String, reason: String },
    #[error("ISA worker protocol: {0}")]
    Protocol(String),
    #[error("internal error in prism isa: {0}")]
    Internal(String),
}

/// Compile the compilation's entry point on each GPU; results in the order of `gpus`.
pub fn run(
    compilation: &Compilation,
    gpus: &[GpuSpec],
    options: &IsaOptions,
) -> Vec<Result<IsaReport, IsaError>> {
    let job = match job::build(compilation, options.disasm) {
        Ok(job) => job,
        Err(error) => return gpus.iter().map(|_| Err(error.clone())).collect(),
    };
    gpus.par_iter()
        .map(|gpu| {
            let jobs = std::slice::from_ref(&job);
            let batch = spawn::run_batch(gpu.target(), jobs, options);
            let result =
                batch.results.into_iter().next().unwrap_or_else(|| {
                    Err(IsaError::Internal("the worker returned no result".into()))
                });
            assemble(gpu, &job, batch.device, result)
        })
        .collect()
}

/// Compile many shaders on one GPU with as few worker processes as crashes allow (one when
/// none crashes); results in the order of `compilations`.
pub fn run_many(
    compilations: &[&Compilation],
    gpu: &GpuSpec,
    options: &IsaOptions,
) -> Vec<Result<IsaReport, IsaError>> {
    let built: Vec<_> = compilations
        .iter()
        .map(|c| job::build(c, options.disasm))
        .collect();
    let jobs: Vec<job::Job> = built
        .iter()
        .filter_map(|b| b.as_ref().ok())
        .cloned()
        .collect();
    let batch = spawn::run_batch(gpu.target(), &jobs, options);
    let mut results = batch.results.into_iter();
    built
        .into_iter()
        .map(|built| {
            let job = built?;
            let result = results.next().unwrap_or_else(|| {
                Err(IsaError::Internal(
                    "the worker returned too few results".into(),
                ))
            });
            assemble(gpu, &job, batch.device.clone(), result)
        })
        .collect()
}

fn assemble(
    gpu: &GpuSpec,
    job: &job::Job,
    device: Result<(String, String), IsaError>,
    executables: Result<Vec<Executable>, IsaError>,
) -> Result<IsaReport, IsaError> {
    let (device_name, driver) = device?;
    let mut executables = executables?;
    let stage = job.stage.name();
    let main = executables
        .iter()
        .position(|e| e.stages.iter().any(|s| s == stage));
    let variant = main.and_then(|i| variant(job.stage, &executables[i]));
    if !job.disasm {
        // Fetched only to tell the variant.
        for executable in &mut executables {
            executable.representations.clear();
        }
    }
    Ok(IsaReport {
        gpu: gpu.to_string(),
        device_name,
        driver,
        stage: stage.to_string(),
        variant,
        executables,
        main,
    })
}

/// What the driver made of a vertex shader when it is not a plain hardware vertex shader,
/// read from its NIR and assembly (RADV's names, checked with Mesa 22.3): NGG shaders export
/// primitives themselves (`export_primitive_amd`, `alloc_vertices_and_primitives_amd`, the
/// `GS_ALLOC_REQ` message); culling ones re-run the vertex arguments after compaction
/// (`overwrite_vs_arguments_amd`).
fn variant(stage: crate::shader::Stage, main: &Executable) -> Option<String> {
    if stage != crate::shader::Stage::Vertex {
        return None;
    }
    let text: String = main
        .representations
        .iter()
        .map(|r| r.text.to_lowercase())
        .collect();
    let ngg = [
        "export_primitive_amd",
        "alloc_vertices_and_primitives_amd",
        "gs_alloc_req",
    ]
    .iter()
    .any(|marker| text.contains(marker));
    if !ngg {
        return None;
    }
    Some(if text.contains("overwrite_vs_arguments_amd") {
        "vertex shader compiled as NGG primitive shader (with culling): counts include culling code; use vega10 for a plain vertex shader".into()
    } else {
        "vertex shader compiled as NGG primitive shader (no culling): counts include primitive export code; use vega10 for a plain vertex shader".into()
    })
}

/// Whether a GPU can be asked, and if not, why.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct GpuAvailability {
    /// What to pass to `--gpu`: a family name or `device:N`.
    pub gpu: String,
    /// The architecture of a family, the device type of a real device.
    pub kind: String,
    /// The device name the driver gives, when it opened.
    pub device_name: Option<String>,
    pub available: bool,
    /// Why not, when not.
    pub reason: Option<String>,
}

/// Every known RADV family (each probed in its own worker) and every real Vulkan device.
pub fn list_gpus(options: &IsaOptions) -> Vec<GpuAvailability> {
    let mut out: Vec<GpuAvailability> = FAMILIES
        .par_iter()
        .map(|(family, arch)| {
            let batch = spawn::run_batch(spawn::Target::Family(family), &[], options);
            let (device_name, reason) = match batch.device {
                Ok((name, _)) => (Some(name), None),
                Err(error) => (None, Some(error.to_string())),
            };
            GpuAvailability {
                gpu: family.to_string(),
                kind: arch.to_string(),
                available: reason.is_none(),
                device_name,
                reason,
            }
        })
        .collect();
    match spawn::list_devices(options) {
        Ok(devices) => out.extend(devices.into_iter().map(|d| {
            let reason = (!d.reports_statistics)
                .then(|| "no VK_KHR_pipeline_executable_properties".to_string());
            GpuAvailability {
                gpu: format!("device:{}", d.index),
                kind: format!("{} ({})", d.kind, d.driver),
                device_name: Some(d.name),
                available: reason.is_none(),
                reason,
            }
        })),
        Err(error) => out.push(GpuAvailability {
            gpu: "device:*".into(),
            kind: "real Vulkan devices".into(),
            device_name: None,
            available: false,
            reason: Some(error.to_string()),
        }),
    }
    out
}

/// The body of `prism __isa-worker`: reads one request on stdin, answers on stdout; the
/// exit status is 0 unless the protocol itself failed.
pub fn worker_main(stdin: impl std::io::Read, stdout: impl std::io::Write) -> i32 {
    worker::main(stdin, stdout)
}
