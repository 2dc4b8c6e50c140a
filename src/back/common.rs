//! What every writer shares: the entry point a single-entry writer (GLSL) writes, the
//! error chain each writer's error message is made of, and which built-ins entry points write. A leaf: `back/mod.rs` dispatches to
//! the writers, which import this, never the module above them.

/// The entry point a single-entry target (GLSL) writes.
#[derive(Clone, Debug)]
pub struct EntryChoice {
    pub stage: naga::ShaderStage,
    pub name: String,
}

/// An error and its `source()` chain, joined: naga's top-level messages are often generic.
pub fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

/// Whether an entry point of `module` writes a built-in output `wanted` accepts (as its
/// result or a member of its result struct).
pub fn writes_builtin(module: &naga::Module, wanted: impl Fn(naga::BuiltIn) -> bool) -> bool {
    let matches =
        |b: &Option<naga::Binding>| matches!(b, Some(naga::Binding::BuiltIn(bi)) if wanted(*bi));
    module.entry_points.iter().any(|ep| {
        let Some(result) = &ep.function.result else {
            return false;
        };
        match &module.types[result.ty].inner {
            naga::TypeInner::Struct { members, .. } => members.iter().any(|m| matches(&m.binding)),
            _ => matches(&result.binding),
        }
    })
}

/// Whether an entry point of `module` reads a built-in input `wanted` accepts (as an argument
/// or a member of an argument struct).
pub fn reads_builtin(module: &naga::Module, wanted: impl Fn(naga::BuiltIn) -> bool) -> bool {
    let matches =
        |b: &Option<naga::Binding>| matches!(b, Some(naga::Binding::BuiltIn(bi)) if wanted(*bi));
    module.entry_points.iter().any(|ep| {
        ep.function
            .arguments
            .iter()
            .any(|argument| match &module.types[argument.ty].inner {
                naga::TypeInner::Struct { members, .. } => {
                    members.iter().any(|m| matches(&m.binding))
                }
                _ => matches(&argument.binding),
            })
    })
}

/// `module` without the memory decorations `drop` picks (those a target cannot write, see
/// `front::glsl::dialect::memory`), or `None` when there are none to drop.
pub fn without_memory_decorations(
    module: &naga::Module,
    drop: impl Fn(&naga::GlobalVariable) -> naga::MemoryDecorations,
) -> Option<naga::Module> {
    if !module
        .global_variables
        .iter()
        .any(|(_, g)| g.memory_decorations.intersects(drop(g)))
    {
        return None;
    }
    let mut stripped = module.clone();
    for (_, global) in stripped.global_variables.iter_mut() {
        global.memory_decorations -= drop(global);
    }
    Some(stripped)
}
