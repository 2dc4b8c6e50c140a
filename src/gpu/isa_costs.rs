//! prism's own cost tool on prism's kernels: every kernel variant as `prism bench` builds it,
//! compiled to real AMD ISA on RADV's null device (see [`crate::isa`]), so the figures exist on
//! any machine with Mesa, GPU or not.
//!
//! In: the kernels (`--kernel`), RADV families (`--isa`) and the ISA options. Out: an
//! [`IsaSection`] for the report: per variant and family, VGPRs, SGPRs, spills, occupancy
//! (RADV's "Subgroups per SIMD": waves per SIMD), instructions, and the inner loop's
//! instructions and FMA share.
//!
//! # Which variants
//! Each GEMM kernel with every tile candidate ([`GemmTile::CANDIDATES`]) at a shape whose
//! dimensions are multiples of 4 (the vec4 loads and stores, what large sizes get), and every
//! other kernel once. They are compiled with prism's `webgpu` preset, which is what wgpu on
//! Vulkan applies (Restrict), and with naga's loop bounding, as wgpu's `create_shader_module`
//! does: the ISA is that of the pipeline `prism bench` times.
//!
//! # The inner loop
//! Read off the "Assembly" representation: its lines are basic blocks (`BB12:` from LLVM's
//! disassembler; `BB12` from ACO's own printer, which Mesa uses for RDNA4, with `block:BB12`
//! branch targets and `defs = mnemonic operands` lines) and instructions. A branch (`s_branch`, `s_cbranch_*`) to a block at or above the branch's own
//! block is a back edge, and the blocks from its target to the branch form a loop. The inner
//! loop is the shortest such loop holding at least one FMA; its instructions are every
//! instruction line in those blocks except `s_delay_alu` (an RDNA3 scheduling hint, absent on
//! older families, that would make families incomparable), and its FMAs are the instructions
//! whose mnemonic starts with `v_fma`, `v_fmac`, `v_pk_fma` or `v_dual_fma` (RDNA3's dual issue:
//! one line, counted once), and GCN's float multiply-adds `v_mac_f*` / `v_mad_f*`, which ACO
//! emits for `fma()` on Vega (checked: `gemm.comp` on vega10 has 256 `v_mac_f32` and no
//! `v_fma`). A kernel whose FMAs are in no loop (fully unrolled, or none) has no
//! inner loop. Loop-bounding code that naga adds (a 64-bit counter per loop) is in the counts:
//! it is there at run time too.
//!
//! This file reads [`crate::isa`]'s report through [`Measured::from_report`] only, so that a
//! change in those types touches one function.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::kernel::{self, GemmTile};
use super::kernels::{self, KernelId, Shape};
use crate::isa::{self, GpuSpec, IsaOptions, IsaReport};
use crate::robustness::{Preset, Robustness};

/// The ISA section of a report.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct IsaSection {
    /// The families measured, as asked.
    pub families: Vec<String>,
    /// How the variants were compiled (`webgpu` preset, loop bounding on: wgpu's build).
    pub robustness: String,
    pub rows: Vec<IsaRow>,
}

/// One kernel variant on one family.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct IsaRow {
    /// `gemm_nt`, `bias_tanh`, ...
    pub kernel: String,
    /// The GEMM tile (`reg-128x128-8x8-k8`); `-` for the other kernels.
    pub variant: String,
    pub family: String,
    /// The device RADV reported, e.g. `AMD Radeon ... (RADV NAVI31)`; empty on error.
    pub device: String,
    pub measured: Option<Measured>,
    pub error: Option<String>,
}

/// What the driver and the disassembly say about one variant.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct Measured {
    pub vgprs: Option<f64>,
    pub sgprs: Option<f64>,
    pub spilled_vgprs: Option<f64>,
    pub spilled_sgprs: Option<f64>,
    /// RADV's "Subgroups per SIMD": waves that fit on one SIMD at once.
    pub waves_per_simd: Option<f64>,
    pub instructions: Option<f64>,
    /// The inner loop, when the disassembly has one with FMAs in it.
    pub inner_loop: Option<InnerLoop>,
}

/// The shortest loop with FMAs in it.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct InnerLoop {
    pub instructions: u32,
    pub fmas: u32,
    /// `fmas / instructions`.
    pub fma_share: f64,
}

impl Measured {
    /// The figures out of one [`IsaReport`] (the adapter to [`crate::isa`]'s types).
    pub fn from_report(report: &IsaReport) -> Measured {
        let assembly = report.main_executable().and_then(|e| {
            e.representations
                .iter()
                .find(|r| r.name.to_ascii_lowercase().contains("assembly"))
                .map(|r| r.text.as_str())
        });
        Measured {
            vgprs: report.metric("VGPRs"),
            sgprs: report.metric("SGPRs"),
            spilled_vgprs: report.metric("Spilled VGPRs"),
            spilled_sgprs: report.metric("Spilled SGPRs"),
            waves_per_simd: report.metric("Subgroups per SIMD"),
            instructions: report.metric("Instructions"),
            inner_loop: assembly.and_then(inner_loop),
        }
    }
}

fn is_fma(mnemonic: &str) -> bool {
    [
        "v_fma",
        "v_fmac",
        "v_pk_fma",
        "v_dual_fma",
        "v_mac_f",
        "v_mad_f",
    ]
    .iter()
    .any(|p| mnemonic.starts_with(p))
}

/// The inner loop of a disassembly (see the module docs for the rule).
pub fn inner_loop(assembly: &str) -> Option<InnerLoop> {
    // Blocks in order: (label, instruction mnemonics, branch targets).
    let mut blocks: Vec<(String, Vec<String>, Vec<String>)> = Vec::new();
    for line in assembly.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with("/*") {
            continue;
        }
        if !line.starts_with(char::is_whitespace) {
            // `BB12:` (LLVM's disassembler) or `BB12` (ACO's own printer, RDNA4).
            let label = trimmed.strip_suffix(':').unwrap_or(trimmed);
            if label.starts_with("BB") && !label.contains(char::is_whitespace) {
                blocks.push((label.to_string(), Vec::new(), Vec::new()));
            }
            continue;
        }
        let code = trimmed.split(';').next().unwrap_or("").trim();
        // ACO's printer writes `v1: %260:v[6] = v_fmac_f32 ...`: the mnemonic follows ` = `.
        let code = code.split_once(" = ").map_or(code, |(_, rest)| rest);
        let mut words = code.split_whitespace();
        let Some(mnemonic) = words.next() else {
            continue;
        };
        if blocks.is_empty() {
            blocks.push(("entry".to_string(), Vec::new(), Vec::new()));
        }
        let block = blocks.last_mut()?;
        if mnemonic.starts_with("s_branch") || mnemonic.starts_with("s_cbranch") {
            if let Some(target) = words.next() {
                let target = target.trim_end_matches(',');
                block
                    .2
                    .push(target.trim_start_matches("block:").to_string());
            }
        }
        block.1.push(mnemonic.to_string());
    }
    let position = |label: &str| blocks.iter().position(|b| b.0 == label);
    let mut best: Option<InnerLoop> = None;
    for (end, block) in blocks.iter().enumerate() {
        for target in &block.2 {
            let Some(start) = position(target).filter(|&s| s <= end) else {
                continue;
            };
            let body = blocks[start..=end].iter().flat_map(|b| b.1.iter());
            let counted: Vec<&String> = body.filter(|m| *m != "s_delay_alu").collect();
            let fmas = counted.iter().filter(|m| is_fma(m)).count() as u32;
            let instructions = counted.len() as u32;
            if fmas == 0 || best.is_some_and(|b| b.instructions <= instructions) {
                continue;
            }
            best = Some(InnerLoop {
                instructions,
                fmas,
                fma_share: f64::from(fmas) / f64::from(instructions),
            });
        }
    }
    best
}

/// A kernel variant as the bench builds it: `(kernel, variant name, source, defines)`.
type Variant = (
    KernelId,
    String,
    kernel::KernelSource,
    Vec<(&'static str, String)>,
);

/// The variants of `kernels` (see the module docs).
fn variants(kernels: &[KernelId]) -> Vec<Variant> {
    let mut out = Vec::new();
    for &k in kernels {
        if k.is_gemm() {
            let shape = Shape::Gemm {
                m: 4096,
                n: 4096,
                k: 4096,
            };
            for tile in GemmTile::CANDIDATES {
                if let Some((source, defines)) = kernels::build_defines(k, shape, tile) {
                    out.push((k, tile.name(), source, defines));
                }
            }
        } else {
            let shape = Shape::Matrix {
                rows: 4096,
                cols: 4096,
            };
            if let Some((source, defines)) = kernels::build_defines(k, shape, GemmTile::default()) {
                out.push((k, "-".to_string(), source, defines));
            }
        }
    }
    out
}

/// The GEMM kernels of `kernels` that the ISA section measures by default: every transpose
/// combination and one fused epilogue (tanh, the network's hidden layer), plus every other
/// kernel selected.
pub fn default_kernels(kernels: &[KernelId]) -> Vec<KernelId> {
    kernels
        .iter()
        .copied()
        .filter(|k| match k {
            KernelId::GemmBiasAct(act) => *act == kernels::Activation::Tanh,
            _ => true,
        })
        .collect()
}

/// Every variant of `kernels` on every family; a variant that does not compile, or a family
/// the driver does not know, becomes rows with the error.
pub fn measure(kernels: &[KernelId], families: &[String], options: &IsaOptions) -> IsaSection {
    let robustness = Robustness::preset(Preset::Webgpu);
    let mut options = options.clone();
    options.disasm = true;
    let variants = variants(kernels);
    let compiled: Vec<_> = variants
        .iter()
        .map(|(_, _, source, defines)| kernel::compile(*source, defines, robustness))
        .collect();
    let ok: Vec<_> = compiled.iter().filter_map(|c| c.as_ref().ok()).collect();
    let per_family: Vec<Vec<IsaRow>> = families
        .par_iter()
        .map(|family| {
            let gpu = GpuSpec::Family(family.clone());
            let mut results = isa::run_many(&ok, &gpu, &options).into_iter();
            variants
                .iter()
                .zip(&compiled)
                .map(|((k, variant, ..), compiled)| {
                    let result = match compiled {
                        Ok(_) => results
                            .next()
                            .unwrap_or_else(|| Err(isa::IsaError::Internal("no result".into())))
                            .map_err(|e| e.to_string()),
                        Err(e) => Err(e.to_string()),
                    };
                    let (device, measured, error) = match result {
                        Ok(report) => (
                            report.device_name.clone(),
                            Some(Measured::from_report(&report)),
                            None,
                        ),
                        Err(e) => (String::new(), None, Some(e)),
                    };
                    IsaRow {
                        kernel: k.name(),
                        variant: variant.clone(),
                        family: family.clone(),
                        device,
                        measured,
                        error,
                    }
                })
                .collect()
        })
        .collect();
    IsaSection {
        families: families.to_vec(),
        robustness: "webgpu (Restrict), loop bounding on: as wgpu builds it".to_string(),
        rows: per_family.into_iter().flatten().collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_inner_loop_is_the_shortest_back_edge_with_fmas() {
        let asm = "BB0:\n\ts_mov_b32 s0, 0 ; x\nBB1:\n\tv_fmac_f32_e32 v1, v2, v3 ; x\n\
                   \ts_delay_alu instid0(VALU_DEP_1) ; x\n\tv_pk_fma_f32 v[4:5], v[4:5], v[6:7], v[8:9] ; x\n\
                   \ts_cbranch_scc1 BB1 ; x\nBB2:\n\tv_add_f32 v1, v1, v2 ; x\n\ts_branch BB0 ; x\n\
                   BB3:\n\ts_endpgm ; x\n";
        let inner = inner_loop(asm).expect("a loop");
        // BB1 alone: fmac, pk_fma, the branch (the delay hint is not counted).
        assert_eq!((inner.instructions, inner.fmas), (3, 2));
        assert!((inner.fma_share - 2.0 / 3.0).abs() < 1e-12);
        // ACO's own printer (RDNA4): bare labels, `block:` targets, defs before the mnemonic.
        let aco = "BB0\n\ts_mov_b32 s0, 0\n/* kind: loop-header */\nBB1\n\t v1: %2:v[6] = v_fmac_f32 %1:v[2], %3:v[3], %2:v[6]\n\
                   \ts_cbranch_scc1 block:BB1\nBB2\n\ts_endpgm\n";
        let inner = inner_loop(aco).expect("a loop");
        assert_eq!((inner.instructions, inner.fmas), (2, 1));
        // No back edge: no inner loop.
        assert_eq!(
            inner_loop("BB0:\n\tv_fma_f32 v0, v1, v2, v3\n\ts_endpgm\n"),
            None
        );
    }

    #[test]
    fn every_gemm_tile_is_a_variant() {
        let v = variants(&[KernelId::Gemm {
            a: kernels::Op::N,
            b: kernels::Op::T,
        }]);
        assert_eq!(v.len(), GemmTile::CANDIDATES.len());
        assert!(v.iter().any(|(_, name, ..)| name == "reg-128x128-8x8-k8"));
    }
}
