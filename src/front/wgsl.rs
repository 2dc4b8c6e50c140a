//! WGSL: naga reads the user's text directly, after a check that its nesting stays within
//! what naga's recursive parser survives (the same limits as GLSL's, from
//! [`nesting`](crate::front::glsl::dialect::nesting)).

use codespan_reporting::diagnostic::Label;

use crate::diagnostic::Diagnostic;
use crate::front::glsl::dialect::nesting::{MAX_ELSE_CHAIN, MAX_NESTING, MAX_PREFIX_RUN};
use crate::front::spans::SpanMap;
use crate::source::{FileId, Loc, SourceFiles};

/// Parse WGSL: naga reads the user's text directly (with [`naga_readable`]'s blanks).
pub fn parse_wgsl(
    files: &SourceFiles,
    file: FileId,
) -> Result<(naga::Module, SpanMap), Vec<Diagnostic>> {
    let text = naga_readable(&files.get(file).text);
    naga::front::wgsl::parse_str(&text)
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

/// `text` with `subgroups` blanked out of its `enable` directives (a directive naming only
/// it becomes spaces), every byte offset kept. naga 30 reads subgroup operations and
/// built-ins without the directive but refuses the directive itself ("not yet
/// implemented"), while browsers require it: WGSL written for a browser, prism's own WGSL
/// output included, carries it.
pub fn naga_readable(text: &str) -> std::borrow::Cow<'_, str> {
    let is_ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let bytes = text.as_bytes();
    let mut out: Option<Vec<u8>> = None;
    let mut from = 0;
    while let Some(found) = text[from..].find("enable") {
        let start = from + found;
        let after = start + "enable".len();
        from = after;
        if (start > 0 && is_ident(bytes[start - 1]))
            || bytes.get(after).is_some_and(|&c| is_ident(c))
        {
            continue;
        }
        let Some(semicolon) = text[after..].find(';').map(|i| after + i) else {
            break;
        };
        let list = &text[after..semicolon];
        let names: Vec<&str> = list.split(',').map(str::trim).collect();
        if !names.contains(&"subgroups") {
            continue;
        }
        let out = out.get_or_insert_with(|| bytes.to_vec());
        let blank = |out: &mut Vec<u8>, range: std::ops::Range<usize>| {
            for b in &mut out[range] {
                if *b != b'\n' && *b != b'\r' {
                    *b = b' ';
                }
            }
        };
        if names.iter().all(|n| *n == "subgroups" || n.is_empty()) {
            blank(out, start..semicolon + 1);
            continue;
        }
        // Blank `subgroups` with the comma after it (or, last in the list, before it).
        let mut at = after;
        for (index, item) in list.split(',').enumerate() {
            let end = at + item.len();
            if item.trim() == "subgroups" {
                if end < semicolon {
                    blank(out, at..end + 1);
                } else if index > 0 {
                    blank(out, at - 1..end);
                }
            }
            at = end + 1;
        }
    }
    match out {
        // Only ASCII bytes were replaced by spaces: still UTF-8.
        Some(bytes) => std::borrow::Cow::Owned(String::from_utf8(bytes).unwrap_or_default()),
        None => std::borrow::Cow::Borrowed(text),
    }
}

#[cfg(test)]
mod tests {
    use super::naga_readable;

    #[test]
    fn subgroups_is_blanked_from_enable_directives_keeping_offsets() {
        let text = "enable subgroups;\nenable f16, subgroups;\nenable subgroups,f16;\nfn f() {}";
        let read = naga_readable(text);
        assert_eq!(read.len(), text.len());
        assert_eq!(
            read,
            "                 \nenable f16           ;\nenable           f16;\nfn f() {}"
        );
        assert!(matches!(
            naga_readable("enable f16;"),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(naga_readable("fn enabled() {}"), "fn enabled() {}");
    }
}
