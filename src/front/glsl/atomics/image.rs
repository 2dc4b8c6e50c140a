//! Image atomics: `imageAtomicAdd`, `imageAtomicMin`, `imageAtomicMax`, `imageAtomicAnd`,
//! `imageAtomicOr`, `imageAtomicXor`, lowered to `Statement::ImageAtomic`.
//!
//! naga's GLSL reader knows none of them, and a generated stub cannot take the image as a
//! parameter: naga types an image parameter with a fixed storage format (no layout qualifier
//! there) and matches user functions' images by exact format. So [`rewrite`] (on the
//! preprocessed tokens, before the dialect layer) carries the image and the coordinate in an
//! `imageLoad`:
//!
//! `imageAtomicAdd(img, p, v);` → `prism_imageAtomicAdd(imageLoad(img, p), v);`
//!
//! with stubs `uint prism_imageAtomicAdd(uvec4 texel, uint data)` (and `int`/`ivec4`,
//! `float`/`vec4` overloads). After parsing, [`lower_call`] takes the image, coordinate and
//! array index from that `ImageLoad` (naga has already split an array layer off the
//! coordinate) and replaces the call by `Statement::ImageAtomic`; the load, then unused, goes
//! with `compact`. [`retype`] gives the image atomic access.
//!
//! An image atomic on a function parameter is an `E-ATOMIC` error at the image: GLSL gives a
//! parameter no format (no `layout` on parameters), so the call is invalid (glslang: "only
//! supported on image with format r32i or r32ui"), and naga's `ImageAtomic` takes only a
//! global image anyway.
//!
//! What naga's IR cannot express is an `E-UNSUPPORTED` error at the call:
//! - the value an image atomic returns (`ImageAtomic` is a statement with no result): only
//!   calls that are whole statements are lowered;
//! - images other than `r32ui` / `r32i` (naga: 64-bit images need capabilities GLSL cannot
//!   declare, float images have no atomics), multisampled images (no sample operand);
//! - `imageAtomicExchange` and `imageAtomicCompSwap` (naga has no image exchange): refused
//!   with the other unsupported features, in the dialect layer.

use naga::{
    AtomicFunction, Expression, Function, GlobalVariable, Handle, ImageClass, Module, Span,
    Statement, StorageAccess, StorageFormat, Type, TypeInner,
};

use super::unlowered::Unlowered;
use crate::diagnostic::{error_at, Diagnostic};
use std::collections::HashSet;

use crate::front::glsl::dialect::items::{
    local_names, matching_close, split_items, top_level_commas, user_function_names, ItemKind,
};
use crate::front::glsl::dialect::tokens::{apply, gen, Edit};
use crate::front::glsl::preprocess::{Token, TokenKind};

/// The GLSL image atomics naga can express, their stubs and naga functions.
const FUNCTIONS: &[(&str, &str, AtomicFunction)] = &[
    (
        "imageAtomicAdd",
        "prism_imageAtomicAdd",
        AtomicFunction::Add,
    ),
    (
        "imageAtomicMin",
        "prism_imageAtomicMin",
        AtomicFunction::Min,
    ),
    (
        "imageAtomicMax",
        "prism_imageAtomicMax",
        AtomicFunction::Max,
    ),
    (
        "imageAtomicAnd",
        "prism_imageAtomicAnd",
        AtomicFunction::And,
    ),
    (
        "imageAtomicOr",
        "prism_imageAtomicOr",
        AtomicFunction::InclusiveOr,
    ),
    (
        "imageAtomicXor",
        "prism_imageAtomicXor",
        AtomicFunction::ExclusiveOr,
    ),
];

/// The naga function a stub stands for.
pub(super) fn function(stub: &str) -> Option<AtomicFunction> {
    FUNCTIONS.iter().find(|f| f.1 == stub).map(|f| f.2)
}

fn stub_source(stub: &str) -> String {
    [("uint", "uvec4"), ("int", "ivec4"), ("float", "vec4")]
        .iter()
        .map(|(ty, texel)| format!("{ty} {stub} ( {texel} texel , {ty} data ) {{ return data ; }}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Step 1 (see the module docs): every image atomic call becomes a call of its stub.
pub fn rewrite(tokens: Vec<Token>) -> Result<Vec<Token>, Vec<Diagnostic>> {
    let user = user_function_names(&tokens);
    let parameters = image_parameters(&tokens);
    let mut edits = Vec::new();
    let mut stubs: Vec<&str> = Vec::new();
    let mut errors = Vec::new();
    for i in 0..tokens.len() {
        let t = &tokens[i];
        let called = tokens.get(i + 1).is_some_and(|n| n.is_punct("("))
            && !(i > 0 && tokens[i - 1].is_punct("."));
        if t.kind != TokenKind::Ident || !called || user.contains(&t.text) {
            continue;
        }
        let Some(&(name, stub, _)) = FUNCTIONS.iter().find(|f| f.0 == t.text) else {
            continue;
        };
        let open = i + 1;
        let Some(close) = matching_close(&tokens, open, tokens.len()) else {
            continue; // naga reports the unbalanced call
        };
        let commas = top_level_commas(&tokens, open, close);
        let refuse =
            |message: String, label: &str| error_at("E-UNSUPPORTED", message, t.loc, label);
        match commas.len() {
            2 => {}
            3 => {
                errors.push(refuse(
                    format!("not supported by prism: `{name}` on a multisampled image"),
                    "naga's image atomics take no sample index",
                ));
                continue;
            }
            _ => {
                errors.push(error_at(
                    "E-ATOMIC",
                    format!("`{name}` takes an image, a coordinate and a value"),
                    t.loc,
                    "wrong number of arguments",
                ));
                continue;
            }
        }
        if let Some(image) = (open + 2 == commas[0])
            .then(|| &tokens[open + 1])
            .filter(|image| {
                parameters
                    .iter()
                    .any(|(r, names)| r.contains(&i) && names.contains(&image.text))
            })
        {
            errors.push(error_at(
                "E-ATOMIC",
                format!(
                    "`{name}` on `{}`, a function parameter: a parameter has no image format, and image atomics need an `r32ui` or `r32i` image",
                    image.text
                ),
                image.loc,
                "call it on the global image (glslang rejects this too, and naga's image atomics take only a global)",
            ));
            continue;
        }
        if !is_statement(&tokens, i, close) {
            errors.push(refuse(
                format!("not supported by prism: the value `{name}` returns (naga's image atomics return nothing)"),
                "call it as a statement of its own, or use a buffer atomic to read the old value",
            ));
            continue;
        }
        if !stubs.contains(&stub) {
            stubs.push(stub);
        }
        // `name ( img , p , v )` → `stub ( imageLoad ( img , p ) , v )`.
        let mut insert = gen(&format!("{stub} ( imageLoad ("), t.loc);
        insert.extend_from_slice(&tokens[open + 1..commas[1]]);
        insert.extend(gen(")", tokens[commas[1]].loc));
        edits.push(Edit::replace(i..commas[1], insert));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if let (Some(first), false) = (tokens.first(), stubs.is_empty()) {
        let source: Vec<String> = stubs.iter().map(|s| stub_source(s)).collect();
        edits.push(Edit::insert(0, gen(&source.join(" "), first.loc)));
    }
    Ok(apply(tokens, edits))
}

/// Each function's token range with the names of its parameters (an image atomic's image
/// can be nothing else than a global or a parameter: GLSL has no image locals).
fn image_parameters(tokens: &[Token]) -> Vec<(std::ops::Range<usize>, HashSet<String>)> {
    let Ok(items) = split_items(tokens) else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| match &item.kind {
            ItemKind::Function { params, .. } => {
                let names = local_names(tokens, params.clone(), params.end..params.end);
                Some((item.range.clone(), names))
            }
            ItemKind::Declaration => None,
        })
        .collect()
}

/// Whether the call from `tokens[at]` to `tokens[close]` is a whole statement (its value
/// unused): `;` follows it, and a statement boundary precedes it (`;`, `{`, `}`, the `)` of
/// an `if`/`for`/`while` head, `else`, `do`, or a `case ...:` / `default:` label).
fn is_statement(tokens: &[Token], at: usize, close: usize) -> bool {
    if !tokens.get(close + 1).is_some_and(|t| t.is_punct(";")) {
        return false;
    }
    let Some(before) = at.checked_sub(1).map(|b| &tokens[b]) else {
        return true;
    };
    if before.is_punct(":") {
        // A label, when `case`/`default` starts what lies between the last boundary and it.
        let start = tokens[..at - 1]
            .iter()
            .rposition(|t| t.is_punct(";") || t.is_punct("{") || t.is_punct("}"))
            .map_or(0, |b| b + 1);
        return tokens
            .get(start)
            .is_some_and(|t| t.is_ident("case") || t.is_ident("default"));
    }
    [";", "{", "}", ")"].iter().any(|p| before.is_punct(p))
        || before.is_ident("else")
        || before.is_ident("do")
}

/// Step 2: the stub call `stub(imageLoad(img, p), v)` as `Statement::ImageAtomic`, and the
/// image expression (to [`retype`]).
pub(super) fn lower_call(
    fun: AtomicFunction,
    arguments: &[Handle<Expression>],
    expressions: &naga::Arena<Expression>,
    span: Span,
) -> Result<(Statement, Handle<Expression>), Unlowered> {
    let shape = || Unlowered::atomic(span, "unexpected image atomic call shape");
    let &[texel, value] = arguments else {
        return Err(shape());
    };
    let Expression::ImageLoad {
        image,
        coordinate,
        array_index,
        sample: None,
        ..
    } = expressions[texel]
    else {
        return Err(shape());
    };
    let statement = Statement::ImageAtomic {
        image,
        coordinate,
        array_index,
        fun,
        value,
    };
    Ok((statement, image))
}

/// The global variable an image expression reads (through a binding array's index).
pub(super) fn global_of(
    function: &Function,
    image: Handle<Expression>,
) -> Option<Handle<GlobalVariable>> {
    match function.expressions[image] {
        Expression::GlobalVariable(g) => Some(g),
        Expression::Access { base, .. } | Expression::AccessIndex { base, .. } => {
            match function.expressions[base] {
                Expression::GlobalVariable(g) => Some(g),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Check the image of a lowered call (its global, from [`global_of`]) and give it atomic
/// access.
pub(super) fn retype(
    module: &mut Module,
    global: Option<Handle<GlobalVariable>>,
    span: Span,
) -> Result<(), Unlowered> {
    let Some(global) = global else {
        return Err(Unlowered {
            span,
            code: "E-UNSUPPORTED",
            reason: "not supported by prism: an image atomic on an image passed as a function parameter (naga's image atomics need the image's global: pass the coordinate instead)".into(),
        });
    };
    let ty = module.global_variables[global].ty;
    let (image_ty, array) = match module.types[ty].inner {
        TypeInner::BindingArray { base, size } => (base, Some(size)),
        _ => (ty, None),
    };
    let TypeInner::Image {
        dim,
        arrayed,
        class: ImageClass::Storage { format, access },
    } = module.types[image_ty].inner
    else {
        return Err(Unlowered::atomic(
            span,
            "an image atomic needs a storage image",
        ));
    };
    if !matches!(format, StorageFormat::R32Uint | StorageFormat::R32Sint) {
        return Err(Unlowered {
            span,
            code: "E-UNSUPPORTED",
            reason: format!(
                "not supported by prism: an image atomic on a `{}` image (naga's image atomics take `r32ui` and `r32i` images)",
                format_name(format)
            ),
        });
    }
    let atomic = Type {
        name: module.types[image_ty].name.clone(),
        inner: TypeInner::Image {
            dim,
            arrayed,
            class: ImageClass::Storage {
                format,
                access: access | StorageAccess::ATOMIC,
            },
        },
    };
    let mut new_ty = module.types.insert(atomic, Span::UNDEFINED);
    if let Some(size) = array {
        let binding_array = Type {
            name: module.types[ty].name.clone(),
            inner: TypeInner::BindingArray { base: new_ty, size },
        };
        new_ty = module.types.insert(binding_array, Span::UNDEFINED);
    }
    module.global_variables[global].ty = new_ty;
    Ok(())
}

/// The GLSL layout name of a storage format, for messages.
fn format_name(format: StorageFormat) -> String {
    match format {
        StorageFormat::R32Float => "r32f".into(),
        StorageFormat::R64Uint => "r64ui".into(),
        StorageFormat::Rgba8Unorm => "rgba8".into(),
        StorageFormat::Rgba16Float => "rgba16f".into(),
        StorageFormat::Rgba32Float => "rgba32f".into(),
        StorageFormat::Rgba32Uint => "rgba32ui".into(),
        StorageFormat::Rgba32Sint => "rgba32i".into(),
        StorageFormat::Rgba8Uint => "rgba8ui".into(),
        StorageFormat::Rgba8Sint => "rgba8i".into(),
        other => format!("{other:?}"),
    }
}
