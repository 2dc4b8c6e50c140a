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

use std::fmt::Write;

use maud::{html, Markup, PreEscaped, DOCTYPE};

use super::{Annotation, Category, Counts, Inserted, InsertedKind, LineCost};
use crate::source::SourceFiles;

/// One annotation: a page with its source. Several (e.g. two for `prism diff`): shown side by
/// side.
pub fn render(annotations: &[(&Annotation, &SourceFiles)]) -> String {
    render_page(annotations, None)
}

/// `prism diff`: the two annotations side by side, under a table of what changed in total.
pub fn render_diff(
    diff: &super::diff::Diff,
    a: (&Annotation, &SourceFiles),
    b: (&Annotation, &SourceFiles),
) -> String {
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

fn diff_summary(diff: &super::diff::Diff) -> Markup {
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
                            td { (signed(m.delta)) " (" (super::diff::percent(m.a, m.b)) ")" }
                        }
                    }
                }
            }
            @for gpu in &diff.isa {
                @if let Some(variant) = &gpu.variant { p.note { (gpu.gpu) ": " (variant) } }
                @for error in &gpu.errors { p.note { (gpu.gpu) ": " (error) } }
            }
        }
    }
}

fn render_page(
    annotations: &[(&Annotation, &SourceFiles)],
    diff: Option<&super::diff::Diff>,
) -> String {
    let title: Vec<&str> = annotations.iter().map(|(a, _)| a.input.as_str()).collect();
    let all: Vec<&Annotation> = annotations.iter().map(|(a, _)| *a).collect();
    let helper_slots = annotations
        .iter()
        .map(|(a, _)| helper_targets(a).len())
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

/// A count column of the source table.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Column {
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
    fn key(&self) -> String {
        match self {
            Column::Ir => "ir".to_string(),
            Column::Spirv => "spv".to_string(),
            Column::SpirvOpt => "opt".to_string(),
            Column::Helpers { slot, .. } => format!("t{slot}"),
        }
    }

    fn label(&self) -> &str {
        match self {
            Column::Ir => "IR",
            Column::Spirv => "emitted",
            Column::SpirvOpt => "-O",
            Column::Helpers { target, .. } => target,
        }
    }

    fn description(&self) -> String {
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

/// The text targets that have a helper column: those that were written.
fn helper_targets(annotation: &Annotation) -> Vec<&str> {
    annotation
        .targets
        .iter()
        .filter(|t| t.error.is_none())
        .map(|t| t.target.as_str())
        .collect()
}

fn columns(annotation: &Annotation) -> Vec<Column> {
    let mut columns = vec![Column::Ir, Column::Spirv];
    if annotation.totals.spirv_opt.is_some() {
        columns.push(Column::SpirvOpt);
    }
    columns.extend(
        helper_targets(annotation)
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
fn default_heat(annotation: &Annotation) -> Column {
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

fn badge(kind: InsertedKind, title: &str) -> Markup {
    html! { span.badge.(kind_class(kind)) title=(title) { (kind.letter()) } }
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

fn table_head(columns: &[Column], radio_id: &dyn Fn(&Column) -> String) -> Markup {
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
fn maxima(annotations: &[&Annotation], columns: &[Column]) -> Vec<u32> {
    columns
        .iter()
        .map(|c| {
            let lines = annotations.iter().flat_map(|a| &a.lines);
            lines.map(|l| c.value(l)).max().unwrap_or(0)
        })
        .collect()
}

/// The root file first, then the included files that carry costs, in order of first cost.
fn source_body(
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

fn table_foot(annotation: &Annotation, columns: &[Column]) -> Markup {
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

/// Per-category SPIR-V counts as stacked bars on one scale, with the numbers beside them.
fn totals(annotation: &Annotation) -> Markup {
    let totals = &annotation.totals;
    let mut rows = vec![("emitted", totals.spirv)];
    if let Some(opt) = totals.spirv_opt {
        rows.push(("spirv-opt -O", opt));
    }
    let scale = rows.iter().map(|(_, c)| c.total).max().unwrap_or(0).max(1);
    let helper_totals: Vec<String> = helper_targets(annotation)
        .into_iter()
        .map(|t| format!("{t} {}", totals.helpers.get(t).copied().unwrap_or(0)))
        .collect();
    html! {
        div.totals {
            h3 { "SPIR-V instructions by category" }
            @for (label, counts) in &rows {
                div.barrow {
                    span.bl { (label) }
                    div.track {
                        div.bar style=(format!("width:{:.1}%", 100.0 * counts.total as f64 / scale as f64)) {
                            @for category in Category::ALL {
                                @let n = counts.get(category);
                                @if n > 0 {
                                    span.(format!("k-{}", category.name())) style=(format!("flex-grow:{n}"))
                                        title=(format!("{} {n}", category.name())) {}
                                }
                            }
                        }
                    }
                    span.bn { (counts.total) }
                }
            }
            table.cats {
                tr {
                    th {}
                    @for category in Category::ALL {
                        th { span.sw.(format!("k-{}", category.name())) {} (category.name()) }
                    }
                }
                @for (label, counts) in &rows {
                    tr {
                        th { (label) }
                        @for category in Category::ALL {
                            @let n = counts.get(category);
                            td.n.z[n == 0] { (n) }
                        }
                    }
                }
            }
            p.dim {
                (totals.ir) " naga IR operations"
                @if !helper_totals.is_empty() { " · helper calls: " (helper_totals.join(" · ")) }
            }
        }
    }
}

fn functions(annotation: &Annotation) -> Markup {
    let optimized = annotation.totals.spirv_opt.is_some();
    html! {
        div.card {
            h3 { "Functions" }
            table.funcs {
                tr { th { "name" } th { "kind" } th.n { "emitted" } @if optimized { th.n { "-O" } } }
                @for f in &annotation.functions {
                    tr {
                        td { code { (f.name) } }
                        td.dim { (f.kind) }
                        td.n { (f.spirv) }
                        @if optimized {
                            @match f.spirv_opt {
                                Some(n) => td.n { (n) },
                                None => td.n.dim title="the optimizer inlined it" { "inlined" },
                            }
                        }
                    }
                }
            }
        }
    }
}

fn helper_calls(annotation: &Annotation) -> Markup {
    html! {
        @if !annotation.targets.is_empty() {
            div.card {
                h3 { "Helper calls in each output" }
                table.funcs {
                    @for t in &annotation.targets {
                        tr {
                            th { (t.target) }
                            td {
                                @if let Some(error) = &t.error {
                                    span.err { "not written: " (error) }
                                } @else if t.calls_in_output.is_empty() {
                                    span.dim { "none" }
                                } @else {
                                    @for (i, (helper, n)) in t.calls_in_output.iter().enumerate() {
                                        @if i > 0 { ", " }
                                        code { (helper) } " ×" (n)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The page's CSS: the fixed part, then the heat switch for every column a pane can have.
fn stylesheet(helper_slots: usize) -> String {
    let mut css = String::from(STYLE);
    let keys = ["ir", "spv", "opt"]
        .map(String::from)
        .into_iter()
        .chain((0..helper_slots).map(|slot| format!("t{slot}")));
    for key in keys {
        let _ = writeln!(
            css,
            ".hs-{key}:checked~.scroll tr.l{{--heat:var(--{key},0)}}\
             .hs-{key}:checked~.scroll .c-{key},.hs-{key}:checked~.heatbar .c-{key}{{font-weight:700;color:var(--fg)}}\
             .hs-{key}:checked~.heatbar label.c-{key}{{background:var(--chip);border-color:var(--hot-edge)}}\
             .hs-{key}:focus-visible~.heatbar label.c-{key}{{outline:2px solid var(--hot-edge)}}"
        );
    }
    css
}

const STYLE: &str = r#"
:root{color-scheme:light dark;--bg:#fff;--fg:#1b1d22;--dim:#6b7079;--rule:#e3e5e9;--chip:#eef1f5;
--hot:68 119 170;--gain:1;--hot-edge:#4477aa;--card:#f8f9fb;
--k-alu:#4477aa;--k-conversion:#aa3377;--k-memory:#ccbb44;--k-control:#228833;--k-bounds-check:#cc3311;--k-other:#bbbbbb;
--b-bounds:#cc3311;--b-sat:#aa3377;--b-helper:#ee7733;--b-loop:#0077bb;--b-helper-fg:#1b1d22}
@media (prefers-color-scheme:dark){:root{--bg:#15171c;--fg:#e4e6ea;--dim:#9097a3;--rule:#2c3038;--chip:#242933;
--hot:102 170 238;--gain:1.25;--hot-edge:#66aaee;--card:#1b1e24}}
*{box-sizing:border-box}
body{margin:0;padding:16px 20px;background:var(--bg);color:var(--fg);font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif}
h1{font-size:18px;margin:0 0 4px}h2{font-size:16px;margin:0 0 6px;overflow-wrap:anywhere}h3{font-size:13px;margin:0 0 6px}
code,.src,.items{font-family:ui-monospace,"SF Mono",Menlo,Consolas,"DejaVu Sans Mono",monospace}
.key{margin:0 0 14px;color:var(--dim);font-size:13px}.key b{color:var(--fg);font-weight:600}
.dim,.z{color:var(--dim)}.err{color:var(--b-bounds)}
.panes{display:grid;grid-template-columns:repeat(var(--panes),minmax(0,1fr));gap:20px;align-items:start}
.pane{min-width:0}
.ph{border-bottom:2px solid var(--rule);padding-bottom:6px;margin-bottom:10px}
.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0;font-size:13px}
.meta dt{color:var(--dim)}.meta dd{margin:0}
.notes{margin:0 0 10px;padding:6px 10px 6px 26px;background:var(--chip);border-left:3px solid var(--b-helper);font-size:13px}
.totals{background:var(--card);border:1px solid var(--rule);border-radius:6px;padding:10px 12px;margin-bottom:12px}
.barrow{display:flex;align-items:center;gap:8px;margin:3px 0}
.bl{width:7em;color:var(--dim);font-size:12px;text-align:right}.bn{width:3.5em;font-variant-numeric:tabular-nums}
.track{flex:1}.bar{display:flex;height:14px;border-radius:3px;overflow:hidden;min-width:2px}
.bar span{min-width:2px}
.k-alu{background:var(--k-alu)}.k-conversion{background:var(--k-conversion)}.k-memory{background:var(--k-memory)}
.k-control{background:var(--k-control)}.k-bounds-check{background:var(--k-bounds-check)}.k-other{background:var(--k-other)}
.sw{display:inline-block;width:9px;height:9px;border-radius:2px;margin-right:4px}
.cats{border-collapse:collapse;font-size:12px;margin-top:8px}
.cats th,.cats td{padding:1px 0 1px 14px;text-align:right;font-weight:normal;white-space:nowrap}.cats .n{width:auto}
.cats tr:first-child th{color:var(--dim)}.cats th:first-child{color:var(--dim);text-align:right;width:7em;padding-left:0}
.totals p{margin:6px 0 0;font-size:12px}
.vh{position:absolute;opacity:0;width:1px;height:1px;margin:0;pointer-events:none}
.heatbar{display:flex;align-items:center;flex-wrap:wrap;gap:4px;font-size:12px;margin:0 0 6px}
.heatbar label{cursor:pointer;padding:1px 8px;border:1px solid var(--rule);border-radius:10px;color:var(--dim)}
.ramp{width:90px;height:10px;margin-left:8px;border-radius:2px;border:1px solid var(--rule);
background:linear-gradient(90deg,rgb(var(--hot)/.1),rgb(var(--hot)/.65))}
.scroll{overflow-x:auto;border:1px solid var(--rule);border-radius:6px}
.src{border-collapse:collapse;width:100%;font-size:12.5px;line-height:1.5}
.src th{font-weight:600;font-size:11px;color:var(--dim);font-family:system-ui,sans-serif;padding:3px 5px;border-bottom:1px solid var(--rule);white-space:nowrap}
.src thead label{cursor:pointer;border-bottom:1px dotted currentColor}
.src .groups th{border-bottom:0;padding-bottom:0;font-weight:normal;text-align:center}
.src th.code{text-align:left}
.src td{padding:0 5px;vertical-align:top}
tr.l{background-color:rgb(var(--hot)/calc(var(--heat,0)*var(--gain)))}
tr.l:hover{outline:1px solid var(--hot-edge);outline-offset:-1px}
.ln{color:var(--dim);text-align:right;user-select:none;width:1%;white-space:nowrap}
.n{text-align:right;font-variant-numeric:tabular-nums;width:1%;white-space:nowrap;user-select:none}
.src td.n{color:var(--fg);opacity:.85}.src td.n.z{color:var(--dim);opacity:.6}
.src td.code{border-left:1px solid var(--rule)}
.line{display:flex;gap:4px}
.marks{flex:none;width:3.6em;display:flex;gap:2px;user-select:none}
.text{white-space:pre-wrap;overflow-wrap:anywhere;tab-size:4;min-width:0}
summary{display:flex;cursor:pointer;list-style:none}summary::-webkit-details-marker{display:none}
summary .marks::after{content:"\25B8";color:var(--dim);font-size:11px;align-self:center}
details[open]>summary .marks::after{content:"\25BE"}
.badge{display:inline-block;min-width:1.35em;padding:0 3px;border-radius:3px;font:700 10.5px/1.45 system-ui,sans-serif;text-align:center;color:#fff;align-self:center}
.b-bounds{background:var(--b-bounds)}.b-sat{background:var(--b-sat)}.b-helper{background:var(--b-helper);color:var(--b-helper-fg)}.b-loop{background:var(--b-loop)}
.items{border-collapse:collapse;margin:2px 0 6px 3.6em;font-size:12px;background:var(--bg);border:1px solid var(--rule);border-radius:4px}
.items td{padding:1px 8px 1px 4px;vertical-align:baseline}.items .target{color:var(--dim);white-space:nowrap}
tfoot th,tfoot td{border-top:1px solid var(--rule)}tfoot .code{font-family:system-ui,sans-serif;color:var(--dim);font-size:12px}
tr.total td.n{font-weight:700;opacity:1}
tr.file th{text-align:left;color:var(--fg);background:var(--chip);font-family:ui-monospace,monospace}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin-top:12px}
.card{flex:1 1 260px;background:var(--card);border:1px solid var(--rule);border-radius:6px;padding:10px 12px;font-size:13px}
.funcs{border-collapse:collapse;width:100%}.funcs th,.funcs td{padding:1px 8px 1px 0;text-align:left;vertical-align:top}
.funcs th{font-weight:600;color:var(--dim)}.funcs .n{text-align:right}
.diff{margin:0 0 12px;max-width:760px}.diff h2{font-size:14px;margin:0 0 6px}
.nums{border-collapse:collapse}.nums th,.nums td{padding:1px 10px 1px 0;text-align:right}
.nums th:first-child,.nums td:first-child{text-align:left}.nums th{color:var(--dim);font-weight:600}
.nums tr.better td:last-child{font-weight:700}.nums tr.worse td:last-child{font-weight:700;text-decoration:underline}
.nums tr.better td:last-child::before{content:"▼ "}.nums tr.worse td:last-child::before{content:"▲ "}
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::{annotate, AnnotateOptions};
    use crate::pipeline::{compile_text, Compilation, CompileOptions};
    use crate::robustness::{Preset, Robustness};
    use crate::shader::InputKind;
    use crate::shader::Stage;

    const SHADER: &str = "#version 450
// the comparison a < b && c must be escaped
layout(location = 0) in float vIndex;
layout(location = 0) out vec4 fragColor;
layout(set = 0, binding = 0) uniform Palette { vec4 colors[8]; };
void main() {
    int i = int(vIndex);
    fragColor = colors[i];
}
";

    fn compile(name: &str) -> Compilation {
        let options = CompileOptions {
            robustness: Robustness::preset(Preset::Webgpu),
            ..Default::default()
        };
        compile_text(
            name,
            SHADER,
            InputKind::Glsl,
            Some(Stage::Fragment),
            &options,
        )
        .unwrap_or_else(|f| panic!("{name} compiles: {:?}", f.diagnostics))
    }

    fn page(compilations: &[&Compilation]) -> String {
        let annotations: Vec<Annotation> = compilations
            .iter()
            .map(|c| annotate(c, &AnnotateOptions::default()).expect("annotates"))
            .collect();
        let pairs: Vec<(&Annotation, &SourceFiles)> = annotations
            .iter()
            .zip(compilations)
            .map(|(a, c)| (a, &c.files))
            .collect();
        render(&pairs)
    }

    /// The `<tr>` of a source line in the first pane.
    fn row(page: &str, line: u32) -> &str {
        let start = page
            .find(&format!("data-line=\"{line}\""))
            .unwrap_or_else(|| panic!("no row for line {line}"));
        let end = start + page[start..].find("</tr>").expect("row ends");
        &page[start..end]
    }

    fn escaped(text: &str) -> String {
        html! { (text) }.into_string()
    }

    #[test]
    fn every_source_line_appears_escaped() {
        let compilation = compile("palette.frag");
        let page = page(&[&compilation]);
        assert!(page.starts_with("<!DOCTYPE html>"));
        for line in SHADER.lines() {
            assert!(page.contains(&escaped(line)), "missing: {line}");
        }
        assert!(page.contains("a &lt; b &amp;&amp; c"));
        assert!(!page.contains("a < b && c"));
        assert_eq!(
            page.matches("<details").count(),
            page.matches("</details>").count()
        );
        assert_eq!(page.matches("<tr").count(), page.matches("</tr>").count());
    }

    #[test]
    fn nothing_is_fetched() {
        let compilation = compile("palette.frag");
        let page = page(&[&compilation]);
        for needle in [
            "http://", "https://", "src=", "href=", "<link", "<script", "url(",
        ] {
            assert!(!page.contains(needle), "the page contains {needle}");
        }
    }

    #[test]
    fn costly_lines_are_heated_and_badged() {
        let compilation = compile("palette.frag");
        let page = page(&[&compilation]);
        // Optimized SPIR-V is the default heat column, chosen without script.
        assert!(page.contains(r#"id="p0-hs-opt" checked"#));
        assert!(!page.contains(r#"id="p0-hs-spv" checked"#));

        let conversion = row(&page, 7);
        assert!(conversion.contains("int(vIndex)"));
        assert!(conversion.contains("--opt:"), "no heat: {conversion}");
        assert!(conversion.contains("badge b-sat"), "no badge: {conversion}");
        assert!(conversion.contains("<details>"));
        assert!(conversion.contains("naga_f2i32"));

        let index = row(&page, 8);
        assert!(index.contains("colors[i]"));
        assert!(index.contains("badge b-bounds"), "no badge: {index}");

        let comment = row(&page, 2);
        assert!(!comment.contains("style="));
        assert!(!comment.contains("badge"));
    }

    #[test]
    fn two_annotations_are_side_by_side() {
        let before = compile("before.frag");
        let after = compile("after.frag");
        let page = page(&[&before, &after]);
        assert!(page.contains("--panes:2"));
        assert_eq!(page.matches(r#"<section class="pane">"#).count(), 2);
        let first = page.find("<h2>before.frag</h2>").expect("first header");
        let second = page.find("<h2>after.frag</h2>").expect("second header");
        assert!(first < second);
        // Each pane's heat switch is its own.
        assert!(page.contains(r#"id="p0-hs-opt" checked"#));
        assert!(page.contains(r#"id="p1-hs-opt" checked"#));
    }
}
