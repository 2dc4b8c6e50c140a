//! How deep and how long a shader may nest: naga's GLSL reader (and its writers) recurse once
//! per level of brackets, per link of a chain that nests without them (`- - x`, `a.b.c`,
//! `a ? b : c ? d : e`, `else if`), so a hostile shader could overflow their stack. These
//! limits refuse such a shader with a diagnostic first; real shaders stay far below them.
//!
//! The same limits bound WGSL text ([`crate::front`]'s nesting check), and `front::limits`
//! bounds what is left after parsing (expression depth in the naga module).

use codespan_reporting::diagnostic::Label;

use crate::diagnostic::{error_at, Diagnostic};
use crate::front::glsl::preprocess::{Token, TokenKind};

/// The deepest bracket nesting the dialect layer accepts. naga's parser is recursive; a
/// shader nested deeper than this is refused here instead of overflowing its stack.
pub const MAX_NESTING: usize = 256;

/// The longest run of prefix operators (`- - x`, `!!b`) accepted; naga's GLSL reader
/// recurses once per operator. Real code has two or three.
pub const MAX_PREFIX_RUN: usize = 64;

/// The most `?` one statement may hold: `a ? b : c ? d : …` nests without brackets, and
/// naga's reader and writers recurse once per level.
pub const MAX_CONDITIONALS: usize = 512;

/// The most operators one statement may hold. naga's GLSL reader lowers `a + b + c + …` by
/// recursing once per operator (a 50 000-term sum overflowed a 64 MiB stack); an expression
/// chain deeper than `front::limits::MAX_EXPRESSION_DEPTH` (1024) is refused after parsing
/// anyway.
pub const MAX_OPERATORS: usize = 4096;

/// The longest `if … else if … else` chain accepted: each `else if` nests one level deeper
/// in naga's reader and writers.
pub const MAX_ELSE_CHAIN: usize = 1000;

/// Why the token stream could not be split.
#[derive(Clone, Debug)]
pub enum SplitError {
    /// Nesting deeper than [`MAX_NESTING`], at this token.
    TooDeep(usize),
    /// A chain naga's reader would recurse through once per link, longer than prism accepts:
    /// the token where the limit was passed, and what the chain is.
    TooLong(usize, String),
    /// A closing bracket without its opening one, at this token.
    Unbalanced(usize),
    /// A `{` (or a `}`) while a `(` or `[` opened at the first index is still open, at the
    /// second: the usual sign of a missing `)`.
    Unclosed(usize, usize),
}

impl SplitError {
    /// The diagnostic for this error, at its token of `tokens`.
    pub fn diagnostics(self, tokens: &[Token]) -> Vec<Diagnostic> {
        let (index, message, label) = match self {
            SplitError::TooDeep(i) => (
                i,
                format!("brackets nested deeper than {} levels", MAX_NESTING),
                "nesting limit reached here".to_string(),
            ),
            SplitError::TooLong(i, what) => (
                i,
                format!("{what}: more than prism compiles"),
                "limit reached here".to_string(),
            ),
            SplitError::Unbalanced(i) => (
                i,
                "unbalanced bracket".to_string(),
                "no matching opening bracket".to_string(),
            ),
            SplitError::Unclosed(open, at) => {
                let close = if tokens[open].is_punct("(") { ")" } else { "]" };
                let opened = tokens[open].loc;
                let found = &tokens[at];
                return vec![Diagnostic::error()
                    .with_code("E-SYNTAX")
                    .with_message(format!("expected `{close}` before `{}`", found.text))
                    .with_labels(vec![
                        Label::primary(found.loc.file, found.loc.range())
                            .with_message(format!("`{close}` missing before this")),
                        Label::secondary(opened.file, opened.range()).with_message("opened here"),
                    ])];
            }
        };
        let loc = tokens[index].loc;
        vec![error_at("E-SYNTAX", message, loc, label)]
    }
}

/// Refuse chains that nest without brackets, which [`MAX_NESTING`] cannot catch: runs of
/// prefix operators, member and index chains (`v.xyzw.xyzw…`, `a[0][0]…`) and conditionals
/// (`?`) in one statement. naga's GLSL reader recurses once per link: 100 000 of them
/// overflowed a 64 MiB stack.
pub fn check_chains(tokens: &[Token]) -> Result<(), SplitError> {
    let mut prefix_run = 0;
    let mut conditionals = 0;
    let mut operators = 0;
    // Postfix chain length per open bracket: `[` keeps the chain it extends.
    let mut chains: Vec<usize> = vec![0];
    // Statements that nest without braces: `if (a) if (b) …`, `for (;;) for (;;) …`, counted
    // since the last `;` outside parentheses, `{` or `}`; and `else if` chains, counted per
    // brace level until a `;` or `}` is followed by something other than `else`.
    let mut keywords = 0;
    let mut elses: Vec<usize> = vec![0];
    let mut parens = 0usize;
    for (i, token) in tokens.iter().enumerate() {
        let text = token.text.as_str();
        let next_is_else = tokens.get(i + 1).is_some_and(|t| t.is_ident("else"));
        match (token.kind, text) {
            (TokenKind::Punct, "(") => parens += 1,
            (TokenKind::Punct, ")") => parens = parens.saturating_sub(1),
            (TokenKind::Punct, "{") => {
                keywords = 0;
                elses.push(0);
            }
            (TokenKind::Punct, "}") => {
                keywords = 0;
                if elses.len() > 1 {
                    elses.pop();
                }
                if !next_is_else {
                    *elses.last_mut().expect("the outermost level stays") = 0;
                }
            }
            (TokenKind::Punct, ";") if parens == 0 => {
                keywords = 0;
                if !next_is_else {
                    *elses.last_mut().expect("the outermost level stays") = 0;
                }
            }
            (TokenKind::Ident, "if" | "for" | "while" | "do" | "switch" | "else") => {
                keywords += 1;
                if keywords > MAX_NESTING {
                    return Err(SplitError::TooLong(
                        i,
                        format!("more than {MAX_NESTING} statements nested without braces"),
                    ));
                }
                if text == "else" {
                    let run = elses.last_mut().expect("the outermost level stays");
                    *run += 1;
                    if *run > MAX_ELSE_CHAIN {
                        return Err(SplitError::TooLong(
                            i,
                            format!("more than {MAX_ELSE_CHAIN} `else` branches in one chain"),
                        ));
                    }
                }
            }
            _ => {}
        }
        let prefix =
            token.kind == TokenKind::Punct && matches!(text, "-" | "+" | "!" | "~" | "++" | "--");
        prefix_run = if prefix { prefix_run + 1 } else { 0 };
        if prefix_run > MAX_PREFIX_RUN {
            return Err(SplitError::TooLong(
                i,
                format!("more than {MAX_PREFIX_RUN} operators in a row"),
            ));
        }
        // Binary operators only: a sign in a constant table (`-1.0, -2.0`) is not a link.
        let after_operand = i > 0
            && (tokens[i - 1].kind != TokenKind::Punct
                || matches!(tokens[i - 1].text.as_str(), ")" | "]" | "++" | "--"));
        if token.kind == TokenKind::Punct
            && after_operand
            && !matches!(
                text,
                "(" | ")" | "[" | "]" | "{" | "}" | "," | ";" | "." | "?" | ":" | "++" | "--"
            )
        {
            operators += 1;
            if operators > MAX_OPERATORS {
                return Err(SplitError::TooLong(
                    i,
                    format!("more than {MAX_OPERATORS} operators in one statement"),
                ));
            }
        }
        let chain = chains.last_mut().expect("the outermost level stays");
        match (token.kind, text) {
            (TokenKind::Punct, ".") => *chain += 1,
            (TokenKind::Punct, "[") => {
                // The index extends the chain; what is inside starts its own.
                *chain += 1;
                chains.push(0);
            }
            (TokenKind::Punct, "]") => {
                if chains.len() > 1 {
                    chains.pop();
                }
            }
            (TokenKind::Punct, ";" | "{" | "}") => {
                *chain = 0;
                conditionals = 0;
                operators = 0;
            }
            (TokenKind::Punct, "?") => {
                *chain = 0;
                conditionals += 1;
                if conditionals > MAX_CONDITIONALS {
                    return Err(SplitError::TooLong(
                        i,
                        format!("more than {MAX_CONDITIONALS} `?` conditionals in one statement"),
                    ));
                }
            }
            (TokenKind::Punct, _) => *chain = 0,
            // An identifier after `.` continues the chain; any other starts a new one.
            _ if i > 0 && tokens[i - 1].is_punct(".") => {}
            _ => *chain = 0,
        }
        if chains.last().is_some_and(|&c| c > MAX_NESTING) {
            return Err(SplitError::TooLong(
                i,
                format!("more than {MAX_NESTING} member accesses and indices in a row"),
            ));
        }
    }
    Ok(())
}
