//! One texture sampled with several samplers, for GLSL: a GLSL `sampler2D` is a texture and
//! a sampler in one, and naga's GLSL writer makes one combined sampler per *texture*, so it
//! refuses a texture sampled with two samplers ("A image was used with multiple samplers").
//! Here each extra (texture, sampler) pair gets a texture of its own: a copy of the texture's
//! global at a new binding of the texture's set (above every binding the set uses), which
//! the samples with that sampler then read. The GLSL output has one combined sampler per
//! pair; the note says which binding stands for which pair, because the host must bind the
//! texture and that sampler there.
//!
//! naga's validator wants every operand before the expression that uses it, so the new
//! global's expression is appended and the function's body copied after it ([`copy`]); the
//! old samples that read the pair are left dead, turned into zero values so that no
//! analysis sees the pair again.
//!
//! A texture *parameter* sampled with several samplers gets one more parameter per extra
//! sampler, which its samples with that sampler read, and each call passes the copy of its
//! global texture for that sampler there. When a call passes something else (a parameter of
//! the caller), the function is left alone and the writer's refusal stands, located by
//! [`shared_texture_argument`].

use std::collections::HashMap;

use naga::{
    Expression, Function, GlobalVariable, Handle, Module, ResourceBinding, Span, TypeInner,
};

use super::build::{for_each_block, type_handle};
use super::copy::copy_block_mapped;

type Pair = (Handle<GlobalVariable>, Handle<GlobalVariable>);

/// The (texture, sampler) pairs sampled directly in `function`, in order of appearance.
fn pairs(function: &Function) -> Vec<Pair> {
    let global = |h: Handle<Expression>| match function.expressions[h] {
        Expression::GlobalVariable(g) => Some(g),
        _ => None,
    };
    let mut out = Vec::new();
    for (_, expr) in function.expressions.iter() {
        if let Expression::ImageSample { image, sampler, .. } = *expr {
            if let (Some(image), Some(sampler)) = (global(image), global(sampler)) {
                if !out.contains(&(image, sampler)) {
                    out.push((image, sampler));
                }
            }
        }
    }
    out
}

/// The extra pairs of `module`: a texture's pairs after its first.
fn extra_pairs(module: &Module) -> Vec<Pair> {
    let functions = crate::ir::all_functions(module);
    let mut first: HashMap<Handle<GlobalVariable>, Handle<GlobalVariable>> = HashMap::new();
    let mut extra = Vec::new();
    for (image, sampler) in functions.flat_map(pairs) {
        let first_sampler = *first.entry(image).or_insert(sampler);
        if first_sampler != sampler && !extra.contains(&(image, sampler)) {
            extra.push((image, sampler));
        }
    }
    extra
}

/// Texture parameters of helper functions sampled with more than one global sampler, whose
/// every caller passes a global texture: (function, parameter, its samplers after the first).
fn extra_parameter_pairs(
    module: &Module,
) -> Vec<(Handle<Function>, u32, Vec<Handle<GlobalVariable>>)> {
    let mut out = Vec::new();
    for (handle, function) in module.functions.iter() {
        let mut samplers: Vec<(u32, Vec<Handle<GlobalVariable>>)> = Vec::new();
        for (_, expr) in function.expressions.iter() {
            let Expression::ImageSample { image, sampler, .. } = *expr else {
                continue;
            };
            let (Expression::FunctionArgument(i), Expression::GlobalVariable(s)) =
                (&function.expressions[image], &function.expressions[sampler])
            else {
                continue;
            };
            match samplers.iter_mut().find(|(arg, _)| arg == i) {
                Some((_, list)) if !list.contains(s) => list.push(*s),
                Some(_) => {}
                None => samplers.push((*i, vec![*s])),
            }
        }
        for (arg, list) in samplers {
            if list.len() > 1 && callers_pass_globals(module, handle, arg) {
                out.push((handle, arg, list[1..].to_vec()));
            }
        }
    }
    out
}

/// The global textures passed as parameter `arg` of `callee`, call by call; `None` if some
/// call passes something else.
fn passed_textures(
    module: &Module,
    callee: Handle<Function>,
    arg: u32,
) -> Option<Vec<Handle<GlobalVariable>>> {
    let mut out = Vec::new();
    let mut ok = true;
    let functions = crate::ir::all_functions(module);
    for function in functions {
        super::hlsl_sm::walk(&function.body, &mut |statement, _| {
            if let naga::Statement::Call {
                function: f,
                ref arguments,
                ..
            } = *statement
            {
                if f == callee {
                    match arguments
                        .get(arg as usize)
                        .map(|&h| &function.expressions[h])
                    {
                        Some(Expression::GlobalVariable(g)) => out.push(*g),
                        _ => ok = false,
                    }
                }
            }
        });
    }
    ok.then_some(out)
}

fn callers_pass_globals(module: &Module, callee: Handle<Function>, arg: u32) -> bool {
    passed_textures(module, callee, arg).is_some()
}

/// Whether some texture of `module` is sampled with more than one sampler.
pub fn has_shared_textures(module: &Module) -> bool {
    !extra_pairs(module).is_empty() || !extra_parameter_pairs(module).is_empty()
}

/// A copy of the texture `image` for sampling with `sampler`, at a new binding of its set;
/// the note that says so.
fn copy_texture(
    module: &mut Module,
    image: Handle<GlobalVariable>,
    sampler: Handle<GlobalVariable>,
) -> Option<(Handle<GlobalVariable>, String)> {
    let original = module.global_variables[image].clone();
    let ResourceBinding { group, .. } = original.binding?;
    let binding = 1 + module
        .global_variables
        .iter()
        .filter_map(|(_, g)| g.binding.as_ref())
        .filter(|b| b.group == group)
        .map(|b| b.binding)
        .max()
        .unwrap_or(0);
    let name = |g: Handle<GlobalVariable>| {
        module.global_variables[g]
            .name
            .clone()
            .unwrap_or_else(|| "?".into())
    };
    let (texture, sampler_name) = (name(image), name(sampler));
    let span = module.global_variables.get_span(image);
    let copy = module.global_variables.append(
        GlobalVariable {
            name: Some(format!("{texture}_{sampler_name}")),
            binding: Some(ResourceBinding { group, binding }),
            ..original
        },
        span,
    );
    Some((copy, format!(
        "texture `{texture}` is sampled with more than one sampler, and a GLSL sampler is one texture with one sampler: `{texture}` with `{sampler_name}` is a combined sampler of its own at set {group}, binding {binding} (`_group_{group}_binding_{binding}_*`), a binding prism chose; bind `{texture}` and `{sampler_name}` there"
    )))
}

/// What one sample reads: a global texture or a parameter, with a global sampler.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Source {
    Global(Handle<GlobalVariable>),
    Argument(u32),
}

fn sample_source(
    function: &Function,
    expr: &Expression,
) -> Option<(Source, Handle<GlobalVariable>)> {
    let Expression::ImageSample { image, sampler, .. } = *expr else {
        return None;
    };
    let Expression::GlobalVariable(s) = function.expressions[sampler] else {
        return None;
    };
    match function.expressions[image] {
        Expression::GlobalVariable(i) => Some((Source::Global(i), s)),
        Expression::FunctionArgument(i) => Some((Source::Argument(i), s)),
        _ => None,
    }
}

/// Give each extra (texture, sampler) pair its own texture; the notes say where each is.
pub fn split_shared_textures(module: &mut Module, info: &naga::valid::ModuleInfo) -> Vec<String> {
    let mut copies: HashMap<Pair, Handle<GlobalVariable>> = HashMap::new();
    let mut notes = Vec::new();
    let mut want_copy = |module: &mut Module, pair: Pair, notes: &mut Vec<String>| {
        if let std::collections::hash_map::Entry::Vacant(v) = copies.entry(pair) {
            if let Some((copy, note)) = copy_texture(module, pair.0, pair.1) {
                v.insert(copy);
                notes.push(note);
            }
        }
    };
    let extra = extra_pairs(module);
    for &pair in &extra {
        want_copy(module, pair, &mut notes);
    }
    // Parameters: one more parameter per extra sampler, and a copy of each texture passed.
    let parameters = extra_parameter_pairs(module);
    // (callee, parameter, sampler) → the new parameter's index.
    let mut new_parameters: HashMap<(Handle<Function>, Source, Handle<GlobalVariable>), u32> =
        HashMap::new();
    // callee → (parameter, sampler), in the order of the new parameters.
    let mut appended: HashMap<Handle<Function>, Vec<(u32, Handle<GlobalVariable>)>> =
        HashMap::new();
    for (callee, arg, samplers) in &parameters {
        let passed = passed_textures(module, *callee, *arg).unwrap_or_default();
        for &sampler in samplers {
            for &texture in &passed {
                want_copy(module, (texture, sampler), &mut notes);
            }
            let function = module.functions.get_mut(*callee);
            let original = function.arguments[*arg as usize].clone();
            let index = function.arguments.len() as u32;
            let name = original.name.clone().unwrap_or_default();
            function.arguments.push(naga::FunctionArgument {
                name: Some(format!("{name}_{index}")),
                ..original
            });
            new_parameters.insert((*callee, Source::Argument(*arg), sampler), index);
            appended.entry(*callee).or_default().push((*arg, sampler));
        }
    }
    if copies.is_empty() {
        return notes;
    }
    let results: HashMap<Handle<Function>, Handle<naga::Type>> = module
        .functions
        .iter()
        .filter_map(|(h, f)| Some((h, f.result.as_ref()?.ty)))
        .collect();
    let functions_result = |callee: Handle<Function>| results.get(&callee).copied();
    let Module {
        types,
        functions,
        entry_points,
        ..
    } = module;
    let function_infos = functions
        .iter_mut()
        .map(|(h, f)| (Some(h), f, &info[h]))
        .chain(
            entry_points
                .iter_mut()
                .enumerate()
                .map(|(i, ep)| (None, &mut ep.function, info.get_entry_point(i))),
        );
    for (handle, function, function_info) in function_infos {
        // What each sample of an extra pair reads instead.
        let target = |source: Source, sampler| -> Option<Expression> {
            match source {
                Source::Global(image) => copies
                    .get(&(image, sampler))
                    .map(|&c| Expression::GlobalVariable(c)),
                Source::Argument(_) => handle
                    .and_then(|h| new_parameters.get(&(h, source, sampler)))
                    .map(|&i| Expression::FunctionArgument(i)),
            }
        };
        let old: Vec<(Handle<Expression>, TypeInner)> = function
            .expressions
            .iter()
            .filter(|(_, e)| {
                sample_source(function, e).is_some_and(|(src, s)| target(src, s).is_some())
            })
            .map(|(h, _)| (h, function_info[h].ty.inner_with(types).clone()))
            .collect();
        let calls_changed = has_calls_to(&function.body, &appended);
        if old.is_empty() && !calls_changed {
            continue;
        }
        if !old.is_empty() {
            let mut replacements: HashMap<(Source, Handle<GlobalVariable>), Handle<Expression>> =
                HashMap::new();
            for &(h, _) in &old {
                let Some(key) = sample_source(function, &function.expressions[h]) else {
                    continue;
                };
                if let (std::collections::hash_map::Entry::Vacant(v), Some(expr)) =
                    (replacements.entry(key), target(key.0, key.1))
                {
                    v.insert(function.expressions.append(expr, Span::UNDEFINED));
                }
            }
            let body = std::mem::take(&mut function.body);
            let Some((new_body, map)) = copy_block_mapped(function, &body) else {
                function.body = body;
                continue;
            };
            for &(old_handle, _) in &old {
                let Some(&new) = map.get(&old_handle) else {
                    continue;
                };
                let key = sample_source(function, &function.expressions[new]);
                if let (Some(key), Expression::ImageSample { image, .. }) =
                    (key, function.expressions.get_mut(new))
                {
                    if let Some(&replacement) = replacements.get(&key) {
                        *image = replacement;
                    }
                }
            }
            for (old_handle, inner) in old {
                *function.expressions.get_mut(old_handle) =
                    Expression::ZeroValue(type_handle(types, inner));
            }
            // The validator wants each call or atomic result defined by its statement: the
            // old ones, whose statements are gone, become zero values too.
            for &old_handle in map.keys() {
                let ty = match function.expressions[old_handle] {
                    Expression::CallResult(callee) => functions_result(callee),
                    Expression::AtomicResult { ty, .. } => Some(ty),
                    _ => None,
                };
                if let Some(ty) = ty {
                    *function.expressions.get_mut(old_handle) = Expression::ZeroValue(ty);
                }
            }
            function.named_expressions = std::mem::take(&mut function.named_expressions)
                .into_iter()
                .map(|(h, name)| (map.get(&h).copied().unwrap_or(h), name))
                .collect();
            function.body = new_body;
        }
        if calls_changed {
            let mut body = std::mem::take(&mut function.body);
            for_each_block(&mut body, &mut |block| {
                for statement in block.iter_mut() {
                    let naga::Statement::Call {
                        function: callee,
                        arguments,
                        ..
                    } = statement
                    else {
                        continue;
                    };
                    for &(arg, sampler) in appended.get(callee).into_iter().flatten() {
                        let passed = arguments[arg as usize];
                        let Expression::GlobalVariable(texture) = function.expressions[passed]
                        else {
                            continue;
                        };
                        let copy = copies.get(&(texture, sampler)).copied().unwrap_or(texture);
                        let expr = Expression::GlobalVariable(copy);
                        arguments.push(function.expressions.append(expr, Span::UNDEFINED));
                    }
                }
            });
            function.body = body;
        }
    }
    notes
}

/// Whether `block` calls a function of `appended`.
fn has_calls_to(
    block: &naga::Block,
    appended: &HashMap<Handle<Function>, Vec<(u32, Handle<GlobalVariable>)>>,
) -> bool {
    let mut found = false;
    super::hlsl_sm::walk(block, &mut |statement, _| {
        if let naga::Statement::Call { function, .. } = statement {
            found |= appended.contains_key(function);
        }
    });
    found
}

/// A texture parameter of a function sampled with more than one sampler (which
/// [`split_shared_textures`] leaves alone when a caller passes something other than a global
/// texture): (function, parameter, the second sample).
pub fn shared_texture_argument(module: &Module) -> Option<(String, String, Span)> {
    let functions = crate::ir::all_functions(module);
    for function in functions {
        let mut first: HashMap<u32, Handle<Expression>> = HashMap::new();
        for (handle, expr) in function.expressions.iter() {
            let Expression::ImageSample { image, sampler, .. } = *expr else {
                continue;
            };
            let Expression::FunctionArgument(index) = function.expressions[image] else {
                continue;
            };
            let same = |other: Handle<Expression>| {
                other == sampler || function.expressions[other] == function.expressions[sampler]
            };
            match first.get(&index) {
                Some(&other) if !same(other) => {
                    let name = |i: u32| {
                        function.arguments[i as usize]
                            .name
                            .clone()
                            .unwrap_or_else(|| "?".into())
                    };
                    return Some((
                        function.name.clone().unwrap_or_default(),
                        name(index),
                        function.expressions.get_span(handle),
                    ));
                }
                Some(_) => {}
                None => {
                    first.insert(index, sampler);
                }
            }
        }
    }
    None
}
