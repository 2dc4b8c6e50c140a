//! The source table of a pane: one row per line of the user's files, a cell per count
//! column, the line's badges, its inserted code unfolding under it, and the bucket and the
//! totals in the footer. Each row carries its heat per column as custom properties.

use std::fmt::Write;

use maud::{html, Markup};

use crate::annotate::{Annotation, Category, Counts, Inserted, InsertedKind, LineCost};
use crate::source::SourceFiles;

/// A count column of the source table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Column {
    Ir,
    Spirv,
    SpirvOpt,
    /// Helper calls a text target writes; `slot` numbers the text targets from 0.
    Helpers {
        target: String,
        slot: usize,
    },
}

impl Column {
    /// The name in CSS classes and custom properties.
    pub(super) fn key(&self) -> String {
        match self {
            Column::Ir => "ir".to_string(),
            Column::Spirv => "spv".to_string(),
            Column::SpirvOpt => "opt".to_string(),
            Column::Helpers { slot, .. } => format!("t{slot}"),
        }
    }

    pub(super) fn label(&self) -> &str {
        match self {
            Column::Ir => "IR",
            Column::Spirv => "emitted",
            Column::SpirvOpt => "-O",
            Column::Helpers { target, .. } => target,
        }
    }

    pub(super) fn description(&self) -> String {
        match self {
            Column::Ir => "naga IR operations".to_string(),
            Column::Spirv => "SPIR-V instructions as naga writes them".to_string(),
            Column::SpirvOpt => "SPIR-V instructions after spirv-opt -O".to_string(),
            Column::Helpers { target, .. } => format!("helper calls in the {target} output"),
        }
    }

    fn value(&self, cost: &LineCost) -> u32 {
        match self {
            Column::Ir => cost.ir,
            Column::Spirv => cost.spirv.total,
            Column::SpirvOpt => cost.spirv_opt.map_or(0, |c| c.total),
            Column::Helpers { target, .. } => cost.helpers.get(target).copied().unwrap_or(0),
        }
    }

    /// What makes up a cell's count, for its tooltip.
    fn breakdown(&self, cost: &LineCost) -> String {
        let by_category = |counts: &Counts| {
            let parts: Vec<String> = Category::ALL
                .iter()
                .filter(|c| counts.get(**c) > 0)
                .map(|c| format!("{} {}", c.name(), counts.get(*c)))
                .collect();
            parts.join(", ")
        };
        match self {
            Column::Ir => format!("{} naga IR operations", cost.ir),
            Column::Spirv => by_category(&cost.spirv),
            Column::SpirvOpt => cost.spirv_opt.as_ref().map(by_category).unwrap_or_default(),
            Column::Helpers { target, .. } => {
                let calls: Vec<String> = cost
                    .inserted
                    .iter()
                    .filter(|i| &i.target == target)
                    .map(|i| format!("{} ×{}", i.what, i.count))
                    .collect();
                calls.join(", ")
            }
        }
    }
}

pub(super) fn columns(annotation: &Annotation) -> Vec<Column> {
    let mut columns = vec![Column::Ir, Column::Spirv];
    if annotation.totals.spirv_opt.is_some() {
        columns.push(Column::SpirvOpt);
    }
    columns.extend(
        annotation
            .written_targets()
            .into_iter()
            .enumerate()
            .map(|(slot, target)| Column::Helpers {
                target: target.to_string(),
                slot,
            }),
    );
    columns
}

/// The column the heat map shows before the reader picks one: what the GPU driver receives.
pub(super) fn default_heat(annotation: &Annotation) -> Column {
    if annotation.totals.spirv_opt.is_some() {
        Column::SpirvOpt
    } else {
        Column::Spirv
    }
}

fn kind_class(kind: InsertedKind) -> &'static str {
    match kind {
        InsertedKind::BoundsCheck => "b-bounds",
        InsertedKind::SaturatingConversion => "b-sat",
        InsertedKind::Helper => "b-helper",
        InsertedKind::LoopBound => "b-loop",
    }
}

pub(super) fn badge(kind: InsertedKind, title: &str) -> Markup {
    html! { span.badge.(kind_class(kind)) title=(title) { (kind.letter()) } }
}

pub(super) fn table_head(columns: &[Column], radio_id: &dyn Fn(&Column) -> String) -> Markup {
    let helpers = columns
        .iter()
        .filter(|c| matches!(c, Column::Helpers { .. }))
        .count();
    let spirv = columns.len() - helpers - 1;
    html! {
        thead {
            tr.groups {
                th {}
                th { "naga" }
                th colspan=(spirv) { "SPIR-V" }
                @if helpers > 0 { th colspan=(helpers) { "helper calls" } }
                th {}
            }
            tr {
                th.ln { "line" }
                @for column in columns {
                    th.n.(format!("c-{}", column.key())) title=(column.description()) {
                        label for=(radio_id(column)) { (column.label()) }
                    }
                }
                th.code { "source" }
            }
        }
    }
}

/// The largest per-line value of each column over all panes: the top of the heat scale.
pub(super) fn maxima(annotations: &[&Annotation], columns: &[Column]) -> Vec<u32> {
    columns
        .iter()
        .map(|c| {
            let lines = annotations.iter().flat_map(|a| &a.lines);
            lines.map(|l| c.value(l)).max().unwrap_or(0)
        })
        .collect()
}

/// The root file first, then the included files that carry costs, in order of first cost.
pub(super) fn source_body(
    annotation: &Annotation,
    files: &SourceFiles,
    columns: &[Column],
    max: &[u32],
) -> Markup {
    let blank = LineCost::default();
    let lookup = annotation.line_lookup();
    html! {
        @for file in annotation.shown_files(files) {
            tbody {
                @if file.name != annotation.input {
                    tr.file { th colspan=(columns.len() + 2) { (file.name) } }
                }
                @for index in 0..file.line_count() {
                    @let number = index as u32 + 1;
                    @let cost = lookup.get(&(file.name.as_str(), number)).copied().unwrap_or(&blank);
                    @let text = file.line_text(index).unwrap_or_default();
                    @if !(index + 1 == file.line_count() && text.is_empty() && cost.is_empty()) {
                        tr.l data-line=(number) style=[heat_style(cost, columns, max)] {
                            td.ln { (number) }
                            (count_cells(cost, columns))
                            td.code { (source_cell(text, &cost.inserted)) }
                        }
                    }
                }
            }
        }
    }
}

/// Each column's heat for the row, as custom properties; `None` for a line that costs nothing.
fn heat_style(cost: &LineCost, columns: &[Column], max: &[u32]) -> Option<String> {
    let mut style = String::new();
    for (column, &max) in columns.iter().zip(max) {
        let value = column.value(cost);
        if value > 0 && max > 0 {
            // A floor, so that the cheapest costly line still differs from a free one.
            let strength = 0.1 + 0.55 * value as f64 / max as f64;
            let _ = write!(style, "--{}:{strength:.2};", column.key());
        }
    }
    (!style.is_empty()).then_some(style)
}

fn count_cells(cost: &LineCost, columns: &[Column]) -> Markup {
    html! {
        @for column in columns {
            @let value = column.value(cost);
            @if value == 0 {
                td.n.z.(format!("c-{}", column.key())) { "·" }
            } @else {
                td.n.(format!("c-{}", column.key())) title=(column.breakdown(cost)) { (value) }
            }
        }
    }
}

/// The source text with the line's badges; a line with inserted code unfolds its items.
fn source_cell(text: &str, inserted: &[Inserted]) -> Markup {
    let mut kinds: Vec<InsertedKind> = inserted.iter().map(|i| i.kind).collect();
    kinds.sort();
    kinds.dedup();
    let line = html! {
        span.marks {
            @for kind in &kinds { (badge(*kind, &badge_title(*kind, inserted))) }
        }
        span.text { (text) }
    };
    html! {
        @if inserted.is_empty() {
            div.line { (line) }
        } @else {
            details {
                summary.line { (line) }
                (inserted_items(inserted))
            }
        }
    }
}

fn badge_title(kind: InsertedKind, inserted: &[Inserted]) -> String {
    let mut title = kind.name().to_string();
    for item in inserted.iter().filter(|i| i.kind == kind) {
        let _ = write!(title, "\n{}: {} ×{}", item.target, item.what, item.count);
    }
    title
}

fn inserted_items(inserted: &[Inserted]) -> Markup {
    html! {
        table.items {
            @for item in inserted {
                tr {
                    td { (badge(item.kind, item.kind.name())) }
                    td.target { (item.target) }
                    td.what { (item.what) }
                    td.n { "×" (item.count) }
                }
            }
        }
    }
}

pub(super) fn table_foot(annotation: &Annotation, columns: &[Column]) -> Markup {
    let bucket = &annotation.no_source_line;
    html! {
        tfoot {
            tr.bucket {
                th.ln title="no source line" { "—" }
                (count_cells(bucket, columns))
                td.code {
                    (source_cell(
                        "no source line: entry-point plumbing, naga's helper functions, code without a span",
                        &bucket.inserted,
                    ))
                }
            }
            tr.total {
                th.ln { "total" }
                (count_cells(&annotation.totals, columns))
                td.code {}
            }
        }
    }
}
