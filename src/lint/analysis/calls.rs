//! Who calls whom: the module's call graph, built once, and what it answers: the call sites
//! of a function (an index is often computed in the caller and used in a callee), the
//! functions an entry point reaches, the functions without side effects, and the globals a
//! function writes through the functions it calls.
//!
//! Shaders have no recursion (naga's validator rejects it), so every fixpoint here settles in
//! as many rounds as there are functions.

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};

use naga::{EntryPoint, Expression, Function, GlobalVariable, Handle, Module, Statement};

use crate::lint::analysis::fn_id::FnId;
use crate::lint::analysis::locals::{root_global, root_local};
use crate::lint::analysis::placement::walk;

/// One call: the calling function and the arguments.
#[derive(Clone, Debug)]
pub struct CallSite {
    pub caller: FnId,
    pub arguments: Vec<Handle<Expression>>,
}

type Globals = HashSet<Handle<GlobalVariable>>;

/// The call graph of one module, and the analyses over it (each computed on first use).
pub struct CallGraph<'a> {
    module: &'a Module,
    /// By [`FnId::index`]: the functions each function calls, each once, in statement order.
    callees: Vec<Vec<Handle<Function>>>,
    /// By callee: every call, callers in [`FnId`] order, calls in statement order.
    sites: HashMap<Handle<Function>, Vec<CallSite>>,
    reachable: OnceCell<Vec<bool>>,
    pure: OnceCell<Vec<bool>>,
    global_writes: OnceCell<Vec<Globals>>,
}

impl<'a> CallGraph<'a> {
    pub fn of(module: &'a Module) -> Self {
        let mut callees = Vec::new();
        let mut sites: HashMap<_, Vec<_>> = HashMap::new();
        for id in FnId::all(module) {
            let mut called = Vec::new();
            walk(
                &id.function(module).body,
                &mut Vec::new(),
                &mut |statement, _| {
                    if let Statement::Call {
                        function,
                        arguments,
                        ..
                    } = statement
                    {
                        if !called.contains(function) {
                            called.push(*function);
                        }
                        sites.entry(*function).or_default().push(CallSite {
                            caller: id,
                            arguments: arguments.clone(),
                        });
                    }
                },
            );
            callees.push(called);
        }
        CallGraph {
            module,
            callees,
            sites,
            reachable: OnceCell::new(),
            pure: OnceCell::new(),
            global_writes: OnceCell::new(),
        }
    }

    /// The functions `id` calls directly.
    pub fn callees(&self, id: FnId) -> &[Handle<Function>] {
        &self.callees[id.index(self.module.functions.len())]
    }

    /// The call sites of `id` (none for entry points).
    pub fn sites_of(&self, id: FnId) -> &[CallSite] {
        match id {
            FnId::Function(handle) => self.sites.get(&handle).map(Vec::as_slice).unwrap_or(&[]),
            FnId::EntryPoint(_) => &[],
        }
    }

    /// Functions reachable through calls from the entry points `roots` selects, by index of
    /// `module.functions`.
    pub fn reachable_from(&self, roots: impl Fn(&EntryPoint) -> bool) -> Vec<bool> {
        let module = self.module;
        let mut seen = vec![false; module.functions.len()];
        let mut stack: Vec<Handle<Function>> = module
            .entry_points
            .iter()
            .enumerate()
            .filter(|(_, ep)| roots(ep))
            .flat_map(|(i, _)| self.callees(FnId::EntryPoint(i)).iter().copied())
            .collect();
        while let Some(h) = stack.pop() {
            if std::mem::replace(&mut seen[h.index()], true) {
                continue;
            }
            stack.extend(self.callees(FnId::Function(h)));
        }
        seen
    }

    /// Whether some entry point reaches `id` (entry points reach themselves).
    pub fn reached(&self, id: FnId) -> bool {
        match id {
            FnId::Function(handle) => {
                self.reachable.get_or_init(|| self.reachable_from(|_| true))[handle.index()]
            }
            FnId::EntryPoint(_) => true,
        }
    }

    /// Whether the function has no side effects: it only writes its own locals and calls
    /// functions without side effects.
    pub fn is_pure(&self, function: Handle<Function>) -> bool {
        self.pure
            .get_or_init(|| pure_functions(self.module))
            .get(function.index())
            .copied()
            .unwrap_or(false)
    }

    /// By index of `module.functions`: the globals each function writes (stores, atomics,
    /// pointers handed to calls), directly or through the functions it calls.
    pub fn global_writes(&self) -> &[Globals] {
        self.global_writes.get_or_init(|| {
            let callees = &self.callees[..self.module.functions.len()];
            global_writes(self.module, callees)
        })
    }
}

/// Functions without side effects: they only write their own locals and call functions
/// without side effects.
fn pure_functions(module: &Module) -> Vec<bool> {
    let mut pure = vec![false; module.functions.len()];
    // No recursion in shaders: settle in as many rounds as there are functions.
    for _ in 0..=module.functions.len() {
        let mut changed = false;
        for (h, f) in module.functions.iter() {
            if pure[h.index()] {
                continue;
            }
            if is_pure(module, f, &pure) {
                pure[h.index()] = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    pure
}

fn is_pure(module: &Module, f: &Function, pure: &[bool]) -> bool {
    if f.arguments
        .iter()
        .any(|a| matches!(module.types[a.ty].inner, naga::TypeInner::Pointer { .. }))
    {
        return false;
    }
    let mut ok = true;
    walk(
        &f.body,
        &mut Vec::new(),
        &mut |statement, _| match statement {
            Statement::Emit(_)
            | Statement::Block(_)
            | Statement::If { .. }
            | Statement::Switch { .. }
            | Statement::Loop { .. }
            | Statement::Break
            | Statement::Continue
            | Statement::Return { .. } => {}
            Statement::Store { pointer, .. } => ok &= root_local(f, *pointer).is_some(),
            Statement::Call { function, .. } => {
                ok &= pure.get(function.index()).copied().unwrap_or(false)
            }
            _ => ok = false,
        },
    );
    ok
}

/// Globals each function of the module writes, directly or through the functions it calls.
fn global_writes(module: &Module, callees: &[Vec<Handle<Function>>]) -> Vec<Globals> {
    let direct: Vec<(Globals, &[Handle<Function>])> = module
        .functions
        .iter()
        .map(|(h, f)| {
            let mut set = HashSet::new();
            walk(&f.body, &mut Vec::new(), &mut |statement, _| {
                let pointer = match statement {
                    Statement::Store { pointer, .. } | Statement::Atomic { pointer, .. } => {
                        Some(*pointer)
                    }
                    _ => None,
                };
                if let Some(g) = pointer.and_then(|p| root_global(f, p)) {
                    set.insert(g);
                }
                if let Statement::Call { arguments, .. } = statement {
                    for a in arguments {
                        if let Some(g) = root_global(f, *a) {
                            set.insert(g);
                        }
                    }
                }
            });
            (set, callees[h.index()].as_slice())
        })
        .collect();
    let mut all: Vec<Globals> = direct.iter().map(|(s, _)| s.clone()).collect();
    // Shaders have no recursion; iterate to a fixpoint, bounded by the number of functions.
    for _ in 0..=module.functions.len() {
        let mut changed = false;
        for (i, (_, calls)) in direct.iter().enumerate() {
            for callee in *calls {
                let add: Vec<_> = all[callee.index()].iter().copied().collect();
                for g in add {
                    changed |= all[i].insert(g);
                }
            }
        }
        if !changed {
            break;
        }
    }
    all
}
