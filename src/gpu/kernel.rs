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
use crate::robustness::{Policy, Preset, Robustness};
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
nn_kernel!(pub GEMM_REG, "gemm_reg.comp");
nn_kernel!(pub BIAS_ACT, "bias_act.comp");
nn_kernel!(pub(crate) ACT_GRAD, "act_grad.comp");
nn_kernel!(pub(crate) COLUMN_SUM, "column_sum.comp");
nn_kernel!(pub(crate) COLUMN_SUM_SUBGROUP, "column_sum_subgroup.wgsl");
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

/// How a kernel's bounds checks are made. `Wgpu` is what `prism bench` runs by default
/// (`create_shader_module`: wgpu's Restrict checks plus naga's loop bounding). The others are
/// trusted modules (`create_shader_module_trusted`) with loop bounding off, so that what
/// differs between them is the bounds checks alone: `none` with no checks, `webgpu` with
/// wgpu's bounds checks (Restrict, what prism's `webgpu` preset models), and
/// read-zero-skip-write written by prism's SPIR-V writer and read back by naga (wgpu cannot
/// make that policy itself).
///
/// Measured on lavapipe (Mesa 25.0): the GEMM kernels read back from prism's SPIR-V with
/// Restrict or read-zero-skip-write checks never finish a dispatch (killed after 40 s at
/// 128³, where the wgpu and `none` builds take 3 s): the read-back path is used only for
/// read-zero-skip-write, and not for GEMMs ([`KernelBuild::runs`]).
#[derive(
    Clone, Copy, Debug, Default, Serialize, Deserialize, PartialEq, Eq, Hash, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum KernelBuild {
    /// naga IR to `create_shader_module`: wgpu's Restrict checks and loop bounding.
    #[default]
    Wgpu,
    /// prism preset `none`: no checks at all.
    Unchecked,
    /// prism preset `webgpu`: Restrict everywhere (a clamp per access).
    Webgpu,
    /// Read-zero-skip-write everywhere: a compare and a branch per access.
    ReadZeroSkipWrite,
}

impl KernelBuild {
    pub const ALL: [KernelBuild; 4] = [
        KernelBuild::Unchecked,
        KernelBuild::Webgpu,
        KernelBuild::ReadZeroSkipWrite,
        KernelBuild::Wgpu,
    ];

    pub fn name(self) -> &'static str {
        match self {
            KernelBuild::Wgpu => "wgpu",
            KernelBuild::Unchecked => "none",
            KernelBuild::Webgpu => "webgpu",
            KernelBuild::ReadZeroSkipWrite => "read-zero-skip-write",
        }
    }

    /// Whether this build runs `kernel` (see the type's docs: read-zero-skip-write GEMMs hang
    /// lavapipe).
    pub fn runs(self, gemm: bool) -> Result<(), &'static str> {
        if gemm && self == KernelBuild::ReadZeroSkipWrite {
            Err("not run: GEMMs read back from prism's read-zero-skip-write SPIR-V never finished a dispatch on lavapipe (see KernelBuild)")
        } else {
            Ok(())
        }
    }

    /// The robustness prism compiles with; `None` for the wgpu build.
    pub fn robustness(self) -> Option<Robustness> {
        let all = |policy| Robustness {
            preset: Preset::None,
            index: Some(policy),
            buffer: Some(policy),
            image_load: Some(policy),
        };
        match self {
            KernelBuild::Wgpu => None,
            KernelBuild::Unchecked => Some(Robustness::preset(Preset::None)),
            KernelBuild::Webgpu => Some(Robustness::preset(Preset::Webgpu)),
            KernelBuild::ReadZeroSkipWrite => Some(all(Policy::ReadZeroSkipWrite)),
        }
    }
}

/// `source` with `defines` through prism's front end, for the wgpu build or another.
pub fn compile(
    source: KernelSource,
    defines: &[(&str, String)],
    robustness: Robustness,
) -> Result<Compilation, GpuError> {
    let mut options = options(defines);
    options.robustness = robustness;
    let kind = if source.path.ends_with(".wgsl") {
        InputKind::Wgsl
    } else {
        InputKind::Glsl
    };
    pipeline::compile_text(
        source.path,
        source.text,
        kind,
        Some(Stage::Compute),
        &options,
    )
    .map_err(|f| compile_error(&variant_label(source.path, defines), f))
}

/// Compile GLSL compute text with `defines` into a pipeline (the wgpu build).
pub fn compile_source(
    gpu: &Gpu,
    source: KernelSource,
    defines: &[(&str, String)],
) -> Result<Kernel, GpuError> {
    compile_build(gpu, source, defines, KernelBuild::Wgpu)
}

/// Compile GLSL compute text with `defines` into a pipeline built as `how` says.
pub fn compile_build(
    gpu: &Gpu,
    source: KernelSource,
    defines: &[(&str, String)],
    how: KernelBuild,
) -> Result<Kernel, GpuError> {
    let mut label = variant_label(source.path, defines);
    let robustness = how.robustness().unwrap_or_default();
    let compiled = compile(source, defines, robustness)?;
    let module = compiled.parsed.module.clone();
    let checks = |bounds_checks| {
        let mut checks = wgpu::ShaderRuntimeChecks::unchecked();
        checks.bounds_checks = bounds_checks;
        Some(checks)
    };
    if how != KernelBuild::Wgpu {
        label.push_str(&format!(" ({})", how.name()));
    }
    match how {
        KernelBuild::Wgpu => build(gpu, &label, module, None),
        KernelBuild::Unchecked => build(gpu, &label, module, checks(false)),
        KernelBuild::Webgpu => build(gpu, &label, module, checks(true)),
        KernelBuild::ReadZeroSkipWrite => {
            let module = checked_module(&compiled, &label)?;
            build(gpu, &label, module, checks(false))
        }
    }
}

/// The module with prism's bounds checks written into it: prism's SPIR-V (the compilation's
/// policies, no loop bounding) read back by naga, so the checks are ordinary IR a trusted
/// module keeps.
fn checked_module(compiled: &Compilation, label: &str) -> Result<naga::Module, GpuError> {
    let failed = |message: String| GpuError::Validation {
        what: label.to_string(),
        message,
    };
    let policies = compiled.robustness.policies();
    let mut options = crate::back::spirv::naga_options(&Default::default(), &policies);
    options.force_loop_bounding = false;
    let words = naga::back::spv::write_vec(
        &compiled.parsed.module,
        &compiled.parsed.info,
        &options,
        None,
    )
    .map_err(|e| failed(format!("SPIR-V: {e}")))?;
    // Like every SPIR-V prism writes, validated before it is used.
    crate::back::spirv::validate_vulkan(&words)
        .map_err(|e| failed(format!("prism's SPIR-V fails spirv-val: {e}")))?;
    let bytes = crate::back::spirv::words_to_bytes(&words);
    naga::front::spv::parse_u8_slice(&bytes, &naga::front::spv::Options::default())
        .map_err(|e| failed(format!("reading prism's SPIR-V back: {e}")))
}

/// `shaders/nn/gemm.comp[TRANS_A=1,VEC_A=1]`: names a variant in reports and errors.
fn variant_label(path: &str, defines: &[(&str, String)]) -> String {
    if defines.is_empty() {
        return path.to_string();
    }
    let list: Vec<String> = defines.iter().map(|(k, v)| format!("{k}={v}")).collect();
    format!("{path}[{}]", list.join(","))
}

/// A pipeline from a validated module: through `create_shader_module` (wgpu's checks and loop
/// bounding), or trusted with `checks`.
fn build(
    gpu: &Gpu,
    label: &str,
    module: naga::Module,
    checks: Option<wgpu::ShaderRuntimeChecks>,
) -> Result<Kernel, GpuError> {
    let entry = module
        .entry_points
        .iter()
        .find(|ep| ep.stage == naga::ShaderStage::Compute)
        .map(|ep| ep.name.clone())
        .ok_or_else(|| GpuError::Validation {
            what: label.to_string(),
            message: "the module has no compute entry point".to_string(),
        })?;
    gpu.check("earlier work")?;
    let descriptor = wgpu::ShaderModuleDescriptor {
        label: Some(label),
        source: wgpu::ShaderSource::Naga(Cow::Owned(module)),
    };
    let module = match checks {
        // SAFETY: the module carries bounds checks (wgpu's, or prism's written into it), or,
        // for the `none` build, runs only at shapes where the kernels' own guards keep every
        // access in bounds (naga's GLSL front end turns their `?:` loads into branches), and
        // every loop of these kernels ends.
        Some(checks) => unsafe { gpu.device.create_shader_module_trusted(descriptor, checks) },
        None => gpu.device.create_shader_module(descriptor),
    };
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
    build: KernelBuild,
}

impl KernelCache {
    /// A cache whose GEMM kernels use `tile` instead of [`GemmTile::default`].
    pub fn with_gemm_tile(tile: GemmTile) -> KernelCache {
        KernelCache {
            kernels: HashMap::new(),
            gemm_tile: tile,
            build: KernelBuild::Wgpu,
        }
    }

    /// A cache whose kernels are built as `build` says, the GEMMs with `tile`.
    pub fn with_build(tile: GemmTile, build: KernelBuild) -> KernelCache {
        KernelCache {
            build,
            ..KernelCache::with_gemm_tile(tile)
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
        let kernel = Arc::new(compile_build(gpu, source, defines, self.build)?);
        self.kernels.insert(key, kernel.clone());
        Ok(kernel)
    }
}

/// Which GEMM kernel a [`GemmTile`] builds.
#[derive(
    Clone, Copy, Debug, Default, Serialize, Deserialize, PartialEq, Eq, Hash, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum GemmKernel {
    /// `shaders/nn/gemm.comp`: a square workgroup, 4×4 per invocation, one buffer of
    /// workgroup memory (the first kernel; reports without the field mean it).
    #[default]
    Classic,
    /// `shaders/nn/gemm_reg.comp`: a TM×TN register block per invocation, double-buffered
    /// workgroup memory, next step's loads issued before the multiply.
    Register,
}

fn four() -> u32 {
    4
}

/// One GEMM tile configuration. The tile of C a workgroup computes is square:
/// `block_rows × workgroup` on each side, so `side / block_cols` invocations along n and
/// `workgroup` along m. The fields added with the register-blocked kernel default to the
/// classic kernel's values, so older reports and tune caches still read.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, Hash, schemars::JsonSchema)]
pub struct GemmTile {
    /// Invocations along m (`WG` in `gemm.comp`, `WGY` in `gemm_reg.comp`).
    pub workgroup: u32,
    /// `BK`: the k step staged in workgroup memory (a multiple of 4).
    pub depth: u32,
    /// Rows of C per invocation (`TM`; 4 in the classic kernel).
    #[serde(default = "four")]
    pub block_rows: u32,
    /// Columns of C per invocation (`TN`; 4 in the classic kernel).
    #[serde(default = "four")]
    pub block_cols: u32,
    #[serde(default)]
    pub kernel: GemmKernel,
}

impl Default for GemmTile {
    /// The first candidate: 64×64 tile, k step 16, the classic kernel.
    fn default() -> GemmTile {
        GemmTile::CANDIDATES[0]
    }
}

const fn classic(workgroup: u32, depth: u32) -> GemmTile {
    GemmTile {
        workgroup,
        depth,
        block_rows: 4,
        block_cols: 4,
        kernel: GemmKernel::Classic,
    }
}

const fn register(workgroup: u32, (block_rows, block_cols): (u32, u32), depth: u32) -> GemmTile {
    GemmTile {
        workgroup,
        depth,
        block_rows,
        block_cols,
        kernel: GemmKernel::Register,
    }
}

impl GemmTile {
    /// The configurations the tuner tries, the default first: the classic 4×4 kernel at two
    /// workgroup sides and two k steps, then the register-blocked kernel at 128×128 (8×8 and
    /// 8×4 blocks, k step 8: 16 KiB of workgroup memory double-buffered) and at 64×64 (k step
    /// 16, the same 16 KiB).
    pub const CANDIDATES: [GemmTile; 8] = [
        classic(16, 16),
        classic(16, 8),
        classic(8, 16),
        classic(8, 8),
        register(16, (8, 8), 8),
        register(16, (8, 4), 8),
        register(8, (8, 8), 16),
        register(8, (8, 4), 16),
    ];

    /// The side of the square tile of C one workgroup computes.
    pub fn side(self) -> usize {
        (self.block_rows * self.workgroup) as usize
    }

    /// Invocations along n and along m.
    pub fn invocations(self) -> (u32, u32) {
        (self.side() as u32 / self.block_cols.max(1), self.workgroup)
    }

    /// Bytes of workgroup memory the kernel declares.
    pub fn workgroup_bytes(self) -> u32 {
        let one = 2 * self.side() as u32 * self.depth * 4;
        match self.kernel {
            GemmKernel::Classic => one,
            GemmKernel::Register => 2 * one,
        }
    }

    /// Why this tile cannot run on a device with `limits`, if it cannot.
    pub fn unfit(self, limits: &super::device::LimitsUsed) -> Option<String> {
        let (x, y) = self.invocations();
        if x * y > limits.max_compute_invocations_per_workgroup {
            return Some(format!(
                "{} invocations per workgroup; the device allows {}",
                x * y,
                limits.max_compute_invocations_per_workgroup
            ));
        }
        if self.workgroup_bytes() > limits.max_compute_workgroup_storage_size {
            return Some(format!(
                "{} bytes of workgroup memory; the device allows {}",
                self.workgroup_bytes(),
                limits.max_compute_workgroup_storage_size
            ));
        }
        None
    }

    /// A short name: `classic-64x64-k16`, `reg-128x128-8x4-k8`.
    pub fn name(self) -> String {
        match self.kernel {
            GemmKernel::Classic => format!("classic-{s}x{s}-k{d}", s = self.side(), d = self.depth),
            GemmKernel::Register => format!(
                "reg-{s}x{s}-{r}x{c}-k{d}",
                s = self.side(),
                r = self.block_rows,
                c = self.block_cols,
                d = self.depth
            ),
        }
    }

    /// `64x64 tile (16x16 workgroup, 4x4 per invocation, k step 16)`.
    pub fn describe(self) -> String {
        let (x, y) = self.invocations();
        format!(
            "{s}x{s} tile ({x}x{y} workgroup, {r}x{c} per invocation, k step {d}{buf})",
            s = self.side(),
            r = self.block_rows,
            c = self.block_cols,
            d = self.depth,
            buf = match self.kernel {
                GemmKernel::Classic => "",
                GemmKernel::Register => ", double-buffered",
            }
        )
    }

    /// The kernel source and the tile's `#define`s.
    pub(crate) fn source_and_defines(self) -> (KernelSource, Vec<(&'static str, String)>) {
        match self.kernel {
            GemmKernel::Classic => (
                GEMM,
                vec![
                    ("WG", self.workgroup.to_string()),
                    ("BK", self.depth.to_string()),
                ],
            ),
            GemmKernel::Register => {
                let (x, y) = self.invocations();
                (
                    GEMM_REG,
                    vec![
                        ("WGX", x.to_string()),
                        ("WGY", y.to_string()),
                        ("TM", self.block_rows.to_string()),
                        ("TN", self.block_cols.to_string()),
                        ("BK", self.depth.to_string()),
                    ],
                )
            }
        }
    }
}
