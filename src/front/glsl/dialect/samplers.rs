//! Combined image-samplers (`sampler2D`), which naga's GLSL front end cannot read.
//!
//! naga models textures and samplers as separate resources, as WGSL, HLSL and Vulkan do; its
//! GLSL reader accepts `texture2D t; sampler s;` combined at the use site as
//! `sampler2D(t, s)`. So every combined declaration is split into a texture that keeps the
//! user's name and a sampler named `<name>_sampler`, and every use of the name becomes the
//! constructor, except where it is passed whole to a user function whose parameter was split
//! the same way: there it becomes the two arguments.
//!
//! Combined samplers are found over the whole shader first ([`CombinedSamplers::find`]):
//! a function's prototype may come before the call sites it changes. An array of combined
//! samplers with a literal size, or one of a `const int` (up to [`MAX_SAMPLER_ARRAY`]),
//! becomes one texture and sampler per element, and its uses must index it with literals:
//! `sampler_index` has already turned each call taking `maps[i]` (a loop index or a
//! constant expression) into a selection among calls taking `maps[0]`, `maps[1]`, ...
//!
//! Trap: a parameter or local that shadows a global combined sampler is left alone in that
//! function.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::bindings::BindingKind;
use super::items::{self, Item, Qualifiers};
use super::rewrite::Rewrite;
use super::tokens::{gen, renamed, Edit, Names};
use crate::diagnostic::{error_at, Diagnostic};
use crate::front::glsl::preprocess::{Token, TokenKind};

/// The texture type, sampler type and constructor for a combined sampler type name.
pub fn split_type(combined: &str) -> Option<(String, &'static str)> {
    let (prefix, rest) = match combined.as_bytes().first() {
        Some(b'i') | Some(b'u') => (&combined[..1], &combined[1..]),
        _ => ("", combined),
    };
    let shape = rest.strip_prefix("sampler")?;
    let (shape, shadow) = match shape.strip_suffix("Shadow") {
        Some(base) => (base, true),
        None => (shape, false),
    };
    let known = [
        "1D",
        "2D",
        "3D",
        "Cube",
        "1DArray",
        "2DArray",
        "CubeArray",
        "2DMS",
        "2DMSArray",
    ];
    if !known.contains(&shape) || (shadow && !prefix.is_empty()) {
        return None;
    }
    if shadow && (shape == "3D" || shape.contains("MS")) {
        return None;
    }
    let sampler = if shadow { "samplerShadow" } else { "sampler" };
    Some((format!("{prefix}texture{shape}"), sampler))
}

/// `const int NAME = LITERAL;`: the constants a sampler array's size may name
/// (`uniform sampler2DShadow cascades[CASCADES];`).
pub(super) fn constant_ints(tokens: &[Token]) -> HashMap<String, u32> {
    let mut out = HashMap::new();
    for w in tokens.windows(6) {
        if w[0].is_ident("const")
            && (w[1].is_ident("int") || w[1].is_ident("uint"))
            && w[2].kind == TokenKind::Ident
            && w[3].is_punct("=")
            && w[4].kind == TokenKind::Int
            && w[5].is_punct(";")
        {
            if let Some(n) = items::parse_int(&w[4].text) {
                out.insert(w[2].text.clone(), n);
            }
        }
    }
    out
}

/// The size of an array declared `[text]`: a literal or a constant of [`constant_ints`].
pub(super) fn array_size(text: &str, constants: &HashMap<String, u32>) -> Option<u32> {
    items::parse_int(text).or_else(|| constants.get(text.trim()).copied())
}

/// The largest array of combined samplers prism expands into separate textures.
pub(super) const MAX_SAMPLER_ARRAY: u32 = 32;

/// A global combined sampler: its type, its sampler's name, and its element count when it
/// is an array prism expands.
struct SamplerGlobal {
    combined: String,
    sampler: String,
    expanded: Option<u32>,
}

/// What the whole shader says about combined samplers, needed before any function body is
/// rewritten (a prototype may come first).
#[derive(Default)]
pub(super) struct CombinedSamplers {
    /// Global combined samplers by name.
    globals: HashMap<String, SamplerGlobal>,
    /// Functions with a combined-sampler parameter, which take texture and sampler apart.
    split_functions: HashSet<String>,
}

impl CombinedSamplers {
    /// The global combined samplers, and the functions with a combined-sampler parameter.
    pub fn find(tokens: &[Token], items: &[Item], quals: &[Qualifiers], names: &Names) -> Self {
        let mut samplers = CombinedSamplers::default();
        let sizes = constant_ints(tokens);
        for (item, q) in items.iter().zip(quals) {
            if let Some(params) = items::param_range(tokens, item) {
                if params_have_combined(tokens, params) {
                    if let Some(name) = items::function_name(tokens, item) {
                        samplers.split_functions.insert(name);
                    }
                }
            } else if q.has("uniform") {
                if let Some(ty) = tokens.get(q.type_start) {
                    if split_type(&ty.text).is_some() {
                        for (name, array) in
                            items::declarators(tokens, q.type_start + 1, item.range.end)
                        {
                            let sampler = names.fresh(&format!("{name}_sampler"));
                            let expanded = array
                                .as_deref()
                                .and_then(|a| array_size(a, &sizes))
                                .filter(|n| (1..=MAX_SAMPLER_ARRAY).contains(n));
                            samplers.globals.insert(
                                name,
                                SamplerGlobal {
                                    combined: ty.text.clone(),
                                    sampler,
                                    expanded,
                                },
                            );
                        }
                    }
                }
            }
        }
        samplers
    }

    /// A combined-sampler declaration: a texture and a sampler for each declared name (one
    /// pair per element for an expanded array), numbered.
    pub fn split_declaration(
        &self,
        rewrite: &mut Rewrite,
        q: &Qualifiers,
        range: Range<usize>,
        (texture_ty, sampler_ty): (&str, &str),
    ) {
        let user = rewrite.user_binding(q);
        let mut insert = Vec::new();
        for (name, array) in items::declarators(rewrite.tokens, q.type_start + 1, range.end) {
            let loc = rewrite.loc(range.start);
            let global = self.globals.get(&name);
            let sampler = global
                .map(|g| g.sampler.clone())
                .unwrap_or_else(|| format!("{name}_sampler"));
            // (texture, sampler, array suffix) per declared pair. An array of combined
            // samplers with a literal size becomes one pair per element: naga has no arrays
            // of textures outside binding arrays.
            let pairs: Vec<(String, String, String)> = match global.and_then(|g| g.expanded) {
                Some(n) => (0..n)
                    .map(|k| {
                        (
                            format!("{name}_{k}"),
                            format!("{sampler}_{k}"),
                            String::new(),
                        )
                    })
                    .collect(),
                None => {
                    let array = array.map(|a| format!(" [ {a} ]")).unwrap_or_default();
                    vec![(name.clone(), sampler, array)]
                }
            };
            for (k, (texture, sampler, array)) in pairs.into_iter().enumerate() {
                // The user's binding, if any, goes to the first texture only.
                let texture_user = if k == 0 { user } else { (user.0, None) };
                let (set, binding) =
                    rewrite
                        .plan
                        .resource(BindingKind::Texture, &texture, texture_user, loc);
                let (sset, sbinding) =
                    rewrite
                        .plan
                        .split_sampler(&sampler, set, user.1.is_some(), loc);
                insert.extend(gen(&format!("layout ( set = {set} , binding = {binding} ) uniform {texture_ty} {texture}{array} ;"), loc));
                insert.extend(gen(&format!("layout ( set = {sset} , binding = {sbinding} ) uniform {sampler_ty} {sampler}{array} ;"), loc));
            }
        }
        rewrite.edits.push(Edit::replace(range, insert));
    }

    /// Uses of combined samplers inside a function body.
    pub fn rewrite_uses(
        &self,
        tokens: &[Token],
        params: Range<usize>,
        body: Range<usize>,
        shadowed: &HashSet<String>,
    ) -> (Vec<Edit>, Vec<Diagnostic>) {
        let mut edits = Vec::new();
        let mut errors = Vec::new();
        // name -> (combined type, sampler name, elements when the array was expanded)
        let mut active: HashMap<String, (String, String, Option<u32>)> = self
            .globals
            .iter()
            .map(|(name, g)| {
                (
                    name.clone(),
                    (g.combined.clone(), g.sampler.clone(), g.expanded),
                )
            })
            .collect();
        for name in shadowed {
            active.remove(name);
        }
        for i in params.clone() {
            let t = &tokens[i];
            if t.kind == TokenKind::Ident && split_type(&t.text).is_some() {
                if let Some(name) = tokens.get(i + 1).filter(|_| i + 1 < params.end) {
                    active.insert(
                        name.text.clone(),
                        (t.text.clone(), format!("{}_sampler", name.text), None),
                    );
                }
            }
        }
        if active.is_empty() {
            return (edits, errors);
        }
        // Stack of callee names for open parentheses.
        let mut callees: Vec<Option<String>> = Vec::new();
        let mut i = body.start;
        while i < body.end {
            let t = &tokens[i];
            if t.is_punct("(") {
                let callee = i
                    .checked_sub(1)
                    .map(|p| &tokens[p])
                    .filter(|p| p.kind == TokenKind::Ident)
                    .map(|p| p.text.clone());
                callees.push(callee);
            } else if t.is_punct(")") {
                callees.pop();
            } else if t.kind == TokenKind::Ident && !(i > 0 && tokens[i - 1].is_punct(".")) {
                if let Some((ty, sampler, expanded)) = active.get(&t.text) {
                    // The operand: `t`, or `t[index]`.
                    let close = tokens
                        .get(i + 1)
                        .filter(|n| n.is_punct("["))
                        .and_then(|_| items::matching_close(tokens, i + 1, body.end));
                    let end = close.map_or(i + 1, |c| c + 1);
                    let (texture, sampler_part) =
                        match split_operand(tokens, i, close, sampler, *expanded) {
                            Ok(parts) => parts,
                            Err(error) => {
                                errors.push(error);
                                i = end;
                                continue;
                            }
                        };
                    let prev_sep =
                        i > 0 && (tokens[i - 1].is_punct("(") || tokens[i - 1].is_punct(","));
                    let next_sep = tokens
                        .get(end)
                        .is_some_and(|n| n.is_punct(",") || n.is_punct(")"));
                    let in_split_call = callees
                        .last()
                        .cloned()
                        .flatten()
                        .is_some_and(|c| self.split_functions.contains(&c));
                    let mut insert = Vec::new();
                    if prev_sep && next_sep && in_split_call {
                        insert.extend(texture);
                        insert.extend(gen(",", t.loc));
                        insert.extend(sampler_part);
                    } else {
                        insert.push(renamed(t, ty));
                        insert.extend(gen("(", t.loc));
                        insert.extend(texture);
                        insert.extend(gen(",", t.loc));
                        insert.extend(sampler_part);
                        insert.extend(gen(")", t.loc));
                    }
                    edits.push(Edit::replace(i..end, insert));
                    i = end;
                    continue;
                }
            }
            i += 1;
        }
        (edits, errors)
    }
}

/// The texture and sampler tokens of a use of a combined sampler: `t` at `at`, or `t[index]`
/// closed at `close`. An expanded array (`expanded` elements) takes only a literal index.
fn split_operand(
    tokens: &[Token],
    at: usize,
    close: Option<usize>,
    sampler: &str,
    expanded: Option<u32>,
) -> Result<(Vec<Token>, Vec<Token>), Diagnostic> {
    let t = &tokens[at];
    Ok(match (close, expanded) {
        (None, _) => (vec![t.clone()], gen(sampler, t.loc)),
        (Some(c), Some(n)) => {
            let index = &tokens[at + 2..c];
            match index {
                [k] if k.kind == TokenKind::Int
                    && items::parse_int(&k.text).is_some_and(|k| k < n) =>
                {
                    let k = items::parse_int(&k.text).unwrap_or(0);
                    (
                        vec![renamed(t, &format!("{}_{k}", t.text))],
                        gen(&format!("{sampler}_{k}"), t.loc),
                    )
                }
                _ => {
                    return Err(error_at(
                        "E-DIALECT",
                        format!(
                            "`{}` indexed by something other than a constant 0-{}",
                            t.text,
                            n - 1
                        ),
                        t.loc.join(tokens[c].loc),
                        "prism splits sampler arrays into one texture per element; index them with literals",
                    ))
                }
            }
        }
        (Some(c), None) => {
            let index: Vec<Token> = tokens[at + 2..c].to_vec();
            let mut texture = vec![t.clone()];
            texture.extend(gen("[", t.loc));
            texture.extend(index.iter().cloned());
            texture.extend(gen("]", t.loc));
            let mut sampler_part = gen(&format!("{sampler} ["), t.loc);
            sampler_part.extend(index);
            sampler_part.extend(gen("]", t.loc));
            (texture, sampler_part)
        }
    })
}

fn params_have_combined(tokens: &[Token], params: Range<usize>) -> bool {
    tokens[params]
        .iter()
        .any(|t| t.kind == TokenKind::Ident && split_type(&t.text).is_some())
}

/// Combined-sampler parameters of a function or prototype: `sampler2D s` becomes
/// `texture2D s, sampler s_sampler`.
pub(super) fn split_params(tokens: &[Token], params: Range<usize>) -> Vec<Edit> {
    let mut edits = Vec::new();
    for i in params.clone() {
        let t = &tokens[i];
        if t.kind != TokenKind::Ident {
            continue;
        }
        let Some((texture_ty, sampler_ty)) = split_type(&t.text) else {
            continue;
        };
        let Some(name) = tokens
            .get(i + 1)
            .filter(|n| n.kind == TokenKind::Ident && i + 1 < params.end)
        else {
            // A prototype's unnamed parameter: `vec4 blur(sampler2D, vec2);`.
            let mut insert = vec![renamed(t, &texture_ty)];
            insert.extend(gen(&format!(", {sampler_ty}"), t.loc));
            edits.push(Edit::replace(i..i + 1, insert));
            continue;
        };
        let sampler = format!("{}_sampler", name.text);
        let mut insert = vec![renamed(t, &texture_ty), name.clone()];
        insert.extend(gen(&format!(", {sampler_ty} {sampler}"), name.loc));
        edits.push(Edit::replace(i..i + 2, insert));
    }
    edits
}

#[cfg(test)]
mod tests {
    use super::split_type;

    #[test]
    fn splits_the_common_types() {
        assert_eq!(
            split_type("sampler2D"),
            Some(("texture2D".to_string(), "sampler"))
        );
        assert_eq!(
            split_type("usampler2DArray"),
            Some(("utexture2DArray".to_string(), "sampler"))
        );
        assert_eq!(
            split_type("sampler2DShadow"),
            Some(("texture2D".to_string(), "samplerShadow"))
        );
        assert_eq!(
            split_type("samplerCube"),
            Some(("textureCube".to_string(), "sampler"))
        );
        assert_eq!(split_type("sampler"), None);
        assert_eq!(split_type("samplerExternalOES"), None);
        assert_eq!(split_type("isampler2DShadow"), None);
        assert_eq!(split_type("texture2D"), None);
    }
}
