//! `debugPrintfEXT(format, ...)` (GL_EXT_debug_printf) is dropped, with a warning: naga's
//! IR has no printf, and a printf changes no value the shader computes, so the shader
//! without it is the one whose code, cost and lints the user wants to see. The preprocessor
//! keeps the format string as one token only there (`preprocess::preprocessor`).
//!
//! Only a call that is a statement of its own, whose arguments change nothing (no `++`,
//! `--`, assignment, or call of a user function), is dropped; its `;` stays, an empty
//! statement. Any other call is an `E-UNSUPPORTED` at the call.

use std::collections::HashSet;

use super::items;
use super::tokens::{self, Edit};
use crate::diagnostic::{error_at, warning_at, Diagnostic};
use crate::front::glsl::preprocess::{Token, TokenKind};

const PRINTF: &str = "debugPrintfEXT";

/// The rewrite of the module docs: the tokens without the calls, and one warning.
pub(super) fn drop_debug_printf(
    tokens: Vec<Token>,
) -> Result<(Vec<Token>, Vec<Diagnostic>), Vec<Diagnostic>> {
    if !tokens.iter().any(|t| t.is_ident(PRINTF)) {
        return Ok((tokens, Vec::new()));
    }
    let user_functions = items::user_function_names(&tokens);
    let mut edits = Vec::new();
    let mut errors = Vec::new();
    for (at, t) in tokens.iter().enumerate() {
        if !t.is_ident(PRINTF) || user_functions.contains(PRINTF) {
            continue;
        }
        match droppable(&tokens, at, &user_functions) {
            Ok(close) => edits.push(Edit::delete(at..close + 1)),
            Err(why) => errors.push(error_at(
                "E-UNSUPPORTED",
                format!(
                    "not supported by prism: `{PRINTF}` {why} (GL_EXT_debug_printf: naga's IR \
                     has no printf; prism drops a call that is a statement of its own and \
                     whose arguments change nothing)"
                ),
                t.loc,
                format!("`{PRINTF}` needs it"),
            )),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let warnings = match tokens.iter().find(|t| t.is_ident(PRINTF)) {
        Some(first) if !edits.is_empty() => vec![warning_at(
            "W-DIALECT",
            format!(
                "`{PRINTF}` is dropped ({} call{}): naga's IR has no printf \
                 (GL_EXT_debug_printf); the shader computes the same values without the messages",
                edits.len(),
                if edits.len() == 1 { "" } else { "s" }
            ),
            first.loc,
            "prints nothing in prism's output",
        )],
        _ => Vec::new(),
    };
    Ok((tokens::apply(tokens, edits), warnings))
}

/// The `)` closing the call at `at` when the call can be dropped; why not, otherwise.
fn droppable(
    tokens: &[Token],
    at: usize,
    user_functions: &HashSet<String>,
) -> Result<usize, &'static str> {
    let close = tokens
        .get(at + 1)
        .filter(|t| t.is_punct("("))
        .and_then(|_| items::matching_close(tokens, at + 1, tokens.len()))
        .ok_or("without its arguments")?;
    let statement_start = at.checked_sub(1).map(|k| &tokens[k]).is_none_or(|p| {
        [";", "{", "}", ")", ":"].iter().any(|s| p.is_punct(s)) || p.is_ident("else")
    });
    let statement_end = tokens.get(close + 1).is_some_and(|t| t.is_punct(";"));
    if !(statement_start && statement_end) {
        return Err("inside an expression");
    }
    let args = &tokens[at + 2..close];
    let writes = args.iter().any(|t| {
        t.kind == TokenKind::Punct
            && (t.text == "++"
                || t.text == "--"
                || (t.text.ends_with('=') && !matches!(t.text.as_str(), "==" | "!=" | "<=" | ">=")))
    });
    let calls_user = args.windows(2).any(|w| {
        w[0].kind == TokenKind::Ident && w[1].is_punct("(") && user_functions.contains(&w[0].text)
    });
    if writes || calls_user {
        return Err("with arguments that change values");
    }
    Ok(close)
}
