//! Fragment features GLSL ES 3.00/3.10 has only through extensions glslang (and most ES
//! drivers) do not take, which naga's GLSL writer nevertheless writes into ES text: the
//! sample variables (`gl_SampleID`, `gl_SampleMask[In]`: `GL_OES_sample_variables`, core in
//! ES 3.20) and conservative depth (`layout(depth_greater)`: `GL_EXT_conservative_depth`).
//! Barycentric coordinates (`GL_EXT_fragment_shader_barycentric`) are desktop GLSL 4.50 only.
//! Such a module goes to desktop GLSL 450 when the GLSL version is prism's choice.
//!
//! naga's GLSL writer also treats `gl_SampleMaskIn` / `gl_SampleMask` as scalars
//! (`uint m = gl_SampleMaskIn;`, `gl_SampleMask = m;`), where GLSL declares `int[]`:
//! [`fix_sample_mask`] mends the text, element 0.

use naga::{Binding, BuiltIn, Module, TypeInner};

/// [`needs_desktop`] for barycentric coordinates (an explicit ES version is refused for them).
pub fn needs_desktop_barycentrics(module: &Module) -> Option<&'static str> {
    crate::back::common::reads_builtin(module, |b| matches!(b, BuiltIn::Barycentric { .. }))
        .then_some("gl_BaryCoordEXT (GL_EXT_fragment_shader_barycentric is desktop GLSL 4.50 only)")
}

/// Why `module` cannot be GLSL ES, if one of these is the reason.
pub fn needs_desktop(module: &Module) -> Option<&'static str> {
    if let Some(why) = needs_desktop_barycentrics(module) {
        return Some(why);
    }
    let sample_builtin = |b: &Option<Binding>| {
        matches!(
            b,
            Some(Binding::BuiltIn(BuiltIn::SampleIndex | BuiltIn::SampleMask))
        )
    };
    for ep in &module.entry_points {
        let inputs = ep.function.arguments.iter().any(|a| {
            sample_builtin(&a.binding)
                || matches!(&module.types[a.ty].inner, TypeInner::Struct { members, .. }
                    if members.iter().any(|m| sample_builtin(&m.binding)))
        });
        let outputs = ep.function.result.as_ref().is_some_and(|r| {
            sample_builtin(&r.binding)
                || matches!(&module.types[r.ty].inner, TypeInner::Struct { members, .. }
                    if members.iter().any(|m| sample_builtin(&m.binding)))
        });
        if inputs || outputs {
            return Some("gl_SampleID / gl_SampleMask, which GLSL ES 3.00/3.10 lack");
        }
        if matches!(
            ep.early_depth_test,
            Some(naga::EarlyDepthTest::Allow { .. })
        ) {
            return Some("a depth layout (depth_greater, ...), which GLSL ES lacks");
        }
    }
    None
}

/// Mend naga's scalar uses of the sample mask arrays in GLSL text (see the module docs).
pub fn fix_sample_mask(text: &mut String) {
    if !text.contains("gl_SampleMask") {
        return;
    }
    let mut out = String::with_capacity(text.len() + 32);
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        let indent = &body[..body.len() - body.trim_start().len()];
        let trimmed = body.trim_start();
        if let Some(value) = trimmed
            .strip_prefix("gl_SampleMask = ")
            .and_then(|v| v.strip_suffix(';'))
        {
            out.push_str(&format!("{indent}gl_SampleMask[0] = int({value});"));
        } else if let Some(declaration) = trimmed.strip_suffix(" = gl_SampleMaskIn;") {
            out.push_str(&format!(
                "{indent}{declaration} = uint(gl_SampleMaskIn[0]);"
            ));
        } else {
            out.push_str(body);
        }
        if line.ends_with('\n') {
            out.push('\n');
        }
    }
    *text = out;
}
