//! Constants that fold to infinity or NaN (`1.0 / 0.0`, `-1.0 / 0.0`, `0.0 / 0.0`, `1e40`):
//! GLSL folds them (glslang writes an `inf` constant), naga's constant evaluator refuses them
//! ("Float literal is infinite", an `E-PARSE` on a valid line, which also hides the shader's
//! real errors below it).
//!
//! Inside a function body each becomes `uintBitsToFloat(BITS)` with the IEEE bits of the
//! value, which naga keeps as a run-time bitcast of a constant (SPIR-V `OpBitcast`; drivers
//! fold it back): the same value, one instruction more in the counts than glslang's
//! constant. A literal division is taken only where the literal is the whole left operand
//! (not after `*`, `/` or `%`, which would bind first). Global constant initializers are left
//! as they are: there a bitcast is not a constant expression to naga either.

use super::items::{split_items, ItemKind};
use super::tokens::{apply, gen, Edit};
use crate::front::glsl::preprocess::{Token, TokenKind};

/// The value of a float literal (`1.0`, `2.5e3f`, `.5`, `1e40`).
fn value(token: &Token) -> Option<f64> {
    if token.kind != TokenKind::Float {
        return None;
    }
    let text = token.text.trim_end_matches(['f', 'F']);
    text.parse::<f64>().ok()
}

/// The IEEE bits of `v` as an `f32`, when it is infinite or NaN.
fn special_bits(v: f64) -> Option<u32> {
    let single = v as f32;
    if single.is_nan() {
        // The quiet NaN glslang folds `0.0 / 0.0` to (the sign of a computed NaN varies).
        return Some(0x7fc0_0000);
    }
    single.is_infinite().then_some(single.to_bits())
}

/// The rewrite of the module docs.
pub(super) fn runtime_infinities(tokens: Vec<Token>) -> Vec<Token> {
    let candidate = tokens.iter().enumerate().any(|(i, t)| {
        value(t).is_some_and(|v| {
            special_bits(v).is_some()
                || (tokens.get(i + 1).is_some_and(|n| n.is_punct("/"))
                    && tokens.get(i + 2).and_then(value) == Some(0.0))
        })
    });
    if !candidate {
        return tokens;
    }
    let Ok(items) = split_items(&tokens) else {
        return tokens;
    };
    let mut edits = Vec::new();
    for item in &items {
        let ItemKind::Function { body, .. } = &item.kind else {
            continue;
        };
        let mut i = body.start;
        while i < body.end {
            let Some(left) = value(&tokens[i]) else {
                i += 1;
                continue;
            };
            let binds_first = i > 0 && ["*", "/", "%"].iter().any(|op| tokens[i - 1].is_punct(op));
            let divided_by_zero = !binds_first
                && tokens.get(i + 1).is_some_and(|n| n.is_punct("/"))
                && i + 2 < body.end
                && value(&tokens[i + 2]) == Some(0.0);
            let (end, bits) = if divided_by_zero {
                (i + 3, special_bits(left / 0.0))
            } else {
                (i + 1, special_bits(left))
            };
            match bits {
                Some(bits) => {
                    let text = format!("uintBitsToFloat ( {bits:#010x}u )");
                    edits.push(Edit::replace(i..end, gen(&text, tokens[i].loc)));
                    i = end;
                }
                None => i += 1,
            }
        }
    }
    apply(tokens, edits)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> String {
        runtime_infinities(super::super::tokens::lex(text))
            .iter()
            .map(|t| t.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn infinities_and_nan_become_bitcasts_in_function_bodies() {
        assert_eq!(
            run("void f() { float a = 1.0 / 0.0, b = -2.0 / 0.0, c = 0.0 / 0.0, d = 1e40; }"),
            "void f ( ) { float a = uintBitsToFloat ( 0x7f800000u ) , \
             b = - uintBitsToFloat ( 0x7f800000u ) , c = uintBitsToFloat ( 0x7fc00000u ) , \
             d = uintBitsToFloat ( 0x7f800000u ) ; }"
        );
    }

    #[test]
    fn other_divisions_and_globals_are_left_alone() {
        for text in [
            "const float g = 1.0 / 0.0;",
            "void f(float x) { float a = x / 1.0 / 0.0; float b = 1.0 / 2.0; }",
        ] {
            let same: Vec<String> = super::super::tokens::lex(text)
                .iter()
                .map(|t| t.text.clone())
                .collect();
            assert_eq!(run(text), same.join(" "), "{text}");
        }
    }
}
