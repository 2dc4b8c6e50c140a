//! The training kernels and the network API on whatever adapter there is (lavapipe in CI): the
//! output-error and SGD kernels match their f64 references, one forward pass and one training
//! step match an f64 network, and the loss falls on a small generated problem. Without an
//! adapter the tests skip loudly, or fail when `PRISM_REQUIRE_GPU=1` (CI sets it).

mod common;

use prism::gpu::kernel::{GemmKernel, GemmTile, KernelCache};
use prism::gpu::kernels::{self, Activation, Cost, KernelId, Shape, TrainKernel};
use prism::gpu::network::{self, Dataset, Network};
use prism::gpu::suite;

#[test]
fn training_kernels_match_their_references() {
    let Some(gpu) = common::gpu_or_skip() else {
        return;
    };
    let mut cache = KernelCache::default();
    for (i, kernel) in TrainKernel::ALL.into_iter().enumerate() {
        for shape in [
            Shape::Matrix { rows: 67, cols: 45 },
            Shape::Matrix { rows: 3, cols: 10 },
        ] {
            let work = kernels::workload(KernelId::Train(kernel), shape, 500 + i as u64);
            let (_, v) = suite::verify_case(&gpu, &mut cache, &work).unwrap();
            eprintln!(
                "{:<26} {:<6} rel. error {:?} (tolerance {:.1e})",
                KernelId::Train(kernel).name(),
                shape.describe(),
                v.relative_error,
                v.tolerance
            );
            assert!(v.passed, "{kernel:?} {}: {v:?}", shape.describe());
            assert_eq!(v.checked, work.output_len);
        }
    }
}

#[test]
fn a_skipped_sgd_update_is_caught() {
    let Some(gpu) = common::gpu_or_skip() else {
        return;
    };
    let mut cache = KernelCache::default();
    let work = kernels::workload(
        KernelId::Train(TrainKernel::SgdMomentum),
        Shape::Matrix { rows: 20, cols: 20 },
        3,
    );
    // Bound but never dispatched: the weights stay as they were.
    let bound = kernels::bind(&gpu, &mut cache, &work).unwrap();
    let v = kernels::verify(
        &bound.read_output(&gpu).unwrap(),
        &work.reference,
        work.tolerance,
    );
    assert!(!v.passed, "{v:?}");
}

#[test]
fn one_forward_pass_and_training_step_match_the_f64_network() {
    let Some(gpu) = common::gpu_or_skip() else {
        return;
    };
    // Ragged sizes (not multiples of 4 or of the tile) and a batch over 256 (the two-pass
    // bias gradient).
    let cases = [
        (
            vec![13, 9, 5],
            vec![Activation::Tanh, Activation::Sigmoid],
            300,
            Cost::Quadratic,
        ),
        (
            vec![16, 12, 8, 4],
            vec![Activation::Relu, Activation::Tanh, Activation::Sigmoid],
            64,
            Cost::CrossEntropy,
        ),
    ];
    for (i, (sizes, activations, batch, cost)) in cases.into_iter().enumerate() {
        let seed = 40 + i as u64;
        let v = network::verify_network(
            &gpu,
            &sizes,
            &activations,
            batch,
            cost,
            seed,
            GemmTile::default(),
        )
        .unwrap();
        let show = |v: &kernels::Verification| v.relative_error.map_or(f64::NAN, |e| e);
        eprintln!(
            "{sizes:?} batch {batch} {}: output {:.2e} (tol {:.1e}), weights {:?}, updates {:?}, \
             biases {:?}, loss {} vs {}",
            cost.name(),
            show(&v.forward),
            v.forward.tolerance,
            v.weights.iter().map(show).collect::<Vec<_>>(),
            v.weight_updates.iter().map(show).collect::<Vec<_>>(),
            v.biases.iter().map(show).collect::<Vec<_>>(),
            v.loss,
            v.reference_loss
        );
        assert!(v.passed(), "{v:#?}");
    }
}

#[test]
fn the_loss_falls_on_a_generated_problem() {
    let Some(gpu) = common::gpu_or_skip() else {
        return;
    };
    let (inputs, classes, batch) = (20, 4, 64);
    let data = Dataset::blobs(inputs, classes, 8 * batch, 0.8, 11);
    let mut net = Network::new(
        &gpu,
        &[inputs, 32, classes],
        &[Activation::Tanh, Activation::Sigmoid],
        batch,
        12,
    )
    .unwrap();
    let mut losses = Vec::new();
    for step in 0..16 {
        let (x, y, _) = data.batch(step % 8, batch);
        losses.push(
            net.train_step(&gpu, x, y, Cost::CrossEntropy, 0.5, 0.9)
                .unwrap(),
        );
    }
    eprintln!("losses: {losses:?}");
    let (first, last) = (losses[0], losses[losses.len() - 1]);
    assert!(losses.iter().all(|l| l.is_finite()));
    assert!(last < 0.5 * first, "loss {first} → {last}");
}

#[test]
fn cli_train_prints_a_falling_loss_per_epoch() {
    let Some(_gpu) = common::gpu_or_skip() else {
        return;
    };
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_prism"))
        .args(["train", "--layers", "32,16,4", "--epochs", "3"])
        .args(["--samples", "512", "--batch", "64"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let losses: Vec<f64> = stdout
        .lines()
        .filter_map(|l| l.split("loss ").nth(1)?.split(',').next()?.parse().ok())
        .collect();
    assert_eq!(losses.len(), 3, "{stdout}");
    assert!(losses[2] < losses[0], "{stdout}");
}

#[test]
fn every_gemm_tile_builds_a_network_that_matches_the_f64_network() {
    let Some(gpu) = common::gpu_or_skip() else {
        return;
    };
    let (sizes, activations) = ([13, 9, 5], [Activation::Tanh, Activation::Sigmoid]);
    for tile in GemmTile::CANDIDATES {
        if let Some(why) = tile.unfit(&gpu.limits) {
            eprintln!("{}: not run on this adapter: {why}", tile.describe());
            continue;
        }
        let net = Network::with_gemm_tile(&gpu, &sizes, &activations, 300, 3, tile).unwrap();
        assert_eq!(net.gemm_tile, tile);
        let gemms: Vec<&str> = net
            .forward_dispatches()
            .iter()
            .map(|d| d.kernel.label.as_str())
            .filter(|label| label.starts_with("shaders/nn/gemm"))
            .collect();
        assert_eq!(gemms.len(), sizes.len() - 1);
        let (x, y) = tile.invocations();
        let (file, defines) = match tile.kernel {
            GemmKernel::Classic => (
                "shaders/nn/gemm.comp[",
                vec![
                    format!("WG={}", tile.workgroup),
                    format!("BK={}", tile.depth),
                ],
            ),
            GemmKernel::Register => (
                "shaders/nn/gemm_reg.comp[",
                vec![
                    format!("WGX={x}"),
                    format!("WGY={y}"),
                    format!("TM={}", tile.block_rows),
                    format!("TN={}", tile.block_cols),
                    format!("BK={}", tile.depth),
                ],
            ),
        };
        for label in gemms {
            assert!(label.starts_with(file), "{label}");
            assert!(
                defines.iter().all(|d| label.contains(d.as_str())),
                "{label}"
            );
        }
        let v = network::verify_network(&gpu, &sizes, &activations, 300, Cost::Quadratic, 41, tile)
            .unwrap();
        assert!(v.passed(), "{}: {v:#?}", tile.describe());
    }
}
