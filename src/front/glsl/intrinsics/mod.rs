//! Vulkan and desktop built-in functions and variables naga's GLSL reader lacks, lowered in
//! two steps around it, the way [`super::atomics`] lowers atomics:
//!
//! 1. [`rewrite`], on the preprocessed tokens (before the dialect layer's own rewrites):
//!    calls and names become GLSL naga reads, or calls of generated stubs that carry the
//!    meaning through naga's parse. Every generated token carries the location of the
//!    user's token it replaces, and no newline is added.
//! 2. [`lower`], on naga's module: the stubs and markers become the IR they stand for.
//!
//! | GLSL | step 1 | step 2 |
//! | --- | --- | --- |
//! | `gl_WorkGroupSize` | `uvec3(x, y, z)` from the `local_size` layout (a constant, as GLSL defines it) | |
//! | `layout(local_size_x_id = N)` | the id is dropped (warning); the size keeps its default (`local_size_x` or 1), like `constant_id` | |
//! | `memoryBarrier*()`, `groupMemoryBarrier()` | call of a stub `prism_memoryBarrier*` | `Statement::MemoryBarrier` |
//! | `textureGather(s, p[, c])`, `textureGatherOffset` | `textureLod[Offset](s, p, MARK + c)` | `ImageSample { gather: c, level: Zero }` |
//! | `uniform sampler2D tex[]` indexed at run time | `texture2D tex[]` + one `sampler tex_sampler`; uses `sampler2D(tex[i], tex_sampler)` (see `binding_arrays`) | the array becomes a `BindingArray` |
//! | `nonuniformEXT(i)` | `(i)` (naga's SPIR-V writer decorates non-uniform accesses itself) | |
//! | `gl_ViewIndex` | `gl_DrawID` (naga knows its `u32` type) | the argument's built-in becomes `ViewIndex` |
//! | `subpassInput` / `subpassLoad(x)` | `texture2D` / `texelFetch(x, ivec2(gl_FragCoord.xy), 0)` | |
//! | `uaddCarry`, `usubBorrow`, `umulExtended`, `imulExtended` | GLSL implementations (stubs that stay) | |
//!
//! Input attachments: a `subpassInput` becomes a sampled `texture2D` at the same set and
//! binding, read at the fragment's own pixel. That is what an input attachment read means,
//! but the pipeline must bind a sampled image there (not an `INPUT_ATTACHMENT` descriptor),
//! and tile-based GPUs lose the on-chip read: prism says so with a warning.

mod binding_arrays;
mod builtins;
mod calls;
mod lower;

use crate::diagnostic::Diagnostic;
use crate::front::glsl::preprocess::{Token, TokenKind};
use crate::shader::Stage;
use crate::source::Loc;

pub use lower::lower;

/// The level that marks a `textureLod` as a gather of component 0 (plus the component).
pub const GATHER_MARK: f32 = 8_388_608.0;

/// The rewritten tokens and what the user should know about them.
pub struct Rewritten {
    pub tokens: Vec<Token>,
    pub warnings: Vec<Diagnostic>,
}

/// Step 1 (see the module docs).
pub fn rewrite(tokens: Vec<Token>, stage: Stage) -> Result<Rewritten, Vec<Diagnostic>> {
    let mut pass = Pass {
        tokens: &tokens,
        edits: Vec::new(),
        stubs: Vec::new(),
        warnings: Vec::new(),
        errors: Vec::new(),
    };
    builtins::rewrite(&mut pass, stage);
    calls::rewrite(&mut pass);
    binding_arrays::rewrite(&mut pass);
    if !pass.errors.is_empty() {
        return Err(pass.errors);
    }
    let Pass {
        mut edits,
        stubs,
        warnings,
        ..
    } = pass;
    if let Some(first) = tokens.first() {
        let source: Vec<&str> = stubs.iter().map(|(_, s)| s.as_str()).collect();
        edits.push(Edit {
            start: 0,
            end: 0,
            insert: gen(&source.join(" "), first.loc),
        });
    }
    Ok(Rewritten {
        tokens: apply(tokens.clone(), edits),
        warnings,
    })
}

/// The state of step 1.
struct Pass<'t> {
    tokens: &'t [Token],
    edits: Vec<Edit>,
    /// Generated functions, by name (each once), put before the first token.
    stubs: Vec<(String, String)>,
    warnings: Vec<Diagnostic>,
    errors: Vec<Diagnostic>,
}

impl Pass<'_> {
    fn stub(&mut self, name: &str, source: impl FnOnce() -> String) {
        if !self.stubs.iter().any(|(n, _)| n == name) {
            self.stubs.push((name.to_string(), source()));
        }
    }

    fn is_call(&self, i: usize) -> bool {
        self.tokens.get(i + 1).is_some_and(|t| t.is_punct("("))
            && !(i > 0 && self.tokens[i - 1].is_punct("."))
    }

    /// The index of the `)` closing the `(` at `open`.
    fn close_of(&self, open: usize) -> Option<usize> {
        let mut depth = 0usize;
        for (i, t) in self.tokens.iter().enumerate().skip(open) {
            if t.kind != TokenKind::Punct {
                continue;
            }
            match t.text.as_str() {
                "(" | "[" | "{" => depth += 1,
                ")" | "]" | "}" => {
                    depth = depth.checked_sub(1)?;
                    if depth == 0 {
                        return Some(i);
                    }
                }
                _ => {}
            }
        }
        None
    }

    /// The top-level comma positions between `open` and `close`.
    fn commas(&self, open: usize, close: usize) -> Vec<usize> {
        let mut depth = 0usize;
        let mut out = Vec::new();
        for i in open + 1..close {
            let t = &self.tokens[i];
            if t.kind != TokenKind::Punct {
                continue;
            }
            match t.text.as_str() {
                "(" | "[" | "{" => depth += 1,
                ")" | "]" | "}" => depth = depth.saturating_sub(1),
                "," if depth == 0 => out.push(i),
                _ => {}
            }
        }
        out
    }

    fn replace(&mut self, start: usize, end: usize, insert: Vec<Token>) {
        self.edits.push(Edit { start, end, insert });
    }

    fn unsupported(&mut self, loc: Loc, message: String, label: &str) {
        self.errors.push(crate::diagnostic::error_at(
            "E-UNSUPPORTED",
            message,
            loc,
            label,
        ));
    }
}

/// A replacement of `tokens[start..end]`.
struct Edit {
    start: usize,
    end: usize,
    insert: Vec<Token>,
}

/// The tokens with the edits made; an edit overlapping an earlier one is dropped.
fn apply(tokens: Vec<Token>, mut edits: Vec<Edit>) -> Vec<Token> {
    edits.sort_by_key(|e| (e.start, e.end));
    let mut out = Vec::with_capacity(tokens.len() + 64);
    let mut pos = 0;
    for edit in edits {
        if edit.start < pos {
            continue;
        }
        out.extend_from_slice(&tokens[pos..edit.start]);
        out.extend(edit.insert);
        pos = edit.end;
    }
    out.extend_from_slice(&tokens[pos.min(tokens.len())..]);
    out
}

/// Generated tokens for `words` (split on spaces), all at `loc`.
fn gen(words: &str, loc: Loc) -> Vec<Token> {
    words
        .split_whitespace()
        .map(|w| Token {
            kind: match w.chars().next() {
                Some(c) if c.is_ascii_digit() => {
                    if w.contains('.') {
                        TokenKind::Float
                    } else {
                        TokenKind::Int
                    }
                }
                Some(c) if c.is_ascii_alphabetic() || c == '_' => TokenKind::Ident,
                _ => TokenKind::Punct,
            },
            text: w.to_string(),
            loc,
            from_macro: true,
        })
        .collect()
}
