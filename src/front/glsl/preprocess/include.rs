//! `#include`: finding the file, loading it once, and refusing cycles and runaway nesting.
//!
//! In: an `#include "file"` or `#include <file>` line. Out: the file's tokens, read next from
//! a new entry on the file stack, located in the included file's own [`FileId`].
//!
//! `"file"` is looked up next to the including file, then in the `-I` directories in order;
//! `<file>` only in the `-I` directories. A file is loaded once per run (by canonical path)
//! and keeps its [`FileId`].
//!
//! Traps:
//! - Re-entering a file that is still open is normal (an include guard or `#pragma once` then
//!   makes it empty), so a cycle is only reported when a file would be open a third time:
//!   the second entry got past whatever guard it has.
//! - The depth limit bounds the file stack, so an unguarded cycle can never exhaust memory.

use std::path::{Path, PathBuf};

use super::directive::Line;
use super::lexer::{self, Invalid, RawKind};
use super::preprocessor::Preprocessor;
use crate::source::{FileId, Loc, SourceFile};

/// The deepest `#include` nesting, counting the root file.
const MAX_INCLUDE_DEPTH: usize = 64;

impl Preprocessor<'_> {
    pub(super) fn include(&mut self, line: &Line) {
        let Some((name, angled)) = self.include_name(line) else {
            return;
        };
        let Some(path) = self.find_include(line, &name, angled) else {
            return;
        };
        let Some(file) = self.load_include(line, &path) else {
            return;
        };
        if self.pragma_once.contains(&file) {
            return;
        }
        if self.file_stack.len() >= MAX_INCLUDE_DEPTH {
            self.error(
                line.whole,
                format!("`#include` nested more than {MAX_INCLUDE_DEPTH} files deep"),
                "is this an include cycle? add include guards or `#pragma once`",
            );
            return;
        }
        let open = self
            .file_stack
            .iter()
            .filter(|context| context.file == file)
            .count();
        if open >= 2 {
            let start = self
                .file_stack
                .iter()
                .rposition(|context| context.file == file)
                .unwrap_or(0);
            let chain: Vec<&str> = self.file_stack[start..]
                .iter()
                .map(|context| context.file)
                .chain([file])
                .map(|id| self.files.get(id).name.as_str())
                .collect();
            let message = format!("`#include` cycle: {}", chain.join(" → "));
            self.error(
                line.whole,
                message,
                "this includes a file that is still being read; add an include guard or `#pragma once`",
            );
            return;
        }
        if file != self.root && self.included.insert(file) {
            self.out.includes.push(file);
        }
        self.enter_file(file);
    }

    /// The file name and whether it was written `<file>`.
    fn include_name(&mut self, line: &Line) -> Option<(String, bool)> {
        let source = &line.source;
        let (name, angled, extra) = match line.args.first() {
            Some(first) if first.kind == RawKind::Str => {
                let text = lexer::token_text(source, first);
                let name = text
                    .strip_prefix('"')
                    .and_then(|t| t.strip_suffix('"'))
                    .unwrap_or_default();
                (name.to_string(), false, 1)
            }
            Some(first) if first.is_punct("<", source) => {
                let Some(close) = line.args.iter().position(|t| t.is_punct(">", source)) else {
                    self.error(
                        line.whole,
                        "missing `>` in `#include <file>`",
                        "add the closing `>`",
                    );
                    return None;
                };
                let end = line.args.get(close).map_or(first.end, |t| t.start);
                let name = source.get(first.end..end).unwrap_or_default().trim();
                (name.to_string(), true, close + 1)
            }
            Some(first) if first.kind == RawKind::Invalid(Invalid::UnterminatedString) => {
                let loc = Loc::new(line.file, first.start..first.end);
                self.error(
                    loc,
                    "unterminated file name in `#include`",
                    "add the closing `\"`",
                );
                return None;
            }
            _ => {
                self.error(
                    line.head,
                    "`#include` needs a file name",
                    "write `#include \"file.glsl\"` or `#include <file.glsl>`",
                );
                return None;
            }
        };
        if name.is_empty() {
            self.error(
                line.whole,
                "empty file name in `#include`",
                "write the name of the file to include",
            );
            return None;
        }
        self.no_more_arguments(line, extra, "include FILE");
        Some((name, angled))
    }

    fn find_include(&mut self, line: &Line, name: &str, angled: bool) -> Option<PathBuf> {
        let mut dirs: Vec<PathBuf> = Vec::new();
        if !angled {
            if let Some(dir) = self
                .files
                .get(line.file)
                .path
                .as_deref()
                .and_then(Path::parent)
            {
                dirs.push(dir.to_path_buf());
            }
        }
        dirs.extend(self.options.include_dirs.iter().cloned());
        if let Some(found) = dirs
            .iter()
            .map(|dir| dir.join(name))
            .find(|path| path.exists() || self.options.unsaved.contains_key(path))
        {
            return Some(found);
        }
        if dirs.is_empty() {
            let how = if angled {
                format!("`#include <{name}>` searches only `-I` directories, and none were given")
            } else {
                format!("`#include` file `{name}` not found: this shader has no directory of its own, and no `-I` directories were given")
            };
            self.error(line.whole, how, "add a directory with `-I`");
        } else {
            let searched: Vec<String> = dirs
                .iter()
                .map(|dir| {
                    if dir.as_os_str().is_empty() {
                        ".".to_string()
                    } else {
                        dir.display().to_string()
                    }
                })
                .collect();
            self.error(
                line.whole,
                format!(
                    "`#include` file `{name}` not found; searched: {} (add a directory with `-I`)",
                    searched.join(", ")
                ),
                "included here",
            );
        }
        None
    }

    /// The file's id, loading it on first use.
    fn load_include(&mut self, line: &Line, path: &Path) -> Option<FileId> {
        let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        if self.root_path.as_deref() == Some(canonical.as_path()) {
            return Some(self.root);
        }
        if let Some(file) = self.files.find_path(&canonical) {
            return Some(file);
        }
        let text = match self.options.unsaved.get(&canonical) {
            Some(text) => Ok(text.clone()),
            None => crate::source::read_text(path),
        };
        match text {
            Ok(text) => {
                let name = self
                    .root_dir
                    .as_deref()
                    .and_then(|dir| canonical.strip_prefix(dir).ok())
                    .map_or_else(
                        || path.display().to_string(),
                        |relative| relative.display().to_string(),
                    );
                Some(self.files.add(SourceFile::new(name, Some(canonical), text)))
            }
            Err(error) => {
                self.error(
                    line.whole,
                    format!("cannot read `#include` file: {error}"),
                    "included here",
                );
                None
            }
        }
    }
}
