//! Which sampler type a name has at a call: enough scope for `textureGather`, whose third
//! argument is a component on a colour sampler and a depth reference on a shadow sampler.
//!
//! Every `TYPE name` with a sampler type is a declaration, tagged with the function whose
//! parameters or body hold it (none for a global). At a call, a declaration of the same
//! function before the call wins (the nearest), then the globals, which must agree; anything
//! else is unknown, and the call is left to naga.

use crate::front::glsl::dialect::items::matching_close;
use crate::front::glsl::preprocess::{Token, TokenKind};

struct Declaration {
    name: String,
    ty: String,
    at: usize,
    function: Option<usize>,
}

/// The sampler declarations of a shader, by scope.
pub(super) struct SamplerScopes {
    declarations: Vec<Declaration>,
    /// For each token, the function it is in (the index of its parameters' `(`).
    function_of: Vec<Option<usize>>,
}

impl SamplerScopes {
    pub fn of(tokens: &[Token]) -> Self {
        let function_of = functions(tokens);
        let mut declarations = Vec::new();
        for (i, pair) in tokens.windows(2).enumerate() {
            let [ty, name] = pair else { continue };
            let sampler = ["sampler", "isampler", "usampler"]
                .iter()
                .any(|p| ty.text.starts_with(p));
            if sampler && ty.kind == TokenKind::Ident && name.kind == TokenKind::Ident {
                declarations.push(Declaration {
                    name: name.text.clone(),
                    ty: ty.text.clone(),
                    at: i + 1,
                    function: function_of[i + 1],
                });
            }
        }
        SamplerScopes {
            declarations,
            function_of,
        }
    }

    /// The type of the sampler `name` used at token `at`, where known.
    pub fn type_at(&self, name: &str, at: usize) -> Option<&str> {
        let function = self.function_of.get(at).copied().flatten();
        let named = || self.declarations.iter().filter(move |d| d.name == name);
        if function.is_some() {
            let local = named().rfind(|d| d.function == function && d.at < at);
            if let Some(local) = local {
                return Some(&local.ty);
            }
        }
        let mut globals = named().filter(|d| d.function.is_none());
        let first = globals.next()?;
        globals
            .all(|d| d.ty == first.ty)
            .then_some(first.ty.as_str())
    }
}

/// For each token, the function it is in: the index of the `(` of the parameters of the
/// top-level function whose parameters or body hold it.
fn functions(tokens: &[Token]) -> Vec<Option<usize>> {
    let mut out = vec![None; tokens.len()];
    let mut depth = 0usize;
    let mut current = None;
    for (i, t) in tokens.iter().enumerate() {
        if depth == 0
            && current.is_none()
            && t.is_punct("(")
            && i > 0
            && tokens[i - 1].kind == TokenKind::Ident
        {
            let body = matching_close(tokens, i, tokens.len())
                .is_some_and(|close| tokens.get(close + 1).is_some_and(|n| n.is_punct("{")));
            if body {
                current = Some(i);
            }
        }
        out[i] = current;
        if t.is_punct("{") {
            depth += 1;
        } else if t.is_punct("}") {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                current = None;
            }
        }
    }
    out
}
