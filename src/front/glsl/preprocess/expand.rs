//! Macro expansion, with C semantics.
//!
//! In: a macro name token and where the rest of its invocation comes from. Out: the expanded
//! tokens, all rescanned, each with `from_macro: true` and the location of the invocation.
//!
//! The algorithm is the classic input stack. Expanding a macro pushes its substituted body as
//! an input; rescanning reads from the top input, and an exhausted input is popped only when
//! the next token is wanted, so the last token of a body is still read "inside" its macro. A
//! macro is *busy* while its input is on a stack; an identifier naming a busy macro is painted
//! (`no_expand`) and never expanded again, which makes `#define A A + 1` and mutual recursion
//! stop. Arguments are fully expanded before substitution (except next to `##`), by a
//! recursive expansion of the argument alone.
//!
//! Traps:
//! - Every token an expansion produces takes the location of the invocation (name through `)`),
//!   and of the outermost one, because the outer substitution relocates everything it carries.
//! - A function-like macro's `(` and arguments may lie beyond the body being rescanned, on
//!   later lines of the file: the [`TokenSource`] hides the file's line structure, and stops at
//!   a directive line.
//! - Hostile inputs (exponential bodies, deep argument nesting) are bounded by a token budget
//!   and a depth limit, both of which end preprocessing with a diagnostic.

use std::rc::Rc;

use super::lexer::{self, RawKind};
use super::macros::{BodyPart, Macro, MacroKind};
use super::pp_token::{convert_raw, PpToken};
use super::preprocessor::{FileContext, Preprocessor};
use super::token::TokenKind;
use crate::diagnostic::Diagnostic;
use crate::source::Loc;

/// The most tokens all expansions of one preprocessor run may produce.
const MAX_EXPANDED_TOKENS: usize = 1_000_000;
/// The most nested expansions (bodies being rescanned plus arguments being pre-expanded).
const MAX_EXPANSION_DEPTH: usize = 256;
/// The most macro calls nested inside each other's arguments, `F(F(F(x)))`. Each level is a
/// recursion (a few KB of stack in a debug build), so this is kept well below what a 2 MB
/// thread stack holds; real shaders nest a handful.
const MAX_ARGUMENT_NESTING: usize = 64;

/// A substituted macro body being rescanned.
struct Input {
    name: Rc<str>,
    tokens: Vec<PpToken>,
    pos: usize,
}

/// Where the tokens after a macro name come from when they are not in a body being rescanned.
pub(super) trait TokenSource {
    /// Whether the next token is `(`, without consuming it.
    fn next_is_lparen(&mut self) -> bool;
    fn next(&mut self) -> Option<PpToken>;
}

/// A finite token list: a macro argument, an `#if` expression.
struct ListSource<'t> {
    tokens: &'t [PpToken],
    pos: usize,
}

impl TokenSource for ListSource<'_> {
    fn next_is_lparen(&mut self) -> bool {
        self.tokens.get(self.pos).is_some_and(|t| t.is_punct("("))
    }

    fn next(&mut self) -> Option<PpToken> {
        let token = self.tokens.get(self.pos)?.clone();
        self.pos += 1;
        Some(token)
    }
}

/// The rest of the current file, as far as the next directive line.
struct FileSource<'c> {
    context: &'c mut FileContext,
    errors: Vec<Diagnostic>,
}

impl TokenSource for FileSource<'_> {
    fn next_is_lparen(&mut self) -> bool {
        loop {
            let Some(&raw) = self.context.lexer.peek() else {
                return false;
            };
            let source = self.context.lexer.source();
            match raw.kind {
                RawKind::UnterminatedComment => return false,
                _ if raw.line_start && raw.is_punct("#", &source) => return false,
                RawKind::Token(_) => return raw.is_punct("(", &source),
                RawKind::Str | RawKind::Invalid(_) => {
                    self.context.lexer.next_token();
                    if let Err(diagnostic) = convert_raw(self.context.file, &source, &raw) {
                        self.errors.push(diagnostic);
                    }
                }
            }
        }
    }

    fn next(&mut self) -> Option<PpToken> {
        loop {
            let &raw = self.context.lexer.peek()?;
            let source = self.context.lexer.source();
            if raw.kind == RawKind::UnterminatedComment
                || (raw.line_start && raw.is_punct("#", &source))
            {
                return None;
            }
            self.context.lexer.next_token();
            match convert_raw(self.context.file, &source, &raw) {
                Ok(token) => return Some(token),
                Err(diagnostic) => self.errors.push(diagnostic),
            }
        }
    }
}

impl Preprocessor<'_> {
    /// Expands a macro invocation found at the file level, reading arguments from the file.
    pub(super) fn expand_from_file(&mut self, name: PpToken) {
        let Some(mut context) = self.file_stack.pop() else {
            return;
        };
        let mut source = FileSource {
            context: &mut context,
            errors: Vec::new(),
        };
        let mut out = Vec::new();
        self.expand(name, &mut source, &mut out, 0);
        let errors = source.errors;
        self.file_stack.push(context);
        for diagnostic in errors {
            self.report(diagnostic);
        }
        self.out.tokens.extend(out.into_iter().map(|t| t.token));
    }

    /// Macro-expands a whole token list (an argument, an `#if` line).
    pub(super) fn expand_list(
        &mut self,
        tokens: &[PpToken],
        depth: usize,
        loc: Loc,
    ) -> Vec<PpToken> {
        if depth > MAX_ARGUMENT_NESTING {
            self.halt(
                loc,
                "macro expansion too deep",
                format!("more than {MAX_ARGUMENT_NESTING} macro calls nest inside each other's arguments here"),
            );
            return Vec::new();
        }
        let mut source = ListSource { tokens, pos: 0 };
        let mut out = Vec::with_capacity(tokens.len());
        while let Some(token) = source.next() {
            if self.halted {
                break;
            }
            if self.expandable(&token) {
                self.expand(token, &mut source, &mut out, depth);
            } else {
                out.push(token);
            }
        }
        out
    }

    fn expandable(&self, token: &PpToken) -> bool {
        token.token.kind == TokenKind::Ident
            && !token.no_expand
            && self.macros.contains(token.text())
    }

    /// Expands `first` (if it is an invocation) and rescans until its expansion is used up.
    fn expand(
        &mut self,
        first: PpToken,
        source: &mut dyn TokenSource,
        out: &mut Vec<PpToken>,
        depth: usize,
    ) {
        let mut stack: Vec<Input> = Vec::new();
        let mut pending = Some(first);
        while !self.halted {
            let token = match pending.take() {
                Some(token) => token,
                None => match self.next_from_stack(&mut stack) {
                    Some(token) => token,
                    None => break,
                },
            };
            self.expand_one(token, &mut stack, source, out, depth);
        }
        for input in stack {
            self.macros.leave(&input.name);
        }
    }

    /// The next token of the innermost unfinished body, painted if it names a busy macro.
    fn next_from_stack(&mut self, stack: &mut Vec<Input>) -> Option<PpToken> {
        loop {
            let top = stack.last_mut()?;
            if let Some(slot) = top.tokens.get_mut(top.pos) {
                top.pos += 1;
                let mut token = std::mem::replace(
                    slot,
                    PpToken::new(TokenKind::Punct, String::new(), slot.loc()),
                );
                if token.token.kind == TokenKind::Ident && self.macros.is_busy(token.text()) {
                    token.no_expand = true;
                }
                return Some(token);
            }
            if let Some(done) = stack.pop() {
                self.macros.leave(&done.name);
            }
        }
    }

    fn next_any(
        &mut self,
        stack: &mut Vec<Input>,
        source: &mut dyn TokenSource,
    ) -> Option<PpToken> {
        match self.next_from_stack(stack) {
            Some(token) => Some(token),
            None => source.next(),
        }
    }

    fn next_is_lparen(&mut self, stack: &mut Vec<Input>, source: &mut dyn TokenSource) -> bool {
        loop {
            let Some(top) = stack.last() else {
                return source.next_is_lparen();
            };
            if let Some(token) = top.tokens.get(top.pos) {
                return token.is_punct("(");
            }
            if let Some(done) = stack.pop() {
                self.macros.leave(&done.name);
            }
        }
    }

    fn expand_one(
        &mut self,
        mut token: PpToken,
        stack: &mut Vec<Input>,
        source: &mut dyn TokenSource,
        out: &mut Vec<PpToken>,
        depth: usize,
    ) {
        let definition = if token.token.kind == TokenKind::Ident && !token.no_expand {
            self.macros.get(token.text())
        } else {
            None
        };
        let Some(definition) = definition else {
            out.push(token);
            return;
        };
        if self.macros.is_busy(&definition.name) {
            token.no_expand = true;
            out.push(token);
            return;
        }
        let loc = token.loc();
        match &definition.kind {
            MacroKind::Line | MacroKind::File => {
                out.push(self.builtin_value(&definition.kind, loc))
            }
            MacroKind::Object => {
                let body = self.substitute(&definition, &[], loc, depth);
                self.push_input(stack, &definition, body, loc, depth);
            }
            MacroKind::Function { params } => {
                if !self.next_is_lparen(stack, source) {
                    out.push(token);
                    return;
                }
                let Some((mut args, close)) = self.collect_arguments(&token, stack, source) else {
                    return;
                };
                let call = loc.join(close);
                if params.is_empty() && args.len() == 1 && args.first().is_some_and(Vec::is_empty) {
                    args.clear();
                }
                if args.len() != params.len() {
                    self.argument_count_error(&definition.name, params, args.len(), call);
                    return;
                }
                let body = self.substitute(&definition, &args, call, depth);
                self.push_input(stack, &definition, body, call, depth);
            }
        }
    }

    // Out of line: this runs once per bad call, and its formatting would otherwise enlarge the
    // stack frame of every nested argument expansion.
    #[cold]
    #[inline(never)]
    fn argument_count_error(&mut self, name: &str, params: &[String], given: usize, call: Loc) {
        let plural = if params.len() == 1 { "" } else { "s" };
        let verb = if given == 1 { "was" } else { "were" };
        self.error(
            call,
            format!(
                "macro `{name}` takes {} argument{plural}, but {given} {verb} given",
                params.len()
            ),
            format!("`{name}({})` is called here", params.join(", ")),
        );
    }

    fn builtin_value(&self, kind: &MacroKind, loc: Loc) -> PpToken {
        let value = match kind {
            MacroKind::File if loc.file == self.root => 0,
            MacroKind::File => loc.file,
            _ if loc.file < self.files.len() => {
                self.files.get(loc.file).line_col(loc.start as usize).0
            }
            _ => 0,
        };
        let mut token = PpToken::new(TokenKind::Int, value.to_string(), loc);
        token.token.from_macro = true;
        token
    }

    /// After the name and before `(`: the arguments, split at top-level commas, and the `)`.
    fn collect_arguments(
        &mut self,
        name: &PpToken,
        stack: &mut Vec<Input>,
        source: &mut dyn TokenSource,
    ) -> Option<(Vec<Vec<PpToken>>, Loc)> {
        self.next_any(stack, source); // the `(`
        let mut args = vec![Vec::new()];
        let mut nesting = 0usize;
        loop {
            let Some(token) = self.next_any(stack, source) else {
                self.error(
                    name.loc(),
                    format!("unterminated call to macro `{}`", name.text()),
                    "no `)` before the end of the file or the next directive",
                );
                return None;
            };
            if token.is_punct(")") {
                if nesting == 0 {
                    return Some((args, token.loc()));
                }
                nesting -= 1;
            } else if token.is_punct("(") {
                nesting += 1;
            } else if nesting == 0 && token.is_punct(",") {
                args.push(Vec::new());
                continue;
            }
            if let Some(arg) = args.last_mut() {
                arg.push(token);
            }
        }
    }

    fn push_input(
        &mut self,
        stack: &mut Vec<Input>,
        definition: &Macro,
        tokens: Vec<PpToken>,
        call: Loc,
        depth: usize,
    ) {
        if self.halted {
            return;
        }
        if self.macros.count_produced(tokens.len()) > MAX_EXPANDED_TOKENS {
            self.halt(
                call,
                "macro expansion too large",
                format!("expanding this takes more than {MAX_EXPANDED_TOKENS} tokens; is a macro exponential?"),
            );
            return;
        }
        if stack.len() + depth >= MAX_EXPANSION_DEPTH {
            self.halt(
                call,
                "macro expansion too deep",
                format!("more than {MAX_EXPANSION_DEPTH} macro expansions nest here"),
            );
            return;
        }
        self.macros.enter(&definition.name);
        stack.push(Input {
            name: Rc::clone(&definition.name),
            tokens,
            pos: 0,
        });
    }

    /// The body with arguments substituted and `##` applied, located at the invocation.
    fn substitute(
        &mut self,
        definition: &Macro,
        args: &[Vec<PpToken>],
        call: Loc,
        depth: usize,
    ) -> Vec<PpToken> {
        let body = &definition.body;
        let mut expanded: Vec<Option<Vec<PpToken>>> = vec![None; args.len()];
        let mut out: Vec<PpToken> = Vec::with_capacity(body.len());
        // The last operand appended was an empty argument: `##` then pastes nothing onto it.
        let mut placemarker = false;
        let mut index = 0;
        while let Some(part) = body.get(index) {
            match part {
                BodyPart::Token(token) => {
                    out.push(PpToken {
                        token: token.clone(),
                        no_expand: false,
                    });
                    placemarker = false;
                }
                BodyPart::Param(param) => {
                    let raw = args.get(*param).map_or(&[][..], Vec::as_slice);
                    let before = out.len();
                    if matches!(body.get(index + 1), Some(BodyPart::Paste)) {
                        out.extend_from_slice(raw);
                    } else {
                        let slot = expanded.get_mut(*param);
                        self.expanded_argument(slot, raw, call, depth, &mut out);
                    }
                    placemarker = out.len() == before;
                }
                BodyPart::Paste => {
                    index += 1;
                    placemarker =
                        self.paste_operand(body.get(index), args, placemarker, call, &mut out);
                }
            }
            index += 1;
        }
        for token in &mut out {
            token.token.loc = call;
            token.token.from_macro = true;
        }
        out
    }

    /// Appends an argument macro-expanded on its own (once per argument, however often used).
    fn expanded_argument(
        &mut self,
        slot: Option<&mut Option<Vec<PpToken>>>,
        raw: &[PpToken],
        call: Loc,
        depth: usize,
        out: &mut Vec<PpToken>,
    ) {
        match slot {
            Some(Some(done)) => out.extend_from_slice(done),
            Some(empty) => {
                let done = self.expand_list(raw, depth + 1, call);
                out.extend_from_slice(&done);
                *empty = Some(done);
            }
            None => {}
        }
    }

    /// Applies `##` with `right` (the body part after it); returns the new placemarker state.
    #[inline(never)]
    fn paste_operand(
        &mut self,
        right: Option<&BodyPart>,
        args: &[Vec<PpToken>],
        placemarker: bool,
        call: Loc,
        out: &mut Vec<PpToken>,
    ) -> bool {
        let right: Vec<PpToken> = match right {
            Some(BodyPart::Param(param)) => args.get(*param).cloned().unwrap_or_default(),
            Some(BodyPart::Token(token)) => vec![PpToken {
                token: token.clone(),
                no_expand: false,
            }],
            _ => Vec::new(),
        };
        let mut right = right.into_iter();
        let still_empty = match (placemarker, right.next()) {
            (_, None) => placemarker,
            (true, Some(first)) => {
                out.push(first);
                false
            }
            (false, Some(first)) => {
                match out.pop() {
                    Some(left) => {
                        let pasted = self.paste(left, first, call);
                        out.extend(pasted);
                    }
                    None => out.push(first),
                }
                false
            }
        };
        out.extend(right);
        still_empty
    }

    /// `left ## right`: one token if the joined text lexes as exactly one, else an error.
    fn paste(&mut self, left: PpToken, right: PpToken, call: Loc) -> Vec<PpToken> {
        let text: Rc<str> = Rc::from(format!("{}{}", left.text(), right.text()));
        let raws = lexer::lex_all(&text);
        if let [only] = raws.as_slice() {
            if let (RawKind::Token(kind), 0, true) = (only.kind, only.start, only.end == text.len())
            {
                return vec![PpToken::new(kind, text.to_string(), call)];
            }
        }
        self.error(
            call,
            format!(
                "pasting `{}` and `{}` with `##` does not give a GLSL token",
                left.text(),
                right.text()
            ),
            "in this macro expansion",
        );
        vec![left, right]
    }
}
