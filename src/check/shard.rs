//! Splitting a corpus across CI jobs: `--shard K/N` on `check`, `lint` and `compile --check`.
//!
//! A shader belongs to shard `1 + fnv1a64(key) mod N`, where the key is its normalized relative
//! path (for `check`, the baseline key; elsewhere the path relative to the working directory,
//! `/`-separated, without `.` parts). Not directory order, not file count: the same shader lands
//! in the same shard on every run and every machine, and a shader added or removed moves no
//! other shader. Each shard's output records `K/N`, the whole run's shader count and its own
//! shaders, so a merge can refuse overlaps (a shard given twice, a shader in two shards) and
//! gaps (a missing shard, counts that do not add up).

use std::path::Path;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Shard `index` of `count` (1-based, as written: `2/4`).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

impl std::str::FromStr for Shard {
    type Err = String;

    fn from_str(text: &str) -> Result<Shard, String> {
        let bad = || format!("`{text}` is not a shard: write K/N with 1 ≤ K ≤ N (`2/4`)");
        let (index, count) = text.split_once('/').ok_or_else(bad)?;
        let index: u32 = index.trim().parse().map_err(|_| bad())?;
        let count: u32 = count.trim().parse().map_err(|_| bad())?;
        if index == 0 || count == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// FNV-1a, 64 bits: stable across Rust versions and platforms (std's hasher is not).
fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

impl Shard {
    /// Whether the shader keyed `key` (a normalized relative path) is in this shard.
    pub fn contains(&self, key: &str) -> bool {
        fnv1a64(key.as_bytes()) % u64::from(self.count) == u64::from(self.index - 1)
    }
}

/// A path as a shard key: relative to the working directory when under it, `/`-separated,
/// without `.` parts (so `./a/b.frag`, `a/b.frag` and `$PWD/a/b.frag` are one key).
pub fn path_key(path: &Path) -> String {
    let relative = std::env::current_dir()
        .ok()
        .and_then(|cwd| cwd.canonicalize().ok())
        .and_then(|cwd| {
            let full = path.canonicalize().ok()?;
            full.strip_prefix(&cwd).ok().map(Path::to_path_buf)
        });
    display(relative.as_deref().unwrap_or(path))
}

/// A path `/`-separated, without `.` parts.
pub(crate) fn display(path: &Path) -> String {
    path.components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
        .replacen("//", "/", 1)
}

/// What a shard's output records about its place in the whole run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ShardInfo {
    pub shard: Shard,
    /// How many shaders the whole run has (all shards together).
    pub shaders_total: usize,
    /// This shard's shaders: their keys, and their positions in the whole run's order (so a
    /// merge can put the results back in the unsharded order).
    pub shaders: Vec<ShardShader>,
    /// What must be the same in every shard: the options that change results.
    pub settings: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ShardShader {
    pub key: String,
    pub position: usize,
}

/// Why shard outputs do not join.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    #[error("nothing to merge")]
    Empty,
    #[error("{0} is not a shard's output (run with --shard K/N)")]
    NotAShard(String),
    #[error("overlap: shard {0} is given twice ({1} and {2})")]
    ShardTwice(Shard, String, String),
    #[error("overlap: `{key}` is in shard {a} and shard {b}")]
    ShaderTwice { key: String, a: Shard, b: Shard },
    #[error("gap: shard {index}/{count} is missing")]
    Missing { index: u32, count: u32 },
    #[error("mixed runs: {0} is split into {1} shards, {2} into {3}")]
    MixedCount(String, u32, String, u32),
    #[error(
        "gap: the shards hold {found} shaders, the run has {total} (shards of different runs?)"
    )]
    Count { found: usize, total: usize },
    #[error("mixed settings: {a} has `{a_settings}`, {b} has `{b_settings}`")]
    MixedSettings {
        a: String,
        a_settings: String,
        b: String,
        b_settings: String,
    },
    #[error("mixed toolchains: {a} and {b} differ ({})", differences.join("; "))]
    MixedToolchains {
        a: String,
        b: String,
        differences: Vec<String>,
    },
    #[error("{0}")]
    Other(String),
}

/// Check that the named shard infos are exactly the N shards of one run; the positions of
/// every shader, in order of the shards given.
pub fn check_complete(infos: &[(String, &ShardInfo)]) -> Result<(), MergeError> {
    let Some((first_name, first)) = infos.first() else {
        return Err(MergeError::Empty);
    };
    let count = first.shard.count;
    let mut seen: Vec<Option<&str>> = vec![None; count as usize];
    let mut keys: std::collections::HashMap<&str, Shard> = std::collections::HashMap::new();
    let mut found = 0;
    for (name, info) in infos {
        if info.shard.count != count {
            return Err(MergeError::MixedCount(
                first_name.clone(),
                count,
                name.clone(),
                info.shard.count,
            ));
        }
        if info.settings != first.settings {
            return Err(MergeError::MixedSettings {
                a: first_name.clone(),
                a_settings: first.settings.clone(),
                b: name.clone(),
                b_settings: info.settings.clone(),
            });
        }
        if info.shaders_total != first.shaders_total {
            return Err(MergeError::Count {
                found: info.shaders_total,
                total: first.shaders_total,
            });
        }
        let slot = &mut seen[(info.shard.index - 1) as usize];
        if let Some(other) = slot {
            return Err(MergeError::ShardTwice(
                info.shard,
                other.to_string(),
                name.clone(),
            ));
        }
        *slot = Some(name);
        for shader in &info.shaders {
            if let Some(other) = keys.insert(&shader.key, info.shard) {
                return Err(MergeError::ShaderTwice {
                    key: shader.key.clone(),
                    a: other,
                    b: info.shard,
                });
            }
        }
        found += info.shaders.len();
    }
    if let Some(missing) = seen.iter().position(Option::is_none) {
        return Err(MergeError::Missing {
            index: missing as u32 + 1,
            count,
        });
    }
    if found != first.shaders_total {
        return Err(MergeError::Count {
            found,
            total: first.shaders_total,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_parse_and_cover_every_key_once() {
        assert_eq!(
            "2/4".parse::<Shard>().unwrap(),
            Shard { index: 2, count: 4 }
        );
        for bad in ["0/4", "5/4", "2", "a/b", "1/0"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
        let shards: Vec<Shard> = (1..=3).map(|index| Shard { index, count: 3 }).collect();
        let mut sizes = [0; 3];
        for i in 0..300 {
            let key = format!("shaders/variant_{i}.frag");
            let owners: Vec<_> = shards.iter().filter(|s| s.contains(&key)).collect();
            assert_eq!(owners.len(), 1, "{key}");
            sizes[(owners[0].index - 1) as usize] += 1;
        }
        assert!(sizes.iter().all(|&n| n > 60), "a fair split: {sizes:?}");
        // Stable: fixed by the algorithm, not by the platform or the run.
        assert_eq!(
            fnv1a64(b"a"),
            0xaf63_dc4c_8601_ec8c,
            "the FNV-1a test vector"
        );
    }

    fn info(index: u32, count: u32, keys: &[&str], total: usize) -> ShardInfo {
        ShardInfo {
            shard: Shard { index, count },
            shaders_total: total,
            shaders: keys
                .iter()
                .enumerate()
                .map(|(position, key)| ShardShader {
                    key: key.to_string(),
                    position,
                })
                .collect(),
            settings: "same".into(),
        }
    }

    #[test]
    fn overlaps_and_gaps_are_refused() {
        let a = info(1, 2, &["a"], 2);
        let b = info(2, 2, &["b"], 2);
        let named = |infos: &[&ShardInfo]| -> Vec<(String, ShardInfo)> {
            infos
                .iter()
                .enumerate()
                .map(|(i, s)| (format!("s{i}.json"), (*s).clone()))
                .collect()
        };
        let run = |infos: Vec<(String, ShardInfo)>| {
            let refs: Vec<(String, &ShardInfo)> =
                infos.iter().map(|(n, s)| (n.clone(), s)).collect();
            check_complete(&refs)
        };
        assert!(run(named(&[&a, &b])).is_ok());
        let err = run(named(&[&a])).unwrap_err().to_string();
        assert_eq!(err, "gap: shard 2/2 is missing");
        let err = run(named(&[&a, &a])).unwrap_err().to_string();
        assert!(
            err.starts_with("overlap: shard 1/2 is given twice"),
            "{err}"
        );
        let err = run(named(&[&a, &info(2, 2, &["a"], 2)]))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("overlap: `a`"), "{err}");
        let err = run(named(&[&a, &info(2, 2, &[], 2)]))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("gap: the shards hold 1 shaders, the run has 2"),
            "{err}"
        );
        let mut other = b.clone();
        other.settings = "--robustness webgl".into();
        let err = run(named(&[&a, &other])).unwrap_err().to_string();
        assert!(err.starts_with("mixed settings"), "{err}");
    }
}
