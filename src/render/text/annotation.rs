//! The terminal rendering of an [`Annotation`]: the user's source with count columns, marks
//! on lines that carry inserted code, the itemised inserted code under them, and totals.

use std::fmt::Write;

use anstyle::{AnsiColor, Style};

use crate::annotate::{Annotation, Category, Counts, InsertedKind, LineCost};
use crate::source::SourceFiles;

/// Rendering choices.
#[derive(Clone, Copy, Debug, Default)]
pub struct TextOptions {
    pub color: bool,
    /// Print only lines with a cost (and their neighbours are not shown).
    pub only_costly: bool,
}

struct Paint {
    color: bool,
}

impl Paint {
    fn paint(&self, style: Style, text: &str) -> String {
        if self.color {
            format!("{}{text}{}", style.render(), style.render_reset())
        } else {
            text.to_string()
        }
    }

    fn dim(&self, text: &str) -> String {
        self.paint(Style::new().dimmed(), text)
    }

    fn bold(&self, text: &str) -> String {
        self.paint(Style::new().bold(), text)
    }

    /// A count, coloured by its share of the largest per-line count.
    fn heat(&self, text: &str, value: u32, max: u32) -> String {
        if value == 0 || max == 0 {
            return self.dim(text);
        }
        let share = value as f64 / max as f64;
        let color = if share > 0.66 {
            AnsiColor::Red
        } else if share > 0.33 {
            AnsiColor::Yellow
        } else {
            AnsiColor::Green
        };
        self.paint(Style::new().fg_color(Some(color.into())), text)
    }

    fn mark(&self, kind: InsertedKind) -> String {
        let color = match kind {
            InsertedKind::BoundsCheck => AnsiColor::Magenta,
            InsertedKind::SaturatingConversion => AnsiColor::Cyan,
            InsertedKind::Helper => AnsiColor::Blue,
            InsertedKind::LoopBound => AnsiColor::Yellow,
        };
        self.paint(
            Style::new().fg_color(Some(color.into())).bold(),
            kind.letter(),
        )
    }
}

fn count_cells(annotation: &Annotation, cost: &LineCost, max: &LineCost, paint: &Paint) -> String {
    let mut cells = String::new();
    let mut cell = |value: u32, max: u32, width: usize| {
        let text = if value == 0 {
            format!("{:>width$}", "·")
        } else {
            format!("{value:>width$}")
        };
        cells.push_str(&paint.heat(&text, value, max));
        cells.push(' ');
    };
    cell(cost.ir, max.ir, 4);
    cell(cost.spirv.total, max.spirv.total, 5);
    if annotation.totals.spirv_opt.is_some() {
        let value = cost.spirv_opt.map_or(0, |c| c.total);
        cell(value, max.spirv_opt.map_or(0, |c| c.total), 5);
    }
    for target in annotation.written_targets() {
        let value = cost.helpers.get(target).copied().unwrap_or(0);
        cell(value, max.helpers.get(target).copied().unwrap_or(0), 5);
    }
    cells
}

fn marks(cost: &LineCost, paint: &Paint) -> String {
    let mut kinds: Vec<InsertedKind> = cost.inserted.iter().map(|i| i.kind).collect();
    kinds.sort();
    kinds.dedup();
    let mut text: String = kinds.iter().map(|k| paint.mark(*k)).collect();
    for _ in kinds.len()..InsertedKind::ALL.len() {
        text.push(' ');
    }
    text
}

/// The largest value per column over the lines, for the heat colours.
fn maxima(annotation: &Annotation) -> LineCost {
    let mut max = LineCost::default();
    for line in &annotation.lines {
        max.ir = max.ir.max(line.ir);
        max.spirv.total = max.spirv.total.max(line.spirv.total);
        if let Some(opt) = line.spirv_opt {
            let m = max.spirv_opt.get_or_insert_with(Default::default);
            m.total = m.total.max(opt.total);
        }
        for (target, n) in &line.helpers {
            let m = max.helpers.entry(target.clone()).or_default();
            *m = (*m).max(*n);
        }
    }
    max
}

/// `prism annotate`'s terminal view of one shader.
pub fn annotation(annotation: &Annotation, files: &SourceFiles, options: TextOptions) -> String {
    let paint = Paint {
        color: options.color,
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} — {} — robustness {}",
        paint.bold(&annotation.input),
        annotation.entry_points.join(", "),
        annotation.robustness
    );
    let mut header = format!("{:>5} │ {:>4} {:>5} ", "line", "IR", "SPV");
    if annotation.totals.spirv_opt.is_some() {
        header.push_str(&format!("{:>5} ", "OPT"));
    }
    for target in annotation.written_targets() {
        header.push_str(&format!("{:>5} ", target));
    }
    let _ = writeln!(out, "{}", paint.dim(&format!("{header}│     source")));
    let max = maxima(annotation);
    let blank = LineCost::default();

    let lookup = annotation.line_lookup();
    for file in annotation.shown_files(files) {
        let name = file.name.as_str();
        if name != annotation.input {
            let _ = writeln!(out, "{}", paint.bold(&format!("── {name} ──")));
        }
        for index in 0..file.line_count() {
            let number = index as u32 + 1;
            let cost = lookup.get(&(name, number)).copied();
            if options.only_costly && cost.is_none() {
                continue;
            }
            let cost = cost.unwrap_or(&blank);
            let text = file.line_text(index).unwrap_or_default();
            if index + 1 == file.line_count() && text.is_empty() && cost.is_empty() {
                continue;
            }
            let _ = writeln!(
                out,
                "{} │ {}│ {} {}",
                paint.dim(&format!("{number:>5}")),
                count_cells(annotation, cost, &max, &paint),
                marks(cost, &paint),
                text
            );
            write_inserted(&mut out, annotation, cost, &paint);
        }
    }
    let _ = writeln!(out);
    summary(&mut out, annotation, &paint);
    out
}

fn count_width(annotation: &Annotation) -> usize {
    5 + 6
        + if annotation.totals.spirv_opt.is_some() {
            6
        } else {
            0
        }
        + 6 * annotation.written_targets().len()
}

/// The itemised inserted code of a line, one row per item, under the line.
fn write_inserted(out: &mut String, annotation: &Annotation, cost: &LineCost, paint: &Paint) {
    for item in &cost.inserted {
        let _ = writeln!(
            out,
            "{}",
            paint.dim(&format!(
                "{:>5} │ {:>w$}│       └ {} {}: {} ×{}",
                "",
                "",
                item.target,
                item.kind.name(),
                item.what,
                item.count,
                w = count_width(annotation)
            ))
        );
    }
}

fn summary(out: &mut String, annotation: &Annotation, paint: &Paint) {
    let max = LineCost::default();
    let _ = writeln!(
        out,
        "{:>5} │ {}│ {} {}",
        "none",
        count_cells(annotation, &annotation.no_source_line, &max, paint),
        marks(&annotation.no_source_line, paint),
        paint.dim(
            "no source line: entry-point plumbing, naga's helper functions, code without a span"
        )
    );
    write_inserted(out, annotation, &annotation.no_source_line, paint);
    let _ = writeln!(
        out,
        "{} │ {}│",
        paint.bold("total"),
        count_cells(annotation, &annotation.totals, &max, paint)
    );
    let categories = |counts: &Counts| {
        Category::ALL
            .iter()
            .map(|c| format!("{} {}", c.name(), counts.get(*c)))
            .collect::<Vec<_>>()
            .join(" · ")
    };
    let _ = writeln!(
        out,
        "\nSPIR-V as emitted: {}",
        categories(&annotation.totals.spirv)
    );
    if let Some(opt) = &annotation.totals.spirv_opt {
        let _ = writeln!(out, "after spirv-opt -O: {}", categories(opt));
    }
    let _ = writeln!(
        out,
        "\nfunctions (SPIR-V instructions, emitted → optimized):"
    );
    for f in &annotation.functions {
        let opt = match f.spirv_opt {
            Some(n) => n.to_string(),
            None if annotation.totals.spirv_opt.is_some() => "inlined".to_string(),
            None => "-".to_string(),
        };
        let _ = writeln!(
            out,
            "  {:<28} {:<12} {:>5} → {}",
            f.name, f.kind, f.spirv, opt
        );
    }
    for note in &annotation.notes {
        let _ = writeln!(out, "note: {note}");
    }
    let _ = writeln!(
        out,
        "{}",
        paint.dim(
            "columns: IR = naga IR operations; SPV = SPIR-V instructions as emitted; OPT = after spirv-opt -O; \
             hlsl/msl = helper calls. marks: B bounds check, S saturating conversion, H helper, L forced loop bound"
        )
    );
}
