//! Memory qualifiers naga's GLSL reader rejects: `coherent` and `volatile` anywhere ("Not
//! implemented: variable qualifier"), and any memory qualifier on a block member or a
//! function parameter (a parse error). naga reads `readonly`, `writeonly` and `restrict` on a
//! buffer block or an image, and keeps those.
//!
//! | qualifier | where | prism |
//! |---|---|---|
//! | `restrict` | member, parameter | dropped silently: a promise of no aliasing, which only allows optimisation |
//! | `readonly` / `writeonly` | member | dropped (glslang already refused a write / read of it); when every member of a `buffer` block is `readonly`, the block becomes `readonly` (naga's `StorageAccess::LOAD`) |
//! | `readonly` / `writeonly` | parameter | dropped (the image or buffer argument keeps its own access) |
//! | `coherent` / `volatile` | buffer block, block member | carried to the IR (see below), with a `W-DIALECT` warning naming the targets that drop it |
//! | `coherent` / `volatile` | image, parameter | dropped with a `W-DIALECT` warning that says what the output still guarantees |
//!
//! naga 30's IR has `GlobalVariable::memory_decorations` (`COHERENT`, `VOLATILE`, storage
//! buffers only) but its GLSL reader never sets them. So a `coherent` / `volatile` on a buffer
//! block or one of its members leaves a marker comment in the text naga reads,
//! `/*prism-memory Block coherent*/` (a member's qualifier covers the whole block: stronger,
//! never weaker), and [`apply`] sets the decoration on the block's global after the parse.
//! What each target makes of it (naga 30's writers, as prism calls them):
//! - SPIR-V: `Coherent` / `Volatile` decorations on the variable;
//! - GLSL: `coherent` / `volatile` on the block;
//! - HLSL: `globallycoherent` on a writable buffer (a read-only `ByteAddressBuffer` cannot
//!   take it: dropped there), `volatile` dropped;
//! - MSL: `coherent device` from MSL 3.2 on (dropped below), `volatile` dropped;
//! - WGSL: both dropped (naga would write `@coherent` / `@volatile`, which WebGPU rejects).
//!
//! What the output guarantees where a qualifier is dropped (checked in naga 30's SPIR-V
//! writer for the image case): the module uses the GLSL450 memory model, and GLSL's
//! `barrier()` and `memoryBarrier*()` become acquire-release barriers over uniform (storage),
//! workgroup and image memory. So within a workgroup another invocation's writes are visible
//! after `barrier()`; between workgroups (a flag one workgroup polls while another sets it, a
//! producer/consumer queue) nothing guarantees a write is ever seen, and without `Volatile`
//! repeated reads may be merged into one.
//!
//! Only qualifier positions are touched: the word must be followed by another word (a type, a
//! qualifier, `buffer`) and come after `;`, `{`, `}`, `(`, `,`, `)` or another word, outside
//! function bodies. GLSL ES 1.00, where `coherent` can be a user's name, is left alone.

use naga::{AddressSpace, MemoryDecorations, Module};

use super::tokens::gen;
use crate::diagnostic::{error_at, warning_at, Diagnostic};
use crate::front::glsl::preprocess::{Token, TokenKind};

const MEMORY: &[&str] = &["coherent", "volatile", "restrict", "readonly", "writeonly"];

const MARKER: &str = "/*prism-memory";

/// The warning for a `coherent` / `volatile` carried to the IR: which targets keep it.
fn carried_warning(t: &Token, block: &str) -> Diagnostic {
    let what = if t.text == "coherent" {
        "SPIR-V (Coherent), GLSL, HLSL (`globallycoherent`, writable buffers only) and MSL 3.2 or later (`coherent device`) keep it; WGSL (WebGPU has no such attribute), HLSL read-only buffers and MSL below 3.2 drop it: there, between workgroups (a flag one workgroup polls while another sets it) nothing guarantees a write is ever seen"
    } else {
        "SPIR-V (Volatile) and GLSL keep it; HLSL, MSL and WGSL have no such qualifier and drop it: there the driver's compiler may merge repeated reads into one, so a loop polling a value that another invocation writes may never see it change"
    };
    warning_at(
        "W-DIALECT",
        format!("`{}` on buffer `{block}`: {what}", t.text),
        t.loc,
        format!("`{}` applies to all of `{block}`", t.text),
    )
}

/// What a dropped `coherent` / `volatile` leaves, for the warning.
fn warning(t: &Token) -> Diagnostic {
    let what = if t.text == "coherent" {
        "prism's output does not decorate this variable Coherent. Within a workgroup, another invocation's writes are visible after `barrier()` (naga writes it as an acquire-release barrier over storage, workgroup and image memory); between workgroups (a flag one workgroup polls while another sets it) nothing guarantees a write is ever seen"
    } else {
        "prism's output does not decorate this variable Volatile: the driver's compiler may merge repeated reads into one, so a loop polling a value that another invocation writes may never see it change"
    };
    warning_at(
        "W-DIALECT",
        format!(
            "`{}` is dropped (naga's IR has it for buffers only): {what}",
            t.text
        ),
        t.loc,
        format!("`{}` has no effect", t.text),
    )
}

/// Whether the memory qualifier at `i` is in a qualifier position (see the module docs).
fn is_qualifier(tokens: &[Token], i: usize) -> bool {
    let next_is_word = tokens
        .get(i + 1)
        .is_some_and(|n| n.kind == TokenKind::Ident);
    let after = i == 0 || {
        let p = &tokens[i - 1];
        p.kind == TokenKind::Ident || [";", "{", "}", "(", ",", ")"].iter().any(|s| p.is_punct(s))
    };
    tokens[i].kind == TokenKind::Ident
        && MEMORY.contains(&tokens[i].text.as_str())
        && next_is_word
        && after
}

/// Whether the top-level declaration around `i` (from `start` in `out`, to the next `;` or
/// `{` in `tokens`) is a `shared` variable, which GLSL gives no memory qualifiers.
fn is_shared(out: &[Token], start: usize, tokens: &[Token], i: usize) -> bool {
    let before = out.get(start..).unwrap_or_default();
    let after = tokens[i..]
        .iter()
        .take_while(|t| !t.is_punct(";") && !t.is_punct("{"));
    before.iter().chain(after).any(|t| t.is_ident("shared"))
}

/// The block name of the top-level `buffer` declaration around a qualifier: `before` is
/// the declaration so far, `after` the tokens from the qualifier on.
fn buffer_block_name(before: &[Token], after: &[Token]) -> Option<String> {
    let rest = after
        .iter()
        .take_while(|t| !t.is_punct(";") && !t.is_punct("{"));
    let declaration: Vec<&Token> = before.iter().chain(rest).collect();
    let at = declaration.iter().position(|d| d.is_ident("buffer"))?;
    declaration
        .get(at + 1)
        .filter(|d| d.kind == TokenKind::Ident)
        .map(|d| d.text.clone())
}

/// After the parse: give each buffer block marked in `text` (the text naga read) its memory
/// decorations, on the global whose type (or, failing that, name) is the block's name.
/// Returns how many globals changed.
pub fn apply(module: &mut Module, text: &str) -> usize {
    let mut changed = 0;
    for mut words in super::tokens::marker_words(text, MARKER) {
        let (Some(block), Some(qualifier)) = (words.next(), words.next()) else {
            continue;
        };
        let decoration = match qualifier {
            "coherent" => MemoryDecorations::COHERENT,
            "volatile" => MemoryDecorations::VOLATILE,
            _ => continue,
        };
        let types = &module.types;
        let is_block = |g: &naga::GlobalVariable, by_type: bool| {
            matches!(g.space, AddressSpace::Storage { .. })
                && if by_type {
                    types[g.ty].name.as_deref() == Some(block)
                } else {
                    g.name.as_deref() == Some(block)
                }
        };
        let found = module
            .global_variables
            .iter()
            .find(|(_, g)| is_block(g, true))
            .or_else(|| {
                module
                    .global_variables
                    .iter()
                    .find(|(_, g)| is_block(g, false))
            })
            .map(|(h, _)| h);
        if let Some(handle) = found {
            let global = &mut module.global_variables[handle];
            if !global.memory_decorations.contains(decoration) {
                global.memory_decorations |= decoration;
                changed += 1;
            }
        }
    }
    changed
}

/// The warnings of the dropped `coherent` / `volatile`, or the errors of memory qualifiers on
/// `shared` variables (glslang refuses them too).
type Dropped = Result<(Vec<Token>, Vec<Diagnostic>), Vec<Diagnostic>>;

/// Drop the memory qualifiers naga rejects.
pub(super) fn drop_memory_qualifiers(tokens: Vec<Token>, es100: bool) -> Dropped {
    let mut warnings = Vec::new();
    let mut errors = Vec::new();
    if es100 || !tokens.iter().any(|t| MEMORY.contains(&t.text.as_str())) {
        return Ok((tokens, warnings));
    }
    let mut out: Vec<Token> = Vec::with_capacity(tokens.len());
    let mut depth = 0usize;
    let mut parens = 0usize;
    // Where the current top-level declaration starts in `out`.
    let mut start = 0usize;
    // Inside a `buffer` block's members: the `buffer` token's index in `out`, whether the
    // block itself has an access qualifier, and whether every member so far is `readonly`.
    let mut block: Option<(usize, bool, bool)> = None;
    let mut block_name: Option<String> = None;
    let mut member_readonly = false;
    for (i, t) in tokens.iter().enumerate() {
        let in_body = depth > 0 && block.is_none();
        if !in_body && is_qualifier(&tokens, i) {
            let top_level = depth == 0 && parens == 0;
            if top_level && is_shared(&out, start, &tokens, i) {
                errors.push(error_at(
                    "E-DIALECT",
                    format!("`{}` cannot qualify a `shared` variable", t.text),
                    t.loc,
                    "memory qualifiers apply to buffers and images",
                ));
                continue;
            }
            let buffer = if top_level {
                buffer_block_name(&out[start.min(out.len())..], &tokens[i..])
            } else if depth == 1 && parens == 0 {
                block_name.clone()
            } else {
                None
            };
            match (t.text.as_str(), buffer) {
                ("coherent" | "volatile", Some(name)) => {
                    warnings.push(carried_warning(t, &name));
                    let mut marker = gen("x", t.loc);
                    marker[0].kind = TokenKind::Punct;
                    marker[0].text = format!("{MARKER} {name} {}*/", t.text);
                    out.extend(marker);
                    continue;
                }
                ("coherent" | "volatile", None) => warnings.push(warning(t)),
                // naga reads these on a block or an image.
                ("restrict" | "readonly" | "writeonly", _) if top_level => {
                    out.push(t.clone());
                    continue;
                }
                ("readonly", _) => member_readonly = true,
                _ => {}
            }
            continue;
        }
        if t.is_punct("(") {
            parens += 1;
        } else if t.is_punct(")") {
            parens = parens.saturating_sub(1);
        } else if t.is_punct("{") {
            if depth == 0 {
                let declaration = &out[start..];
                let buffer = declaration.iter().position(|d| d.is_ident("buffer"));
                block_name = buffer
                    .and_then(|b| declaration.get(b + 1))
                    .filter(|d| d.kind == TokenKind::Ident)
                    .map(|d| d.text.clone());
                block = buffer.map(|b| {
                    let access = declaration
                        .iter()
                        .any(|d| d.is_ident("readonly") || d.is_ident("writeonly"));
                    (start + b, access, true)
                });
                member_readonly = false;
            }
            depth += 1;
        } else if t.is_punct("}") {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                if let Some((at, access, all_readonly)) = block.take() {
                    if all_readonly && !access {
                        let loc = out[at].loc;
                        out.splice(at..at, gen("readonly", loc));
                    }
                }
                start = out.len() + 1;
            }
        } else if t.is_punct(";") {
            if depth == 1 {
                if let Some((_, _, all)) = block.as_mut() {
                    *all &= member_readonly;
                }
                member_readonly = false;
            } else if depth == 0 {
                start = out.len() + 1;
            }
        }
        out.push(t.clone());
    }
    if errors.is_empty() {
        Ok((out, warnings))
    } else {
        Err(errors)
    }
}
