//! Rules on the words of a shader rather than its declarations, each reported on the line
//! glslang names:
//!
//! - an integer literal whose bit pattern does not fit in 32 bits (`4294967296`,
//!   `0x100000000`), in every dialect: naga would read it as a 64-bit constant;
//! - in GLSL ES (WebGL), `#extension NAME : require` of an extension no WebGL
//!   implementation has: the shader must fail to compile (GLSL ES 1.00 §3.4, ES 3.00 §3.4).
//!   Known are the extensions browsers (ANGLE) expose to WebGL shaders, the GLSL ES
//!   extensions prism reads, and `GL_GOOGLE_include_directive`.

use super::version::Dialect;
use crate::diagnostic::{error_at, Diagnostic};
use crate::front::glsl::preprocess::{Preprocessed, TokenKind};

/// Extensions a WebGL shader may `require`.
const KNOWN_ES_EXTENSIONS: &[&str] = &[
    // WebGL 1 and 2 extensions, by the name their shaders enable.
    "GL_OES_standard_derivatives",
    "GL_EXT_frag_depth",
    "GL_EXT_shader_texture_lod",
    "GL_EXT_draw_buffers",
    "GL_EXT_blend_func_extended",
    "GL_ANGLE_multi_draw",
    "GL_ANGLE_base_vertex_base_instance",
    "GL_ANGLE_base_vertex_base_instance_shader_builtin",
    "GL_OVR_multiview",
    "GL_OVR_multiview2",
    "GL_EXT_clip_cull_distance",
    "GL_ANGLE_clip_cull_distance",
    "GL_EXT_conservative_depth",
    "GL_NV_shader_noperspective_interpolation",
    "GL_OES_sample_variables",
    "GL_OES_shader_multisample_interpolation",
    "GL_EXT_texture_shadow_lod",
    "GL_KHR_blend_equation_advanced",
    "GL_ANGLE_shader_pixel_local_storage",
    // GLSL ES extensions of native ES drivers that prism reads.
    "GL_EXT_shader_framebuffer_fetch",
    "GL_EXT_shader_framebuffer_fetch_non_coherent",
    "GL_NV_shader_framebuffer_fetch",
    "GL_ARM_shader_framebuffer_fetch",
    "GL_EXT_YUV_target",
    "GL_OES_EGL_image_external",
    "GL_OES_EGL_image_external_essl3",
    "GL_OES_texture_3D",
    "GL_EXT_shadow_samplers",
    "GL_ANGLE_texture_multisample",
    // Preprocessor extensions.
    "GL_GOOGLE_include_directive",
    "GL_GOOGLE_cpp_style_line_directive",
];

pub(super) fn check(pre: &Preprocessed, dialect: Dialect) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for t in &pre.tokens {
        let plain = t
            .text
            .ends_with(|c: char| c.is_ascii_hexdigit() || c == 'u' || c == 'U');
        if t.kind != TokenKind::Int || !plain {
            continue;
        }
        let fits = crate::front::glsl::preprocess::parse_int(&t.text)
            .is_some_and(|v| (0..=i64::from(u32::MAX)).contains(&v));
        if !fits {
            errors.push(error_at(
                "E-DIALECT",
                format!("integer literal `{}` does not fit in 32 bits", t.text),
                t.loc,
                "GLSL integers are 32-bit: the largest literal is 4294967295 (0xFFFFFFFF)",
            ));
        }
    }
    if matches!(dialect, Dialect::Es100 | Dialect::Es3(300)) {
        for e in &pre.extensions {
            if e.behavior == "require"
                && e.name != "all"
                && !KNOWN_ES_EXTENSIONS.contains(&e.name.as_str())
            {
                errors.push(error_at(
                    "E-DIALECT",
                    format!("`#extension {} : require`: no WebGL implementation has this extension", e.name),
                    e.loc,
                    "a required extension that is missing fails the compile; use `enable` to make it optional",
                ));
            }
        }
    }
    errors
}
