//! A small fully connected network on the GPU: layers, a forward pass and an SGD training
//! step with momentum, built from the kernels of [`crate::gpu::kernels`], and its f64
//! reference.
//!
//! Layout (row-major, batch-major, as in the kernels): layer `l` maps `A[l−1]` (batch × in)
//! to `Z[l] = A[l−1]·W[l]ᵀ + b[l]` and `A[l] = f(Z[l])`, with `W[l]` out × in. The training
//! step, per layer from the last:
//! - the error `δ[L]`: `output_delta` for the cost; for a hidden layer `δ[l] = E[l] ⊙ f′(Z[l])`
//!   (`act_grad`), where `E[l] = δ[l+1]·W[l+1]` came from the layer above (GEMM `nn`: with the
//!   batch as rows this is Wᵀ·δ of the column-major formulation);
//! - the weight gradient `δ[l]ᵀ·A[l−1]` (GEMM `tn`), the bias gradient the column sum of `δ[l]`
//!   over the batch;
//! - `E[l−1] = δ[l]·W[l]`, then the SGD update of `W[l]` and `b[l]` (after `E[l−1]` has read
//!   `W[l]`).
//!
//! The files, each importing only from the ones above it: `layers.rs` (the layers and their
//! buffers), `record.rs` (the dispatch lists, recorded once), `model.rs` ([`Network`]: build
//! and run), `reference.rs` (the same step in f64), `verify.rs` (one step against it),
//! `data.rs` (a generated classification problem).
//!
//! The traps: `Z` is kept for the backward pass, so the forward pass is the GEMM with a linear
//! epilogue (bias added) into `Z` and then `bias_act` with a zero bias into `A`, not the fused
//! GEMM + activation. Every buffer a kernel writes starts NaN-poisoned, so a dispatch that
//! never ran shows up in verification as NaN.

mod data;
mod layers;
mod model;
mod record;
mod reference;
mod verify;

pub use data::{correct, Dataset};
pub use layers::Layer;
pub use model::Network;
pub use verify::{verify_network, NetworkVerification};
