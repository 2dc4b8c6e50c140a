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
    Ok(naga::back::wgsl::write_string(module, info, flags)?)
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
