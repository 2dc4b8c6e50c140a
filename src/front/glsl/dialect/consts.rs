//! Integer constants of a shader and the constant expressions written with them, for the
//! rewrites that need an array's length or a location count before naga has read anything:
//! `layout(location = 0) in vec4 w[N];` takes `N` locations, `vec4 c[N - 1]` in an output
//! block `N - 1`.
//!
//! In: the tokens. Out: [`Constants`], every `const int` / `const uint` declared at any
//! level with an initializer that evaluates here (literals, earlier constants, `( )`, unary
//! `-` / `+`, `* / % + - << >> & | ^`, `int(...)` / `uint(...)`), and [`Constants::eval`]
//! for any other expression. `#define`d sizes arrive as literals already.
//!
//! Traps: scopes are not tracked, so a name declared twice with different values has no
//! value (a rewrite never acts on a guess); a specialization constant keeps its default,
//! as the dialect layer freezes it there.

use std::collections::HashMap;

use super::tokens;
use crate::front::glsl::preprocess::{Token, TokenKind};
use crate::source::Loc;

/// Nesting past this many levels is not evaluated.
const MAX_DEPTH: usize = 32;

/// The integer constants of a token stream (see the module docs).
#[derive(Debug, Default)]
pub(super) struct Constants {
    /// Name → value; `None` where two declarations disagree.
    values: HashMap<String, Option<i128>>,
}

impl Constants {
    pub fn of(tokens: &[Token]) -> Self {
        let mut constants = Constants::default();
        for (i, t) in tokens.iter().enumerate() {
            if !t.is_ident("const") {
                continue;
            }
            let [ty, ..] = tokens.get(i + 1..).unwrap_or_default() else {
                continue;
            };
            if !(ty.is_ident("int") || ty.is_ident("uint")) {
                continue;
            }
            // `const int A = 1, B = A + 1;`
            let mut at = i + 2;
            while let [name, eq, ..] = tokens.get(at..).unwrap_or_default() {
                if name.kind != TokenKind::Ident || !eq.is_punct("=") {
                    break;
                }
                let start = at + 2;
                let end = expression_end(tokens, start);
                let value = constants.eval(&tokens[start..end]);
                constants
                    .values
                    .entry(name.text.clone())
                    .and_modify(|old| {
                        if *old != value {
                            *old = None;
                        }
                    })
                    .or_insert(value);
                if !tokens.get(end).is_some_and(|t| t.is_punct(",")) {
                    break;
                }
                at = end + 1;
            }
        }
        constants
    }

    /// The value of the constant `name`, when it has one.
    pub fn get(&self, name: &str) -> Option<i128> {
        self.values.get(name).copied().flatten()
    }

    /// The value of an integer constant expression, or `None`.
    pub fn eval(&self, tokens: &[Token]) -> Option<i128> {
        let mut parser = Parser {
            tokens,
            at: 0,
            constants: self,
        };
        let value = parser.binary(0, 0)?;
        (parser.at == tokens.len()).then_some(value)
    }

    /// The length an array specifier gives, from the tokens between its brackets: a
    /// positive value that fits a `u32`.
    pub fn array_len(&self, inside: &[Token]) -> Option<u32> {
        self.eval(inside)
            .and_then(|n| u32::try_from(n).ok())
            .filter(|&n| n > 0)
    }

    /// [`Constants::array_len`] of a specifier as [`items::declarators`](super::items::declarators)
    /// gives it (its tokens' text, joined by spaces).
    pub fn array_len_text(&self, inside: &str) -> Option<u32> {
        self.array_len(&tokens::gen(inside, Loc::new(0, 0..0)))
    }
}

/// The index of the `,` or `;` that ends the initializer starting at `start` (outside
/// brackets), or the end of the tokens.
fn expression_end(tokens: &[Token], start: usize) -> usize {
    let mut depth = 0usize;
    for (i, t) in tokens.iter().enumerate().skip(start) {
        match t.text.as_str() {
            "(" | "[" | "{" if t.kind == TokenKind::Punct => depth += 1,
            ")" | "]" | "}" if t.kind == TokenKind::Punct => {
                if depth == 0 {
                    return i;
                }
                depth -= 1;
            }
            "," | ";" if t.kind == TokenKind::Punct && depth == 0 => return i,
            _ => {}
        }
    }
    tokens.len()
}

/// The value of an integer literal token (`64`, `0x40`, `64u`).
fn int_value(token: &Token) -> Option<i128> {
    if token.kind != TokenKind::Int {
        return None;
    }
    crate::front::glsl::preprocess::parse_int(&token.text).map(i128::from)
}

/// A recursive-descent reader of integer constant expressions, lowest precedence first.
struct Parser<'t, 'c> {
    tokens: &'t [Token],
    at: usize,
    constants: &'c Constants,
}

impl Parser<'_, '_> {
    fn peek(&self) -> Option<&str> {
        self.tokens.get(self.at).map(|t| t.text.as_str())
    }

    fn binary(&mut self, level: usize, depth: usize) -> Option<i128> {
        const LEVELS: [&[&str]; 6] = [
            &["|"],
            &["^"],
            &["&"],
            &["<<", ">>"],
            &["+", "-"],
            &["*", "/", "%"],
        ];
        if level == LEVELS.len() {
            return self.unary(depth);
        }
        let mut value = self.binary(level + 1, depth)?;
        while let Some(op) = self.peek().filter(|op| LEVELS[level].contains(op)) {
            let op = op.to_string();
            self.at += 1;
            let rhs = self.binary(level + 1, depth)?;
            let shift = || u32::try_from(rhs).ok().filter(|s| *s < 64);
            value = match op.as_str() {
                "|" => value | rhs,
                "^" => value ^ rhs,
                "&" => value & rhs,
                "<<" => value.checked_shl(shift()?)?,
                ">>" => value >> shift()?,
                "+" => value.checked_add(rhs)?,
                "-" => value.checked_sub(rhs)?,
                "*" => value.checked_mul(rhs)?,
                "/" => value.checked_div(rhs)?,
                _ => value.checked_rem(rhs)?,
            };
        }
        Some(value)
    }

    fn unary(&mut self, depth: usize) -> Option<i128> {
        if depth > MAX_DEPTH {
            return None;
        }
        let token = self.tokens.get(self.at)?;
        self.at += 1;
        match token.text.as_str() {
            "-" => self.unary(depth + 1).map(|v| -v),
            "+" => self.unary(depth + 1),
            "int" | "uint" if self.peek() == Some("(") => self.unary(depth + 1),
            "(" => {
                let value = self.binary(0, depth + 1)?;
                (self.peek() == Some(")")).then(|| self.at += 1)?;
                Some(value)
            }
            _ => int_value(token).or_else(|| self.constants.get(&token.text)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<Token> {
        tokens::gen(text, Loc::new(0, 0..0))
    }

    #[test]
    fn expressions_of_literals_and_constants_are_evaluated() {
        let constants = Constants::of(&tokens(
            "const int N = 64 ; const uint M = N / 2u , K = M + 1 ; const float F = 1.0 ;",
        ));
        assert_eq!(constants.get("M"), Some(32));
        assert_eq!(constants.get("K"), Some(33));
        assert_eq!(constants.get("F"), None);
        for (text, want) in [
            ("2147483647 + 0", Some(2147483647)),
            ("( 2147483647 )", Some(2147483647)),
            ("N * 4 - ( 2 << 1 )", Some(252)),
            ("1 << 16", Some(65536)),
            ("- 3 + 0x10", Some(13)),
            ("int ( M ) + 1", Some(33)),
            ("N | 1", Some(65)),
            ("Q + 1", None),
            ("( 1", None),
            ("1 2", None),
        ] {
            assert_eq!(constants.eval(&tokens(text)), want, "{text}");
        }
    }

    #[test]
    fn a_name_declared_with_two_values_has_none() {
        let constants = Constants::of(&tokens(
            "const int N = 2 ; void f ( ) { const int N = 3 ; } const int L = 4 ; const int L = 4 ;",
        ));
        assert_eq!(constants.get("N"), None);
        assert_eq!(constants.get("L"), Some(4));
        assert_eq!(constants.array_len_text("L - 4"), None);
        assert_eq!(constants.array_len_text("L - 1"), Some(3));
    }
}
