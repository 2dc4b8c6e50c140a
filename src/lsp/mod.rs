//! `prism lsp`: a Language Server Protocol server that shows, in the editor, what each line
//! costs under the robustness preset in force, prism's lint findings with their measured
//! fixes, and ISA statistics on demand.
//!
//! In: an [`lsp_server::Connection`] (the CLI makes one over stdin/stdout) and
//! [`ServerOptions`]. Out: the protocol's messages; the library writes nothing else.
//! The protocol itself (framing, message types) is `lsp-server` + `lsp-types`, as in
//! rust-analyzer: prism writes no JSON-RPC of its own.
//!
//! How an edit travels (the files, in that order):
//! 1. `server.rs` keeps the open buffers (`documents.rs`) and hands each new version to the
//!    analysis workers (`worker.rs`), which drop any version that a newer one superseded
//!    before they start it.
//! 2. The fast path (`analysis.rs`): compile the unsaved text (includes resolve to open
//!    buffers first, then disk) and lint it without costs: no `spirv-opt`, milliseconds.
//!    Its diagnostics (`convert.rs`) are published at once.
//! 3. The cost path, on its own thread: annotate (SPIR-V after `spirv-opt -O`, about a
//!    second on a 500-line shader) and measure the fixes; then inlay hints (`hints.rs`),
//!    hovers (`hover.rs`) and code actions (`actions.rs`) read it, and the client is asked to
//!    refresh its hints.
//! 4. `prism.isa` (`command.rs`) compiles the shader for the configured GPU families on a
//!    thread of its own and shows the statistics when they come.
//!
//! The traps:
//! - Positions are UTF-16 code units unless the client offers UTF-8 (`positions.rs`).
//! - naga is a large third-party parser; the pipeline's panic boundary turns a panic into a
//!   diagnostic, and every worker job runs behind one more, so the server keeps serving.
//! - A hint for an old version would sit on the wrong line: costs are only shown for the
//!   version they were computed for.

mod actions;
mod analysis;
mod command;
mod convert;
mod documents;
mod hints;
mod hover;
mod positions;
mod requests;
mod server;
mod settings;
mod worker;

pub use server::{serve, ServeError, ServerOptions};
pub use settings::{Metric, Settings};

/// The command that runs ISA statistics for a shader (`workspace/executeCommand`).
pub const ISA_COMMAND: &str = "prism.isa";

/// A notification the transport gives the server when it skipped a message that is not
/// JSON-RPC; its parameter is the reason, which the server logs to the client.
pub const MALFORMED: &str = "$/prism/malformedMessage";

/// The largest buffer analysed; a larger one gets a diagnostic instead.
pub const MAX_DOCUMENT_BYTES: usize = 8 * 1024 * 1024;
