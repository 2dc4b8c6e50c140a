//! WGSL's natural layout of a type (its size and alignment by WGSL's rules, which naga's WGSL
//! writer relies on since it writes no `@align`/`@size`), checked against the offsets and
//! strides the module gives: `wgsl::check_layouts` refuses a buffer where they differ, and
//! [`super::std140`] pads struct arrays up to their stride with it.

use naga::{Handle, Module, Type, TypeInner};

/// WGSL's natural size and alignment of `ty`, or the first place where `module` lays it out
/// otherwise.
pub fn natural(module: &Module, ty: Handle<Type>) -> Result<(u32, u32), String> {
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
