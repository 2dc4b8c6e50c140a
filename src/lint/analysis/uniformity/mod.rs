//! Which code of a fragment shader runs under non-uniform control flow, and which values
//! vary per pixel: UB001's question (derivatives and implicit-derivative samples need all
//! four pixels of a quad).
//!
//! Why a uniformity analysis of our own: naga 30 computes `uniformity.non_uniform_result`
//! but calls every load of a private global non-uniform, and the GLSL front keeps every
//! input (flat ones too) and every loose global in private globals, so naga's answer says
//! "non-uniform" for almost everything. Here a value is non-uniform when it derives from a
//! per-pixel source: an interpolated (non-`flat`) input, `gl_FragCoord`, the sample index,
//! an atomic or subgroup result, or a local or private global stored a per-pixel value or
//! stored under per-pixel control flow. Uniform buffers, textures (at uniform coordinates),
//! push constants, literals, constants, `flat` inputs and `gl_FrontFacing` (constant per
//! primitive; a quad never spans primitives) are uniform.
//!
//! In: the module and its call graph. Out: for each function reachable from a fragment entry
//! point, the non-uniform control around each emitted expression ([`Uniformity::control_at`])
//! with its cause, and per-pixel values ([`Uniformity::value`]). A fixpoint over all those
//! functions (at most 64 passes): a callee learns its arguments' and its callers' control
//! flow, a caller its callees' results, kills and stores through pointers.

mod state;
mod taint;
mod walk;

use std::collections::HashMap;

use naga::{
    Binding, BuiltIn, Expression, Handle, Interpolation, Module, ShaderStage, Statement, TypeInner,
};

use crate::lint::analysis::calls::CallGraph;
use crate::lint::analysis::fn_id::FnId;
use crate::lint::analysis::locals::root_global;
use crate::lint::analysis::placement::walk;
use crate::lint::analysis::uniformity::state::{FnState, Walk};

pub use state::{Control, ControlKind, Origin, Uniformity};

impl<'a> Uniformity<'a> {
    /// Analyse the fragment entry points of `module` and what they call.
    pub fn of(module: &'a Module, calls: &CallGraph) -> Self {
        let mut u = Uniformity {
            module,
            globals: vec![None; module.global_variables.len()],
            inputs: HashMap::new(),
            states: HashMap::new(),
            changed: true,
        };
        let entries: Vec<usize> = module
            .entry_points
            .iter()
            .enumerate()
            .filter(|(_, ep)| ep.stage == ShaderStage::Fragment)
            .map(|(i, _)| i)
            .collect();
        let reach = calls.reachable_from(|ep| ep.stage == ShaderStage::Fragment);
        let mut keys: Vec<FnId> = entries.iter().map(|i| FnId::EntryPoint(*i)).collect();
        keys.extend(
            module
                .functions
                .iter()
                .filter(|(h, _)| reach[h.index()])
                .map(|(h, _)| FnId::Function(h)),
        );
        for &key in &keys {
            let function = key.function(module);
            let mut state = FnState {
                locals: vec![None; function.local_variables.len()],
                params: vec![None; function.arguments.len()],
                control_at: vec![None; function.expressions.len()],
                ..Default::default()
            };
            if let FnId::EntryPoint(e) = key {
                for (i, argument) in function.arguments.iter().enumerate() {
                    state.params[i] = u.argument_origin(e, i as u32, argument);
                }
                walk(&function.body, &mut Vec::new(), &mut |statement, _| {
                    if let Statement::Store { pointer, value } = statement {
                        if let (Some(g), Expression::FunctionArgument(a)) = (
                            root_global(function, *pointer),
                            &function.expressions[*value],
                        ) {
                            u.inputs.insert(g, (e, *a));
                        }
                    }
                });
            }
            u.states.insert(key, state);
        }
        let mut passes = 0;
        while u.changed && passes < 64 {
            u.changed = false;
            passes += 1;
            for &key in &keys {
                u.walk_function(key);
            }
        }
        u
    }

    fn argument_origin(
        &self,
        entry: usize,
        index: u32,
        argument: &naga::FunctionArgument,
    ) -> Option<Origin> {
        let origin = Some(Origin::EntryArgument(entry, index));
        match &argument.binding {
            Some(binding) => binding_varies(binding).then_some(origin).flatten(),
            None => match &self.module.types[argument.ty].inner {
                TypeInner::Struct { members, .. } => members
                    .iter()
                    .any(|m| m.binding.as_ref().is_none_or(binding_varies))
                    .then_some(origin)
                    .flatten(),
                _ => origin,
            },
        }
    }

    /// Whether `key` was analysed (a fragment entry point or a function it reaches).
    pub fn analysed(&self, key: FnId) -> bool {
        self.states.contains_key(&key)
    }

    /// The non-uniform control flow around the evaluation of `handle`, if any.
    pub fn control_at(&self, key: FnId, handle: Handle<Expression>) -> Option<&Control> {
        self.states
            .get(&key)?
            .control_at
            .get(handle.index())?
            .as_ref()
    }

    /// Whether the value of `handle` in `key` varies per pixel (after the analysis).
    pub fn value(&self, key: FnId, handle: Handle<Expression>) -> Option<Origin> {
        let mut walk = Walk::new(key, key.function(self.module));
        self.taint(&mut walk, handle)
    }

    /// A description of a per-pixel origin: "`vMask`, an interpolated input".
    pub fn describe(&self, origin: Origin) -> String {
        match origin {
            Origin::Global(g) => {
                let name = self.module.global_variables[g]
                    .name
                    .as_deref()
                    .unwrap_or("a global");
                match self.inputs.get(&g) {
                    Some(&(e, a)) => {
                        let arg = &self.module.entry_points[e].function.arguments[a as usize];
                        format!("`{name}`, {}", binding_words(arg.binding.as_ref()))
                    }
                    None => format!("`{name}`, a global assigned a per-pixel value"),
                }
            }
            Origin::EntryArgument(e, a) => {
                let arg = &self.module.entry_points[e].function.arguments[a as usize];
                let name = arg.name.as_deref().unwrap_or("an input");
                format!("`{name}`, {}", binding_words(arg.binding.as_ref()))
            }
            Origin::Other => "an atomic or subgroup result".to_string(),
        }
    }
}

/// Whether an input with this binding differs between the pixels of a quad.
fn binding_varies(binding: &Binding) -> bool {
    match binding {
        Binding::Location { interpolation, .. } => *interpolation != Some(Interpolation::Flat),
        Binding::BuiltIn(b) => !matches!(
            b,
            BuiltIn::FrontFacing
                | BuiltIn::PrimitiveIndex
                | BuiltIn::ViewIndex
                | BuiltIn::NumWorkGroups
                | BuiltIn::WorkGroupId
                | BuiltIn::WorkGroupSize
                | BuiltIn::BaseInstance
                | BuiltIn::BaseVertex
        ),
    }
}

fn binding_words(binding: Option<&Binding>) -> String {
    match binding {
        Some(Binding::Location { .. }) => "an interpolated input".to_string(),
        Some(Binding::BuiltIn(BuiltIn::Position { .. })) => "the pixel's position".to_string(),
        Some(Binding::BuiltIn(BuiltIn::SampleIndex)) => "the sample index".to_string(),
        Some(Binding::BuiltIn(BuiltIn::SampleMask)) => "the sample mask".to_string(),
        Some(Binding::BuiltIn(b)) => format!("a per-pixel builtin ({b:?})"),
        None => "an interpolated input".to_string(),
    }
}
