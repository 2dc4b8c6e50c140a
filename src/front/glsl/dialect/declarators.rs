//! Declarations naga 30's GLSL reader types wrong: one declaration per declarator, and array
//! sizes taken from the initializer.
//!
//! - Several declarators with array specifiers (`int data[10], temp[10];`,
//!   `float a[2], y;`, struct members `int a[2], b[3];`): naga applies the first declarator's
//!   array size to every later one (`temp` becomes `int[10][10]`, `y` a `float[2]`, `b` an
//!   `int[2]`), so validation fails, or worse, passes with the wrong type. Each declarator
//!   becomes its own declaration with the same qualifiers and type
//!   (`int data[10]; int temp[10];`), which means the same: GLSL evaluates the declarators'
//!   initializers left to right, as the split statements do.
//! - An unsized array with an initializer (`const float k[] = float[](1.0, 2.0);`,
//!   `float[] k = float[3](...)`, `float k[] = { ... }`): naga keeps the declared type
//!   unsized, which no variable or constant may have. The size is the number of elements of
//!   the constructor or initializer list, written into both the declaration and an unsized
//!   constructor (`float k[2] = float[2](1.0, 2.0)`).
//!
//! A declaration is a statement (at any depth: global, local, struct member) made of
//! qualifier keywords, a type name, the type's array specifiers, then declarators
//! (`name [..]* (= initializer)?`) separated by commas. Declarations with a `layout(...)`
//! are left alone (a split would repeat a location or offset), as are `for` headers (a split
//! is not a statement there) and anything that does not parse as above.

use std::ops::Range;

use super::items::{matching_close, QUALIFIERS};
use super::tokens::{apply, gen, Edit};
use crate::front::glsl::preprocess::{Token, TokenKind};

/// Words that start a statement but not a declaration.
const STATEMENT_WORDS: &[&str] = &[
    "return",
    "if",
    "else",
    "for",
    "while",
    "do",
    "switch",
    "case",
    "default",
    "break",
    "continue",
    "discard",
    "struct",
    "precision",
    "layout",
];

struct Declarator {
    /// From the name to the last token before the `,` or `;`.
    range: Range<usize>,
    /// The `[ ... ]` groups right after the name.
    runs: Vec<Range<usize>>,
    /// The tokens after `=`.
    init: Option<Range<usize>>,
}

struct Declaration {
    /// Qualifiers, type name and the type's `[ ... ]` groups.
    head: Range<usize>,
    /// The type's `[ ... ]` groups.
    type_runs: Vec<Range<usize>>,
    declarators: Vec<Declarator>,
    /// The `;`.
    end: usize,
}

/// The rewrite of the module docs.
pub(super) fn split_declarators(tokens: Vec<Token>) -> Vec<Token> {
    let mut edits = Vec::new();
    let mut next_free = 0;
    for start in statement_starts(&tokens) {
        if start < next_free {
            continue;
        }
        let Some(declaration) = declaration_at(&tokens, start) else {
            continue;
        };
        if let Some(insert) = rewrite(&tokens, &declaration) {
            edits.push(Edit::replace(start..declaration.end + 1, insert));
            next_free = declaration.end + 1;
        }
    }
    if edits.is_empty() {
        return tokens;
    }
    apply(tokens, edits)
}

/// Indices where a statement may start: the first token and each token after `;`, `{` or
/// `}`, except inside a `for` header's parentheses.
fn statement_starts(tokens: &[Token]) -> Vec<usize> {
    let mut starts = vec![0];
    let mut for_header_end = 0;
    for (i, t) in tokens.iter().enumerate() {
        if t.is_ident("for") && tokens.get(i + 1).is_some_and(|n| n.is_punct("(")) {
            for_header_end = matching_close(tokens, i + 1, tokens.len()).unwrap_or(i + 1);
        }
        if i >= for_header_end && (t.is_punct(";") || t.is_punct("{") || t.is_punct("}")) {
            starts.push(i + 1);
        }
    }
    starts.retain(|&s| s < tokens.len());
    starts
}

/// The `[ ... ]` groups starting at `at`, and the index after them.
fn bracket_runs(tokens: &[Token], mut at: usize) -> Option<(Vec<Range<usize>>, usize)> {
    let mut runs = Vec::new();
    while tokens.get(at).is_some_and(|t| t.is_punct("[")) {
        let close = matching_close(tokens, at, tokens.len())?;
        runs.push(at..close + 1);
        at = close + 1;
    }
    Some((runs, at))
}

fn declaration_at(tokens: &[Token], start: usize) -> Option<Declaration> {
    let mut at = start;
    while tokens
        .get(at)
        .is_some_and(|t| t.kind == TokenKind::Ident && QUALIFIERS.contains(&t.text.as_str()))
    {
        at += 1;
    }
    let ty = tokens.get(at)?;
    if ty.kind != TokenKind::Ident || STATEMENT_WORDS.contains(&ty.text.as_str()) {
        return None;
    }
    let (type_runs, after_type) = bracket_runs(tokens, at + 1)?;
    let head = start..after_type;
    let mut declarators = Vec::new();
    let mut at = after_type;
    loop {
        let name = tokens.get(at)?;
        if name.kind != TokenKind::Ident {
            return None;
        }
        let (runs, after_runs) = bracket_runs(tokens, at + 1)?;
        let mut end = after_runs;
        let mut init = None;
        if tokens.get(end)?.is_punct("=") {
            let init_start = end + 1;
            end = expression_end(tokens, init_start)?;
            init = Some(init_start..end);
        }
        declarators.push(Declarator {
            range: at..end,
            runs,
            init,
        });
        let separator = tokens.get(end)?;
        if separator.is_punct(";") {
            return Some(Declaration {
                head,
                type_runs,
                declarators,
                end,
            });
        }
        if !separator.is_punct(",") {
            return None;
        }
        at = end + 1;
    }
}

/// The index of the `,` or `;` that ends the initializer starting at `start`, outside any
/// brackets.
fn expression_end(tokens: &[Token], start: usize) -> Option<usize> {
    let mut at = start;
    while let Some(t) = tokens.get(at) {
        if t.is_punct("(") || t.is_punct("[") || t.is_punct("{") {
            at = matching_close(tokens, at, tokens.len())? + 1;
            continue;
        }
        if t.is_punct(",") || t.is_punct(";") {
            return (at > start).then_some(at);
        }
        if t.is_punct(")") || t.is_punct("]") || t.is_punct("}") {
            return None;
        }
        at += 1;
    }
    None
}

/// The number of elements an initializer has: a constructor `T[...]( a, b, ... )` or an
/// initializer list `{ a, b, ... }`; `None` for any other expression.
fn element_count(tokens: &[Token], init: &Range<usize>) -> Option<(usize, Option<usize>)> {
    let first = tokens.get(init.start)?;
    let (open, unsized_constructor) = if first.is_punct("{") {
        (init.start, None)
    } else {
        let (runs, after) = bracket_runs(tokens, init.start + 1)?;
        let outer = runs.first()?;
        let open = after;
        if first.kind != TokenKind::Ident || !tokens.get(open)?.is_punct("(") {
            return None;
        }
        (open, (outer.len() == 2).then_some(outer.start))
    };
    let close = matching_close(tokens, open, init.end)?;
    if close + 1 != init.end {
        return None;
    }
    let mut count = 0;
    let mut at = open + 1;
    while at < close {
        let end = element_end(tokens, at, close)?;
        count += 1;
        at = end + 1;
    }
    Some((count, unsized_constructor))
}

/// The end (a `,` or `close`) of the element starting at `at`.
fn element_end(tokens: &[Token], mut at: usize, close: usize) -> Option<usize> {
    let start = at;
    while at < close {
        let t = &tokens[at];
        if t.is_punct("(") || t.is_punct("[") || t.is_punct("{") {
            at = matching_close(tokens, at, close)? + 1;
            continue;
        }
        if t.is_punct(",") {
            break;
        }
        at += 1;
    }
    (at > start).then_some(at)
}

/// The tokens that replace `declaration`, or `None` when it needs no change.
fn rewrite(tokens: &[Token], declaration: &Declaration) -> Option<Vec<Token>> {
    let split = declaration.declarators.len() > 1
        && declaration.declarators.iter().any(|d| !d.runs.is_empty());
    // Sizes to fill: token index of an empty `[ ]`'s `[` -> the size.
    let mut sizes: Vec<(usize, usize)> = Vec::new();
    for d in &declaration.declarators {
        let empty_run = d
            .runs
            .first()
            .or(declaration.type_runs.first().filter(|_| d.runs.is_empty()))
            .filter(|run| run.len() == 2);
        let (Some(run), Some(init)) = (empty_run, &d.init) else {
            continue;
        };
        if let Some((count, constructor)) = element_count(tokens, init) {
            if count > 0 {
                sizes.push((run.start, count));
                if let Some(at) = constructor {
                    sizes.push((at, count));
                }
            }
        }
    }
    // A size in the shared type applies to every declarator: only fill it for one.
    let type_sized = sizes.iter().any(|(at, _)| declaration.head.contains(at));
    if type_sized && declaration.declarators.len() > 1 {
        sizes.retain(|(at, _)| !declaration.head.contains(at));
    }
    if !split && sizes.is_empty() {
        return None;
    }
    let copy = |range: Range<usize>, out: &mut Vec<Token>| {
        let mut at = range.start;
        while at < range.end {
            match sizes.iter().find(|(open, _)| *open == at) {
                Some((_, size)) => {
                    out.push(tokens[at].clone());
                    out.extend(gen(&size.to_string(), tokens[at].loc));
                    out.push(tokens[at + 1].clone());
                    at += 2;
                }
                None => {
                    out.push(tokens[at].clone());
                    at += 1;
                }
            }
        }
    };
    let mut out = Vec::new();
    let semicolon = &tokens[declaration.end];
    if split {
        for d in &declaration.declarators {
            copy(declaration.head.clone(), &mut out);
            copy(d.range.clone(), &mut out);
            out.push(semicolon.clone());
        }
    } else {
        copy(declaration.head.start..declaration.end + 1, &mut out);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<Token> {
        super::super::tokens::lex(text)
    }

    fn run(text: &str) -> String {
        split_declarators(tokens(text))
            .iter()
            .map(|t| t.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn declarators_with_arrays_become_one_declaration_each() {
        assert_eq!(
            run("int data[10], temp[10];"),
            "int data [ 10 ] ; int temp [ 10 ] ;"
        );
        assert_eq!(
            run("void f() { const float a[2] = float[2](1.0, 2.0), y = a[1]; }"),
            "void f ( ) { const float a [ 2 ] = float [ 2 ] ( 1.0 , 2.0 ) ; const float y = a [ 1 ] ; }"
        );
        assert_eq!(
            run("struct S { int a[2], b[3]; };"),
            "struct S { int a [ 2 ] ; int b [ 3 ] ; } ;"
        );
    }

    #[test]
    fn plain_declarations_layouts_and_for_headers_are_left_alone() {
        for text in [
            "float x = 1.0, y;",
            "layout(location = 0) out vec4 a[2], b;",
            "void f() { for (int i = 0, j[2]; i < 2; i++) {} }",
            "void f() { return a[0], b[1]; }",
            "void f() { x[0] = 1, y[1] = 2; }",
        ] {
            assert_eq!(
                run(text),
                tokens(text)
                    .iter()
                    .map(|t| t.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
                "{text}"
            );
        }
    }

    #[test]
    fn unsized_arrays_take_the_initializer_size() {
        assert_eq!(
            run("const float k[] = float[](1.0, f(2.0, 3.0), 4.0);"),
            "const float k [ 3 ] = float [ 3 ] ( 1.0 , f ( 2.0 , 3.0 ) , 4.0 ) ;"
        );
        assert_eq!(
            run("float[] k = float[2](1.0, 2.0);"),
            "float [ 2 ] k = float [ 2 ] ( 1.0 , 2.0 ) ;"
        );
        assert_eq!(
            run("vec2 k[] = { vec2(1.0), vec2(2.0) };"),
            "vec2 k [ 2 ] = { vec2 ( 1.0 ) , vec2 ( 2.0 ) } ;"
        );
        // Not a constructor: the size is unknown here.
        assert_eq!(run("float k[] = other;"), "float k [ ] = other ;");
    }
}
