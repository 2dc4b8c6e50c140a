//! Step 2: the stubs and markers of step 1 become the IR they stand for (see the module
//! docs). Runs on naga's module before validation; the caller compacts the module afterwards
//! so that the stubs go.

use naga::{Barrier, BuiltIn, Expression, Function, Handle, Module, Statement};

use super::pass::Refused;

use super::calls::{barrier_stub, BARRIERS, SAMPLES_STUB, SUBGROUP_BARRIER_STUB};
use super::{clip_distances, gather, integer_sampling};

/// Lower everything step 1 left; returns how many changes were made.
pub fn lower(module: &mut Module) -> Result<usize, Refused> {
    // First, while the module is as naga's reader left it.
    let mut count = clip_distances::lower(module)?;
    count += lower_barriers(module);
    count += lower_sample_counts(module);
    let compare = module
        .functions
        .iter()
        .find(|(_, f)| f.name.as_deref() == Some(gather::COMPARE_STUB))
        .map(|(h, _)| h);
    for (_, function) in module.functions.iter_mut() {
        count += gather::lower(function, compare)?;
    }
    for entry in module.entry_points.iter_mut() {
        count += gather::lower(&mut entry.function, compare)?;
    }
    // After the gathers, which are integer samples naga allows.
    integer_sampling::refuse(module)?;
    count += lower_view_index(module);
    count += binding_arrays(module);
    Ok(count)
}

fn barrier_flags(name: &str) -> Barrier {
    match name {
        "memoryBarrierShared" => Barrier::WORK_GROUP,
        "memoryBarrierBuffer" | "memoryBarrierAtomicCounter" => Barrier::STORAGE,
        "memoryBarrierImage" => Barrier::TEXTURE,
        _ => Barrier::STORAGE | Barrier::WORK_GROUP | Barrier::TEXTURE,
    }
}

/// The memory barrier stubs (`MemoryBarrier` with their flags) and `subgroupBarrier`'s
/// (`ControlBarrier(SUB_GROUP)`: the flags with `SUB_GROUP` alone mark it).
fn lower_barriers(module: &mut Module) -> usize {
    let stubs: Vec<(Handle<Function>, Barrier)> = module
        .functions
        .iter()
        .filter_map(|(h, f)| {
            let name = f.name.as_deref()?;
            if name == SUBGROUP_BARRIER_STUB {
                return Some((h, Barrier::SUB_GROUP));
            }
            let glsl = BARRIERS.iter().find(|b| barrier_stub(b) == name)?;
            Some((h, barrier_flags(glsl)))
        })
        .collect();
    if stubs.is_empty() {
        return 0;
    }
    let mut count = 0;
    for (_, function) in module.functions.iter_mut() {
        count += walk(&mut function.body, &stubs);
    }
    for entry in module.entry_points.iter_mut() {
        count += walk(&mut entry.function.body, &stubs);
    }
    count
}

fn walk(block: &mut naga::Block, stubs: &[(Handle<Function>, Barrier)]) -> usize {
    rewrite_statements(block, &mut |statement| {
        let Statement::Call {
            function,
            arguments,
            result: None,
        } = statement
        else {
            return 0;
        };
        match stubs.iter().find(|(h, _)| h == function) {
            Some((_, flags)) if arguments.is_empty() => {
                *statement = if *flags == Barrier::SUB_GROUP {
                    Statement::ControlBarrier(*flags)
                } else {
                    Statement::MemoryBarrier(*flags)
                };
                1
            }
            _ => 0,
        }
    })
}

/// `r = prism_textureSamples(image[, sampler])` → `r` is `ImageQuery::NumSamples` of the
/// image: the call statement becomes the emission of `r` (a `uint`; step 1 converted it).
fn lower_sample_counts(module: &mut Module) -> usize {
    let stubs: Vec<Handle<Function>> = module
        .functions
        .iter()
        .filter(|(_, f)| f.name.as_deref() == Some(SAMPLES_STUB))
        .map(|(h, _)| h)
        .collect();
    if stubs.is_empty() {
        return 0;
    }
    let lower = |function: &mut Function| {
        let Function {
            body, expressions, ..
        } = function;
        rewrite_statements(body, &mut |statement| {
            let Statement::Call {
                function,
                arguments,
                result: Some(result),
            } = statement
            else {
                return 0;
            };
            let (Some(&image), true) = (arguments.first(), stubs.contains(function)) else {
                return 0;
            };
            let result = *result;
            expressions[result] = Expression::ImageQuery {
                image,
                query: naga::ImageQuery::NumSamples,
            };
            *statement = Statement::Emit(naga::Range::new_from_bounds(result, result));
            1
        })
    };
    let mut count = 0;
    for (_, function) in module.functions.iter_mut() {
        count += lower(function);
    }
    for entry in module.entry_points.iter_mut() {
        count += lower(&mut entry.function);
    }
    count
}

/// Calls `rewrite` on every statement of `block` and of the blocks nested in it (a statement
/// before the blocks inside it); the sum of what it returns (how many it rewrote).
pub(super) fn rewrite_statements(
    block: &mut naga::Block,
    rewrite: &mut impl FnMut(&mut Statement) -> usize,
) -> usize {
    let mut count = 0;
    for statement in block.iter_mut() {
        count += rewrite(statement);
        match statement {
            Statement::Block(inner) => count += rewrite_statements(inner, rewrite),
            Statement::If { accept, reject, .. } => {
                count += rewrite_statements(accept, rewrite);
                count += rewrite_statements(reject, rewrite);
            }
            Statement::Loop {
                body, continuing, ..
            } => {
                count += rewrite_statements(body, rewrite);
                count += rewrite_statements(continuing, rewrite);
            }
            Statement::Switch { cases, .. } => {
                for case in cases.iter_mut() {
                    count += rewrite_statements(&mut case.body, rewrite);
                }
            }
            _ => {}
        }
    }
    count
}

/// The name of the stub step 1 declares when the shader reads `gl_ViewIndex`.
pub const VIEW_INDEX_MARK: &str = "prism_view_index";

/// `gl_DrawID` stood for `gl_ViewIndex` (step 1 refuses shaders that use both).
fn lower_view_index(module: &mut Module) -> usize {
    if !module
        .functions
        .iter()
        .any(|(_, f)| f.name.as_deref() == Some(VIEW_INDEX_MARK))
    {
        return 0;
    }
    let mut count = 0;
    for entry in module.entry_points.iter_mut() {
        for argument in entry.function.arguments.iter_mut() {
            if let Some(naga::Binding::BuiltIn(builtin @ BuiltIn::DrawIndex)) =
                &mut argument.binding
            {
                *builtin = BuiltIn::ViewIndex;
                count += 1;
            }
        }
    }
    count
}

/// Arrays of textures or samplers (naga's GLSL reader types them as plain arrays, which no
/// resource may be) become binding arrays.
fn binding_arrays(module: &mut Module) -> usize {
    // naga's GLSL reader puts an array of textures in the uniform space.
    let arrays: Vec<_> = module
        .global_variables
        .iter()
        .filter_map(|(h, g)| match module.types[g.ty].inner {
            naga::TypeInner::Array { base, size, .. }
                if matches!(
                    module.types[base].inner,
                    naga::TypeInner::Image { .. } | naga::TypeInner::Sampler { .. }
                ) =>
            {
                Some((h, g.ty, base, size))
            }
            _ => None,
        })
        .collect();
    for &(global, ..) in &arrays {
        module.global_variables[global].space = naga::AddressSpace::Handle;
    }
    // An element of a uniform-space array was loaded through a pointer; an element of a
    // binding array is the handle itself: each `Load(tex[i])` becomes `tex[i]`.
    let globals: Vec<_> = arrays.iter().map(|a| a.0).collect();
    for (_, function) in module.functions.iter_mut() {
        unload(function, &globals);
    }
    for entry in module.entry_points.iter_mut() {
        unload(&mut entry.function, &globals);
    }
    for &(_, ty, base, size) in &arrays {
        if matches!(module.types[ty].inner, naga::TypeInner::BindingArray { .. }) {
            continue; // two globals of one type
        }
        let name = module.types[ty].name.clone();
        module.types.replace(
            ty,
            naga::Type {
                name,
                inner: naga::TypeInner::BindingArray { base, size },
            },
        );
    }
    arrays.len()
}

fn unload(function: &mut Function, globals: &[Handle<naga::GlobalVariable>]) {
    let of_array = |e: &Expression| {
        matches!(
            *e,
            Expression::Access { base, .. } | Expression::AccessIndex { base, .. }
                if matches!(function.expressions[base], Expression::GlobalVariable(g) if globals.contains(&g))
        )
    };
    let loads: Vec<_> = function
        .expressions
        .iter()
        .filter_map(|(h, e)| match *e {
            Expression::Load { pointer } if of_array(&function.expressions[pointer]) => {
                Some((h, function.expressions[pointer].clone()))
            }
            _ => None,
        })
        .collect();
    for (h, element) in loads {
        function.expressions[h] = element;
    }
}
