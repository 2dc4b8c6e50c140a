//! Fragment built-ins naga's IR has but its GLSL reader does not parse, step 1 (step 2 is
//! [`super::fragment_lower`]):
//!
//! | GLSL | step 1 | step 2 |
//! | --- | --- | --- |
//! | `gl_SampleMaskIn[i]` | private `int prism_gl_SampleMaskIn[1]` | filled first from a `SampleMask` argument |
//! | `gl_SampleMask[i] = m` | private `int prism_gl_SampleMask[1]`, all samples kept (`-1`) until written | a `SampleMask` member of the result, from the global |
//! | `layout(depth_greater) out float gl_FragDepth;` (`depth_less`, `depth_unchanged`, `depth_any`) | the redeclaration dropped, a marker stub `prism_depth_*` | the entry's `EarlyDepthTest::Allow { conservative }` |
//! | `gl_BaryCoordEXT`, `gl_BaryCoordNoPerspEXT` (and GL_NV_fragment_shader_barycentric's `…NV`) | private `vec3 prism_gl_BaryCoord[NoPersp]EXT` (naga's reader types them `uint`) | filled first from a `Barycentric` argument |
//!
//! naga's sample mask is one `u32`: the first 32 samples, all any device has.

use super::pass::{gen, Pass};
use crate::front::glsl::preprocess::TokenKind;
use crate::shader::Stage;

/// The sample mask variables: GLSL name, declaration of the global that stands for it.
pub const SAMPLE_MASKS: &[(&str, &str)] = &[
    ("gl_SampleMaskIn", "int prism_gl_SampleMaskIn [ 1 ] ;"),
    (
        "gl_SampleMask",
        "int prism_gl_SampleMask [ 1 ] = int [ 1 ] ( - 1 ) ;",
    ),
];

/// The global that stands for a sample mask variable.
pub fn mask_global(name: &str) -> String {
    format!("prism_{name}")
}

/// The barycentric built-ins: GLSL names, the name of the global that stands for each, and
/// whether it is perspective-correct.
pub const BARYCENTRICS: &[(&str, &str, bool)] = &[
    ("gl_BaryCoordEXT", "prism_gl_BaryCoordEXT", true),
    (
        "gl_BaryCoordNoPerspEXT",
        "prism_gl_BaryCoordNoPerspEXT",
        false,
    ),
    ("gl_BaryCoordNV", "prism_gl_BaryCoordEXT", true),
    (
        "gl_BaryCoordNoPerspNV",
        "prism_gl_BaryCoordNoPerspEXT",
        false,
    ),
];

/// The depth layout qualifiers, and the marker stub each leaves.
pub const DEPTH_LAYOUTS: &[&str] = &[
    "depth_greater",
    "depth_less",
    "depth_unchanged",
    "depth_any",
];

/// The marker stub of a depth layout qualifier.
pub fn depth_marker(qualifier: &str) -> String {
    format!("prism_{qualifier}")
}

/// Step 1 (see the module docs).
pub(super) fn rewrite(pass: &mut Pass, stage: Stage) {
    if stage != Stage::Fragment {
        return;
    }
    let mut declared = Vec::new();
    for i in 0..pass.tokens.len() {
        let t = &pass.tokens[i];
        if t.kind != TokenKind::Ident || (i > 0 && pass.tokens[i - 1].is_punct(".")) {
            continue;
        }
        let loc = t.loc;
        if let Some((name, declaration)) = SAMPLE_MASKS.iter().find(|(n, _)| t.text == *n) {
            let global = mask_global(name);
            pass.stub(&global, || declaration.to_string());
            pass.replace(i, i + 1, gen(&global, loc));
        } else if let Some((_, global, _)) = BARYCENTRICS.iter().find(|(n, ..)| t.text == *n) {
            if !declared.contains(global) {
                if !declared.is_empty() {
                    pass.unsupported(
                        loc,
                        "not supported by prism: `gl_BaryCoordEXT` and `gl_BaryCoordNoPerspEXT` in one shader (naga's IR allows one barycentric built-in per entry point)".to_string(),
                        "the second kind of barycentric coordinates",
                    );
                }
                declared.push(global);
                pass.stub(global, || format!("vec3 {global} ;"));
            }
            pass.replace(i, i + 1, gen(global, loc));
        } else if t.is_ident("layout") {
            depth_layout(pass, i);
        }
    }
}

/// `layout(depth_*) out float gl_FragDepth;` at `i`: dropped, with a marker for step 2.
fn depth_layout(pass: &mut Pass, i: usize) {
    let tokens = pass.tokens;
    if !tokens.get(i + 1).is_some_and(|t| t.is_punct("(")) {
        return;
    }
    let Some(close) = pass.close_of(i + 1) else {
        return;
    };
    let inside = &tokens[i + 2..close];
    let [qualifier] = inside else {
        return;
    };
    if !DEPTH_LAYOUTS.contains(&qualifier.text.as_str()) {
        return;
    }
    let Some(semicolon) = (close..tokens.len()).find(|&k| tokens[k].is_punct(";")) else {
        return;
    };
    if !tokens[close..semicolon]
        .iter()
        .any(|t| t.is_ident("gl_FragDepth"))
    {
        return;
    }
    let marker = depth_marker(&qualifier.text);
    pass.stub(&marker, || format!("void {marker} ( ) {{ }}"));
    pass.replace(i, semicolon + 1, Vec::new());
}
