//! The dialect layer: GLSL as people write it in, the GLSL naga reads out.
//!
//! In: the preprocessed token stream ([`Preprocessed`]) of a WebGL 1 (GLSL ES 1.00), WebGL 2
//! (ES 3.00), desktop (110-460) or Vulkan GLSL shader. Out: [`Upgraded`]: `#version 450 core`
//! text that naga's GLSL front end accepts, an [`OutputMap`] from every byte of that text back
//! to the user's own file, line and column, and the [`Binding`] table of every interface
//! variable with where its location or binding came from.
//!
//! What it rewrites (naga 30 reads only Vulkan-flavoured GLSL 440-460):
//! - `attribute` / `varying` become `in` / `out` with explicit locations; `in`/`out` globals
//!   without a location get one.
//! - loose `uniform`s are gathered into one generated block `prism_globals` (see [`bindings`]
//!   for the numbering), placed where the first one was declared;
//! - combined samplers are split into a texture and a sampler ([`samplers`]);
//! - `gl_FragColor` / `gl_FragData[n]` become outputs at location 0 / n; `texture2D` and the
//!   other ES 1.00 sampling functions become their GLSL 1.30+ names; `gl_FragDepthEXT`,
//!   `gl_VertexID` and `gl_InstanceID` their Vulkan names;
//! - `out gl_PerVertex { ... };` redeclarations are dropped; specialization constants keep
//!   their default value (`layout(constant_id = N)` is dropped and reported).
//! - the array specifiers of arrays of arrays are reversed in declarations, where naga reads
//!   them inside out ([`arrays`]).
//!
//! The trap: every change is made on tokens, and every generated token carries the location
//! of the declaration it replaces, so naga's spans still point at the user's line. Nothing in
//! expressions is reordered.

pub mod arrays;
pub mod bindings;
pub mod emit;
pub mod items;
pub mod samplers;
pub mod sizes;
pub mod strict;

use std::collections::{BTreeSet, HashMap, HashSet};

use serde::Serialize;

use crate::diagnostic::{error_at, warning_at, Diagnostic};
use crate::front::glsl::preprocess::{Preprocessed, Token, TokenKind, VersionDirective};
use crate::shader::Stage;
use crate::source::{Loc, SourceFiles};
pub use bindings::{Binding, BindingClass, BindingKind, Origin};
pub use emit::OutputMap;
use items::{split_items, ItemKind, SplitError};

/// Which GLSL the user wrote, read from `#version` (or its absence).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Dialect {
    /// GLSL ES 1.00: WebGL 1. No `#version`, or `#version 100`.
    Es100,
    /// GLSL ES 3.x: WebGL 2 (`#version 300 es`), and 310/320.
    Es3(u32),
    /// Desktop GLSL 110-330 (`attribute`/`varying` up to 120, `in`/`out` from 130).
    Desktop(u32),
    /// GLSL 400-460, desktop or Vulkan: what naga reads natively, save the gaps below.
    Modern(u32),
}

impl Dialect {
    pub fn version(self) -> u32 {
        match self {
            Dialect::Es100 => 100,
            Dialect::Es3(v) | Dialect::Desktop(v) | Dialect::Modern(v) => v,
        }
    }

    pub fn describe(self) -> String {
        match self {
            Dialect::Es100 => "GLSL ES 1.00 (WebGL 1)".into(),
            Dialect::Es3(300) => "GLSL ES 3.00 (WebGL 2)".into(),
            Dialect::Es3(v) => format!("GLSL ES {}.{:02}", v / 100, v % 100),
            Dialect::Desktop(v) => format!("desktop GLSL {v}"),
            Dialect::Modern(v) => format!("GLSL {v} (desktop / Vulkan)"),
        }
    }
}

const DESKTOP_VERSIONS: &[u32] = &[
    110, 120, 130, 140, 150, 330, 400, 410, 420, 430, 440, 450, 460,
];

/// The dialect a `#version` directive names, or a diagnostic for one prism does not know.
pub fn detect(version: Option<&VersionDirective>) -> Result<Dialect, Diagnostic> {
    let Some(v) = version else {
        return Ok(Dialect::Es100);
    };
    let profile = v.profile.as_deref();
    match (v.number, profile) {
        (100, None) => Ok(Dialect::Es100),
        (300 | 310 | 320, Some("es")) => Ok(Dialect::Es3(v.number)),
        (n, None | Some("core") | Some("compatibility")) if DESKTOP_VERSIONS.contains(&n) => {
            Ok(if n >= 400 {
                Dialect::Modern(n)
            } else {
                Dialect::Desktop(n)
            })
        }
        (300 | 310 | 320, _) => Err(error_at(
            "E-DIALECT",
            format!("`#version {}` needs the `es` profile", v.number),
            v.loc,
            "write `es` after the number",
        )),
        (n, Some("es")) => Err(error_at(
            "E-DIALECT",
            format!("`#version {n} es` is not a GLSL ES version"),
            v.loc,
            "GLSL ES versions are 100, 300 es, 310 es and 320 es",
        )),
        (n, p) => Err(error_at(
            "E-DIALECT",
            format!(
                "unknown `#version {n}{}`",
                p.map(|p| format!(" {p}")).unwrap_or_default()
            ),
            v.loc,
            "prism reads 100, 300 es, 310 es, 320 es, and desktop 110 to 460",
        )),
    }
}

/// The result of the dialect layer.
#[derive(Debug)]
pub struct Upgraded {
    /// GLSL 450 text for naga.
    pub text: String,
    pub map: OutputMap,
    pub dialect: Dialect,
    pub bindings: Vec<Binding>,
    /// Warnings: things that compiled but do not mean exactly what the user wrote.
    pub warnings: Vec<Diagnostic>,
}

/// A replacement of `tokens[start..end]`.
struct Edit {
    start: usize,
    end: usize,
    insert: Vec<Token>,
}

/// Tokens for generated text: `words` is split on spaces; every token gets `loc`.
fn gen(words: &str, loc: Loc) -> Vec<Token> {
    words
        .split_whitespace()
        .map(|w| Token {
            kind: match w.chars().next() {
                Some(c) if c.is_ascii_digit() => TokenKind::Int,
                Some(c) if c.is_ascii_alphabetic() || c == '_' => TokenKind::Ident,
                _ => TokenKind::Punct,
            },
            text: w.to_string(),
            loc,
            from_macro: true,
        })
        .collect()
}

/// `name ( inner )`: generated call tokens around `inner`, all at `loc`.
fn call(name: &str, inner: impl IntoIterator<Item = Token>, loc: Loc) -> Vec<Token> {
    let mut out = gen(&format!("{name} ("), loc);
    out.extend(inner);
    out.extend(gen(")", loc));
    out
}

/// `token` with other text; marked synthesized (`from_macro`) since it is no longer the
/// literal text at its location.
fn renamed(token: &Token, text: &str) -> Token {
    Token {
        text: text.to_string(),
        from_macro: token.from_macro || text != token.text,
        ..token.clone()
    }
}

/// The largest array of combined samplers prism expands into separate textures.
const MAX_SAMPLER_ARRAY: u32 = 32;

/// A global combined sampler: its type, its sampler's name, and its element count when it
/// is an array prism expands.
struct SamplerGlobal {
    combined: String,
    sampler: String,
    expanded: Option<u32>,
}

/// Loose uniforms gathered into one generated block: their items, the block's name, and
/// its (set, binding), numbered where the group starts.
struct LooseGroup {
    items: Vec<usize>,
    block: String,
    numbers: (u32, u32),
}

/// What the whole shader says about combined samplers, needed before any function body is
/// rewritten (a prototype may come first).
#[derive(Default)]
struct CombinedSamplers {
    /// Global combined samplers by name.
    globals: HashMap<String, SamplerGlobal>,
    /// Functions with a combined-sampler parameter, which take texture and sampler apart.
    split_functions: HashSet<String>,
}

/// Words that are identifiers in GLSL ES 1.00 and GLSL 1.10/1.20 but keywords in GLSL 4.50.
const LATER_KEYWORDS: &[&str] = &[
    "texture",
    "sample",
    "layout",
    "smooth",
    "flat",
    "buffer",
    "shared",
    "centroid",
    "noperspective",
    "restrict",
    "readonly",
    "writeonly",
    "coherent",
    "volatile",
    "patch",
    "precise",
    "subroutine",
    "switch",
    "case",
    "uint",
    "uvec2",
    "uvec3",
    "uvec4",
];

/// Built-in functions of later GLSL that an old shader may define for itself.
const LATER_BUILTINS: &[&str] = &[
    "textureLod",
    "textureProj",
    "textureGrad",
    "texelFetch",
    "textureSize",
    "textureOffset",
    "round",
    "trunc",
    "inverse",
    "transpose",
    "determinant",
    "isnan",
    "isinf",
    "sinh",
    "cosh",
    "tanh",
    "asinh",
    "acosh",
    "atanh",
    "outerProduct",
];

/// ES 1.00 and legacy desktop sampling functions and their GLSL 1.30+ names.
fn texture_function(name: &str) -> Option<&'static str> {
    Some(match name {
        "texture2D" | "textureCube" | "texture1D" | "texture3D" | "shadow2D" | "shadow1D" => {
            "texture"
        }
        "texture2DProj" | "texture1DProj" | "texture3DProj" | "shadow2DProj" => "textureProj",
        "texture2DLod" | "textureCubeLod" | "texture2DLodEXT" | "textureCubeLodEXT"
        | "texture1DLod" | "texture3DLod" | "shadow2DLod" => "textureLod",
        "texture2DProjLod" | "texture2DProjLodEXT" | "texture3DProjLod" => "textureProjLod",
        "texture2DGradEXT" | "textureCubeGradEXT" => "textureGrad",
        "texture2DProjGradEXT" => "textureProjGrad",
        _ => return None,
    })
}

/// Run the dialect layer.
pub fn upgrade(
    files: &SourceFiles,
    pre: &Preprocessed,
    stage: Stage,
) -> Result<Upgraded, Vec<Diagnostic>> {
    let dialect = detect(pre.version.as_ref()).map_err(|d| vec![d])?;
    let violations = strict::check(pre, dialect, stage);
    if !violations.is_empty() {
        return Err(violations);
    }
    if let Some((at, bytes)) = sizes::check(&pre.tokens) {
        let token = &pre.tokens[at];
        return Err(vec![error_at(
            "E-LIMIT",
            format!(
                "`{}` may take up to {} MiB: more than prism compiles ({} MiB)",
                token.text,
                bytes >> 20,
                sizes::MAX_BYTES >> 20
            ),
            token.loc,
            "declared here",
        )]);
    }
    let mut rewriter = Rewriter::new(dialect, stage, pre);
    rewriter.rename_builtins()?;
    rewriter.rewrite_declarations()?;
    let Rewriter {
        mut tokens,
        bindings,
        warnings,
        ..
    } = rewriter;
    // Last, so that declarations the rewrites above moved (gathered uniforms) are covered.
    arrays::reverse_dimensions(&mut tokens);
    let (text, mut map) = emit::emit(files, "#version 450 core", &tokens);
    if let Some(v) = &pre.version {
        map.prologue = Some(v.loc);
    }
    Ok(Upgraded {
        text,
        map,
        dialect,
        bindings,
        warnings,
    })
}

struct Rewriter {
    dialect: Dialect,
    stage: Stage,
    tokens: Vec<Token>,
    bindings: Vec<Binding>,
    warnings: Vec<Diagnostic>,
    /// Fragment outputs created for `gl_FragColor` / `gl_FragData[n]`: location → name.
    frag_outputs: Vec<(u32, String, Loc)>,
    /// Every identifier in the shader, to keep generated names from colliding.
    identifiers: HashSet<String>,
    /// Stub functions for atomics (see `front::atomics`), declared in the prologue.
    atomic_stubs: Vec<String>,
    /// Matrix inputs/outputs passed as columns, copied at the ends of `main`.
    matrix_io: Vec<MatrixIo>,
    /// Errors found while rewriting declarations.
    errors: Vec<Diagnostic>,
}

/// A matrix input or output, passed between stages as one vector per column.
struct MatrixIo {
    name: String,
    matrix: String,
    column: String,
    columns: u32,
    input: bool,
}

impl Rewriter {
    fn new(dialect: Dialect, stage: Stage, pre: &Preprocessed) -> Self {
        let identifiers = pre
            .tokens
            .iter()
            .filter(|t| t.kind == TokenKind::Ident)
            .map(|t| t.text.clone())
            .collect();
        Rewriter {
            dialect,
            stage,
            tokens: pre.tokens.clone(),
            bindings: Vec::new(),
            warnings: Vec::new(),
            frag_outputs: Vec::new(),
            identifiers,
            atomic_stubs: Vec::new(),
            matrix_io: Vec::new(),
            errors: Vec::new(),
        }
    }

    fn fresh_name(&self, base: &str) -> String {
        let mut name = base.to_string();
        while self.identifiers.contains(&name) {
            name.push('_');
        }
        name
    }

    /// Token-level renames that need no knowledge of declarations.
    fn rename_builtins(&mut self) -> Result<(), Vec<Diagnostic>> {
        let mut errors = Vec::new();
        let mut out = Vec::with_capacity(self.tokens.len());
        let tokens = std::mem::take(&mut self.tokens);
        let frag_color = self.fresh_name("prism_FragColor");
        let user_functions = items::user_function_names(&tokens);
        // Identifiers of GLSL ES 1.00 / GLSL 1.10-1.20 that later GLSL made keywords or
        // built-in functions: renamed wherever they appear.
        let old_glsl = matches!(self.dialect, Dialect::Es100 | Dialect::Desktop(110 | 120));
        let mut keyword_renames: HashMap<String, String> = HashMap::new();
        if old_glsl {
            for t in tokens.iter().filter(|t| t.kind == TokenKind::Ident) {
                let name = t.text.as_str();
                let clashes = LATER_KEYWORDS.contains(&name)
                    || (LATER_BUILTINS.contains(&name) && user_functions.contains(name));
                if clashes && !keyword_renames.contains_key(name) {
                    let fresh = self.fresh_name(&format!("{name}_"));
                    keyword_renames.insert(name.to_string(), fresh);
                }
            }
        }
        // Closing parentheses of legacy `shadow2D(...)` calls, each followed by one more `)`.
        let mut shadow_closes: Vec<usize> = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            if shadow_closes.contains(&i) {
                out.push(tokens[i].clone());
                for _ in shadow_closes.iter().filter(|&&c| c == i) {
                    out.extend(gen(")", tokens[i].loc));
                }
                i += 1;
                continue;
            }
            let t = &tokens[i];
            let next_is_paren = tokens.get(i + 1).is_some_and(|n| n.is_punct("("));
            let after_dot = i > 0 && tokens[i - 1].is_punct(".");
            // `precision highp float;` anywhere, and precision qualifiers everywhere: naga
            // ignores precision, and rejects it inside structs, blocks and parameter lists.
            if t.is_ident("precision") {
                let end = (i..tokens.len()).find(|&j| tokens[j].is_punct(";"));
                i = end.map_or(tokens.len(), |e| e + 1);
                continue;
            }
            if t.kind == TokenKind::Ident && items::PRECISIONS.contains(&t.text.as_str()) {
                i += 1;
                continue;
            }
            if t.kind != TokenKind::Ident || after_dot {
                out.push(t.clone());
                i += 1;
                continue;
            }
            if let Some(fresh) = keyword_renames.get(&t.text) {
                out.push(renamed(t, fresh));
                i += 1;
                continue;
            }
            match t.text.as_str() {
                name if user_functions.contains(name) => out.push(t.clone()),
                name if next_is_paren && texture_function(name).is_some() => {
                    // Legacy `shadow*()` returns the comparison result in a vec4.
                    let close = name
                        .starts_with("shadow")
                        .then(|| items::matching_close(&tokens, i + 1, tokens.len()))
                        .flatten();
                    if let Some(close) = close {
                        out.extend(gen("vec4 (", t.loc));
                        shadow_closes.push(close);
                    }
                    out.push(renamed(t, texture_function(name).unwrap_or(name)));
                }
                name if next_is_paren
                    && crate::front::glsl::atomics::FUNCTIONS
                        .iter()
                        .any(|(glsl, _)| *glsl == name) =>
                {
                    let stub = crate::front::glsl::atomics::FUNCTIONS
                        .iter()
                        .find(|(glsl, _)| *glsl == name)
                        .map(|(_, stub)| *stub)
                        .unwrap_or(name);
                    if !self.atomic_stubs.iter().any(|s| s == stub) {
                        self.atomic_stubs.push(stub.to_string());
                    }
                    out.push(renamed(t, stub));
                }
                "gl_FragDepthEXT" => out.push(renamed(t, "gl_FragDepth")),
                // GLSL types these `int`; naga's builtins are `uint`: convert at each use.
                "gl_VertexID" | "gl_VertexIndex" | "gl_InstanceID" | "gl_InstanceIndex" => {
                    let vulkan = if t.text.starts_with("gl_Vertex") {
                        "gl_VertexIndex"
                    } else {
                        "gl_InstanceIndex"
                    };
                    out.extend(call("int", [renamed(t, vulkan)], t.loc));
                }
                "gl_FragColor" if self.stage == Stage::Fragment => {
                    self.add_frag_output(0, &frag_color, t.loc);
                    out.push(renamed(t, &frag_color));
                }
                "gl_FragData" if self.stage == Stage::Fragment => {
                    let index = match (tokens.get(i + 1), tokens.get(i + 2), tokens.get(i + 3)) {
                        (Some(open), Some(n), Some(close))
                            if open.is_punct("[")
                                && n.kind == TokenKind::Int
                                && close.is_punct("]") =>
                        {
                            items::parse_int(&n.text)
                        }
                        _ => None,
                    };
                    match index {
                        Some(n) if n < 8 => {
                            let name = self.fresh_name(&format!("prism_FragData{n}"));
                            let loc = t.loc.join(tokens[i + 3].loc);
                            self.add_frag_output(n, &name, loc);
                            out.push(Token {
                                loc,
                                ..renamed(t, &name)
                            });
                            i += 4;
                            continue;
                        }
                        _ => errors.push(error_at(
                            "E-DIALECT",
                            "`gl_FragData` indexed by something other than a constant 0-7",
                            t.loc,
                            "write `gl_FragData[0]` ... `gl_FragData[7]`, or declare outputs",
                        )),
                    }
                    out.push(t.clone());
                }
                _ => out.push(t.clone()),
            }
            i += 1;
        }
        self.tokens = out;
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    fn add_frag_output(&mut self, location: u32, name: &str, loc: Loc) {
        if !self.frag_outputs.iter().any(|(l, _, _)| *l == location) {
            self.frag_outputs.push((location, name.to_string(), loc));
        }
    }

    fn split_error(&self, err: SplitError) -> Vec<Diagnostic> {
        let (index, message, label) = match err {
            SplitError::TooDeep(i) => (
                i,
                format!("brackets nested deeper than {} levels", items::MAX_NESTING),
                "nesting limit reached here".to_string(),
            ),
            SplitError::TooLong(i, what) => (
                i,
                format!("{what}: more than prism compiles"),
                "limit reached here".to_string(),
            ),
            SplitError::Unbalanced(i) => (
                i,
                "unbalanced bracket".to_string(),
                "no matching opening bracket".to_string(),
            ),
            SplitError::Unclosed(open, at) => {
                let close = if self.tokens[open].is_punct("(") {
                    ")"
                } else {
                    "]"
                };
                let opened = self.tokens[open].loc;
                let found = &self.tokens[at];
                return vec![Diagnostic::error()
                    .with_code("E-SYNTAX")
                    .with_message(format!("expected `{close}` before `{}`", found.text))
                    .with_labels(vec![
                        codespan_reporting::diagnostic::Label::primary(
                            found.loc.file,
                            found.loc.range(),
                        )
                        .with_message(format!("`{close}` missing before this")),
                        codespan_reporting::diagnostic::Label::secondary(
                            opened.file,
                            opened.range(),
                        )
                        .with_message("opened here"),
                    ])];
            }
        };
        let loc = self.tokens[index].loc;
        vec![error_at("E-SYNTAX", message, loc, label)]
    }

    fn rewrite_declarations(&mut self) -> Result<(), Vec<Diagnostic>> {
        items::check_chains(&self.tokens).map_err(|e| self.split_error(e))?;
        let items = split_items(&self.tokens).map_err(|e| self.split_error(e))?;
        // The tokens do not change until `apply`, so each item's qualifiers are read once.
        let quals: Vec<items::Qualifiers> = items
            .iter()
            .map(|item| items::qualifiers(&self.tokens, item.range.clone()))
            .collect();
        let mut plan = bindings::Planner::new();
        let mut edits: Vec<Edit> = Vec::new();

        // Combined-sampler globals and functions with combined-sampler parameters must be
        // known before any body is rewritten (a prototype may come first).
        let mut samplers = CombinedSamplers::default();
        // Loose `bool`/`bvecN` uniforms: not host-shareable, so they live in the block as
        // `uint`/`uvecN` and every use converts back.
        let mut bool_uniforms: HashMap<String, String> = HashMap::new();
        // Desktop GL gives blocks, storage blocks, textures and images separate binding
        // namespaces; Vulkan (and naga) has one per set. See `bindings` for the rule.
        let mut classes: HashMap<u32, HashSet<BindingClass>> = HashMap::new();
        let mut explicit_sets = false;
        for q in &quals {
            explicit_sets |= q.layout("set").is_some() || q.layout("push_constant").is_some();
            if let (Some(binding), Some(class)) = (q.layout_int("binding"), self.binding_class(q)) {
                classes.entry(binding).or_default().insert(class);
            }
        }
        if !explicit_sets && classes.values().any(|c| c.len() > 1) {
            plan.use_gl_namespaces();
        }
        for (item, q) in items.iter().zip(&quals) {
            let range = item.range.clone();
            if let Some(binding) = q.layout_int("binding") {
                let set = match self.binding_class(q) {
                    Some(class) => plan.gl_set(class, q.layout_int("set")),
                    None => q.layout_int("set").unwrap_or(0),
                };
                plan.reserve_binding(set, binding);
            }
            if q.has("uniform") && !matches!(item.kind, ItemKind::Function { .. }) {
                if let Some(ty) = self.tokens.get(q.type_start) {
                    // Read back through the constructor of the user's own type.
                    let ctor = host_shareable(&ty.text).map(|_| ty.text.as_str());
                    let is_block = self
                        .tokens
                        .get(q.type_start + 1)
                        .is_some_and(|t| t.is_punct("{"));
                    if let (Some(ctor), false) = (ctor, is_block) {
                        for (name, _) in self.declarators(q.type_start + 1, range.end) {
                            bool_uniforms.insert(name, ctor.to_string());
                        }
                    }
                }
            }
            if let Some(location) = q.layout_int("location") {
                let names = self.declarators(q.type_start + 1, range.end);
                let array = names.first().and_then(|n| n.1.as_deref());
                let size = self.location_size(q.type_start, array);
                let dir = if q.has("in") { "in" } else { "out" };
                plan.reserve_location(dir, location, size);
            }
            if let Some(params) = self.param_range(item) {
                if self.params_have_combined(params) {
                    if let Some(name) = self.function_name(item) {
                        samplers.split_functions.insert(name);
                    }
                }
            } else if q.has("uniform") {
                if let Some(ty) = self.tokens.get(q.type_start) {
                    if samplers::split_type(&ty.text).is_some() {
                        for (name, array) in self.declarators(q.type_start + 1, range.end) {
                            let sampler = self.fresh_name(&format!("{name}_sampler"));
                            let expanded = array
                                .as_deref()
                                .and_then(items::parse_int)
                                .filter(|n| (1..=MAX_SAMPLER_ARRAY).contains(n));
                            samplers.globals.insert(
                                name,
                                SamplerGlobal {
                                    combined: ty.text.clone(),
                                    sampler,
                                    expanded,
                                },
                            );
                        }
                    }
                }
            }
        }

        for (location, _, _) in &self.frag_outputs {
            plan.reserve_location("out", *location, 1);
        }
        let mut loose_groups: Vec<LooseGroup> = Vec::new();
        let mut use_errors: Vec<Diagnostic> = Vec::new();
        let mut declared_since_group: BTreeSet<String> = BTreeSet::new();
        let mut first_item = true;
        for (index, item) in items.iter().enumerate() {
            let range = item.range.clone();
            if first_item {
                first_item = false;
                self.prologue_edits(range.start, &mut edits);
            }
            if let ItemKind::Function { params, body, name } = &item.kind {
                if name == "main" {
                    self.matrix_io_copies(body.clone(), &mut edits);
                }
                // Parameters and locals named like a global shadow it in this function.
                let shadowed = items::local_names(&self.tokens, params.clone(), body.clone());
                self.rewrite_bool_uses(body.clone(), &shadowed, &bool_uniforms, &mut edits);
                self.rewrite_params(params.clone(), &mut edits);
                self.rewrite_sampler_uses(
                    params.clone(),
                    body.clone(),
                    &shadowed,
                    &samplers,
                    &mut edits,
                    &mut use_errors,
                );
                declared_since_group.extend(self.declared_names(item));
                continue;
            }
            let q = &quals[index];
            if let Some(params) = self.param_range(item) {
                // A prototype.
                self.rewrite_params(params, &mut edits);
                continue;
            }
            let ty = self.tokens.get(q.type_start).cloned();
            let is_block = ty.as_ref().is_some_and(|t| t.kind == TokenKind::Ident)
                && self
                    .tokens
                    .get(q.type_start + 1)
                    .is_some_and(|t| t.is_punct("{"));
            if is_block
                && ty.as_ref().is_some_and(|t| t.text == "gl_PerVertex")
                && (q.has("out") || q.has("in"))
            {
                edits.push(Edit {
                    start: range.start,
                    end: range.end,
                    insert: Vec::new(),
                });
                continue;
            }
            if let Some(group) = q
                .layouts
                .iter()
                .find(|g| g.entries.iter().any(|(k, _)| k == "constant_id"))
            {
                let name = self
                    .declarators(q.type_start + 1, range.end)
                    .into_iter()
                    .next()
                    .map(|(n, _)| n)
                    .unwrap_or_default();
                plan.spec_constant(
                    &name,
                    q.layout_int("constant_id"),
                    self.tokens[range.start].loc,
                );
                edits.push(Edit {
                    start: group.range.start,
                    end: group.range.end,
                    insert: Vec::new(),
                });
                continue;
            }
            let declared = self.declared_names(item);
            let legacy_io = q.has("attribute") || q.has("varying");
            let modern_io = (q.has("in") || q.has("out"))
                && !is_block
                && ty.as_ref().is_some_and(|t| !t.is_punct(";"))
                && self.stage != Stage::Compute;
            if legacy_io || modern_io {
                self.rewrite_io(q, range.clone(), &mut plan, &mut edits);
                declared_since_group.extend(declared);
                continue;
            }
            if is_block && (q.has("uniform") || q.has("buffer")) {
                let block = ty.as_ref().map(|t| t.text.clone()).unwrap_or_default();
                self.strip_member_layouts(q.type_start + 1, range.end, &block, &mut edits);
                if q.has("buffer") {
                    // naga has no write-only storage buffers; `writeonly` only forbids reads,
                    // so dropping it keeps every valid shader valid.
                    if let Some(at) = q.index_of("writeonly") {
                        edits.push(Edit {
                            start: at,
                            end: at + 1,
                            insert: Vec::new(),
                        });
                    }
                }
                let kind = if q.has("uniform") {
                    BindingKind::UniformBlock
                } else {
                    BindingKind::StorageBlock
                };
                if q.layout("push_constant").is_some() {
                    plan.push_constant(&block, self.tokens[range.start].loc);
                } else {
                    let loc = self.tokens[range.start].loc;
                    let user = self.user_binding(q, &plan);
                    let (set, binding) = plan.resource(kind, &block, user, loc);
                    self.insert_binding(q, set, binding, user, loc, &mut edits);
                }
                declared_since_group.extend(declared);
                continue;
            }
            if q.has("uniform") {
                let Some(ty) = ty else { continue };
                if let Some((texture_ty, sampler_ty)) = samplers::split_type(&ty.text) {
                    self.split_sampler_decl(
                        q,
                        range.clone(),
                        &texture_ty,
                        sampler_ty,
                        &samplers.globals,
                        &mut plan,
                        &mut edits,
                    );
                    declared_since_group.extend(declared);
                    continue;
                }
                if let Some(kind) = opaque_kind(&ty.text) {
                    let loc = self.tokens[range.start].loc;
                    let names = self.declarators(q.type_start + 1, range.end);
                    let user = self.user_binding(q, &plan);
                    let name = names.first().map(|n| n.0.clone()).unwrap_or_default();
                    let (set, binding) = plan.resource(kind, &name, user, loc);
                    self.insert_binding(q, set, binding, user, loc, &mut edits);
                    declared_since_group.extend(declared);
                    continue;
                }
                // A loose uniform: gather it.
                let uses_recent = self
                    .item_idents(range.clone())
                    .iter()
                    .any(|id| declared_since_group.contains(id));
                match loose_groups.last_mut() {
                    Some(group) if !uses_recent => group.items.push(index),
                    _ => {
                        let block = match loose_groups.len() {
                            0 => self.fresh_name("prism_globals"),
                            n => self.fresh_name(&format!("prism_globals{n}")),
                        };
                        let numbers = plan.globals_block(&block, &[], self.tokens[range.start].loc);
                        loose_groups.push(LooseGroup {
                            items: vec![index],
                            block,
                            numbers,
                        });
                        declared_since_group.clear();
                    }
                }
                continue;
            }
            declared_since_group.extend(declared);
        }

        for group in &loose_groups {
            self.gather_uniforms(&items, &quals, group, &mut plan, &mut edits);
        }

        use_errors.append(&mut self.errors);
        if !use_errors.is_empty() {
            return Err(use_errors);
        }
        let mut bindings = plan.finish();
        bindings.append(&mut self.bindings);
        self.bindings = bindings;
        self.apply(edits);
        Ok(())
    }

    /// Inputs and outputs: `attribute`/`varying` become `in`/`out`, and every variable gets
    /// a location. A declaration with several variables becomes one declaration each, since
    /// a location applies to one variable.
    fn rewrite_io(
        &mut self,
        q: &items::Qualifiers,
        range: std::ops::Range<usize>,
        plan: &mut bindings::Planner,
        edits: &mut Vec<Edit>,
    ) {
        let legacy = q.index_of("attribute").or_else(|| q.index_of("varying"));
        let dir = match legacy {
            Some(at) if self.tokens[at].text == "varying" && self.stage == Stage::Vertex => "out",
            Some(_) => "in",
            None if q.has("in") => "in",
            None => "out",
        };
        let names = self.declarators(q.type_start + 1, range.end);
        let user = q.layout_int("location");
        let loc = self.tokens[range.start].loc;
        let invariant = q.index_of("invariant");
        if let Some((columns, column)) = matrix_columns(&self.tokens[q.type_start].text) {
            self.rewrite_matrix_io(q, range, dir, &names, (columns, &column), plan, edits);
            return;
        }
        if let Some(at) = invariant {
            // naga accepts `invariant` only on built-ins.
            self.warnings.push(warning_at(
                "W-DIALECT",
                "`invariant` on a user varying is ignored",
                self.tokens[at].loc,
                "naga supports `invariant` only on gl_Position",
            ));
        }
        if names.len() <= 1 {
            if let Some(at) = invariant {
                edits.push(Edit {
                    start: at,
                    end: at + 1,
                    insert: Vec::new(),
                });
            }
            let (name, array) = names.first().cloned().unwrap_or_default();
            let size = self.location_size(q.type_start, array.as_deref());
            let location = plan.location(dir, &name, user, size, loc);
            match (legacy, user) {
                (Some(at), _) => {
                    let mut insert = gen(&format!("layout ( location = {location} )"), loc);
                    insert.push(renamed(&self.tokens[at], dir));
                    edits.push(Edit {
                        start: at,
                        end: at + 1,
                        insert,
                    });
                }
                (None, None) => {
                    let at = q.first_index();
                    let insert = gen(&format!("layout ( location = {location} )"), loc);
                    edits.push(Edit {
                        start: at,
                        end: at,
                        insert,
                    });
                }
                (None, Some(_)) => {}
            }
            return;
        }
        let layouts: Vec<std::ops::Range<usize>> =
            q.layouts.iter().map(|g| g.range.clone()).collect();
        let mut insert = Vec::new();
        for (k, (name, array)) in names.iter().enumerate() {
            let size = self.location_size(q.type_start, array.as_deref());
            let location = plan.location(dir, name, user.filter(|_| k == 0), size, loc);
            insert.extend(gen(&format!("layout ( location = {location} )"), loc));
            for i in q.first_index()..q.type_start {
                if layouts.iter().any(|r| r.contains(&i)) || Some(i) == invariant {
                    continue;
                }
                let t = &self.tokens[i];
                insert.push(if Some(i) == legacy {
                    renamed(t, dir)
                } else {
                    t.clone()
                });
            }
            insert.push(self.tokens[q.type_start].clone());
            let array = array
                .as_ref()
                .map(|a| format!(" [ {a} ]"))
                .unwrap_or_default();
            insert.extend(gen(&format!("{name}{array} ;"), loc));
        }
        edits.push(Edit {
            start: range.start,
            end: range.end,
            insert,
        });
    }

    /// A matrix input or output: naga passes only scalars and vectors between stages, so it
    /// becomes one vector per column at consecutive locations, and a private matrix of the
    /// user's name that `main` fills from them on entry (inputs) or copies into them on exit
    /// (outputs; a `return` in the middle of a vertex shader's `main` skips that copy).
    #[allow(clippy::too_many_arguments)]
    fn rewrite_matrix_io(
        &mut self,
        q: &items::Qualifiers,
        range: std::ops::Range<usize>,
        dir: &str,
        names: &[(String, Option<String>)],
        (columns, column): (u32, &str),
        plan: &mut bindings::Planner,
        edits: &mut Vec<Edit>,
    ) {
        let ty = &self.tokens[q.type_start];
        let [(name, None)] = names else {
            self.errors.push(error_at(
                "E-UNSUPPORTED",
                format!(
                    "`{}` inputs and outputs must be declared one per line, without arrays",
                    ty.text
                ),
                ty.loc,
                "prism passes matrices between stages as columns",
            ));
            return;
        };
        let loc = self.tokens[range.start].loc;
        let user = q.layout_int("location");
        let first = plan.location(dir, name, user, columns, loc);
        let interpolation: Vec<Token> = q
            .words
            .iter()
            .filter(|(w, _)| matches!(w.as_str(), "flat" | "smooth" | "noperspective" | "centroid"))
            .map(|(_, i)| self.tokens[*i].clone())
            .collect();
        let mut insert = Vec::new();
        for k in 0..columns {
            insert.extend(gen(&format!("layout ( location = {} )", first + k), loc));
            insert.extend(interpolation.iter().cloned());
            insert.extend(gen(&format!("{dir} {column} {name}_{k} ;"), loc));
        }
        insert.push(renamed(ty, &ty.text));
        insert.extend(gen(&format!("{name} ;"), loc));
        edits.push(Edit {
            start: range.start,
            end: range.end,
            insert,
        });
        self.matrix_io.push(MatrixIo {
            name: name.clone(),
            matrix: ty.text.clone(),
            column: column.to_string(),
            columns,
            input: dir == "in",
        });
    }

    /// The copies between matrix inputs/outputs and their columns, at the ends of `main`.
    fn matrix_io_copies(&self, body: std::ops::Range<usize>, edits: &mut Vec<Edit>) {
        let (Some(open), Some(close)) = (
            body.start.checked_sub(1).map(|i| self.tokens[i].loc),
            self.tokens.get(body.end).map(|t| t.loc),
        ) else {
            return;
        };
        let mut entry = Vec::new();
        let mut exit = Vec::new();
        for m in &self.matrix_io {
            let cols: Vec<String> = (0..m.columns).map(|k| format!("{}_{k}", m.name)).collect();
            if m.input {
                entry.extend(gen(
                    &format!("{} = {} ( {} ) ;", m.name, m.matrix, cols.join(" , ")),
                    open,
                ));
            } else {
                for (k, col) in cols.iter().enumerate() {
                    exit.extend(gen(
                        &format!("{col} = {} ( {} [ {k} ] ) ;", m.column, m.name),
                        close,
                    ));
                }
            }
        }
        if !entry.is_empty() {
            edits.push(Edit {
                start: body.start,
                end: body.start,
                insert: entry,
            });
        }
        if !exit.is_empty() {
            edits.push(Edit {
                start: body.end,
                end: body.end,
                insert: exit,
            });
        }
    }

    /// `layout(offset = N)` on block members (push constants shared between stages): naga's
    /// GLSL reader does not accept member layouts, so each is replaced by `float` padding
    /// members that put the member at offset N under naga's own layout rules. Where that is
    /// not possible (an offset that is not reachable with 4-byte padding, or a member whose
    /// size prism does not compute), the layout is dropped and one warning lists them.
    fn strip_member_layouts(
        &mut self,
        from: usize,
        end: usize,
        block: &str,
        edits: &mut Vec<Edit>,
    ) {
        let Some(open) = (from..end).find(|&i| self.tokens[i].is_punct("{")) else {
            return;
        };
        let Some(close) = items::matching_close(&self.tokens, open, end) else {
            return;
        };
        // Natural offset of the next member; `None` once a member's size is unknown.
        let mut cursor: Option<u32> = Some(0);
        let mut dropped = Vec::new();
        let mut pads = 0;
        let mut member_start = open + 1;
        while member_start < close {
            let Some(member_end) = (member_start..close).find(|&j| self.tokens[j].is_punct(";"))
            else {
                break;
            };
            let mut i = member_start;
            let mut offset = None;
            let mut group = None;
            if self.tokens[i].is_ident("layout")
                && self.tokens.get(i + 1).is_some_and(|t| t.is_punct("("))
            {
                if let Some(group_end) = items::matching_close(&self.tokens, i + 1, member_end) {
                    let q = items::qualifiers(&self.tokens, i..group_end + 1);
                    offset = q.layout_int("offset");
                    group = Some(i..group_end + 1);
                    i = group_end + 1;
                }
            }
            let has_array = self.tokens[i..member_end].iter().any(|t| t.is_punct("["));
            let several = self.tokens[i..member_end].iter().any(|t| t.is_punct(","));
            let shape = (!has_array && !several)
                .then(|| scalar_layout(&self.tokens[i].text))
                .flatten();
            if let Some(group) = group {
                let mut insert = Vec::new();
                let placed = match (offset, cursor, shape) {
                    (Some(want), Some(at), Some((_, align)))
                        if want >= at && (want - at) % 4 == 0 && want % align == 0 =>
                    {
                        let loc = self.tokens[group.start].loc;
                        for _ in 0..(want - at) / 4 {
                            let name = self.fresh_name(&format!("prism_pad{pads}"));
                            pads += 1;
                            insert.extend(gen(&format!("float {name} ;"), loc));
                        }
                        cursor = Some(want);
                        true
                    }
                    _ => false,
                };
                if !placed {
                    let loc = self.tokens[group.start]
                        .loc
                        .join(self.tokens[group.end - 1].loc);
                    dropped.push(loc);
                }
                edits.push(Edit {
                    start: group.start,
                    end: group.end,
                    insert,
                });
            }
            cursor = match (cursor, shape) {
                (Some(at), Some((size, align))) => Some(at.div_ceil(align) * align + size),
                _ => None,
            };
            member_start = member_end + 1;
        }
        if !dropped.is_empty() {
            let labels = dropped
                .iter()
                .map(|loc| {
                    codespan_reporting::diagnostic::Label::primary(loc.file, loc.range())
                        .with_message("dropped")
                })
                .collect();
            self.warnings.push(
                Diagnostic::warning()
                    .with_code("W-DIALECT")
                    .with_message(format!(
                        "member offsets in block `{block}` are ignored: naga lays the members out itself"
                    ))
                    .with_labels(labels)
                    .with_notes(vec![
                        "prism pads to an offset when it can; these it could not reach".into(),
                    ]),
            );
        }
    }

    /// Outputs for `gl_FragColor` / `gl_FragData`, declared before the first item.
    fn prologue_edits(&mut self, at: usize, edits: &mut Vec<Edit>) {
        let mut outputs = self.frag_outputs.clone();
        outputs.sort();
        let Some(anchor) = self.tokens.get(at).map(|t| t.loc) else {
            return;
        };
        let mut insert = Vec::new();
        for (location, name, loc) in outputs {
            // Declared on the first item's line, so no later line moves.
            insert.extend(gen(
                &format!("layout ( location = {location} ) out vec4 {name} ;"),
                anchor,
            ));
            self.bindings_note_output(location, &name, loc);
        }
        for stub in &self.atomic_stubs {
            insert.extend(gen(&crate::front::glsl::atomics::stub_source(stub), anchor));
        }
        if !insert.is_empty() {
            edits.push(Edit {
                start: at,
                end: at,
                insert,
            });
        }
    }

    fn bindings_note_output(&mut self, location: u32, name: &str, loc: Loc) {
        self.bindings.push(Binding {
            kind: BindingKind::Output,
            name: name.to_string(),
            set: None,
            binding: None,
            location: Some(location),
            origin: Origin::Generated,
            members: Vec::new(),
            loc,
        });
    }

    /// Add `set`/`binding` to a declaration that lacks them.
    fn insert_binding(
        &self,
        q: &items::Qualifiers,
        set: u32,
        binding: u32,
        user: (Option<u32>, Option<u32>),
        loc: Loc,
        edits: &mut Vec<Edit>,
    ) {
        let mut words = Vec::new();
        if q.layout("set").is_none() {
            words.push(format!("set = {set}"));
        }
        if user.1.is_none() || q.layout("binding").is_none() {
            words.push(format!("binding = {binding}"));
        }
        if words.is_empty() {
            return;
        }
        let text = words.join(" , ");
        match q.layouts.first() {
            Some(group) => {
                // Inside the user's own `layout(` group, after the parenthesis.
                let at = group.range.start + 2;
                edits.push(Edit {
                    start: at,
                    end: at,
                    insert: gen(&format!("{text} ,"), loc),
                });
            }
            None => {
                let at = q.first_index();
                edits.push(Edit {
                    start: at,
                    end: at,
                    insert: gen(&format!("layout ( {text} )"), loc),
                });
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn split_sampler_decl(
        &self,
        q: &items::Qualifiers,
        range: std::ops::Range<usize>,
        texture_ty: &str,
        sampler_ty: &str,
        globals: &HashMap<String, SamplerGlobal>,
        plan: &mut bindings::Planner,
        edits: &mut Vec<Edit>,
    ) {
        let user = self.user_binding(q, plan);
        let mut insert = Vec::new();
        for (name, array) in self.declarators(q.type_start + 1, range.end) {
            let loc = self.tokens[range.start].loc;
            let global = globals.get(&name);
            let sampler = global
                .map(|g| g.sampler.clone())
                .unwrap_or_else(|| format!("{name}_sampler"));
            // (texture, sampler, array suffix) per declared pair. An array of combined
            // samplers with a literal size becomes one pair per element: naga has no arrays
            // of textures outside binding arrays.
            let pairs: Vec<(String, String, String)> = match global.and_then(|g| g.expanded) {
                Some(n) => (0..n)
                    .map(|k| {
                        (
                            format!("{name}_{k}"),
                            format!("{sampler}_{k}"),
                            String::new(),
                        )
                    })
                    .collect(),
                None => {
                    let array = array.map(|a| format!(" [ {a} ]")).unwrap_or_default();
                    vec![(name.clone(), sampler, array)]
                }
            };
            for (k, (texture, sampler, array)) in pairs.into_iter().enumerate() {
                // The user's binding, if any, goes to the first texture only.
                let texture_user = if k == 0 { user } else { (user.0, None) };
                let (set, binding) =
                    plan.resource(BindingKind::Texture, &texture, texture_user, loc);
                let (sset, sbinding) = plan.split_sampler(&sampler, set, user.1.is_some(), loc);
                insert.extend(gen(&format!("layout ( set = {set} , binding = {binding} ) uniform {texture_ty} {texture}{array} ;"), loc));
                insert.extend(gen(&format!("layout ( set = {sset} , binding = {sbinding} ) uniform {sampler_ty} {sampler}{array} ;"), loc));
            }
        }
        edits.push(Edit {
            start: range.start,
            end: range.end,
            insert,
        });
    }

    /// Gather loose uniforms of one group into `prism_globals`, at the first one's place.
    fn gather_uniforms(
        &mut self,
        items: &[items::Item],
        quals: &[items::Qualifiers],
        group: &LooseGroup,
        plan: &mut bindings::Planner,
        edits: &mut Vec<Edit>,
    ) {
        let LooseGroup {
            items: group,
            block,
            numbers: (set, binding),
        } = group;
        let Some(&first) = group.first() else { return };
        let first_range = items[first].range.clone();
        let loc = self.tokens[first_range.start].loc;
        let mut members = Vec::new();
        let mut member_names = Vec::new();
        for &index in group {
            let range = items[index].range.clone();
            let q = &quals[index];
            let mut skip: Vec<std::ops::Range<usize>> =
                q.layouts.iter().map(|g| g.range.clone()).collect();
            skip.extend(self.initializers(q.type_start + 1, range.end));
            for (i, t) in self.tokens[range.clone()].iter().enumerate() {
                let i = range.start + i;
                if skip.iter().any(|r| r.contains(&i))
                    || (i < q.type_start && t.is_ident("uniform"))
                {
                    continue;
                }
                if i == q.type_start {
                    if let Some(host) = host_shareable(&t.text) {
                        members.push(renamed(t, host));
                        continue;
                    }
                }
                members.push(t.clone());
            }
            member_names.extend(
                self.declarators(q.type_start + 1, range.end)
                    .into_iter()
                    .map(|(n, _)| n),
            );
            if index != first {
                edits.push(Edit {
                    start: range.start,
                    end: range.end,
                    insert: Vec::new(),
                });
            }
        }
        plan.set_members(block, member_names);
        let mut insert = gen(
            &format!("layout ( set = {set} , binding = {binding} ) uniform {block} {{"),
            loc,
        );
        insert.extend(members);
        // The closing brace goes on the line of the last member, after it.
        let end_loc = insert.last().map(|t: &Token| t.loc).unwrap_or(loc);
        insert.extend(gen("} ;", end_loc));
        edits.push(Edit {
            start: first_range.start,
            end: first_range.end,
            insert,
        });
    }

    /// `= value` initializers of a uniform declaration (desktop GLSL 1.20+): a block member
    /// cannot have one, and the host sets uniforms anyway. Each is dropped with a warning.
    fn initializers(&mut self, from: usize, end: usize) -> Vec<std::ops::Range<usize>> {
        let mut ranges = Vec::new();
        let mut depth = 0usize;
        let mut start = None;
        for i in from..end {
            let t = &self.tokens[i];
            if t.kind != TokenKind::Punct {
                continue;
            }
            match t.text.as_str() {
                "(" | "[" | "{" => depth += 1,
                ")" | "]" | "}" => depth = depth.saturating_sub(1),
                "=" if depth == 0 => start = Some(i),
                "," | ";" if depth == 0 => {
                    if let Some(s) = start.take() {
                        ranges.push(s..i);
                    }
                }
                _ => {}
            }
        }
        for range in &ranges {
            let loc = self.tokens[range.start]
                .loc
                .join(self.tokens[range.end - 1].loc);
            self.warnings.push(warning_at(
                "W-DIALECT",
                "uniform initializer ignored",
                loc,
                "the host must set this value; naga blocks have no defaults",
            ));
        }
        ranges
    }

    /// The class of a declaration that takes a binding.
    fn binding_class(&self, q: &items::Qualifiers) -> Option<BindingClass> {
        let ty = self.tokens.get(q.type_start)?;
        let is_block = self
            .tokens
            .get(q.type_start + 1)
            .is_some_and(|t| t.is_punct("{"));
        if is_block && q.has("buffer") {
            Some(BindingClass::Storage)
        } else if is_block && q.has("uniform") {
            Some(BindingClass::Uniform)
        } else if q.has("uniform") {
            opaque_kind(&ty.text).map(|kind| match kind {
                BindingKind::StorageImage => BindingClass::Image,
                _ => BindingClass::Texture,
            })
        } else {
            None
        }
    }

    /// The user's (set, binding), with the set moved per class under GL namespaces.
    fn user_binding(
        &self,
        q: &items::Qualifiers,
        plan: &bindings::Planner,
    ) -> (Option<u32>, Option<u32>) {
        let binding = q.layout_int("binding");
        let set = match (binding, self.binding_class(q)) {
            (Some(_), Some(class)) => Some(plan.gl_set(class, q.layout_int("set"))),
            _ => q.layout_int("set"),
        };
        (set, binding)
    }

    /// Uses of `bool` uniforms (stored as `uint`) become `bool(name)`, or
    /// `bool(name[i])` for arrays.
    fn rewrite_bool_uses(
        &self,
        body: std::ops::Range<usize>,
        shadowed: &HashSet<String>,
        bools: &HashMap<String, String>,
        edits: &mut Vec<Edit>,
    ) {
        if bools.is_empty() {
            return;
        }
        let mut i = body.start;
        while i < body.end {
            let t = &self.tokens[i];
            let member = i > 0 && self.tokens[i - 1].is_punct(".");
            let ctor = bools
                .get(&t.text)
                .filter(|_| t.kind == TokenKind::Ident && !member && !shadowed.contains(&t.text));
            let Some(ctor) = ctor else {
                i += 1;
                continue;
            };
            let mut end = i + 1;
            if self.tokens.get(end).is_some_and(|n| n.is_punct("[")) {
                if let Some(close) = items::matching_close(&self.tokens, end, body.end) {
                    end = close + 1;
                }
            }
            let insert = call(ctor, self.tokens[i..end].iter().cloned(), t.loc);
            edits.push(Edit {
                start: i,
                end,
                insert,
            });
            i = end;
        }
    }

    /// Parameter token range of a function definition or prototype.
    fn param_range(&self, item: &items::Item) -> Option<std::ops::Range<usize>> {
        match &item.kind {
            ItemKind::Function { params, .. } => Some(params.clone()),
            ItemKind::Declaration => {
                // `type name ( ... ) ;` with no `=` before the parenthesis.
                let range = item.range.clone();
                let last = range.end.checked_sub(1)?;
                if !self.tokens[last].is_punct(";")
                    || last == 0
                    || !self.tokens[last - 1].is_punct(")")
                {
                    return None;
                }
                let open = (range.start..last).find(|&i| self.tokens[i].is_punct("("))?;
                if open < range.start + 2
                    || self.tokens[open - 1].kind != TokenKind::Ident
                    || self.tokens[open - 2].kind != TokenKind::Ident
                {
                    return None;
                }
                if self.tokens[range.start..open]
                    .iter()
                    .any(|t| t.is_punct("=") || t.is_ident("layout") || t.is_ident("uniform"))
                {
                    return None;
                }
                let close = items::matching_close(&self.tokens, open, range.end)?;
                (close == last - 1).then_some(open + 1..close)
            }
        }
    }

    fn function_name(&self, item: &items::Item) -> Option<String> {
        let params = self.param_range(item)?;
        params
            .start
            .checked_sub(2)
            .map(|i| self.tokens[i].text.clone())
    }

    fn params_have_combined(&self, params: std::ops::Range<usize>) -> bool {
        self.tokens[params]
            .iter()
            .any(|t| t.kind == TokenKind::Ident && samplers::split_type(&t.text).is_some())
    }

    /// `sampler2D s` parameters become `texture2D s, sampler s_sampler`.
    fn rewrite_params(&self, params: std::ops::Range<usize>, edits: &mut Vec<Edit>) {
        for i in params.clone() {
            let t = &self.tokens[i];
            if t.kind != TokenKind::Ident {
                continue;
            }
            let Some((texture_ty, sampler_ty)) = samplers::split_type(&t.text) else {
                continue;
            };
            let Some(name) = self
                .tokens
                .get(i + 1)
                .filter(|n| n.kind == TokenKind::Ident && i + 1 < params.end)
            else {
                // A prototype's unnamed parameter: `vec4 blur(sampler2D, vec2);`.
                let mut insert = vec![renamed(t, &texture_ty)];
                insert.extend(gen(&format!(", {sampler_ty}"), t.loc));
                edits.push(Edit {
                    start: i,
                    end: i + 1,
                    insert,
                });
                continue;
            };
            let sampler = format!("{}_sampler", name.text);
            let mut insert = vec![renamed(t, &texture_ty), name.clone()];
            insert.extend(gen(&format!(", {sampler_ty} {sampler}"), name.loc));
            edits.push(Edit {
                start: i,
                end: i + 2,
                insert,
            });
        }
    }

    /// Uses of combined samplers inside a function body.
    fn rewrite_sampler_uses(
        &self,
        params: std::ops::Range<usize>,
        body: std::ops::Range<usize>,
        shadowed: &HashSet<String>,
        samplers: &CombinedSamplers,
        edits: &mut Vec<Edit>,
        errors: &mut Vec<Diagnostic>,
    ) {
        // name -> (combined type, sampler name, elements when the array was expanded)
        let mut active: HashMap<String, (String, String, Option<u32>)> = samplers
            .globals
            .iter()
            .map(|(name, g)| {
                (
                    name.clone(),
                    (g.combined.clone(), g.sampler.clone(), g.expanded),
                )
            })
            .collect();
        for name in shadowed {
            active.remove(name);
        }
        for i in params.clone() {
            let t = &self.tokens[i];
            if t.kind == TokenKind::Ident && samplers::split_type(&t.text).is_some() {
                if let Some(name) = self.tokens.get(i + 1).filter(|_| i + 1 < params.end) {
                    active.insert(
                        name.text.clone(),
                        (t.text.clone(), format!("{}_sampler", name.text), None),
                    );
                }
            }
        }
        if active.is_empty() {
            return;
        }
        // Stack of callee names for open parentheses.
        let mut callees: Vec<Option<String>> = Vec::new();
        let mut i = body.start;
        while i < body.end {
            let t = &self.tokens[i];
            if t.is_punct("(") {
                let callee = i
                    .checked_sub(1)
                    .map(|p| &self.tokens[p])
                    .filter(|p| p.kind == TokenKind::Ident)
                    .map(|p| p.text.clone());
                callees.push(callee);
            } else if t.is_punct(")") {
                callees.pop();
            } else if t.kind == TokenKind::Ident && !(i > 0 && self.tokens[i - 1].is_punct(".")) {
                if let Some((ty, sampler, expanded)) = active.get(&t.text) {
                    // The operand: `t`, or `t[index]`.
                    let close = self
                        .tokens
                        .get(i + 1)
                        .filter(|n| n.is_punct("["))
                        .and_then(|_| items::matching_close(&self.tokens, i + 1, body.end));
                    let end = close.map_or(i + 1, |c| c + 1);
                    // (texture tokens, sampler tokens) of the operand.
                    let (texture, sampler_part): (Vec<Token>, Vec<Token>) = match (close, expanded)
                    {
                        (None, _) => (vec![t.clone()], gen(sampler, t.loc)),
                        (Some(c), Some(n)) => {
                            let index = &self.tokens[i + 2..c];
                            match index {
                                [k] if k.kind == TokenKind::Int
                                    && items::parse_int(&k.text).is_some_and(|k| k < *n) =>
                                {
                                    let k = items::parse_int(&k.text).unwrap_or(0);
                                    (
                                        vec![renamed(t, &format!("{}_{k}", t.text))],
                                        gen(&format!("{sampler}_{k}"), t.loc),
                                    )
                                }
                                _ => {
                                    let loc = t.loc.join(self.tokens[c].loc);
                                    errors.push(error_at(
                                        "E-DIALECT",
                                        format!("`{}` indexed by something other than a constant 0-{}", t.text, n - 1),
                                        loc,
                                        "prism splits sampler arrays into one texture per element; index them with literals",
                                    ));
                                    i = end;
                                    continue;
                                }
                            }
                        }
                        (Some(c), None) => {
                            let index: Vec<Token> = self.tokens[i + 2..c].to_vec();
                            let mut texture = vec![t.clone()];
                            texture.extend(gen("[", t.loc));
                            texture.extend(index.iter().cloned());
                            texture.extend(gen("]", t.loc));
                            let mut sampler_part = gen(&format!("{sampler} ["), t.loc);
                            sampler_part.extend(index);
                            sampler_part.extend(gen("]", t.loc));
                            (texture, sampler_part)
                        }
                    };
                    let prev_sep = i > 0
                        && (self.tokens[i - 1].is_punct("(") || self.tokens[i - 1].is_punct(","));
                    let next_sep = self
                        .tokens
                        .get(end)
                        .is_some_and(|n| n.is_punct(",") || n.is_punct(")"));
                    let in_split_call = callees
                        .last()
                        .cloned()
                        .flatten()
                        .is_some_and(|c| samplers.split_functions.contains(&c));
                    let mut insert = Vec::new();
                    if prev_sep && next_sep && in_split_call {
                        insert.extend(texture);
                        insert.extend(gen(",", t.loc));
                        insert.extend(sampler_part);
                    } else {
                        insert.push(renamed(t, ty));
                        insert.extend(gen("(", t.loc));
                        insert.extend(texture);
                        insert.extend(gen(",", t.loc));
                        insert.extend(sampler_part);
                        insert.extend(gen(")", t.loc));
                    }
                    edits.push(Edit {
                        start: i,
                        end,
                        insert,
                    });
                    i = end;
                    continue;
                }
            }
            i += 1;
        }
    }

    /// Declarator names (and array size text) of a declaration, from just after its type.
    fn declarators(&self, from: usize, end: usize) -> Vec<(String, Option<String>)> {
        let mut out = Vec::new();
        let mut i = from;
        // Skip an array specifier on the type (`vec4[3] a`) or a struct body.
        if self.tokens.get(i).is_some_and(|t| t.is_punct("{")) {
            if let Some(close) = items::matching_close(&self.tokens, i, end) {
                i = close + 1;
            }
        }
        let mut expect_name = true;
        while i < end {
            let t = &self.tokens[i];
            if expect_name && t.kind == TokenKind::Ident {
                let mut array = None;
                if self.tokens.get(i + 1).is_some_and(|n| n.is_punct("[")) {
                    if let Some(close) = items::matching_close(&self.tokens, i + 1, end) {
                        let text: Vec<&str> = self.tokens[i + 2..close]
                            .iter()
                            .map(|t| t.text.as_str())
                            .collect();
                        array = Some(text.join(" "));
                    }
                }
                out.push((t.text.clone(), array));
                expect_name = false;
            } else if t.is_punct("(") || t.is_punct("[") || t.is_punct("{") {
                if let Some(close) = items::matching_close(&self.tokens, i, end) {
                    i = close;
                }
            } else if t.is_punct(",") {
                expect_name = true;
            }
            i += 1;
        }
        out
    }

    /// Locations a declaration takes: matrices take one per column, arrays multiply.
    fn location_size(&self, type_index: usize, array: Option<&str>) -> u32 {
        let ty = self
            .tokens
            .get(type_index)
            .map(|t| t.text.as_str())
            .unwrap_or("");
        let per = match ty {
            "dvec3" | "dvec4" => 2,
            t => matrix_columns(t.trim_start_matches('d')).map_or(1, |(columns, _)| columns),
        };
        let count = array.and_then(items::parse_int).unwrap_or(1);
        per * count.max(1)
    }

    /// Names an item declares (struct names, variables, functions), for the dependency check
    /// that keeps a gathered uniform from moving above a type or constant it uses.
    fn declared_names(&self, item: &items::Item) -> Vec<String> {
        let range = item.range.clone();
        match &item.kind {
            ItemKind::Function { name, .. } => vec![name.clone()],
            ItemKind::Declaration => {
                let mut names = Vec::new();
                if let Some(s) =
                    (range.start..range.end).find(|&i| self.tokens[i].is_ident("struct"))
                {
                    if let Some(n) = self
                        .tokens
                        .get(s + 1)
                        .filter(|n| n.kind == TokenKind::Ident)
                    {
                        names.push(n.text.clone());
                    }
                }
                let q = items::qualifiers(&self.tokens, range.clone());
                names.extend(
                    self.declarators(q.type_start + 1, range.end)
                        .into_iter()
                        .map(|(n, _)| n),
                );
                names
            }
        }
    }

    fn item_idents(&self, range: std::ops::Range<usize>) -> Vec<String> {
        self.tokens[range]
            .iter()
            .filter(|t| t.kind == TokenKind::Ident)
            .map(|t| t.text.clone())
            .collect()
    }

    fn apply(&mut self, mut edits: Vec<Edit>) {
        edits.sort_by_key(|e| (e.start, e.end));
        let tokens = std::mem::take(&mut self.tokens);
        let mut out = Vec::with_capacity(tokens.len() + 64);
        let mut pos = 0;
        for edit in edits {
            if edit.start < pos {
                // Overlapping edits would be a bug in this module; keep the first.
                continue;
            }
            out.extend_from_slice(&tokens[pos..edit.start]);
            out.extend(edit.insert);
            pos = edit.end;
        }
        out.extend_from_slice(&tokens[pos.min(tokens.len())..]);
        self.tokens = out;
    }
}

/// Columns and column type of a float matrix type (`mat3` → 3 × `vec3`, `mat2x4` → 2 ×
/// `vec4`).
fn matrix_columns(ty: &str) -> Option<(u32, String)> {
    let dims = ty.strip_prefix("mat")?;
    let (c, r) = match dims.split_once('x') {
        Some((c, r)) => (c.parse().ok()?, r.parse().ok()?),
        None => {
            let n: u32 = dims.parse().ok()?;
            (n, n)
        }
    };
    ((2..=4).contains(&c) && (2..=4).contains(&r)).then(|| (c, format!("vec{r}")))
}

/// (size, alignment) in bytes of a scalar, vector or `mat4` member, the same under std140
/// and std430.
fn scalar_layout(ty: &str) -> Option<(u32, u32)> {
    Some(match ty {
        "float" | "int" | "uint" => (4, 4),
        "vec2" | "ivec2" | "uvec2" => (8, 8),
        "vec3" | "ivec3" | "uvec3" => (12, 16),
        "vec4" | "ivec4" | "uvec4" => (16, 16),
        "mat4" => (64, 16),
        _ => return None,
    })
}

/// The host-shareable type a boolean uniform is stored as.
fn host_shareable(ty: &str) -> Option<&'static str> {
    Some(match ty {
        "bool" => "uint",
        "bvec2" => "uvec2",
        "bvec3" => "uvec3",
        "bvec4" => "uvec4",
        _ => return None,
    })
}

/// The resource kind of a type that cannot live in a uniform block (`None` for the rest).
/// `iimage2D` / `usampler2D` are the same kinds as `image2D` / `sampler2D`; a separate
/// `sampler` / `samplerShadow` is a sampler, a `sampler2D` (combined) or `texture2D` a texture.
fn opaque_kind(ty: &str) -> Option<BindingKind> {
    let base = ty
        .strip_prefix(['i', 'u'])
        .filter(|rest| {
            rest.starts_with("sampler") || rest.starts_with("texture") || rest.starts_with("image")
        })
        .unwrap_or(ty);
    if base.starts_with("image") {
        Some(BindingKind::StorageImage)
    } else if base == "sampler" || base == "samplerShadow" {
        Some(BindingKind::Sampler)
    } else if base.starts_with("sampler") || base.starts_with("texture") || ty == "atomic_uint" {
        Some(BindingKind::Texture)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::{opaque_kind, BindingKind};

    #[test]
    fn opaque_kinds_cover_the_integer_prefixes() {
        assert_eq!(opaque_kind("image2D"), Some(BindingKind::StorageImage));
        assert_eq!(opaque_kind("iimage2D"), Some(BindingKind::StorageImage));
        assert_eq!(opaque_kind("uimage3D"), Some(BindingKind::StorageImage));
        assert_eq!(opaque_kind("sampler"), Some(BindingKind::Sampler));
        assert_eq!(opaque_kind("samplerShadow"), Some(BindingKind::Sampler));
        assert_eq!(opaque_kind("texture2D"), Some(BindingKind::Texture));
        assert_eq!(opaque_kind("utexture2DArray"), Some(BindingKind::Texture));
        assert_eq!(opaque_kind("isampler2D"), Some(BindingKind::Texture));
        assert_eq!(opaque_kind("uint"), None);
        assert_eq!(opaque_kind("ivec4"), None);
        assert_eq!(opaque_kind("vec4"), None);
    }
}
