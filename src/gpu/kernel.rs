//! Kernel source → prism's pipeline → naga IR → `wgpu::ComputePipeline`.
//!
//! In: GLSL 450 compute or WGSL text (the `shaders/nn/` kernels are embedded in the binary so
//! `prism bench` runs from any directory) and `#define`s selecting a variant. Out: a
//! [`Kernel`] holding the pipeline and its bind group layout. prism's own front end parses and
//! validates the source, so a broken kernel fails with prism's file/line diagnostics; wgpu gets
//! the validated module directly (`ShaderSource::Naga`) and applies its own bounds checks.
//!
//! [`GemmTile`] lives here, beside the cache that builds the GEMM variants with it, so that the
//! kernels below and the tuner above both name it without naming each other.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::device::Gpu;
use super::error::GpuError;
use crate::pipeline::{self, Compilation, CompileOptions, Failure};
use crate::shader::InputKind;
use crate::shader::Stage;

/// A kernel source file: its repository path (for diagnostics) and text.
#[derive(Clone, Copy, Debug)]
pub struct KernelSource {
    pub path: &'static str,
    pub text: &'static str,
}

/// A kernel under `shaders/nn/`: its path and its text, named once.
macro_rules! nn_kernel {
    ($vis:vis $name:ident, $file:literal) => {
        $vis const $name: KernelSource = KernelSource {
            path: concat!("shaders/nn/", $file),
            text: include_str!(concat!("../../shaders/nn/", $file)),
        };
    };
}

nn_kernel!(pub GEMM, "gemm.comp");
nn_kernel!(pub BIAS_ACT, "bias_act.comp");
nn_kernel!(pub(crate) ACT_GRAD, "act_grad.comp");
nn_kernel!(pub(crate) COLUMN_SUM, "column_sum.comp");
nn_kernel!(pub(crate) FMA_PEAK, "fma_peak.comp");
nn_kernel!(pub(crate) COPY, "copy.comp");
nn_kernel!(pub(crate) OUTPUT_DELTA, "output_delta.comp");
nn_kernel!(pub(crate) SGD, "sgd.comp");

/// A compiled compute pipeline (one entry point, bind group 0).
pub struct Kernel {
    pub label: String,
    pub pipeline: wgpu::ComputePipeline,
    pub layout: wgpu::BindGroupLayout,
}

fn options(defines: &[(&str, String)]) -> CompileOptions {
    let mut options = CompileOptions {
        stage: Some(Stage::Compute),
        ..CompileOptions::default()
    };
    options.preprocess.defines = defines
        .iter()
        .map(|(k, v)| (k.to_string(), Some(v.clone())))
        .collect();
    options
}

fn compile_error(label: &str, failure: Failure) -> GpuError {
    let message = failure
        .diagnostics
        .first()
        .map(|d| d.message.clone())
        .unwrap_or_else(|| "unknown error".to_string());
    GpuError::Compile {
        kernel: label.to_string(),
        message,
        failure: Box::new(failure),
    }
}

/// Compile GLSL compute text with `defines` into a pipeline.
pub fn compile_source(
    gpu: &Gpu,
    source: KernelSource,
    defines: &[(&str, String)],
) -> Result<Kernel, GpuError> {
    let label = variant_label(source.path, defines);
    let compiled = pipeline::compile_text(
        source.path,
        source.text,
        InputKind::Glsl,
        Some(Stage::Compute),
        &options(defines),
    )
    .map_err(|f| compile_error(&label, f))?;
    build(gpu, &label, &compiled)
}

/// `shaders/nn/gemm.comp[TRANS_A=1,VEC_A=1]`: names a variant in reports and errors.
fn variant_label(path: &str, defines: &[(&str, String)]) -> String {
    if defines.is_empty() {
        return path.to_string();
    }
    let list: Vec<String> = defines.iter().map(|(k, v)| format!("{k}={v}")).collect();
    format!("{path}[{}]", list.join(","))
}

fn build(gpu: &Gpu, label: &str, compiled: &Compilation) -> Result<Kernel, GpuError> {
    let entry = compiled
        .parsed
        .module
        .entry_points
        .iter()
        .find(|ep| ep.stage == naga::ShaderStage::Compute)
        .map(|ep| ep.name.clone())
        .ok_or_else(|| GpuError::Validation {
            what: label.to_string(),
            message: "the module has no compute entry point".to_string(),
        })?;
    gpu.check("earlier work")?;
    let module = compiled.parsed.module.clone();
    let module = gpu
        .device
        .create_shader_module(wgpu::ShaderModuleDescriptor {
            label: Some(label),
            source: wgpu::ShaderSource::Naga(Cow::Owned(module)),
        });
    let pipeline = gpu
        .device
        .create_compute_pipeline(&wgpu::ComputePipelineDescriptor {
            label: Some(label),
            layout: None,
            module: &module,
            entry_point: Some(&entry),
            compilation_options: wgpu::PipelineCompilationOptions::default(),
            cache: None,
        });
    gpu.check(&format!("the pipeline for {label}"))?;
    let layout = pipeline.get_bind_group_layout(0);
    gpu.check(&format!("the bind group layout of {label}"))?;
    Ok(Kernel {
        label: label.to_string(),
        pipeline,
        layout,
    })
}

/// Pipelines compiled once per variant and reused for every shape, and the GEMM tile
/// configuration the GEMM kernels are built with (the suite's tuner picks it per adapter).
#[derive(Default)]
pub struct KernelCache {
    kernels: HashMap<String, Arc<Kernel>>,
    gemm_tile: GemmTile,
}

impl KernelCache {
    /// A cache whose GEMM kernels use `tile` instead of [`GemmTile::default`].
    pub fn with_gemm_tile(tile: GemmTile) -> KernelCache {
        KernelCache {
            kernels: HashMap::new(),
            gemm_tile: tile,
        }
    }

    pub(crate) fn gemm_tile(&self) -> GemmTile {
        self.gemm_tile
    }

    pub(crate) fn get(
        &mut self,
        gpu: &Gpu,
        source: KernelSource,
        defines: &[(&str, String)],
    ) -> Result<Arc<Kernel>, GpuError> {
        let key = variant_label(source.path, defines);
        if let Some(kernel) = self.kernels.get(&key) {
            return Ok(kernel.clone());
        }
        let kernel = Arc::new(compile_source(gpu, source, defines)?);
        self.kernels.insert(key, kernel.clone());
        Ok(kernel)
    }
}

/// One GEMM tile configuration: a `workgroup`×`workgroup` workgroup, each invocation owning a
/// 4×4 register block, so a (4·workgroup)² tile of C, stepping `depth` along k.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, Hash)]
pub struct GemmTile {
    /// `WG` in the kernel: invocations along each side of the workgroup.
    pub workgroup: u32,
    /// `BK` in the kernel: the k step staged in workgroup memory (a multiple of 4).
    pub depth: u32,
}

impl Default for GemmTile {
    /// The first candidate: 64×64 tile, k step 16.
    fn default() -> GemmTile {
        GemmTile::CANDIDATES[0]
    }
}

impl GemmTile {
    /// The configurations the tuner tries, the default first.
    pub const CANDIDATES: [GemmTile; 4] = [
        GemmTile {
            workgroup: 16,
            depth: 16,
        },
        GemmTile {
            workgroup: 16,
            depth: 8,
        },
        GemmTile {
            workgroup: 8,
            depth: 16,
        },
        GemmTile {
            workgroup: 8,
            depth: 8,
        },
    ];

    /// The side of the square tile of C one workgroup computes.
    pub fn side(self) -> usize {
        4 * self.workgroup as usize
    }

    /// `64x64 tile (16x16 workgroup, 4x4 per invocation, k step 16)`.
    pub fn describe(self) -> String {
        format!(
            "{s}x{s} tile ({w}x{w} workgroup, 4x4 per invocation, k step {d})",
            s = self.side(),
            w = self.workgroup,
            d = self.depth
        )
    }
}
