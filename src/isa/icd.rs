//! Where the RADV driver is: the Vulkan loader's manifest for it and the library that names.
//!
//! A leaf, shared by the spawner (which points each worker's loader at this one manifest, so
//! that no other driver is loaded beside the null device) and by discovery (which reads the
//! library's family names).
//!
//! Trap: a user who points `VK_DRIVER_FILES` at another Mesa (a newer one unpacked beside the
//! system's) means that one; the standard folders come second.

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The RADV manifest the Vulkan loader would load: from `VK_DRIVER_FILES` (or the older
/// `VK_ICD_FILENAMES`) when the user set one that names a RADV manifest, else the first
/// `radeon_icd*.json` in the loader's search folders (the one for this architecture first).
pub fn radeon_manifest() -> Option<PathBuf> {
    let is_radeon = |path: &Path| {
        path.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("radeon_icd") && n.ends_with(".json"))
    };
    // A manifest the user listed is RADV when its library is, whatever the file is called.
    let names_radv = |path: &Path| {
        library_named(path).is_some_and(|lib| lib.to_string_lossy().contains("vulkan_radeon"))
    };
    for var in ["VK_DRIVER_FILES", "VK_ICD_FILENAMES"] {
        if let Some(list) = std::env::var_os(var) {
            let chosen = std::env::split_paths(&list)
                .find(|p| p.is_file() && (is_radeon(p) || names_radv(p)));
            if chosen.is_some() {
                return chosen;
            }
        }
    }
    let env_dirs = |var: &str, default: &str| -> Vec<PathBuf> {
        std::env::var(var)
            .ok()
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| default.to_string())
            .split(':')
            .map(PathBuf::from)
            .collect()
    };
    let mut dirs = env_dirs("XDG_CONFIG_DIRS", "/etc/xdg");
    dirs.push(PathBuf::from("/etc"));
    if let Some(home) = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
    {
        dirs.push(home);
    }
    dirs.extend(env_dirs("XDG_DATA_DIRS", "/usr/local/share:/usr/share"));
    let mut found: Vec<PathBuf> = dirs
        .iter()
        .filter_map(|dir| std::fs::read_dir(dir.join("vulkan/icd.d")).ok())
        .flatten()
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| is_radeon(path))
        .collect();
    found.sort_by_key(|path| !path.to_string_lossy().contains(std::env::consts::ARCH));
    found.into_iter().next()
}

/// The library a manifest names: an absolute or manifest-relative path as written, or a bare
/// file name looked up where the dynamic loader would look.
pub(crate) fn radeon_library(manifest: &Path) -> Option<PathBuf> {
    let named = library_named(manifest)?;
    if named.components().count() > 1 {
        let path = manifest
            .parent()
            .map_or(named.clone(), |dir| dir.join(&named));
        return path.is_file().then_some(path);
    }
    let mut dirs: Vec<PathBuf> = std::env::var_os("LD_LIBRARY_PATH")
        .map(|list| std::env::split_paths(&list).collect())
        .unwrap_or_default();
    let multiarch = format!("{}-linux-gnu", std::env::consts::ARCH);
    for base in ["/usr/local/lib", "/usr/lib", "/lib", "/usr/lib64", "/lib64"] {
        dirs.push(Path::new(base).join(&multiarch));
        dirs.push(PathBuf::from(base));
    }
    dirs.into_iter()
        .map(|dir| dir.join(&named))
        .find(|path| path.is_file())
}

/// The `library_path` a loader manifest names, as written.
fn library_named(manifest: &Path) -> Option<PathBuf> {
    #[derive(Deserialize)]
    struct Manifest {
        #[serde(rename = "ICD")]
        icd: Icd,
    }
    #[derive(Deserialize)]
    struct Icd {
        library_path: PathBuf,
    }
    let text = std::fs::read_to_string(manifest).ok()?;
    Some(
        serde_json::from_str::<Manifest>(&text)
            .ok()?
            .icd
            .library_path,
    )
}
