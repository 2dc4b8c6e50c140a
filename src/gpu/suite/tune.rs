//! The GEMM autotuner: which tile configuration `shaders/nn/gemm.comp` is built with on this
//! adapter, chosen by measurement and cached per adapter in a file.
//!
//! In: an open [`Gpu`] and a [`CachePolicy`]. Out: a [`Tuning`]: the chosen [`GemmTile`],
//! where it came from (the cache or a fresh tuning run) and the trials behind it, for the
//! report. Each candidate is verified against the f64 reference first (on an edge shape that is
//! not a multiple of any tile, and on the timing shape), then timed; a candidate that fails
//! verification is never chosen. The fastest median wins.
//!
//! The cache is a JSON file, `$XDG_CACHE_HOME/prism/tune.json` (else
//! `~/.cache/prism/tune.json`), written atomically, keyed by adapter name, driver, backend and a
//! hash of the GEMM sources and candidates: a driver update or an edited kernel tunes again.
//! The candidates ([`GemmTile::CANDIDATES`]) are the classic 4×4 kernel (`gemm.comp`, 64×64 or
//! 32×32 tiles, k step 16 or 8) and the register-blocked, double-buffered one (`gemm_reg.comp`,
//! 128×128 or 64×64 tiles, 8×8 or 8×4 per invocation); a candidate over the device's
//! invocation or workgroup-memory limits is listed as not run, never dispatched.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::cases::Case;
use super::row::Status;
use super::run::run_case;
use crate::gpu::device::{AdapterSummary, Gpu};
use crate::gpu::kernel::{self, GemmTile, KernelCache};
use crate::gpu::kernels::{KernelId, Op, Shape};
use crate::gpu::timing::TimingPlan;

/// The tune cache file's schema name and version.
pub const CACHE_SCHEMA: &str = "prism-tune/1";

/// How the cache file is used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CachePolicy {
    /// Use the cached choice; on a miss, tune and write it.
    Use,
    /// Tune even on a hit, and write the result (`--tune`).
    Retune,
    /// Tune without reading or writing the cache (`--no-tune-cache`).
    Bypass,
}

/// Where the configuration in use came from.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum TuneSource {
    /// Read from the cache file.
    Cache,
    /// Tuned in this run and written to the cache.
    Tuned,
    /// Tuned in this run, cache bypassed (or not writable: see the warning).
    TunedUncached,
    /// No candidate passed verification: the default, untuned.
    Fallback,
}

impl TuneSource {
    pub fn describe(self) -> &'static str {
        match self {
            TuneSource::Cache => "from the tune cache",
            TuneSource::Tuned => "tuned in this run, written to the tune cache",
            TuneSource::TunedUncached => "tuned in this run, tune cache not used",
            TuneSource::Fallback => "default: no candidate passed verification",
        }
    }
}

/// One candidate tried.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct Trial {
    pub tile: GemmTile,
    pub status: Status,
    pub relative_error: Option<f64>,
    pub median_ns: Option<f64>,
    pub gflops: Option<f64>,
    pub error: Option<String>,
}

/// The tile configuration a run used and why.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct Tuning {
    pub tile: GemmTile,
    pub source: TuneSource,
    /// The shape the candidates were timed on (this run's, or the cached run's).
    pub shape: Shape,
    /// GFLOP/s of the chosen tile at `shape` when it was tuned.
    pub gflops: Option<f64>,
    /// This run's candidates (empty when the choice came from the cache).
    pub trials: Vec<Trial>,
    pub cache_path: Option<String>,
    /// Why the cache could not be written, if it could not.
    pub warning: Option<String>,
}

/// The cache file: one entry per adapter key.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct TuneCache {
    pub schema: String,
    pub entries: BTreeMap<String, CacheEntry>,
}

/// The tile chosen for one adapter, the shape it was tuned at and its GFLOP/s there.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct CacheEntry {
    pub tile: GemmTile,
    pub shape: Shape,
    pub gflops: f64,
}

/// `$XDG_CACHE_HOME/prism/tune.json`, else `$HOME/.cache/prism/tune.json`.
fn cache_path() -> Option<PathBuf> {
    let absolute = |var: &str| {
        std::env::var_os(var)
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
    };
    let base = absolute("XDG_CACHE_HOME").or_else(|| absolute("HOME").map(|h| h.join(".cache")))?;
    Some(base.join("prism").join("tune.json"))
}

/// The cache key: adapter name, driver, backend, and a hash (FNV-1a) of both GEMM sources and
/// the candidate list.
fn adapter_key(adapter: &AdapterSummary) -> String {
    let candidates = format!("{:?}", GemmTile::CANDIDATES);
    let hash = [
        kernel::GEMM.text,
        kernel::GEMM_REG.text,
        candidates.as_str(),
    ]
    .iter()
    .flat_map(|text| text.bytes())
    .fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!(
        "{} | {} {} | {} | gemm {hash:016x}",
        adapter.name, adapter.driver, adapter.driver_info, adapter.backend
    )
}

/// The cache at `path`; a missing, unreadable or foreign file reads as empty (tuning again is
/// always safe).
fn load_cache(path: &Path) -> TuneCache {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|text| serde_json::from_str::<TuneCache>(&text).ok())
        .filter(|cache| cache.schema == CACHE_SCHEMA)
        .unwrap_or_default()
}

fn store_cache(path: &Path, key: String, entry: CacheEntry) -> std::io::Result<()> {
    let mut cache = load_cache(path);
    cache.schema = CACHE_SCHEMA.to_string();
    cache.entries.insert(key, entry);
    let json = serde_json::to_string_pretty(&cache).map_err(std::io::Error::other)?;
    crate::output::write_atomic(path, json.as_bytes())
}

/// The timing shape: mid-size on a GPU, small on a CPU device (it emulates the GPU).
fn tune_shape(is_cpu: bool) -> Shape {
    let s = if is_cpu { 128 } else { 2048 };
    Shape::Gemm { m: s, n: s, k: s }
}

/// Few repeats: the tuner ranks candidates, the suite measures.
fn tune_plan(is_cpu: bool) -> TimingPlan {
    if is_cpu {
        TimingPlan {
            warmup: 1,
            repeats: 3,
        }
    } else {
        TimingPlan {
            warmup: 3,
            repeats: 10,
        }
    }
}

/// Verify every candidate on an edge shape, then verify and time it at `shape`.
fn run_trials(gpu: &Gpu, shape: Shape, plan: TimingPlan) -> Vec<Trial> {
    let gemm = KernelId::Gemm { a: Op::N, b: Op::N };
    let edge = Shape::Gemm {
        m: 67,
        n: 45,
        k: 33,
    };
    GemmTile::CANDIDATES
        .iter()
        .map(|&tile| {
            if let Some(why) = tile.unfit(&gpu.limits) {
                return Trial {
                    tile,
                    status: Status::Error,
                    relative_error: None,
                    median_ns: None,
                    gflops: None,
                    error: Some(format!("not run on this device: {why}")),
                };
            }
            let mut cache = KernelCache::with_gemm_tile(tile);
            let edge_plan = TimingPlan {
                warmup: 0,
                repeats: 1,
            };
            let edge_row = run_case(
                gpu,
                &mut cache,
                Case {
                    kernel: gemm,
                    shape: edge,
                },
                7,
                edge_plan,
            );
            let row = if edge_row.status == Status::Passed {
                run_case(
                    gpu,
                    &mut cache,
                    Case {
                        kernel: gemm,
                        shape,
                    },
                    8,
                    plan,
                )
            } else {
                edge_row
            };
            Trial {
                tile,
                status: row.status,
                relative_error: row.verification.and_then(|v| v.relative_error),
                median_ns: row.timing.map(|t| t.median_ns),
                gflops: row.gflops,
                error: row.error,
            }
        })
        .collect()
}

/// The fastest candidate that passed.
fn fastest(trials: &[Trial]) -> Option<&Trial> {
    trials
        .iter()
        .filter(|t| t.status == Status::Passed && t.median_ns.is_some())
        .min_by(|a, b| {
            a.median_ns
                .unwrap_or(f64::INFINITY)
                .total_cmp(&b.median_ns.unwrap_or(f64::INFINITY))
        })
}

/// The GEMM tile for this adapter under `policy`: from the cache, or tuned now.
pub fn choose(gpu: &Gpu, policy: CachePolicy) -> Tuning {
    let path = cache_path();
    let key = adapter_key(&gpu.adapter);
    if policy == CachePolicy::Use {
        if let Some(entry) = path
            .as_deref()
            .map(load_cache)
            .and_then(|cache| cache.entries.get(&key).cloned())
            .filter(|entry| GemmTile::CANDIDATES.contains(&entry.tile))
        {
            return Tuning {
                tile: entry.tile,
                source: TuneSource::Cache,
                shape: entry.shape,
                gflops: Some(entry.gflops),
                trials: Vec::new(),
                cache_path: path.map(|p| p.display().to_string()),
                warning: None,
            };
        }
    }
    let is_cpu = gpu.adapter.is_cpu;
    let shape = tune_shape(is_cpu);
    let trials = run_trials(gpu, shape, tune_plan(is_cpu));
    let Some(best) = fastest(&trials).cloned() else {
        return Tuning {
            tile: GemmTile::default(),
            source: TuneSource::Fallback,
            shape,
            gflops: None,
            trials,
            cache_path: None,
            warning: None,
        };
    };
    let mut tuning = Tuning {
        tile: best.tile,
        source: TuneSource::TunedUncached,
        shape,
        gflops: best.gflops,
        trials,
        cache_path: None,
        warning: None,
    };
    if policy == CachePolicy::Bypass {
        return tuning;
    }
    match path {
        Some(path) => {
            let entry = CacheEntry {
                tile: best.tile,
                shape,
                gflops: best.gflops.unwrap_or(0.0),
            };
            match store_cache(&path, key, entry) {
                Ok(()) => tuning.source = TuneSource::Tuned,
                Err(e) => tuning.warning = Some(format!("could not write {}: {e}", path.display())),
            }
            tuning.cache_path = Some(path.display().to_string());
        }
        None => {
            tuning.warning =
                Some("no cache folder: neither XDG_CACHE_HOME nor HOME is set".to_string())
        }
    }
    tuning
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidates_fit_the_kernel_and_the_fastest_passed_wins() {
        let webgpu_defaults = crate::gpu::device::LimitsUsed {
            max_buffer_size: 1 << 28,
            max_storage_buffer_binding_size: 1 << 27,
            max_compute_workgroup_storage_size: 16384,
            max_compute_invocations_per_workgroup: 256,
            max_compute_workgroups_per_dimension: 65535,
        };
        for tile in GemmTile::CANDIDATES {
            let (x, y) = tile.invocations();
            assert_eq!(tile.depth % 4, 0);
            assert_eq!(tile.block_rows % 4, 0);
            assert_eq!(tile.block_cols % 4, 0);
            assert_eq!(x * tile.block_cols, y * tile.block_rows, "square: {tile:?}");
            assert!(tile.workgroup_bytes() <= 16384, "{tile:?}");
            if tile.kernel == kernel::GemmKernel::Classic {
                assert_eq!((tile.side() as u32 * tile.depth) % (x * y), 0, "{tile:?}");
            }
        }
        // The 128×128 8×4 tile needs 512 invocations: over WebGPU's default, so not run there.
        let wide = GemmTile::CANDIDATES[5];
        assert_eq!(wide.invocations(), (32, 16));
        assert!(wide.unfit(&webgpu_defaults).is_some());
        assert!(GemmTile::CANDIDATES[4].unfit(&webgpu_defaults).is_none());
        assert_eq!(GemmTile::CANDIDATES[4].workgroup_bytes(), 16384);
        let trial = |workgroup, status, median| Trial {
            tile: GemmTile {
                workgroup,
                ..GemmTile::default()
            },
            status,
            relative_error: None,
            median_ns: Some(median),
            gflops: None,
            error: None,
        };
        let trials = [
            trial(16, Status::Passed, 30.0),
            trial(8, Status::FailedVerification, 1.0),
            trial(4, Status::Passed, 20.0),
        ];
        assert_eq!(fastest(&trials).unwrap().tile.workgroup, 4);
    }

    #[test]
    fn cache_round_trips_and_foreign_files_read_empty() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("prism/tune.json");
        assert_eq!(load_cache(&path), TuneCache::default());
        let entry = CacheEntry {
            tile: GemmTile::CANDIDATES[2],
            shape: tune_shape(true),
            gflops: 1.5,
        };
        store_cache(&path, "a".into(), entry.clone()).unwrap();
        store_cache(&path, "b".into(), entry.clone()).unwrap();
        let cache = load_cache(&path);
        assert_eq!(cache.entries.len(), 2);
        assert_eq!(cache.entries["a"], entry);
        std::fs::write(&path, r#"{"schema":"other","entries":{}}"#).unwrap();
        assert!(load_cache(&path).entries.is_empty());
    }
}
