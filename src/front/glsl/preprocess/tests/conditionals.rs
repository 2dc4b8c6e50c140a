//! Conditionals: `#if` groups, their expressions, and unbalanced ones.

use super::*;

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
