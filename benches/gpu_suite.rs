//! The `prism bench` quick suite from `cargo bench`: every neural-network kernel at small
//! shapes and the peak kernels, each verified against its f64 reference before it is timed,
//! on the best adapter, with the GEMM tile from the tune cache (tuned on a miss). Prints the
//! markdown table; writes no report (`prism bench --out DIR` does).
//!
//! Run: `cargo bench --bench gpu_suite` (quick). `PRISM_BENCH_FULL=1` runs the default sizes
//! instead. Outside `cargo bench` (no `--bench` argument, as `cargo test --benches` runs it)
//! it only says how to run it. Without an adapter it prints why and exits 0.

use prism::gpu::kernels::KernelId;
use prism::gpu::report::{build_commit, Report, Tool};
use prism::gpu::suite::{self, tune, Settings};
use prism::gpu::timing::TimingPlan;
use prism::gpu::Gpu;

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        println!("gpu_suite: run it with `cargo bench --bench gpu_suite`");
        return;
    }
    let gpu = match Gpu::open(None) {
        Ok(gpu) => gpu,
        Err(e) => {
            println!("gpu_suite: skipped: {e}");
            return;
        }
    };
    let full = std::env::var("PRISM_BENCH_FULL").is_ok_and(|v| v == "1");
    let is_cpu = gpu.adapter.is_cpu;
    let mut cases = suite::peak_cases(!full || is_cpu);
    if full {
        cases.extend(suite::cases_for(
            &KernelId::all(),
            &suite::default_sizes(is_cpu),
        ));
    } else {
        cases.extend(suite::quick_cases());
    }
    let plan = if full {
        TimingPlan {
            warmup: 5,
            repeats: 30,
        }
    } else {
        TimingPlan {
            warmup: 2,
            repeats: 10,
        }
    };
    let settings = Settings { plan, seed: 1 };
    let tuning = tune::choose(&gpu, tune::CachePolicy::Use);
    let rows = suite::run_suite(&gpu, &cases, settings, tuning.tile, &mut |_, _| {});
    let tool = Tool {
        name: "prism (cargo bench --bench gpu_suite)".to_string(),
        version: env!("CARGO_PKG_VERSION").to_string(),
        git_hash: build_commit().map(str::to_string),
        command_line: std::env::args().collect(),
        started_unix: 0,
    };
    let note = if full { "" } else { "quick suite" }.to_string();
    let mut report = Report::new(&gpu, tool, settings, note, rows);
    report.tuning = Some(tuning);
    print!("{}", report.to_markdown());
    let failed = report.failures();
    if failed > 0 {
        eprintln!("gpu_suite: {failed} cases did not pass");
        std::process::exit(1);
    }
}
