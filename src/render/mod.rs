//! Rendering: typed reports in, text out. The library never prints; the CLI writes what
//! these functions return. One module per format:
//!
//! | format | reports |
//! |---|---|
//! | [`text`] | diagnostics, annotation, diff, check, lint, compile's bindings and `--check` summary |
//! | [`json`] | every JSON document, and their JSON Schemas |
//! | [`sarif`] | lint |
//! | [`github`] | lint, check (workflow annotations) |
//! | [`markdown`] | check (a pull-request comment) |
//! | [`html`] | annotation, diff (one self-contained page) |
//!
//! One function per report and format (`render::github::check`, `render::text::lint`), not a
//! trait: the reports need different context to render (source files for codespan
//! snippets, colour, the annotated files of a diff's two sides), so a shared trait would
//! carry a context type no two implementations share, and the CLI already picks the format
//! with a `match` on its `--format` enum. What formats share lives with the format that owns
//! it (the GitHub escaping in [`github`], the codespan loop in [`text`]).
//!
//! The reports live with the stage that produces them (`annotate`, `check`, `lint`,
//! `pipeline`); `render` imports them, never the reverse. (`prism rule`'s output is rendered
//! by `lint::render`; `prism bench`'s by `gpu`.)

pub mod github;
pub mod html;
pub mod json;
pub mod markdown;
pub mod sarif;
pub mod text;
