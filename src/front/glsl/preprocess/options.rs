//! How a preprocessor run is set up: `-D`, `-I`, and the macros the caller predefines.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

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
    /// Texts that stand in for files on disk, by canonical path: an editor's unsaved buffers
    /// (`prism lsp`). An `#include` that resolves to one of these paths reads this text; the
    /// search itself also finds a buffer whose file does not exist on disk yet.
    pub unsaved: Arc<HashMap<PathBuf, String>>,
}
