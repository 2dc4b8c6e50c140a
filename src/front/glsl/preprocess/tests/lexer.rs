//! Lexing: tokens, comments, numbers and invalid characters, each with its location.

use super::*;
use crate::front::glsl::preprocess::preprocessor::MAX_ERRORS;

#[test]
fn plain_tokens_keep_their_line_and_column() {
    let (files, result) = run_with(
        "void main() {\n    float x = 1.5;\n}\n",
        &PreprocessOptions::default(),
    );
    let out = result.unwrap();
    assert_eq!(text(&out), "void main ( ) { float x = 1.5 ; }");
    let x = out.tokens.iter().find(|t| t.text == "x").unwrap();
    assert_eq!(files.line_col(x.loc), (2, 11));
    assert_eq!(x.loc.range(), 24..25);
    assert!(!x.from_macro);
    let close = out.tokens.last().unwrap();
    assert_eq!(files.line_col(close.loc), (3, 1));
}

#[test]
fn numbers_and_operators_are_lexed_with_longest_match() {
    let out =
        ok("a <<= 0x1Fu >>= 017 ^^ b++ -- 1.0e-3 .5 1. 1e3 2.0lf 3.0F && || != == <= >= += ## 7u");
    let tokens: Vec<(TokenKind, &str)> = out
        .tokens
        .iter()
        .map(|t| (t.kind, t.text.as_str()))
        .collect();
    use TokenKind::*;
    assert_eq!(
        tokens,
        vec![
            (Ident, "a"),
            (Punct, "<<="),
            (Int, "0x1Fu"),
            (Punct, ">>="),
            (Int, "017"),
            (Punct, "^^"),
            (Ident, "b"),
            (Punct, "++"),
            (Punct, "--"),
            (Float, "1.0e-3"),
            (Float, ".5"),
            (Float, "1."),
            (Float, "1e3"),
            (Float, "2.0lf"),
            (Float, "3.0F"),
            (Punct, "&&"),
            (Punct, "||"),
            (Punct, "!="),
            (Punct, "=="),
            (Punct, "<="),
            (Punct, ">="),
            (Punct, "+="),
            (Punct, "##"),
            (Int, "7u"),
        ]
    );
}

#[test]
fn comments_are_removed_and_continuations_joined() {
    let out = ok("a /* one\ntwo */ b // three\nc\\\nd\n#define LONG 1 + \\\n  2\nLONG");
    assert_eq!(text(&out), "a b cd 1 + 2");
}

#[test]
fn unterminated_comment_is_an_error_at_its_start() {
    let (files, errors) = expect_errors("int a;\n  /* never closed\nint b;\n");
    assert_eq!(messages(&errors), vec!["unterminated block comment"]);
    assert_eq!(place(&files, &errors[0]), ("main.glsl".into(), 2, 3));
}

#[test]
fn unterminated_comment_is_reported_even_in_a_skipped_branch() {
    let (_, errors) = expect_errors("#if 0\n/* open\n#endif\n");
    assert!(messages(&errors).contains(&"unterminated block comment".to_string()));
}

#[test]
fn invalid_characters_are_errors_with_their_location() {
    let (files, errors) = expect_errors("float a = 1.0;\nfloat b @ 2.0;\nfloat é;\n");
    assert_eq!(
        messages(&errors),
        vec![
            "invalid character `@` in GLSL code",
            "non-ASCII character `é` in GLSL code"
        ]
    );
    assert_eq!(place(&files, &errors[0]), ("main.glsl".into(), 2, 9));
    assert_eq!(place(&files, &errors[1]), ("main.glsl".into(), 3, 7));
}

#[test]
fn bad_numbers_are_errors() {
    let (_, errors) = expect_errors("int a = 1abc; int b = 09;");
    assert_eq!(
        messages(&errors),
        vec![
            "invalid number `1abc`",
            "invalid digit in octal number `09`"
        ]
    );
}

#[test]
fn non_ascii_in_comments_is_fine() {
    assert_eq!(text(&ok("// héllo ✓\nx /* ü */ y")), "x y");
}

#[test]
fn lexing_stops_after_twenty_errors() {
    let (_, errors) = expect_errors(&"@\n".repeat(1000));
    let error_count = errors
        .iter()
        .filter(|d| d.severity == codespan_reporting::diagnostic::Severity::Error)
        .count();
    assert_eq!(error_count, MAX_ERRORS);
    assert!(errors.last().unwrap().message.contains("stopped after 20"));
}
