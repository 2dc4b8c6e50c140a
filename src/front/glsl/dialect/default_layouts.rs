//! Default block layouts: `layout(std140, column_major) uniform;` and `layout(std430) buffer;`
//! (GLSL 4.60 §4.4.5, GLSL ES 3.00 §4.3.8.3) set the packing and matrix order of every later
//! block of that storage that does not set its own. naga's GLSL reader cannot read the
//! statement ("Expected Void, Struct or a type, found Semicolon"): each statement goes, and
//! its qualifiers go onto each later block of its storage (`uniform` or `buffer`), except
//! where the block names one of the same kind (a packing: `std140`, `std430`, `shared`,
//! `packed`; a matrix order: `row_major`, `column_major`). Later statements override earlier
//! ones, as in GLSL. Everything downstream then sees ordinary per-block layouts (the
//! `row_major` lowering included). The implementation-defined packings `shared` and `packed`,
//! which naga cannot read, are laid out as std140, as glslang does.

use super::items::{matching_close, QUALIFIERS};
use super::tokens::{apply, gen, Edit};
use crate::front::glsl::preprocess::{Token, TokenKind};

const PACKINGS: &[&str] = &["std140", "std430", "shared", "packed"];
const ORDERS: &[&str] = &["row_major", "column_major"];

/// The defaults in force for one storage: a packing and a matrix order, each as its token.
#[derive(Default, Clone)]
struct Defaults {
    packing: Option<Token>,
    order: Option<Token>,
}

/// The rewrite of the module docs.
pub(super) fn apply_default_layouts(tokens: Vec<Token>) -> Vec<Token> {
    let tokens = shared_and_packed_as_std140(tokens);
    let is_default = |i: usize| default_statement(&tokens, i).is_some();
    if !(0..tokens.len()).any(is_default) {
        return tokens;
    }
    let mut uniform = Defaults::default();
    let mut buffer = Defaults::default();
    let mut edits = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        if t.is_punct("{") {
            depth += 1;
        } else if t.is_punct("}") {
            depth = depth.saturating_sub(1);
        }
        if depth == 0 {
            if let Some((storage, close, end)) = default_statement(&tokens, i) {
                let defaults = if storage == "uniform" {
                    &mut uniform
                } else {
                    &mut buffer
                };
                for q in &tokens[i + 2..close] {
                    if PACKINGS.contains(&q.text.as_str()) {
                        defaults.packing = Some(q.clone());
                    } else if ORDERS.contains(&q.text.as_str()) {
                        defaults.order = Some(q.clone());
                    }
                }
                edits.push(Edit::delete(i..end + 1));
                i = end + 1;
                continue;
            }
            if let Some(edit) = block_edit(&tokens, i, &uniform, &buffer) {
                edits.push(edit);
            }
        }
        i += 1;
    }
    apply(tokens, edits)
}

/// A `[` inside a `layout ( ... )` (`binding = 0[0]`): no layout value indexes anything, and
/// naga's reader panics evaluating one. Refused at the bracket.
pub(super) fn refuse_subscripts(tokens: &[Token]) -> Result<(), crate::diagnostic::Diagnostic> {
    let mut i = 0;
    while i < tokens.len() {
        if tokens[i].is_ident("layout") && tokens.get(i + 1).is_some_and(|t| t.is_punct("(")) {
            let close = matching_close(tokens, i + 1, tokens.len()).unwrap_or(tokens.len());
            if let Some(bracket) = tokens[i + 2..close].iter().find(|t| t.is_punct("[")) {
                return Err(crate::diagnostic::error_at(
                    "E-PARSE",
                    "a layout qualifier's value cannot be indexed".to_string(),
                    bracket.loc,
                    "layout values are integer constant expressions without `[ ]`",
                ));
            }
            i = close;
        }
        i += 1;
    }
    Ok(())
}

/// `shared` and `packed` inside a `layout ( ... )`: implementation-defined packings that naga
/// does not read ("Unexpected qualifier"). glslang lays both out as std140, and so does
/// prism: each becomes `std140` (a `shared` outside a layout, the compute storage qualifier,
/// is left alone).
fn shared_and_packed_as_std140(tokens: Vec<Token>) -> Vec<Token> {
    let mut edits = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if tokens[i].is_ident("layout") && tokens.get(i + 1).is_some_and(|t| t.is_punct("(")) {
            let Some(close) = matching_close(&tokens, i + 1, tokens.len()) else {
                break;
            };
            for (k, t) in tokens.iter().enumerate().take(close).skip(i + 2) {
                if t.is_ident("shared") || t.is_ident("packed") {
                    edits.push(Edit::replace(
                        k..k + 1,
                        vec![super::tokens::renamed(t, "std140")],
                    ));
                }
            }
            i = close;
        }
        i += 1;
    }
    if edits.is_empty() {
        return tokens;
    }
    apply(tokens, edits)
}

/// At `i`, a default statement `layout ( ... ) [qualifiers] uniform|buffer ;`: its storage
/// word, the index of the layout's `)` and of the `;`.
fn default_statement(tokens: &[Token], i: usize) -> Option<(&'static str, usize, usize)> {
    if !tokens.get(i)?.is_ident("layout") || !tokens.get(i + 1)?.is_punct("(") {
        return None;
    }
    let close = matching_close(tokens, i + 1, tokens.len())?;
    let mut at = close + 1;
    let mut storage = None;
    while let Some(t) = tokens.get(at) {
        match t.text.as_str() {
            "uniform" if t.kind == TokenKind::Ident => storage = Some("uniform"),
            "buffer" if t.kind == TokenKind::Ident => storage = Some("buffer"),
            word if t.kind == TokenKind::Ident && QUALIFIERS.contains(&word) => {}
            ";" if t.kind == TokenKind::Punct => return storage.map(|s| (s, close, at)),
            _ => return None,
        }
        at += 1;
    }
    None
}

/// At `i`, the `uniform` or `buffer` word of a block declaration (`uniform Name {`): the edit
/// that gives it the defaults it does not set itself.
fn block_edit(tokens: &[Token], i: usize, uniform: &Defaults, buffer: &Defaults) -> Option<Edit> {
    let t = &tokens[i];
    let defaults = match t.text.as_str() {
        "uniform" if t.kind == TokenKind::Ident => uniform,
        "buffer" if t.kind == TokenKind::Ident => buffer,
        _ => return None,
    };
    if !(tokens.get(i + 1)?.kind == TokenKind::Ident && tokens.get(i + 2)?.is_punct("{")) {
        return None;
    }
    // The declaration's own `layout ( ... )`, among the qualifiers before `uniform`/`buffer`.
    let mut start = i;
    let mut own = None;
    while start > 0 {
        let before = &tokens[start - 1];
        if before.kind == TokenKind::Ident && QUALIFIERS.contains(&before.text.as_str()) {
            start -= 1;
        } else if before.is_punct(")") {
            let open = super::items::matching_open(tokens, start - 1, 0)?;
            if open == 0 || !tokens[open - 1].is_ident("layout") {
                break;
            }
            own = Some((open, start - 1));
            start = open - 1;
        } else {
            break;
        }
    }
    let sets = |kinds: &[&str]| {
        own.is_some_and(|(open, close)| {
            tokens[open..close]
                .iter()
                .any(|q| kinds.contains(&q.text.as_str()))
        })
    };
    let missing: Vec<&Token> = [
        defaults.packing.as_ref().filter(|_| !sets(PACKINGS)),
        defaults.order.as_ref().filter(|_| !sets(ORDERS)),
    ]
    .into_iter()
    .flatten()
    .collect();
    if missing.is_empty() {
        return None;
    }
    let loc = t.loc;
    let mut words: Vec<Token> = Vec::new();
    for q in missing {
        if !words.is_empty() {
            words.extend(gen(",", loc));
        }
        words.push(Token {
            loc,
            from_macro: true,
            ..q.clone()
        });
    }
    Some(match own {
        // `layout ( binding = 0 )` becomes `layout ( std140 , binding = 0 )`.
        Some((open, _)) => {
            words.extend(gen(",", loc));
            Edit::insert(open + 1, words)
        }
        None => {
            let mut group = gen("layout (", loc);
            group.extend(words);
            group.extend(gen(")", loc));
            Edit::insert(start, group)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> String {
        apply_default_layouts(super::super::tokens::lex(text))
            .iter()
            .map(|t| t.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn defaults_go_onto_later_blocks_that_do_not_set_their_own() {
        assert_eq!(
            run(
                "layout(std140, row_major) uniform;\nuniform A { mat4 m; };\n\
                 layout(binding = 1) uniform B { mat4 n; } b;\n\
                 layout(column_major) uniform C { mat4 o; };"
            ),
            "layout ( std140 , row_major ) uniform A { mat4 m ; } ; \
             layout ( std140 , row_major , binding = 1 ) uniform B { mat4 n ; } b ; \
             layout ( std140 , column_major ) uniform C { mat4 o ; } ;"
        );
    }

    #[test]
    fn buffer_defaults_stay_with_buffers_and_later_statements_override() {
        assert_eq!(
            run(
                "layout(row_major) buffer;\nuniform U { mat4 m; };\nbuffer S { mat4 n; };\n\
                 layout(column_major) buffer;\nbuffer T { mat4 o; };"
            ),
            "uniform U { mat4 m ; } ; layout ( row_major ) buffer S { mat4 n ; } ; \
             layout ( column_major ) buffer T { mat4 o ; } ;"
        );
    }

    #[test]
    fn shared_and_packed_blocks_are_std140_and_shared_variables_stay() {
        assert_eq!(
            run("layout(packed) uniform A { vec4 a; };\nlayout(shared, binding = 1) uniform B { vec4 b; };\nshared float s[4];"),
            "layout ( std140 ) uniform A { vec4 a ; } ; \
             layout ( std140 , binding = 1 ) uniform B { vec4 b ; } ; shared float s [ 4 ] ;"
        );
    }

    #[test]
    fn shaders_without_a_default_statement_are_untouched() {
        let text = "layout(local_size_x = 8) in;\nuniform U { mat4 m; };";
        assert_eq!(
            run(text),
            "layout ( local_size_x = 8 ) in ; uniform U { mat4 m ; } ;"
        );
    }
}
