//! Metal Shading Language through naga's MSL writer. All three bounds-check policies are
//! honoured. Resources get the binding naga invents when no per-entry-point map is given
//! (`fake_missing_bindings`), which is fine for reading the code, not for a real Metal host.
//!
//! Without `--msl-version`, the version is the lowest the module needs, at least
//! [`DEFAULT_VERSION`] (`lower::msl_version`: image atomics 3.1, float atomics 3.0, ...); a
//! version above the default is said in a note. A version the user chose that is too low is a
//! located `E-TARGET` error.

use serde::{Deserialize, Serialize};

/// The version prism writes when the module needs nothing newer and the user chose none.
pub const DEFAULT_VERSION: (u8, u8) = (2, 4);

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Options {
    /// MSL language version as (major, minor), 1.0 to 3.x. `None`: the lowest the module
    /// needs, at least [`DEFAULT_VERSION`].
    pub version: Option<(u8, u8)>,
}

/// Parse `2.1`-style version text.
pub fn parse_version(text: &str) -> Result<(u8, u8), String> {
    let (major, minor) = text.split_once('.').unwrap_or((text, "0"));
    match (major.parse::<u8>(), minor.parse::<u8>()) {
        (Ok(major @ 1..=3), Ok(minor)) if minor < 10 => Ok((major, minor)),
        _ => Err(format!(
            "unknown MSL version `{text}`; expected e.g. 2.1 or 3.0"
        )),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}", super::common::error_chain(.0))]
    Naga(#[from] naga::back::msl::Error),
    #[error("version {}.{} cannot express {what}: that needs MSL {}.{} or later; pass --msl-version {}.{}, or leave --msl-version out and prism picks the lowest version the shader needs", chosen.0, chosen.1, needed.0, needed.1, needed.0, needed.1)]
    VersionTooLow {
        chosen: (u8, u8),
        needed: (u8, u8),
        what: &'static str,
        span: naga::Span,
    },
}

impl Error {
    /// Where in the shader the refusal is, best first.
    pub fn spans(&self) -> Vec<naga::Span> {
        match self {
            Error::VersionTooLow { span, .. } => vec![*span],
            Error::Naga(_) => Vec::new(),
        }
    }
}

/// Write `module`; also the note to show when prism chose a version above the default.
pub fn write(
    module: &naga::Module,
    info: &naga::valid::ModuleInfo,
    options: &Options,
    policies: &naga::proc::BoundsCheckPolicies,
) -> Result<(String, Option<String>), Error> {
    let need = super::lower::msl_version::needs(module, info);
    let mut note = None;
    let version = match (options.version, need) {
        (Some(chosen), Some(need)) if chosen < need.version => {
            return Err(Error::VersionTooLow {
                chosen,
                needed: need.version,
                what: need.what,
                span: need.span,
            })
        }
        (Some(chosen), _) => chosen,
        (None, Some(need)) if need.version > DEFAULT_VERSION => {
            let (major, minor) = need.version;
            note = Some(format!(
                "MSL {major}.{minor}, the lowest version this shader needs: {}; --msl-version chooses another",
                need.what
            ));
            need.version
        }
        (None, _) => DEFAULT_VERSION,
    };
    let naga_options = naga::back::msl::Options {
        lang_version: version,
        bounds_check_policies: *policies,
        fake_missing_bindings: true,
        ..Default::default()
    };
    let pipeline = naga::back::msl::PipelineOptions::default();
    // naga writes `coherent device` whatever the version; MSL has it from 3.2 on.
    let stripped = (version < (3, 2))
        .then(|| {
            super::common::without_memory_decorations(module, |_| naga::MemoryDecorations::COHERENT)
        })
        .flatten();
    let module = stripped.as_ref().unwrap_or(module);
    let (text, _) = naga::back::msl::write_string(module, info, &naga_options, &pipeline)?;
    Ok((text, note))
}
