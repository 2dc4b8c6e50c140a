//! Running the jobs: build a job from the compilation, hand it to a worker per GPU (families
//! in parallel), and assemble each answer into an [`IsaReport`]; and listing the GPUs there
//! are.
//!
//! In: [`Compilation`]s and [`GpuSpec`]s. Out: one result per compilation or GPU, in the order
//! given. The main executable is the first whose stages include the shader's; a vertex shader
//! RADV compiled as an NGG primitive shader says so in [`IsaReport::variant`].

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::error::IsaError;
use super::families::FAMILIES;
use super::job::{self, Job};
use super::options::{GpuSpec, IsaOptions};
use super::report::{Executable, IsaReport};
use super::spawn::{self, Target};
use crate::pipeline::Compilation;
use crate::shader::Stage;

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
            let batch = spawn::run_batch(Target::from(gpu), jobs, options);
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
    let jobs: Vec<Job> = built
        .iter()
        .filter_map(|b| b.as_ref().ok())
        .cloned()
        .collect();
    let batch = spawn::run_batch(Target::from(gpu), &jobs, options);
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
    job: &Job,
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
fn variant(stage: Stage, main: &Executable) -> Option<String> {
    if stage != Stage::Vertex {
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
            let batch = spawn::run_batch(Target::Family(family), &[], options);
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
