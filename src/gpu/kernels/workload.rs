//! What one kernel at one shape needs to be checked, and the check.
//!
//! In: a kernel's fresh random inputs and its f64 reference, made by the file of its family.
//! Out: a [`Verification`] of the output read back. Large outputs are checked on sampled rows
//! (always including the last, the edge tile): the f64 reference of a 4096³ GEMM costs more
//! than the kernel. An element the kernel never wrote keeps its NaN poison and fails the check
//! as non-finite, whatever the tolerance.

use rand::RngExt;
use serde::{Deserialize, Serialize};

use super::id::{KernelId, Shape};

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

impl Workload {
    /// A kernel at a shape it does not take (a GEMM shape for an elementwise kernel, or the
    /// reverse): nothing to compute, and binding it is an error.
    pub(crate) fn unfit(kernel: KernelId, shape: Shape) -> Workload {
        let (rows, cols) = shape.output_dims();
        Workload {
            kernel,
            shape,
            inputs: Vec::new(),
            output_len: rows * cols,
            reference: Reference {
                rows: Vec::new(),
                row_len: cols,
                values: Vec::new(),
            },
            tolerance: 0.0,
            flops: 0.0,
            bytes: 0.0,
        }
    }
}

/// Verification of one output against its reference.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
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

/// `len` uniform values in `(-range, range)`.
pub(crate) fn random(rng: &mut rand::rngs::StdRng, len: usize, range: f32) -> Vec<f32> {
    (0..len).map(|_| rng.random_range(-range..range)).collect()
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn large_outputs_are_sampled_with_the_last_row() {
        let rows = checked_rows(4096, 4096.0 * 4096.0);
        assert_eq!(rows.len(), SAMPLED_ROWS);
        assert_eq!((rows[0], *rows.last().unwrap()), (0, 4095));
        assert_eq!(checked_rows(64, 64.0 * 64.0).len(), 64);
    }
}
