//! The JSON Schema of every versioned JSON document prism writes, generated from the
//! documents' types (schemars, draft 2020-12, as serialized). `docs/schemas/NAME.schema.json`
//! holds each; `tests/schemas.rs` fails when one differs from what the types give, and
//! validates real outputs against them. Refresh with
//! `PRISM_WRITE_SCHEMAS=1 cargo test --test schemas`.

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema};

use super::{CheckDocument, CompileCheckDocument, CompileDocument, LintDocument, CHECK_SCHEMA};
use crate::annotate::diff::Diff;
use crate::annotate::Annotation;
use crate::check::Baseline;

/// One document's schema.
pub struct DocumentSchema {
    /// The file stem under `docs/schemas/`: `prism-annotate`.
    pub name: &'static str,
    /// The document's own name and version (its `schema` field, where it has one).
    pub version: &'static str,
    /// The command that writes it.
    pub command: &'static str,
    pub schema: Schema,
}

fn schema_for<T: JsonSchema>(version: &str, command: &str) -> Schema {
    let mut schema = SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator()
        .into_root_schema_for::<T>();
    schema.insert("title".into(), version.into());
    schema.insert(
        "description".into(),
        format!("{command}: generated from prism's types (docs/schemas/README.md)").into(),
    );
    schema
}

/// Every versioned document, in a fixed order (the bench documents with the `gpu` feature).
pub fn schemas() -> Vec<DocumentSchema> {
    fn entry<T: JsonSchema>(
        name: &'static str,
        version: &'static str,
        command: &'static str,
    ) -> DocumentSchema {
        DocumentSchema {
            name,
            version,
            command,
            schema: schema_for::<T>(version, command),
        }
    }
    #[allow(unused_mut)] // only the `gpu` feature adds to it
    let mut documents = vec![
        entry::<Annotation>(
            "prism-annotate",
            crate::annotate::SCHEMA,
            "prism annotate --format json",
        ),
        entry::<Diff>(
            "prism-diff",
            crate::annotate::diff::SCHEMA,
            "prism diff --format json",
        ),
        entry::<Baseline>(
            "prism-baseline",
            crate::check::baseline::SCHEMA,
            "prism check --update (the baseline file)",
        ),
        entry::<CheckDocument>("prism-check", CHECK_SCHEMA, "prism check --format json"),
        entry::<crate::check::CheckShard>(
            "prism-check-shard",
            crate::check::CHECK_SHARD_SCHEMA,
            "prism check --shard K/N --save-shard FILE",
        ),
        entry::<LintDocument>(
            "prism-lint",
            crate::lint::SCHEMA,
            "prism lint --format json",
        ),
        entry::<super::IsaDocument>(
            "prism-isa-report",
            super::ISA_SCHEMA,
            "prism isa FILE --format json",
        ),
        entry::<super::IsaGpusDocument>(
            "prism-isa-gpus",
            super::ISA_SCHEMA,
            "prism isa --list-gpus --format json",
        ),
        entry::<CompileDocument>("prism-compile", "version 1", "prism compile --format json"),
        entry::<CompileCheckDocument>(
            "prism-compile-check",
            "version 1",
            "prism compile --check --format json",
        ),
        entry::<crate::lint::render::RulesDocument>(
            "prism-rules",
            crate::lint::render::RULES_SCHEMA,
            "prism rule --all --format json",
        ),
    ];
    #[cfg(feature = "gpu")]
    documents.extend([
        entry::<crate::gpu::report::Report>(
            "prism-bench",
            crate::gpu::report::SCHEMA,
            "prism bench --format json",
        ),
        entry::<crate::gpu::suite::tune::TuneCache>(
            "prism-tune",
            crate::gpu::suite::tune::CACHE_SCHEMA,
            "prism bench (the GEMM tune cache, $XDG_CACHE_HOME/prism/tune.json)",
        ),
        entry::<crate::gpu::network_bench::NetworkDocument>(
            "prism-network",
            crate::gpu::network_bench::NETWORK_SCHEMA,
            "prism bench --network NAME --format json",
        ),
    ]);
    documents
}
