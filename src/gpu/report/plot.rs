//! The report's SVG plots: GFLOP/s against size per kernel family, and the roofline.
//!
//! In: a [`Report`]. Out: SVG text, one [`Plot`] per file; writing them is the caller's.
//! Drawn with `plotters`' SVG backend, which writes `<text>` elements and leaves the fonts to
//! the viewer, so no font files are read. Only passed rows are drawn (a failed row has no
//! trustworthy time). Each variant of a family is one line (with a marker per size); each row
//! is one point on the roofline, under the measured roofs: the copy bandwidth up to the ridge
//! point, the FMA peak after it. A CPU device's plots say "CPU-emulated" in their titles.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::Report;
use crate::gpu::kernels::Shape;
use crate::gpu::suite::row::{Row, Status};

/// One SVG file: `name` goes into the file name (`bench-…-<name>.svg`).
#[derive(Clone, Debug, PartialEq)]
pub struct Plot {
    pub name: String,
    pub svg: String,
}

#[derive(Debug, thiserror::Error)]
#[error("drawing the {plot} plot failed: {message}")]
pub struct PlotError {
    pub plot: String,
    pub message: String,
}

const SIZE: (u32, u32) = (900, 560);
const COLORS: [RGBColor; 8] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(23, 190, 207),
];

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
type DrawResult = Result<(), Box<dyn std::error::Error>>;

fn render(name: &str, draw: impl FnOnce(&Area<'_>) -> DrawResult) -> Result<Plot, PlotError> {
    let mut svg = String::new();
    let result = {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        root.fill(&WHITE)
            .map_err(Into::into)
            .and_then(|()| draw(&root))
            .and_then(|()| root.present().map_err(Into::into))
    };
    result.map_err(|e| PlotError {
        plot: name.to_string(),
        message: e.to_string(),
    })?;
    Ok(Plot {
        name: name.to_string(),
        svg,
    })
}

fn title(report: &Report, what: &str) -> String {
    let emulated = if report.cpu_emulated {
        " (CPU-emulated)"
    } else {
        ""
    };
    format!("{what}: {}{emulated}", report.adapter.name)
}

/// The size a row is plotted at: the geometric mean of its dimensions (s for s³ or s × s).
pub(crate) fn size_of(shape: Shape) -> f64 {
    match shape {
        Shape::Gemm { m, n, k } => ((m * n * k) as f64).cbrt(),
        Shape::Matrix { rows, cols } => ((rows * cols) as f64).sqrt(),
        Shape::Chains { invocations, .. } => invocations as f64,
        Shape::Vector { floats } => floats as f64,
    }
}

/// Rows that can be drawn: passed, timed, not a peak kernel.
fn drawable(report: &Report) -> impl Iterator<Item = (&Row, f64)> {
    report
        .rows
        .iter()
        .filter(|r| r.status == Status::Passed && r.family != "peak")
        .filter_map(|r| r.gflops.filter(|g| *g > 0.0).map(|g| (r, g)))
}

/// A log axis range around `values`, padded so one value still makes a range.
fn log_range(values: impl Iterator<Item = f64>) -> std::ops::Range<f64> {
    let (lo, hi) = values.fold((f64::INFINITY, 0.0f64), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    if !(lo.is_finite() && lo > 0.0) {
        return 1.0..10.0;
    }
    lo / 1.5..hi * 1.5
}

/// The rows' families, each once, in the order they first appear.
fn families<'a>(rows: impl Iterator<Item = &'a Row>) -> Vec<&'a str> {
    let mut families: Vec<&str> = Vec::new();
    for row in rows {
        if !families.contains(&row.family.as_str()) {
            families.push(&row.family);
        }
    }
    families
}

/// The legend swatch of a series drawn in `color`.
fn swatch(color: RGBColor) -> impl Fn((i32, i32)) -> Rectangle<(i32, i32)> {
    move |(x, y)| Rectangle::new([(x, y - 4), (x + 14, y + 4)], color.filled())
}

/// One plot per kernel family: GFLOP/s against size, one line per variant.
pub(crate) fn size_plots(report: &Report) -> Result<Vec<Plot>, PlotError> {
    families(drawable(report).map(|(row, _)| row))
        .into_iter()
        .map(|family| {
            let mut variants: Vec<(&str, Vec<(f64, f64)>)> = Vec::new();
            for (row, gflops) in drawable(report).filter(|(r, _)| r.family == family) {
                let point = (size_of(row.shape), gflops);
                match variants.iter_mut().find(|(k, _)| *k == row.kernel) {
                    Some((_, points)) => points.push(point),
                    None => variants.push((&row.kernel, vec![point])),
                }
            }
            for (_, points) in &mut variants {
                points.sort_by(|a, b| a.0.total_cmp(&b.0));
            }
            let all = || variants.iter().flat_map(|(_, p)| p.iter());
            let x = log_range(all().map(|p| p.0));
            let y_max = all().map(|p| p.1).fold(0.0, f64::max) * 1.15;
            let caption = title(report, &format!("{family} GFLOP/s against size"));
            render(family, |root| {
                let mut chart = ChartBuilder::on(root)
                    .caption(caption, ("sans-serif", 20))
                    .margin(15)
                    .x_label_area_size(45)
                    .y_label_area_size(70)
                    .build_cartesian_2d(x.log_scale(), 0.0..y_max.max(1e-9))?;
                chart
                    .configure_mesh()
                    .x_desc("size (s for s×s×s or s×s; geometric mean of the dimensions)")
                    .y_desc("GFLOP/s")
                    .draw()?;
                for (i, (kernel, points)) in variants.iter().enumerate() {
                    let color = COLORS[i % COLORS.len()];
                    chart
                        .draw_series(
                            LineSeries::new(points.iter().copied(), color.stroke_width(2))
                                .point_size(3),
                        )?
                        .label(*kernel)
                        .legend(swatch(color));
                }
                chart
                    .configure_series_labels()
                    .position(SeriesLabelPosition::UpperLeft)
                    .background_style(WHITE.mix(0.85))
                    .border_style(BLACK)
                    .draw()?;
                Ok(())
            })
        })
        .collect()
}

/// The roofline: FLOP/byte against GFLOP/s, log-log, one point per row, under the measured
/// roofs. `None` without measured peaks (a peak kernel failed) or without a drawable row.
pub(crate) fn roofline(report: &Report) -> Result<Option<Plot>, PlotError> {
    let Some(peaks) = &report.peaks else {
        return Ok(None);
    };
    let points: Vec<(&Row, f64, f64)> = drawable(report)
        .filter_map(|(r, g)| r.roofline.as_ref().map(|x| (r, x.flop_per_byte, g)))
        .filter(|(_, intensity, _)| *intensity > 0.0)
        .collect();
    if points.is_empty() {
        return Ok(None);
    }
    let ridge = peaks.ridge_flop_per_byte;
    let x = log_range(points.iter().map(|p| p.1).chain([ridge]));
    let y = log_range(
        points
            .iter()
            .map(|p| p.2)
            .chain([peaks.fma_gflops, peaks.copy_gbytes_per_s * x.start]),
    );
    let families = families(points.iter().map(|&(row, ..)| row));
    let caption = title(report, "roofline");
    let plot = render("roofline", |root| {
        let mut chart = ChartBuilder::on(root)
            .caption(caption, ("sans-serif", 20))
            .margin(15)
            .x_label_area_size(45)
            .y_label_area_size(70)
            .build_cartesian_2d(x.clone().log_scale(), y.log_scale())?;
        chart
            .configure_mesh()
            .x_desc("arithmetic intensity (FLOP per byte of minimum traffic)")
            .y_desc("GFLOP/s")
            .draw()?;
        let roof = BLACK.stroke_width(2);
        chart
            .draw_series(LineSeries::new(
                [
                    (x.start, peaks.copy_gbytes_per_s * x.start),
                    (ridge, peaks.fma_gflops),
                ],
                roof,
            ))?
            .label(format!(
                "copy peak {:.1} GB/s (measured)",
                peaks.copy_gbytes_per_s
            ))
            .legend(|(x, y)| PathElement::new([(x, y), (x + 14, y)], BLACK.stroke_width(2)));
        chart
            .draw_series(LineSeries::new(
                [(ridge, peaks.fma_gflops), (x.end, peaks.fma_gflops)],
                roof,
            ))?
            .label(format!(
                "FMA peak {:.1} GFLOP/s (measured, {})",
                peaks.fma_gflops, peaks.fma_kernel
            ))
            .legend(|(x, y)| PathElement::new([(x, y), (x + 14, y)], BLACK.stroke_width(2)));
        for (i, family) in families.iter().enumerate() {
            let color = COLORS[i % COLORS.len()];
            chart
                .draw_series(points.iter().filter(|(r, ..)| r.family == *family).map(
                    |&(_, intensity, gflops)| Circle::new((intensity, gflops), 4, color.filled()),
                ))?
                .label(*family)
                .legend(swatch(color));
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::LowerRight)
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .draw()?;
        Ok(())
    })?;
    Ok(Some(plot))
}

/// Every plot of the report: the size plots, then the roofline.
pub fn all(report: &Report) -> Result<Vec<Plot>, PlotError> {
    let mut plots = size_plots(report)?;
    plots.extend(roofline(report)?);
    Ok(plots)
}
