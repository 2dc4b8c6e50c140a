//! `modf(x, out i)`, which naga's GLSL reader lacks (its `Math::Modf` returns a struct the
//! reader has no GLSL for): a call of a generated overload `prism_modf` per float type,
//! `i = trunc(x); return x - i;`, which is GLSL's definition for every finite `x` (both
//! parts carry the sign of `x`). The stub stays; it is the implementation.
//!
//! In GLSL ES 1.00 `modf` is not a built-in, so a shader may define its own: a `modf` that
//! follows a type name (a declaration) leaves every use alone.

use super::pass::{gen, Pass};
use crate::front::glsl::preprocess::TokenKind;

const STUB: &str = "prism_modf";

pub(super) fn rewrite(pass: &mut Pass) {
    let tokens = pass.tokens;
    let declared = tokens.iter().enumerate().any(|(i, t)| {
        t.is_ident("modf")
            && i > 0
            && tokens[i - 1].kind == TokenKind::Ident
            && tokens[i - 1].text != "return"
    });
    if declared {
        return;
    }
    let calls: Vec<usize> = tokens
        .iter()
        .enumerate()
        .filter(|&(i, t)| t.is_ident("modf") && pass.is_call(i))
        .map(|(i, _)| i)
        .collect();
    for i in calls {
        pass.stub(STUB, || {
            ["float", "vec2", "vec3", "vec4"]
                .iter()
                .map(|ty| {
                    format!("{ty} {STUB} ( {ty} x , out {ty} i ) {{ i = trunc ( x ) ; return x - i ; }}")
                })
                .collect::<Vec<_>>()
                .join(" ")
        });
        pass.replace(i, i + 1, gen(STUB, tokens[i].loc));
    }
}

/// 1 when the module has the overloads (so that the caller compacts away the unused ones).
pub fn lower(module: &naga::Module) -> usize {
    let prefix = STUB;
    usize::from(
        module
            .functions
            .iter()
            .any(|(_, f)| f.name.as_deref().is_some_and(|n| n.starts_with(prefix))),
    )
}
