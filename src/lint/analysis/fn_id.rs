//! [`FnId`]: which function of the module, a plain function or an entry point. The one
//! identity of a function in `lint`: views, call sites and analyses are keyed by it.

use naga::{EntryPoint, Function, Handle, Module};

/// A function of the module. Ordered as the rule context lists its views: plain functions in
/// arena order, then entry points in module order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FnId {
    Function(Handle<Function>),
    EntryPoint(usize),
}

impl FnId {
    /// Every function of `module`, in view order.
    pub fn all(module: &Module) -> impl Iterator<Item = FnId> + '_ {
        module
            .functions
            .iter()
            .map(|(handle, _)| FnId::Function(handle))
            .chain((0..module.entry_points.len()).map(FnId::EntryPoint))
    }

    pub fn function(self, module: &Module) -> &Function {
        match self {
            FnId::Function(handle) => &module.functions[handle],
            FnId::EntryPoint(index) => &module.entry_points[index].function,
        }
    }

    pub fn entry_point(self, module: &Module) -> Option<&EntryPoint> {
        match self {
            FnId::Function(_) => None,
            FnId::EntryPoint(index) => module.entry_points.get(index),
        }
    }

    /// The position of this function's view in a list of `functions` plain functions followed
    /// by the entry points.
    pub fn index(self, functions: usize) -> usize {
        match self {
            FnId::Function(handle) => handle.index(),
            FnId::EntryPoint(index) => functions + index,
        }
    }
}
