#!/usr/bin/env python3
"""The PyTorch FP32 peer of `prism bench` (run by benches/gpu-device.sh when torch is there).

torch.mm at square sizes and the Neanderthal network (10000 -> 5000 tanh -> 1000 sigmoid ->
10 sigmoid, batch 10000; --scale divides sizes and batch), forward and one SGD-with-momentum
training step, all FP32 with TF32 disabled (cuBLAS SGEMM, the peer prism's FP32 kernels are
measured against). Timed with CUDA events after warm-up; writes torch-<time>.json and .md.
"""
import argparse
import json
import os
import statistics
import time

import torch


def timed(fn, warmup, repeats):
    for _ in range(warmup):
        fn()
    torch.cuda.synchronize()
    times = []
    for _ in range(repeats):
        start = torch.cuda.Event(enable_timing=True)
        end = torch.cuda.Event(enable_timing=True)
        start.record()
        fn()
        end.record()
        torch.cuda.synchronize()
        times.append(start.elapsed_time(end) * 1e6)  # ns
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1024,2048,4096,8192")
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--out", default=".")
    args = parser.parse_args()
    if not torch.cuda.is_available():
        raise SystemExit("torch has no CUDA device")
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    torch.set_float32_matmul_precision("highest")
    dev = torch.device("cuda")
    rows = []
    for s in [int(x) for x in args.sizes.split(",")]:
        a = torch.randn(s, s, device=dev)
        b = torch.randn(s, s, device=dev)
        ns = timed(lambda: torch.mm(a, b), args.warmup, args.repeats)
        rows.append({"kernel": "torch.mm (FP32, TF32 off)", "shape": f"{s}x{s}x{s}",
                     "median_ns": ns, "gflops": 2 * s**3 / ns})
    sizes = [10000 // args.scale, 5000 // args.scale, 1000 // args.scale, 10]
    batch = 10000 // args.scale
    layers = [torch.nn.Linear(i, o).to(dev) for i, o in zip(sizes, sizes[1:])]
    acts = [torch.tanh, torch.sigmoid, torch.sigmoid]
    x = torch.rand(batch, sizes[0], device=dev)
    y = torch.rand(batch, sizes[-1], device=dev)
    params = [p for layer in layers for p in layer.parameters()]
    opt = torch.optim.SGD(params, lr=0.01, momentum=0.9)

    def forward():
        h = x
        for layer, act in zip(layers, acts):
            h = act(layer(h))
        return h

    def step():
        opt.zero_grad(set_to_none=False)
        loss = 0.5 * ((forward() - y) ** 2).sum() / batch
        loss.backward()
        opt.step()

    with torch.no_grad():
        fwd = timed(forward, args.warmup, args.repeats)
    train = timed(step, args.warmup, args.repeats)
    flops = sum(2 * batch * i * o for i, o in zip(sizes, sizes[1:]))
    network = {"sizes": sizes, "batch": batch, "forward_ns": fwd, "train_step_ns": train,
               "forward_gflops": flops / fwd, "train_gflops": 3 * flops / train}
    doc = {"schema": "prism-torch-peer/1", "device": torch.cuda.get_device_name(0),
           "torch": torch.__version__, "tf32": False, "gemm": rows, "network": network}
    stamp = int(time.time())
    with open(os.path.join(args.out, f"torch-{stamp}.json"), "w") as f:
        json.dump(doc, f, indent=2)
    md = [f"# PyTorch FP32 peer: {doc['device']} (torch {doc['torch']}, TF32 off)", "",
          "| kernel | shape | median µs | GFLOP/s |", "|---|---|---:|---:|"]
    md += [f"| {r['kernel']} | {r['shape']} | {r['median_ns'] / 1e3:.1f} | {r['gflops']:.0f} |"
           for r in rows]
    md += ["", f"Network {sizes}, batch {batch}: forward {fwd / 1e6:.2f} ms, "
           f"training step {train / 1e6:.2f} ms", ""]
    with open(os.path.join(args.out, f"torch-{stamp}.md"), "w") as f:
        f.write("\n".join(md))


if __name__ == "__main__":
    main()
