//! The declaration pass: every top-level item of the shader, rewritten by its kind.
//!
//! In: the tokens after the built-in renames ([`Renamed`]). Out: [`Declared`]: the tokens
//! with every declaration naga cannot read rewritten, the binding table, and warnings.
//!
//! The steps, in order ([`rewrite_declarations`]):
//! 1. split the tokens into items (refusing what nests too deep) and read each item's
//!    qualifiers;
//! 2. survey the whole shader: the numbers the user wrote ([`resources`],
//!    [`io`]), `bool` uniforms, combined samplers. All of it is needed before the
//!    first item is rewritten: a prototype or a use may come before a declaration;
//! 3. declare the generated outputs and atomic stubs before the first item;
//! 4. rewrite each item by its [`Declaration`] kind, which names the file that knows how;
//! 5. gather the loose uniforms into their blocks, and apply the edits.
//!
//! The order of the items decides generated numbers (bindings, locations) and is kept.

use std::ops::Range;

use super::bindings::{Binding, BindingKind, Planner};
use super::consts::Constants;
use super::io::{self, MatrixIo};
use super::items::{self, Item, ItemKind, LayoutGroup, Qualifiers};
use super::nesting;
use super::renames::Renamed;
use super::resources::{self, opaque_kind};
use super::rewrite::Rewrite;
use super::samplers::{self, split_type, CombinedSamplers};
use super::tokens::{self, Edit, Names};
use super::uniforms::{BoolUniforms, LooseUniforms};
use crate::diagnostic::Diagnostic;
use crate::front::glsl::preprocess::{Token, TokenKind};
use crate::shader::Stage;

/// The result of the declaration pass.
pub(super) struct Declared {
    pub tokens: Vec<Token>,
    pub bindings: Vec<Binding>,
    pub warnings: Vec<Diagnostic>,
}

/// What a top-level item is, as far as the rewrites care; each kind has one step.
enum Declaration<'q> {
    /// A function definition.
    Function {
        name: &'q str,
        params: Range<usize>,
        body: Range<usize>,
    },
    /// `type name ( params ) ;`
    Prototype(Range<usize>),
    /// `out gl_PerVertex { ... };`: dropped, naga declares it.
    PerVertexRedeclaration,
    /// `layout(constant_id = N) const ...`: frozen at its default value.
    SpecConstant(&'q LayoutGroup),
    /// `attribute`, `varying`, and global `in`/`out` variables.
    Interface,
    /// `uniform B { ... }` or `buffer B { ... }`.
    Block(String),
    /// `uniform sampler2D s;`
    CombinedSampler {
        texture: String,
        sampler: &'static str,
    },
    /// A texture, separate sampler, image or atomic counter.
    Opaque(BindingKind),
    /// Any other `uniform`: gathered into a generated block.
    LooseUniform,
    /// A `uniform` qualifier with nothing after it: left for naga to report.
    Unfinished,
    /// Everything else (structs, constants, globals, precision statements) stays.
    Other,
}

/// The declaration pass (see the module docs).
pub(super) fn rewrite_declarations(
    renamed: Renamed,
    names: &Names,
    stage: Stage,
) -> Result<Declared, Vec<Diagnostic>> {
    let tokens = renamed.tokens.as_slice();
    let items = split_into_items(tokens)?;
    // The tokens do not change until the edits are applied, so each item's qualifiers are
    // read once.
    let quals: Vec<Qualifiers> = items
        .iter()
        .map(|item| items::qualifiers(tokens, item.range.clone()))
        .collect();
    let constants = Constants::of(tokens);
    let plan = reserve_user_numbers(tokens, &items, &quals, &renamed, &constants);
    let mut pass = Pass {
        rewrite: Rewrite::new(tokens, names, stage, (plan, constants)),
        bools: BoolUniforms::find(tokens, &items, &quals),
        samplers: CombinedSamplers::find(tokens, &items, &quals, names),
        loose: LooseUniforms::default(),
        matrices: Vec::new(),
        use_errors: Vec::new(),
    };
    declare_prologue(&mut pass.rewrite, &renamed, &items);
    for (index, (item, q)) in items.iter().zip(&quals).enumerate() {
        pass.rewrite_item(index, item, q);
    }

    let Pass {
        mut rewrite,
        loose,
        mut use_errors,
        ..
    } = pass;
    loose.gather(&mut rewrite, &items, &quals);
    let Rewrite {
        plan,
        edits,
        warnings,
        errors,
        ..
    } = rewrite;
    use_errors.extend(errors);
    if !use_errors.is_empty() {
        return Err(use_errors);
    }
    let mut bindings = plan.finish();
    bindings.extend(renamed.output_bindings());
    Ok(Declared {
        tokens: tokens::apply(renamed.tokens, edits),
        bindings,
        warnings,
    })
}

/// The walk over the items, and what it carries from one item to the next.
struct Pass<'t> {
    rewrite: Rewrite<'t>,
    bools: BoolUniforms,
    samplers: CombinedSamplers,
    loose: LooseUniforms,
    /// Matrix inputs and outputs declared so far, which `main` copies.
    matrices: Vec<MatrixIo>,
    /// Errors at uses of combined samplers, reported before the declarations' errors.
    use_errors: Vec<Diagnostic>,
}

impl Pass<'_> {
    /// Rewrite one item by its kind. The names it declares are noted for the loose uniforms
    /// after it, except for the kinds that return early: a prototype, a dropped or frozen
    /// declaration, and a loose uniform (it moves into a block).
    fn rewrite_item(&mut self, index: usize, item: &Item, q: &Qualifiers) {
        let tokens = self.rewrite.tokens;
        let range = item.range.clone();
        let rewrite = &mut self.rewrite;
        match classify(tokens, item, q, rewrite.stage) {
            Declaration::Function { name, params, body } => {
                self.rewrite_function(item, name == "main", params, body)
            }
            Declaration::Prototype(params) => {
                let edits = samplers::split_params(tokens, params);
                rewrite.edits.extend(edits);
                return;
            }
            Declaration::PerVertexRedeclaration => {
                rewrite.edits.push(Edit::delete(range));
                return;
            }
            Declaration::SpecConstant(group) => {
                freeze_spec_constant(rewrite, q, range, group);
                return;
            }
            Declaration::Interface => self.matrices.extend(rewrite.rewrite_io(q, range)),
            Declaration::Block(block) => rewrite.rewrite_block(q, range, &block),
            Declaration::CombinedSampler { texture, sampler } => {
                self.samplers
                    .split_declaration(rewrite, q, range, (&texture, sampler))
            }
            Declaration::Opaque(kind) => rewrite.bind_opaque(q, kind, range),
            Declaration::LooseUniform => {
                self.loose.add(rewrite, index, range);
                return;
            }
            Declaration::Unfinished => return,
            Declaration::Other => rewrite.warn_invariant_statement(q, range),
        }
        self.loose.declared(items::declared_names(tokens, item));
    }

    /// A function body: `main` copies the matrix inputs and outputs; uses of `bool`
    /// uniforms and combined samplers are rewritten, and so are combined-sampler parameters.
    fn rewrite_function(
        &mut self,
        item: &Item,
        is_main: bool,
        params: Range<usize>,
        body: Range<usize>,
    ) {
        let tokens = self.rewrite.tokens;
        let edits = &mut self.rewrite.edits;
        if is_main {
            edits.extend(io::matrix_io_copies(tokens, item, &self.matrices));
        }
        // Parameters and locals named like a global shadow it in this function.
        let shadowed = items::local_names(tokens, params.clone(), body.clone());
        edits.extend(self.bools.rewrite_uses(tokens, body.clone(), &shadowed));
        edits.extend(samplers::split_params(tokens, params.clone()));
        let (uses, errors) = self.samplers.rewrite_uses(tokens, params, body, &shadowed);
        edits.extend(uses);
        self.use_errors.extend(errors);
    }
}

/// The items of the shader, or why it cannot be split.
fn split_into_items(tokens: &[Token]) -> Result<Vec<Item>, Vec<Diagnostic>> {
    nesting::check_chains(tokens).map_err(|e| e.diagnostics(tokens))?;
    items::split_items(tokens).map_err(|e| e.diagnostics(tokens))
}

/// A planner that knows every binding and location the user wrote, and the locations of
/// the generated fragment outputs.
fn reserve_user_numbers(
    tokens: &[Token],
    items: &[Item],
    quals: &[Qualifiers],
    renamed: &Renamed,
    constants: &Constants,
) -> Planner {
    let mut plan = Planner::new();
    resources::reserve_user_bindings(tokens, quals, &mut plan);
    io::reserve_user_locations(tokens, items, quals, &mut plan, constants);
    for output in &renamed.frag_outputs {
        plan.reserve_location("out", output.location, 1);
    }
    plan
}

/// The generated outputs and atomic stubs, declared before the first item.
fn declare_prologue(rewrite: &mut Rewrite, renamed: &Renamed, items: &[Item]) {
    let Some(first) = items.first() else {
        return;
    };
    let at = first.range.start;
    let prologue = renamed.prologue(rewrite.loc(at));
    if !prologue.is_empty() {
        rewrite.edits.push(Edit::insert(at, prologue));
    }
}

/// What `item` is (see [`Declaration`]); the first kind that fits wins.
fn classify<'q>(
    tokens: &[Token],
    item: &'q Item,
    q: &'q Qualifiers,
    stage: Stage,
) -> Declaration<'q> {
    if let ItemKind::Function { name, params, body } = &item.kind {
        return Declaration::Function {
            name,
            params: params.clone(),
            body: body.clone(),
        };
    }
    if let Some(params) = items::param_range(tokens, item) {
        return Declaration::Prototype(params);
    }
    let ty = tokens.get(q.type_start);
    let is_block = ty.is_some_and(|t| t.kind == TokenKind::Ident) && q.opens_block(tokens);
    if is_block && ty.is_some_and(|t| t.text == "gl_PerVertex") && (q.has("out") || q.has("in")) {
        return Declaration::PerVertexRedeclaration;
    }
    if let Some(group) = q
        .layouts
        .iter()
        .find(|g| g.entries.iter().any(|(k, _)| k == "constant_id"))
    {
        return Declaration::SpecConstant(group);
    }
    if io::is_interface(tokens, q, is_block, stage) {
        return Declaration::Interface;
    }
    if is_block && (q.has("uniform") || q.has("buffer")) {
        let block = ty.map(|t| t.text.clone()).unwrap_or_default();
        return Declaration::Block(block);
    }
    if !q.has("uniform") {
        return Declaration::Other;
    }
    let Some(ty) = ty else {
        return Declaration::Unfinished;
    };
    if let Some((texture, sampler)) = split_type(&ty.text) {
        Declaration::CombinedSampler { texture, sampler }
    } else if let Some(kind) = opaque_kind(&ty.text) {
        Declaration::Opaque(kind)
    } else {
        Declaration::LooseUniform
    }
}

/// A specialization constant keeps its default value: its `layout(constant_id = N)` goes,
/// and the binding table records the id.
fn freeze_spec_constant(
    rewrite: &mut Rewrite,
    q: &Qualifiers,
    range: Range<usize>,
    group: &LayoutGroup,
) {
    let name = items::first_declarator(rewrite.tokens, q, range.end);
    let loc = rewrite.loc(range.start);
    rewrite
        .plan
        .spec_constant(&name, q.layout_int("constant_id"), loc);
    rewrite.edits.push(Edit::delete(group.range.clone()));
}
