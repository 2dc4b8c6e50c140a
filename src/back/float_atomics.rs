//! Float atomics (`atomic<f32>`: GLSL `atomicAdd` / `atomicExchange` on a `float` buffer
//! member, `GL_EXT_shader_atomic_float`; WGSL with naga's `SHADER_FLOAT32_ATOMIC`) where
//! naga 30's writers cannot write them: refused before the writer runs.
//!
//! | target | naga's writer | prism |
//! |---|---|---|
//! | SPIR-V | `OpAtomicFAddEXT` with `AtomicFloat32AddEXT` | written |
//! | MSL | `metal::atomic_float`, which is MSL 3.0; the writer checks no version | `lower::msl_version` picks 3.0; an explicit lower version is refused there, located |
//! | HLSL | not in its capabilities: `InterlockedAdd` on a float, which HLSL lacks | refused |
//! | GLSL | not in its capabilities: `atomicAdd(float)` without `#extension` | refused |
//! | WGSL | `atomic<f32>`: naga reads it back (wgpu's `SHADER_FLOAT32_ATOMIC`); WebGPU has no float atomics | written |

use naga::{Module, ScalarKind, TypeInner};

/// Whether the module has a float atomic.
fn has_float_atomics(module: &Module) -> bool {
    module.types.iter().any(
        |(_, ty)| matches!(ty.inner, TypeInner::Atomic(scalar) if scalar.kind == ScalarKind::Float),
    )
}

/// What a target cannot write of the module's float atomics: (target, why).
pub fn refuse(target: &str, module: &Module) -> Option<(&'static str, &'static str)> {
    if !has_float_atomics(module) {
        return None;
    }
    match target {
        "hlsl" => Some((
            "HLSL",
            "float atomics (GL_EXT_shader_atomic_float): HLSL has no atomic add or exchange on a float",
        )),
        "glsl" => Some((
            "GLSL",
            "float atomics (GL_EXT_shader_atomic_float): naga's GLSL writer cannot write them",
        )),
        _ => None,
    }
}
