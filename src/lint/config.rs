//! `prism.toml`: rule selection, severities, per-path overrides and shader defaults.
//!
//! ```toml
//! robustness = "webgl"            # preset when the command line names none
//! gpus = ["vega10", "gfx1100"]    # RADV families that measure each fix
//! targets = ["hlsl", "msl"]       # text targets whose helper calls the cost notes name's ISA
//!
//! [lint]
//! select = ["ALL"]                # codes, code prefixes, or ALL; default: the default set
//! ignore = ["DEAD"]
//! extend-select = ["IDX003"]
//! severity = { UB001 = "warning" }
//!
//! [[lint.overrides]]
//! files = ["legacy/**"]           # globs, relative to this file's folder
//! ignore = ["ARI"]
//! robustness = "none"
//! ```
//!
//! The file is found upward from each shader (the nearest wins) unless `--config` names
//! one. Unknown keys, unknown rule codes and bad values are errors that name the line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use toml::Spanned;

use crate::back::Target;
use crate::lint::finding::Severity;
use crate::lint::options::{unknown_selector, LintOptions};
use crate::robustness::Preset;

pub const FILE_NAME: &str = "prism.toml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    robustness: Option<Spanned<String>>,
    #[serde(default)]
    gpus: Vec<Spanned<String>>,
    #[serde(default)]
    targets: Vec<Spanned<String>>,
    #[serde(default)]
    lint: RawLint,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawLint {
    #[serde(default)]
    overrides: Vec<RawOverride>,
    select: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    extend_select: Vec<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<String, Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawOverride {
    files: Vec<String>,
    robustness: Option<Spanned<String>>,
    select: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    extend_select: Vec<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<String, Spanned<String>>,
}

/// Rule settings of one level (the `[lint]` table or an override).
#[derive(Clone, Debug, Default)]
pub struct RuleSettings {
    pub select: Option<Vec<String>>,
    pub ignore: Vec<String>,
    pub extend_select: Vec<String>,
    pub severity: Vec<(String, Severity)>,
}

impl RuleSettings {
    /// Layer these settings over `options` (a `select` replaces, the rest adds up).
    pub fn apply(&self, options: &mut LintOptions) {
        if let Some(select) = &self.select {
            options.select = select.clone();
            options.extend_select.clear();
        }
        options.ignore.extend(self.ignore.iter().cloned());
        options
            .extend_select
            .extend(self.extend_select.iter().cloned());
        options.severity.extend(self.severity.iter().cloned());
    }
}

#[derive(Clone, Debug)]
struct Override {
    files: GlobSet,
    robustness: Option<Preset>,
    rules: RuleSettings,
}

/// A loaded `prism.toml`.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// The file it came from; `None` for the built-in defaults.
    pub path: Option<PathBuf>,
    pub robustness: Option<Preset>,
    pub gpus: Vec<crate::isa::GpuSpec>,
    /// Text targets whose helper calls cost notes name.
    pub targets: Vec<Target>,
    pub rules: RuleSettings,
    overrides: Vec<Override>,
}

/// What applies to one shader.
#[derive(Clone, Debug, Default)]
pub struct Resolved {
    pub robustness: Option<Preset>,
    /// Rule settings, outermost first: the `[lint]` table, then matching overrides in order.
    pub layers: Vec<RuleSettings>,
}

/// A configuration error, rendered with the file, line and column.
#[derive(Debug, thiserror::Error)]
#[error("{path}:{line}:{column}: {message}")]
pub struct ConfigError {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl Config {
    /// Read and check a configuration file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        // Override globs are relative to the file's folder, matched against canonical shader
        // paths: the folder must be canonical too (`--config proj/prism.toml`).
        let canonical = path.canonicalize().ok();
        let path = canonical.as_deref().unwrap_or(path);
        let text = crate::source::read_text(path).map_err(|e| ConfigError {
            path: path.display().to_string(),
            line: 0,
            column: 0,
            message: e.to_string(),
        })?;
        Config::parse(path, &text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        let at = |span: std::ops::Range<usize>, message: String| {
            let before = &text[..span.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.len() - before.rfind('\n').map(|i| i + 1).unwrap_or(0) + 1;
            ConfigError {
                path: path.display().to_string(),
                line,
                column,
                message,
            }
        };
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let message = e.message().to_string();
            at(e.span().unwrap_or(0..0), message)
        })?;
        let preset = |value: &Option<Spanned<String>>| -> Result<Option<Preset>, ConfigError> {
            value
                .as_ref()
                .map(|v| v.get_ref().parse().map_err(|e: String| at(v.span(), e)))
                .transpose()
        };
        let rules = |select: &Option<Vec<Spanned<String>>>,
                     ignore: &[Spanned<String>],
                     extend: &[Spanned<String>],
                     severity: &BTreeMap<String, Spanned<String>>|
         -> Result<RuleSettings, ConfigError> {
            let check = |list: &[Spanned<String>]| -> Result<Vec<String>, ConfigError> {
                list.iter()
                    .map(|s| {
                        if unknown_selector(s.get_ref()) {
                            Err(at(
                                s.span(),
                                format!(
                                    "`{}` names no prism rule (see `prism rule --all`)",
                                    s.get_ref()
                                ),
                            ))
                        } else {
                            Ok(s.get_ref().clone())
                        }
                    })
                    .collect()
            };
            let mut levels = Vec::new();
            for (code, level) in severity {
                if unknown_selector(code) {
                    return Err(at(
                        level.span(),
                        format!("`{code}` names no prism rule (see `prism rule --all`)"),
                    ));
                }
                let parsed: Severity = level
                    .get_ref()
                    .parse()
                    .map_err(|e: String| at(level.span(), e))?;
                levels.push((code.clone(), parsed));
            }
            Ok(RuleSettings {
                select: select.as_deref().map(check).transpose()?,
                ignore: check(ignore)?,
                extend_select: check(extend)?,
                severity: levels,
            })
        };
        let r = &raw.lint;
        let mut config = Config {
            path: Some(path.to_path_buf()),
            robustness: preset(&raw.robustness)?,
            gpus: raw
                .gpus
                .iter()
                .map(|g| {
                    crate::isa::GpuSpec::parse_strict(g.get_ref()).map_err(|e| at(g.span(), e))
                })
                .collect::<Result<_, _>>()?,
            targets: raw
                .targets
                .iter()
                .map(|t| t.get_ref().parse().map_err(|e: String| at(t.span(), e)))
                .collect::<Result<_, _>>()?,
            rules: rules(&r.select, &r.ignore, &r.extend_select, &r.severity)?,
            overrides: Vec::new(),
        };
        for o in &raw.lint.overrides {
            let mut builder = GlobSetBuilder::new();
            for pattern in &o.files {
                let glob = Glob::new(pattern).map_err(|e| ConfigError {
                    path: path.display().to_string(),
                    line: 0,
                    column: 0,
                    message: format!("bad glob `{pattern}` in [[lint.overrides]]: {e}"),
                })?;
                builder.add(glob);
            }
            config.overrides.push(Override {
                files: builder.build().map_err(|e| ConfigError {
                    path: path.display().to_string(),
                    line: 0,
                    column: 0,
                    message: e.to_string(),
                })?,
                robustness: preset(&o.robustness)?,
                rules: rules(&o.select, &o.ignore, &o.extend_select, &o.severity)?,
            });
        }
        Ok(config)
    }

    /// The nearest `prism.toml` in `start`'s folder or above.
    pub fn find(start: &Path) -> Option<PathBuf> {
        let absolute = start.canonicalize().ok()?;
        let mut dir = if absolute.is_dir() {
            Some(absolute.as_path())
        } else {
            absolute.parent()
        };
        while let Some(d) = dir {
            let candidate = d.join(FILE_NAME);
            if candidate.is_file() {
                return Some(candidate);
            }
            dir = d.parent();
        }
        None
    }

    /// What applies to the shader at `shader`.
    pub fn resolve(&self, shader: &Path) -> Resolved {
        let mut resolved = Resolved {
            robustness: self.robustness,
            layers: vec![self.rules.clone()],
        };
        let base = self.path.as_ref().and_then(|p| p.parent());
        let absolute = shader
            .canonicalize()
            .unwrap_or_else(|_| shader.to_path_buf());
        let relative = base
            .and_then(|b| absolute.strip_prefix(b).ok())
            .unwrap_or(&absolute);
        for o in &self.overrides {
            if o.files.is_match(relative) {
                if o.robustness.is_some() {
                    resolved.robustness = o.robustness;
                }
                resolved.layers.push(o.rules.clone());
            }
        }
        resolved
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(Path::new("prism.toml"), text)
    }

    #[test]
    fn unknown_keys_are_errors_with_their_line() {
        let err = parse("robustness = \"webgl\"\n\n[lint]\nselekt = [\"IDX\"]\n").unwrap_err();
        assert_eq!(err.line, 4, "{err}");
        assert!(err.message.contains("selekt"), "{err}");
        let err = parse("[lint]\nignore = [\"NOPE1\"]\n").unwrap_err();
        assert_eq!((err.line, err.column), (2, 11), "{err}");
        let err = parse("robustness = \"webgpuu\"\n").unwrap_err();
        assert!(err.message.contains("unknown robustness preset"), "{err}");
        let err = parse("[lint.severity]\nUB001 = \"fatal\"\n").unwrap_err();
        assert_eq!(err.line, 2, "{err}");
        let err = parse("gpus = [\"vega10\", \"vega01\"]\n").unwrap_err();
        assert_eq!((err.line, err.column), (1, 19), "{err}");
        assert!(err.message.contains("unknown GPU `vega01`"), "{err}");
        let err = parse("gpus = [\"vega10\"]\ntargets = [\"hlsl\", \"dxil\"]\n").unwrap_err();
        assert_eq!((err.line, err.column), (2, 20), "{err}");
        let config = parse("targets = [\"glsl\"]\n").unwrap();
        assert_eq!(config.targets, vec![Target::Glsl]);
    }

    #[test]
    fn settings_layer_in_order() {
        let config = parse(
            "robustness = \"webgl\"\n[lint]\nselect = [\"ALL\"]\nignore = [\"DEAD\"]\n\
             [[lint.overrides]]\nfiles = [\"legacy/**\"]\nrobustness = \"none\"\nignore = [\"ARI\"]\n\
             severity = { UB001 = \"warning\" }\n",
        )
        .unwrap();
        let resolved = config.resolve(Path::new("legacy/old.frag"));
        assert_eq!(resolved.robustness, Some(Preset::None));
        let mut options = LintOptions::default();
        for layer in &resolved.layers {
            layer.apply(&mut options);
        }
        let rule = |code| crate::lint::rule_by_code(code).unwrap();
        assert!(
            options.enabled(rule("IDX003")),
            "ALL selects off-by-default rules"
        );
        assert!(!options.enabled(rule("DEAD001")));
        assert!(!options.enabled(rule("ARI001")));
        assert_eq!(options.severity(rule("UB001")), Severity::Warning);
        let elsewhere = config.resolve(Path::new("main.frag"));
        assert_eq!(elsewhere.robustness, Some(Preset::Webgl));
        assert_eq!(elsewhere.layers.len(), 1);
    }
}
