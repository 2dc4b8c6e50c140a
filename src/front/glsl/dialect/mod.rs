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
//! - combined samplers are split into a texture and a sampler (`samplers`);
//! - `gl_FragColor` / `gl_FragData[n]` become outputs at location 0 / n; `texture2D` and the
//!   other ES 1.00 sampling functions become their GLSL 1.30+ names; `gl_FragDepthEXT`,
//!   `gl_VertexID` and `gl_InstanceID` their Vulkan names;
//! - `out gl_PerVertex { ... };` redeclarations are dropped; specialization constants keep
//!   their default value (`layout(constant_id = N)` is dropped and reported).
//! - the array specifiers of arrays of arrays are reversed in declarations, where naga reads
//!   them inside out (`arrays`).
//!
//! The trap: every change is made on tokens, and every generated token carries the location
//! of the declaration it replaces, so naga's spans still point at the user's line. Nothing in
//! expressions is reordered.
//!
//! Where each concern lives (the order [`upgrade`] runs them):
//!
//! | file | what it does |
//! | --- | --- |
//! | `version` | which [`Dialect`] the `#version` line names |
//! | `strict` | the rules of that dialect, which naga cannot check after the upgrade |
//! | `es_rules` | GLSL ES reserved words and names, interface types, arrays of arrays; recursion |
//! | `conversions` | the implicit conversions GLSL ES forbids (`float * int`, `uint & int`) |
//! | `decl_rules` | GLSL ES declaration rules: `const` initializers, uniform initializers, struct interface variables, sampler precision |
//! | `gating` | built-ins of another stage, functions and layout qualifiers of a later ES version |
//! | `loops` | the WebGL 1 loop limits of GLSL ES 1.00 Appendix A |
//! | `sizes` | refuses declarations too large for naga's `u32` layout arithmetic |
//! | `renames` | built-in renames: `texture2D`, `gl_FragColor`, `gl_VertexID`, precision, atomics |
//! | `language` | language classes naga lacks: `const` parameters, `gl_Max*`, `gl_DepthRange`, `flat` integer outputs |
//! | `prototypes` | function prototypes: unnamed parameters named, repeats dropped, callees first |
//! | `exprs` | the type of an expression, for `typed` |
//! | [`f16`] | 16-bit floats: `1.0hf`, GLSL's widening conversions, built-in overloads, what naga cannot hold |
//! | `int_modulo` | `%` of an integer vector and a scalar: the scalar as a vector (naga does not splat it) |
//! | `int_results` | `bitCount` of a `uint`: GLSL's `int` result, which naga types `uint` |
//! | `implicit_conversions` | desktop GLSL's implicit conversions naga misses: `return` values, `int` arguments of `min(uint, ...)` & co. |
//! | `result_types` | GLSL's result types of the integer, bit and query built-ins and built-in variables, and of mixed-kind operations, for `exprs` |
//! | `typed`, `types` | rewrites that need an operand's type: struct `==`, `mat2(vec4)`, scalar `dot` & co. |
//! | `struct_arrays` | scalar/`vec2`/`vec3` array members moved whole: element by element |
//! | `struct_members` | struct members naga refuses: `matCx2` stored as `matCx4`, uniform `bool`s as `uint`, converted at each use; `float` padding for std140's rule 9 (`std140`) |
//! | `block_bools` | `bool`/`bvecN` members of uniform blocks stored as `uint`/`uvecN`, converted at each read |
//! | `io_blocks` | input/output blocks with interpolation qualifiers on members, one variable per member |
//! | `matrices` | `mat2`/`mat3x2`/`mat4x2` uniforms as `vec4` columns, rebuilt at each use |
//! | `image_arrays` | arrays of storage images with a format: marked for naga, fixed after the parse |
//! | `memory` | memory qualifiers naga rejects (`coherent`, `volatile`, on members and parameters) |
//! | `declarations` | the declaration pass: each item by its kind, in named steps |
//! | `io` | inputs and outputs: `attribute`/`varying`, locations, matrix columns |
//! | `uniforms` | loose uniforms gathered, `bool` uniforms, initializers, block member offsets |
//! | `row_major` | row-major block matrices declared transposed, each read wrapped in `transpose()` |
//! | `sampler_index` | a call taking `maps[i]` (loop index, constant) selects among per-element calls |
//! | `samplers` | combined samplers split, at declarations, parameters and uses |
//! | `resources` | binding classes, user bindings, `layout(set, binding)` written in |
//! | [`bindings`] | the numbering rules and the [`Binding`] table |
//! | `arrays` | arrays of arrays, reversed for naga |
//! | `emit` | tokens back to text, with the [`OutputMap`] |
//! | `items`, [`nesting`] | reading declarations; how deep a shader may nest |
//! | `tokens`, `rewrite` | the shared helpers: generated tokens, fresh names, edits; the pass's state |
//!
//! A new rewrite goes in the file of its concern; a new kind of declaration gets a
//! `Declaration` variant in `declarations` and a step in its concern's file.

mod arrays;
pub mod bindings;
mod block_bools;
mod builtins;
mod conversions;
mod decl_rules;
mod declarations;
mod declarators;
mod emit;
mod es_rules;
mod exprs;
#[cfg(test)]
mod exprs_tests;
pub mod f16;
mod gating;
mod half_types;
pub mod image_arrays;
mod implicit_conversions;
mod int_modulo;
mod int_results;
mod io;
mod io_blocks;
pub(crate) mod items;
mod language;
mod loops;
mod matrices;
pub mod memory;
pub mod nesting;
mod prototypes;
mod renames;
mod resources;
mod result_types;
mod rewrite;
mod row_major;
mod sampler_index;
mod samplers;
mod sizes;
mod std140;
mod strict;
#[cfg(test)]
mod strict_tests;
mod struct_arrays;
mod struct_members;
pub(crate) mod tokens;
mod typed;
mod types;
mod uniforms;
pub mod unsupported;
mod version;

use crate::diagnostic::Diagnostic;
use crate::front::glsl::preprocess::Preprocessed;
use crate::shader::Stage;
use crate::source::SourceFiles;
pub use bindings::{Binding, BindingClass, BindingKind, Origin};
pub use emit::OutputMap;
use tokens::Names;
pub use version::{detect, Dialect};

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

/// Run the dialect layer.
pub fn upgrade(
    files: &SourceFiles,
    pre: &Preprocessed,
    stage: Stage,
) -> Result<Upgraded, Vec<Diagnostic>> {
    let dialect = detect(pre.version.as_ref()).map_err(|d| vec![d])?;
    let refused = unsupported::check(pre);
    if !refused.is_empty() {
        return Err(refused);
    }
    let mut violations = strict::check(pre, dialect, stage);
    violations.extend(f16::check(pre, dialect));
    if !violations.is_empty() {
        return Err(violations);
    }
    sizes::refuse_oversized(&pre.tokens).map_err(|d| vec![d])?;
    let names = Names::of(&pre.tokens);
    let es = matches!(dialect, Dialect::Es100 | Dialect::Es3(_));
    let tokens = sampler_index::select_elements(pre.tokens.clone(), dialect)?;
    let tokens = row_major::lower_row_major(tokens)?;
    let (tokens, memory_warnings) =
        memory::drop_memory_qualifiers(tokens, dialect == Dialect::Es100)?;
    let tokens = crate::front::glsl::atomics::rewrite_image_calls(tokens)?;
    let lowered = crate::front::glsl::intrinsics::rewrite(tokens, stage, es)?;
    let mut renamed = renames::rename_builtins(lowered.tokens, dialect, stage, &names)?;
    renamed.tokens = prototypes::rewrite_prototypes(renamed.tokens, &names);
    renamed.tokens = declarators::split_declarators(renamed.tokens);
    renamed.tokens = f16::rewrite(renamed.tokens)?;
    let scalar_swizzles = !es;
    let array_equality = dialect != Dialect::Es100;
    renamed.tokens = typed::rewrite_typed(renamed.tokens, scalar_swizzles, array_equality);
    renamed.tokens = int_modulo::splat_modulo_scalars(renamed.tokens);
    renamed.tokens = int_results::convert_bit_counts(renamed.tokens);
    renamed.tokens = implicit_conversions::convert(renamed.tokens, dialect);
    // Before the struct rewrites: a struct declared in place as an input/output becomes
    // one variable per member, so its members are no longer struct members to widen.
    renamed.tokens = io_blocks::flatten_interpolated_blocks(renamed.tokens, &names);
    renamed.tokens = struct_arrays::split_struct_arrays(renamed.tokens);
    renamed.tokens = struct_members::widen_struct_members(renamed.tokens);
    renamed.tokens = block_bools::convert_block_bools(renamed.tokens);
    renamed.tokens = language::rewrite_language(renamed.tokens, dialect, stage, &names);
    renamed.tokens = matrices::split_matrix_uniforms(renamed.tokens)?;
    let declarations::Declared {
        mut tokens,
        bindings,
        mut warnings,
    } = declarations::rewrite_declarations(renamed, &names, stage)?;
    warnings.extend(lowered.warnings);
    warnings.extend(memory_warnings);
    // Last, so that declarations the rewrites above moved (gathered uniforms) are covered.
    arrays::reverse_dimensions(&mut tokens);
    image_arrays::mark(&mut tokens)?;
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
