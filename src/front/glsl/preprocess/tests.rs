use std::path::Path;

use super::*;
use crate::source::SourceFile;

fn run_with(
    source: &str,
    options: &PreprocessOptions,
) -> (SourceFiles, Result<Preprocessed, Vec<Diagnostic>>) {
    let mut files = SourceFiles::new();
    let root = files.add(SourceFile::new("main.glsl", None, source));
    let result = preprocess(&mut files, root, options);
    (files, result)
}

fn messages(diagnostics: &[Diagnostic]) -> Vec<String> {
    diagnostics.iter().map(|d| d.message.clone()).collect()
}

fn ok_with(source: &str, options: &PreprocessOptions) -> Preprocessed {
    match run_with(source, options).1 {
        Ok(out) => out,
        Err(errors) => panic!("unexpected errors: {:?}", messages(&errors)),
    }
}

fn ok(source: &str) -> Preprocessed {
    ok_with(source, &PreprocessOptions::default())
}

fn expect_errors_with(source: &str, options: &PreprocessOptions) -> (SourceFiles, Vec<Diagnostic>) {
    match run_with(source, options) {
        (_, Ok(out)) => panic!("expected errors, got tokens {:?}", text(&out)),
        (files, Err(errors)) => (files, errors),
    }
}

fn expect_errors(source: &str) -> (SourceFiles, Vec<Diagnostic>) {
    expect_errors_with(source, &PreprocessOptions::default())
}

/// The output tokens' texts joined by single spaces.
fn text(out: &Preprocessed) -> String {
    out.tokens
        .iter()
        .map(|t| t.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// (file name, line, column) of a diagnostic's primary label.
fn place(files: &SourceFiles, diagnostic: &Diagnostic) -> (String, usize, usize) {
    let label = diagnostic.labels.first().expect("diagnostic has a label");
    let (line, column) = files.get(label.file_id).line_col(label.range.start);
    (files.get(label.file_id).name.clone(), line, column)
}

fn es_options() -> PreprocessOptions {
    PreprocessOptions {
        no_version_is_es: true,
        ..PreprocessOptions::default()
    }
}

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(path, text).unwrap();
}

/// Preprocesses `dir/main.glsl` from disk, as the CLI would.
fn run_file(
    dir: &Path,
    options: &PreprocessOptions,
) -> (SourceFiles, Result<Preprocessed, Vec<Diagnostic>>) {
    let path = dir.join("main.glsl");
    let source = std::fs::read_to_string(&path).unwrap();
    let mut files = SourceFiles::new();
    let root = files.add(SourceFile::new("main.glsl", Some(path), source));
    let result = preprocess(&mut files, root, options);
    (files, result)
}

// ---- lexer ----

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

// ---- macros ----

#[test]
fn object_macro_tokens_are_located_at_the_use() {
    let (files, result) = run_with(
        "#define SCALE 2.0 * k\n\nfloat y = SCALE;\n",
        &PreprocessOptions::default(),
    );
    let out = result.unwrap();
    assert_eq!(text(&out), "float y = 2.0 * k ;");
    for token in &out.tokens[3..6] {
        assert!(token.from_macro, "{token:?}");
        assert_eq!(files.line_col(token.loc), (3, 11));
        assert_eq!(token.loc.range(), 33..38);
    }
    assert!(!out.tokens[6].from_macro);
}

#[test]
fn function_macro_location_spans_name_to_closing_paren() {
    let source = "#define MUL(a, b) ((a) * (b))\nfloat z = MUL(x, y + 1);\n";
    let (files, result) = run_with(source, &PreprocessOptions::default());
    let out = result.unwrap();
    assert_eq!(text(&out), "float z = ( ( x ) * ( y + 1 ) ) ;");
    let start = source.find("MUL(x").unwrap();
    let end = source.find(");").unwrap() + 1;
    for token in &out.tokens[3..14] {
        assert!(token.from_macro);
        assert_eq!(token.loc.range(), start..end);
    }
    assert_eq!(files.line_col(out.tokens[3].loc), (2, 11));
}

#[test]
fn nested_expansion_is_located_at_the_outermost_invocation() {
    let source = "#define INNER v * 2\n#define OUTER(x) (x + INNER)\n\nOUTER(a)\n";
    let (files, result) = run_with(source, &PreprocessOptions::default());
    let out = result.unwrap();
    assert_eq!(text(&out), "( a + v * 2 )");
    let start = source.find("OUTER(a)").unwrap();
    assert!(out
        .tokens
        .iter()
        .all(|t| t.loc.range() == (start..start + 8) && t.from_macro));
    assert_eq!(files.line_col(out.tokens[0].loc).0, 4);
}

#[test]
fn self_referential_macros_terminate() {
    assert_eq!(text(&ok("#define A A + 1\nA")), "A + 1");
    assert_eq!(text(&ok("#define A B\n#define B A\nA B")), "A B");
    assert_eq!(text(&ok("#define f(x) x + f(x)\nf(2)")), "2 + f ( 2 )");
    // A painted token stays painted when it is rescanned as an argument.
    assert_eq!(text(&ok("#define g(x) x\n#define A g(A)\nA")), "A");
}

#[test]
fn function_macro_invocation_may_span_lines() {
    let source = "#define ADD(a, b) a + b\nint x = ADD(\n  1,\n  2\n);\nint y = ADD\n(3, 4);\n";
    let (files, result) = run_with(source, &PreprocessOptions::default());
    let out = result.unwrap();
    assert_eq!(text(&out), "int x = 1 + 2 ; int y = 3 + 4 ;");
    assert_eq!(files.line_col(out.tokens[3].loc), (2, 9));
    assert_eq!(files.line_col(out.tokens[10].loc), (6, 9));
}

#[test]
fn function_macro_name_without_parenthesis_stays_an_identifier() {
    assert_eq!(
        text(&ok("#define f(x) x\nint f; f + 1;")),
        "int f ; f + 1 ;"
    );
    // The next line is a directive: no invocation across it.
    assert_eq!(text(&ok("#define f(x) x\nf\n#define Y 2\n(Y)")), "f ( 2 )");
}

#[test]
fn arguments_are_expanded_before_substitution_and_rescanned() {
    let out =
        ok("#define TWO 2\n#define SQ(x) ((x) * (x))\n#define APPLY(m, v) m(v)\nAPPLY(SQ, TWO)");
    assert_eq!(text(&out), "( ( 2 ) * ( 2 ) )");
    // A macro name produced by an expansion can take its `(` from the file.
    assert_eq!(text(&ok("#define f(x) [x]\n#define g f\ng(1)")), "[ 1 ]");
    // Empty and nested-parenthesis arguments.
    assert_eq!(text(&ok("#define P(a, b) a|b\nP(, (1, 2))")), "| ( 1 , 2 )");
    assert_eq!(text(&ok("#define Z() 0\nZ()")), "0");
}

#[test]
fn token_pasting() {
    assert_eq!(
        text(&ok(
            "#define CAT(a, b) a ## b\nCAT(vec, 4) CAT(, x) CAT(1, 0u)"
        )),
        "vec4 x 10u"
    );
    assert_eq!(
        text(&ok(
            "#define NAME(n) my_ ## n ## _v\n#define my_a_v 5\nNAME(a)"
        )),
        "5"
    );
    let (_, errors) = expect_errors("#define CAT(a, b) a ## b\nCAT(+, /)");
    assert_eq!(
        messages(&errors),
        vec!["pasting `+` and `/` with `##` does not give a GLSL token"]
    );
    let (_, errors) = expect_errors("#define BAD ## x\n");
    assert_eq!(
        messages(&errors),
        vec!["`##` at the start or end of a macro body"]
    );
}

#[test]
fn wrong_argument_count_is_an_error_at_the_invocation() {
    let source = "#define F(a, b) a\nint x;\nint y = F(1, 2, 3);\n";
    let (files, errors) = expect_errors(source);
    assert_eq!(
        messages(&errors),
        vec!["macro `F` takes 2 arguments, but 3 were given"]
    );
    assert_eq!(place(&files, &errors[0]), ("main.glsl".into(), 3, 9));
    let label = &errors[0].labels[0];
    assert_eq!(&source[label.range.clone()], "F(1, 2, 3)");
}

#[test]
fn unterminated_invocation_is_an_error() {
    let (files, errors) = expect_errors("#define F(a) a\nF(1,\n#define G\n");
    assert_eq!(messages(&errors), vec!["unterminated call to macro `F`"]);
    assert_eq!(place(&files, &errors[0]).1, 2);
}

#[test]
fn exponential_macros_end_in_a_diagnostic() {
    let mut source = String::from("#define M0 x x\n");
    for level in 1..40 {
        source.push_str(&format!(
            "#define M{level} M{prev} M{prev}\n",
            prev = level - 1
        ));
    }
    source.push_str("M39\n");
    let (_, errors) = expect_errors(&source);
    assert_eq!(messages(&errors), vec!["macro expansion too large"]);
}

#[test]
fn deeply_nested_arguments_end_in_a_diagnostic() {
    let depth = 2000;
    let source = format!(
        "#define F(x) x\n{}1{}",
        "F(".repeat(depth),
        ")".repeat(depth)
    );
    let (_, errors) = expect_errors(&source);
    assert_eq!(messages(&errors), vec!["macro expansion too deep"]);
    // A moderate nesting works.
    let source = format!("#define F(x) x\n{}1{}", "F(".repeat(50), ")".repeat(50));
    assert_eq!(text(&ok(&source)), "1");
}

#[test]
fn redefinition_with_a_different_body_is_an_error() {
    assert_eq!(
        text(&ok("#define A 1\n#define A 1\n#undef A\n#define A 2\nA")),
        "2"
    );
    let (files, errors) = expect_errors("#define A 1\n#define A 2\n");
    assert_eq!(
        messages(&errors),
        vec!["macro `A` redefined with a different body"]
    );
    assert_eq!(place(&files, &errors[0]).1, 2);
    assert_eq!(errors[0].labels.len(), 2);
}

#[test]
fn line_and_file_macros() {
    let out = ok("int a = __LINE__;\n#define L __LINE__\n\nint b = L; int c = __FILE__;");
    assert_eq!(text(&out), "int a = 1 ; int b = 4 ; int c = 0 ;");
    assert!(out.tokens[3].from_macro);
    let (_, errors) = expect_errors("#define __LINE__ 3\n#undef __FILE__\n");
    assert_eq!(
        messages(&errors),
        vec![
            "`__LINE__` is predefined and cannot be redefined",
            "`__FILE__` is predefined and cannot be undefined"
        ]
    );
}

#[test]
fn command_line_and_predefined_macros() {
    let options = PreprocessOptions {
        defines: vec![
            ("QUALITY".into(), Some("3".into())),
            ("FLAG".into(), None),
            ("SQ(x)".into(), Some("x*x".into())),
            ("VULKAN".into(), Some("2".into())),
        ],
        predefined: vec![("VULKAN".into(), "100".into()), ("EXT".into(), "1".into())],
        ..PreprocessOptions::default()
    };
    let out = ok_with("QUALITY FLAG SQ(2) VULKAN EXT", &options);
    assert_eq!(text(&out), "3 1 2 * 2 2 1");
    let options = PreprocessOptions {
        defines: vec![("1BAD".into(), None)],
        ..PreprocessOptions::default()
    };
    let (_, errors) = expect_errors_with("x", &options);
    assert!(errors[0]
        .message
        .starts_with("invalid macro name `1BAD` in `-D` option"));
}

// ---- conditionals ----

#[test]
fn conditionals_with_elif_else_and_defined() {
    let source = "
#define A 2
#if A == 1
one
#elif A == 2 && defined(A) && !defined B
two
#elif 1
three
#else
four
#endif
#ifdef A
five
#endif
#ifndef A
six
#else
seven
#endif
#if defined A ? 0 : 1
eight
#elif (A << 3) / 4 % 3 == 1 && -1 < 0 && (~0 & 6) == 6 && 0x10 == 020
nine
#endif
#if UNDEFINED_NAME || 0 && 1 / 0
ten
#endif
";
    assert_eq!(text(&ok(source)), "two five seven nine");
}

#[test]
fn conditions_expand_macros_including_function_like_ones() {
    let source = "#version 310 es\n#define VER(major, minor) ((major) * 100 + (minor) * 10)\n\
                  #if __VERSION__ >= VER(3, 1) && defined GL_ES\nnew\n#else\nold\n#endif\n";
    assert_eq!(text(&ok(source)), "new");
    // A space before `(` makes an object-like macro.
    assert_eq!(text(&ok("#define F (x)\nF(1)")), "( x ) ( 1 )");
}

#[test]
fn nested_conditionals_in_skipped_branches_are_not_evaluated() {
    let source = "#if 0\n#if 1 / 0\nbad @ $\n#unknown\n#else\nbad\n#endif\n#elif 1\ngood\n#endif\n";
    assert_eq!(text(&ok(source)), "good");
}

#[test]
fn expression_errors() {
    let (files, errors) = expect_errors("int a;\n#if 1 / 0\n#endif\n#if 1 +\n#endif\n#if (1\n#endif\n#if 1.0\n#endif\n#if\n#endif\n");
    assert_eq!(
        messages(&errors),
        vec![
            "division by zero in `#if` expression",
            "`#if` expression ends too early",
            "unclosed `(` in `#if` expression",
            "floating-point number `1.0` in `#if` expression",
            "`#if` without a condition",
        ]
    );
    assert_eq!(place(&files, &errors[0]).1, 2);
}

#[test]
fn deeply_parenthesized_expression_is_an_error_not_a_crash() {
    let source = format!(
        "#if {}1{}\n#endif\n",
        "(".repeat(100_000),
        ")".repeat(100_000)
    );
    let (_, errors) = expect_errors(&source);
    assert_eq!(
        messages(&errors),
        vec!["`#if` expression nested too deeply"]
    );
}

#[test]
fn ten_thousand_nested_ifs_work() {
    let depth = 10_000;
    let source = format!("{}x\n{}", "#if 1\n".repeat(depth), "#endif\n".repeat(depth));
    assert_eq!(text(&ok(&source)), "x");
    let source = format!("{}x\n", "#if 1\n".repeat(depth));
    let (files, errors) = expect_errors(&source);
    assert_eq!(
        errors[0].message,
        "unterminated `#if`: no `#endif` before the end of the file"
    );
    assert_eq!(place(&files, &errors[0]).1, 1);
}

#[test]
fn unbalanced_conditionals_are_errors() {
    let (files, errors) = expect_errors(
        "#endif\n#if 1\n#else\n#else\n#elif 1\n#endif\n#else\n#ifdef\n#endif\n#ifdef X\n",
    );
    assert_eq!(
        messages(&errors),
        vec![
            "`#endif` without `#if`",
            "`#else` after `#else`",
            "`#elif` after `#else`",
            "`#else` without `#if`",
            "`#ifdef` needs a macro name",
            "unterminated `#ifdef`: no `#endif` before the end of the file",
        ]
    );
    assert_eq!(place(&files, &errors[5]).1, 10);
}

// ---- version, extension, pragma ----

#[test]
fn gl_es_follows_the_version() {
    let probe =
        "#ifdef GL_ES\nes\n#endif\n#ifdef GL_FRAGMENT_PRECISION_HIGH\nhigh\n#endif\n__VERSION__\n";
    let es300 = ok(&format!("#version 300 es\n{probe}"));
    assert_eq!(text(&es300), "es high 300");
    assert_eq!(
        es300
            .version
            .as_ref()
            .map(|v| (v.number, v.profile.clone())),
        Some((300, Some("es".into())))
    );
    assert_eq!(text(&ok(&format!("#version 330\n{probe}"))), "330");
    assert_eq!(text(&ok(&format!("#version 100\n{probe}"))), "es high 100");
    assert_eq!(text(&ok_with(probe, &es_options())), "es high 100");
    assert_eq!(text(&ok(probe)), "110");
    assert!(ok(probe).version.is_none());
}

#[test]
fn version_after_code_is_an_error() {
    let (files, errors) = expect_errors("float x;\n#version 300 es\n");
    assert_eq!(errors.len(), 1);
    assert!(errors[0]
        .message
        .starts_with("`#version` must be the first line"));
    assert_eq!(place(&files, &errors[0]), ("main.glsl".into(), 2, 1));
}

#[test]
fn version_after_another_directive_redefines_the_version_macros() {
    let out = ok_with(
        "// header\n#define X 1\n#version 330 core\n#ifndef GL_ES\ndesktop __VERSION__\n#endif\n",
        &es_options(),
    );
    assert_eq!(text(&out), "desktop 330");
    let (_, errors) = expect_errors("#version 300 es\n#version 310 es\n#version 450 fancy\n");
    assert_eq!(
        messages(&errors),
        vec!["duplicate `#version`", "duplicate `#version`"]
    );
    let (_, errors) = expect_errors("#version 450 fancy\n");
    assert_eq!(
        messages(&errors),
        vec!["unknown `#version` profile `fancy`"]
    );
}

#[test]
fn extensions_pragmas_and_line_are_recorded_or_ignored() {
    let out = ok("#version 300 es\n#extension GL_OES_standard_derivatives : enable\n#pragma optimize(off)\n#pragma once\n#line 40\n#\nx\n");
    assert_eq!(out.extensions.len(), 1);
    assert_eq!(out.extensions[0].name, "GL_OES_standard_derivatives");
    assert_eq!(out.extensions[0].behavior, "enable");
    assert_eq!(out.pragmas.len(), 1);
    let pragma: Vec<&str> = out.pragmas[0].0.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(pragma, vec!["optimize", "(", "off", ")"]);
    assert_eq!(text(&out), "x");
    let (_, errors) = expect_errors("#extension GL_foo enable\n#extension GL_foo : maybe\n");
    assert_eq!(
        messages(&errors),
        vec![
            "malformed `#extension` directive",
            "unknown `#extension` behavior `maybe`"
        ]
    );
}

#[test]
fn error_directive_reports_its_message() {
    let (files, errors) = expect_errors(
        "#ifdef GL_ES\n#error not for ES\n#endif\nx\n#error this shader needs   GL_ES\n",
    );
    assert_eq!(messages(&errors), vec!["`#error`: this shader needs GL_ES"]);
    assert_eq!(place(&files, &errors[0]).1, 5);
}

#[test]
fn unknown_directive_is_an_error_at_its_name() {
    let (files, errors) = expect_errors("x\n  #incldue \"a.glsl\"\n");
    assert_eq!(
        messages(&errors),
        vec!["unknown preprocessor directive `#incldue`"]
    );
    assert_eq!(place(&files, &errors[0]), ("main.glsl".into(), 2, 4));
}

#[test]
fn multiple_errors_are_collected() {
    let source = "#version 300 es\nint a = @;\n#bogus\n#define F(x) x\nF(1, 2);\n#if 1 / 0\n#endif\n#error stop\nint b = $;\n";
    let (files, errors) = expect_errors(source);
    assert_eq!(
        messages(&errors),
        vec![
            "invalid character `@` in GLSL code",
            "unknown preprocessor directive `#bogus`",
            "macro `F` takes 1 argument, but 2 were given",
            "division by zero in `#if` expression",
            "`#error`: stop",
            "invalid character `$` in GLSL code",
        ]
    );
    let lines: Vec<usize> = errors.iter().map(|e| place(&files, e).1).collect();
    assert_eq!(lines, vec![2, 3, 5, 6, 8, 9]);
    assert!(errors.iter().all(|e| e.code.as_deref() == Some("E-PP")));
}

// ---- includes ----

#[test]
fn include_from_an_include_directory() {
    let dir = tempfile::tempdir().unwrap();
    let shader = dir.path().join("shader");
    let lib = dir.path().join("lib");
    write(
        &shader,
        "main.glsl",
        "#version 450\n#include <common.glsl>\nvoid main() { f(); }\n",
    );
    write(&lib, "common.glsl", "// helpers\nvoid f() {}\n");
    let options = PreprocessOptions {
        include_dirs: vec![lib.clone()],
        ..PreprocessOptions::default()
    };
    let (files, result) = run_file(&shader, &options);
    let out = result.unwrap();
    assert_eq!(text(&out), "void f ( ) { } void main ( ) { f ( ) ; }");
    assert_eq!(out.includes.len(), 1);
    let included = out.includes[0];
    assert_eq!(
        files.get(included).path.as_deref(),
        Some(
            std::fs::canonicalize(lib.join("common.glsl"))
                .unwrap()
                .as_path()
        )
    );
    // The included tokens are located in the included file.
    let f = &out.tokens[1];
    assert_eq!(f.loc.file, included);
    assert_eq!(files.line_col(f.loc), (2, 6));
    assert_eq!(out.tokens[6].loc.file, 0);
}

#[test]
fn quoted_include_is_relative_to_the_including_file() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "main.glsl", "#include \"sub/a.glsl\"\nA B\n");
    write(
        dir.path(),
        "sub/a.glsl",
        "#define A 1\n#include \"b.glsl\"\n",
    );
    write(dir.path(), "sub/b.glsl", "#define B __FILE__\n");
    let (files, result) = run_file(dir.path(), &PreprocessOptions::default());
    let out = result.unwrap();
    assert_eq!(out.includes.len(), 2);
    let names: Vec<&str> = out
        .includes
        .iter()
        .map(|&id| files.get(id).name.as_str())
        .collect();
    assert_eq!(names, vec!["sub/a.glsl", "sub/b.glsl"]);
    // `__FILE__` is expanded at its use, in the root file.
    assert_eq!(text(&out), "1 0");
}

#[test]
fn include_guards_and_pragma_once_include_a_file_once() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "main.glsl",
        "#include \"guarded.glsl\"\n#include \"guarded.glsl\"\n#include \"once.glsl\"\n#include \"once.glsl\"\nend\n",
    );
    write(
        dir.path(),
        "guarded.glsl",
        "#ifndef GUARDED\n#define GUARDED\nguarded\n#endif\n",
    );
    write(dir.path(), "once.glsl", "#pragma once\nonce\n");
    let (files, result) = run_file(dir.path(), &PreprocessOptions::default());
    let out = result.unwrap();
    assert_eq!(text(&out), "guarded once end");
    assert_eq!(out.includes.len(), 2);
    assert_eq!(files.len(), 3);
    assert!(out.pragmas.is_empty());
}

#[test]
fn guarded_self_inclusion_is_not_a_cycle() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "main.glsl", "#include \"a.glsl\"\n");
    write(
        dir.path(),
        "a.glsl",
        "#ifndef A\n#define A\n#include \"b.glsl\"\na\n#endif\n",
    );
    write(dir.path(), "b.glsl", "#include \"a.glsl\"\nb\n");
    let (_, result) = run_file(dir.path(), &PreprocessOptions::default());
    assert_eq!(text(&result.unwrap()), "b a");
}

#[test]
fn include_cycle_is_an_error_listing_the_chain() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "main.glsl", "#include \"a.glsl\"\n");
    write(dir.path(), "a.glsl", "a\n#include \"b.glsl\"\n");
    write(dir.path(), "b.glsl", "b\n\n#include \"a.glsl\"\n");
    let (files, result) = run_file(dir.path(), &PreprocessOptions::default());
    let errors = result.unwrap_err();
    assert_eq!(
        messages(&errors),
        vec!["`#include` cycle: a.glsl → b.glsl → a.glsl"]
    );
    assert_eq!(place(&files, &errors[0]), ("b.glsl".into(), 3, 1));
}

#[test]
fn self_including_root_is_a_cycle() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "main.glsl", "x\n#include \"main.glsl\"\n");
    let (files, result) = run_file(dir.path(), &PreprocessOptions::default());
    let errors = result.unwrap_err();
    assert_eq!(
        messages(&errors),
        vec!["`#include` cycle: main.glsl → main.glsl"]
    );
    assert_eq!(place(&files, &errors[0]), ("main.glsl".into(), 2, 1));
    assert_eq!(files.len(), 1);
}

#[test]
fn missing_include_names_the_directive_line_and_the_search_path() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib");
    std::fs::create_dir_all(&lib).unwrap();
    write(
        dir.path(),
        "main.glsl",
        "#version 450\n\n#include \"common.glsl\"\n",
    );
    let options = PreprocessOptions {
        include_dirs: vec![lib.clone()],
        ..PreprocessOptions::default()
    };
    let (files, result) = run_file(dir.path(), &options);
    let errors = result.unwrap_err();
    assert_eq!(errors.len(), 1);
    let message = &errors[0].message;
    assert!(
        message.starts_with("`#include` file `common.glsl` not found; searched: "),
        "{message}"
    );
    assert!(message.contains(&lib.display().to_string()), "{message}");
    assert!(message.ends_with("(add a directory with `-I`)"));
    assert_eq!(place(&files, &errors[0]), ("main.glsl".into(), 3, 1));

    let (_, errors) = expect_errors("#include <x.glsl>\n");
    assert_eq!(
        messages(&errors),
        vec!["`#include <x.glsl>` searches only `-I` directories, and none were given"]
    );
}

#[test]
fn errors_inside_an_included_file_name_that_file() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "main.glsl",
        "#version 450\n#include \"inc/bad.glsl\"\n",
    );
    write(
        dir.path(),
        "inc/bad.glsl",
        "float ok;\nfloat bad = @;\n#version 450\n#if 1\n",
    );
    let (files, result) = run_file(dir.path(), &PreprocessOptions::default());
    let errors = result.unwrap_err();
    assert_eq!(
        messages(&errors),
        vec![
            "invalid character `@` in GLSL code",
            "`#version` in an included file",
            "unterminated `#if`: no `#endif` before the end of the file",
        ]
    );
    let places: Vec<(String, usize)> = errors
        .iter()
        .map(|e| {
            let (name, line, _) = place(&files, e);
            (name, line)
        })
        .collect();
    assert_eq!(
        places,
        vec![
            ("inc/bad.glsl".into(), 2),
            ("inc/bad.glsl".into(), 3),
            ("inc/bad.glsl".into(), 4)
        ]
    );
}

#[test]
fn unreadable_include_is_an_error_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "main.glsl",
        "#include \"folder\"\n#include \"binary.bin\"\n",
    );
    std::fs::create_dir_all(dir.path().join("folder")).unwrap();
    std::fs::write(dir.path().join("binary.bin"), [0x66, 0xff, 0xfe]).unwrap();
    let (files, result) = run_file(dir.path(), &PreprocessOptions::default());
    let errors = result.unwrap_err();
    assert_eq!(errors.len(), 2);
    assert!(errors[0]
        .message
        .starts_with("cannot read `#include` file: "));
    assert!(errors[0].message.contains("is a directory"));
    assert!(errors[1].message.contains("not UTF-8"));
    assert_eq!(place(&files, &errors[1]).1, 2);
}

#[test]
fn include_depth_is_limited() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "main.glsl", "#include \"f0.glsl\"\n");
    for i in 0..100 {
        write(
            dir.path(),
            &format!("f{i}.glsl"),
            &format!("#include \"f{}.glsl\"\n", i + 1),
        );
    }
    write(dir.path(), "f100.glsl", "x\n");
    let (_, result) = run_file(dir.path(), &PreprocessOptions::default());
    let errors = result.unwrap_err();
    assert_eq!(
        messages(&errors),
        vec!["`#include` nested more than 64 files deep"]
    );
}

// ---- scale ----

#[test]
fn ten_thousand_lines_preprocess_quickly() {
    let mut source =
        String::from("#version 300 es\n#define MUL(a, b) ((a) * (b))\n#define K 0.5\n");
    for i in 0..10_000u32 {
        source.push_str(&format!(
            "float v{i} = MUL(K, {i}.0) + v{};\n",
            i.saturating_sub(1)
        ));
    }
    let start = std::time::Instant::now();
    let out = ok(&source);
    let elapsed = start.elapsed();
    assert_eq!(out.tokens.len(), 10_000 * 15);
    // Generous for unoptimized test builds; release builds take a few milliseconds.
    assert!(elapsed.as_secs_f64() < 2.0, "{elapsed:?}");
}

#[test]
fn a_byte_order_mark_is_skipped_and_offsets_stay_the_files() {
    let out = ok("\u{feff}#version 450\nvoid main() {}\n");
    assert!(
        out.version.is_some(),
        "#version after a BOM is still the first directive"
    );
    let first = &out.tokens[0];
    assert_eq!(first.loc.start, 16, "offsets count the BOM's three bytes");
}
