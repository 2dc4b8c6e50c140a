//! `gl_PointSize` for targets without a point-size output (WGSL; HLSL for Direct3D 10 and
//! later, where `PSIZE` is gone): the output is dropped, and the caller says so in a note.
//! This is what Tint and naga-cli users get: points are one pixel on WebGPU and Direct3D.
//!
//! The entry point's output struct loses the member (the type is replaced in place, so every
//! handle stays valid) and every `Compose` of it loses the component. The private variable
//! the shader writes stays, unused.

use naga::{Binding, BuiltIn, Expression, Module, ShaderStage, Type, TypeInner};

/// Drop the point-size output of every vertex entry point. Returns how many were dropped;
/// a struct used anywhere but as an entry point's result is left alone (the writer's error
/// stands).
pub fn drop_point_size(module: &mut Module) -> usize {
    let mut dropped = 0;
    for index in 0..module.entry_points.len() {
        let ep = &module.entry_points[index];
        if ep.stage != ShaderStage::Vertex {
            continue;
        }
        let Some(result) = &ep.function.result else {
            continue;
        };
        let ty = result.ty;
        let TypeInner::Struct { members, span } = &module.types[ty].inner else {
            continue;
        };
        let Some(member) = members
            .iter()
            .position(|m| m.binding == Some(Binding::BuiltIn(BuiltIn::PointSize)))
        else {
            continue;
        };
        if used_elsewhere(module, ty) {
            continue;
        }
        let mut kept = members.clone();
        kept.remove(member);
        let replacement = Type {
            name: module.types[ty].name.clone(),
            inner: TypeInner::Struct {
                members: kept,
                span: *span,
            },
        };
        if module.types.get(&replacement).is_some() {
            continue;
        }
        module.types.replace(ty, replacement);
        for ep in module.entry_points.iter_mut() {
            for (_, expr) in ep.function.expressions.iter_mut() {
                if let Expression::Compose { ty: of, components } = expr {
                    if *of == ty && components.len() > member {
                        components.remove(member);
                    }
                }
            }
        }
        dropped += 1;
    }
    dropped
}

/// Whether `ty` appears anywhere but as entry points' results and their `Compose`s.
fn used_elsewhere(module: &Module, ty: naga::Handle<Type>) -> bool {
    let in_function = |f: &naga::Function, entry: bool| {
        f.local_variables.iter().any(|(_, v)| v.ty == ty)
            || f.arguments.iter().any(|a| a.ty == ty)
            || (!entry && f.result.as_ref().is_some_and(|r| r.ty == ty))
            || f.expressions.iter().any(|(_, e)| match e {
                Expression::ZeroValue(t) => *t == ty,
                Expression::Compose { ty: t, .. } => *t == ty && !entry,
                _ => false,
            })
    };
    module.functions.iter().any(|(_, f)| in_function(f, false))
        || module
            .entry_points
            .iter()
            .any(|ep| in_function(&ep.function, true))
        || module.global_variables.iter().any(|(_, g)| g.ty == ty)
        || module.types.iter().any(|(_, t)| match &t.inner {
            TypeInner::Struct { members, .. } => members.iter().any(|m| m.ty == ty),
            TypeInner::Array { base, .. } | TypeInner::BindingArray { base, .. } => *base == ty,
            TypeInner::Pointer { base, .. } => *base == ty,
            _ => false,
        })
}
