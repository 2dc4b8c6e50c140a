//! Analyses the flow rules share (LOOP001, DEAD001–003, UB001): the call graph, user-text
//! helpers (widening a builtin call's location, preprocessor-guarded uses), and a
//! uniformity (taint) analysis for fragment shaders.
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

use std::collections::HashMap;

use naga::{
    AddressSpace, Binding, Block, BuiltIn, Expression, Function, GlobalVariable, Handle,
    Interpolation, Module, ShaderStage, Span, Statement, TypeInner,
};

use crate::lint::ir;
use crate::lint::Context;
use crate::source::Loc;

/// A function of the module: a plain function or an entry point (by index).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FnKey {
    Function(Handle<Function>),
    Entry(usize),
}

impl FnKey {
    pub fn function(self, module: &Module) -> &Function {
        match self {
            FnKey::Function(h) => &module.functions[h],
            FnKey::Entry(i) => &module.entry_points[i].function,
        }
    }
}

/// The functions each function calls directly.
pub fn callees(function: &Function) -> Vec<Handle<Function>> {
    let mut out = Vec::new();
    ir::walk(&function.body, &mut Vec::new(), &mut |statement, _| {
        if let Statement::Call { function, .. } = statement {
            if !out.contains(function) {
                out.push(*function);
            }
        }
    });
    out
}

/// Functions reachable through `Call` from the entry points `roots` selects, by index of
/// `module.functions`.
pub fn reachable(module: &Module, roots: impl Fn(&naga::EntryPoint) -> bool) -> Vec<bool> {
    let mut seen = vec![false; module.functions.len()];
    let mut stack: Vec<Handle<Function>> = module
        .entry_points
        .iter()
        .filter(|ep| roots(ep))
        .flat_map(|ep| callees(&ep.function))
        .collect();
    while let Some(h) = stack.pop() {
        if std::mem::replace(&mut seen[h.index()], true) {
            continue;
        }
        stack.extend(callees(&module.functions[h]));
    }
    seen
}

/// Whether `name` appears as a whole word inside a preprocessor conditional (`#if`,
/// `#ifdef`, `#ifndef` … `#endif`) of any of the user's files: a use the preprocessor may
/// have removed, so "never used" cannot be claimed.
pub fn used_under_preprocessor_conditional(context: &Context, name: &str) -> bool {
    let files = &context.compilation.files;
    (0..files.len()).any(|id| {
        let mut depth = 0usize;
        for line in files.get(id).text.lines() {
            let trimmed = line.trim_start();
            if let Some(directive) = trimmed.strip_prefix('#') {
                let directive = directive.trim_start();
                if directive.starts_with("if") {
                    depth += 1;
                } else if directive.starts_with("endif") {
                    depth = depth.saturating_sub(1);
                }
                continue;
            }
            if depth > 0 && contains_word(line, name) {
                return true;
            }
        }
        false
    })
}

/// Whether `text` contains `word` delimited by non-identifier characters.
pub fn contains_word(text: &str, word: &str) -> bool {
    find_word(text, word).is_some()
}

/// The byte offset of the first whole-word `word` in `text`.
pub fn find_word(text: &str, word: &str) -> Option<usize> {
    if word.is_empty() {
        return None;
    }
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(at) = text[from..].find(word) {
        let start = from + at;
        let end = start + word.len();
        let before = start == 0 || !ident(bytes[start - 1]);
        let after = end == bytes.len() || !ident(bytes[end]);
        if before && after {
            return Some(start);
        }
        from = start + 1;
        while !text.is_char_boundary(from) {
            from += 1;
        }
    }
    None
}

/// The location of `name` in the declaration starting at `decl` (up to its `;`), or `decl`.
pub fn name_in_declaration(context: &Context, decl: Loc, name: &str) -> Loc {
    let text = &context.compilation.files.get(decl.file).text;
    let Some(rest) = text.get(decl.start as usize..) else {
        return decl;
    };
    let statement = &rest[..rest.find(';').unwrap_or(rest.len())];
    match find_word(statement, name) {
        Some(at) => {
            let start = decl.start as usize + at;
            Loc::new(decl.file, start..start + name.len())
        }
        None => decl,
    }
}

/// The location of the loose `uniform` declaring `name` in the user's files (the dialect
/// layer gathers loose uniforms into one generated block and records only its first one).
pub fn loose_uniform_loc(context: &Context, name: &str) -> Option<Loc> {
    let files = &context.compilation.files;
    for id in 0..files.len() {
        let text = &files.get(id).text;
        let mut from = 0;
        while let Some(at) = text[from..].find("uniform") {
            let start = from + at;
            from = start + "uniform".len();
            let statement_end = text[start..]
                .find([';', '{'])
                .map(|e| start + e)
                .unwrap_or(text.len());
            if text[statement_end..].starts_with('{') {
                continue;
            }
            let statement = &text[start..statement_end];
            if let Some(offset) = find_word(statement, name) {
                // `uniform` must start a declaration (not be part of a comment or a name).
                let line_start = text[..start].rfind('\n').map(|i| i + 1).unwrap_or(0);
                let prefix = text[line_start..start].trim();
                if !prefix.is_empty() && !prefix.ends_with(';') && !prefix.ends_with(')') {
                    continue;
                }
                let s = start + offset;
                return Some(Loc::new(id, s..s + name.len()));
            }
        }
    }
    None
}

// ---------------------------------------------------------------------------------------
// Uniformity

/// Where a per-pixel (non-uniform) value comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A private global holding a per-pixel value (an input the GLSL front stored there,
    /// or a global the shader assigned a per-pixel value).
    Global(Handle<GlobalVariable>),
    /// An argument of the fragment entry point (WGSL inputs).
    EntryArgument(usize, u32),
    /// An atomic, subgroup or ray-query result.
    Other,
}

/// What makes control flow non-uniform at a point.
#[derive(Clone, Debug, PartialEq)]
pub enum ControlKind {
    /// Inside an `if` on a per-pixel condition.
    If,
    /// Inside a `switch` on a per-pixel selector.
    Switch,
    /// Inside a loop some pixels leave early (a per-pixel `break`, `continue` or `return`,
    /// or a per-pixel trip count).
    LoopExit,
    /// After a per-pixel `return`.
    Return,
    /// After a `discard` some pixels take.
    Kill,
    /// In a function called from non-uniform control flow (`cause` in the caller).
    Caller { callee: Handle<Function> },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Control {
    pub kind: ControlKind,
    /// The function holding `span`.
    pub function: FnKey,
    /// The condition, selector, exit statement or call site.
    pub span: Span,
    /// The condition or selector expression, for `If`/`Switch`.
    pub expression: Option<Handle<Expression>>,
    pub origin: Origin,
    /// Why the caller was in non-uniform control flow (for `Caller`).
    pub cause: Option<Box<Control>>,
}

#[derive(Default)]
struct FnState {
    locals: Vec<Option<Origin>>,
    params: Vec<Option<Origin>>,
    returns: Option<Origin>,
    pointer_stores: Option<Origin>,
    kills: Option<Control>,
    entry_control: Option<Control>,
    loop_exits: Vec<Option<Control>>,
    /// Control at each emitted expression, by expression index.
    control_at: Vec<Option<Control>>,
}

/// The uniformity of every function reachable from the fragment entry points.
pub struct Uniformity<'a> {
    module: &'a Module,
    globals: Vec<Option<Origin>>,
    /// Private globals the entry point fills from an argument: (entry, argument).
    inputs: HashMap<Handle<GlobalVariable>, (usize, u32)>,
    states: HashMap<FnKey, FnState>,
    changed: bool,
}

/// The per-walk state of one function.
struct Walk {
    key: FnKey,
    /// Set after a per-pixel `return`/`discard`: the rest of the function is non-uniform.
    diverged: Option<Control>,
    /// Enclosing breakable statements: `Some(loop id, whether the loop was entered under
    /// uniform control)` for loops, `None` for switches.
    breakable: Vec<Option<(usize, bool)>>,
    next_loop: usize,
    memo: Vec<Option<Option<Origin>>>,
}

impl<'a> Uniformity<'a> {
    /// Analyse the fragment entry points of `module` and what they call.
    pub fn of(module: &'a Module) -> Self {
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
        let reach = reachable(module, |ep| ep.stage == ShaderStage::Fragment);
        let mut keys: Vec<FnKey> = entries.iter().map(|i| FnKey::Entry(*i)).collect();
        keys.extend(
            module
                .functions
                .iter()
                .filter(|(h, _)| reach[h.index()])
                .map(|(h, _)| FnKey::Function(h)),
        );
        for &key in &keys {
            let function = key.function(module);
            let mut state = FnState {
                locals: vec![None; function.local_variables.len()],
                params: vec![None; function.arguments.len()],
                control_at: vec![None; function.expressions.len()],
                ..Default::default()
            };
            if let FnKey::Entry(e) = key {
                for (i, argument) in function.arguments.iter().enumerate() {
                    state.params[i] = u.argument_origin(e, i as u32, argument);
                }
                ir::walk(&function.body, &mut Vec::new(), &mut |statement, _| {
                    if let Statement::Store { pointer, value } = statement {
                        if let (Some(g), Expression::FunctionArgument(a)) = (
                            ir::root_global(function, *pointer),
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
    pub fn analysed(&self, key: FnKey) -> bool {
        self.states.contains_key(&key)
    }

    /// The non-uniform control flow around the evaluation of `handle`, if any.
    pub fn control_at(&self, key: FnKey, handle: Handle<Expression>) -> Option<&Control> {
        self.states
            .get(&key)?
            .control_at
            .get(handle.index())?
            .as_ref()
    }

    /// Whether the value of `handle` in `key` varies per pixel (after the analysis).
    pub fn value(&self, key: FnKey, handle: Handle<Expression>) -> Option<Origin> {
        let mut walk = Walk {
            key,
            diverged: None,
            breakable: Vec::new(),
            next_loop: 0,
            memo: vec![None; key.function(self.module).expressions.len()],
        };
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

    fn state(&mut self, key: FnKey) -> &mut FnState {
        self.states.get_mut(&key).expect("analysed function")
    }

    fn walk_function(&mut self, key: FnKey) {
        let function = key.function(self.module);
        let mut walk = Walk {
            key,
            diverged: None,
            breakable: Vec::new(),
            next_loop: 0,
            memo: vec![None; function.expressions.len()],
        };
        let entry = self.states[&key].entry_control.clone();
        self.walk_block(&mut walk, function, &function.body, entry);
    }

    fn set<T: Clone>(changed: &mut bool, slot: &mut Option<T>, value: Option<T>) {
        if slot.is_none() && value.is_some() {
            *slot = value;
            *changed = true;
        }
    }

    fn walk_block(
        &mut self,
        walk: &mut Walk,
        function: &Function,
        block: &Block,
        control: Option<Control>,
    ) {
        for (statement, span) in block.span_iter() {
            let here = control.clone().or_else(|| walk.diverged.clone());
            self.walk_statement(walk, function, statement, *span, here);
        }
    }

    fn mark_loop_exits(&mut self, walk: &Walk, control: &Control, through_switch: bool) {
        // Every enclosing loop entered under uniform control now has a per-pixel exit (for
        // `break`/`continue` only the innermost one).
        let key = walk.key;
        let mut changed = false;
        for entry in walk.breakable.iter().rev() {
            match entry {
                None if through_switch => continue,
                None => return,
                Some((id, entered_uniform)) => {
                    if *entered_uniform {
                        let state = self.states.get_mut(&key).expect("state");
                        if state.loop_exits.len() <= *id {
                            state.loop_exits.resize(*id + 1, None);
                        }
                        let exit = Control {
                            kind: ControlKind::LoopExit,
                            ..control.clone()
                        };
                        Self::set(&mut changed, &mut state.loop_exits[*id], Some(exit));
                    }
                    if !through_switch {
                        break;
                    }
                }
            }
        }
        self.changed |= changed;
    }

    fn walk_statement(
        &mut self,
        walk: &mut Walk,
        function: &Function,
        statement: &Statement,
        span: Span,
        control: Option<Control>,
    ) {
        let key = walk.key;
        let control_origin = control.as_ref().map(|c| c.origin);
        match statement {
            Statement::Emit(range) => {
                for handle in range.clone() {
                    let _ = self.taint(walk, handle);
                    let mut changed = false;
                    let state = self.state(key);
                    if let Some(slot) = state.control_at.get_mut(handle.index()) {
                        Self::set(&mut changed, slot, control.clone());
                    }
                    self.changed |= changed;
                }
            }
            Statement::Block(inner) => self.walk_block(walk, function, inner, control),
            Statement::If {
                condition,
                accept,
                reject,
            } => {
                let inner = control.clone().or_else(|| {
                    self.taint(walk, *condition).map(|origin| Control {
                        kind: ControlKind::If,
                        function: key,
                        span: function.expressions.get_span(*condition),
                        expression: Some(*condition),
                        origin,
                        cause: None,
                    })
                });
                self.walk_block(walk, function, accept, inner.clone());
                self.walk_block(walk, function, reject, inner);
            }
            Statement::Switch { selector, cases } => {
                let inner = control.clone().or_else(|| {
                    self.taint(walk, *selector).map(|origin| Control {
                        kind: ControlKind::Switch,
                        function: key,
                        span: function.expressions.get_span(*selector),
                        expression: Some(*selector),
                        origin,
                        cause: None,
                    })
                });
                walk.breakable.push(None);
                for case in cases {
                    self.walk_block(walk, function, &case.body, inner.clone());
                }
                walk.breakable.pop();
            }
            Statement::Loop {
                body,
                continuing,
                break_if,
            } => {
                let id = walk.next_loop;
                walk.next_loop += 1;
                let exit = self.states[&key].loop_exits.get(id).cloned().flatten();
                let inner = control.clone().or(exit);
                walk.breakable.push(Some((id, control.is_none())));
                self.walk_block(walk, function, body, inner.clone());
                self.walk_block(walk, function, continuing, inner.clone());
                if let Some(condition) = break_if {
                    if let Some(origin) = self.taint(walk, *condition) {
                        let exit = Control {
                            kind: ControlKind::LoopExit,
                            function: key,
                            span: function.expressions.get_span(*condition),
                            expression: Some(*condition),
                            origin,
                            cause: None,
                        };
                        self.mark_loop_exits(walk, &exit, false);
                    }
                }
                walk.breakable.pop();
            }
            Statement::Break | Statement::Continue => {
                if let Some(c) = &control {
                    let through_switch = matches!(statement, Statement::Continue);
                    let exit = Control { span, ..c.clone() };
                    self.mark_loop_exits(walk, &exit, through_switch);
                }
            }
            Statement::Return { value } => {
                if let Some(value) = value {
                    let t = self.taint(walk, *value).or(control_origin);
                    let mut changed = false;
                    Self::set(&mut changed, &mut self.state(key).returns, t);
                    self.changed |= changed;
                }
                if let Some(c) = &control {
                    let exit = Control {
                        kind: ControlKind::Return,
                        span,
                        ..c.clone()
                    };
                    self.mark_all_loop_exits(walk, &exit);
                    walk.diverged.get_or_insert(exit);
                }
            }
            Statement::Kill => {
                if let Some(c) = &control {
                    let exit = Control {
                        kind: ControlKind::Kill,
                        span,
                        function: key,
                        expression: None,
                        origin: c.origin,
                        cause: None,
                    };
                    self.mark_all_loop_exits(walk, &exit);
                    let mut changed = false;
                    Self::set(&mut changed, &mut self.state(key).kills, Some(exit.clone()));
                    self.changed |= changed;
                    walk.diverged.get_or_insert(exit);
                }
            }
            Statement::Store { pointer, value } => {
                let t = self
                    .taint(walk, *value)
                    .or_else(|| self.pointer_index_taint(walk, function, *pointer))
                    .or(control_origin);
                self.store_to(walk, function, *pointer, t);
            }
            Statement::Call {
                function: callee,
                arguments,
                result: _,
            } => {
                let callee_fn = &self.module.functions[*callee];
                let callee_key = FnKey::Function(*callee);
                let mut arg_taints = Vec::new();
                for (i, argument) in arguments.iter().enumerate() {
                    let pointer = callee_fn.arguments.get(i).is_some_and(|a| {
                        matches!(self.module.types[a.ty].inner, TypeInner::Pointer { .. })
                    });
                    let t = if pointer {
                        self.pointee_taint(walk, function, *argument)
                    } else {
                        self.taint(walk, *argument)
                    };
                    arg_taints.push((t, pointer));
                }
                if !self.states.contains_key(&callee_key) {
                    return;
                }
                let mut changed = false;
                {
                    let state = self.state(callee_key);
                    for (i, (t, _)) in arg_taints.iter().enumerate() {
                        if let Some(slot) = state.params.get_mut(i) {
                            Self::set(&mut changed, slot, *t);
                        }
                    }
                    let entry = control.as_ref().map(|c| Control {
                        kind: ControlKind::Caller { callee: *callee },
                        function: key,
                        span,
                        expression: None,
                        origin: c.origin,
                        cause: Some(Box::new(c.clone())),
                    });
                    Self::set(&mut changed, &mut state.entry_control, entry);
                }
                self.changed |= changed;
                let callee_state = &self.states[&callee_key];
                let pointer_taint = callee_state.pointer_stores.or(control_origin);
                let kills = callee_state.kills.clone();
                for (argument, (_, pointer)) in arguments.iter().zip(&arg_taints) {
                    if *pointer {
                        self.store_to(walk, function, *argument, pointer_taint);
                    }
                }
                if let Some(kill) = kills {
                    let exit = Control {
                        kind: ControlKind::Kill,
                        function: key,
                        span,
                        expression: None,
                        origin: kill.origin,
                        cause: Some(Box::new(kill)),
                    };
                    self.mark_all_loop_exits(walk, &exit);
                    walk.diverged.get_or_insert(exit);
                }
            }
            Statement::Atomic { pointer, .. } => {
                self.store_to(walk, function, *pointer, Some(Origin::Other));
            }
            _ => {}
        }
    }

    fn mark_all_loop_exits(&mut self, walk: &Walk, exit: &Control) {
        let key = walk.key;
        let mut changed = false;
        let state = self.states.get_mut(&key).expect("state");
        for (id, entered_uniform) in walk.breakable.iter().flatten() {
            if *entered_uniform {
                if state.loop_exits.len() <= *id {
                    state.loop_exits.resize(*id + 1, None);
                }
                let e = Control {
                    kind: ControlKind::LoopExit,
                    ..exit.clone()
                };
                Self::set(&mut changed, &mut state.loop_exits[*id], Some(e));
            }
        }
        self.changed |= changed;
    }

    fn store_to(
        &mut self,
        walk: &mut Walk,
        function: &Function,
        pointer: Handle<Expression>,
        taint: Option<Origin>,
    ) {
        if taint.is_none() {
            return;
        }
        let key = walk.key;
        let mut changed = false;
        match pointer_root(function, pointer) {
            Some(Root::Local(l)) => {
                let state = self.state(key);
                if let Some(slot) = state.locals.get_mut(l.index()) {
                    Self::set(&mut changed, slot, taint);
                }
            }
            Some(Root::Global(g)) => {
                if let Some(slot) = self.globals.get_mut(g.index()) {
                    Self::set(&mut changed, slot, taint.map(|_| Origin::Global(g)));
                }
            }
            Some(Root::Argument(_)) => {
                let state = self.state(key);
                Self::set(&mut changed, &mut state.pointer_stores, taint);
            }
            None => {}
        }
        self.changed |= changed;
        // Memoised loads of what just changed are stale; the next pass sees the change.
    }

    /// The taint of the value a pointer points at (a load, or a pointer argument): index
    /// taints along the pointer chain, then the root's.
    fn pointee_taint(
        &self,
        walk: &mut Walk,
        function: &Function,
        pointer: Handle<Expression>,
    ) -> Option<Origin> {
        self.pointer_index_taint(walk, function, pointer)
            .or_else(|| self.root_taint(walk, function, pointer))
    }

    fn root_taint(
        &self,
        walk: &Walk,
        function: &Function,
        pointer: Handle<Expression>,
    ) -> Option<Origin> {
        let state = &self.states[&walk.key];
        match pointer_root(function, pointer)? {
            Root::Local(l) => state.locals.get(l.index()).copied().flatten(),
            Root::Argument(a) => state.params.get(a as usize).copied().flatten(),
            Root::Global(g) => match self.module.global_variables[g].space {
                AddressSpace::Private | AddressSpace::WorkGroup => {
                    if self.globals[g.index()].is_some() {
                        Some(Origin::Global(g))
                    } else {
                        None
                    }
                }
                _ => None,
            },
        }
    }

    fn pointer_index_taint(
        &self,
        walk: &mut Walk,
        function: &Function,
        mut pointer: Handle<Expression>,
    ) -> Option<Origin> {
        for _ in 0..64 {
            match function.expressions[pointer] {
                Expression::Access { base, index } => {
                    if let Some(t) = self.taint(walk, index) {
                        return Some(t);
                    }
                    pointer = base;
                }
                Expression::AccessIndex { base, .. } => pointer = base,
                _ => return None,
            }
        }
        None
    }

    fn taint(&self, walk: &mut Walk, handle: Handle<Expression>) -> Option<Origin> {
        if let Some(Some(known)) = walk.memo.get(handle.index()) {
            return *known;
        }
        let t = self.taint_uncached(walk, handle);
        if let Some(slot) = walk.memo.get_mut(handle.index()) {
            *slot = Some(t);
        }
        t
    }

    fn taint_uncached(&self, walk: &mut Walk, handle: Handle<Expression>) -> Option<Origin> {
        let function = walk.key.function(self.module);
        let state = &self.states[&walk.key];
        match function.expressions[handle] {
            Expression::FunctionArgument(i) => state.params.get(i as usize).copied().flatten(),
            Expression::Load { pointer } => self.pointee_taint(walk, function, pointer),
            Expression::CallResult(callee) => self
                .states
                .get(&FnKey::Function(callee))
                .and_then(|s| s.returns),
            Expression::AtomicResult { .. }
            | Expression::SubgroupBallotResult
            | Expression::SubgroupOperationResult { .. }
            | Expression::RayQueryProceedResult => Some(Origin::Other),
            Expression::WorkGroupUniformLoadResult { .. } => None,
            ref e => {
                for operand in ir::operands(e) {
                    if let Some(t) = self.taint(walk, operand) {
                        return Some(t);
                    }
                }
                None
            }
        }
    }
}

enum Root {
    Local(Handle<naga::LocalVariable>),
    Global(Handle<GlobalVariable>),
    Argument(u32),
}

fn pointer_root(function: &Function, mut pointer: Handle<Expression>) -> Option<Root> {
    for _ in 0..64 {
        match function.expressions[pointer] {
            Expression::LocalVariable(v) => return Some(Root::Local(v)),
            Expression::GlobalVariable(g) => return Some(Root::Global(g)),
            Expression::FunctionArgument(a) => return Some(Root::Argument(a)),
            Expression::Access { base, .. } | Expression::AccessIndex { base, .. } => {
                pointer = base
            }
            _ => return None,
        }
    }
    None
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

/// One-based line of a location, with the file's name when it is not the shader itself.
pub fn line_words(context: &Context, loc: Loc) -> String {
    let file = context.compilation.files.get(loc.file);
    let line = file.line_col(loc.start as usize).0;
    if loc.file == context.compilation.root {
        format!("line {line}")
    } else {
        format!("{}:{line}", file.name)
    }
}
