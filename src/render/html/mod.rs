//! The HTML rendering of one or more [`Annotation`]s: one self-contained page (inline CSS, no
//! script, nothing fetched) with the user's source heat-mapped by cost, the count columns of
//! the terminal view, badges on lines that carry inserted code, and the totals as bars.
//!
//! Several annotations (`prism diff A B`) become panes side by side, each with its own header.
//!
//! Things that look simpler than they are:
//! - The heat column is switched without JavaScript: every row carries one custom property per
//!   column (`--spv: .42`), and a hidden radio button per column, placed before the table,
//!   picks which of them becomes `--heat` through a `:checked ~` rule. The default column's
//!   radio is rendered `checked`, so the page is right before any input, and the column
//!   headers are the radios' labels.
//! - Everything the user wrote (source, file names) goes through maud's escaping; the only
//!   unescaped text is this file's own stylesheet.
//! - Colours are one hue per meaning from Paul Tol's colour-blind-safe palettes; the heat is a
//!   single hue whose strength grows with cost, so it reads in grey too, and every colour has
//!   a letter or a number beside it.
//!
//! The files: this one lays out the page and its panes; `table` is the heat-mapped source
//! table and its columns; `cards` the totals, functions and helper calls beside it;
//! `styles` the stylesheet.

mod cards;
mod styles;
mod table;
#[cfg(test)]
mod tests;

use maud::{html, Markup, PreEscaped, DOCTYPE};

use crate::annotate::diff::{percent, Diff};
use crate::annotate::{Annotation, InsertedKind};
use crate::source::SourceFiles;
use cards::{functions, helper_calls, totals};
use styles::stylesheet;
use table::{badge, columns, default_heat, maxima, source_body, table_foot, table_head, Column};

/// One annotation: a page with its source. Several (e.g. two for `prism diff`): shown side by
/// side.
pub fn annotation(annotations: &[(&Annotation, &SourceFiles)]) -> String {
    render_page(annotations, None)
}

/// `prism diff`: the two annotations side by side, under a table of what changed in total.
pub fn diff(diff: &Diff, a: (&Annotation, &SourceFiles), b: (&Annotation, &SourceFiles)) -> String {
    render_page(&[a, b], Some(diff))
}

/// `better`, `worse` or `same`: fewer is better but for occupancy (waves, subgroups per SIMD).
fn direction(metric: &str, delta: f64) -> &'static str {
    let lower = metric.to_lowercase();
    let more_is_better =
        lower.contains("subgroups per") || lower.contains("occupancy") || lower.contains("waves");
    match (delta.partial_cmp(&0.0), more_is_better) {
        (Some(std::cmp::Ordering::Less), false) | (Some(std::cmp::Ordering::Greater), true) => {
            "better"
        }
        (Some(std::cmp::Ordering::Greater), false) | (Some(std::cmp::Ordering::Less), true) => {
            "worse"
        }
        _ => "same",
    }
}

fn diff_summary(diff: &Diff) -> Markup {
    let signed = |d: f64| {
        if d > 0.0 {
            format!("+{d}")
        } else {
            format!("{d}")
        }
    };
    let rows = diff
        .totals
        .iter()
        .filter(|m| !m.metric.contains('.') || m.delta != 0.0)
        .map(|m| (String::new(), m))
        .chain(
            diff.isa
                .iter()
                .flat_map(|g| g.metrics.iter().map(move |m| (format!("{} ", g.gpu), m))),
        );
    html! {
        section.card.diff {
            h2 { "B against A" }
            table.nums {
                thead { tr { th { "metric" } th { "A" } th { "B" } th { "change" } } }
                tbody {
                    @for (prefix, m) in rows {
                        tr class=(direction(&m.metric, m.delta)) {
                            td { (prefix) (m.metric) }
                            td { (m.a) }
                            td { (m.b) }
                            td { (signed(m.delta)) " (" (percent(m.a, m.b)) ")" }
                        }
                    }
                }
            }
            @for gpu in &diff.isa {
                @if let Some(driver) = &gpu.driver { p.note { (gpu.gpu) ": measured with " (driver) } }
                @if let Some(variant) = &gpu.variant { p.note { (gpu.gpu) ": " (variant) } }
                @for error in &gpu.errors { p.note { (gpu.gpu) ": " (error) } }
            }
        }
    }
}

fn render_page(annotations: &[(&Annotation, &SourceFiles)], diff: Option<&Diff>) -> String {
    let title: Vec<&str> = annotations.iter().map(|(a, _)| a.input.as_str()).collect();
    let all: Vec<&Annotation> = annotations.iter().map(|(a, _)| *a).collect();
    let helper_slots = annotations
        .iter()
        .map(|(a, _)| a.written_targets().len())
        .max()
        .unwrap_or(0);
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="generator" content="prism";
                title { "prism annotate — " (title.join(" vs ")) }
                style { (PreEscaped(stylesheet(helper_slots))) }
            }
            body {
                header.page {
                    h1 { @if diff.is_some() { "prism diff" } @else { "prism annotate" } }
                    (key())
                }
                @if let Some(diff) = diff { (diff_summary(diff)) }
                main.panes style=(format!("--panes:{}", annotations.len().max(1))) {
                    @for (index, (annotation, files)) in annotations.iter().enumerate() {
                        (pane(index, annotation, files, &all))
                    }
                }
            }
        }
    }
    .into_string()
}

/// The legend printed once at the top of the page.
fn key() -> Markup {
    html! {
        p.key {
            "Columns: " b { "IR" } " naga IR operations · " b { "SPIR-V emitted" } " as naga writes it · "
            b { "-O" } " after spirv-opt -O · " b { "helper calls" } " per text target. "
            "Rows are tinted by the column picked above each table (click a column name). "
            "Inserted code: "
            @for kind in InsertedKind::ALL {
                (badge(kind, kind.name())) " " (kind.name()) " "
            }
            "— click a marked line to list what was inserted."
        }
    }
}

/// `all`: every annotation on the page, so that one tint means one cost in every pane.
fn pane(index: usize, annotation: &Annotation, files: &SourceFiles, all: &[&Annotation]) -> Markup {
    let columns = columns(annotation);
    let heat = default_heat(annotation);
    let radio_name = format!("p{index}-heat");
    let radio_id = |column: &Column| format!("p{index}-hs-{}", column.key());
    html! {
        section.pane {
            (pane_header(annotation))
            @if !annotation.notes.is_empty() {
                ul.notes {
                    @for note in &annotation.notes { li { (note) } }
                }
            }
            (totals(annotation))
            div.source {
                @for column in &columns {
                    input.vh.(format!("hs-{}", column.key())) type="radio" name=(radio_name)
                        id=(radio_id(column)) checked[*column == heat];
                }
                div.heatbar {
                    span.dim { "heat by" }
                    @for column in &columns {
                        label.(format!("c-{}", column.key())) for=(radio_id(column))
                            title=(column.description()) { (column.label()) }
                    }
                    span.ramp title="low to high, relative to the costliest line on the page" {}
                }
                div.scroll {
                    table.src {
                        (table_head(&columns, &radio_id))
                        (source_body(annotation, files, &columns, &maxima(all, &columns)))
                        (table_foot(annotation, &columns))
                    }
                }
            }
            div.cards {
                (functions(annotation))
                (helper_calls(annotation))
            }
        }
    }
}

fn pane_header(annotation: &Annotation) -> Markup {
    let r = &annotation.robustness;
    html! {
        header.ph {
            h2 { (annotation.input) }
            dl.meta {
                dt { "entry points" }
                dd { (annotation.entry_points.join(", ")) }
                dt { "robustness" }
                dd {
                    b { (r.preset) } " — index " code { (r.index) } ", buffer " code { (r.buffer) }
                    ", image load " code { (r.image_load) }
                }
                dt { "targets" }
                dd {
                    "SPIR-V"
                    @for t in &annotation.targets { ", " (t.target) @if t.error.is_some() { " (not written)" } }
                }
            }
        }
    }
}
