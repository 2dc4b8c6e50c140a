//! `texture`, `textureLod`, `textureOffset` and `textureLodOffset` of an integer texture
//! (`isampler2D`, `usampler3D`, `isampler2DArray`, ...): GLSL allows them (the sampler must
//! filter with `NEAREST`, or the texture is incomplete), naga's IR does not (its
//! `ImageSample` takes float textures only; WGSL and HLSL have no such sample either).
//!
//! Each becomes a call of a generated overload that fetches the texel the coordinate falls
//! in: `texelFetch(s, clamp(ivec(floor(P * size)) + offset, 0, size - 1), level)`, the layer
//! of an array texture rounded and clamped as GLSL rounds it, the level 0 for `texture` and
//! the nearest level for `textureLod`. That is exactly what a `NEAREST`, `CLAMP_TO_EDGE`
//! sampler reads (three.js's default for data textures); a `REPEAT` or `MIRRORED_REPEAT`
//! sampler reads another texel outside [0, 1], and `texture` of a mipmapped integer texture
//! may pick another level. A warning at each call says so, and that the counts include the
//! coordinate arithmetic a hardware sample does not have. Other forms (`textureProj`,
//! `textureGrad`, cube maps) keep the located refusal of `integer_sampling`.

use super::pass::{gen, Pass};
use super::sampler_scopes::SamplerScopes;
use crate::front::glsl::preprocess::TokenKind;

const STUB: &str = "prism_texel";

/// The coordinate shape of an integer sampler type: (float coordinate, int coordinate,
/// `textureSize` result, whether the last coordinate is an array layer).
fn shape(ty: &str) -> Option<(&'static str, &'static str, bool)> {
    let base = ty.strip_prefix('i').or_else(|| ty.strip_prefix('u'))?;
    Some(match base {
        "sampler2D" => ("vec2", "ivec2", false),
        "sampler3D" => ("vec3", "ivec3", false),
        "sampler2DArray" => ("vec3", "ivec3", true),
        _ => return None,
    })
}

/// The overloads of `STUB` for one integer sampler type.
fn overloads(ty: &str) -> Option<String> {
    let (coord, icoord, layered) = shape(ty)?;
    let texel = if ty.starts_with('u') {
        "uvec4"
    } else {
        "ivec4"
    };
    // The texel index of `p` at level `l`, with `o` added before the clamp.
    let index = if layered {
        "ivec3 n = textureSize ( s , l ) ; \
         ivec2 t = clamp ( ivec2 ( floor ( p . xy * vec2 ( n . xy ) ) ) + o , ivec2 ( 0 ) , n . xy - 1 ) ; \
         int layer = clamp ( int ( floor ( p . z + 0.5 ) ) , 0 , n . z - 1 ) ; \
         return texelFetch ( s , ivec3 ( t , layer ) , l ) ;"
            .to_string()
    } else {
        format!(
            "{icoord} n = textureSize ( s , l ) ; \
             return texelFetch ( s , clamp ( {icoord} ( floor ( p * {coord} ( n ) ) ) + o , {icoord} ( 0 ) , n - 1 ) , l ) ;"
        )
    };
    let offset = if layered { "ivec2" } else { icoord };
    Some(format!(
        "{texel} {STUB} ( highp {ty} s , {coord} p , int l , {offset} o ) {{ {index} }} \
         {texel} {STUB} ( highp {ty} s , {coord} p , float lod , {offset} o ) {{ \
         return {STUB} ( s , p , max ( int ( floor ( lod + 0.5 ) ) , 0 ) , o ) ; }}"
    ))
}

pub(super) fn rewrite(pass: &mut Pass) {
    let tokens = pass.tokens;
    let mut scopes = None;
    for i in 0..tokens.len() {
        let t = &tokens[i];
        let (lod, offset) = match t.text.as_str() {
            "texture" => (false, false),
            "textureLod" => (true, false),
            "textureOffset" => (false, true),
            "textureLodOffset" => (true, true),
            _ => continue,
        };
        if t.kind != TokenKind::Ident || !pass.is_call(i) {
            continue;
        }
        let open = i + 1;
        let Some(close) = pass.close_of(open) else {
            continue;
        };
        let commas = pass.commas(open, close);
        // The sampler must be a bare name, the first argument.
        let Some(&first_comma) = commas.first() else {
            continue;
        };
        let name = &tokens[open + 1];
        if first_comma != open + 2 || name.kind != TokenKind::Ident {
            continue;
        }
        let scopes = scopes.get_or_insert_with(|| SamplerScopes::of(tokens));
        let Some(ty) = scopes.type_at(&name.text, i).map(str::to_string) else {
            continue;
        };
        let Some(source) = overloads(&ty) else {
            continue;
        };
        let (_, icoord, layered) = shape(&ty).unwrap_or(("", "", false));
        let zero_offset = format!("{} ( 0 )", if layered { "ivec2" } else { icoord });
        // Arguments after the coordinate: `texture(s, P)`, `textureLod(s, P, lod)`,
        // `textureOffset(s, P, off)`, `textureLodOffset(s, P, lod, off)`. A bias argument is
        // left to the refusal: it would change the level a mipmapped texture reads.
        let expected = 2 + usize::from(lod) + usize::from(offset);
        if commas.len() + 1 != expected {
            continue;
        }
        pass.stub(&format!("{STUB}_{ty}"), || source);
        let loc = t.loc;
        // Only the name is replaced and words inserted, so that other rewrites of the
        // arguments (which must not overlap an edit) still apply.
        pass.replace(i, i + 1, gen(STUB, loc));
        match (lod, offset) {
            (false, false) => pass.replace(close, close, gen(&format!(", 0 , {zero_offset}"), loc)),
            (true, false) => pass.replace(close, close, gen(&format!(", {zero_offset}"), loc)),
            (false, true) => pass.replace(commas[1] + 1, commas[1] + 1, gen("0 ,", loc)),
            (true, true) => {}
        }
        pass.warnings.push(crate::diagnostic::warning_at(
            "W-DIALECT",
            format!(
                "`{}` of an integer texture (`{ty}`) reads the texel the coordinate falls in, clamped to the edge, at {}; a REPEAT or MIRRORED_REPEAT sampler reads another texel outside [0, 1]",
                t.text,
                if lod {
                    "the level nearest the lod: what a CLAMP_TO_EDGE, NEAREST_MIPMAP_NEAREST sampler reads"
                } else {
                    "level 0: what a CLAMP_TO_EDGE, NEAREST sampler reads"
                }
            ),
            loc,
            "naga's IR has no sample of an integer texture: prism fetches the texel, and the counts include that coordinate arithmetic",
        ));
    }
}

/// 1 when the module has the overloads (so that the caller compacts away the unused ones).
pub fn lower(module: &naga::Module) -> usize {
    usize::from(
        module
            .functions
            .iter()
            .any(|(_, f)| f.name.as_deref().is_some_and(|n| n.starts_with(STUB))),
    )
}
