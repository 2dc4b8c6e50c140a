//! The host side of `prism bench`, on the best adapter (lavapipe without a GPU):
//! - `pipeline/gemm`: compile `shaders/nn/gemm.comp` through prism's pipeline and build the
//!   wgpu compute pipeline (prism's front end, naga validation, the driver's compiler);
//! - `pipeline/bias_act`: the same for a small elementwise kernel;
//! - `record/gemm_dispatch`: encode one compute pass with one dispatch and finish the command
//!   buffer, without submitting or waiting (what the timed loop adds per repeat on the CPU).
//!
//! Without an adapter it prints why and measures nothing. Run: `cargo bench --bench gpu_host`.
//! Figures go to benches/README.md with the machine.

use criterion::Criterion;
use prism::gpu::kernel::{self, KernelCache};
use prism::gpu::kernels::{self, KernelId, Op, Shape};
use prism::gpu::Gpu;

fn bench_pipelines(c: &mut Criterion, gpu: &Gpu) {
    let mut group = c.benchmark_group("pipeline");
    group.sample_size(10);
    let gemm = [
        ("VEC_A", "1".to_string()),
        ("VEC_B", "1".to_string()),
        ("VEC_C", "1".to_string()),
    ];
    group.bench_function("gemm", |b| {
        b.iter(|| kernel::compile_source(gpu, kernel::GEMM, &gemm).expect("gemm compiles"))
    });
    let act = [("ACT", "3".to_string())];
    group.bench_function("bias_act", |b| {
        b.iter(|| kernel::compile_source(gpu, kernel::BIAS_ACT, &act).expect("bias_act compiles"))
    });
    group.finish();
}

fn bench_recording(c: &mut Criterion, gpu: &Gpu) {
    let mut cache = KernelCache::default();
    let work = kernels::workload(
        KernelId::Gemm { a: Op::N, b: Op::N },
        Shape::Gemm {
            m: 256,
            n: 256,
            k: 256,
        },
        1,
    );
    let bound = kernels::bind(gpu, &mut cache, &work).expect("the GEMM binds");
    let dispatch = &bound.dispatches[0];
    c.bench_function("record/gemm_dispatch", |b| {
        b.iter(|| {
            let mut encoder = gpu
                .device
                .create_command_encoder(&wgpu::CommandEncoderDescriptor::default());
            {
                let mut pass = encoder.begin_compute_pass(&wgpu::ComputePassDescriptor::default());
                pass.set_pipeline(&dispatch.kernel.pipeline);
                pass.set_bind_group(0, &dispatch.group, &[]);
                let [x, y, z] = dispatch.workgroups;
                pass.dispatch_workgroups(x, y, z);
            }
            encoder.finish()
        })
    });
}

fn main() {
    let gpu = match Gpu::open(None) {
        Ok(gpu) => gpu,
        Err(e) => {
            println!("gpu_host: skipped: {e}");
            return;
        }
    };
    println!(
        "gpu_host: {} ({}, {}){}",
        gpu.adapter.name,
        gpu.adapter.backend,
        gpu.adapter.device_type,
        if gpu.adapter.is_cpu {
            ", a CPU device: driver compile times are llvmpipe's"
        } else {
            ""
        }
    );
    let mut c = Criterion::default().configure_from_args();
    bench_pipelines(&mut c, &gpu);
    bench_recording(&mut c, &gpu);
    c.final_summary();
}
