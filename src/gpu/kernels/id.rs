//! The explicit list of kernels and the shapes they run at.
//!
//! In: nothing but names. Out: [`KernelId`] (every kernel the suite knows, with its family,
//! its name in reports and its source in `shaders/nn/`) and [`Shape`] (a problem size). What a
//! kernel computes is in [`super::functions`]; how it is checked and dispatched, in the file
//! of its family.
//!
//! Layout: every matrix is row-major f32. A fully connected layer with a batch of inputs `X`
//! (batch × in) and weights `W` (out × in) is `Z = X·Wᵀ + b`: the fused kernel is the `nt`
//! GEMM with a bias per output column.

use serde::{Deserialize, Serialize};

use super::functions::{Activation, Cost};
use crate::gpu::kernel::{self, KernelSource};

/// Whether a GEMM operand is used as stored or transposed.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, Hash, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Op {
    N,
    T,
}

/// Every kernel the suite knows: the explicit list.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, Hash, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum KernelId {
    /// C = op(A)·op(B).
    Gemm { a: Op, b: Op },
    /// C = act(A·Bᵀ + bias): a fully connected layer's forward pass, fused.
    GemmBiasAct(Activation),
    /// out = act(z + bias), bias per column.
    BiasAct(Activation),
    /// out = g ⊙ act′(z).
    ActGrad(Activation),
    /// out\[c\] = Σ_r x\[r\]\[c\]: the bias gradient, a sum over the batch.
    ColumnSum,
    /// The measured FLOP peak: independent FMA chains on registers (`peak.rs`); not
    /// part of [`KernelId::all`]: the peaks run on every `prism bench` run.
    FmaPeak(Width),
    /// The measured bandwidth: a large buffer copy (`peak.rs`).
    CopyPeak,
    /// The training kernels: output error and SGD update ([`TrainKernel`]).
    Train(TrainKernel),
}

/// Scalar or vec4 arithmetic in the FMA-chain kernel.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, Hash, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Width {
    Scalar,
    Vec4,
}

impl KernelId {
    /// Every neural-network kernel, in report order.
    pub fn all() -> Vec<KernelId> {
        let mut all = Vec::new();
        for a in [Op::N, Op::T] {
            for b in [Op::N, Op::T] {
                all.push(KernelId::Gemm { a, b });
            }
        }
        all.extend(Activation::ALL.map(KernelId::GemmBiasAct));
        all.extend(Activation::ALL.map(KernelId::BiasAct));
        all.extend(Activation::ALL.map(KernelId::ActGrad));
        all.push(KernelId::ColumnSum);
        all.extend(TrainKernel::ALL.map(KernelId::Train));
        all
    }

    /// The family `--kernel` selects by: `gemm`, `gemm_bias_act`, `bias_act`, `act_grad`,
    /// `column_sum`.
    pub fn family(self) -> &'static str {
        match self {
            KernelId::Gemm { .. } => "gemm",
            KernelId::GemmBiasAct(_) => "gemm_bias_act",
            KernelId::BiasAct(_) => "bias_act",
            KernelId::ActGrad(_) => "act_grad",
            KernelId::ColumnSum => "column_sum",
            KernelId::FmaPeak(_) | KernelId::CopyPeak => "peak",
            KernelId::Train(t) => t.family(),
        }
    }

    /// `gemm_nt`, `gemm_nt_bias_tanh`, `bias_relu`, `sigmoid_grad`, `column_sum`.
    pub fn name(self) -> String {
        let op = |o: Op| match o {
            Op::N => "n",
            Op::T => "t",
        };
        match self {
            KernelId::Gemm { a, b } => format!("gemm_{}{}", op(a), op(b)),
            KernelId::GemmBiasAct(act) => format!("gemm_nt_bias_{}", act.name()),
            KernelId::BiasAct(act) => format!("bias_{}", act.name()),
            KernelId::ActGrad(act) => format!("{}_grad", act.name()),
            KernelId::ColumnSum => "column_sum".to_string(),
            KernelId::FmaPeak(Width::Scalar) => "peak_fma_scalar".to_string(),
            KernelId::FmaPeak(Width::Vec4) => "peak_fma_vec4".to_string(),
            KernelId::CopyPeak => "peak_copy".to_string(),
            KernelId::Train(t) => t.name(),
        }
    }

    pub(crate) fn source(self) -> KernelSource {
        match self {
            KernelId::Gemm { .. } | KernelId::GemmBiasAct(_) => kernel::GEMM,
            KernelId::BiasAct(_) => kernel::BIAS_ACT,
            KernelId::ActGrad(_) => kernel::ACT_GRAD,
            KernelId::ColumnSum => kernel::COLUMN_SUM,
            KernelId::FmaPeak(_) => kernel::FMA_PEAK,
            KernelId::CopyPeak => kernel::COPY,
            KernelId::Train(t) => t.source(),
        }
    }

    /// Whether the kernel takes GEMM shapes (m, n, k) rather than matrix shapes (rows, cols).
    pub fn is_gemm(self) -> bool {
        matches!(self, KernelId::Gemm { .. } | KernelId::GemmBiasAct(_))
    }

    /// Kernels selected by `--kernel` words (family or exact name); unknown words come back
    /// as the error.
    pub fn select(words: &[String]) -> Result<Vec<KernelId>, String> {
        let all = KernelId::all();
        let mut chosen = Vec::new();
        for word in words {
            let matches: Vec<_> = all
                .iter()
                .copied()
                .filter(|k| k.family() == word || k.name() == *word)
                .collect();
            if matches.is_empty() {
                return Err(word.clone());
            }
            for k in matches {
                if !chosen.contains(&k) {
                    chosen.push(k);
                }
            }
        }
        Ok(chosen)
    }
}

/// The kernels of a training step that the forward kernels do not already cover.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, Hash, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TrainKernel {
    /// δ = (a − y) ⊙ act′(z): the output error for the quadratic cost.
    QuadraticDelta(Activation),
    /// δ = a − y: the output error for cross-entropy after a sigmoid (σ′ cancels).
    CrossEntropyDelta,
    /// v = μ·v − η·g; w += v, in place.
    SgdMomentum,
}

impl TrainKernel {
    pub const ALL: [TrainKernel; 6] = [
        TrainKernel::QuadraticDelta(Activation::Linear),
        TrainKernel::QuadraticDelta(Activation::Relu),
        TrainKernel::QuadraticDelta(Activation::Sigmoid),
        TrainKernel::QuadraticDelta(Activation::Tanh),
        TrainKernel::CrossEntropyDelta,
        TrainKernel::SgdMomentum,
    ];

    /// The output error kernel for `cost` with output activation `act`.
    pub(crate) fn delta(cost: Cost, act: Activation) -> TrainKernel {
        match cost {
            Cost::Quadratic => TrainKernel::QuadraticDelta(act),
            Cost::CrossEntropy => TrainKernel::CrossEntropyDelta,
        }
    }

    fn family(self) -> &'static str {
        match self {
            TrainKernel::QuadraticDelta(_) | TrainKernel::CrossEntropyDelta => "output_delta",
            TrainKernel::SgdMomentum => "sgd",
        }
    }

    fn name(self) -> String {
        match self {
            TrainKernel::QuadraticDelta(act) => format!("quadratic_delta_{}", act.name()),
            TrainKernel::CrossEntropyDelta => "cross_entropy_delta".to_string(),
            TrainKernel::SgdMomentum => "sgd_momentum".to_string(),
        }
    }

    fn source(self) -> KernelSource {
        match self {
            TrainKernel::QuadraticDelta(_) | TrainKernel::CrossEntropyDelta => kernel::OUTPUT_DELTA,
            TrainKernel::SgdMomentum => kernel::SGD,
        }
    }

    /// The `#define`s selecting the variant.
    pub(crate) fn defines(self) -> Vec<(&'static str, String)> {
        match self {
            TrainKernel::QuadraticDelta(act) => {
                vec![("COST", "0".to_string()), ("ACT", act.code().to_string())]
            }
            TrainKernel::CrossEntropyDelta => vec![("COST", "1".to_string())],
            TrainKernel::SgdMomentum => Vec::new(),
        }
    }
}

/// A problem size.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(untagged)]
pub enum Shape {
    /// op(A) is m × k, op(B) is k × n.
    Gemm {
        m: usize,
        n: usize,
        k: usize,
    },
    Matrix {
        rows: usize,
        cols: usize,
    },
    /// The FMA-chain kernel: `invocations`, each running its chains `iterations` steps.
    Chains {
        invocations: usize,
        iterations: usize,
    },
    /// The copy kernel: `floats` f32 values (a multiple of 4).
    Vector {
        floats: usize,
    },
}

impl Shape {
    /// The shape a kernel gets for a `--sizes` entry `s`: s³ or s × s.
    pub(crate) fn square(kernel: KernelId, s: usize) -> Shape {
        if kernel.is_gemm() {
            Shape::Gemm { m: s, n: s, k: s }
        } else {
            Shape::Matrix { rows: s, cols: s }
        }
    }

    pub fn describe(self) -> String {
        match self {
            Shape::Gemm { m, n, k } => format!("{m}x{n}x{k}"),
            Shape::Matrix { rows, cols } => format!("{rows}x{cols}"),
            Shape::Chains {
                invocations,
                iterations,
            } => format!("{invocations}x{iterations}it"),
            Shape::Vector { floats } => format!("{}MiB", floats * 4 / (1 << 20)),
        }
    }

    pub(crate) fn output_dims(self) -> (usize, usize) {
        match self {
            Shape::Gemm { m, n, .. } => (m, n),
            Shape::Matrix { rows, cols } => (rows, cols),
            Shape::Chains { invocations, .. } => (invocations, 1),
            Shape::Vector { floats } => (1, floats),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_selectable() {
        let all = KernelId::all();
        let mut names: Vec<_> = all.iter().map(|k| k.name()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), all.len());
        assert_eq!(KernelId::select(&["gemm".into()]).unwrap().len(), 4);
        assert_eq!(
            KernelId::select(&["gemm_tn".into()]).unwrap(),
            vec![KernelId::Gemm { a: Op::T, b: Op::N }]
        );
        assert_eq!(KernelId::select(&["nope".into()]), Err("nope".to_string()));
    }
}
