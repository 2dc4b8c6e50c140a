//! Built-in renames: the token-level changes that need no knowledge of declarations.
//!
//! - ES 1.00 and legacy desktop sampling functions (`texture2D`, `textureCube`,
//!   `texture2DLodEXT`, `shadow2D`, ...) become their GLSL 1.30+ names; legacy `shadow*()`
//!   calls are wrapped in `vec4(...)`, since they returned the comparison in a vector.
//! - `gl_FragColor` / `gl_FragData[n]` become generated outputs ([`FragOutput`]), declared
//!   before the first item; `gl_FragDepthEXT` becomes `gl_FragDepth`; `gl_VertexID` and
//!   `gl_InstanceID` become their Vulkan names, converted to `int` at each use.
//! - Atomic functions become calls of the stubs `atomics` lowers after parsing.
//! - Precision statements and qualifiers go: naga ignores precision, and rejects it inside
//!   structs, blocks and parameter lists.
//! - In GLSL ES 1.00 and GLSL 1.10/1.20, identifiers that later GLSL made keywords
//!   ([`LATER_KEYWORDS`]) or built-in functions the shader defines itself
//!   ([`LATER_BUILTINS`]) are renamed wherever they appear; in GLSL ES 3.00, the identifiers
//!   GLSL 4.50 made keywords ([`ES300_LATER_KEYWORDS`]: `buffer`, `sampler`, `texture2D`, ...).
//!
//! Trap: a function the shader defines keeps its name, even when it is called `texture2D`;
//! and a name after `.` is a member or a swizzle, never a built-in.

use std::collections::{HashMap, HashSet};

use super::bindings::{Binding, BindingKind, Origin};
use super::items;
use super::tokens::{call, gen, renamed, Names};
use super::version::Dialect;
use crate::diagnostic::{error_at, Diagnostic};
use crate::front::glsl::atomics;
use crate::front::glsl::preprocess::{Token, TokenKind};
use crate::shader::Stage;
use crate::source::Loc;

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

/// Identifiers of GLSL ES 3.00 that GLSL 4.50 (or naga's reader of it) takes as keywords.
const ES300_LATER_KEYWORDS: &[&str] = &[
    "buffer",
    "precise",
    "sampler",
    "samplerShadow",
    "texture1D",
    "texture1DArray",
    "texture2D",
    "texture2DArray",
    "texture2DMS",
    "texture2DMSArray",
    "texture3D",
    "textureCube",
    "textureCubeArray",
    "itexture1D",
    "itexture1DArray",
    "itexture2D",
    "itexture2DArray",
    "itexture2DMS",
    "itexture2DMSArray",
    "itexture3D",
    "itextureCube",
    "itextureCubeArray",
    "utexture1D",
    "utexture1DArray",
    "utexture2D",
    "utexture2DArray",
    "utexture2DMS",
    "utexture2DMSArray",
    "utexture3D",
    "utextureCube",
    "utextureCubeArray",
    "subpassInput",
    "subpassInputMS",
    "isubpassInput",
    "isubpassInputMS",
    "usubpassInput",
    "usubpassInputMS",
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

/// The stub an atomic function is renamed to (see `atomics`).
fn atomic_stub(name: &str) -> Option<&'static str> {
    atomics::FUNCTIONS
        .iter()
        .find(|(glsl, _)| *glsl == name)
        .map(|(_, stub)| *stub)
}

/// Whether `tokens[at]` is the whole argument of a `uint` constructor: `uint(gl_DrawID)`.
fn uint_constructed(tokens: &[Token], at: usize) -> bool {
    at >= 2
        && tokens[at - 1].is_punct("(")
        && tokens[at - 2].is_ident("uint")
        && !(at >= 3 && tokens[at - 3].is_punct("."))
        && tokens.get(at + 1).is_some_and(|t| t.is_punct(")"))
}

/// A fragment output generated for `gl_FragColor` (location 0) or `gl_FragData[n]`.
pub(super) struct FragOutput {
    pub location: u32,
    pub name: String,
    /// The first use, where the output's binding entry points.
    pub loc: Loc,
}

/// The tokens after the renames, and what they need declared.
pub(super) struct Renamed {
    pub tokens: Vec<Token>,
    /// Outputs for `gl_FragColor` / `gl_FragData[n]`, in the order of first use.
    pub frag_outputs: Vec<FragOutput>,
    /// Atomic stubs called, in the order of first use.
    pub atomic_stubs: Vec<String>,
}

/// Rename the built-ins of `dialect` in `tokens` (see the module docs).
pub(super) fn rename_builtins(
    tokens: Vec<Token>,
    dialect: Dialect,
    stage: Stage,
    names: &Names,
) -> Result<Renamed, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut out = Vec::with_capacity(tokens.len());
    let mut frag_outputs = Vec::new();
    let mut atomic_stubs: Vec<String> = Vec::new();
    let frag_color = names.fresh("prism_FragColor");
    let user_functions = items::user_function_names(&tokens);
    let keyword_renames = keyword_renames(&tokens, dialect, &user_functions, names);
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
            name if next_is_paren && atomic_stub(name).is_some() => {
                let stub = atomic_stub(name).unwrap_or(name);
                if !atomic_stubs.iter().any(|s| s == stub) {
                    atomic_stubs.push(stub.to_string());
                }
                out.push(renamed(t, stub));
            }
            "gl_FragDepthEXT" => out.push(renamed(t, "gl_FragDepth")),
            // GLSL types these `int`; naga's builtins are `uint`: convert at each use, but
            // for `uint(gl_VertexIndex)`, naga's value already.
            "gl_VertexID" | "gl_VertexIndex" | "gl_InstanceID" | "gl_InstanceIndex" => {
                let vulkan = if t.text.starts_with("gl_Vertex") {
                    "gl_VertexIndex"
                } else {
                    "gl_InstanceIndex"
                };
                if uint_constructed(&tokens, i) {
                    out.push(renamed(t, vulkan));
                } else {
                    out.extend(call("int", [renamed(t, vulkan)], t.loc));
                }
            }
            "gl_BaseVertex" | "gl_BaseInstance" | "gl_DrawID" | "gl_PrimitiveID"
            | "gl_SampleID" => {
                if uint_constructed(&tokens, i) {
                    out.push(t.clone());
                } else {
                    out.extend(call("int", [t.clone()], t.loc));
                }
            }
            "gl_FragColor" if stage == Stage::Fragment => {
                add_frag_output(&mut frag_outputs, 0, &frag_color, t.loc);
                out.push(renamed(t, &frag_color));
            }
            "gl_FragData" if stage == Stage::Fragment => {
                match frag_data_index(&tokens, i) {
                    Some(n) if n < 8 => {
                        let name = names.fresh(&format!("prism_FragData{n}"));
                        let loc = t.loc.join(tokens[i + 3].loc);
                        add_frag_output(&mut frag_outputs, n, &name, loc);
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
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Renamed {
        tokens: out,
        frag_outputs,
        atomic_stubs,
    })
}

/// Identifiers of GLSL ES 1.00 / GLSL 1.10-1.20 that later GLSL made keywords or built-in
/// functions, each with its fresh name; none for later dialects.
fn keyword_renames(
    tokens: &[Token],
    dialect: Dialect,
    user_functions: &HashSet<String>,
    names: &Names,
) -> HashMap<String, String> {
    let mut renames: HashMap<String, String> = HashMap::new();
    if dialect == Dialect::Es3(300) {
        for t in tokens.iter().filter(|t| t.kind == TokenKind::Ident) {
            let name = t.text.as_str();
            if ES300_LATER_KEYWORDS.contains(&name) && !renames.contains_key(name) {
                renames.insert(name.to_string(), names.fresh(&format!("{name}_")));
            }
        }
        return renames;
    }
    if !matches!(dialect, Dialect::Es100 | Dialect::Desktop(110 | 120)) {
        return renames;
    }
    for t in tokens.iter().filter(|t| t.kind == TokenKind::Ident) {
        let name = t.text.as_str();
        let clashes = LATER_KEYWORDS.contains(&name)
            || (LATER_BUILTINS.contains(&name) && user_functions.contains(name));
        if clashes && !renames.contains_key(name) {
            let fresh = names.fresh(&format!("{name}_"));
            renames.insert(name.to_string(), fresh);
        }
    }
    renames
}

/// `n` of `gl_FragData[n]` at `tokens[at]`, when `n` is a literal.
fn frag_data_index(tokens: &[Token], at: usize) -> Option<u32> {
    match (tokens.get(at + 1), tokens.get(at + 2), tokens.get(at + 3)) {
        (Some(open), Some(n), Some(close))
            if open.is_punct("[") && n.kind == TokenKind::Int && close.is_punct("]") =>
        {
            items::parse_int(&n.text)
        }
        _ => None,
    }
}

fn add_frag_output(outputs: &mut Vec<FragOutput>, location: u32, name: &str, loc: Loc) {
    if !outputs.iter().any(|o| o.location == location) {
        outputs.push(FragOutput {
            location,
            name: name.to_string(),
            loc,
        });
    }
}

impl Renamed {
    /// Declarations of the generated outputs and the atomic stubs, all at `anchor` (the
    /// first item's location, so that no later line moves).
    pub fn prologue(&self, anchor: Loc) -> Vec<Token> {
        let mut insert = Vec::new();
        for output in self.outputs_by_location() {
            insert.extend(gen(
                &format!(
                    "layout ( location = {} ) out vec4 {} ;",
                    output.location, output.name
                ),
                anchor,
            ));
        }
        for stub in &self.atomic_stubs {
            insert.extend(gen(&atomics::stub_source(stub), anchor));
        }
        insert
    }

    /// The binding entries of the generated outputs.
    pub fn output_bindings(&self) -> Vec<Binding> {
        self.outputs_by_location()
            .into_iter()
            .map(|output| Binding {
                kind: BindingKind::Output,
                name: output.name.clone(),
                set: None,
                binding: None,
                location: Some(output.location),
                origin: Origin::Generated,
                members: Vec::new(),
                loc: output.loc,
            })
            .collect()
    }

    fn outputs_by_location(&self) -> Vec<&FragOutput> {
        let mut outputs: Vec<&FragOutput> = self.frag_outputs.iter().collect();
        outputs.sort_by_key(|output| output.location);
        outputs
    }
}
