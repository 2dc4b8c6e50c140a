//! The cards of a pane: SPIR-V totals by category as bars, the functions, and the helper
//! calls found in each text target's output.

use maud::{html, Markup};

use crate::annotate::{Annotation, Category};

/// Per-category SPIR-V counts as stacked bars on one scale, with the numbers beside them.
pub(super) fn totals(annotation: &Annotation) -> Markup {
    let totals = &annotation.totals;
    let mut rows = vec![("emitted", totals.spirv)];
    if let Some(opt) = totals.spirv_opt {
        rows.push(("spirv-opt -O", opt));
    }
    let scale = rows.iter().map(|(_, c)| c.total).max().unwrap_or(0).max(1);
    let helper_totals: Vec<String> = annotation
        .written_targets()
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

pub(super) fn functions(annotation: &Annotation) -> Markup {
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

pub(super) fn helper_calls(annotation: &Annotation) -> Markup {
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
