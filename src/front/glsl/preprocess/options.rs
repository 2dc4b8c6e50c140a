//! How a preprocessor run is set up: `-D`, `-I`, and the macros the caller predefines.

use std::path::PathBuf;

#[derive(Clone, Debug, Default)]
pub struct PreprocessOptions {
    /// `-D NAME[=VALUE]`; a define without a value is `1`. These override predefined macros.
    pub defines: Vec<(String, Option<String>)>,
    /// `-I DIR`, searched in order after the including file's own directory (for `"file"`)
    /// and only these (for `<file>`).
    pub include_dirs: Vec<PathBuf>,
    /// Macros defined before the first line, after the version-dependent ones
    /// (the dialect layer passes `VULKAN`, supported-extension macros, ...).
    pub predefined: Vec<(String, String)>,
    /// Whether a file without `#version` is GLSL ES 1.00 (WebGL) rather than desktop 110:
    /// decides whether `GL_ES` is defined.
    pub no_version_is_es: bool,
}
