//! The markdown of the report's two cost sections: the ISA of every kernel variant on RADV's
//! null device, and what the bounds checks cost at run time.

use crate::gpu::isa_costs::IsaSection;
use crate::gpu::kernel::KernelBuild;
use crate::gpu::suite::robustness::RobustnessSection;
use crate::gpu::suite::Status;

fn number(v: Option<f64>) -> String {
    v.map_or("-".to_string(), |v| format!("{v:.0}"))
}

/// `## ISA (RADV null device)`: one row per variant and family.
pub(super) fn isa_markdown(section: Option<&IsaSection>) -> String {
    let Some(section) = section else {
        return String::new();
    };
    let mut md = format!(
        "\n## ISA (RADV null device: {})\n\nCompiled as {}. Occupancy is RADV's \
         \"Subgroups per SIMD\" (waves per SIMD). The inner loop is the shortest loop of the \
         disassembly holding FMAs (a back edge to an earlier block; `s_delay_alu` not counted); \
         FMA share = v_fma*/v_fmac*/v_pk_fma* (and GCN v_mac_f*/v_mad_f*) instructions / its instructions.\n\n\
         | kernel | variant | family | VGPRs | SGPRs | spills (V/S) | waves/SIMD | instructions | loop instr. | loop FMAs | FMA share |\n\
         |---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n",
        section.families.join(", "),
        section.robustness
    );
    for row in &section.rows {
        let Some(m) = &row.measured else {
            let error = row.error.as_deref().unwrap_or("no result");
            let one_line: Vec<&str> = error.split_whitespace().collect();
            md.push_str(&format!(
                "| {} | {} | {} | **error**: {} | | | | | | | |\n",
                row.kernel,
                row.variant,
                row.family,
                one_line.join(" ")
            ));
            continue;
        };
        let lp = m.inner_loop;
        md.push_str(&format!(
            "| {} | {} | {} | {} | {} | {}/{} | {} | {} | {} | {} | {} |\n",
            row.kernel,
            row.variant,
            row.family,
            number(m.vgprs),
            number(m.sgprs),
            number(m.spilled_vgprs),
            number(m.spilled_sgprs),
            number(m.waves_per_simd),
            number(m.instructions),
            lp.map_or("-".to_string(), |l| l.instructions.to_string()),
            lp.map_or("-".to_string(), |l| l.fmas.to_string()),
            lp.map_or("-".to_string(), |l| format!("{:.1}%", 100.0 * l.fma_share)),
        ));
    }
    md
}

/// `## What robustness costs`: one row per kernel, a median and slowdown per build.
pub(super) fn robustness_markdown(section: Option<&RobustnessSection>) -> String {
    let Some(section) = section else {
        return String::new();
    };
    let mut md = format!(
        "\n## What robustness costs (GEMM tile {})\n\nMedian µs per build and slowdown over \
         `none`. `none`, `webgpu` (Restrict) and `read-zero-skip-write` are trusted modules \
         without loop bounding, so only their bounds checks differ; `wgpu` is wgpu's default \
         build (Restrict plus loop bounding). \"not run\": see `KernelBuild::runs`.\n\n\
         | kernel | shape |",
        section.gemm_tile
    );
    for b in KernelBuild::ALL {
        md.push_str(&format!(" {} |", b.name()));
    }
    md.push_str("\n|---|---|");
    md.push_str(&"---:|".repeat(KernelBuild::ALL.len()));
    md.push('\n');
    for row in &section.rows {
        md.push_str(&format!("| {} | {} |", row.kernel, row.shape.describe()));
        for b in KernelBuild::ALL {
            let cell = match row.builds.iter().find(|t| t.build == b) {
                Some(t) if t.status == Status::Passed => {
                    let us = t
                        .median_ns
                        .map_or("-".into(), |ns| format!("{:.1}", ns / 1e3));
                    let x = t.slowdown.map_or(String::new(), |x| format!(" ({x:.2}×)"));
                    format!("{us}{x}")
                }
                Some(t) if t.status == Status::FailedVerification => {
                    "**failed verification**".to_string()
                }
                Some(t) if t.error.as_deref().is_some_and(|e| e.starts_with("not run")) => {
                    "not run".to_string()
                }
                Some(_) => "**error**".to_string(),
                None => "-".to_string(),
            };
            md.push_str(&format!(" {cell} |"));
        }
        md.push('\n');
    }
    md
}
