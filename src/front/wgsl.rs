//! WGSL: naga reads the user's text directly, after a check that its nesting stays within
//! what naga's recursive parser survives (the same limits as GLSL's, from
//! [`nesting`](crate::front::glsl::dialect::nesting)).

use codespan_reporting::diagnostic::Label;

use crate::diagnostic::Diagnostic;
use crate::front::glsl::dialect::nesting::{MAX_ELSE_CHAIN, MAX_NESTING, MAX_PREFIX_RUN};
use crate::front::spans::SpanMap;
use crate::source::{FileId, Loc, SourceFiles};

/// Parse WGSL: naga reads the user's text directly.
pub fn parse_wgsl(
    files: &SourceFiles,
    file: FileId,
) -> Result<(naga::Module, SpanMap), Vec<Diagnostic>> {
    let text = &files.get(file).text;
    naga::front::wgsl::parse_str(text)
        .map(|module| (module, SpanMap::Identity(file)))
        .map_err(|err| {
            let labels = err
                .labels()
                .filter_map(|(span, message)| {
                    let range = span.to_range()?;
                    Some(Label::primary(file, range).with_message(message.to_string()))
                })
                .collect();
            vec![Diagnostic::error()
                .with_code("E-PARSE")
                .with_message(err.message().to_string())
                .with_labels(labels)
                .with_notes(err.notes().map(str::to_string).collect())]
        })
}

/// The deepest bracket nesting accepted in WGSL text, and the longest run of prefix
/// operators (`- - x`, `&*&*p`): naga's parser and lowerer recurse per level of either.
pub fn check_nesting(text: &str, file: FileId) -> Result<(), Diagnostic> {
    let too_deep = |i: usize, message: String| {
        Err(crate::diagnostic::error_at(
            "E-SYNTAX",
            message,
            Loc::new(file, i..i + 1),
            "limit reached here",
        ))
    };
    let mut depth = 0usize;
    let mut run = 0usize;
    // `else if` chains nest one level per branch: `else`s per brace level, until a `}` is
    // followed by something other than `else`.
    let mut elses: Vec<usize> = vec![0];
    let mut after_close = false;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_alphabetic() || c == '_' {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if !(d.is_alphanumeric() || d == '_') {
                    break;
                }
                end = j + d.len_utf8();
                chars.next();
            }
            let word = &text[i..end];
            let level = elses.last_mut().expect("the outermost level stays");
            if word == "else" {
                *level += 1;
                if *level > MAX_ELSE_CHAIN {
                    return too_deep(
                        i,
                        format!("more than {MAX_ELSE_CHAIN} `else` branches in one chain"),
                    );
                }
            } else if after_close {
                *level = 0;
            }
            after_close = false;
            run = 0;
            continue;
        }
        if after_close && !c.is_whitespace() && c != '/' {
            *elses.last_mut().expect("the outermost level stays") = 0;
            after_close = false;
        }
        match c {
            '/' if chars.peek().map(|p| p.1) == Some('/') => {
                for (_, c) in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
                continue;
            }
            // Block comments nest in WGSL.
            '/' if chars.peek().map(|p| p.1) == Some('*') => {
                chars.next();
                let mut open = 1;
                while open > 0 {
                    match chars.next() {
                        Some((_, '/')) if chars.peek().map(|p| p.1) == Some('*') => {
                            chars.next();
                            open += 1;
                        }
                        Some((_, '*')) if chars.peek().map(|p| p.1) == Some('/') => {
                            chars.next();
                            open -= 1;
                        }
                        Some(_) => {}
                        None => break,
                    }
                }
                continue;
            }
            '(' | '[' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return too_deep(
                        i,
                        format!("brackets nested deeper than {MAX_NESTING} levels"),
                    );
                }
            }
            '{' => {
                depth += 1;
                elses.push(0);
                if depth > MAX_NESTING {
                    return too_deep(
                        i,
                        format!("brackets nested deeper than {MAX_NESTING} levels"),
                    );
                }
            }
            '}' => {
                depth = depth.saturating_sub(1);
                if elses.len() > 1 {
                    elses.pop();
                }
                after_close = true;
            }
            ')' | ']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if matches!(c, '-' | '!' | '~' | '&' | '*') {
            run += 1;
            if run > MAX_PREFIX_RUN {
                return too_deep(
                    i,
                    format!(
                        "more than {MAX_PREFIX_RUN} operators in a row: more than prism compiles \
                         (split the expression)"
                    ),
                );
            }
        } else if !c.is_whitespace() {
            run = 0;
        }
    }
    Ok(())
}
