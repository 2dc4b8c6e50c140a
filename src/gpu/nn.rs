//! The neural-network kernels of `shaders/nn/`: what each computes, its inputs, its f64 CPU
//! reference, its tolerance, and how it is bound and dispatched.
//!
//! Layout: every matrix is row-major f32. A fully connected layer with a batch of inputs `X`
//! (batch × in) and weights `W` (out × in) is `Z = X·Wᵀ + b`: the fused kernel is the `nt`
//! GEMM with a bias per output column.
//!
//! Tolerances are norm-wise (‖out − ref‖ / ‖ref‖) and scale with the reduction length `n`:
//! a sum of `n` f32 terms of random sign has a relative error near ε·√n, so `8·ε·√n` passes any
//! correct summation order with margin and still catches a wrong element. Sigmoid and tanh
//! add a fixed 1e-5 (Vulkan lets `exp` be off by 3 + 2·|x| ulp and builds `tanh` from it), and
//! their derivatives 5e-5 (`1 − tanh²` loses digits where tanh is near ±1).

use rand::{RngExt, SeedableRng};
use serde::{Deserialize, Serialize};

use super::buffers;
use super::kernel::{self, KernelCache};
use super::timing::Dispatch;
use super::{Gpu, GpuError};

const EPS: f64 = f32::EPSILON as f64;

/// An activation function and its code in the kernels' `ACT` define.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Activation {
    Linear,
    Relu,
    Sigmoid,
    Tanh,
}

impl Activation {
    pub const ALL: [Activation; 4] = [
        Activation::Linear,
        Activation::Relu,
        Activation::Sigmoid,
        Activation::Tanh,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Activation::Linear => "linear",
            Activation::Relu => "relu",
            Activation::Sigmoid => "sigmoid",
            Activation::Tanh => "tanh",
        }
    }

    fn code(self) -> u32 {
        self as u32
    }

    pub fn apply(self, x: f64) -> f64 {
        match self {
            Activation::Linear => x,
            Activation::Relu => x.max(0.0),
            Activation::Sigmoid => 1.0 / (1.0 + (-x).exp()),
            Activation::Tanh => x.tanh(),
        }
    }

    pub fn derivative(self, x: f64) -> f64 {
        match self {
            Activation::Linear => 1.0,
            Activation::Relu => {
                if x > 0.0 {
                    1.0
                } else {
                    0.0
                }
            }
            Activation::Sigmoid => {
                let s = self.apply(x);
                s * (1.0 - s)
            }
            Activation::Tanh => 1.0 - x.tanh().powi(2),
        }
    }

    fn tolerance(self) -> f64 {
        match self {
            Activation::Linear | Activation::Relu => 4.0 * EPS,
            Activation::Sigmoid | Activation::Tanh => 1e-5,
        }
    }

    fn derivative_tolerance(self) -> f64 {
        match self {
            Activation::Linear | Activation::Relu => 4.0 * EPS,
            Activation::Sigmoid | Activation::Tanh => 5e-5,
        }
    }
}

/// Whether a GEMM operand is used as stored or transposed.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Op {
    N,
    T,
}

/// Every kernel the suite knows: the explicit list.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, Hash)]
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
    /// out[c] = Σ_r x[r][c]: the bias gradient, a sum over the batch.
    ColumnSum,
    /// The measured FLOP peak: independent FMA chains on registers ([`super::peak`]).
    FmaPeak(Width),
    /// The measured bandwidth: a large buffer copy ([`super::peak`]).
    CopyPeak,
    /// The training kernels: output error and SGD update ([`TrainKernel`]).
    Train(TrainKernel),
}

/// Scalar or vec4 arithmetic in the FMA-chain kernel.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Width {
    Scalar,
    Vec4,
}

impl KernelId {
    /// The kernels that measure the adapter's peaks; they run on every `prism bench` run and
    /// are not part of [`KernelId::all`].
    pub const PEAKS: [KernelId; 3] = [
        KernelId::FmaPeak(Width::Scalar),
        KernelId::FmaPeak(Width::Vec4),
        KernelId::CopyPeak,
    ];

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

    pub fn source(self) -> kernel::KernelSource {
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

/// A problem size.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
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
    pub fn square(kernel: KernelId, s: usize) -> Shape {
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

    fn output_dims(self) -> (usize, usize) {
        match self {
            Shape::Gemm { m, n, .. } => (m, n),
            Shape::Matrix { rows, cols } => (rows, cols),
            Shape::Chains { invocations, .. } => (invocations, 1),
            Shape::Vector { floats } => (1, floats),
        }
    }
}

/// The f64 reference for some output rows (all of them for small outputs).
#[derive(Clone, Debug)]
pub struct Reference {
    pub rows: Vec<usize>,
    pub row_len: usize,
    /// `rows.len() * row_len` values, row after row.
    pub values: Vec<f64>,
}

/// Inputs, reference and costs of one kernel at one shape.
#[derive(Clone, Debug)]
pub struct Workload {
    pub kernel: KernelId,
    pub shape: Shape,
    /// Input buffers with their binding numbers.
    pub inputs: Vec<(u32, Vec<f32>)>,
    pub output_len: usize,
    pub reference: Reference,
    pub tolerance: f64,
    pub flops: f64,
    /// Minimum memory traffic: every input read once, the output written once.
    pub bytes: f64,
}

/// Verification of one output against its reference.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Verification {
    /// ‖out − ref‖ / ‖ref‖ over the checked elements; `None` when the output held NaN or
    /// infinity (an element never written keeps the NaN poison).
    pub relative_error: Option<f64>,
    pub tolerance: f64,
    pub passed: bool,
    pub non_finite: usize,
    pub checked: usize,
    /// Whether only some output rows were checked (large shapes: the f64 reference costs).
    pub sampled: bool,
}

/// Multiply-adds above which the reference is computed for sampled rows only.
const FULL_REFERENCE_WORK: f64 = 6.7e7;
const SAMPLED_ROWS: usize = 128;

pub(crate) fn checked_rows(rows: usize, work_per_row: f64) -> Vec<usize> {
    if rows as f64 * work_per_row <= FULL_REFERENCE_WORK || rows <= SAMPLED_ROWS {
        return (0..rows).collect();
    }
    // Evenly spaced, always including the last row (the edge tile).
    let mut picked: Vec<usize> = (0..SAMPLED_ROWS)
        .map(|i| i * (rows - 1) / (SAMPLED_ROWS - 1))
        .collect();
    picked.dedup();
    picked
}

/// The reference of an elementwise kernel over a `rows × cols` matrix: `value(i)` at each
/// flat index of the checked rows.
fn elementwise_reference(rows: usize, cols: usize, value: impl Fn(usize) -> f64) -> Reference {
    let checked = checked_rows(rows, cols as f64);
    let values = checked
        .iter()
        .flat_map(|&r| (r * cols..(r + 1) * cols).map(&value))
        .collect();
    Reference {
        rows: checked,
        row_len: cols,
        values,
    }
}

fn random(rng: &mut rand::rngs::StdRng, len: usize, range: f32) -> Vec<f32> {
    (0..len).map(|_| rng.random_range(-range..range)).collect()
}

/// Fresh random inputs for `kernel` at `shape` from `seed`, and the f64 reference.
pub fn workload(kernel: KernelId, shape: Shape, seed: u64) -> Workload {
    if let KernelId::FmaPeak(_) | KernelId::CopyPeak = kernel {
        return super::peak::workload(kernel, shape, seed);
    }
    if let KernelId::Train(t) = kernel {
        return train_workload(t, shape, seed);
    }
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let (out_rows, out_cols) = shape.output_dims();
    match (kernel, shape) {
        (KernelId::Gemm { .. } | KernelId::GemmBiasAct(_), Shape::Gemm { m, n, k }) => {
            let (op_a, op_b, act) = match kernel {
                KernelId::Gemm { a, b } => (a, b, None),
                KernelId::GemmBiasAct(act) => (Op::N, Op::T, Some(act)),
                _ => unreachable!("matched above"),
            };
            let a = random(&mut rng, m * k, 1.0);
            let b = random(&mut rng, k * n, 1.0);
            let a_at = |i: usize, l: usize| match op_a {
                Op::N => a[i * k + l],
                Op::T => a[l * m + i],
            };
            let b_at = |l: usize, j: usize| match op_b {
                Op::N => b[l * n + j],
                Op::T => b[j * k + l],
            };
            let bias = act.map(|_| random(&mut rng, n, 1.0));
            let rows = checked_rows(m, (n * k) as f64);
            let mut values = Vec::with_capacity(rows.len() * n);
            for &i in &rows {
                let a_row: Vec<f64> = (0..k).map(|l| f64::from(a_at(i, l))).collect();
                for j in 0..n {
                    let mut sum = 0.0f64;
                    for (l, a_il) in a_row.iter().enumerate() {
                        sum += a_il * f64::from(b_at(l, j));
                    }
                    values.push(match (act, &bias) {
                        (Some(act), Some(bias)) => act.apply(sum + f64::from(bias[j])),
                        _ => sum,
                    });
                }
            }
            let gemm_tol = 8.0 * EPS * (k.max(1) as f64).sqrt();
            let (mf, nf, kf) = (m as f64, n as f64, k as f64);
            let mut inputs = vec![(1, a), (2, b)];
            let (tolerance, flops, bytes) = match (act, bias) {
                (Some(act), Some(bias)) => {
                    inputs.push((4, bias));
                    (
                        gemm_tol + act.tolerance(),
                        2.0 * mf * nf * kf + 2.0 * mf * nf,
                        4.0 * (mf * kf + kf * nf + mf * nf + nf),
                    )
                }
                _ => (
                    gemm_tol,
                    2.0 * mf * nf * kf,
                    4.0 * (mf * kf + kf * nf + mf * nf),
                ),
            };
            Workload {
                kernel,
                shape,
                inputs,
                output_len: m * n,
                reference: Reference {
                    rows,
                    row_len: n,
                    values,
                },
                tolerance,
                flops,
                bytes,
            }
        }
        (KernelId::BiasAct(act), Shape::Matrix { rows, cols }) => {
            let z = random(&mut rng, rows * cols, 3.0);
            let bias = random(&mut rng, cols, 1.0);
            let reference = elementwise_reference(rows, cols, |i| {
                act.apply(f64::from(z[i]) + f64::from(bias[i % cols]))
            });
            let n = (rows * cols) as f64;
            Workload {
                kernel,
                shape,
                inputs: vec![(1, z), (2, bias)],
                output_len: rows * cols,
                reference,
                tolerance: act.tolerance() + 4.0 * EPS,
                flops: 2.0 * n,
                bytes: 4.0 * (2.0 * n + cols as f64),
            }
        }
        (KernelId::ActGrad(act), Shape::Matrix { rows, cols }) => {
            let z = random(&mut rng, rows * cols, 3.0);
            let g = random(&mut rng, rows * cols, 1.0);
            let reference = elementwise_reference(rows, cols, |i| {
                f64::from(g[i]) * act.derivative(f64::from(z[i]))
            });
            let n = (rows * cols) as f64;
            Workload {
                kernel,
                shape,
                inputs: vec![(1, z), (2, g)],
                output_len: rows * cols,
                reference,
                tolerance: act.derivative_tolerance() + 4.0 * EPS,
                flops: 2.0 * n,
                bytes: 12.0 * n,
            }
        }
        (KernelId::ColumnSum, Shape::Matrix { rows, cols }) => {
            let x = random(&mut rng, rows * cols, 1.0);
            let values = (0..cols)
                .map(|c| (0..rows).map(|r| f64::from(x[r * cols + c])).sum())
                .collect();
            let n = (rows * cols) as f64;
            Workload {
                kernel,
                shape,
                inputs: vec![(1, x)],
                output_len: cols,
                reference: Reference {
                    rows: vec![0],
                    row_len: cols,
                    values,
                },
                tolerance: 8.0 * EPS * (rows.max(1) as f64).sqrt(),
                flops: n,
                bytes: 4.0 * (n + cols as f64),
            }
        }
        // A GEMM kernel with a matrix shape or the reverse: nothing to compute.
        _ => Workload {
            kernel,
            shape,
            inputs: Vec::new(),
            output_len: out_rows * out_cols,
            reference: Reference {
                rows: Vec::new(),
                row_len: out_cols,
                values: Vec::new(),
            },
            tolerance: 0.0,
            flops: 0.0,
            bytes: 0.0,
        },
    }
}

/// Compare `output` with the reference over the checked rows.
pub fn verify(output: &[f32], reference: &Reference, tolerance: f64) -> Verification {
    let mut diff = 0.0f64;
    let mut norm = 0.0f64;
    let mut non_finite = 0;
    let mut checked = 0;
    for (slot, &row) in reference.rows.iter().enumerate() {
        for col in 0..reference.row_len {
            let expected = reference.values[slot * reference.row_len + col];
            let got = output
                .get(row * reference.row_len + col)
                .copied()
                .unwrap_or(f32::NAN);
            checked += 1;
            if !got.is_finite() {
                non_finite += 1;
                continue;
            }
            diff += (f64::from(got) - expected).powi(2);
            norm += expected * expected;
        }
    }
    let relative_error = (non_finite == 0 && checked > 0).then(|| {
        if norm > 0.0 {
            (diff / norm).sqrt()
        } else {
            diff.sqrt()
        }
    });
    Verification {
        passed: relative_error.is_some_and(|e| e <= tolerance),
        relative_error,
        tolerance,
        non_finite,
        checked,
        sampled: reference.rows.len() * reference.row_len < output.len(),
    }
}

/// A workload's buffers on the device and the dispatches that compute its output.
pub struct Bound {
    pub dispatches: Vec<Dispatch>,
    pub output: wgpu::Buffer,
    pub output_len: usize,
    /// Intermediate outputs (the reduction's partial sums), poisoned with the output.
    scratch: Vec<(wgpu::Buffer, usize)>,
    _inputs: Vec<wgpu::Buffer>,
}

impl Bound {
    /// Fill the output (and intermediates) with NaN again.
    pub fn poison(&self, gpu: &Gpu) {
        buffers::poison(gpu, &self.output, self.output_len);
        for (buffer, len) in &self.scratch {
            buffers::poison(gpu, buffer, *len);
        }
    }

    pub fn read_output(&self, gpu: &Gpu) -> Result<Vec<f32>, GpuError> {
        buffers::read_f32(gpu, &self.output, self.output_len)
    }
}

fn flag(on: bool) -> String {
    u32::from(on).to_string()
}

pub(crate) fn grid_1d(gpu: &Gpu, what: &str, groups: usize) -> Result<[u32; 3], GpuError> {
    let max = gpu.limits.max_compute_workgroups_per_dimension.max(1) as usize;
    let x = groups.clamp(1, max);
    let y = groups.div_ceil(x).max(1);
    if y > max {
        return Err(GpuError::TooLarge {
            what: what.to_string(),
            bytes: 4 * 256 * groups as u64,
            limit: 4 * 256 * (max * max) as u64,
        });
    }
    Ok([x as u32, y as u32, 1])
}

/// `value` as a `u32` for a kernel parameter, or [`GpuError::TooLarge`] naming `what`.
pub(crate) fn u32_of(what: &str, value: usize) -> Result<u32, GpuError> {
    u32::try_from(value).map_err(|_| GpuError::TooLarge {
        what: what.to_string(),
        bytes: value as u64,
        limit: u64::from(u32::MAX),
    })
}

fn dims_u32(what: &str, dims: &[usize]) -> Result<Vec<u32>, GpuError> {
    dims.iter().map(|&d| u32_of(what, d)).collect()
}

/// The workgroup grid of an m × n GEMM output in `side` × `side` tiles.
pub(crate) fn gemm_grid(
    gpu: &Gpu,
    what: &str,
    (m, n): (usize, usize),
    side: usize,
) -> Result<[u32; 3], GpuError> {
    let max = gpu.limits.max_compute_workgroups_per_dimension as usize;
    let (gx, gy) = (n.div_ceil(side).max(1), m.div_ceil(side).max(1));
    if gx > max || gy > max {
        return Err(GpuError::TooLarge {
            what: what.to_string(),
            bytes: 4 * (m * n) as u64,
            limit: 4 * (side * max * side * max) as u64,
        });
    }
    Ok([gx as u32, gy as u32, 1])
}

/// The GEMM kernel's defines for C (m × n) = op(A)·op(B) with an optional bias-and-activation
/// epilogue: operand layouts, which operands load as `vec4`, and the epilogue. The tile size
/// (`WG`, `BK`) is left to the caller.
pub(crate) fn gemm_defines(
    (a, b): (Op, Op),
    (m, n, k): (usize, usize, usize),
    epilogue: Option<Activation>,
) -> Vec<(&'static str, String)> {
    let vec_a = match a {
        Op::N => k % 4 == 0,
        Op::T => m % 4 == 0,
    };
    let vec_b = match b {
        Op::N => n % 4 == 0,
        Op::T => k % 4 == 0,
    };
    vec![
        ("TRANS_A", flag(a == Op::T)),
        ("TRANS_B", flag(b == Op::T)),
        ("VEC_A", flag(vec_a)),
        ("VEC_B", flag(vec_b)),
        ("VEC_C", flag(n % 4 == 0)),
        ("EPILOGUE", flag(epilogue.is_some())),
        ("ACT", epilogue.map_or(0, Activation::code).to_string()),
    ]
}

/// Upload the workload's inputs, poison its output, and prepare the dispatches.
pub fn bind(gpu: &Gpu, cache: &mut KernelCache, work: &Workload) -> Result<Bound, GpuError> {
    if let KernelId::Train(t) = work.kernel {
        return bind_train(gpu, cache, t, work);
    }
    let name = work.kernel.name();
    let mut inputs = Vec::new();
    for (binding, data) in &work.inputs {
        inputs.push((
            *binding,
            buffers::upload(gpu, &format!("{name} input {binding}"), data)?,
        ));
    }
    let output = buffers::poisoned(gpu, &format!("{name} output"), work.output_len)?;
    let mut scratch = Vec::new();
    let dispatches = match (work.kernel, work.shape) {
        (KernelId::FmaPeak(_) | KernelId::CopyPeak, _) => {
            super::peak::dispatches(gpu, cache, work, &output, &inputs)?
        }
        (KernelId::Gemm { .. } | KernelId::GemmBiasAct(_), Shape::Gemm { m, n, k }) => {
            let (a, b, act) = match work.kernel {
                KernelId::Gemm { a, b } => (a, b, None),
                KernelId::GemmBiasAct(act) => (Op::N, Op::T, Some(act)),
                _ => unreachable!("matched above"),
            };
            let tile = cache.gemm_tile();
            let side = tile.side();
            let mut defines = gemm_defines((a, b), (m, n, k), act);
            defines.push(("WG", tile.workgroup.to_string()));
            defines.push(("BK", tile.depth.to_string()));
            let kernel = cache.get(gpu, work.kernel.source(), &defines)?;
            let d = dims_u32(&name, &[m, n, k])?;
            let params = buffers::params(gpu, &name, [d[0], d[1], d[2], 0])?;
            let group =
                buffers::bind_group(gpu, &kernel.layout, &entries(&params, &output, &inputs))?;
            vec![Dispatch {
                kernel,
                group,
                workgroups: gemm_grid(gpu, &name, (m, n), side)?,
            }]
        }
        (KernelId::BiasAct(act) | KernelId::ActGrad(act), Shape::Matrix { rows, cols }) => {
            let kernel = cache.get(
                gpu,
                work.kernel.source(),
                &[("ACT", act.code().to_string())],
            )?;
            let d = dims_u32(&name, &[rows, cols, rows * cols])?;
            let params = buffers::params(gpu, &name, [d[0], d[1], 0, 0])?;
            let group =
                buffers::bind_group(gpu, &kernel.layout, &entries(&params, &output, &inputs))?;
            vec![Dispatch {
                kernel,
                group,
                workgroups: grid_1d(gpu, &name, (rows * cols).div_ceil(256))?,
            }]
        }
        (KernelId::ColumnSum, Shape::Matrix { rows, cols }) => {
            let kernel = cache.get(gpu, work.kernel.source(), &[])?;
            let d = dims_u32(&name, &[rows, cols, rows * cols])?;
            let chunks = rows.div_ceil(256).max(1);
            let gx = cols.div_ceil(64).max(1) as u32;
            if chunks == 1 {
                let params = buffers::params(gpu, &name, [d[0], d[1], 0, 0])?;
                let group =
                    buffers::bind_group(gpu, &kernel.layout, &entries(&params, &output, &inputs))?;
                vec![Dispatch {
                    kernel,
                    group,
                    workgroups: [gx, 1, 1],
                }]
            } else {
                // Pass 1: rows → chunk partials. Pass 2: partials → sums.
                let partial_len = chunks * cols;
                let partial = buffers::poisoned(gpu, &format!("{name} partials"), partial_len)?;
                let params1 = buffers::params(gpu, &name, [d[0], d[1], 0, 0])?;
                let group1 = buffers::bind_group(
                    gpu,
                    &kernel.layout,
                    &entries(&params1, &partial, &inputs),
                )?;
                let chunks_u32 = dims_u32(&name, &[chunks])?[0];
                let params2 = buffers::params(gpu, &name, [chunks_u32, d[1], 0, 0])?;
                let group2 = buffers::bind_group(
                    gpu,
                    &kernel.layout,
                    &[(0, &params2), (1, &partial), (3, &output)],
                )?;
                if chunks.div_ceil(256) > 1 {
                    return Err(GpuError::TooLarge {
                        what: format!("{name} (more than 65536 rows needs a third pass)"),
                        bytes: 4 * (rows * cols) as u64,
                        limit: 4 * (65536 * cols) as u64,
                    });
                }
                scratch.push((partial, partial_len));
                vec![
                    Dispatch {
                        kernel: kernel.clone(),
                        group: group1,
                        workgroups: [gx, chunks_u32, 1],
                    },
                    Dispatch {
                        kernel,
                        group: group2,
                        workgroups: [gx, 1, 1],
                    },
                ]
            }
        }
        _ => {
            return Err(GpuError::Validation {
                what: name,
                message: format!("shape {} does not fit this kernel", work.shape.describe()),
            })
        }
    };
    Ok(Bound {
        dispatches,
        output,
        output_len: work.output_len,
        scratch,
        _inputs: inputs.into_iter().map(|(_, b)| b).collect(),
    })
}

/// Params at binding 0, the output at 3, the inputs at their own bindings.
pub(crate) fn entries<'a>(
    params: &'a wgpu::Buffer,
    output: &'a wgpu::Buffer,
    inputs: &'a [(u32, wgpu::Buffer)],
) -> Vec<(u32, &'a wgpu::Buffer)> {
    let mut all = vec![(0, params), (3, output)];
    all.extend(inputs.iter().map(|(b, buf)| (*b, buf)));
    all
}

// ---------------------------------------------------------------------------------------------
// Training kernels (phase 3): the output layer's error and the SGD update. The backward pass
// through a layer reuses the kernels above: GEMM for Wᵀ·δ and δ·aᵀ, `act_grad` for ⊙ f′(z),
// `column_sum` for the bias gradient.

/// The cost a network is trained on.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum Cost {
    /// ½‖a − y‖² per sample.
    Quadratic,
    /// −Σ y·ln a + (1 − y)·ln(1 − a) per sample, after a sigmoid output layer.
    CrossEntropy,
}

impl Cost {
    pub fn name(self) -> &'static str {
        match self {
            Cost::Quadratic => "quadratic",
            Cost::CrossEntropy => "cross-entropy",
        }
    }

    /// The cost of one output `a` against its target `y`, in f64.
    pub fn of(self, a: f64, y: f64) -> f64 {
        match self {
            Cost::Quadratic => 0.5 * (a - y) * (a - y),
            Cost::CrossEntropy => {
                // Clamped so that a saturated sigmoid gives a large, finite cost.
                let a = a.clamp(1e-12, 1.0 - 1e-12);
                -(y * a.ln() + (1.0 - y) * (1.0 - a).ln())
            }
        }
    }

    /// The output layer's error for one element: ∂cost/∂z.
    pub fn delta(self, act: Activation, a: f64, y: f64, z: f64) -> f64 {
        match self {
            Cost::Quadratic => (a - y) * act.derivative(z),
            Cost::CrossEntropy => a - y,
        }
    }
}

/// The kernels of a training step that the forward kernels do not already cover.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum TrainKernel {
    /// δ = (a − y) ⊙ act′(z): the output error for the quadratic cost.
    QuadraticDelta(Activation),
    /// δ = a − y: the output error for cross-entropy after a sigmoid (σ′ cancels).
    CrossEntropyDelta,
    /// v = μ·v − η·g; w += v, in place.
    SgdMomentum,
}

/// The learning rate and momentum the SGD kernel's workload uses: large enough that an
/// element the kernel skipped is far outside the tolerance.
const SGD_RATE: f32 = 0.5;
const SGD_MOMENTUM: f32 = 0.9;

pub use kernel::{OUTPUT_DELTA, SGD};

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
    pub fn delta(cost: Cost, act: Activation) -> TrainKernel {
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

    fn source(self) -> kernel::KernelSource {
        match self {
            TrainKernel::QuadraticDelta(_) | TrainKernel::CrossEntropyDelta => OUTPUT_DELTA,
            TrainKernel::SgdMomentum => SGD,
        }
    }

    /// The `#define`s selecting the variant.
    pub fn defines(self) -> Vec<(&'static str, String)> {
        match self {
            TrainKernel::QuadraticDelta(act) => {
                vec![("COST", "0".to_string()), ("ACT", act.code().to_string())]
            }
            TrainKernel::CrossEntropyDelta => vec![("COST", "1".to_string())],
            TrainKernel::SgdMomentum => Vec::new(),
        }
    }
}

/// The SGD kernel's uniform: n, then the rate and momentum as f32 bits.
pub(crate) fn sgd_params(n: u32, rate: f32, momentum: f32) -> [u32; 4] {
    [n, rate.to_bits(), momentum.to_bits(), 0]
}

fn train_workload(kernel: TrainKernel, shape: Shape, seed: u64) -> Workload {
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let (rows, cols) = shape.output_dims();
    let n = rows * cols;
    let everything = |values: Vec<f64>| Reference {
        rows: (0..rows).collect(),
        row_len: cols,
        values,
    };
    match kernel {
        TrainKernel::QuadraticDelta(_) | TrainKernel::CrossEntropyDelta => {
            let (cost, act) = match kernel {
                TrainKernel::QuadraticDelta(act) => (Cost::Quadratic, act),
                _ => (Cost::CrossEntropy, Activation::Sigmoid),
            };
            let z = random(&mut rng, n, 3.0);
            let a: Vec<f32> = z.iter().map(|&z| act.apply(f64::from(z)) as f32).collect();
            let y: Vec<f32> = (0..n).map(|_| rng.random_range(0.0..1.0)).collect();
            let values = (0..n)
                .map(|i| {
                    let (a, y, z) = (f64::from(a[i]), f64::from(y[i]), f64::from(z[i]));
                    cost.delta(act, a, y, z)
                })
                .collect();
            let mut inputs = vec![(1, a), (2, y)];
            let tolerance = match cost {
                Cost::Quadratic => {
                    inputs.push((4, z));
                    act.derivative_tolerance() + 4.0 * EPS
                }
                Cost::CrossEntropy => 4.0 * EPS,
            };
            Workload {
                kernel: KernelId::Train(kernel),
                shape,
                inputs,
                output_len: n,
                reference: everything(values),
                tolerance,
                flops: 2.0 * n as f64,
                bytes: 4.0 * n as f64 * (inputs_len(cost) + 1.0),
            }
        }
        TrainKernel::SgdMomentum => {
            let g = random(&mut rng, n, 1.0);
            let v = random(&mut rng, n, 0.5);
            let w = random(&mut rng, n, 1.0);
            let (rate, momentum) = (f64::from(SGD_RATE), f64::from(SGD_MOMENTUM));
            let values = (0..n)
                .map(|i| {
                    let velocity = momentum * f64::from(v[i]) - rate * f64::from(g[i]);
                    f64::from(w[i]) + velocity
                })
                .collect();
            Workload {
                kernel: KernelId::Train(kernel),
                shape,
                // Binding 3 is in place: the weights go in there and come out updated.
                inputs: vec![(1, g), (2, v), (3, w)],
                output_len: n,
                reference: everything(values),
                tolerance: 8.0 * EPS,
                flops: 4.0 * n as f64,
                // g, v and w read; v and w written.
                bytes: 20.0 * n as f64,
            }
        }
    }
}

fn inputs_len(cost: Cost) -> f64 {
    match cost {
        Cost::Quadratic => 3.0,
        Cost::CrossEntropy => 2.0,
    }
}

/// [`bind`] for the training kernels. The SGD update is in place, so its output (the
/// weights, binding 3) cannot be poisoned: it starts as the weights, and the workload's
/// rate and momentum make every update large against them, so a skipped element still fails.
fn bind_train(
    gpu: &Gpu,
    cache: &mut KernelCache,
    kernel: TrainKernel,
    work: &Workload,
) -> Result<Bound, GpuError> {
    let name = work.kernel.name();
    let (rows, cols) = work.shape.output_dims();
    let d = dims_u32(&name, &[rows, cols, rows * cols])?;
    let compiled = cache.get(gpu, kernel.source(), &kernel.defines())?;
    let mut inputs = Vec::new();
    let mut output = None;
    for (binding, data) in &work.inputs {
        let buffer = buffers::upload(gpu, &format!("{name} input {binding}"), data)?;
        if *binding == 3 {
            output = Some(buffer);
        } else {
            inputs.push((*binding, buffer));
        }
    }
    let output = match output {
        Some(weights) => weights,
        None => buffers::poisoned(gpu, &format!("{name} output"), work.output_len)?,
    };
    let values = match kernel {
        TrainKernel::SgdMomentum => sgd_params(d[2], SGD_RATE, SGD_MOMENTUM),
        _ => [d[0], d[1], 0, 0],
    };
    let params = buffers::params(gpu, &name, values)?;
    let group = buffers::bind_group(gpu, &compiled.layout, &entries(&params, &output, &inputs))?;
    let dispatches = vec![Dispatch {
        kernel: compiled,
        group,
        workgroups: grid_1d(gpu, &name, (rows * cols).div_ceil(256))?,
    }];
    Ok(Bound {
        dispatches,
        output,
        output_len: work.output_len,
        scratch: Vec::new(),
        _inputs: inputs.into_iter().map(|(_, b)| b).collect(),
    })
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

    #[test]
    fn verify_catches_poison_and_wrong_values() {
        let reference = Reference {
            rows: vec![0, 1],
            row_len: 2,
            values: vec![1.0, 2.0, 3.0, 4.0],
        };
        let good = verify(&[1.0, 2.0, 3.0, 4.0], &reference, 1e-6);
        assert!(good.passed && good.relative_error == Some(0.0));
        let poisoned = verify(&[1.0, f32::NAN, 3.0, 4.0], &reference, 1e-6);
        assert!(!poisoned.passed && poisoned.non_finite == 1 && poisoned.relative_error.is_none());
        let wrong = verify(&[1.0, 2.0, 3.0, 4.5], &reference, 1e-6);
        assert!(!wrong.passed && wrong.relative_error.unwrap() > 0.05);
    }

    #[test]
    fn gemm_reference_matches_hand_computation() {
        let work = workload(
            KernelId::Gemm { a: Op::T, b: Op::N },
            Shape::Gemm { m: 2, n: 3, k: 4 },
            7,
        );
        let (a, b) = (&work.inputs[0].1, &work.inputs[1].1);
        // Aᵀ stored k × m: op(A)[i][l] = a[l * m + i].
        let c01: f64 = (0..4)
            .map(|l| f64::from(a[l * 2]) * f64::from(b[l * 3 + 1]))
            .sum();
        assert!((work.reference.values[1] - c01).abs() < 1e-12);
        assert_eq!(work.flops, 2.0 * 2.0 * 3.0 * 4.0);
    }

    #[test]
    fn large_outputs_are_sampled_with_the_last_row() {
        let rows = checked_rows(4096, 4096.0 * 4096.0);
        assert_eq!(rows.len(), SAMPLED_ROWS);
        assert_eq!((rows[0], *rows.last().unwrap()), (0, 4095));
        assert_eq!(checked_rows(64, 64.0 * 64.0).len(), 64);
    }
}
