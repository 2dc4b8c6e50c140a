//! Image atomics (`Statement::ImageAtomic`, from GLSL `imageAtomic*` or WGSL
//! `textureAtomic*`) where naga 30's writers get them wrong: refused before the writer runs,
//! or steered to a GLSL version that can express them.
//!
//! | target | gap in naga's writer | prism |
//! |---|---|---|
//! | MSL | texture atomics are MSL 3.1; the writer checks no version | `msl::write` picks 3.1 (`lower::msl_version`); an explicit lower version is refused there, located |
//! | MSL | the array index of an array image is left out of `atomic_fetch_*` | refused |
//! | GLSL | the coordinate of an array image loses its layer (`ivec2` for `ivec3`) | refused |
//! | GLSL ES | `#extension GL_OES_shader_image_atomic` is requested only for image atomics that are top-level statements of a function | `auto` goes to 4.50; an explicit ES version is refused |
//! | GLSL 3.30 | image atomics are GLSL 4.20; the writer's check misses nested ones | refused |
//!
//! | SPIR-V | an element of a binding array (`uimage2D imgs[4]`): `OpImageTexelPointer` gets the whole array, which spirv-val rejects | refused |
//!
//! HLSL and WGSL write them correctly.

use naga::{Block, Expression, Function, Module, Statement, TypeInner};

/// One image atomic: its image is arrayed, it is a top-level statement of its function, its
/// image is an element of a binding array.
#[derive(Clone, Copy)]
struct Found {
    arrayed: bool,
    top: bool,
    in_binding_array: bool,
}

/// Every image atomic of the module.
fn image_atomics(module: &Module) -> Vec<Found> {
    fn walk(module: &Module, f: &Function, block: &Block, top: bool, out: &mut Vec<Found>) {
        for statement in block.iter() {
            match statement {
                Statement::ImageAtomic {
                    image, array_index, ..
                } => {
                    let in_binding_array = match f.expressions[*image] {
                        Expression::Access { base, .. } | Expression::AccessIndex { base, .. } => {
                            matches!(f.expressions[base], Expression::GlobalVariable(g)
                                if matches!(module.types[module.global_variables[g].ty].inner, TypeInner::BindingArray { .. }))
                        }
                        _ => false,
                    };
                    out.push(Found {
                        arrayed: array_index.is_some(),
                        top,
                        in_binding_array,
                    });
                }
                Statement::Block(inner) => walk(module, f, inner, false, out),
                Statement::If { accept, reject, .. } => {
                    walk(module, f, accept, false, out);
                    walk(module, f, reject, false, out);
                }
                Statement::Loop {
                    body, continuing, ..
                } => {
                    walk(module, f, body, false, out);
                    walk(module, f, continuing, false, out);
                }
                Statement::Switch { cases, .. } => {
                    for case in cases {
                        walk(module, f, &case.body, false, out);
                    }
                }
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    let functions = crate::ir::all_functions(module);
    for function in functions {
        walk(module, function, &function.body, true, &mut out);
    }
    out
}

/// Whether the module has image atomics, none of them a top-level statement: naga's GLSL
/// writer then writes GLSL ES without the extension they need. (For `--glsl-version auto`.)
pub fn glsl_es_misses_extension(module: &Module) -> Option<&'static str> {
    let atomics = image_atomics(module);
    (!atomics.is_empty() && atomics.iter().all(|a| !a.top)).then_some(
        "image atomics inside control flow, for which naga's GLSL ES text lacks #extension GL_OES_shader_image_atomic",
    )
}

/// Which GLSL the module goes to, for [`refuse`].
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum GlslVersion {
    Auto,
    Es,
    Desktop330,
    Desktop450,
}

/// What a target cannot write of the module's image atomics: (target, why).
pub fn refuse(
    target: &str,
    module: &Module,
    glsl: GlslVersion,
) -> Option<(&'static str, &'static str)> {
    let atomics = image_atomics(module);
    if atomics.is_empty() {
        return None;
    }
    let arrayed = atomics.iter().any(|a| a.arrayed);
    let in_binding_array = atomics.iter().any(|a| a.in_binding_array);
    match target {
        "spirv" | "spirv-asm" if in_binding_array => Some((
            "SPIR-V",
            "image atomics on an element of an image array: naga's SPIR-V writer points `OpImageTexelPointer` at the whole array",
        )),
        "msl" if arrayed => Some((
            "MSL",
            "image atomics on array images: naga's MSL writer leaves out the array index",
        )),
        "glsl" if arrayed => Some((
            "GLSL",
            "image atomics on array images: naga's GLSL writer drops the layer from the coordinate",
        )),
        "glsl" if glsl == GlslVersion::Desktop330 => Some((
            "GLSL",
            "image atomics need GLSL 4.20 or GLSL ES 3.10 (`--glsl-version 450`)",
        )),
        "glsl" if glsl == GlslVersion::Es && glsl_es_misses_extension(module).is_some() => Some((
            "GLSL",
            "image atomics inside control flow: naga's GLSL ES text lacks #extension GL_OES_shader_image_atomic (`--glsl-version 450`)",
        )),
        _ => None,
    }
}
