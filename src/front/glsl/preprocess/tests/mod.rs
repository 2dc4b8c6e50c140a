//! The preprocessor's tests, by topic, and the helpers they share.

mod conditionals;
mod directives;
mod includes;
mod lexer;
mod macros;
mod scale;

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
