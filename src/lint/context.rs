//! What a rule sees: the module, its analyses (computed on first use, once per shader), the
//! policies in force, and the way back from an IR span to the user's text.

use std::cell::OnceCell;

use naga::proc::{BoundsCheckPolicies, BoundsCheckPolicy};
use naga::valid::ModuleInfo;
use naga::{Expression, Function, Handle, Module, Span};

use crate::annotate::{self, AnnotateOptions, Annotation};
use crate::front::glsl::dialect::Dialect;
use crate::front::span_repair::{self as spans, Chain};
use crate::front::SpanMap;
use crate::lint::analysis::calls::CallGraph;
use crate::lint::analysis::uniformity::Uniformity;
use crate::lint::analysis::{FnId, FunctionView};
use crate::pipeline::Compilation;
use crate::robustness::Preset;
use crate::source::Loc;

/// Above this many expressions, cost findings go without the per-line cost note.
pub const MAX_ANNOTATED_EXPRESSIONS: usize = 20_000;

/// The shader under lint.
pub struct Context<'a> {
    pub compilation: &'a Compilation,
    pub module: &'a Module,
    pub info: &'a ModuleInfo,
    pub policies: BoundsCheckPolicies,
    /// Every function: the plain functions in arena order, then the entry points (see
    /// [`Context::view`]).
    pub functions: Vec<FunctionView<'a>>,
    /// Text targets whose helper calls the cost notes name.
    targets: Vec<crate::back::Target>,
    annotation: OnceCell<Option<Annotation>>,
    calls: OnceCell<CallGraph<'a>>,
    uniformity: OnceCell<Uniformity<'a>>,
}

impl<'a> Context<'a> {
    /// `targets`: the text targets whose helper calls the cost notes name (empty: HLSL and
    /// MSL, the targets naga writes helpers for).
    pub fn new(compilation: &'a Compilation, targets: &[crate::back::Target]) -> Self {
        let module = &compilation.parsed.module;
        let info = &compilation.parsed.info;
        let functions = FnId::all(module)
            .map(|id| {
                let (function_info, name) = match id {
                    FnId::Function(handle) => (
                        &info[handle],
                        module.functions[handle]
                            .name
                            .as_deref()
                            .unwrap_or("<unnamed>"),
                    ),
                    FnId::EntryPoint(i) => (
                        info.get_entry_point(i),
                        module.entry_points[i].name.as_str(),
                    ),
                };
                FunctionView::new(
                    id,
                    id.function(module),
                    function_info,
                    name,
                    id.entry_point(module),
                )
            })
            .collect();
        Context {
            compilation,
            module,
            info,
            policies: compilation.robustness.policies(),
            functions,
            targets: if targets.is_empty() {
                vec![crate::back::Target::Hlsl, crate::back::Target::Msl]
            } else {
                targets.to_vec()
            },
            annotation: OnceCell::new(),
            calls: OnceCell::new(),
            uniformity: OnceCell::new(),
        }
    }

    /// Use per-line costs computed earlier for this same compilation instead of annotating
    /// on first use; `None`: no costs (no cost notes, no `spirv-opt` run). See
    /// [`crate::lint::lint_with_costs`].
    pub fn with_costs(self, annotation: Option<Annotation>) -> Self {
        let _ = self.annotation.set(annotation);
        self
    }

    /// The view of one function.
    pub fn view(&self, id: FnId) -> &FunctionView<'a> {
        &self.functions[id.index(self.module.functions.len())]
    }

    /// The module's call graph (computed on first use).
    pub fn calls(&self) -> &CallGraph<'a> {
        self.calls.get_or_init(|| CallGraph::of(self.module))
    }

    /// The uniformity of the fragment entry points and what they call (computed on first
    /// use).
    pub fn uniformity(&self) -> &Uniformity<'a> {
        self.uniformity
            .get_or_init(|| Uniformity::of(self.module, self.calls()))
    }

    /// Every expression some statement evaluates (an `Emit` covers it), function by function:
    /// what most rules walk. Constants, arguments and globals are not listed.
    pub fn emitted(
        &self,
    ) -> impl Iterator<Item = (&FunctionView<'a>, Handle<Expression>, &'a Expression)> + '_ {
        self.functions.iter().flat_map(|view| {
            view.function
                .expressions
                .iter()
                .filter(|(handle, _)| view.placement().scope(*handle).is_some())
                .map(move |(handle, expression)| (view, handle, expression))
        })
    }

    /// Whether the language has `uint`, `%`, shifts and bitwise operators: not GLSL ES 1.00
    /// (WebGL 1) nor desktop GLSL before 1.30. Rewrites that need them are not offered there.
    pub fn has_integer_bit_operations(&self) -> bool {
        match self.compilation.parsed.dialect {
            Some(Dialect::Es100) => false,
            Some(Dialect::Desktop(version)) => version >= 130,
            _ => true,
        }
    }

    pub fn preset(&self) -> Preset {
        self.compilation.robustness.preset
    }

    /// The user's location of an IR span.
    pub fn loc(&self, span: Span) -> Option<Loc> {
        self.compilation.parsed.spans.to_user(span)
    }

    /// The user's location of an expression, widened to what a reader calls it: a builtin
    /// call (no span in naga's GLSL reader) covers `name(…)`, `p.x` covers `p`, an open `)`
    /// is closed (see [`spans::widen_expression`]).
    pub fn expr_loc(&self, function: &Function, handle: Handle<Expression>) -> Option<Loc> {
        let loc = self.loc(self.expr_span(function, handle))?;
        let text = &self.compilation.files.get(loc.file).text;
        let spanless = !function.expressions.get_span(handle).is_defined();
        Some(Loc::new(
            loc.file,
            spans::widen_expression(text, loc.range(), spanless),
        ))
    }

    /// An expression's span, or its operands' when naga gave it none.
    pub fn expr_span(&self, function: &Function, handle: Handle<Expression>) -> Span {
        spans::expression_span(&function.expressions, handle)
    }

    /// The span naga recorded for an expression as written (a splat's value's).
    pub fn written_span(&self, function: &Function, handle: Handle<Expression>) -> Span {
        spans::written_span(&function.expressions, handle)
    }

    /// The whole text naga read (`None` for SPIR-V input).
    pub fn naga_source(&self) -> Option<&str> {
        self.compilation.parsed.naga_text.as_deref()
    }

    /// The text naga read at `span`.
    pub fn naga_text(&self, span: Span) -> Option<&str> {
        let range = span.to_range()?;
        self.naga_source()?.get(range)
    }

    /// The builtin call `name(…)` around its last argument `argument`, in the text naga read
    /// (see [`spans::call_around`]).
    pub fn call_around(&self, name: &str, argument: Span, several: bool) -> Option<spans::Call> {
        spans::call_around(self.naga_source()?, name, argument.to_range()?, several)
    }

    /// Where the operand whose span starts at `start` (an offset into the text naga read)
    /// really starts: `a.b[i]` of naga's `.xy` span of `a.b[i].xy`.
    pub fn chain_start(&self, start: usize) -> usize {
        self.naga_source()
            .map_or(start, |text| spans::chain_start(text, start, Chain::Whole))
    }

    /// The user's location of `span` when the user's bytes there are exactly the bytes naga
    /// read (no macro, no dialect rewrite in between): the only spans a fix may edit.
    pub fn verbatim(&self, span: Span) -> Option<Loc> {
        let naga = self.naga_text(span)?;
        let loc = self.loc(span)?;
        if matches!(self.compilation.parsed.spans, SpanMap::None) {
            return None;
        }
        let user = self.compilation.files.get(loc.file).text.get(loc.range())?;
        (user == naga).then_some(loc)
    }

    /// The user's text at a location.
    pub fn user_text(&self, loc: Loc) -> Option<&str> {
        self.compilation.files.get(loc.file).text.get(loc.range())
    }

    /// The policy naga applies to an `Access`/`AccessIndex` on `base`.
    pub fn policy_for(&self, view: &FunctionView, base: Handle<Expression>) -> BoundsCheckPolicy {
        self.policies
            .choose_policy(base, &self.module.types, view.info)
    }

    /// What a bounds check of `policy` inserts, in words.
    pub fn check_words(policy: BoundsCheckPolicy) -> &'static str {
        match policy {
            BoundsCheckPolicy::Restrict => "a clamp (`UMin` to the last element, restrict policy)",
            BoundsCheckPolicy::ReadZeroSkipWrite => {
                "a compare, a branch and a phi (read-zero-skip-write policy)"
            }
            BoundsCheckPolicy::Unchecked => "nothing (unchecked policy)",
        }
    }

    /// The robustness setting in words: `webgl (index restrict, …)`.
    pub fn robustness_words(&self) -> String {
        annotate::Robustness::of(&self.compilation.robustness).to_string()
    }

    /// The shader's per-line costs, computed once, on first use (`None` when the shader
    /// cannot be annotated, e.g. a SPIR-V input).
    pub fn annotation(&self) -> Option<&Annotation> {
        self.annotation
            .get_or_init(|| {
                // A cost note is not worth minutes: `spirv-opt -O` inside annotate grows
                // faster than linearly (3 000 straight lines: 25 s on the 2-core machine).
                let expressions: usize = self
                    .functions
                    .iter()
                    .map(|v| v.function.expressions.len())
                    .sum();
                if expressions > MAX_ANNOTATED_EXPRESSIONS {
                    return None;
                }
                annotate::annotate(
                    self.compilation,
                    &AnnotateOptions {
                        targets: self.targets.clone(),
                        optimize: true,
                    },
                )
                .ok()
            })
            .as_ref()
    }

    /// "what this line measures" for a cost finding.
    pub fn line_cost_note(&self, loc: Loc) -> Option<String> {
        let annotation = self.annotation()?;
        let file = self.compilation.files.get(loc.file);
        let line = file.line_col(loc.start as usize).0 as u32;
        let cost = annotation.line(&file.name, line)?;
        let mut note = format!(
            "line {line} measures {} SPIR-V instructions",
            cost.spirv.total
        );
        if let Some(opt) = cost.spirv_opt {
            note.push_str(&format!(" ({} after spirv-opt -O)", opt.total));
        }
        note.push_str(&format!(" under robustness {}", self.robustness_words()));
        let inserted: Vec<String> = cost
            .inserted
            .iter()
            .map(|i| format!("{} {} ×{} ({})", i.kind.name(), i.what, i.count, i.target))
            .collect();
        if !inserted.is_empty() {
            note.push_str(&format!("; inserted: {}", inserted.join(", ")));
        }
        Some(note)
    }

    /// One-based line of a location, with the file's name when it is not the shader itself.
    pub fn line_words(&self, loc: Loc) -> String {
        let file = self.compilation.files.get(loc.file);
        let line = file.line_col(loc.start as usize).0;
        if loc.file == self.compilation.root {
            format!("line {line}")
        } else {
            format!("{}:{line}", file.name)
        }
    }
}
