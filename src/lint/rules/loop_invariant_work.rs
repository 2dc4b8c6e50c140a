//! `loop-invariant-work`: work inside a loop that computes the same value on every iteration.

use std::collections::HashMap;

use naga::{
    AddressSpace, BinaryOperator, Expression, Function, Handle, ImageClass, MathFunction, Module,
    SampleLevel, ScalarKind, StorageAccess, TypeInner,
};

use crate::lint::analysis::locals::{root_global, root_local};
use crate::lint::analysis::loop_writes::{dominates, Emitted, LoopInfo, LoopWrites};
use crate::lint::analysis::values::{operands, scalar_kind, subtree};
use crate::lint::analysis::FunctionView;
use crate::lint::declare::declare_rule;
use crate::lint::{Applicability, Context, Fix, Violation};

declare_rule! {
    /// ## What it does
    /// Finds expressions inside a loop whose value is the same on every iteration, because they
    /// read only literals, constants, uniforms, textures, push constants, inputs and variables
    /// the loop does not change, and that do real work: `normalize`, `length`, `pow`, `sqrt`,
    /// `inversesqrt`, `exp`, `log`, trigonometry, `inverse`, a division or modulo, or a numeric
    /// conversion with arithmetic on it (`float(uSteps) * 2.0`; a lone `float(i)` is one
    /// instruction and is not reported). It reports the largest such expression (not each of its
    /// parts) once, where it is written.
    ///
    /// It does not report invariant work under an `if` inside the loop (hoisting it would compute
    /// it even when the branch is not taken), implicit-derivative samples and `dFdx`/`fwidth`
    /// (moving them changes the control flow they run in: see UB001), expressions on the loop
    /// counter or on variables the loop assigns, and a lone variable read or swizzle.
    ///
    /// ## Why is this bad?
    /// The loop recomputes the value on every trip, and neither `spirv-opt -O` nor the driver
    /// moved it out in the measured shaders. Measured 2026-11-23 (Mesa 22.3.6 RADV null devices)
    /// on a parallax-occlusion march with `uSteps` a uniform, hoisting `normalize(vViewTS)`,
    /// `1.0 / float(uSteps)` and the step vector above the loop lowers the loop body from 47 to 25
    /// instructions per iteration on vega10 (48 → 24 on gfx1100) and the optimized SPIR-V on the
    /// loop's lines from 39 to 26. Whole-shader static counts barely move (vega10 70 → 68, gfx1100
    /// 76 → 74; optimized SPIR-V unchanged) because the work moves rather than disappears: the
    /// saving is per iteration.
    ///
    /// ## Example
    /// ```glsl
    /// for (int i = 0; i < uSteps; ++i) {
    ///     vec3 v = normalize(vViewTS);
    ///     float stepSize = 1.0 / float(uSteps);
    ///     vec2 delta = v.xy / v.z * uDepthScale * stepSize;
    ///     if (textureLod(uHeight, uv, 0.0).r < layer) break;
    ///     uv -= delta;
    ///     layer += stepSize;
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```glsl
    /// vec3 v = normalize(vViewTS);
    /// float stepSize = 1.0 / float(uSteps);
    /// vec2 delta = v.xy / v.z * uDepthScale * stepSize;
    /// for (int i = 0; i < uSteps; ++i) {
    ///     if (textureLod(uHeight, uv, 0.0).r < layer) break;
    ///     uv -= delta;
    ///     layer += stepSize;
    /// }
    /// ```
    ///
    /// ## Fix safety
    /// The fix is shown, not applied (it moves declarations). Hoisting is safe: the expressions
    /// are pure and computed in the same order, so the results are bit-identical, and when the
    /// loop runs zero times the hoisted values are simply unused (the shader then does the work
    /// once for nothing).
    pub(crate) RULE = "loop-invariant-work",
    category: Cost, default: on Warning, fix: DisplayOnly, since: "0.1.0",
    summary: "work inside a loop that computes the same value on every iteration",
    fix_note: "hoist",
    measured: "parallax march: loop lines 39 → 26; whole shader 77 → 75 / 83 → 80",
    check: check,
}

struct Invariance<'a> {
    module: &'a Module,
    function: &'a Function,
    info: &'a LoopInfo,
    loop_id: usize,
    emits: &'a HashMap<Handle<Expression>, Emitted>,
    memo: Vec<Option<bool>>,
}

impl Invariance<'_> {
    fn invariant(&mut self, handle: Handle<Expression>) -> bool {
        match self.memo[handle.index()] {
            Some(known) => return known,
            None => self.memo[handle.index()] = Some(false), // a cycle is not invariant
        }
        let result = self.compute(handle);
        self.memo[handle.index()] = Some(result);
        result
    }

    fn compute(&mut self, handle: Handle<Expression>) -> bool {
        use Expression as E;
        match self.function.expressions[handle] {
            E::Literal(_)
            | E::Constant(_)
            | E::Override(_)
            | E::ZeroValue(_)
            | E::GlobalVariable(_)
            | E::LocalVariable(_)
            | E::FunctionArgument(_)
            | E::ArrayLength(_) => true,
            E::Load { pointer } => self.load_invariant(handle, pointer),
            E::ImageSample {
                level: SampleLevel::Auto | SampleLevel::Bias(_),
                ..
            }
            | E::Derivative { .. } => false,
            E::ImageLoad { image, .. } => {
                !self.writable_image(image) && self.operands_invariant(handle)
            }
            E::ImageSample { .. }
            | E::ImageQuery { .. }
            | E::Binary { .. }
            | E::Unary { .. }
            | E::Math { .. }
            | E::As { .. }
            | E::Select { .. }
            | E::Relational { .. }
            | E::Swizzle { .. }
            | E::Splat { .. }
            | E::Compose { .. }
            | E::Access { .. }
            | E::AccessIndex { .. } => self.operands_invariant(handle),
            _ => false,
        }
    }

    fn operands_invariant(&mut self, handle: Handle<Expression>) -> bool {
        operands(&self.function.expressions[handle])
            .into_iter()
            .all(|o| self.invariant(o))
    }

    fn writable_image(&self, image: Handle<Expression>) -> bool {
        let Some(g) = root_global(self.function, image) else {
            return true;
        };
        match self.module.types[self.module.global_variables[g].ty].inner {
            TypeInner::Image {
                class: ImageClass::Storage { access, .. },
                ..
            } => access.contains(StorageAccess::STORE),
            TypeInner::BindingArray { .. } | TypeInner::Image { .. } => false,
            _ => true,
        }
    }

    fn load_invariant(&mut self, load: Handle<Expression>, pointer: Handle<Expression>) -> bool {
        // Indices along the pointer chain.
        let mut p = pointer;
        let root = loop {
            match self.function.expressions[p] {
                Expression::Access { base, index } => {
                    if !self.invariant(index) {
                        return false;
                    }
                    p = base;
                }
                Expression::AccessIndex { base, .. } => p = base,
                ref other => break other.clone(),
            }
        };
        match root {
            Expression::GlobalVariable(g) => {
                let global = &self.module.global_variables[g];
                match global.space {
                    AddressSpace::Uniform | AddressSpace::Handle | AddressSpace::Immediate => true,
                    AddressSpace::Storage { access } => !access.contains(StorageAccess::STORE),
                    AddressSpace::Private => !self.info.globals.contains(&g),
                    _ => false,
                }
            }
            Expression::LocalVariable(v) => {
                if self.info.partial.contains(&v) {
                    return false;
                }
                match self.info.whole.get(&v).map(Vec::as_slice) {
                    None | Some([]) => true,
                    Some([(store_path, value)]) => {
                        let Some((id, _, load_path)) = self.emits.get(&load) else {
                            return false;
                        };
                        *id == self.loop_id
                            && dominates(store_path, load_path)
                            && self.invariant(*value)
                    }
                    Some(_) => false,
                }
            }
            _ => false,
        }
    }
}

/// Whether the tree of `root` (not crossing loads) does work worth hoisting.
fn real_work(context: &Context, view: &FunctionView, root: Handle<Expression>) -> bool {
    let function = view.function;
    let tree = subtree(function, root);
    let heavy = tree.iter().any(|h| match function.expressions[*h] {
        Expression::Math { fun, .. } => {
            use MathFunction as M;
            matches!(
                fun,
                M::Normalize
                    | M::Inverse
                    | M::Determinant
                    | M::Length
                    | M::Distance
                    | M::Pow
                    | M::Sqrt
                    | M::InverseSqrt
                    | M::Exp
                    | M::Exp2
                    | M::Log
                    | M::Log2
                    | M::Sin
                    | M::Cos
                    | M::Tan
                    | M::Asin
                    | M::Acos
                    | M::Atan
                    | M::Atan2
                    | M::Sinh
                    | M::Cosh
                    | M::Tanh
                    | M::Refract
            )
        }
        Expression::Binary {
            op: BinaryOperator::Divide | BinaryOperator::Modulo,
            ..
        } => true,
        _ => false,
    });
    // A numeric conversion (`float(uSteps)`; not the bool a `uniform bool` is read as)
    // counts with arithmetic on it, not alone: `float(y)` of an outer loop counter is one
    // instruction.
    let conversion = tree.iter().any(|h| match function.expressions[*h] {
        Expression::As {
            expr,
            kind,
            convert: Some(_),
        } => {
            kind != ScalarKind::Bool
                && scalar_kind(context.module, view.info, expr) != Some(ScalarKind::Bool)
        }
        _ => false,
    });
    let arithmetic = tree.iter().any(|h| {
        matches!(
            function.expressions[*h],
            Expression::Binary { .. } | Expression::Math { .. }
        )
    });
    heavy || (conversion && arithmetic)
}

fn check(context: &Context, out: &mut Vec<Violation>) {
    for view in &context.functions {
        if view.placement().loops == 0 {
            continue;
        }
        check_function(context, view, out);
    }
}

fn check_function(context: &Context, view: &FunctionView, out: &mut Vec<Violation>) {
    let function = view.function;
    let LoopWrites { loops, emits } = LoopWrites::of(function, context.calls().global_writes());
    // Consumers of each expression.
    let mut users: Vec<Vec<Handle<Expression>>> = vec![Vec::new(); function.expressions.len()];
    for (handle, expression) in function.expressions.iter() {
        for operand in operands(expression) {
            users[operand.index()].push(handle);
        }
    }
    let mut invariance: Vec<Invariance> = loops
        .iter()
        .enumerate()
        .map(|(id, info)| Invariance {
            module: context.module,
            function,
            info,
            loop_id: id,
            emits: &emits,
            memo: vec![None; function.expressions.len()],
        })
        .collect();
    let mut candidates: Vec<(Handle<Expression>, usize)> = emits
        .iter()
        .filter(|(_, (_, branched, _))| !branched)
        .map(|(h, (id, _, _))| (*h, *id))
        .collect();
    candidates.sort_by_key(|(h, _)| h.index());
    let candidate = |h: Handle<Expression>, id: usize| {
        emits
            .get(&h)
            .is_some_and(|(i, branched, _)| *i == id && !branched)
    };
    for &(handle, id) in &candidates {
        if is_pointer(context, view, handle) || !invariance[id].invariant(handle) {
            continue;
        }
        // The root of an invariant tree: no invariant consumer evaluated at the same place.
        let consumed = users[handle.index()]
            .iter()
            .any(|u| candidate(*u, id) && invariance[id].invariant(*u));
        if consumed || !real_work(context, view, handle) {
            continue;
        }
        out.push(finding(context, view, handle, &loops[id]));
    }
}

fn is_pointer(context: &Context, view: &FunctionView, handle: Handle<Expression>) -> bool {
    matches!(
        view.info[handle].ty.inner_with(&context.module.types),
        TypeInner::Pointer { .. } | TypeInner::ValuePointer { .. }
    )
}

fn finding(
    context: &Context,
    view: &FunctionView,
    handle: Handle<Expression>,
    info: &LoopInfo,
) -> Violation {
    let function = view.function;
    let loc = context.expr_loc(function, handle);
    let text = loc
        .and_then(|l| context.user_text(l))
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|t| t.chars().count() <= 60 && !t.is_empty());
    let message = match &text {
        Some(t) => format!("loop-invariant work: `{t}` is recomputed on every iteration"),
        None => "loop-invariant work recomputed on every iteration".to_string(),
    };
    // Locals of the loop this tree reads (they move with it), and the local it is stored in.
    let mut moved: Vec<String> = Vec::new();
    for h in subtree(function, handle) {
        if let Expression::Load { pointer } = function.expressions[h] {
            if let Some(v) = root_local(function, pointer) {
                if info.whole.contains_key(&v) {
                    if let Some(name) = &function.local_variables[v].name {
                        if !moved.contains(name) {
                            moved.push(name.clone());
                        }
                    }
                }
            }
        }
    }
    let stored_in = info.whole.iter().find_map(|(v, stores)| {
        (stores.len() == 1 && stores[0].1 == handle)
            .then(|| function.local_variables[*v].name.clone())
            .flatten()
    });
    let what = text
        .as_deref()
        .map(|t| format!("`{t}`"))
        .unwrap_or_else(|| "it".to_string());
    let mut fix_message = match &stored_in {
        Some(name) => {
            format!("move the declaration of `{name}` above the loop, so {what} is computed once")
        }
        None => format!("compute {what} once before the loop and reuse the value"),
    };
    if !moved.is_empty() {
        let names: Vec<String> = moved.iter().map(|n| format!("`{n}`")).collect();
        fix_message.push_str(&format!(" (with {}, which it reads)", names.join(", ")));
    }
    Violation::new(message, loc)
        .note(
            "it reads only constants, uniforms, inputs and variables the loop does not change; \
             neither spirv-opt -O nor the driver moved such work out of the loop in the measured \
             shaders",
        )
        .note(
            "measured on a parallax march (2026-11-23, RADV): hoisting the invariant work lowers \
             the loop body from 47 to 25 instructions per iteration on vega10 (48 → 24 on \
             gfx1100) and the optimized SPIR-V on the loop's lines from 39 to 26; whole-shader \
             static counts barely move (the saving is per iteration)",
        )
        .with_fix(Some(Fix {
            applicability: Applicability::DisplayOnly,
            message: fix_message,
            edits: Vec::new(),
            measured: Vec::new(),
        }))
}
