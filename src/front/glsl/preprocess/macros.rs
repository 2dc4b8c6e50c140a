//! Macro definitions: parsing a `#define` line, and the table of the macros defined now.
//!
//! A body is stored as its tokens with each parameter replaced by its index and `##` marked,
//! so that expansion ([`expand`](super::expand)) substitutes without looking names up again.
//! The table also counts which macros are being expanded (busy) and how many tokens all
//! expansions produced: the state that keeps hostile macros bounded.

use std::collections::HashMap;
use std::rc::Rc;

use super::pp_token::PpToken;
use super::token::{Token, TokenKind};
use crate::source::Loc;

/// Names a shader may not define or undefine.
pub(super) const RESERVED: [&str; 4] = ["defined", "__LINE__", "__FILE__", "__VERSION__"];

#[derive(Debug)]
pub(super) struct Macro {
    pub name: Rc<str>,
    pub kind: MacroKind,
    pub body: Vec<BodyPart>,
    /// The `#define`, for "first defined here"; `None` for predefined and `-D` macros.
    pub loc: Option<Loc>,
}

#[derive(Debug, PartialEq, Eq)]
pub(super) enum MacroKind {
    Object,
    Function {
        params: Vec<String>,
    },
    /// `__LINE__`: the line of its use.
    Line,
    /// `__FILE__`: 0 for the root file, else the file id.
    File,
}

#[derive(Debug)]
pub(super) enum BodyPart {
    Token(Token),
    /// The parameter with this index.
    Param(usize),
    /// `##`.
    Paste,
}

impl Macro {
    pub fn object(name: &str, body: Vec<Token>) -> Self {
        Macro {
            name: Rc::from(name),
            kind: MacroKind::Object,
            body: body.into_iter().map(BodyPart::Token).collect(),
            loc: None,
        }
    }

    /// Same parameters and same body tokens (C's rule for an allowed redefinition).
    pub fn same_definition(&self, other: &Macro) -> bool {
        self.kind == other.kind
            && self.body.len() == other.body.len()
            && self.body.iter().zip(&other.body).all(|pair| match pair {
                (BodyPart::Token(a), BodyPart::Token(b)) => a.kind == b.kind && a.text == b.text,
                (BodyPart::Param(a), BodyPart::Param(b)) => a == b,
                (BodyPart::Paste, BodyPart::Paste) => true,
                _ => false,
            })
    }
}

/// Why a `#define` line does not define a macro: where, what, and the label text.
pub(super) type DefineError = (Loc, String, String);

/// Parses the tokens after `#define`. `function_like` says whether a `(` touches the name.
pub(super) fn parse_define(
    tokens: &[PpToken],
    function_like: bool,
    directive: Loc,
) -> Result<Macro, DefineError> {
    let Some(name) = tokens.first() else {
        return Err((
            directive,
            "`#define` without a macro name".into(),
            "write `#define NAME value`".into(),
        ));
    };
    if name.token.kind != TokenKind::Ident {
        return Err((
            name.loc(),
            format!("`{}` is not a macro name", name.text()),
            "a macro name is an identifier".into(),
        ));
    }
    if RESERVED.contains(&name.text()) {
        return Err((
            name.loc(),
            format!("`{}` is predefined and cannot be redefined", name.text()),
            "use another name".into(),
        ));
    }
    let mut rest = &tokens[1..];
    let mut params = Vec::new();
    if function_like {
        let (list, after) = parse_params(rest, name)?;
        params = list;
        rest = after;
    }
    let mut body = Vec::with_capacity(rest.len());
    for token in rest {
        let param = (token.token.kind == TokenKind::Ident)
            .then(|| params.iter().position(|p| p == token.text()))
            .flatten();
        body.push(match param {
            Some(index) => BodyPart::Param(index),
            None if token.is_punct("##") => BodyPart::Paste,
            None if function_like && token.is_punct("#") => {
                return Err((
                    token.loc(),
                    "`#` (stringizing) is not supported in GLSL macros".into(),
                    "GLSL has no strings; remove this `#`".into(),
                ));
            }
            None => BodyPart::Token(token.token.clone()),
        });
    }
    let paste_at_edge = matches!(body.first(), Some(BodyPart::Paste))
        || matches!(body.last(), Some(BodyPart::Paste));
    if paste_at_edge {
        return Err((
            name.loc(),
            "`##` at the start or end of a macro body".into(),
            "`##` pastes the tokens on either side of it; both sides are needed".into(),
        ));
    }
    let kind = if function_like {
        MacroKind::Function { params }
    } else {
        MacroKind::Object
    };
    Ok(Macro {
        name: Rc::from(name.text()),
        kind,
        body,
        loc: Some(directive.join(name.loc())),
    })
}

/// `(a, b)` right after a macro name: the parameter names and the tokens after `)`.
fn parse_params<'t>(
    tokens: &'t [PpToken],
    name: &PpToken,
) -> Result<(Vec<String>, &'t [PpToken]), DefineError> {
    let mut params: Vec<String> = Vec::new();
    let mut index = 1; // past `(`
    let unterminated = || {
        (
            name.loc(),
            format!(
                "missing `)` in the parameter list of macro `{}`",
                name.text()
            ),
            "write `#define NAME(a, b) body`".to_string(),
        )
    };
    if tokens.get(index).is_some_and(|t| t.is_punct(")")) {
        return Ok((params, tokens.get(index + 1..).unwrap_or(&[])));
    }
    loop {
        let Some(param) = tokens.get(index) else {
            return Err(unterminated());
        };
        if param.is_punct(".") {
            return Err((
                param.loc(),
                "variadic macros (`...`) are not supported in GLSL".into(),
                "list the parameters by name".into(),
            ));
        }
        if param.token.kind != TokenKind::Ident {
            return Err((
                param.loc(),
                format!("`{}` is not a parameter name", param.text()),
                "macro parameters are identifiers separated by `,`".into(),
            ));
        }
        if params.iter().any(|p| p == param.text()) {
            return Err((
                param.loc(),
                format!("duplicate macro parameter `{}`", param.text()),
                "rename one of them".into(),
            ));
        }
        params.push(param.text().to_string());
        match tokens.get(index + 1) {
            Some(t) if t.is_punct(",") => index += 2,
            Some(t) if t.is_punct(")") => {
                return Ok((params, tokens.get(index + 2..).unwrap_or(&[])))
            }
            Some(t) => {
                return Err((
                    t.loc(),
                    format!(
                        "expected `,` or `)` in the parameter list of macro `{}`",
                        name.text()
                    ),
                    "unexpected here".into(),
                ))
            }
            None => return Err(unterminated()),
        }
    }
}

/// Every macro defined now, and which are being expanded.
pub(super) struct MacroTable {
    macros: HashMap<Rc<str>, Rc<Macro>>,
    /// Macros with an input on some expansion stack, counted (arguments nest expansions).
    busy: HashMap<Rc<str>, u32>,
    /// Tokens produced by substitution so far: the work budget.
    produced: usize,
}

impl MacroTable {
    pub fn new() -> Self {
        let mut table = MacroTable {
            macros: HashMap::new(),
            busy: HashMap::new(),
            produced: 0,
        };
        for (name, kind) in [("__LINE__", MacroKind::Line), ("__FILE__", MacroKind::File)] {
            table.define(Macro {
                name: Rc::from(name),
                kind,
                body: Vec::new(),
                loc: None,
            });
        }
        table
    }

    pub fn get(&self, name: &str) -> Option<Rc<Macro>> {
        self.macros.get(name).cloned()
    }

    pub fn contains(&self, name: &str) -> bool {
        self.macros.contains_key(name)
    }

    pub fn define(&mut self, definition: Macro) {
        self.macros
            .insert(Rc::clone(&definition.name), Rc::new(definition));
    }

    pub fn undefine(&mut self, name: &str) {
        self.macros.remove(name);
    }

    /// Adds `count` to the tokens all expansions produced; the new total.
    pub fn count_produced(&mut self, count: usize) -> usize {
        self.produced = self.produced.saturating_add(count);
        self.produced
    }

    pub fn is_busy(&self, name: &str) -> bool {
        self.busy.contains_key(name)
    }

    pub fn enter(&mut self, name: &Rc<str>) {
        *self.busy.entry(Rc::clone(name)).or_insert(0) += 1;
    }

    pub fn leave(&mut self, name: &str) {
        if let Some(count) = self.busy.get_mut(name) {
            *count -= 1;
            if *count == 0 {
                self.busy.remove(name);
            }
        }
    }
}
