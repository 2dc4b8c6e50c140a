//! `#include`: search paths, guards, cycles, and errors inside included files.

use super::*;

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
