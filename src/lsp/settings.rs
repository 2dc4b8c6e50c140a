//! What the user configures: the hint metric and the GPU families of `prism.isa` and of fix
//! measurement. Read from `initializationOptions` and from `workspace/didChangeConfiguration`
//! (either the object itself or under a `prism` key):
//!
//! ```json
//! { "metric": "spirv-opt", "gpus": ["vega10", "gfx1100"] }
//! ```

use serde::Deserialize;

/// What an inlay hint counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Metric {
    /// SPIR-V instructions after `spirv-opt -O` (the default).
    #[default]
    SpirvOpt,
    /// SPIR-V instructions as naga writes them (no optimizer run: faster).
    Spirv,
    /// No inlay hints.
    Off,
}

/// The server's settings.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    pub metric: Metric,
    /// RADV families (`vega10`, `gfx1100`, ...) for `prism.isa` and fix measurement; empty:
    /// `prism.toml`'s `gpus`, else vega10 and gfx1100.
    pub gpus: Vec<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            metric: Metric::SpirvOpt,
            gpus: Vec::new(),
        }
    }
}

/// The GPUs used when neither the settings nor `prism.toml` name any.
pub const DEFAULT_GPUS: &[&str] = &["vega10", "gfx1100"];

impl Settings {
    /// Settings from a client's JSON; `Err` says what is wrong (shown to the user, and the
    /// previous settings stay).
    pub fn from_json(value: &serde_json::Value) -> Result<Option<Settings>, String> {
        let value = match value {
            serde_json::Value::Null => return Ok(None),
            serde_json::Value::Object(map) if map.contains_key("prism") => &map["prism"],
            other => other,
        };
        if value.is_null() {
            return Ok(None);
        }
        let settings: Settings =
            serde_json::from_value(value.clone()).map_err(|e| format!("prism settings: {e}"))?;
        for gpu in &settings.gpus {
            crate::isa::GpuSpec::parse_strict(gpu).map_err(|e| format!("prism settings: {e}"))?;
        }
        Ok(Some(settings))
    }

    /// The GPUs to measure on: these settings', else `prism.toml`'s, else the defaults.
    pub fn gpus(&self, configured: &[crate::isa::GpuSpec]) -> Vec<crate::isa::GpuSpec> {
        if !self.gpus.is_empty() {
            self.gpus
                .iter()
                .filter_map(|g| crate::isa::GpuSpec::parse_strict(g).ok())
                .collect()
        } else if !configured.is_empty() {
            configured.to_vec()
        } else {
            DEFAULT_GPUS
                .iter()
                .map(|g| crate::isa::GpuSpec::Family(g.to_string()))
                .collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_parse_bare_or_under_prism() {
        let bare = serde_json::json!({"metric": "spirv", "gpus": ["vega10"]});
        let nested = serde_json::json!({"prism": {"metric": "off"}});
        assert_eq!(
            Settings::from_json(&bare).unwrap().unwrap().metric,
            Metric::Spirv
        );
        assert_eq!(
            Settings::from_json(&nested).unwrap().unwrap().metric,
            Metric::Off
        );
        assert!(Settings::from_json(&serde_json::json!({"metric": "isa"})).is_err());
        assert!(Settings::from_json(&serde_json::json!({"gpus": ["vega01"]})).is_err());
        assert_eq!(Settings::from_json(&serde_json::Value::Null), Ok(None));
    }
}
