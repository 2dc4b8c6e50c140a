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
//! | `es_rules` | GLSL ES interface types, arrays of arrays; recursion |
//! | `es_exprs` | GLSL ES expression rules that need types or values: `%` on floats, `?:` branches, `switch`, texel offsets |
//! | `es_names` | GLSL ES reserved words and reserved names |
//! | `es_qualifiers` | GLSL ES qualifier order, precision qualifiers and default float precision |
//! | `conversions` | the implicit conversions GLSL ES forbids (`float * int`, `uint & int`) |
//! | `decl_rules` | GLSL ES declaration rules: `const` initializers, uniform initializers, struct interface variables, sampler precision |
//! | `functions` | `main`'s signature, opaque `out` parameters, prototypes that disagree with their definition, local prototypes in ES |
//! | `gating` | built-ins of another stage, functions of a later ES version |
//! | `es3_builtins` | the built-in functions and variables GLSL ES 3.00 has, as lists |
//! | `es3_interface` | the inputs and outputs of GLSL ES 3.00: qualifiers, struct types, locations, `invariant` |
//! | `es3_layouts` | the layout qualifiers of GLSL ES 3.00: which keys, on what |
//! | `lexical` | integer literals beyond 32 bits; WebGL's `#extension ... : require` of unknown extensions |
//! | `loops` | the WebGL 1 loop limits of GLSL ES 1.00 Appendix A |
//! | `sizes` | refuses declarations too large for naga's `u32` layout arithmetic |
//! | `consts` | integer constants and constant expressions: array lengths before naga reads them |
//! | `redefinitions` | GLSL ES names declared twice in one scope |
//! | `printf` | `debugPrintfEXT` calls dropped, with a warning (naga has no printf) |
//! | `renames` | built-in renames: `texture2D`, `gl_FragColor`, `gl_VertexID`, precision, atomics |
//! | `language` | language classes naga lacks: `const` parameters, `gl_Max*`, `gl_DepthRange`, `flat` integer outputs |
//! | `prototypes` | function prototypes: unnamed parameters named, repeats dropped, callees first |
//! | `exprs` | the type of an expression, for `typed` |
//! | [`f16`] | 16-bit floats: `1.0hf`, GLSL's widening conversions, built-in overloads, what naga cannot hold |
//! | `int_modulo` | `%` of an integer vector and a scalar: the scalar as a vector (naga does not splat it) |
//! | `components` | outside GLSL ES: `.length()` of vectors and matrices, swizzles of scalars (`f.xxx`) |
//! | `int_results` | `bitCount` of a `uint`: GLSL's `int` result, which naga types `uint` |
//! | `implicit_conversions` | desktop GLSL's implicit conversions naga misses: `return` values, `int` arguments of `min(uint, ...)` & co. |
//! | `result_types` | GLSL's result types of the integer, bit and query built-ins and built-in variables, and of mixed-kind operations, for `exprs` |
//! | `typed`, `types` | rewrites that need an operand's type: struct `==`, `mat2(vec4)`, scalar `dot` & co. |
//! | `struct_arrays` | scalar/`vec2`/`vec3` array members moved whole: element by element |
//! | `struct_twins` | a struct a std140 uniform and a std430 block both hold: a padded twin for the uniforms, converted back at each read |
//! | `struct_columns` | `matCx2` members of structs only std430 blocks hold: `vec2 m[C]`, moved column by column (called by `struct_members`) |
//! | `struct_members` | struct members naga refuses: `matCx2` stored as `matCx4`, uniform `bool`s as `uint`, converted at each use; `float` padding for std140's rule 9 (`std140`) |
//! | `block_bools` | `bool`/`bvecN` members of uniform blocks stored as `uint`/`uvecN`, converted at each read |
//! | `io_blocks` | input/output blocks with interpolation qualifiers on members, one variable per member |
//! | `io_values` | whole-value uses of the struct inputs/outputs `io_blocks` flattened: rebuilt from the members' variables, stored member by member |
//! | `matrices` | `mat2`/`mat3x2`/`mat4x2` uniforms as `vec4` columns, rebuilt at each use |
//! | `image_arrays` | arrays of storage images with a format: marked for naga, fixed after the parse |
//! | `storage_instances` | named storage blocks with a runtime-sized array read as anonymous ones (naga loads the whole block for `b.count`) |
//! | `memory` | memory qualifiers naga rejects (`coherent`, `volatile`, on members and parameters) |
//! | `declarations` | the declaration pass: each item by its kind, in named steps |
//! | `io` | inputs and outputs: `attribute`/`varying`, locations, matrix columns |
//! | `uniforms` | loose uniforms gathered, `bool` uniforms, initializers |
//! | `block_layout` | block member offsets, std140's rule 9 after shared structs, push constants' std430 |
//! | `row_major` | row-major block matrices declared transposed, each read wrapped in `transpose()` |
//! | `sampler_index` | a call taking `maps[i]` (loop index, constant) selects among per-element calls |
//! | `samplers` | combined samplers split, at declarations, parameters and uses |
//! | `resources` | binding classes, user bindings, `layout(set, binding)` written in |
//! | [`bindings`] | the numbering rules and the [`Binding`] table |
//! | `arrays` | arrays of arrays, reversed for naga |
//! | `std430_blocks` | std430 blocks holding a struct naga lays out otherwise in std140: read as std140, marked for `front::glsl::std430` |
//! | `emit` | tokens back to text, with the [`OutputMap`] |
//! | `items`, [`nesting`] | reading declarations; how deep a shader may nest |
//! | `tokens`, `rewrite` | the shared helpers: generated tokens, fresh names, edits; the pass's state |
//!
//! A new rewrite goes in the file of its concern; a new kind of declaration gets a
//! `Declaration` variant in `declarations` and a step in its concern's file.

mod arrays;
pub mod bindings;
mod block_bools;
mod block_layout;
mod builtins;
mod components;
mod consts;
mod conversions;
mod decl_rules;
mod declarations;
mod declarators;
mod default_layouts;
mod double_literals;
mod emit;
mod es3_builtins;
mod es3_interface;
mod es3_layouts;
#[cfg(test)]
mod es3_tests;
mod es_exprs;
mod es_names;
mod es_qualifiers;
mod es_rules;
mod exprs;
#[cfg(test)]
mod exprs_tests;
pub mod f16;
mod functions;
mod gating;
mod half_types;
pub mod image_arrays;
mod implicit_conversions;
mod infinities;
mod int_modulo;
mod int_results;
mod io;
mod io_blocks;
mod io_values;
pub(crate) mod items;
mod language;
mod lexical;
mod loops;
mod matrices;
pub mod memory;
pub mod nesting;
mod printf;
mod prototypes;
mod redefinitions;
mod renames;
mod resources;
mod result_types;
mod rewrite;
mod row_major;
mod sampler_index;
mod samplers;
mod sizes;
mod std140;
pub mod std430_blocks;
pub mod storage_instances;
mod strict;
#[cfg(test)]
mod strict_tests;
mod struct_arrays;
mod struct_columns;
mod struct_members;
pub mod struct_twins;
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
    default_layouts::refuse_subscripts(&pre.tokens).map_err(|d| vec![d])?;
    let (tokens, printf_warnings) = printf::drop_debug_printf(pre.tokens.clone())?;
    let names = Names::of(&tokens);
    let es = matches!(dialect, Dialect::Es100 | Dialect::Es3(_));
    let tokens = default_layouts::apply_default_layouts(tokens);
    let tokens = sampler_index::select_elements(tokens, dialect)?;
    let tokens = row_major::lower_row_major(tokens)?;
    let (tokens, memory_warnings) =
        memory::drop_memory_qualifiers(tokens, dialect == Dialect::Es100)?;
    let tokens = storage_instances::unname_runtime_blocks(tokens, &names);
    let tokens = crate::front::glsl::atomics::rewrite_image_calls(tokens)?;
    let lowered = crate::front::glsl::intrinsics::rewrite(tokens, stage, es)?;
    let mut renamed = renames::rename_builtins(lowered.tokens, dialect, stage, &names)?;
    renamed.tokens = prototypes::rewrite_prototypes(renamed.tokens, &names);
    renamed.tokens = declarators::split_declarators(renamed.tokens);
    renamed.tokens = infinities::runtime_infinities(renamed.tokens);
    renamed.tokens = double_literals::rewrite_double_literals(renamed.tokens);
    renamed.tokens = f16::rewrite(renamed.tokens)?;
    if !es {
        renamed.tokens = components::rewrite_components(renamed.tokens);
    }
    let array_equality = dialect != Dialect::Es100;
    renamed.tokens = typed::rewrite_typed(renamed.tokens, array_equality);
    renamed.tokens = int_modulo::splat_modulo_scalars(renamed.tokens);
    renamed.tokens = int_results::convert_bit_counts(renamed.tokens);
    renamed.tokens = implicit_conversions::convert(renamed.tokens, dialect);
    // Before the struct rewrites: a struct declared in place as an input/output becomes
    // one variable per member, so its members are no longer struct members to widen.
    renamed.tokens = io_blocks::flatten_interpolated_blocks(renamed.tokens, &names);
    // What flattening left: a member of struct type naga would number as one location.
    io_blocks::refuse_nested_locations(&renamed.tokens)?;
    // Before `struct_members` pads the structs std140 uniforms hold: their twins.
    renamed.tokens = struct_twins::twin_shared_structs(renamed.tokens, &names)?;
    renamed.tokens = struct_arrays::split_struct_arrays(renamed.tokens);
    renamed.tokens = struct_members::widen_struct_members(renamed.tokens)?;
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
    warnings.extend(printf_warnings);
    // Last, so that declarations the rewrites above moved (gathered uniforms) are covered.
    arrays::reverse_dimensions(&mut tokens);
    image_arrays::mark(&mut tokens)?;
    std430_blocks::mark(&mut tokens);
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
