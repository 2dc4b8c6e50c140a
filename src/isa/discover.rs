//! Which GPU families *this* RADV driver knows, asked of the driver itself.
//!
//! Mesa renames and adds families between releases (22.3 has `gfx1100`; 25.0 calls that chip
//! `navi31` and adds `gfx1150`-`gfx1153` and `gfx1201`), and nothing in the Vulkan API lists
//! them: a null device exists only for the family named in `RADV_FORCE_FAMILY`. So:
//!
//! 1. Find the driver: the `radeon_icd*.json` manifest the Vulkan loader would use
//!    (`VK_DRIVER_FILES` / `VK_ICD_FILENAMES` first, then the standard folders) and the
//!    library it names.
//! 2. Read the candidates out of the library: Mesa keeps its family names (the ones
//!    `RADV_FORCE_FAMILY` is compared with) as one run of upper-case strings in chip order,
//!    starting with `TAHITI`. The linker may fold a name into another string, so the names
//!    prism can describe ([`known_families`]) are candidates too.
//! 3. Probe every candidate: a worker opens its null device or Mesa says "Unknown family".
//!    Only what opened is listed.
//!
//! Probing starts one worker per candidate (a few seconds on two cores), so the answer is
//! cached per driver library (path, size, modification time) under `$XDG_CACHE_HOME/prism`
//! (or `~/.cache/prism`); a cache that cannot be read or written is simply not used.

use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::error::IsaError;
use super::families::known_families;
use super::icd::{radeon_library, radeon_manifest};
use super::options::IsaOptions;
use super::spawn::{self, Target};

/// A family this driver knows, as its null device introduced itself.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DriverFamily {
    /// The name `--gpu` takes (`navi31`).
    pub name: String,
    /// `Null hardware (RADV NAVI31)`.
    pub device_name: String,
}

/// What the driver knows, and which driver that is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DriverFamilies {
    /// The driver as its device reports it, e.g. `radv Mesa 25.0.7-2~bpo12+1`.
    pub driver: String,
    /// The driver library the families were read from.
    pub library: PathBuf,
    /// In the driver's own order (chip order).
    pub families: Vec<DriverFamily>,
}

impl DriverFamilies {
    pub fn knows(&self, family: &str) -> bool {
        self.families.iter().any(|f| f.name == family)
    }

    /// The names, comma-separated.
    pub fn names(&self) -> String {
        self.families
            .iter()
            .map(|f| f.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The families of the RADV driver the loader would use, from the cache or by probing.
pub fn driver_families(options: &IsaOptions) -> Result<DriverFamilies, IsaError> {
    let manifest = radeon_manifest().ok_or_else(|| IsaError::NoRadv {
        reason: "no radeon_icd*.json Vulkan driver manifest was found".into(),
    })?;
    let library = radeon_library(&manifest).ok_or_else(|| IsaError::NoRadv {
        reason: format!("the library named by {} was not found", manifest.display()),
    })?;
    let key = cache_key(&library);
    if let Some(cached) = key.as_deref().and_then(read_cache) {
        return Ok(cached);
    }
    let bytes = std::fs::read(&library).map_err(|e| IsaError::NoRadv {
        reason: format!("cannot read {}: {e}", library.display()),
    })?;
    let mut candidates = family_table(&bytes);
    for (name, _) in known_families() {
        if !candidates.iter().any(|c| c == name) {
            candidates.push(name.to_string());
        }
    }
    let probed: Vec<Option<(DriverFamily, String)>> = candidates
        .par_iter()
        .map(|name| {
            let batch = spawn::run_batch(Target::Family(name), &[], options);
            batch.device.ok().map(|(device_name, driver)| {
                let family = DriverFamily {
                    name: name.clone(),
                    device_name,
                };
                (family, driver)
            })
        })
        .collect();
    let mut driver = None;
    let mut families = Vec::new();
    for (family, name) in probed.into_iter().flatten() {
        driver.get_or_insert(name);
        families.push(family);
    }
    let Some(driver) = driver else {
        return Err(IsaError::NoRadv {
            reason: format!(
                "{} opened no null device for any of {} family names",
                library.display(),
                candidates.len()
            ),
        });
    };
    let found = DriverFamilies {
        driver,
        library,
        families,
    };
    if let Some(key) = key {
        write_cache(&key, &found);
    }
    Ok(found)
}

/// The run of family names in a RADV library: NUL-separated upper-case names from `TAHITI`
/// on, lower-cased, in the driver's order.
pub(crate) fn family_table(library: &[u8]) -> Vec<String> {
    const FIRST: &[u8] = b"\0TAHITI\0";
    let Some(at) = library.windows(FIRST.len()).position(|w| w == FIRST) else {
        return Vec::new();
    };
    library[at + 1..]
        .split(|&b| b == 0)
        .take_while(|name| {
            !name.is_empty()
                && name.len() <= 24
                && name[0].is_ascii_uppercase()
                && name
                    .iter()
                    .all(|&b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
        })
        .map(|name| String::from_utf8_lossy(name).to_ascii_lowercase())
        .collect()
}

/// `path|size|mtime|prism version`: a driver upgrade or a new prism probes again.
fn cache_key(library: &Path) -> Option<String> {
    let meta = std::fs::metadata(library).ok()?;
    let modified = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
    Some(format!(
        "{}|{}|{}|{}",
        library.display(),
        meta.len(),
        modified.as_secs(),
        env!("CARGO_PKG_VERSION")
    ))
}

fn cache_file() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    Some(base.join("prism").join("radv-families.json"))
}

#[derive(Serialize, Deserialize)]
struct CacheEntry {
    key: String,
    found: DriverFamilies,
}

fn read_cache(key: &str) -> Option<DriverFamilies> {
    let text = std::fs::read_to_string(cache_file()?).ok()?;
    let entry: CacheEntry = serde_json::from_str(&text).ok()?;
    (entry.key == key).then_some(entry.found)
}

fn write_cache(key: &str, found: &DriverFamilies) {
    let Some(file) = cache_file() else { return };
    let entry = CacheEntry {
        key: key.to_string(),
        found: found.clone(),
    };
    if let (Some(dir), Ok(text)) = (file.parent(), serde_json::to_string_pretty(&entry)) {
        // A cache is an optimisation: a folder or file that cannot be written is no error.
        if std::fs::create_dir_all(dir).is_ok() {
            let _ = crate::output::write_atomic(&file, text.as_bytes());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_family_table_is_read_from_the_run_after_tahiti() {
        let library = b"xx\0ALSO\0TAHITI\0PITCAIRN\0NAVI31\0GFX1103_R1\0Pro\0PRO\0TAHITI2\0";
        assert_eq!(
            family_table(library),
            ["tahiti", "pitcairn", "navi31", "gfx1103_r1"]
        );
        assert!(family_table(b"no families here").is_empty());
    }
}
