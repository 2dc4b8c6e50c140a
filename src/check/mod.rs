//! CI checks. [`check_compiles`] is `prism compile --check`: does every shader compile for
//! every target. The rest is cost baselines (`prism check`): measure every shader under some
//! folders, compare the counts with a committed [`Baseline`], and list what grew past the
//! tolerance.
//!
//! In: the inputs and [`CheckOptions`]. [`Check::prepare`] finds the shaders and reads the old
//! baseline first (a broken or mismatched file is reported before any work);
//! [`Check::measure`] compiles, annotates and (per GPU) runs the ISA compiler on each, in
//! the caller's rayon pool; [`Check::finish`] gives the new baseline (`--update`) or a
//! [`CheckReport`]. Nothing here prints: failures come back as [`Problem`]s to render.
//!
//! The traps: shader keys are paths relative to the baseline's folder (so `shaders`,
//! `./shaders` and `$PWD/shaders` name the same shaders from anywhere); a baseline recorded
//! under other settings is refused, since it would compare different things; and a run where
//! no shader is in the baseline is an error (wrong folder), not a list of additions.

pub mod baseline;
mod compiles;
pub mod merge;
mod report;
pub mod shard;
pub mod toolchain;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::annotate::{self, AnnotateOptions};
use crate::back::Target;
use crate::diagnostic::Diagnostic;
use crate::isa::{self, GpuSpec, IsaError, IsaOptions};
use crate::pipeline::{collect_shaders, compile_path, Compilation, CompileOptions};
use crate::source::SourceFiles;

pub use baseline::{Baseline, Change, Comparison, NotComparable, Settings, ToolchainChange};
pub use compiles::{check_compiles, CompileCheck, CompileFailure};
pub use merge::{merge, CheckShard, MergeOptions, CHECK_SHARD_SCHEMA};
use report::conclude;
pub use report::{CheckError, CheckReport, Failure, Finished};
use shard::display;
pub use shard::{MergeError, Shard, ShardInfo};
pub use toolchain::Toolchain;

/// What to measure and how to compare.
#[derive(Clone, Debug)]
pub struct CheckOptions {
    /// The committed baseline file.
    pub baseline: PathBuf,
    /// Record a new baseline instead of comparing.
    pub update: bool,
    /// Percent a count may grow before it counts as a regression.
    pub tolerance_percent: f64,
    /// Text targets whose helper calls are counted.
    pub targets: Vec<Target>,
    /// GPUs whose ISA statistics are counted.
    pub gpus: Vec<GpuSpec>,
    pub isa: IsaOptions,
    /// Run `spirv-opt -O` and count its output too.
    pub optimize: bool,
    /// Shaders left out, matched against the path as found and as keyed in the baseline.
    pub excludes: globset::GlobSet,
    pub compile: CompileOptions,
    /// The `-D` macros as given (`NAME` or `NAME=VALUE`), recorded in the settings.
    pub defines: Vec<String>,
    /// What to do with metrics whose toolchain changed since the baseline.
    pub toolchain_change: ToolchainChange,
    /// Measure only this shard of the shaders (by baseline key).
    pub shard: Option<Shard>,
}

/// Something that went wrong with one shader, for the caller to render.
pub enum Problem {
    /// It did not compile or annotate.
    Diagnostics {
        files: SourceFiles,
        diagnostics: Vec<Diagnostic>,
    },
    /// A GPU could not compile it.
    Isa {
        shader: String,
        gpu: String,
        error: IsaError,
    },
}

/// The counts of this run.
pub struct Measurement {
    pub current: Baseline,
    /// Shaders (and shader, GPU pairs) that could not be measured, in [`Failure::sort`] order.
    pub failures: Vec<Failure>,
    pub problems: Vec<Problem>,
}

/// A prepared check: the shaders found, the settings, the old baseline.
pub struct Check {
    options: CheckOptions,
    shaders: Vec<PathBuf>,
    baseline_dir: Option<PathBuf>,
    settings: Settings,
    old: Option<Baseline>,
    /// Where this run sits in a sharded one.
    shard: Option<ShardInfo>,
}

/// A shader's key in the baseline: its path relative to the baseline file's folder.
fn shader_key(path: &Path, baseline_dir: Option<&Path>) -> String {
    let relative = baseline_dir.and_then(|dir| {
        let path = path.canonicalize().ok()?;
        path.strip_prefix(dir).ok().map(Path::to_path_buf)
    });
    display(relative.as_deref().unwrap_or(path))
}

impl Check {
    /// Find the shaders and read the old baseline (unless updating).
    pub fn prepare(inputs: &[PathBuf], options: CheckOptions) -> Result<Check, CheckError> {
        let baseline_dir = options
            .baseline
            .parent()
            .map(|p| {
                if p.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    p
                }
            })
            .and_then(|p| p.canonicalize().ok());
        let mut shaders: Vec<PathBuf> = collect_shaders(inputs, options.compile.stage.is_some())?
            .into_iter()
            .filter(|path| {
                !options.excludes.is_match(display(path))
                    && !options
                        .excludes
                        .is_match(shader_key(path, baseline_dir.as_deref()))
            })
            .collect();
        if shaders.is_empty() {
            return Err(CheckError::NoShaders);
        }
        let settings = settings(&options);
        let shard = options.shard.map(|shard| {
            let total = shaders.len();
            let mut mine = Vec::new();
            let mut positions = Vec::new();
            for (position, path) in shaders.drain(..).enumerate() {
                let key = shader_key(&path, baseline_dir.as_deref());
                if shard.contains(&key) {
                    positions.push(shard::ShardShader { key, position });
                    mine.push(path);
                }
            }
            shaders = mine;
            ShardInfo {
                shard,
                shaders_total: total,
                shaders: positions,
                settings: merge::settings_line(
                    &settings,
                    options.tolerance_percent,
                    options.update,
                    &options.baseline,
                ),
            }
        });
        let old = if options.update {
            None
        } else {
            let mut old = report::read_baseline(&options.baseline, &settings)?;
            // A shard compares with its part of the baseline: the rest is not "removed".
            if let Some(shard) = options.shard {
                old.shaders.retain(|key, _| shard.contains(key));
            }
            Some(old)
        };
        Ok(Check {
            options,
            shaders,
            baseline_dir,
            settings,
            old,
            shard,
        })
    }

    /// Where this run sits in a sharded one (`--shard`).
    pub fn shard(&self) -> Option<&ShardInfo> {
        self.shard.as_ref()
    }

    pub fn shaders(&self) -> &[PathBuf] {
        &self.shaders
    }

    fn key(&self, path: &Path) -> String {
        shader_key(path, self.baseline_dir.as_deref())
    }

    /// Measure every shader, in parallel in the current rayon pool (compiling recurses: give
    /// it big stacks); `progress` is called once per shader.
    pub fn measure(&self, progress: &(dyn Fn() + Sync)) -> Measurement {
        let annotate_options = AnnotateOptions {
            targets: self.options.targets.clone(),
            optimize: self.options.optimize,
        };
        let measure = |path: &PathBuf| {
            let result = match compile_path(path, &self.options.compile) {
                Ok(c) => match annotate::annotate(&c, &annotate_options) {
                    Ok(a) => Ok((c, baseline::annotation_metrics(&a))),
                    Err(d) => Err(Problem::Diagnostics {
                        files: c.files,
                        diagnostics: vec![d],
                    }),
                },
                Err(failure) => Err(Problem::Diagnostics {
                    files: failure.files,
                    diagnostics: failure.diagnostics,
                }),
            };
            progress();
            result
        };
        let results: Vec<_> = self.shaders.par_iter().map(measure).collect();
        let results = self.shaders.iter().zip(results);
        let mut failures = Vec::new();
        let mut problems = Vec::new();
        let mut measured: Vec<(String, Compilation, BTreeMap<String, f64>)> = Vec::new();
        for (path, result) in results {
            match result {
                Ok((compilation, metrics)) => measured.push((self.key(path), compilation, metrics)),
                Err(problem) => {
                    failures.push(Failure {
                        shader: self.key(path),
                        gpu: None,
                    });
                    problems.push(problem);
                }
            }
        }
        let compilations: Vec<&Compilation> = measured.iter().map(|(_, c, _)| c).collect();
        let mut isa_metrics: Vec<Vec<(String, f64)>> = vec![Vec::new(); measured.len()];
        let mut current = Baseline::new(self.settings.clone());
        let mut drivers = BTreeMap::new();
        for gpu in &self.options.gpus {
            let reports = isa::run_many(&compilations, gpu, &self.options.isa);
            for ((metrics, (name, _, _)), report) in
                isa_metrics.iter_mut().zip(&measured).zip(reports)
            {
                match report {
                    Ok(report) => {
                        drivers
                            .entry(gpu.to_string())
                            .or_insert_with(|| report.driver.clone());
                        for stat in baseline::ISA_METRICS {
                            if let Some(value) = report.metric(stat) {
                                metrics.push((baseline::isa_key(&gpu.to_string(), stat), value));
                            }
                        }
                    }
                    Err(error) => {
                        failures.push(Failure {
                            shader: name.clone(),
                            gpu: Some(gpu.to_string()),
                        });
                        problems.push(Problem::Isa {
                            shader: name.clone(),
                            gpu: gpu.to_string(),
                            error,
                        });
                    }
                }
            }
        }
        if let Some(toolchain) = &mut current.toolchain {
            toolchain.drivers = drivers;
        }
        for ((name, _, mut metrics), isa) in measured.into_iter().zip(isa_metrics) {
            metrics.extend(isa);
            current.shaders.insert(name, metrics);
        }
        Failure::sort(&mut failures, &self.settings.gpus);
        Measurement {
            current,
            failures,
            problems,
        }
    }

    /// The baseline to write, or the comparison with the old one.
    pub fn finish(self, measurement: Measurement) -> Result<Finished, CheckError> {
        conclude(
            &self.options.baseline,
            self.old,
            measurement.current,
            &measurement.failures,
            self.options.tolerance_percent,
            self.options.toolchain_change,
        )
    }

    /// This shard's result, for `check merge` (`--shard` runs only).
    pub fn shard_result(&self, measurement: &Measurement) -> Option<CheckShard> {
        Some(CheckShard::new(
            self.shard.clone()?,
            display(&self.options.baseline),
            self.options.tolerance_percent,
            measurement.current.clone(),
            measurement.failures.clone(),
        ))
    }
}

/// What this run measures with, as a baseline records it.
fn settings(options: &CheckOptions) -> Settings {
    let mut targets: Vec<String> = options
        .targets
        .iter()
        .map(|t| t.name().to_string())
        .collect();
    targets.sort();
    targets.dedup();
    let mut defines = options.defines.clone();
    defines.sort();
    Settings {
        robustness: annotate::Robustness::of(&options.compile.robustness).to_string(),
        targets,
        gpus: options.gpus.iter().map(|g| g.to_string()).collect(),
        optimized: options.optimize,
        defines,
    }
}
