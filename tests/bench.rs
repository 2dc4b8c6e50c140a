//! `prism bench` on whatever adapter there is (lavapipe in CI): every kernel matches its f64
//! reference on small shapes, poisoning and wrong references are caught, and the CLI writes a
//! report that parses. Without an adapter the GPU tests skip loudly, or fail when
//! `PRISM_REQUIRE_GPU=1` (CI sets it).

mod common;

use prism::gpu::bench::{self, Status};
use prism::gpu::kernel::KernelCache;
use prism::gpu::nn::{self, Activation, KernelId, Op, Shape};
use prism::gpu::report::{Report, SCHEMA};
use prism::gpu::{timing, Gpu, GpuError};

fn require_gpu() -> bool {
    std::env::var("PRISM_REQUIRE_GPU").is_ok_and(|v| v == "1")
}

/// The best adapter, or a loud skip (a panic with `PRISM_REQUIRE_GPU=1`).
fn gpu_or_skip() -> Option<Gpu> {
    match Gpu::open(None) {
        Ok(gpu) => Some(gpu),
        Err(e @ (GpuError::NoAdapter | GpuError::RequestDevice { .. })) => {
            if require_gpu() {
                panic!("no usable GPU adapter ({e}), but PRISM_REQUIRE_GPU=1");
            }
            eprintln!();
            eprintln!("==================================================================");
            eprintln!("SKIPPED: no GPU adapter: {e}");
            eprintln!("==================================================================");
            eprintln!();
            None
        }
        Err(e) => panic!("opening the GPU failed: {e}"),
    }
}

#[test]
fn every_kernel_matches_its_reference_on_small_shapes() {
    let Some(gpu) = gpu_or_skip() else { return };
    let mut cache = KernelCache::default();
    let mut failures = Vec::new();
    for (i, case) in bench::quick_cases().into_iter().enumerate() {
        let work = nn::workload(case.kernel, case.shape, 1000 + i as u64);
        let (_, v) = bench::verify_case(&gpu, &mut cache, &work)
            .unwrap_or_else(|e| panic!("{} {}: {e}", case.kernel.name(), case.shape.describe()));
        eprintln!(
            "{:<22} {:<12} rel. error {:>10} (tolerance {:.1e})",
            case.kernel.name(),
            case.shape.describe(),
            v.relative_error
                .map_or("non-finite".to_string(), |e| format!("{e:.2e}")),
            v.tolerance
        );
        assert_eq!(
            v.checked, work.output_len,
            "small shapes are checked in full"
        );
        if !v.passed {
            failures.push(format!(
                "{} {}: {v:?}",
                case.kernel.name(),
                case.shape.describe()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "kernels failed verification:\n{}",
        failures.join("\n")
    );
}

#[test]
fn skipped_dispatch_and_wrong_reference_are_caught() {
    let Some(gpu) = gpu_or_skip() else { return };
    let mut cache = KernelCache::default();
    let work = nn::workload(
        KernelId::Gemm { a: Op::N, b: Op::T },
        Shape::Gemm {
            m: 70,
            n: 64,
            k: 48,
        },
        5,
    );
    let bound = nn::bind(&gpu, &mut cache, &work).unwrap();

    // Nothing dispatched: the output is all poison and must fail.
    let untouched = bound.read_output(&gpu).unwrap();
    let v = nn::verify(&untouched, &work.reference, work.tolerance);
    assert!(!v.passed);
    assert_eq!(v.non_finite, work.output_len);

    // Dispatched: passes.
    timing::run(&gpu, &bound.dispatches, 1).unwrap();
    let output = bound.read_output(&gpu).unwrap();
    assert!(nn::verify(&output, &work.reference, work.tolerance).passed);

    // One reference element off by 1%: the same output now fails.
    let mut wrong = work.reference.clone();
    wrong.values[17] *= 1.01;
    wrong.values[17] += 0.01;
    let v = nn::verify(&output, &wrong, work.tolerance);
    assert!(!v.passed, "a wrong reference passed: {v:?}");

    // Re-poisoned and not dispatched again: caught again (no stale result passes).
    bound.poison(&gpu);
    let again = bound.read_output(&gpu).unwrap();
    assert!(!nn::verify(&again, &work.reference, work.tolerance).passed);
}

#[test]
fn a_verified_case_is_timed_and_a_bad_case_is_an_error_row() {
    let Some(gpu) = gpu_or_skip() else { return };
    let mut cache = KernelCache::default();
    let case = bench::Case {
        kernel: KernelId::BiasAct(Activation::Sigmoid),
        shape: Shape::Matrix { rows: 8, cols: 8 },
    };
    let plan = timing::TimingPlan {
        warmup: 1,
        repeats: 3,
    };
    let row = bench::run_case(&gpu, &mut cache, case, 3, plan);
    assert_eq!(row.status, Status::Passed, "{row:?}");
    let timing = row.timing.expect("a verified row is timed");
    assert_eq!(timing.repeats, 3);
    assert!(timing.min_ns <= timing.median_ns && timing.median_ns <= timing.max_ns);

    // A GEMM shape for an elementwise kernel cannot bind: an error row, not a panic.
    let bad = bench::Case {
        kernel: KernelId::BiasAct(Activation::Relu),
        shape: Shape::Gemm { m: 4, n: 4, k: 4 },
    };
    let row = bench::run_case(&gpu, &mut cache, bad, 3, plan);
    assert_eq!(row.status, Status::Error);
    assert!(row.timing.is_none() && row.error.is_some());
}

#[test]
fn cli_quick_writes_a_report_that_parses() {
    let Some(gpu) = gpu_or_skip() else { return };
    drop(gpu);
    let dir = tempfile::tempdir().unwrap();
    let out = common::run(
        common::prism()
            .args([
                "bench",
                "--quick",
                "--seed",
                "42",
                "--warmup",
                "1",
                "--repeats",
                "3",
                "--out",
            ])
            .arg(dir.path()),
    );
    let stdout = common::stdout(&out);
    assert!(
        out.status.success(),
        "stdout:\n{stdout}\nstderr:\n{}",
        common::stderr(&out)
    );
    let mut json = None;
    let mut md = None;
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        match path.extension().and_then(|e| e.to_str()) {
            Some("json") => json = Some(path),
            Some("md") => md = Some(path),
            _ => {}
        }
    }
    let json = std::fs::read_to_string(json.expect("a JSON report")).unwrap();
    let report: Report = serde_json::from_str(&json).unwrap();
    assert_eq!(report.schema, SCHEMA);
    assert_eq!(report.settings.seed, 42);
    assert_eq!(report.rows.len(), bench::quick_cases().len());
    assert_eq!(report.failures(), 0);
    assert!(report
        .rows
        .iter()
        .all(|r| r.timing.is_some() && r.gflops.is_some()));
    assert_eq!(report.cpu_emulated, report.adapter.is_cpu);
    let md = std::fs::read_to_string(md.expect("a markdown summary")).unwrap();
    assert!(md.contains("| gemm_tt |"));
    if report.cpu_emulated {
        assert!(md.contains("CPU-emulated"));
    }
}

#[test]
fn list_and_bad_arguments_need_no_gpu() {
    let out = common::run(common::prism().args(["bench", "--list"]));
    assert!(out.status.success());
    let stdout = common::stdout(&out);
    assert!(
        stdout.contains("gemm: gemm_nn, gemm_nt, gemm_tn, gemm_tt"),
        "{stdout}"
    );
    assert!(stdout.contains("adapters"));

    let out = common::run(common::prism().args(["bench", "--kernel", "convolution"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(common::stderr(&out).contains("unknown kernel `convolution`"));
}
