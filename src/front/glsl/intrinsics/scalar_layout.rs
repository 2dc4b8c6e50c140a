//! `layout(scalar)` (GL_EXT_scalar_block_layout): a located `E-UNSUPPORTED` at the
//! qualifier. Scalar layout aligns every member to its scalar (a `vec3` array has a stride
//! of 12, a `vec4` after a `float` sits at offset 4); naga's validator holds buffer members
//! to the std430/WGSL alignments, so the IR cannot carry those offsets. (Found here rather
//! than in the dialect layer's identifier table because `scalar` is an ordinary name
//! outside a layout.)

use super::pass::Pass;

pub(super) fn check(pass: &mut Pass) {
    let tokens = pass.tokens;
    for i in 0..tokens.len() {
        if !tokens[i].is_ident("layout") || !tokens.get(i + 1).is_some_and(|t| t.is_punct("(")) {
            continue;
        }
        let Some(close) = pass.close_of(i + 1) else {
            continue;
        };
        if let Some(q) = tokens[i + 2..close].iter().find(|t| t.is_ident("scalar")) {
            pass.unsupported(
                q.loc,
                "not supported by prism: scalar block layout (GL_EXT_scalar_block_layout: naga's IR holds buffer members to std430 alignment)".into(),
                "use std430 (pad vec3 to vec4)",
            );
        }
    }
}
