//! Which kernels run at which shapes: the quick suite, the peaks, and square sizes.
//!
//! In: the kernels chosen (`--kernel`) and sizes (`--sizes`), or none. Out: a list of
//! [`Case`]s, in report order. The quick suite's shapes are chosen to reach every code path:
//! sizes that are not multiples of the tile or of 4 (the scalar loads and the edge tiles) and a
//! column sum long enough for its second pass.

use crate::gpu::kernels::{peak, KernelId, Shape};

/// One kernel at one shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Case {
    pub kernel: KernelId,
    pub shape: Shape,
}

/// The quick suite: every kernel, small shapes, including sizes that are not multiples of
/// the tile or of 4 (the scalar-load and edge paths) and a two-pass reduction.
pub fn quick_cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for kernel in KernelId::all() {
        let shapes: Vec<Shape> = match kernel {
            KernelId::Gemm { .. } => vec![
                Shape::Gemm {
                    m: 128,
                    n: 128,
                    k: 128,
                },
                Shape::Gemm {
                    m: 67,
                    n: 45,
                    k: 33,
                },
            ],
            KernelId::GemmBiasAct(_) => vec![Shape::Gemm {
                m: 96,
                n: 72,
                k: 100,
            }],
            KernelId::BiasAct(_) | KernelId::ActGrad(_) => {
                vec![Shape::Matrix { rows: 67, cols: 45 }]
            }
            KernelId::ColumnSum => vec![
                Shape::Matrix {
                    rows: 1000,
                    cols: 67,
                },
                Shape::Matrix { rows: 64, cols: 10 },
            ],
            KernelId::FmaPeak(_) | KernelId::CopyPeak => Vec::new(),
            KernelId::Train(_) => vec![Shape::Matrix { rows: 67, cols: 45 }],
        };
        cases.extend(shapes.into_iter().map(|shape| Case { kernel, shape }));
    }
    cases
}

/// The peak kernels: small shapes on a CPU device or with `--quick`.
pub fn peak_cases(small: bool) -> Vec<Case> {
    peak::cases(small)
        .into_iter()
        .map(|(kernel, shape)| Case { kernel, shape })
        .collect()
}

/// `kernels` at square sizes.
pub fn cases_for(kernels: &[KernelId], sizes: &[usize]) -> Vec<Case> {
    kernels
        .iter()
        .flat_map(|&kernel| {
            sizes.iter().map(move |&s| Case {
                kernel,
                shape: Shape::square(kernel, s),
            })
        })
        .collect()
}

/// Sizes when none are given: small on a CPU device (it emulates the GPU), larger on a GPU.
pub fn default_sizes(is_cpu: bool) -> Vec<usize> {
    if is_cpu {
        vec![256, 512]
    } else {
        vec![1024, 2048, 4096]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quick_suite_covers_every_kernel() {
        let cases = quick_cases();
        for kernel in KernelId::all() {
            assert!(
                cases.iter().any(|c| c.kernel == kernel),
                "{kernel:?} missing"
            );
        }
        assert_eq!(cases_for(&[KernelId::ColumnSum], &[8, 16]).len(), 2);
    }
}
