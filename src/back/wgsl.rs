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

use naga::{AddressSpace, Handle, Module, Type, TypeInner};

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
        if let Err(what) = natural(module, global.ty) {
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

/// WGSL's natural size and alignment of `ty`, or the first place where `module` lays it out
/// otherwise.
pub(crate) fn natural(module: &Module, ty: Handle<Type>) -> Result<(u32, u32), String> {
    let round = |align: u32, n: u32| n.div_ceil(align) * align;
    let vector = |size: naga::VectorSize, width: u8| {
        let (n, w) = (size as u32, u32::from(width));
        (n * w, if n == 3 { 4 * w } else { n * w })
    };
    Ok(match module.types[ty].inner {
        TypeInner::Scalar(s) | TypeInner::Atomic(s) => (u32::from(s.width), u32::from(s.width)),
        TypeInner::Vector { size, scalar } => vector(size, scalar.width),
        TypeInner::Matrix {
            columns,
            rows,
            scalar,
        } => {
            let (size, align) = vector(rows, scalar.width);
            (columns as u32 * round(align, size), align)
        }
        TypeInner::Array { base, size, stride } => {
            let (elem_size, align) = natural(module, base)?;
            let natural_stride = round(align, elem_size);
            if stride != natural_stride {
                return Err(format!(
                    "an array of {} has a stride of {stride} bytes, WGSL's is {natural_stride}",
                    type_name(module, base)
                ));
            }
            let count = match size {
                naga::ArraySize::Constant(n) => n.get(),
                _ => 1,
            };
            (count * stride, align)
        }
        TypeInner::Struct { ref members, .. } => {
            let (mut end, mut max_align) = (0, 1);
            for member in members {
                let name = member.name.as_deref().unwrap_or("?");
                let (size, align) = natural(module, member.ty)
                    .map_err(|what| format!("member `{name}`: {what}"))?;
                let offset = round(align, end);
                if member.offset != offset {
                    return Err(format!(
                        "member `{name}` is at offset {}, WGSL puts it at {offset}",
                        member.offset
                    ));
                }
                end = offset + size;
                max_align = max_align.max(align);
            }
            (round(max_align, end), max_align)
        }
        _ => (0, 1),
    })
}

fn type_name(module: &Module, ty: Handle<Type>) -> String {
    match module.types[ty].inner {
        TypeInner::Scalar(s) => scalar_name(s),
        TypeInner::Vector { size, scalar } => format!("vec{}<{}>", size as u8, scalar_name(scalar)),
        TypeInner::Struct { .. } => module.types[ty]
            .name
            .clone()
            .map_or("a struct".into(), |n| format!("struct `{n}`")),
        _ => "arrays or matrices".into(),
    }
}

fn scalar_name(s: naga::Scalar) -> String {
    let kind = match s.kind {
        naga::ScalarKind::Float => "f",
        naga::ScalarKind::Sint => "i",
        naga::ScalarKind::Uint => "u",
        _ => "bool",
    };
    format!("{kind}{}", u32::from(s.width) * 8)
}
