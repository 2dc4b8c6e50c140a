//! WGSL through naga's WGSL writer. It inserts no bounds checks: a WGSL consumer (wgpu,
//! Dawn) applies its own, so the robustness preset does not change this output.
//!
//! The writer writes no `@align`/`@size` attributes: a buffer's layout in the WGSL it writes
//! is WGSL's natural layout of the types, whatever the module says. A module from GLSL
//! lays uniform blocks out by std140 (a `float` array has a stride of 16, a struct is
//! rounded up to 16 bytes), which WGSL's natural layout is not; such a module would come out
//! as WGSL that lays the buffer out differently from every other target, or that naga and
//! Tint reject (a uniform array of stride 4). [`check_layouts`] refuses it instead, at the
//! buffer's declaration.
//!
//! The writer writes the `enable` directives for `f16`, `clip_distances` and its other
//! extensions, but not `enable subgroups;`: a module using subgroup operations, subgroup
//! built-ins or `subgroupBarrier()` came out as WGSL that browsers (Tint) reject.
//! [`write`] adds it. naga 30's own WGSL reader refuses the directive ("not yet
//! implemented") although it reads everything it enables: prism's WGSL front end blanks it
//! before naga parses ([`crate::front::wgsl::naga_readable`]).

use serde::{Deserialize, Serialize};

use naga::{AddressSpace, Module};

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Options {
    /// Write explicit types on every `let` (`WriterFlags::EXPLICIT_TYPES`).
    pub explicit_types: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}", super::common::error_chain(.0))]
    Naga(#[from] naga::back::wgsl::Error),
    /// A buffer laid out in a way WGSL's natural layout is not (see the module docs).
    #[error("{space} buffer `{name}`: {what}; the WGSL writer has no way to write that layout (GLSL's std140 rules pad uniform arrays and structs to 16 bytes, WGSL does not); use std430 or vec4 elements in the GLSL, or another target")]
    Layout {
        space: &'static str,
        name: String,
        what: String,
        /// The declaration, then the first read (the declaration of a block naga's GLSL
        /// reader made may lie in text the dialect layer generated).
        spans: [naga::Span; 2],
    },
}

impl Error {
    /// Where in the shader the refusal is, best first.
    pub fn spans(&self) -> Vec<naga::Span> {
        match self {
            Error::Layout { spans, .. } => spans.to_vec(),
            Error::Naga(_) => Vec::new(),
        }
    }
}

pub fn write(
    module: &naga::Module,
    info: &naga::valid::ModuleInfo,
    options: &Options,
) -> Result<String, Error> {
    check_layouts(module)?;
    let mut flags = naga::back::wgsl::WriterFlags::empty();
    if options.explicit_types {
        flags |= naga::back::wgsl::WriterFlags::EXPLICIT_TYPES;
    }
    // WebGPU has no `@coherent` / `@volatile`, which naga would write.
    let stripped =
        super::common::without_memory_decorations(module, |_| naga::MemoryDecorations::all());
    let text = naga::back::wgsl::write_string(stripped.as_ref().unwrap_or(module), info, flags)?;
    Ok(if uses_subgroups(module) {
        with_enable("subgroups", text)
    } else {
        text
    })
}

/// `text` with `enable NAME;` first; the writer's own directives (if any) follow it, then
/// the blank line that ends them.
fn with_enable(name: &str, text: String) -> String {
    let separator = if text.starts_with("enable ") {
        ""
    } else {
        "\n"
    };
    format!("enable {name};\n{separator}{text}")
}

/// Whether `module` uses anything WGSL's `subgroups` extension enables: a subgroup
/// operation (each leaves a result expression), a subgroup barrier, or a subgroup built-in
/// in an entry point's interface.
pub fn uses_subgroups(module: &Module) -> bool {
    use naga::{BuiltIn, Expression, TypeInner};
    let subgroup_builtin = |binding: Option<&naga::Binding>| {
        matches!(
            binding,
            Some(naga::Binding::BuiltIn(
                BuiltIn::SubgroupSize
                    | BuiltIn::SubgroupInvocationId
                    | BuiltIn::SubgroupId
                    | BuiltIn::NumSubgroups
            ))
        )
    };
    let functions = crate::ir::all_functions(module);
    for function in functions {
        let operation = function.expressions.iter().any(|(_, e)| {
            matches!(
                e,
                Expression::SubgroupBallotResult | Expression::SubgroupOperationResult { .. }
            )
        });
        if operation || block_has_subgroup_barrier(&function.body) {
            return true;
        }
    }
    module.entry_points.iter().any(|ep| {
        ep.function.arguments.iter().any(|arg| {
            subgroup_builtin(arg.binding.as_ref())
                || match &module.types[arg.ty].inner {
                    TypeInner::Struct { members, .. } => {
                        members.iter().any(|m| subgroup_builtin(m.binding.as_ref()))
                    }
                    _ => false,
                }
        })
    })
}

fn block_has_subgroup_barrier(block: &naga::Block) -> bool {
    use naga::Statement as S;
    block.iter().any(|statement| match statement {
        S::ControlBarrier(barrier) | S::MemoryBarrier(barrier) => {
            barrier.contains(naga::Barrier::SUB_GROUP)
        }
        S::Block(inner) => block_has_subgroup_barrier(inner),
        S::If { accept, reject, .. } => {
            block_has_subgroup_barrier(accept) || block_has_subgroup_barrier(reject)
        }
        S::Switch { cases, .. } => cases.iter().any(|c| block_has_subgroup_barrier(&c.body)),
        S::Loop {
            body, continuing, ..
        } => block_has_subgroup_barrier(body) || block_has_subgroup_barrier(continuing),
        _ => false,
    })
}

/// Refuse a buffer (uniform, storage, immediate) whose member offsets or array strides in
/// `module` are not those of WGSL's natural layout.
pub fn check_layouts(module: &Module) -> Result<(), Error> {
    for (handle, global) in module.global_variables.iter() {
        let space = match global.space {
            AddressSpace::Uniform => "uniform",
            AddressSpace::Storage { .. } => "storage",
            AddressSpace::Immediate => "push-constant",
            _ => continue,
        };
        if let Err(what) = super::lower::wgsl_natural(module, global.ty) {
            // Anonymous blocks (`uniform Params { ... };`, prism's `prism_globals`) are
            // named by their type; their declaration has no span, the first read has.
            let name = global
                .name
                .clone()
                .or_else(|| module.types[global.ty].name.clone())
                .unwrap_or_default();
            return Err(Error::Layout {
                space,
                name,
                what,
                spans: [
                    module.global_variables.get_span(handle),
                    super::lower::first_read(module, handle),
                ],
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::back::{Output, Target};
    use crate::pipeline::{compile_path, CompileOptions};

    fn wgsl_of(fixture: &str) -> String {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(fixture);
        let compiled = compile_path(&path, &CompileOptions::default()).expect("compiles");
        match compiled.emit(Target::Wgsl) {
            Ok(Output::Text(text)) => text,
            other => panic!("no WGSL: {other:?}"),
        }
    }

    #[test]
    fn subgroup_operations_get_enable_subgroups_and_read_back() {
        let text = wgsl_of("fixtures/vulkan/subgroup_reduce.comp");
        assert!(text.starts_with("enable subgroups;\n\n"), "{text}");
        assert_eq!(text.matches("enable subgroups;").count(), 1);
        assert!(text.contains("subgroupAdd("), "{text}");
        let readable = crate::front::wgsl::naga_readable(&text);
        let module = naga::front::wgsl::parse_str(&readable).expect("reads back");
        naga::valid::Validator::new(
            naga::valid::ValidationFlags::all(),
            naga::valid::Capabilities::all(),
        )
        .validate(&module)
        .expect("validates");
        assert!(super::uses_subgroups(&module));
    }

    #[test]
    fn subgroup_built_ins_alone_and_quad_operations_need_it_too() {
        let text = wgsl_of("fixtures/vulkan/subgroup_quad.frag");
        assert!(text.starts_with("enable subgroups;"), "{text}");
        let kernel = "enable subgroups;\n@compute @workgroup_size(64)\nfn main(@builtin(subgroup_size) n: u32) { _ = n; }";
        let module = naga::front::wgsl::parse_str(&crate::front::wgsl::naga_readable(kernel))
            .expect("parses");
        assert!(super::uses_subgroups(&module));
    }

    #[test]
    fn shaders_without_subgroups_get_no_directive() {
        let text = wgsl_of("fixtures/vulkan/reduce_sum.comp");
        assert!(!text.contains("enable subgroups"), "{text}");
    }
}
