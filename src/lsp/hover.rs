//! Hover on a line: its counts, the inserted code itemised as `prism annotate` prints it,
//! and the totals of the function around it and of the entry point.

use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind};

use super::analysis::Costs;

/// The hover text of a zero-based line, `None` when nothing is known about it.
pub fn hover(costs: &Costs, line: usize) -> Option<Hover> {
    let cost = costs.lines.iter().find(|l| l.line == line);
    let function = costs
        .functions
        .iter()
        .filter(|f| f.lines.contains(&line))
        .min_by_key(|f| f.lines.end() - f.lines.start());
    if cost.is_none() && function.is_none() {
        return None;
    }
    let mut text = String::new();
    if let Some(cost) = cost {
        text.push_str(&format!(
            "**line {}**: {} SPIR-V instructions",
            line + 1,
            cost.spirv
        ));
        if let Some(opt) = cost.spirv_opt {
            text.push_str(&format!(", {opt} after `spirv-opt -O`"));
        }
        text.push('\n');
        if !cost.inserted.is_empty() {
            text.push_str("\ninserted by the compiler:\n");
            for item in &cost.inserted {
                text.push_str(&format!("- {item}\n"));
            }
        }
    }
    let totals = |kind: &str, f: &super::analysis::FunctionView| {
        let opt = f
            .spirv_opt
            .map_or(String::new(), |n| format!(", {n} after `spirv-opt -O`"));
        format!(
            "\n{kind} `{}`: {} SPIR-V instructions{opt}\n",
            f.name, f.spirv
        )
    };
    // GLSL's `main` is both a function and the entry point's body: name it once.
    let entry_names: Vec<&str> = costs
        .functions
        .iter()
        .filter(|f| f.entry_point)
        .map(|f| f.name.as_str())
        .collect();
    if let Some(function) =
        function.filter(|f| !f.entry_point && !entry_names.contains(&f.name.as_str()))
    {
        text.push_str(&totals("function", function));
    }
    for entry in costs.functions.iter().filter(|f| f.entry_point) {
        text.push_str(&totals("entry point", entry));
    }
    text.push_str(&format!("\nrobustness: {}", costs.robustness));
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: text,
        }),
        range: None,
    })
}
