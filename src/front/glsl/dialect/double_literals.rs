//! Double-precision literals (`2.0lf`, `1e-9LF`): GLSL 4.00+ has them, naga's lexer refuses
//! them ("NotSupported64BitLiteral"). Each becomes `double ( 2.0 )`, which naga's reader
//! folds to the same 64-bit constant. (GLSL ES has no doubles: its strict checks report the
//! literal before this runs.)

use super::tokens::{apply, gen, Edit};
use crate::front::glsl::preprocess::{Token, TokenKind};

/// The literal without its `lf` suffix, when `token` is a double literal.
fn double_value(token: &Token) -> Option<&str> {
    if token.kind != TokenKind::Float {
        return None;
    }
    let text = token.text.as_str();
    text.strip_suffix("lf").or_else(|| text.strip_suffix("LF"))
}

/// The rewrite of the module docs.
pub(super) fn rewrite_double_literals(tokens: Vec<Token>) -> Vec<Token> {
    let edits: Vec<Edit> = tokens
        .iter()
        .enumerate()
        .filter_map(|(i, t)| {
            let value = double_value(t)?;
            Some(Edit::replace(
                i..i + 1,
                gen(&format!("double ( {value} )"), t.loc),
            ))
        })
        .collect();
    if edits.is_empty() {
        return tokens;
    }
    apply(tokens, edits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn double_literals_become_double_constructors() {
        let out = rewrite_double_literals(super::super::tokens::lex(
            "void f() { double d = 2.0lf * 1e-9LF + 0.5; }",
        ));
        let text: Vec<&str> = out.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(
            text.join(" "),
            "void f ( ) { double d = double ( 2.0 ) * double ( 1e-9 ) + 0.5 ; }"
        );
    }
}
