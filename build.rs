//! Records the commit prism is built from, for the reports that name it (`prism bench`'s
//! `tool.git_hash`): `PRISM_GIT_COMMIT` is `git rev-parse HEAD`, with `-dirty` when the tree
//! has uncommitted changes to tracked files, or `unknown` without git or a repository (a crate
//! tarball).
//!
//! It stays cheap: it reruns only when the checked-out commit can have changed (`HEAD`, the
//! branch it points to, the packed refs) or the sources can have become dirty or clean (`src/`,
//! `shaders/`, the manifest), never on every build.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn git(args: &[&str]) -> Option<String> {
    let output = Command::new("git")
        .args(args)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    let text = String::from_utf8(output.stdout).ok()?;
    output.status.success().then(|| text.trim().to_string())
}

/// The files whose change can move `HEAD`: `HEAD` itself, the ref it points to, the packed refs
/// (a ref can live there instead of in its own file). Worktrees keep `HEAD` in their own git
/// folder and the refs in the common one.
fn ref_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    if let Some(git_dir) = git(&["rev-parse", "--git-dir"]) {
        files.push(Path::new(&git_dir).join("HEAD"));
    }
    if let Some(common) = git(&["rev-parse", "--git-common-dir"]) {
        let common = PathBuf::from(common);
        if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
            files.push(common.join(branch));
        }
        files.push(common.join("packed-refs"));
    }
    files
}

fn main() {
    // A missing path would make cargo rerun this script on every build: name only those there.
    for path in ref_files()
        .into_iter()
        .chain(["src", "shaders", "Cargo.toml", "Cargo.lock", "build.rs"].map(PathBuf::from))
        .filter(|path| path.exists())
    {
        println!("cargo:rerun-if-changed={}", path.display());
    }
    let commit = match git(&["rev-parse", "HEAD"]) {
        Some(hash) if !hash.is_empty() => {
            // `--no-optional-locks`: a status here must not rewrite the index.
            let dirty = git(&[
                "--no-optional-locks",
                "status",
                "--porcelain",
                "--untracked-files=no",
            ])
            .is_some_and(|status| !status.is_empty());
            if dirty {
                format!("{hash}-dirty")
            } else {
                hash
            }
        }
        _ => "unknown".to_string(),
    };
    println!("cargo:rustc-env=PRISM_GIT_COMMIT={commit}");
    // The versions of the compilers whose output prism counts, for baselines to record.
    let lock = std::fs::read_to_string("Cargo.lock").unwrap_or_default();
    for (package, variable) in [
        ("naga", "PRISM_NAGA_VERSION"),
        ("spirv-tools-sys", "PRISM_SPIRV_TOOLS_VERSION"),
    ] {
        let version = locked_version(&lock, package).unwrap_or("unknown");
        println!("cargo:rustc-env={variable}={version}");
    }
}

/// The version `Cargo.lock` pins for a package (the first, if several are locked).
fn locked_version<'a>(lock: &'a str, package: &str) -> Option<&'a str> {
    let mut lines = lock.lines();
    let name = format!("name = \"{package}\"");
    lines.find(|line| *line == name)?;
    lines
        .next()?
        .strip_prefix("version = \"")?
        .strip_suffix('"')
}
