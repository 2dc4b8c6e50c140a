//! Macros: locations of expanded tokens, arguments, pasting, and the limits on hostile ones.

use super::*;

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
