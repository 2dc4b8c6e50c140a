#!/usr/bin/env bash
# The day a GPU is lent: one command, on a machine with an NVIDIA GPU and nothing installed
# (no package registry), that brings what Vulkan needs, runs prism's whole kernel suite, the
# Neanderthal network at full size and the PyTorch FP32 peer (cuBLAS, TF32 off) when python and
# torch are there, and writes JSON + markdown + SVG into one folder. Budget: 8 minutes wall.
#
#   benches/gpu-device.sh [OUT]          # OUT defaults to $OUT (the device tool's folder) or
#                                        # reports/device-<time>
#   PRISM_DEVICE_REHEARSAL=1 benches/gpu-device.sh   # the same steps on lavapipe, small sizes
#
# What it needs, prepared on a machine with a registry (see benches/README.md, "Device day"):
# - the prism binary: $PRISM_BIN, else target/release/prism, else target/debug/prism; built
#   with `cargo build --release --offline` only when none exists and cargo is there (a cold
#   release build takes longer than the budget: bring the binary).
# - the Vulkan loader when the machine has none: .deb files in $PRISM_DEBS (default
#   benches/device-debs: libvulkan1 and what it needs), unpacked with dpkg-deb, no root needed.
# - NVIDIA's Vulkan ICD: the driver's nvidia_icd.json when installed; otherwise one is written
#   pointing at libGLX_nvidia.so.0 (the driver ships the library even without the json).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REHEARSAL="${PRISM_DEVICE_REHEARSAL:-0}"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
OUT_DIR="${1:-${OUT:-$ROOT/reports/device-$STAMP}}"
mkdir -p "$OUT_DIR"
LOG="$OUT_DIR/gpu-device.log"
START=$(date +%s)
say() { printf '[%4ss] %s\n' "$(($(date +%s) - START))" "$*" | tee -a "$LOG" >&2; }
left() { echo $((480 - ($(date +%s) - START))); }
# Seconds a step may take: what is left of the 8 minutes, less what the later steps keep.
budget() { local b=$(( $(left) - $1 )); [ "$b" -lt 30 ] && b=30; echo "$b"; }

export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"
export XDG_CACHE_HOME="$OUT_DIR/cache"

# 1. The Vulkan loader.
if ! ldconfig -p 2>/dev/null | grep -q 'libvulkan.so.1'; then
    DEBS="${PRISM_DEBS:-$ROOT/benches/device-debs}"
    if ! ls "$DEBS"/*.deb >/dev/null 2>&1; then
        say "no libvulkan.so.1 and no .deb files in $DEBS: bring libvulkan1 (apt-get download libvulkan1) and rerun"
        exit 2
    fi
    VK_ROOT="$OUT_DIR/vulkan-root"
    mkdir -p "$VK_ROOT"
    for deb in "$DEBS"/*.deb; do dpkg-deb -x "$deb" "$VK_ROOT"; done
    LIBDIRS=$(find "$VK_ROOT" -name 'libvulkan.so*' -printf '%h\n' | sort -u | paste -sd:)
    export LD_LIBRARY_PATH="$LIBDIRS${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    say "Vulkan loader unpacked from $DEBS into $VK_ROOT"
fi

# 2. The driver: NVIDIA's ICD, or lavapipe in a rehearsal.
if [ "$REHEARSAL" = 1 ]; then
    ICD=$(ls /usr/share/vulkan/icd.d/lvp_icd*.json 2>/dev/null | head -1 || true)
    [ -n "$ICD" ] && export VK_DRIVER_FILES="$ICD"
    say "rehearsal on lavapipe (${ICD:-default loader search}): small sizes, figures CPU-emulated"
else
    ICD=""
    for dir in /usr/share/vulkan/icd.d /etc/vulkan/icd.d /usr/local/share/vulkan/icd.d /usr/share/glvnd; do
        found=$(find "$dir" -name 'nvidia_icd*.json' 2>/dev/null | head -1 || true)
        [ -n "$found" ] && ICD="$found" && break
    done
    if [ -z "$ICD" ]; then
        ICD="$OUT_DIR/nvidia_icd.json"
        cat > "$ICD" <<'JSON'
{ "file_format_version": "1.0.0",
  "ICD": { "library_path": "libGLX_nvidia.so.0", "api_version": "1.3.0" } }
JSON
        say "no nvidia_icd.json installed: wrote $ICD (libGLX_nvidia.so.0)"
    fi
    export VK_DRIVER_FILES="$ICD"
    nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1 | tee -a "$LOG" >&2 || true
fi

# 3. prism.
PRISM="${PRISM_BIN:-}"
for candidate in "$ROOT/target/release/prism" "$ROOT/target/debug/prism"; do
    [ -z "$PRISM" ] && [ -x "$candidate" ] && PRISM="$candidate"
done
if [ -z "$PRISM" ]; then
    command -v cargo >/dev/null || { say "no prism binary and no cargo: bring target/release/prism"; exit 2; }
    say "building prism (release, offline)"
    (cd "$ROOT" && cargo build --release --offline 2>&1 | tail -3 | tee -a "$LOG" >&2)
    PRISM="$ROOT/target/release/prism"
fi
say "prism: $PRISM ($("$PRISM" --version 2>/dev/null || echo unknown version))"
"$PRISM" bench --list 2>&1 | sed -n '/^adapters:/,$p' | tee -a "$LOG" >&2
if [ "$REHEARSAL" != 1 ] && ! "$PRISM" bench --list 2>/dev/null | grep -qi 'nvidia'; then
    say "no NVIDIA adapter among the adapters above: check VK_DRIVER_FILES=$VK_DRIVER_FILES"
    exit 2
fi

if [ "$REHEARSAL" = 1 ]; then
    GEMM_SIZES=128,256; OTHER_SIZES=256; ROBUST=256; REPEATS=3; WARMUP=1
    TORCH_SIZES=256; TORCH_SCALE=10
else
    GEMM_SIZES=1024,2048,4096,8192; OTHER_SIZES=4096; ROBUST=4096; REPEATS=20; WARMUP=3
    TORCH_SIZES=1024,2048,4096,8192; TORCH_SCALE=1
fi
common=(--warmup "$WARMUP" --repeats "$REPEATS" --seed 1 --out "$OUT_DIR")

# 4. The suite: GEMMs tuned (every tile candidate tried and cached), at growing sizes, then the
# other kernels with the robustness cost; each step under what is left of the budget.
say "GEMM suite at $GEMM_SIZES (tuning first)"
timeout "$(budget 200)" "$PRISM" bench --tune --kernel gemm,gemm_bias_act --sizes "$GEMM_SIZES" \
    --format json,md,svg "${common[@]}" >>"$LOG" 2>&1 || say "GEMM suite: exit $?"
say "other kernels at $OTHER_SIZES, robustness cost at $ROBUST"
timeout "$(budget 150)" "$PRISM" bench --kernel bias_act,act_grad,column_sum,output_delta,sgd,gemm_nt \
    --sizes "$OTHER_SIZES" --robustness-cost --robustness-size "$ROBUST" \
    --format json,md,svg "${common[@]}" >>"$LOG" 2>&1 || say "kernels + robustness: exit $?"

# 5. The Neanderthal network, full size on a GPU (prism scales it 10x down on a CPU device).
say "Neanderthal network, forward and training step"
timeout "$(budget 90)" "$PRISM" bench --network neanderthal --train --tune \
    --warmup "$WARMUP" --repeats "$REPEATS" --seed 1 --out "$OUT_DIR" --format json,md \
    >>"$LOG" 2>&1 || say "network: exit $?"

# 6. The PyTorch FP32 peer.
if command -v python3 >/dev/null && python3 -c 'import torch' 2>/dev/null; then
    say "PyTorch FP32 (TF32 off) at $TORCH_SIZES and the network"
    timeout "$(budget 10)" python3 "$ROOT/benches/gpu-torch.py" --sizes "$TORCH_SIZES" \
        --scale "$TORCH_SCALE" --out "$OUT_DIR" >>"$LOG" 2>&1 || say "torch: exit $?"
else
    say "no python3 with torch: the PyTorch comparison is not run"
fi

# 7. One summary: every markdown report, in order.
SUMMARY="$OUT_DIR/summary.md"
{
    echo "# prism on $(hostname) — $(date -u +%Y-%m-%d) ($([ "$REHEARSAL" = 1 ] && echo 'rehearsal on lavapipe' || echo device))"
    echo
    for md in "$OUT_DIR"/bench-*.md "$OUT_DIR"/network-*.md "$OUT_DIR"/torch-*.md; do
        if [ -f "$md" ]; then cat "$md"; echo; fi
    done
} > "$SUMMARY.tmp" && mv "$SUMMARY.tmp" "$SUMMARY"
say "done in $(($(date +%s) - START)) s: $OUT_DIR ($(ls "$OUT_DIR" | wc -l) files)"
