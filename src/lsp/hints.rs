//! Inlay hints: at the end of each line that costs something, its count under the metric
//! in force and the marks of the code the compiler inserted there, as `prism annotate`
//! marks them (`B` bounds check, `S` saturating conversion, `H` helper, `L` loop bound):
//!
//! ```text
//!     vec4 r0 = uBones[i];          ‹ 7 opt · B›
//! ```
//!
//! `opt` counts SPIR-V after `spirv-opt -O`, `spv` SPIR-V as naga writes it. A line that
//! costs nothing (no instruction, no inserted code) has no hint.

use lsp_types::{InlayHint, InlayHintLabel, InlayHintTooltip, Range};

use super::analysis::Costs;
use super::positions::LineIndex;
use super::settings::Metric;

/// The hint text of one line, `None` when it costs nothing.
pub fn label(count: u32, metric: Metric, marks: &str) -> Option<String> {
    let unit = match metric {
        Metric::SpirvOpt => "opt",
        Metric::Spirv => "spv",
        Metric::Off => return None,
    };
    if count == 0 && marks.is_empty() {
        return None;
    }
    let mut text = format!("{count} {unit}");
    if !marks.is_empty() {
        text.push_str(" · ");
        text.push_str(marks);
    }
    Some(text)
}

/// The hints of the lines in `range`.
pub fn hints(costs: &Costs, index: &LineIndex, metric: Metric, range: Range) -> Vec<InlayHint> {
    let (first, last) = (range.start.line as usize, range.end.line as usize);
    costs
        .lines
        .iter()
        .filter(|l| l.line >= first && l.line <= last)
        .filter_map(|l| {
            let count = match metric {
                Metric::SpirvOpt => l.spirv_opt.unwrap_or(l.spirv),
                _ => l.spirv,
            };
            let text = label(count, metric, &l.marks)?;
            let position = index.line_end(l.line)?;
            let mut tooltip = format!(
                "{} SPIR-V instructions as written, {} after spirv-opt -O",
                l.spirv,
                l.spirv_opt.map_or("-".to_string(), |n| n.to_string())
            );
            for item in &l.inserted {
                tooltip.push('\n');
                tooltip.push_str(item);
            }
            Some(InlayHint {
                position,
                label: InlayHintLabel::String(text),
                kind: None,
                text_edits: None,
                tooltip: Some(InlayHintTooltip::String(tooltip)),
                padding_left: Some(true),
                padding_right: None,
                data: None,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_show_count_and_marks_and_nothing_for_free_lines() {
        assert_eq!(
            label(7, Metric::SpirvOpt, "BS").as_deref(),
            Some("7 opt · BS")
        );
        assert_eq!(label(3, Metric::Spirv, "").as_deref(), Some("3 spv"));
        assert_eq!(label(0, Metric::SpirvOpt, ""), None);
        assert_eq!(
            label(0, Metric::SpirvOpt, "B").as_deref(),
            Some("0 opt · B")
        );
        assert_eq!(label(9, Metric::Off, "B"), None);
    }
}
