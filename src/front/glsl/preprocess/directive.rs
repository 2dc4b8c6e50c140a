//! Directives: the lines that start with `#`; the conditional ones are in
//! [`conditional`](super::conditional).
//!
//! In: the `#` token at the start of a line; the rest of the line is read from the lexer here.
//! Out: changes to the preprocessor's state (macros, the `#if` stack, the file stack) and the
//! records in [`Preprocessed`](super::Preprocessed) (`#version`, `#extension`, `#pragma`).
//!
//! Traps:
//! - In a skipped branch only the conditional directives count, and only for their nesting:
//!   nothing else on such a line is an error (a skipped `#if` is not even evaluated).
//! - `#version` decides the predefined macros, so they are defined lazily: at `#version`, or
//!   at the first token or other directive of a shader that has none.

use std::rc::Rc;

use super::lexer::{self, RawKind, RawToken};
use super::macros::{self, Macro, RESERVED};
use super::output::{ExtensionDirective, VersionDirective};
use super::pp_token::{convert_raw, PpToken};
use super::preprocessor::{Predefined, Preprocessor};
use super::token::{Token, TokenKind};
use crate::source::{FileId, Loc};

/// One directive line, split up.
pub(super) struct Line {
    pub file: FileId,
    pub source: Rc<str>,
    /// `#` through the directive name.
    pub head: Loc,
    /// `#` through the last token of the line.
    pub whole: Loc,
    /// The tokens after the directive name.
    pub args: Vec<RawToken>,
}

impl Line {
    /// The arguments from `skip` on, as one location, for "unexpected tokens" errors.
    fn args_loc(&self, skip: usize) -> Option<Loc> {
        let rest = self.args.get(skip..)?;
        let (first, last) = (rest.first()?, rest.last()?);
        Some(Loc::new(self.file, first.start..last.end))
    }
}

impl Preprocessor<'_> {
    pub(super) fn directive(&mut self, hash: RawToken) {
        let Some((file, source)) = self.current_source() else {
            return;
        };
        let mut tokens = self.rest_of_line(file, &source);
        if tokens.is_empty() {
            return; // the null directive
        }
        let name_token = tokens.remove(0);
        let name = lexer::token_text(&source, &name_token).into_owned();
        let name_loc = Loc::new(file, name_token.start..name_token.end);
        let end = tokens.last().map_or(name_token.end, |t| t.end);
        let line = Line {
            file,
            head: Loc::new(file, hash.start..name_token.end),
            whole: Loc::new(file, hash.start..end),
            args: tokens,
            source,
        };
        if name != "version" {
            self.ensure_predefined();
        }
        if !name_token.is_ident() {
            if !self.skipping() {
                self.error(
                    name_loc,
                    format!("`#{name}` is not a preprocessor directive"),
                    "expected a directive name such as `define`, `if` or `include` after `#`",
                );
            }
            return;
        }
        match name.as_str() {
            "if" => self.open_condition("if", &line),
            "ifdef" => self.open_condition("ifdef", &line),
            "ifndef" => self.open_condition("ifndef", &line),
            "elif" => self.elif(&line),
            "else" => self.else_directive(&line),
            "endif" => self.endif(&line),
            _ if self.skipping() => {}
            "define" => self.define(&line),
            "undef" => self.undef(&line),
            "include" => self.include(&line),
            "version" => self.version(&line),
            "extension" => self.extension(&line),
            "pragma" => self.pragma(&line),
            "error" => self.error_directive(&line),
            // prism maps every token to its own line, so `#line` has nothing to change.
            "line" => {}
            _ => self.error(
                name_loc,
                format!("unknown preprocessor directive `#{name}`"),
                "GLSL has #define, #undef, #if, #ifdef, #ifndef, #elif, #else, #endif, #error, \
                 #pragma, #extension, #version, #line and #include",
            ),
        }
    }

    /// The raw tokens up to the end of the directive's line.
    fn rest_of_line(&mut self, file: FileId, source: &str) -> Vec<RawToken> {
        let mut tokens = Vec::new();
        let mut unterminated = None;
        if let Some(context) = self.file_stack.last_mut() {
            while let Some(&raw) = context.lexer.peek() {
                if raw.line_start {
                    break;
                }
                context.lexer.next_token();
                if raw.kind == RawKind::UnterminatedComment {
                    unterminated = Some(raw);
                } else {
                    tokens.push(raw);
                }
            }
        }
        if let Some(Err(diagnostic)) = unterminated.map(|raw| convert_raw(file, source, &raw)) {
            self.report(diagnostic);
        }
        tokens
    }

    /// The arguments as GLSL tokens; anything that is not a token is reported and dropped.
    pub(super) fn tokens(&mut self, line: &Line) -> Vec<PpToken> {
        let mut tokens = Vec::with_capacity(line.args.len());
        for raw in &line.args {
            match convert_raw(line.file, &line.source, raw) {
                Ok(token) => tokens.push(token),
                Err(diagnostic) => self.report(diagnostic),
            }
        }
        tokens
    }

    /// Reports tokens after the first `skip` arguments of a directive that takes no more.
    pub(super) fn no_more_arguments(&mut self, line: &Line, skip: usize, directive: &str) {
        if let Some(loc) = line.args_loc(skip) {
            self.error(
                loc,
                format!("unexpected tokens after `#{directive}`"),
                "remove them, or make them a comment",
            );
        }
    }

    fn define(&mut self, line: &Line) {
        let function_like = line.args.first().is_some_and(RawToken::is_ident)
            && line
                .args
                .get(1)
                .is_some_and(|t| !t.space_before && t.is_punct("(", &line.source));
        let tokens = self.tokens(line);
        let definition = match macros::parse_define(&tokens, function_like, line.head) {
            Ok(definition) => definition,
            Err((loc, message, label)) => {
                self.error(loc, message, label);
                return;
            }
        };
        if definition.name.starts_with("GL_") {
            // Only a `#define` in the source: the predefined `GL_ES` and `-D` go elsewhere.
            self.error(
                definition.loc.unwrap_or(line.head),
                format!(
                    "`{}`: macro names beginning with `GL_` are reserved and cannot be defined",
                    definition.name
                ),
                "use another name",
            );
            return;
        }
        if let Some(existing) = self.macros.get(&definition.name) {
            if !existing.same_definition(&definition) {
                let loc = definition.loc.unwrap_or(line.head);
                let message = format!(
                    "macro `{}` redefined with a different body",
                    definition.name
                );
                let label = format!(
                    "add `#undef {}` before this line to redefine it",
                    definition.name
                );
                match existing.loc {
                    Some(first) => {
                        self.error_with_note(loc, message, &label, first, "first defined here")
                    }
                    None => self.error(loc, message, label),
                }
            }
        }
        self.macros.define(definition);
    }

    fn undef(&mut self, line: &Line) {
        let tokens = self.tokens(line);
        match tokens.first() {
            Some(name) if name.token.kind == TokenKind::Ident => {
                if RESERVED.contains(&name.text()) {
                    self.error(
                        name.loc(),
                        format!("`{}` is predefined and cannot be undefined", name.text()),
                        "remove this `#undef`",
                    );
                } else if name.text().starts_with("GL_") {
                    self.error(
                        name.loc(),
                        format!(
                            "`{}`: macro names beginning with `GL_` are reserved and cannot be undefined",
                            name.text()
                        ),
                        "remove this `#undef`",
                    );
                } else {
                    self.macros.undefine(name.text());
                }
                self.no_more_arguments(line, 1, "undef NAME");
            }
            other => self.error(
                other.map_or(line.head, PpToken::loc),
                "`#undef` needs a macro name",
                "write `#undef NAME`",
            ),
        }
    }

    fn version(&mut self, line: &Line) {
        let tokens = self.tokens(line);
        if line.file != self.root {
            self.error(
                line.head,
                "`#version` in an included file",
                "only the main shader may declare `#version`; remove this line",
            );
            return;
        }
        if self.seen_token {
            self.error(
                line.head,
                "`#version` must be the first line (only comments and whitespace may come before it)",
                "move this line to the top of the file",
            );
            return;
        }
        if let Some(previous) = self.out.version.as_ref().map(|v| v.loc) {
            self.error_with_note(
                line.head,
                "duplicate `#version`",
                "remove this line",
                previous,
                "first `#version` here",
            );
            return;
        }
        let number = tokens
            .first()
            .filter(|t| t.token.kind == TokenKind::Int)
            .and_then(|t| t.text().parse::<u32>().ok());
        let Some(number) = number else {
            self.error(
                tokens.first().map_or(line.head, PpToken::loc),
                "`#version` needs a version number",
                "write, for example, `#version 300 es` or `#version 450`",
            );
            return;
        };
        let profile = match tokens.get(1) {
            None => None,
            Some(t)
                if t.token.kind == TokenKind::Ident
                    && matches!(t.text(), "es" | "core" | "compatibility") =>
            {
                Some(t.text().to_string())
            }
            Some(t) => {
                self.error(
                    t.loc(),
                    format!("unknown `#version` profile `{}`", t.text()),
                    "expected `es`, `core` or `compatibility`",
                );
                return;
            }
        };
        if let Some(extra) = tokens.get(2) {
            let loc = tokens
                .last()
                .map_or(extra.loc(), |last| extra.loc().join(last.loc()));
            self.error(
                loc,
                "unexpected tokens after `#version`",
                "remove them, or make them a comment",
            );
        }
        self.out.version = Some(VersionDirective {
            number,
            profile,
            loc: line.whole,
        });
        self.define_predefined();
    }

    fn extension(&mut self, line: &Line) {
        let tokens = self.tokens(line);
        let [name, colon, behavior] = tokens.as_slice() else {
            self.error(
                line.whole,
                "malformed `#extension` directive",
                "write `#extension NAME : behavior`, e.g. `#extension GL_OES_standard_derivatives : enable`",
            );
            return;
        };
        if name.token.kind != TokenKind::Ident
            || !colon.is_punct(":")
            || behavior.token.kind != TokenKind::Ident
        {
            self.error(
                line.whole,
                "malformed `#extension` directive",
                "write `#extension NAME : behavior`, e.g. `#extension GL_OES_standard_derivatives : enable`",
            );
            return;
        }
        if !matches!(behavior.text(), "require" | "enable" | "warn" | "disable") {
            self.error(
                behavior.loc(),
                format!("unknown `#extension` behavior `{}`", behavior.text()),
                "expected `require`, `enable`, `warn` or `disable`",
            );
            return;
        }
        if name.text() == "all" && matches!(behavior.text(), "require" | "enable") {
            self.error(
                behavior.loc(),
                format!(
                    "`#extension all : {}` is not allowed: `all` takes only `warn` or `disable`",
                    behavior.text()
                ),
                "enable each extension by name",
            );
            return;
        }
        self.out.extensions.push(ExtensionDirective {
            name: name.text().to_string(),
            behavior: behavior.text().to_string(),
            loc: line.whole,
        });
    }

    fn pragma(&mut self, line: &Line) {
        let tokens = self.tokens(line);
        if matches!(tokens.as_slice(), [only] if only.token.is_ident("once")) {
            self.pragma_once.insert(line.file);
            return;
        }
        self.out
            .pragmas
            .push((tokens.into_iter().map(|t| t.token).collect(), line.whole));
    }

    fn error_directive(&mut self, line: &Line) {
        let mut text = String::new();
        for raw in &line.args {
            if !text.is_empty() && raw.space_before {
                text.push(' ');
            }
            text.push_str(&lexer::token_text(&line.source, raw));
        }
        let message = if text.is_empty() {
            "`#error` directive".to_string()
        } else {
            format!("`#error`: {text}")
        };
        self.error(line.whole, message, "`#error` reached in an active branch");
    }

    pub(super) fn ensure_predefined(&mut self) {
        if self.predefined == Predefined::NotYet {
            self.define_predefined();
        }
    }

    /// The version-dependent macros, then `options.predefined`, then `-D` (which override).
    fn define_predefined(&mut self) {
        let version = self.out.version.as_ref();
        let no_version_is_es = self.options.no_version_is_es;
        let number = version.map_or(if no_version_is_es { 100 } else { 110 }, |v| v.number);
        let es = version.map_or(no_version_is_es, |v| {
            v.profile.as_deref() == Some("es") || v.number == 100
        });
        self.predefined = if version.is_some() {
            Predefined::FromVersion
        } else {
            Predefined::WithoutVersion
        };
        let loc = Loc::new(self.root, 0..0);
        let int = |value: String| Token {
            kind: TokenKind::Int,
            text: value,
            loc,
            from_macro: false,
        };
        self.macros
            .define(Macro::object("__VERSION__", vec![int(number.to_string())]));
        for name in ["GL_ES", "GL_FRAGMENT_PRECISION_HIGH"] {
            if es {
                self.macros
                    .define(Macro::object(name, vec![int("1".into())]));
            } else {
                self.macros.undefine(name);
            }
        }
        let options = self.options;
        for (name, value) in &options.predefined {
            self.define_from_text(name, value, "predefined macro");
        }
        for (name, value) in &options.defines {
            self.define_from_text(name, value.as_deref().unwrap_or("1"), "`-D` option");
        }
    }

    /// Defines `name` (optionally `name(params)`) as `value`, lexed as GLSL tokens.
    fn define_from_text(&mut self, name: &str, value: &str, origin: &str) {
        let identifier = name.split('(').next().unwrap_or_default();
        let valid = identifier
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
            && identifier
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_');
        if !valid {
            self.error_without_location(format!(
                "invalid macro name `{name}` in {origin}; a macro name is an identifier, optionally followed by `(parameters)`"
            ));
            return;
        }
        let text: Rc<str> = Rc::from(format!("{name} {value}"));
        let raws = lexer::lex_all(&text);
        let function_like = raws
            .get(1)
            .is_some_and(|t| !t.space_before && t.is_punct("(", &text));
        let loc = Loc::new(self.root, 0..0);
        let mut tokens = Vec::with_capacity(raws.len());
        for raw in &raws {
            match convert_raw(self.root, &text, raw) {
                Ok(mut token) => {
                    token.token.loc = loc;
                    tokens.push(token);
                }
                Err(diagnostic) => {
                    self.error_without_location(format!(
                        "invalid {origin} `{name}={value}`: {}",
                        diagnostic.message
                    ));
                    return;
                }
            }
        }
        match macros::parse_define(&tokens, function_like, loc) {
            Ok(mut definition) => {
                definition.loc = None;
                self.macros.define(definition);
            }
            Err((_, message, _)) => {
                self.error_without_location(format!("invalid {origin} `{name}={value}`: {message}"))
            }
        }
    }
}
