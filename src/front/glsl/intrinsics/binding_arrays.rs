//! Arrays of combined samplers indexed at run time (`uniform sampler2D tex[N]` or `tex[]`,
//! read as `tex[nonuniformEXT(i)]`): bindless texturing.
//!
//! The dialect layer splits a combined sampler array indexed only by literals into one
//! texture and sampler per element. One indexed by anything else becomes here a texture
//! array that keeps the user's name, set and binding, and one sampler `<name>_sampler`
//! shared by every element (the binding pass gives it a binding, as for any split
//! sampler); each use `tex[e]` becomes `sampler2D(tex[e], tex_sampler)`. Step 2 retypes the
//! texture array as a naga binding array.

use super::pass::{gen, Pass};
use crate::front::glsl::preprocess::{Token, TokenKind};

/// The texture type and the sampler type of a combined sampler type.
fn split(combined: &str) -> Option<(String, &'static str)> {
    let (prefix, rest) = match combined.as_bytes().first() {
        Some(b'i' | b'u') => (&combined[..1], &combined[1..]),
        _ => ("", combined),
    };
    let shape = rest.strip_prefix("sampler")?;
    let (shape, shadow) = match shape.strip_suffix("Shadow") {
        Some(base) => (base, true),
        None => (shape, false),
    };
    let known = ["1D", "2D", "3D", "Cube", "1DArray", "2DArray", "CubeArray"];
    // naga's reader does not take `sampler2DShadow(tex[i], s)`: shadow arrays stay with the
    // dialect layer's per-element split.
    if !known.contains(&shape) || shadow {
        return None;
    }
    let sampler = if shadow { "samplerShadow" } else { "sampler" };
    Some((format!("{prefix}texture{shape}"), sampler))
}

pub(super) fn rewrite(pass: &mut Pass) {
    let tokens = pass.tokens;
    for i in 1..tokens.len().saturating_sub(2) {
        let (ty, name) = (&tokens[i], &tokens[i + 1]);
        if !tokens[i - 1].is_ident("uniform")
            || ty.kind != TokenKind::Ident
            || name.kind != TokenKind::Ident
            || !tokens[i + 2].is_punct("[")
        {
            continue;
        }
        let Some((texture, sampler)) = split(&ty.text) else {
            continue;
        };
        let uses = uses_of(tokens, &name.text, i + 2);
        let runtime = uses
            .iter()
            .any(|&(open, close)| !(close == open + 2 && tokens[open + 1].kind == TokenKind::Int));
        let no_size = tokens.get(i + 3).is_some_and(|t| t.is_punct("]"));
        if !runtime && !no_size {
            continue; // the dialect layer's per-element split handles it
        }
        let Some(end) = (i..tokens.len()).find(|&j| tokens[j].is_punct(";")) else {
            continue;
        };
        let sampler_name = format!("{}_sampler", name.text);
        pass.replace(i, i + 1, gen(&texture, ty.loc));
        pass.replace(
            end + 1,
            end + 1,
            gen(
                &format!("uniform {sampler} {sampler_name} ;"),
                tokens[end].loc,
            ),
        );
        for (open, close) in uses {
            let at = open - 1;
            let loc = tokens[at].loc;
            // Two insertions, so that edits inside the index (`nonuniformEXT`) still apply.
            pass.replace(at, at, gen(&format!("{} (", ty.text), loc));
            let after = gen(&format!(", {sampler_name} )"), tokens[close].loc);
            pass.replace(close + 1, close + 1, after);
        }
    }
}

/// Every `name [ ... ]` after the declaration: the positions of `[` and its `]`.
fn uses_of(tokens: &[Token], name: &str, after: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = after;
    while i + 1 < tokens.len() {
        if tokens[i].is_ident(name)
            && tokens[i + 1].is_punct("[")
            && !(i > 0 && tokens[i - 1].is_punct("."))
        {
            let mut depth = 0usize;
            for (j, t) in tokens.iter().enumerate().skip(i + 1) {
                if t.is_punct("[") || t.is_punct("(") {
                    depth += 1;
                } else if t.is_punct("]") || t.is_punct(")") {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        out.push((i + 1, j));
                        i = j;
                        break;
                    }
                }
            }
        }
        i += 1;
    }
    out
}
