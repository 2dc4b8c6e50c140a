//! What each loop of a function writes, and where each expression inside a loop is
//! evaluated: whether a value read in a loop can change from one iteration to the next
//! (LOOP001).
//!
//! Loop ids are the walk order [`Placement`](crate::lint::analysis::placement::Placement)
//! numbers loops in. A call inside a loop writes what the callee writes
//! ([`CallGraph::global_writes`](crate::lint::analysis::calls::CallGraph::global_writes)).

use std::collections::{HashMap, HashSet};

use naga::{Block, Expression, Function, GlobalVariable, Handle, LocalVariable, Statement};

/// How a path step enters the statement at its index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// The statement itself.
    Leaf,
    /// Inside a `Block` statement (always runs).
    Block,
    /// Inside a branch, case, or a nested loop's body.
    Nested(u32),
}

/// Where a statement is: per nesting level, its index in the block and how the block is entered.
pub type Path = Vec<(usize, Step)>;

/// Whether the statement at `s` runs before the one at `e` on every path through one
/// iteration that reaches `e`.
pub fn dominates(s: &Path, e: &Path) -> bool {
    let Some(l) = s.iter().zip(e).position(|(a, b)| a != b) else {
        return false;
    };
    s[l].0 < e[l].0
        && s[l..]
            .iter()
            .all(|(_, step)| matches!(step, Step::Leaf | Step::Block))
}

/// What one loop writes (its body, its continuing block and the functions they call).
#[derive(Default)]
pub struct LoopInfo {
    /// Whole stores to locals inside the loop: where, and the value.
    pub whole: HashMap<Handle<LocalVariable>, Vec<(Path, Handle<Expression>)>>,
    /// Locals written through a part, by an atomic, or handed to a call by pointer.
    pub partial: HashSet<Handle<LocalVariable>>,
    /// Private or workgroup globals written inside the loop (also by called functions).
    pub globals: HashSet<Handle<GlobalVariable>>,
    /// Something written through a pointer argument of the function.
    pub arguments_written: bool,
}

struct Collect<'a> {
    function: &'a Function,
    writes: &'a [HashSet<Handle<GlobalVariable>>],
    loops: Vec<LoopInfo>,
    /// Enclosing loops, innermost last.
    stack: Vec<usize>,
    /// By expression: innermost loop, whether under a branch inside it, and the emit's path.
    emits: HashMap<Handle<Expression>, (usize, bool, Path)>,
    /// Per loop on the stack: branches entered since the loop.
    branch_depth: Vec<usize>,
}

enum Written {
    Local(Handle<LocalVariable>, bool),
    Global(Handle<GlobalVariable>),
    Argument,
}

impl Collect<'_> {
    fn written(&self, pointer: Handle<Expression>) -> Option<Written> {
        let mut p = pointer;
        let mut whole = true;
        for _ in 0..64 {
            match self.function.expressions[p] {
                Expression::LocalVariable(v) => return Some(Written::Local(v, whole)),
                Expression::GlobalVariable(g) => return Some(Written::Global(g)),
                Expression::FunctionArgument(_) => return Some(Written::Argument),
                Expression::Access { base, .. } | Expression::AccessIndex { base, .. } => {
                    whole = false;
                    p = base;
                }
                _ => return None,
            }
        }
        None
    }

    fn record_write(
        &mut self,
        pointer: Handle<Expression>,
        value: Option<Handle<Expression>>,
        path: &Path,
    ) {
        let written = self.written(pointer);
        for &id in &self.stack {
            let info = &mut self.loops[id];
            match written {
                Some(Written::Local(v, true)) if value.is_some() => info
                    .whole
                    .entry(v)
                    .or_default()
                    .push((path.clone(), value.unwrap_or(pointer))),
                Some(Written::Local(v, _)) => {
                    info.partial.insert(v);
                }
                Some(Written::Global(g)) => {
                    info.globals.insert(g);
                }
                Some(Written::Argument) => info.arguments_written = true,
                None => {}
            }
        }
    }

    fn block(&mut self, block: &Block, prefix: &Path) {
        for (i, statement) in block.iter().enumerate() {
            let mut path = prefix.clone();
            path.push((i, Step::Leaf));
            let nested = |n: u32| {
                let mut p = prefix.clone();
                p.push((i, Step::Nested(n)));
                p
            };
            match statement {
                Statement::Emit(range) => {
                    if let Some(&id) = self.stack.last() {
                        let branched = self.branch_depth.last().copied().unwrap_or(0) > 0;
                        for handle in range.clone() {
                            self.emits.insert(handle, (id, branched, path.clone()));
                        }
                    }
                }
                Statement::Block(inner) => {
                    let mut p = prefix.clone();
                    p.push((i, Step::Block));
                    self.block(inner, &p);
                }
                Statement::If { accept, reject, .. } => {
                    self.enter_branch();
                    self.block(accept, &nested(0));
                    self.block(reject, &nested(1));
                    self.leave_branch();
                }
                Statement::Switch { cases, .. } => {
                    self.enter_branch();
                    for (n, case) in cases.iter().enumerate() {
                        self.block(&case.body, &nested(n as u32));
                    }
                    self.leave_branch();
                }
                Statement::Loop {
                    body, continuing, ..
                } => {
                    let id = self.loops.len();
                    self.loops.push(LoopInfo::default());
                    self.stack.push(id);
                    self.branch_depth.push(0);
                    // The body and the continuing block of the new loop: statement 0 and 1
                    // of a pseudo block, so that a store in the body does not count as
                    // running before the continuing block (a `continue` skips it).
                    let mut p = nested(0);
                    p.push((0, Step::Nested(0)));
                    self.block(body, &p);
                    let mut p = nested(0);
                    p.push((1, Step::Nested(1)));
                    self.block(continuing, &p);
                    self.branch_depth.pop();
                    self.stack.pop();
                }
                Statement::Store { pointer, value } => {
                    self.record_write(*pointer, Some(*value), &path)
                }
                Statement::Atomic { pointer, .. } => self.record_write(*pointer, None, &path),
                Statement::ImageAtomic { .. } | Statement::ImageStore { .. } => {}
                Statement::Call {
                    function: callee,
                    arguments,
                    ..
                } => {
                    for argument in arguments {
                        if matches!(
                            self.function.expressions[*argument],
                            Expression::LocalVariable(_)
                                | Expression::GlobalVariable(_)
                                | Expression::Access { .. }
                                | Expression::AccessIndex { .. }
                                | Expression::FunctionArgument(_)
                        ) && self.written(*argument).is_some()
                        {
                            self.record_write(*argument, None, &path);
                        }
                    }
                    let globals = self.writes.get(callee.index()).cloned().unwrap_or_default();
                    for &id in &self.stack {
                        self.loops[id].globals.extend(globals.iter().copied());
                    }
                }
                _ => {}
            }
        }
    }

    fn enter_branch(&mut self) {
        if let Some(d) = self.branch_depth.last_mut() {
            *d += 1;
        }
    }

    fn leave_branch(&mut self) {
        if let Some(d) = self.branch_depth.last_mut() {
            *d -= 1;
        }
    }
}

/// Where an expression inside a loop is evaluated: its innermost loop, whether under a
/// branch inside that loop, and the path of its `Emit`.
pub type Emitted = (usize, bool, Path);

/// The writes of every loop of one function, and where each expression in a loop is emitted.
pub struct LoopWrites {
    /// By loop id.
    pub loops: Vec<LoopInfo>,
    pub emits: HashMap<Handle<Expression>, Emitted>,
}

impl LoopWrites {
    /// `writes`: the globals each function of the module writes, by function index.
    pub fn of(function: &Function, writes: &[HashSet<Handle<GlobalVariable>>]) -> Self {
        let mut collect = Collect {
            function,
            writes,
            loops: Vec::new(),
            stack: Vec::new(),
            emits: HashMap::new(),
            branch_depth: Vec::new(),
        };
        collect.block(&function.body, &Vec::new());
        LoopWrites {
            loops: collect.loops,
            emits: collect.emits,
        }
    }
}
