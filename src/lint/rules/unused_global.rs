//! `unused-global`: a uniform, texture, sampler or input the shader never reads.

use naga::valid::GlobalUse;
use naga::{AddressSpace, Expression, Handle, ShaderStage, Statement};

use crate::front::glsl::dialect::bindings::{Binding, BindingKind};
use crate::lint::analysis::locals::root_global;
use crate::lint::analysis::placement::walk;
use crate::lint::analysis::values::operands;
use crate::lint::declare::declare_rule;
use crate::lint::rules::dead_util;
use crate::lint::{Context, Violation};
use crate::source::Loc;

declare_rule! {
    /// ## What it does
    /// Finds uniforms (loose ones and blocks), textures, samplers, storage buffers, push
    /// constants and stage inputs that no entry point reads, directly or through the functions
    /// it calls. A loose WebGL uniform is checked on its own even though prism gathers loose
    /// uniforms into one generated block.
    ///
    /// A name that appears inside an `#if`/`#ifdef` block of the source is not reported: its use
    /// may be in a branch the preprocessor removed for this configuration. Vertex outputs the next
    /// stage does not read are not checked (that needs both stages).
    ///
    /// With `--entry` (one entry point kept of several) the rule does not run: what the other
    /// entry points use would look unused.
    ///
    /// ## Why is this bad?
    /// It costs nothing on the GPU: `spirv-opt` and the driver drop it. Measured 2026-11-23
    /// (Mesa 22.3.6 RADV null devices) on a lit fragment shader with an unused input and an
    /// unused uniform: naga's SPIR-V shrinks 66 → 64 instructions without them, the optimized
    /// SPIR-V (21) and the vega10 / gfx1100 instruction counts (42 / 47) do not change. It is
    /// interface the application keeps feeding (an upload, a binding, a vertex attribute) for
    /// nothing, and a reader looks for a use that is not there.
    ///
    /// ## Example
    /// ```glsl
    /// uniform sampler2D uDetail;     // never sampled
    /// uniform float uFogDensity;     // never read
    /// in vec3 vTangent;              // never read
    /// ```
    ///
    /// ## Use instead
    /// Delete the declarations, and stop feeding them from the application, or keep them behind
    /// the `#ifdef` of the variant that uses them.
    ///
    /// ## Fix safety
    /// No automatic fix: declarations are the shader's contract with the application. prism
    /// numbers bindings and locations in declaration order, so deleting a texture or uniform moves
    /// the bindings after it (in the study, dropping `uDetail` moved `prism_globals` from binding
    /// 4 to 2), deleting a loose uniform changes the layout of the generated uniform block, and
    /// deleting an input moves the locations after it; the application must change with it.
    pub(crate) RULE = "unused-global",
    category: Hygiene, default: on Warning, fix: None, since: "0.1.0",
    summary: "a uniform, texture, sampler or input the shader never reads",
    fix_note: "no measured cost; bindings would shift",
    check: check,
}

fn check(context: &Context, out: &mut Vec<Violation>) {
    let module = context.module;
    // `--entry` keeps one entry point of several: globals the others use would look unused.
    if module.entry_points.is_empty() || context.compilation.options.entry.is_some() {
        return;
    }
    let entries: Vec<&naga::valid::FunctionInfo> = (0..module.entry_points.len())
        .map(|i| context.info.get_entry_point(i))
        .collect();
    let uses = |g: Handle<naga::GlobalVariable>| {
        entries
            .iter()
            .fold(GlobalUse::empty(), |acc, info| acc | info[g])
    };
    let bindings = &context.compilation.parsed.bindings;
    let inputs = input_globals(module);
    for (g, global) in module.global_variables.iter() {
        let name = global.name.as_deref();
        let binding = find_binding(bindings, global, name);
        match global.space {
            AddressSpace::Private => {
                // Only stage inputs the entry point fills in.
                if !inputs.contains(&g) || uses(g).contains(GlobalUse::READ) {
                    continue;
                }
                let Some(name) = name else { continue };
                if read_in_any_function(context, g) {
                    continue;
                }
                let vertex = module
                    .entry_points
                    .iter()
                    .all(|ep| ep.stage == ShaderStage::Vertex);
                let consequence = if vertex {
                    "deleting a vertex attribute moves the locations declared after it (when \
                     prism assigns them); the application's vertex layout must change with it"
                } else {
                    "deleting an input moves the locations declared after it (when prism \
                     assigns them); the previous stage's outputs must change with it"
                };
                report(context, out, "input", name, binding, g, Some(consequence));
            }
            AddressSpace::Uniform
            | AddressSpace::Handle
            | AddressSpace::Storage { .. }
            | AddressSpace::Immediate => {
                let used = uses(g);
                if let Some(b) = binding.filter(|b| !b.members.is_empty()) {
                    // The generated block of loose uniforms: each member is a declaration.
                    unused_members(context, out, g, b);
                } else if used.is_empty() {
                    if let Some(b) = binding {
                        // The sampler half of a combined sampler the shader only fetches
                        // from (`texelFetch`) is prism's, not the user's.
                        if b.kind == BindingKind::Sampler
                            && bindings
                                .iter()
                                .any(|o| o.kind == BindingKind::Texture && o.loc == b.loc)
                        {
                            continue;
                        }
                    }
                    let kind = kind_words(global.space, binding, context, g);
                    let shown = binding
                        .map(|b| b.name.as_str())
                        .or(name)
                        .unwrap_or("<unnamed>");
                    report(context, out, kind, shown, binding, g, None);
                }
            }
            _ => {}
        }
    }
}

fn kind_words(
    space: AddressSpace,
    binding: Option<&Binding>,
    context: &Context,
    g: Handle<naga::GlobalVariable>,
) -> &'static str {
    if let Some(b) = binding {
        return b.kind.describe();
    }
    match space {
        AddressSpace::Uniform => "uniform",
        AddressSpace::Storage { .. } => "storage buffer",
        AddressSpace::Immediate => "push constants",
        _ => match context.module.types[context.module.global_variables[g].ty].inner {
            naga::TypeInner::Sampler { .. } => "sampler",
            _ => "texture",
        },
    }
}

fn find_binding<'b>(
    bindings: &'b [Binding],
    global: &naga::GlobalVariable,
    name: Option<&str>,
) -> Option<&'b Binding> {
    if let Some(rb) = &global.binding {
        if let Some(b) = bindings.iter().find(|b| {
            b.binding == Some(rb.binding)
                && b.set == Some(rb.group)
                && !matches!(b.kind, BindingKind::Input | BindingKind::Output)
        }) {
            return Some(b);
        }
    }
    let name = name?;
    bindings.iter().find(|b| b.name == name)
}

fn report(
    context: &Context,
    out: &mut Vec<Violation>,
    kind: &str,
    name: &str,
    binding: Option<&Binding>,
    g: Handle<naga::GlobalVariable>,
    consequence: Option<&str>,
) {
    if dead_util::used_under_preprocessor_conditional(context, name) {
        return;
    }
    let loc = binding
        .map(|b| dead_util::name_in_declaration(context, b.loc, name))
        .or_else(|| context.loc(context.module.global_variables.get_span(g)));
    let user_bound =
        binding.is_some_and(|b| b.origin == crate::front::glsl::dialect::bindings::Origin::User);
    let default = if user_bound {
        "its binding is written in the source, so deleting it moves nothing else; the \
         application's descriptor layout still lists it"
    } else {
        "deleting it moves the bindings prism assigns to the resources declared after it \
         (in the study, dropping an unused texture moved `prism_globals` from binding 4 to 2); \
         the application must change with it"
    };
    push(
        context,
        out,
        kind,
        name,
        loc,
        consequence.unwrap_or(default),
    );
}

fn push(
    _context: &Context,
    out: &mut Vec<Violation>,
    kind: &str,
    name: &str,
    loc: Option<Loc>,
    consequence: &str,
) {
    out.push(
        Violation::new(
            format!("unused {kind} `{name}`: the shader never reads it"),
            loc,
        )
        .note(
            "no measured cost: spirv-opt -O and the driver drop it (measured 2026-11-23: \
                 naga's SPIR-V 66 → 64 instructions without an unused input and uniform, \
                 optimized SPIR-V and RADV ISA unchanged); the application still feeds it",
        )
        .note(consequence.to_string()),
    );
}

/// Members of the generated loose-uniform block that no function reads.
fn unused_members(
    context: &Context,
    out: &mut Vec<Violation>,
    g: Handle<naga::GlobalVariable>,
    binding: &Binding,
) {
    let mut used = vec![false; binding.members.len()];
    for view in &context.functions {
        if !context.calls().reached(view.id) {
            continue;
        }
        let function = view.function;
        for (h, expression) in function.expressions.iter() {
            match *expression {
                Expression::GlobalVariable(global) if global == g => {
                    // The block itself used whole (not through a member): every member counts.
                    let whole = function.expressions.iter().any(|(u, e)| {
                        !matches!(e, Expression::AccessIndex { .. })
                            && operands(e).contains(&h)
                            && view.info[u].ref_count > 0
                    });
                    if whole {
                        return;
                    }
                }
                Expression::AccessIndex { base, index }
                    if matches!(function.expressions[base], Expression::GlobalVariable(global) if global == g)
                        && view.info[h].ref_count > 0 =>
                {
                    if let Some(slot) = used.get_mut(index as usize) {
                        *slot = true;
                    }
                }
                _ => {}
            }
        }
    }
    for (member, used) in binding.members.iter().zip(used) {
        if used || dead_util::used_under_preprocessor_conditional(context, member) {
            continue;
        }
        let loc = dead_util::loose_uniform_loc(context, member);
        push(
            context,
            out,
            "uniform",
            member,
            loc,
            "deleting it changes the layout of the uniform block prism gathers the loose \
             uniforms into (`prism_globals`); the application's uniform upload must change \
             with it",
        );
    }
}

/// Private globals the entry points fill from their arguments (the GLSL front's inputs).
fn input_globals(module: &naga::Module) -> Vec<Handle<naga::GlobalVariable>> {
    let mut out = Vec::new();
    for ep in &module.entry_points {
        if !matches!(
            ep.stage,
            ShaderStage::Vertex | ShaderStage::Fragment | ShaderStage::Compute
        ) {
            continue;
        }
        let f = &ep.function;
        walk(&f.body, &mut Vec::new(), &mut |statement, _| {
            if let Statement::Store { pointer, value } = statement {
                if let (Some(g), Expression::FunctionArgument(a)) =
                    (root_global(f, *pointer), &f.expressions[*value])
                {
                    // Builtins (`gl_FragCoord`) are not declarations the user wrote.
                    let user = f.arguments.get(*a as usize).is_some_and(|arg| {
                        matches!(arg.binding, Some(naga::Binding::Location { .. }))
                    });
                    if user && !out.contains(&g) {
                        out.push(g);
                    }
                }
            }
        });
    }
    out
}

/// Whether any function loads from `g` (the GLSL front's entry wrapper only stores it).
fn read_in_any_function(context: &Context, g: Handle<naga::GlobalVariable>) -> bool {
    context.functions.iter().any(|view| {
        let f = view.function;
        f.expressions.iter().any(|(h, e)| match *e {
            Expression::Load { pointer } => {
                root_global(f, pointer) == Some(g) && view.info[h].ref_count > 0
            }
            _ => false,
        })
    })
}
