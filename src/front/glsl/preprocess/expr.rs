//! `#if` and `#elif` expressions: C preprocessor integer arithmetic.
//!
//! In: the directive's tokens after `defined` was resolved and macros were expanded. Out: the
//! value, or where and why the expression is wrong.
//!
//! Values are 64-bit and wrap instead of overflowing (C uses `intmax_t`); an identifier left
//! after expansion is 0, as in C, except in GLSL ES, where it is an error (ES 1.00 and 3.00
//! §3.4; glslang and browsers reject it) unless it is in a side that is not evaluated. `&&`, `||` and `?:` do not evaluate the side they skip, so
//! `#if 0 && 1 / 0` is fine. Nesting (parentheses, unary operators) is limited, because a line
//! of ten thousand `(` must not overflow the stack.

use super::pp_token::PpToken;
use super::token::TokenKind;
use crate::source::Loc;

/// The deepest nesting of subexpressions (a parenthesis counts twice, a unary operator once);
/// each level is a recursion, so this stays far below what a small thread stack holds.
const MAX_NESTING: usize = 128;

#[derive(Debug)]
pub(super) struct EvalError {
    pub loc: Loc,
    pub message: String,
    pub label: String,
}

/// Evaluates `tokens`; `directive` (`if`, `elif`) and `directive_loc` are for messages;
/// `es`: the shader is GLSL ES, where an undefined name is an error.
pub(super) fn evaluate(
    tokens: &[PpToken],
    directive: &str,
    directive_loc: Loc,
    es: bool,
) -> Result<i64, EvalError> {
    let mut parser = Parser {
        tokens,
        pos: 0,
        nesting: 0,
        directive,
        directive_loc,
        es,
    };
    let value = parser.expression(0, true)?;
    match parser.tokens.get(parser.pos) {
        Some(extra) => Err(parser.unexpected(extra)),
        None => Ok(value),
    }
}

struct Parser<'t> {
    tokens: &'t [PpToken],
    pos: usize,
    nesting: usize,
    directive: &'t str,
    directive_loc: Loc,
    es: bool,
}

/// C precedence of a binary operator (`?` is the ternary, lowest).
fn precedence(op: &str) -> Option<u8> {
    Some(match op {
        "*" | "/" | "%" => 10,
        "+" | "-" => 9,
        "<<" | ">>" => 8,
        "<" | ">" | "<=" | ">=" => 7,
        "==" | "!=" => 6,
        "&" => 5,
        "^" => 4,
        "|" => 3,
        "&&" => 2,
        "||" => 1,
        "?" => 0,
        _ => return None,
    })
}

impl Parser<'_> {
    fn error(&self, loc: Loc, message: impl Into<String>, label: impl Into<String>) -> EvalError {
        EvalError {
            loc,
            message: message.into(),
            label: label.into(),
        }
    }

    fn unexpected(&self, token: &PpToken) -> EvalError {
        self.error(
            token.loc(),
            format!(
                "unexpected `{}` in `#{}` expression",
                token.text(),
                self.directive
            ),
            "expected an operator, a number or a macro name here",
        )
    }

    fn enter(&mut self) -> Result<(), EvalError> {
        self.nesting += 1;
        if self.nesting > MAX_NESTING {
            let loc = self
                .tokens
                .get(self.pos)
                .map_or(self.directive_loc, PpToken::loc);
            return Err(self.error(
                loc,
                format!("`#{}` expression nested too deeply", self.directive),
                "too many nested parentheses or unary operators; simplify the expression",
            ));
        }
        Ok(())
    }

    /// Binary operators of precedence `min` and above; `live` is false on a skipped side.
    fn expression(&mut self, min: u8, live: bool) -> Result<i64, EvalError> {
        self.enter()?;
        let result = self.binary(min, live);
        self.nesting -= 1;
        result
    }

    fn binary(&mut self, min: u8, live: bool) -> Result<i64, EvalError> {
        let mut lhs = self.unary(live)?;
        while let Some(op) = self.tokens.get(self.pos) {
            if op.token.kind != TokenKind::Punct {
                break;
            }
            let Some(prec) = precedence(op.text()).filter(|&p| p >= min) else {
                break;
            };
            self.pos += 1;
            if op.is_punct("?") {
                let then_value = self.expression(0, live && lhs != 0)?;
                match self.tokens.get(self.pos) {
                    Some(colon) if colon.is_punct(":") => self.pos += 1,
                    _ => {
                        return Err(self.error(
                            op.loc(),
                            format!("`?` without `:` in `#{}` expression", self.directive),
                            "write `condition ? a : b`",
                        ))
                    }
                }
                let else_value = self.expression(0, live && lhs == 0)?;
                lhs = if lhs != 0 { then_value } else { else_value };
                continue;
            }
            let rhs_live = match op.text() {
                "&&" => live && lhs != 0,
                "||" => live && lhs == 0,
                _ => live,
            };
            let rhs = self.expression(prec + 1, rhs_live)?;
            lhs = self.apply(op, lhs, rhs, live)?;
        }
        Ok(lhs)
    }

    fn apply(&self, op: &PpToken, lhs: i64, rhs: i64, live: bool) -> Result<i64, EvalError> {
        let truth = |b: bool| i64::from(b);
        Ok(match op.text() {
            "*" => lhs.wrapping_mul(rhs),
            "/" | "%" if rhs == 0 => {
                if live {
                    return Err(self.error(
                        op.loc(),
                        format!("division by zero in `#{}` expression", self.directive),
                        "the right side of this operator is 0",
                    ));
                }
                0
            }
            "/" => lhs.wrapping_div(rhs),
            "%" => lhs.wrapping_rem(rhs),
            "+" => lhs.wrapping_add(rhs),
            "-" => lhs.wrapping_sub(rhs),
            "<<" => u32::try_from(rhs)
                .ok()
                .and_then(|n| lhs.checked_shl(n))
                .unwrap_or(0),
            ">>" => u32::try_from(rhs)
                .ok()
                .and_then(|n| lhs.checked_shr(n))
                .unwrap_or(if lhs < 0 { -1 } else { 0 }),
            "<" => truth(lhs < rhs),
            ">" => truth(lhs > rhs),
            "<=" => truth(lhs <= rhs),
            ">=" => truth(lhs >= rhs),
            "==" => truth(lhs == rhs),
            "!=" => truth(lhs != rhs),
            "&" => lhs & rhs,
            "^" => lhs ^ rhs,
            "|" => lhs | rhs,
            "&&" => truth(lhs != 0 && rhs != 0),
            "||" => truth(lhs != 0 || rhs != 0),
            _ => return Err(self.unexpected(op)),
        })
    }

    fn unary(&mut self, live: bool) -> Result<i64, EvalError> {
        let Some(token) = self.tokens.get(self.pos) else {
            let loc = self.tokens.last().map_or(self.directive_loc, PpToken::loc);
            return Err(self.error(
                loc,
                format!("`#{}` expression ends too early", self.directive),
                "expected a number, a macro name or `(` after this",
            ));
        };
        self.pos += 1;
        match token.token.kind {
            TokenKind::Int => parse_int(token.text()).ok_or_else(|| {
                self.error(
                    token.loc(),
                    format!(
                        "integer `{}` is too large for `#{}`",
                        token.text(),
                        self.directive
                    ),
                    "preprocessor integers are 64-bit",
                )
            }),
            TokenKind::Ident if self.es && live => Err(self.error(
                token.loc(),
                format!(
                    "`{}` is not a macro: in GLSL ES an undefined name in `#{}` is an error",
                    token.text(),
                    self.directive
                ),
                "test it with `defined(...)`, or define it",
            )),
            // An identifier that is not a macro is 0, as in C.
            TokenKind::Ident => Ok(0),
            TokenKind::Float => Err(self.error(
                token.loc(),
                format!(
                    "floating-point number `{}` in `#{}` expression",
                    token.text(),
                    self.directive
                ),
                "preprocessor expressions use integers only",
            )),
            TokenKind::Punct => {
                let op = token.text();
                if !matches!(op, "(" | "+" | "-" | "!" | "~") {
                    return Err(self.unexpected(token));
                }
                self.enter()?;
                let result = if op == "(" {
                    self.parenthesized(token, live)
                } else {
                    self.unary(live).map(|value| match op {
                        "-" => value.wrapping_neg(),
                        "!" => i64::from(value == 0),
                        "~" => !value,
                        _ => value,
                    })
                };
                self.nesting -= 1;
                result
            }
        }
    }

    fn parenthesized(&mut self, open: &PpToken, live: bool) -> Result<i64, EvalError> {
        let value = self.expression(0, live)?;
        match self.tokens.get(self.pos) {
            Some(close) if close.is_punct(")") => {
                self.pos += 1;
                Ok(value)
            }
            _ => Err(self.error(
                open.loc(),
                format!("unclosed `(` in `#{}` expression", self.directive),
                "add the missing `)`",
            )),
        }
    }
}

/// A GLSL integer literal (decimal, octal, hex; `u` suffix) as the preprocessor's value.
pub(crate) fn parse_int(text: &str) -> Option<i64> {
    let digits = text.trim_end_matches(['u', 'U']);
    let value = if let Some(hex) = digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"))
    {
        u64::from_str_radix(hex, 16).ok()?
    } else if digits.len() > 1 && digits.starts_with('0') {
        u64::from_str_radix(digits.get(1..)?, 8).ok()?
    } else {
        digits.parse::<u64>().ok()?
    };
    // Literals above i64::MAX wrap, like unsigned arithmetic does in C.
    Some(value as i64)
}
