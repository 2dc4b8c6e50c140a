//! The functions the kernels compute, in f64: the activations and their derivatives, the
//! costs and the output layer's error. The f64 references of [`super::gemm`],
//! [`super::elementwise`], [`super::train`] and the network are built from these, so a kernel
//! and its reference can only disagree in the kernel.
//!
//! Tolerances are norm-wise (‖out − ref‖ / ‖ref‖) and scale with the reduction length `n`:
//! a sum of `n` f32 terms of random sign has a relative error near ε·√n, so `8·ε·√n` passes any
//! correct summation order with margin and still catches a wrong element. Sigmoid and tanh
//! add a fixed 1e-5 (Vulkan lets `exp` be off by 3 + 2·|x| ulp and builds `tanh` from it), and
//! their derivatives 5e-5 (`1 − tanh²` loses digits where tanh is near ±1).

use serde::{Deserialize, Serialize};

/// f32's machine epsilon, the unit of every tolerance.
pub(crate) const EPS: f64 = f32::EPSILON as f64;

/// An activation function and its code in the kernels' `ACT` define.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, Hash, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Activation {
    Linear,
    Relu,
    Sigmoid,
    Tanh,
}

impl Activation {
    pub(crate) const ALL: [Activation; 4] = [
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

    pub(crate) fn code(self) -> u32 {
        self as u32
    }

    pub(crate) fn apply(self, x: f64) -> f64 {
        match self {
            Activation::Linear => x,
            Activation::Relu => x.max(0.0),
            Activation::Sigmoid => 1.0 / (1.0 + (-x).exp()),
            Activation::Tanh => x.tanh(),
        }
    }

    pub(crate) fn derivative(self, x: f64) -> f64 {
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

    pub(crate) fn tolerance(self) -> f64 {
        match self {
            Activation::Linear | Activation::Relu => 4.0 * EPS,
            Activation::Sigmoid | Activation::Tanh => 1e-5,
        }
    }

    pub(crate) fn derivative_tolerance(self) -> f64 {
        match self {
            Activation::Linear | Activation::Relu => 4.0 * EPS,
            Activation::Sigmoid | Activation::Tanh => 5e-5,
        }
    }
}

/// The cost a network is trained on.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, Hash, schemars::JsonSchema)]
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
    pub(crate) fn of(self, a: f64, y: f64) -> f64 {
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
    pub(crate) fn delta(self, act: Activation, a: f64, y: f64, z: f64) -> f64 {
        match self {
            Cost::Quadratic => (a - y) * act.derivative(z),
            Cost::CrossEntropy => a - y,
        }
    }
}
