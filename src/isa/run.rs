//! Running the jobs: build a job from the compilation, hand it to a worker per GPU (families
//! in parallel), and assemble each answer into an [`IsaReport`]; and listing the GPUs there
//! are.
//!
//! In: [`Compilation`]s and [`GpuSpec`]s. Out: one result per compilation or GPU, in the order
//! given. The main executable is the first whose stages include the shader's; a vertex shader
//! RADV compiled as an NGG primitive shader says so in [`IsaReport::variant`].

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::discover::driver_families;
use super::error::IsaError;
use super::families::{architecture, known_families, other_name};
use super::job::{self, Job};
use super::options::{GpuSpec, IsaOptions};
use super::report::{Executable, IsaReport};
use super::spawn::{self, Target};
use crate::pipeline::Compilation;
use crate::shader::Stage;

/// The GPUs measured when none are named ([`default_families`](super::default_families) of
/// the installed driver: GCN5, RDNA3 and, where the driver has one, RDNA4, under the names
/// this driver knows); none when no RADV driver is installed or this build has no `isa`
/// feature.
pub fn default_gpus(options: &IsaOptions) -> Vec<GpuSpec> {
    if !cfg!(feature = "isa") {
        return Vec::new();
    }
    match driver_families(options) {
        Ok(found) => super::families::default_families(&|name| found.knows(name))
            .into_iter()
            .map(GpuSpec::Family)
            .collect(),
        Err(_) => Vec::new(),
    }
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
            let (batch, measured_as) = run_batch(gpu, jobs, options);
            let result =
                batch.results.into_iter().next().unwrap_or_else(|| {
                    Err(IsaError::Internal("the worker returned no result".into()))
                });
            assemble(gpu, &job, batch.device, result, measured_as)
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
    let (batch, measured_as) = run_batch(gpu, &jobs, options);
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
            assemble(gpu, &job, batch.device.clone(), result, measured_as.clone())
        })
        .collect()
}

/// Run the jobs on one GPU. A family this driver does not know is tried under its other Mesa
/// name (`gfx1100` ↔ `navi31`), returned beside the batch; when neither opens, the error
/// lists the families this driver does know.
fn run_batch(gpu: &GpuSpec, jobs: &[Job], options: &IsaOptions) -> (spawn::Batch, Option<String>) {
    let batch = spawn::run_batch(Target::from(gpu), jobs, options);
    let GpuSpec::Family(family) = gpu else {
        return (batch, None);
    };
    let Err(IsaError::UnknownFamily { .. }) = &batch.device else {
        return (batch, None);
    };
    if let Some(other) = other_name(family) {
        let renamed = spawn::run_batch(Target::Family(other), jobs, options);
        if renamed.device.is_ok() {
            return (renamed, Some(other.to_string()));
        }
    }
    let Ok(known) = driver_families(options) else {
        return (batch, None);
    };
    let error = IsaError::UnknownFamily {
        family: family.clone(),
        known: format!("{} ({})", known.names(), known.driver),
    };
    let batch = spawn::Batch {
        device: Err(error.clone()),
        results: jobs.iter().map(|_| Err(error.clone())).collect(),
    };
    (batch, None)
}

fn assemble(
    gpu: &GpuSpec,
    job: &Job,
    device: Result<(String, String), IsaError>,
    executables: Result<Vec<Executable>, IsaError>,
    measured_as: Option<String>,
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
        measured_as,
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

/// Whether a GPU can be asked, and if not, why. (Fields in alphabetical order: the JSON was
/// first written through `serde_json::Value`.)
#[derive(Clone, Debug, Serialize, Deserialize, schemars::JsonSchema)]
pub struct GpuAvailability {
    pub available: bool,
    /// The device name the driver gives, when it opened.
    pub device_name: Option<String>,
    /// The driver that opened it, name and version (`radv Mesa 25.0.7`), when one did.
    pub driver: Option<String>,
    /// What to pass to `--gpu`: a family name or `device:N`.
    pub gpu: String,
    /// The architecture of a family (`?` for one prism cannot describe), the device type of a
    /// real device.
    pub kind: String,
    /// Why not, when not; for a family this driver calls by another name, which.
    pub reason: Option<String>,
}

/// Every family the installed RADV driver knows (read from the driver and probed, see
/// `discover.rs`), the names prism describes that this driver does not know (with the name
/// it uses instead, if any), and every real Vulkan device.
pub fn list_gpus(options: &IsaOptions) -> Vec<GpuAvailability> {
    let mut out = Vec::new();
    match driver_families(options) {
        Ok(found) => {
            // In prism's architecture order; names prism cannot describe last, as the driver
            // listed them.
            let mut families: Vec<_> = found.families.iter().collect();
            families.sort_by_key(|f| {
                known_families()
                    .iter()
                    .position(|(name, _)| *name == f.name)
                    .unwrap_or(usize::MAX)
            });
            out.extend(families.into_iter().map(|family| GpuAvailability {
                gpu: family.name.clone(),
                kind: architecture(&family.name).unwrap_or("?").to_string(),
                device_name: Some(family.device_name.clone()),
                driver: Some(found.driver.clone()),
                available: true,
                reason: None,
            }));
            out.extend(
                known_families()
                    .iter()
                    .filter(|(name, _)| !found.knows(name))
                    .map(|(name, arch)| {
                        let reason = match other_name(name).filter(|o| found.knows(o)) {
                            Some(other) => format!(
                                "{} calls this chip `{other}`: `--gpu {name}` measures `{other}`",
                                found.driver
                            ),
                            None => format!("{} does not know this family", found.driver),
                        };
                        GpuAvailability {
                            gpu: name.to_string(),
                            kind: arch.to_string(),
                            device_name: None,
                            driver: None,
                            available: false,
                            reason: Some(reason),
                        }
                    }),
            );
        }
        Err(error) => out.push(GpuAvailability {
            gpu: "family:*".into(),
            kind: "RADV null devices".into(),
            device_name: None,
            driver: None,
            available: false,
            reason: Some(error.to_string()),
        }),
    }
    match spawn::list_devices(options) {
        Ok(devices) => out.extend(devices.into_iter().map(|d| {
            let reason = (!d.reports_statistics)
                .then(|| "no VK_KHR_pipeline_executable_properties".to_string());
            GpuAvailability {
                gpu: format!("device:{}", d.index),
                kind: d.kind.clone(),
                device_name: Some(d.name),
                driver: Some(d.driver),
                available: reason.is_none(),
                reason,
            }
        })),
        Err(error) => out.push(GpuAvailability {
            gpu: "device:*".into(),
            kind: "real Vulkan devices".into(),
            device_name: None,
            driver: None,
            available: false,
            reason: Some(error.to_string()),
        }),
    }
    out
}
