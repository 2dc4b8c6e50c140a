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
//! analysis sees the pair again. Samples through function arguments are left alone (the
//! writer's refusal stands).

use std::collections::HashMap;

use naga::{
    Expression, Function, GlobalVariable, Handle, Module, ResourceBinding, Span, TypeInner,
};

use super::build::type_handle;
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
    let functions = module
        .functions
        .iter()
        .map(|(_, f)| f)
        .chain(module.entry_points.iter().map(|ep| &ep.function));
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

/// Whether some texture of `module` is sampled with more than one sampler.
pub fn has_shared_textures(module: &Module) -> bool {
    !extra_pairs(module).is_empty()
}

/// Give each extra (texture, sampler) pair its own texture; the notes say where each is.
pub fn split_shared_textures(module: &mut Module, info: &naga::valid::ModuleInfo) -> Vec<String> {
    let extra = extra_pairs(module);
    let mut copies: HashMap<Pair, Handle<GlobalVariable>> = HashMap::new();
    let mut notes = Vec::new();
    for &(image, sampler) in &extra {
        let original = module.global_variables[image].clone();
        let Some(ResourceBinding { group, .. }) = original.binding else {
            continue;
        };
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
        copies.insert((image, sampler), copy);
        notes.push(format!(
            "texture `{texture}` is sampled with more than one sampler, and a GLSL sampler is one texture with one sampler: `{texture}` with `{sampler_name}` is a combined sampler of its own at set {group}, binding {binding} (`_group_{group}_binding_{binding}_*`), a binding prism chose; bind `{texture}` and `{sampler_name}` there"
        ));
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
    let function_infos = functions.iter_mut().map(|(h, f)| (f, &info[h])).chain(
        entry_points
            .iter_mut()
            .enumerate()
            .map(|(i, ep)| (&mut ep.function, info.get_entry_point(i))),
    );
    for (function, function_info) in function_infos {
        let wanted: Vec<Pair> = pairs(function)
            .into_iter()
            .filter(|p| copies.contains_key(p))
            .collect();
        if wanted.is_empty() {
            continue;
        }
        // Old samples of the extra pairs, with their types (before the arena grows).
        let old: Vec<(Handle<Expression>, TypeInner)> = function
            .expressions
            .iter()
            .filter(|(_, e)| sample_pair(function, e).is_some_and(|p| copies.contains_key(&p)))
            .map(|(h, _)| (h, function_info[h].ty.inner_with(types).clone()))
            .collect();
        let globals: HashMap<Pair, Handle<Expression>> = wanted
            .iter()
            .map(|p| {
                let expr = Expression::GlobalVariable(copies[p]);
                (*p, function.expressions.append(expr, Span::UNDEFINED))
            })
            .collect();
        let body = std::mem::take(&mut function.body);
        let Some((new_body, map)) = copy_block_mapped(function, &body) else {
            function.body = body;
            continue;
        };
        for &(old_handle, _) in &old {
            let Some(&new) = map.get(&old_handle) else {
                continue;
            };
            let pair = sample_pair(function, &function.expressions[new]);
            if let (Some(pair), Expression::ImageSample { image, .. }) =
                (pair, function.expressions.get_mut(new))
            {
                *image = globals[&pair];
            }
        }
        for (old_handle, inner) in old {
            *function.expressions.get_mut(old_handle) =
                Expression::ZeroValue(type_handle(types, inner));
        }
        // The validator wants each call or atomic result defined by its statement: the old
        // ones, whose statements are gone, become zero values too.
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
    notes
}

/// The (texture, sampler) pair `expr` samples, if it samples globals directly.
fn sample_pair(function: &Function, expr: &Expression) -> Option<Pair> {
    let Expression::ImageSample { image, sampler, .. } = *expr else {
        return None;
    };
    match (&function.expressions[image], &function.expressions[sampler]) {
        (Expression::GlobalVariable(i), Expression::GlobalVariable(s)) => Some((*i, *s)),
        _ => None,
    }
}

/// A texture parameter of a function sampled with more than one sampler, which
/// [`split_shared_textures`] leaves alone: (function, parameter, the second sample).
pub fn shared_texture_argument(module: &Module) -> Option<(String, String, Span)> {
    let functions = module
        .functions
        .iter()
        .map(|(_, f)| f)
        .chain(module.entry_points.iter().map(|ep| &ep.function));
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
