//! Which GLSL the user wrote: the [`Dialect`], read from `#version` (or its absence).
//!
//! Everything else in the dialect layer keys off this: which built-ins to rename, which
//! rules `strict` enforces, whether `attribute`/`varying` are legal. A shader without
//! `#version` is GLSL ES 1.00 (WebGL 1), as browsers read it.

use serde::Serialize;

use crate::diagnostic::{error_at, Diagnostic};
use crate::front::glsl::preprocess::VersionDirective;

/// Which GLSL the user wrote, read from `#version` (or its absence).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Dialect {
    /// GLSL ES 1.00: WebGL 1. No `#version`, or `#version 100`.
    Es100,
    /// GLSL ES 3.x: WebGL 2 (`#version 300 es`), and 310/320.
    Es3(u32),
    /// Desktop GLSL 110-330 (`attribute`/`varying` up to 120, `in`/`out` from 130).
    Desktop(u32),
    /// GLSL 400-460, desktop or Vulkan: what naga reads natively, save the gaps the dialect layer fills.
    Modern(u32),
}

impl Dialect {
    pub fn version(self) -> u32 {
        match self {
            Dialect::Es100 => 100,
            Dialect::Es3(v) | Dialect::Desktop(v) | Dialect::Modern(v) => v,
        }
    }

    pub fn describe(self) -> String {
        match self {
            Dialect::Es100 => "GLSL ES 1.00 (WebGL 1)".into(),
            Dialect::Es3(300) => "GLSL ES 3.00 (WebGL 2)".into(),
            Dialect::Es3(v) => format!("GLSL ES {}.{:02}", v / 100, v % 100),
            Dialect::Desktop(v) => format!("desktop GLSL {v}"),
            Dialect::Modern(v) => format!("GLSL {v} (desktop / Vulkan)"),
        }
    }
}

const DESKTOP_VERSIONS: &[u32] = &[
    110, 120, 130, 140, 150, 330, 400, 410, 420, 430, 440, 450, 460,
];

/// The dialect a `#version` directive names, or a diagnostic for one prism does not know.
pub fn detect(version: Option<&VersionDirective>) -> Result<Dialect, Diagnostic> {
    let Some(v) = version else {
        return Ok(Dialect::Es100);
    };
    let profile = v.profile.as_deref();
    match (v.number, profile) {
        (100, None) => Ok(Dialect::Es100),
        (300 | 310 | 320, Some("es")) => Ok(Dialect::Es3(v.number)),
        (n, None | Some("core") | Some("compatibility")) if DESKTOP_VERSIONS.contains(&n) => {
            Ok(if n >= 400 {
                Dialect::Modern(n)
            } else {
                Dialect::Desktop(n)
            })
        }
        (300 | 310 | 320, _) => Err(error_at(
            "E-DIALECT",
            format!("`#version {}` needs the `es` profile", v.number),
            v.loc,
            "write `es` after the number",
        )),
        (n, Some("es")) => Err(error_at(
            "E-DIALECT",
            format!("`#version {n} es` is not a GLSL ES version"),
            v.loc,
            "GLSL ES versions are 100, 300 es, 310 es and 320 es",
        )),
        (n, p) => Err(error_at(
            "E-DIALECT",
            format!(
                "unknown `#version {n}{}`",
                p.map(|p| format!(" {p}")).unwrap_or_default()
            ),
            v.loc,
            "prism reads 100, 300 es, 310 es, 320 es, and desktop 110 to 460",
        )),
    }
}
