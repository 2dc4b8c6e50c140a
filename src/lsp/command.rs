//! `prism.isa`: ISA statistics of the open shader (its unsaved text) on the configured GPU
//! families, through Mesa RADV's null device. It runs on a thread of its own; the
//! `workspace/executeCommand` request is answered when it finishes (the result is the text
//! below, a JSON string) and the same text is shown with `window/showMessage`. Typing goes
//! on meanwhile.
//!
//! ```text
//! ISA of /tmp/dither.frag (robustness webgl (index restrict, buffer restrict, image load read-zero-skip-write)):
//! vega10: 74 instructions, 16 VGPRs, 32 SGPRs, 0 spilled VGPRs, 412 bytes of code
//! gfx1100: 93 instructions, 24 VGPRs, 128 SGPRs, 0 spilled VGPRs, 504 bytes of code
//! ```

use crossbeam_channel::Sender;

use super::analysis::{self, Job};
use super::worker::{self, Event};
use crate::isa::{GpuSpec, IsaOptions};

/// Start the command; its result comes back as [`Event::CommandDone`].
pub fn start_isa(
    id: lsp_server::RequestId,
    job: Job,
    events: Sender<Event>,
) -> std::io::Result<()> {
    worker::spawn("prism-lsp-isa", move || {
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| isa_text(&job)))
            .unwrap_or_else(|_| Err("internal error while measuring ISA (a bug in prism)".into()));
        let _ = events.send(Event::CommandDone { id, result });
    })
}

fn isa_text(job: &Job) -> Result<String, String> {
    let Some(worker) = job.isa_worker.clone() else {
        return Err("this server was started without an ISA worker".to_string());
    };
    let analysed = analysis::fast(job);
    let Some(compiled) = analysed.compilation else {
        return Err("the shader does not compile; fix its errors first".to_string());
    };
    let compilation = &compiled.compilation;
    let gpus: Vec<GpuSpec> = compiled.lint.gpus.clone();
    let reports = crate::isa::run(compilation, &gpus, &IsaOptions::new(worker));
    let mut text = format!(
        "ISA of {} (robustness {}):",
        compilation.files.get(compilation.root).name,
        crate::annotate::Robustness::of(&compilation.robustness)
    );
    for (gpu, report) in gpus.iter().zip(reports) {
        text.push('\n');
        match report {
            Ok(report) => {
                let stat = |name: &str| {
                    report
                        .metric(name)
                        .map_or("?".to_string(), |v| v.to_string())
                };
                text.push_str(&format!(
                    "{gpu}: {} instructions, {} VGPRs, {} SGPRs, {} spilled VGPRs, {} bytes of code",
                    stat("Instructions"),
                    stat("VGPRs"),
                    stat("SGPRs"),
                    stat("Spilled VGPRs"),
                    stat("Code size"),
                ));
                if let Some(variant) = &report.variant {
                    text.push_str(&format!(" ({variant})"));
                }
            }
            Err(error) => text.push_str(&format!("{gpu}: {error}")),
        }
    }
    Ok(text)
}
