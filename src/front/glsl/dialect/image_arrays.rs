//! Arrays of unsigned storage images with a format (`layout(binding = 0, r32ui) uniform
//! uimage2D imgs[4];`), which naga's GLSL reader refuses: its `add_global_var` takes the format and
//! the `readonly` / `writeonly` qualifiers only when the declared type is an image itself, so
//! for an array the format is left over ("Unexpected qualifier") and the access is refused
//! ("Memory qualifiers can only be used in storage variables").
//!
//! Two halves, one file:
//! - [`mark`] (dialect layer, on tokens): the format word (with its comma) and the access
//!   qualifiers leave the declaration, and a comment naga's lexer skips takes the format's
//!   place: `/*prism-image-array imgs r32ui readonly*/`. Without them naga reads the array
//!   with a placeholder format and read-write access, and prism's intrinsics pass makes it a
//!   binding array.
//! - [`apply`] (after the parse, before image atomics are lowered): each marked global's
//!   binding array gets its image type back with the user's format and access.
//!
//! Arrays of `image*` / `iimage*` are refused with `E-UNSUPPORTED`: naga's reader gives every
//! storage image the placeholder format `r8ui` before the qualifiers are applied, and its
//! built-in `imageLoad` / `imageStore` match a call only when the format's scalar kind
//! agrees, so a float or int element finds no overload ("Unknown function").
//!
//! Trap: the marker is the only channel from the tokens to the module, so it lives in the
//! text naga reads; it carries a name naga also knows (the global's).

use naga::{ImageClass, Module, StorageAccess, StorageFormat, Type, TypeInner};

use super::tokens::gen;
use crate::diagnostic::{error_at, Diagnostic};
use crate::front::glsl::preprocess::{Token, TokenKind};

const MARKER: &str = "/*prism-image-array";

fn is_image_type(word: &str) -> bool {
    let rest = word
        .strip_prefix("iimage")
        .or_else(|| word.strip_prefix("uimage"))
        .or_else(|| word.strip_prefix("image"));
    rest.is_some_and(|dim| {
        matches!(
            dim,
            "1D" | "2D"
                | "3D"
                | "Cube"
                | "1DArray"
                | "2DArray"
                | "CubeArray"
                | "2DMS"
                | "2DMSArray"
        )
    })
}

/// Mark each array of `uimage*` whose layout names a format (see the module docs); an array
/// of float or int storage images is refused.
pub(super) fn mark(tokens: &mut Vec<Token>) -> Result<(), Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut i = 0;
    let mut depth = 0usize;
    while i < tokens.len() {
        let t = &tokens[i];
        if t.is_punct("{") {
            depth += 1;
        } else if t.is_punct("}") {
            depth = depth.saturating_sub(1);
        }
        if depth > 0 || !t.is_ident("layout") {
            i += 1;
            continue;
        }
        // The declaration: `layout ( ... ) qualifiers uniform TYPE NAME [`.
        let Some(end) =
            (i..tokens.len()).find(|&j| tokens[j].is_punct(";") || tokens[j].is_punct("{"))
        else {
            break;
        };
        let declaration = &tokens[i..end];
        let image = declaration
            .iter()
            .position(|d| d.kind == TokenKind::Ident && is_image_type(&d.text));
        let Some(image) = image else {
            i = end;
            continue;
        };
        let arrayed = declaration.get(image + 2).is_some_and(|d| d.is_punct("["))
            && declaration
                .get(image + 1)
                .is_some_and(|d| d.kind == TokenKind::Ident);
        let close = declaration.iter().position(|d| d.is_punct(")"));
        let format =
            close.and_then(|close| (0..close).find(|&k| format(&declaration[k].text).is_some()));
        let (true, Some(format_at)) = (arrayed, format) else {
            i = end;
            continue;
        };
        if !declaration[image].text.starts_with("uimage") {
            errors.push(error_at(
                "E-UNSUPPORTED",
                format!(
                    "not supported by prism: an array of `{}` storage images (naga's GLSL reader gives each element a placeholder `r8ui` format, and then has no `imageLoad` / `imageStore` for a float or int image of that format; arrays of `uimage*` work)",
                    declaration[image].text
                ),
                declaration[image].loc,
                "array of float or int storage images",
            ));
            i = end;
            continue;
        }
        let name = declaration[image + 1].text.clone();
        let format_word = declaration[format_at].text.clone();
        let mut access: Vec<String> = Vec::new();
        for d in &declaration[..image] {
            if d.is_ident("readonly") || d.is_ident("writeonly") {
                access.push(d.text.clone());
            }
        }
        let loc = declaration[format_at].loc;
        // Drop the access qualifiers (from the end, so indices hold), then the format with a
        // comma beside it, and put the marker where the format was.
        let mut remove: Vec<usize> = (i..i + image)
            .filter(|&k| tokens[k].is_ident("readonly") || tokens[k].is_ident("writeonly"))
            .collect();
        let at = i + format_at;
        let comma = if tokens[at + 1].is_punct(",") {
            at + 1
        } else if tokens[at - 1].is_punct(",") {
            at - 1
        } else {
            at
        };
        remove.push(at);
        remove.push(comma);
        remove.sort_unstable();
        remove.dedup();
        let first = remove[0];
        for &k in remove.iter().rev() {
            tokens.remove(k);
        }
        let mut marker = gen("x", loc);
        marker[0].kind = TokenKind::Punct;
        marker[0].text = format!("{MARKER} {name} {format_word} {}*/", access.join(" "));
        let insert_at = first.min(tokens.len());
        tokens.splice(insert_at..insert_at, marker);
        i = end + 1 - remove.len();
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// naga's storage format for a GLSL layout word.
fn format(word: &str) -> Option<StorageFormat> {
    use StorageFormat as Sf;
    Some(match word {
        "rgba32f" => Sf::Rgba32Float,
        "rgba16f" => Sf::Rgba16Float,
        "rg32f" => Sf::Rg32Float,
        "rg16f" => Sf::Rg16Float,
        "r11f_g11f_b10f" => Sf::Rg11b10Ufloat,
        "r32f" => Sf::R32Float,
        "r16f" => Sf::R16Float,
        "rgba16" => Sf::Rgba16Unorm,
        "rgb10_a2ui" => Sf::Rgb10a2Uint,
        "rgb10_a2" => Sf::Rgb10a2Unorm,
        "rgba8" => Sf::Rgba8Unorm,
        "rg16" => Sf::Rg16Unorm,
        "rg8" => Sf::Rg8Unorm,
        "r16" => Sf::R16Unorm,
        "r8" => Sf::R8Unorm,
        "rgba16_snorm" => Sf::Rgba16Snorm,
        "rgba8_snorm" => Sf::Rgba8Snorm,
        "rg16_snorm" => Sf::Rg16Snorm,
        "rg8_snorm" => Sf::Rg8Snorm,
        "r16_snorm" => Sf::R16Snorm,
        "r8_snorm" => Sf::R8Snorm,
        "rgba32i" => Sf::Rgba32Sint,
        "rgba16i" => Sf::Rgba16Sint,
        "rgba8i" => Sf::Rgba8Sint,
        "rg32i" => Sf::Rg32Sint,
        "rg16i" => Sf::Rg16Sint,
        "rg8i" => Sf::Rg8Sint,
        "r32i" => Sf::R32Sint,
        "r16i" => Sf::R16Sint,
        "r8i" => Sf::R8Sint,
        "rgba32ui" => Sf::Rgba32Uint,
        "rgba16ui" => Sf::Rgba16Uint,
        "rgba8ui" => Sf::Rgba8Uint,
        "rg32ui" => Sf::Rg32Uint,
        "rg16ui" => Sf::Rg16Uint,
        "rg8ui" => Sf::Rg8Uint,
        "r32ui" => Sf::R32Uint,
        "r16ui" => Sf::R16Uint,
        "r8ui" => Sf::R8Uint,
        _ => return None,
    })
}

/// Give each marked global (in `text`, the upgraded GLSL) its format and access back;
/// returns how many.
pub fn apply(module: &mut Module, text: &str) -> usize {
    let mut changed = 0;
    for mut words in super::tokens::marker_words(text, MARKER) {
        let (Some(name), Some(Some(fmt))) = (words.next(), words.next().map(format)) else {
            continue;
        };
        let access = match words.collect::<Vec<_>>()[..] {
            ["readonly"] => StorageAccess::LOAD,
            ["writeonly"] => StorageAccess::STORE,
            _ => StorageAccess::LOAD | StorageAccess::STORE,
        };
        let global = module
            .global_variables
            .iter()
            .find(|(_, g)| g.name.as_deref() == Some(name))
            .map(|(h, g)| (h, g.ty));
        let Some((global, ty)) = global else {
            continue;
        };
        let (base, size) = match module.types[ty].inner {
            TypeInner::BindingArray { base, size } => (base, size),
            _ => continue,
        };
        let TypeInner::Image {
            dim,
            arrayed,
            class: ImageClass::Storage { .. },
        } = module.types[base].inner
        else {
            continue;
        };
        let image = module.types.insert(
            Type {
                name: None,
                inner: TypeInner::Image {
                    dim,
                    arrayed,
                    class: ImageClass::Storage {
                        format: fmt,
                        access,
                    },
                },
            },
            module.types.get_span(base),
        );
        let array = module.types.insert(
            Type {
                name: module.types[ty].name.clone(),
                inner: TypeInner::BindingArray { base: image, size },
            },
            module.types.get_span(ty),
        );
        module.global_variables[global].ty = array;
        changed += 1;
    }
    if changed > 0 {
        // The placeholder types are left unused.
        naga::compact::compact(module, naga::compact::KeepUnused::No);
    }
    changed
}
