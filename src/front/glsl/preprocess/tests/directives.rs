//! `#version`, `#extension`, `#pragma`, `#error` and unknown directives.

use super::*;

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
